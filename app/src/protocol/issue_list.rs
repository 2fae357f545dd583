//! The page's list of a check's issues: the [`ISSUES`](super::check::ISSUES) buffer as it came,
//! and where each issue starts in it.
//!
//! Why not `Vec<Issue>`: decoded into a `String` per text, the 577k issues of 1M rows with 30 %
//! faults were ~95 MiB of the page's wasm memory beside the 63 MB buffer they came in, and 1.7M
//! allocations on the page. Why not the buffer copied into wasm memory either: a wasm module's
//! memory never shrinks, so the 63 MB stayed the page's for the rest of the session (90 MiB of
//! wasm memory in all), where a JavaScript buffer goes when the next check replaces it. On the
//! page the list reads the transferred buffer where it is ([`IssueList::shared`]), a window at a
//! time while checking it and one issue at a time to show it.

use super::check::{bad, n32, HEAD, NONE};
use js_sys::Uint8Array;
use std::borrow::Cow;

/// Where an issue list's bytes are.
#[derive(Debug, Clone)]
enum Bytes {
    /// In this memory: native tests, and a list made of issues at hand.
    Owned(Vec<u8>),
    /// In the transferred buffer, on the page.
    Shared(Uint8Array),
    /// In this memory, but read as the shared buffer is, by copies (for the tests).
    #[cfg(test)]
    Copied(Vec<u8>),
}

impl Default for Bytes {
    fn default() -> Self {
        Bytes::Owned(Vec::new())
    }
}

impl Bytes {
    fn len(&self) -> usize {
        match self {
            Bytes::Owned(bytes) => bytes.len(),
            Bytes::Shared(array) => array.length() as usize,
            #[cfg(test)]
            Bytes::Copied(bytes) => bytes.len(),
        }
    }

    /// The bytes from `start` on into `out`, which they fill (in range: the caller checked).
    fn copy(&self, start: usize, out: &mut [u8]) {
        let end = start + out.len();
        match self {
            Bytes::Owned(bytes) => out.copy_from_slice(&bytes[start..end]),
            Bytes::Shared(array) => array.subarray(start as u32, end as u32).copy_to(out),
            #[cfg(test)]
            Bytes::Copied(bytes) => out.copy_from_slice(&bytes[start..end]),
        }
    }

    /// Bytes `start..start + len` (in range: the caller checked), borrowed or copied out.
    fn read(&self, start: usize, len: usize) -> Cow<'_, [u8]> {
        match self {
            Bytes::Owned(bytes) => Cow::Borrowed(&bytes[start..start + len]),
            _ => {
                let mut out = vec![0; len];
                self.copy(start, &mut out);
                Cow::Owned(out)
            }
        }
    }
}

/// The issues of an [`ISSUES`](super::check::ISSUES) buffer, read where they lie.
#[derive(Debug, Clone, Default)]
pub struct IssueList {
    bytes: Bytes,
    /// Per issue, in the list's order: where its head starts in `bytes`, and the numbers that
    /// indexing a check and marking the grid read of every issue — side by side, so that those
    /// passes read 16 bytes an issue in a row rather than a head somewhere in the buffer (at 577k
    /// issues, indexing them from the heads was a 55 ms task on the page).
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy)]
struct Item {
    at: u32,
    row: u32,
    /// 0 for none.
    column: u32,
    /// The code's place in [`Code::ALL`](minglu::Code::ALL).
    code: u8,
    severity: u8,
    has_fix: bool,
}

/// One issue of an [`IssueList`]: its numbers, and its texts borrowed from the list's buffer
/// (copied out of it on the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRef<'a> {
    pub row: usize,
    pub column: Option<usize>,
    pub field: Option<minglu::Field>,
    pub code: minglu::Code,
    pub severity: minglu::Severity,
    has_fix: bool,
    /// The message, the value, the fix and the related rows, end to end.
    body: Cow<'a, [u8]>,
    /// Where the value, the fix and the related rows start in `body`.
    ends: [usize; 3],
}

impl IssueRef<'_> {
    // The texts were checked when the list was read: a text that is not UTF-8 cannot be here.
    fn text(&self, from: usize, to: usize) -> &str {
        std::str::from_utf8(&self.body[from..to]).unwrap_or("")
    }

    pub fn message(&self) -> &str {
        self.text(0, self.ends[0])
    }

    /// The cell's text as the check saw it.
    pub fn value(&self) -> &str {
        self.text(self.ends[0], self.ends[1])
    }

    /// What a fix would write.
    pub fn fix(&self) -> Option<&str> {
        self.has_fix.then(|| self.text(self.ends[1], self.ends[2]))
    }

    /// The other rows of a duplicate or a look-alike.
    pub fn related_rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.body[self.ends[2]..].chunks_exact(4).map(|c| n32(c, 0))
    }

    /// The issue as the engine's type.
    pub fn to_issue(&self) -> minglu::Issue {
        minglu::Issue {
            row: self.row,
            column: self.column,
            field: self.field,
            code: self.code,
            severity: self.severity,
            message: self.message().to_string(),
            value: self.value().to_string(),
            fix: self.fix().map(str::to_string),
            related_rows: self.related_rows().collect(),
        }
    }
}

/// The numbers of an issue (no texts): what indexing a check and marking the grid need of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueHead {
    pub row: usize,
    pub column: Option<usize>,
    pub code: minglu::Code,
    pub severity: minglu::Severity,
    pub has_fix: bool,
}

impl IssueList {
    /// The list of `issues` (through the buffer, as the page gets them).
    pub fn of(issues: &[minglu::Issue]) -> IssueList {
        IssueList::read(super::check::encode_issues(issues)).unwrap_or_default()
    }

    /// Check a whole buffer at once (see [`IssueListReader`] for one read in parts).
    pub fn read(bytes: Vec<u8>) -> Result<IssueList, String> {
        let mut reader = IssueListReader::new(bytes)?;
        reader.next(usize::MAX)?;
        Ok(reader.finish())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Issue `i`'s numbers, without reading its texts.
    pub fn head(&self, i: usize) -> IssueHead {
        let item = self.items[i];
        IssueHead {
            row: item.row as usize,
            column: Some(item.column as usize).filter(|&c| c > 0),
            code: code_at(item.code),
            severity: severity_of(item.severity),
            has_fix: item.has_fix,
        }
    }

    /// Issue `i`'s code as its place in [`Code::ALL`](minglu::Code::ALL) (for a table per code).
    pub fn code_place(&self, i: usize) -> usize {
        self.items[i].code as usize
    }

    /// Issue `i` (panics past the end, as indexing does).
    pub fn get(&self, i: usize) -> IssueRef<'_> {
        let at = self.items[i].at as usize;
        let head = self.bytes.read(at, HEAD);
        let (message, value, fix, related) = (n32(&head, 8), n32(&head, 12), n32(&head, 16), 4 * n32(&head, 24));
        let ends = [message, message + value, message + value + fix];
        IssueRef {
            row: n32(&head, 0),
            column: Some(n32(&head, 4)).filter(|&c| c > 0),
            field: minglu::Field::ALL.get(head[21] as usize).copied(),
            code: code_at(head[20]),
            severity: severity_of(head[22]),
            has_fix: head[23] != 0,
            body: self.bytes.read(at + HEAD, ends[2] + related),
            ends,
        }
    }

    /// Issues `range`, in order.
    pub fn slice(&self, range: std::ops::Range<usize>) -> impl ExactSizeIterator<Item = IssueRef<'_>> + Clone + '_ {
        range.map(move |i| self.get(i))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = IssueRef<'_>> + Clone + '_ {
        self.slice(0..self.len())
    }

    /// Order the issues by row, each row's in the order they came (the engine sends them so;
    /// this is for a list that was not).
    pub fn sort_by_row(&mut self) {
        self.items.sort_by_key(|item| item.row);
    }

    pub fn is_sorted_by_row(&self) -> bool {
        self.items.is_sorted_by_key(|item| item.row)
    }
}

impl PartialEq for IssueList {
    fn eq(&self, other: &IssueList) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for IssueList {}

/// The code at place `k` of [`Code::ALL`](minglu::Code::ALL) (checked when the list was read).
fn code_at(k: u8) -> minglu::Code {
    minglu::Code::ALL.get(k as usize).copied().unwrap_or(minglu::Code::ALL[0])
}

fn severity_of(b: u8) -> minglu::Severity {
    if b == minglu::Severity::Error as u8 { minglu::Severity::Error } else { minglu::Severity::Warning }
}

/// Bytes of a shared buffer copied into this memory at a time while it is checked.
const WINDOW: usize = 1 << 20;

/// Checks an [`ISSUES`](super::check::ISSUES) buffer a part at a time and notes where each issue
/// starts, so that the page can take a large one over several tasks (at 1M rows with 5 % faults,
/// ~100k issues decoded in one go took one task of 60 ms).
pub struct IssueListReader {
    list: IssueList,
    at: usize,
    left: usize,
    /// A shared buffer's bytes `window_at..window_at + window.len()`, copied in.
    window: Vec<u8>,
    window_at: usize,
    /// How many bytes a window copies at least ([`WINDOW`]; less in the tests).
    window_size: usize,
}

impl IssueListReader {
    /// A reader of bytes in this memory.
    pub fn new(bytes: Vec<u8>) -> Result<IssueListReader, String> {
        IssueListReader::start(Bytes::Owned(bytes), WINDOW)
    }

    /// A reader of the transferred buffer, which the list then reads where it is.
    pub fn shared(array: Uint8Array) -> Result<IssueListReader, String> {
        IssueListReader::start(Bytes::Shared(array), WINDOW)
    }

    fn start(bytes: Bytes, window_size: usize) -> Result<IssueListReader, String> {
        if u32::try_from(bytes.len()).is_err() {
            return Err(bad("the buffer is over 4 GiB"));
        }
        let list = IssueList { bytes, items: Vec::new() };
        let mut reader = IssueListReader { list, at: 0, left: 0, window: Vec::new(), window_at: 0, window_size };
        reader.left = n32(reader.take(4)?, 0);
        // Each issue takes at least its head: a count the buffer cannot hold ends in an error,
        // not in a huge allocation.
        let room = (reader.list.bytes.len() - reader.at) / HEAD;
        reader.list.items.reserve(reader.left.min(room));
        Ok(reader)
    }

    /// Whether every issue has been read.
    pub fn done(&self) -> bool {
        self.left == 0
    }

    /// The next `n` bytes (an error past the end).
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let start = self.at;
        let end = start.checked_add(n).filter(|&end| end <= self.list.bytes.len()).ok_or_else(|| bad("the buffer ends early"))?;
        self.at = end;
        if let Bytes::Owned(bytes) = &self.list.bytes {
            return Ok(&bytes[start..end]);
        }
        if start < self.window_at || end > self.window_at + self.window.len() {
            let to = end.max(start + self.window_size).min(self.list.bytes.len());
            self.window.resize(to - start, 0);
            self.list.bytes.copy(start, &mut self.window);
            self.window_at = start;
        }
        Ok(&self.window[start - self.window_at..end - self.window_at])
    }

    /// Check the next `most` issues (fewer at the end).
    pub fn next(&mut self, most: usize) -> Result<(), String> {
        use minglu::{Code, Field};
        for _ in 0..self.left.min(most) {
            let at = self.at as u32;
            let head: [u8; HEAD] = self.take(HEAD)?.try_into().map_err(|_| bad("the buffer ends early"))?;
            if head[20] as usize >= Code::ALL.len() {
                return Err(bad("an unknown code"));
            }
            if head[21] != NONE && head[21] as usize >= Field::ALL.len() {
                return Err(bad("an unknown field"));
            }
            for len in [n32(&head, 8), n32(&head, 12), n32(&head, 16)] {
                std::str::from_utf8(self.take(len)?).map_err(|_| bad("a text is not UTF-8"))?;
            }
            self.take(n32(&head, 24).checked_mul(4).ok_or_else(|| bad("the buffer ends early"))?)?;
            let (row, column) = (n32(&head, 0), n32(&head, 4));
            let (row, column) = (u32::try_from(row).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX));
            self.list.items.push(Item { at, row, column, code: head[20], severity: head[22], has_fix: head[23] != 0 });
            self.left -= 1;
        }
        Ok(())
    }

    /// The issues read so far.
    pub fn finish(self) -> IssueList {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::check::encode_issues;
    use minglu::{Code, Field, Issue, Severity};

    /// A list read by copies through a window much smaller than its issues (as the page reads
    /// the transferred buffer, 1 MiB at a time) is the list read in place: every window edge
    /// falls inside a head, a text or the related rows somewhere.
    #[test]
    fn a_buffer_read_by_windows_is_the_buffer_read_in_place() {
        let issues: Vec<Issue> = (0..300)
            .map(|k| Issue {
                row: k + 2,
                column: (k % 3 > 0).then_some(k % 14 + 1),
                field: (k % 4 > 0).then(|| Field::ALL[k % Field::ALL.len()]),
                code: Code::ALL[k % Code::ALL.len()],
                severity: if k % 2 == 0 { Severity::Error } else { Severity::Warning },
                message: "手机号写法不符合模板".repeat(k % 7),
                value: format!("值{k}"),
                fix: (k % 3 == 0).then(|| "修正".repeat(k % 5)),
                related_rows: (0..k % 4).map(|r| r * 7 + 3).collect(),
            })
            .collect();
        let bytes = encode_issues(&issues);
        let whole = IssueList::read(bytes.clone()).unwrap();
        for window_size in [1, 7, 64, 1000, bytes.len()] {
            let mut reader = IssueListReader::start(Bytes::Copied(bytes.clone()), window_size).unwrap();
            while !reader.done() {
                reader.next(13).unwrap();
            }
            let list = reader.finish();
            assert_eq!(list, whole, "window of {window_size}");
            assert_eq!(list.iter().map(|i| i.to_issue()).collect::<Vec<_>>(), issues);
            for (k, issue) in issues.iter().enumerate() {
                assert_eq!(list.head(k), whole.head(k));
                assert_eq!(list.head(k).column, issue.column);
            }
        }
        // Cut, it is an error through the window too.
        for cut in [3, bytes.len() / 3, bytes.len() - 1] {
            let mut reader = IssueListReader::start(Bytes::Copied(bytes[..cut].to_vec()), 64);
            let read = reader.as_mut().map_err(|e| e.clone()).and_then(|r| r.next(usize::MAX));
            assert!(read.is_err(), "cut at {cut}");
        }
    }
}
