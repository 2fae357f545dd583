//! The JS side of [`protocol`](crate::protocol): a message is `{ json, …ArrayBuffers }` plus the
//! list of buffers to transfer. Used by both the page ([`bridge`](crate::bridge)) and the worker.
//!
//! The JSON itself travels as UTF-8 bytes in a transferred buffer, not as a JS string: a string
//! is decoded from wasm memory on one side and encoded into it again on the other, which for the
//! duplicate groups of a 100k-row file (2 MB) was a quarter of a long task on the page.

use crate::grid::{Grid, SourceRows};
use crate::protocol::{BYTES, FILE, JSON, KINDS, OFFSETS, ROWS, TEXT, UNITS};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

/// What a request carries beside its JSON.
pub enum Attachment {
    /// Bytes, under [`BYTES`]: transferred, not copied.
    Bytes(ArrayBuffer),
    /// A file the person chose, under [`FILE`]: the browser passes the handle on and the bytes
    /// stay on disk until the worker reads them ([`read_blob`]).
    File(Blob),
}

impl Outgoing {
    /// `json` plus an optional attachment.
    pub fn with_attachment(json: &str, attachment: Option<Attachment>) -> Outgoing {
        match attachment {
            None => Outgoing::new(json, Vec::new()),
            Some(Attachment::Bytes(buffer)) => Outgoing::new(json, vec![(BYTES, buffer)]),
            Some(Attachment::File(blob)) => {
                let out = Outgoing::new(json, Vec::new());
                // Not in the transfer list: a Blob is cloned as a handle (transferring one throws).
                let _ = Reflect::set(&out.data, &FILE.into(), &blob);
                out
            }
        }
    }
}

/// The [`FILE`] of a received message.
pub fn file_of(data: &JsValue) -> Option<Blob> {
    Reflect::get(data, &FILE.into()).ok()?.dyn_into::<Blob>().ok()
}

/// Why a chosen file's bytes could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobError {
    /// The browser could not read it (moved, deleted or changed on disk since it was chosen).
    Unreadable(String),
    /// Not enough memory for its bytes.
    TooLarge { bytes: u64 },
}

/// The bytes of `blob`, read synchronously (a worker may: `FileReaderSync`) in pieces of 8 MiB
/// straight into wasm memory, so no second whole copy of the file exists in the JS heap.
///
/// With `keep`, in one piece, whose buffer is left in `keep`: the bytes for the duplicate helper,
/// which then reads no file of its own (the browser reads a chosen file on its own threads, ~30 ms
/// of a core for 16 MB on a 2-core VM, while both workers want the cores). For the files the
/// helper takes: up to `bridge::HELPER_MAX_BYTES`.
pub fn read_blob(blob: &Blob, mut keep: Option<&mut Option<ArrayBuffer>>) -> Result<Vec<u8>, BlobError> {
    let unreadable = |e: JsValue| {
        let message = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string());
        BlobError::Unreadable(message.or_else(|| e.as_string()).unwrap_or_else(|| format!("{e:?}")))
    };
    let size = blob.size();
    let mut out = Vec::new();
    out.try_reserve_exact(size as usize).map_err(|_| BlobError::TooLarge { bytes: size as u64 })?;
    let reader = web_sys::FileReaderSync::new().map_err(unreadable)?;
    let piece = if keep.is_some() { size } else { 8.0 * 1024.0 * 1024.0 };
    let mut at = 0.0;
    while at < size {
        let end = (at + piece).min(size);
        let part = blob.slice_with_f64_and_f64(at, end).map_err(unreadable)?;
        let buffer = reader.read_as_array_buffer(&part).map_err(unreadable)?;
        let view = Uint8Array::new(&buffer);
        if view.length() == 0 {
            // Shorter than when it was chosen: the file changed on disk.
            return Err(BlobError::Unreadable("the file is shorter than when it was chosen".into()));
        }
        let (start, len) = (out.len(), view.length() as usize);
        if len > out.capacity() - start {
            // Longer than when it was chosen: the file changed on disk.
            return Err(BlobError::Unreadable("the file is longer than when it was chosen".into()));
        }
        // Straight into the reserved room: filling it with zeros first cost a pass over fresh
        // memory (~10 ms per piece on a 2-core VM) that the copy then overwrote.
        view.copy_to_uninit(&mut out.spare_capacity_mut()[..len]);
        // SAFETY: `copy_to_uninit` initialized `len` bytes from `start` on, within capacity.
        unsafe { out.set_len(start + len) };
        at += f64::from(view.length());
        if let Some(keep) = keep.as_deref_mut() {
            *keep = Some(buffer);
        }
    }
    Ok(out)
}

/// A message ready for `postMessage(data, transfer)`.
pub struct Outgoing {
    pub data: Object,
    pub transfer: Array,
}

impl Outgoing {
    /// `json` (as bytes) plus named buffers, all of them transferred.
    pub fn new(json: &str, buffers: Vec<(&'static str, ArrayBuffer)>) -> Outgoing {
        let data = Object::new();
        let transfer = Array::new();
        let json = buffer_from_bytes(json.as_bytes());
        let _ = Reflect::set(&data, &JSON.into(), &json);
        transfer.push(&json);
        for (name, buffer) in buffers {
            let _ = Reflect::set(&data, &name.into(), &buffer);
            transfer.push(&buffer);
        }
        Outgoing { data, transfer }
    }
}

/// The `json` bytes of a received message (parse them with `serde_json::from_slice`).
pub fn json_of(data: &JsValue) -> Option<Vec<u8>> {
    buffer_of(data, JSON).map(|b| bytes_of(&b))
}

/// A named buffer of a received message.
pub fn buffer_of(data: &JsValue, name: &str) -> Option<ArrayBuffer> {
    Reflect::get(data, &name.into()).ok()?.dyn_into::<ArrayBuffer>().ok()
}

/// Copy bytes into a new `ArrayBuffer` (one bulk copy out of wasm memory).
pub fn buffer_from_bytes(bytes: &[u8]) -> ArrayBuffer {
    Uint8Array::from(bytes).buffer()
}

/// A new `ArrayBuffer` of `len` bytes, filled by `fill` a part at a time (each part copied out of
/// wasm memory as it comes), so that a large buffer is never whole in wasm memory. `fill` must
/// write exactly `len` bytes; any it leaves are zeros.
pub fn buffer_from_parts(len: usize, fill: impl FnOnce(&mut dyn FnMut(&[u8]))) -> ArrayBuffer {
    let array = Uint8Array::new_with_length(u32::try_from(len).unwrap_or(u32::MAX));
    let mut at = 0u32;
    fill(&mut |part: &[u8]| {
        let end = at.saturating_add(u32::try_from(part.len()).unwrap_or(u32::MAX));
        array.subarray(at, end).copy_from(&part[..(end - at) as usize]);
        at = end;
    });
    debug_assert_eq!(at as usize, len, "the parts fill the buffer");
    array.buffer()
}

/// Copy `u32`s into a new `ArrayBuffer` (platform byte order, which is little-endian in wasm).
pub fn buffer_from_u32s(values: &[u32]) -> ArrayBuffer {
    Uint32Array::from(values).buffer()
}

/// Copy a buffer's bytes into wasm memory (one bulk copy).
pub fn bytes_of(buffer: &ArrayBuffer) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

/// Copy a buffer of `u32`s into wasm memory (one bulk copy). A buffer whose length is not a
/// multiple of 4 gives an empty vector (and the grid check then fails cleanly).
pub fn u32s_of(buffer: &ArrayBuffer) -> Vec<u32> {
    if !buffer.byte_length().is_multiple_of(4) {
        return Vec::new();
    }
    Uint32Array::new(buffer).to_vec()
}

/// The grid's buffers, named for the message.
pub fn grid_buffers(grid: &Grid) -> Vec<(&'static str, ArrayBuffer)> {
    let (text, offsets, kinds, rows) = grid.parts();
    let cells = match grid.shared_arrays() {
        // Packed into JS already (`Grid::pack_shared`): sent as they are, no copy.
        Some((text, offsets, kinds)) => [text.buffer(), offsets.buffer(), kinds.buffer()],
        None => [buffer_from_bytes(text), buffer_from_u32s(offsets), buffer_from_bytes(kinds)],
    };
    let [text, offsets, kinds] = cells;
    vec![
        (TEXT, text),
        (OFFSETS, offsets),
        (KINDS, kinds),
        (ROWS, buffer_from_u32s(&rows.words())),
        (UNITS, buffer_from_u32s(grid.units())),
    ]
}

/// The grid of a received message, its cells left in the transferred buffers (see
/// [`Grid::from_shared`]); only the row numbers' runs are copied.
pub fn grid_of(data: &JsValue, width: usize) -> Result<Grid, String> {
    let get = |name| buffer_of(data, name).ok_or_else(|| format!("the grid's `{name}` buffer is missing"));
    let offsets = get(OFFSETS)?;
    if !offsets.byte_length().is_multiple_of(4) {
        return Err("the grid's offsets are not whole u32s".into());
    }
    let (text, kinds): (JsValue, JsValue) = (get(TEXT)?.into(), get(KINDS)?.into());
    Grid::from_shared(
        width,
        Uint8Array::new(&text),
        Uint32Array::new(&offsets.into()),
        Uint8Array::new(&kinds),
        SourceRows::from_words(&u32s_of(&get(ROWS)?))?,
        u32s_of(&get(UNITS)?),
    )
}
