//! The engine's stages behind a C ABI, so run.mjs can load the module in Node without
//! wasm-bindgen: `input(len)` gives room for the file, `load()` reads and maps it, `stage(k)`
//! runs stage `k` once on what `load` kept.

use minglu::dedup::{analyze, DedupOptions};
use minglu::export::{export, Destination, ExportOptions};
use minglu::org::OrgTree;
use minglu::read::detect_header_row;
use minglu::search::SearchIndex;
use minglu::{headers_of, map_columns, read, validate, Directory, Mapping, Profile, ReadOptions, Sheet};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts the bytes the engine has allocated (live and peak), so run.mjs can say what each
/// structure holds — wasm memory alone only says how far the heap has ever grown.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes allocated now.
#[no_mangle]
pub extern "C" fn live_bytes() -> usize {
    LIVE.load(Relaxed)
}

/// The most bytes allocated at once since the last call (which starts a new peak from now).
#[no_mangle]
pub extern "C" fn take_peak() -> usize {
    PEAK.swap(LIVE.load(Relaxed), Relaxed)
}

/// Drop what `load` kept, in steps: 1 the input bytes, 2 the sheet, 3 the directory.
#[no_mangle]
pub extern "C" fn drop_part(k: u32) {
    LOADED.with_borrow_mut(|l| {
        if let Some(l) = l.as_mut() {
            match k {
                1 => l.bytes = Vec::new(),
                2 => l.sheet = Sheet::default(),
                3 => l.directory = Directory::default(),
                _ => {}
            }
        }
    });
}

struct Loaded {
    bytes: Vec<u8>,
    sheet: Sheet,
    header: usize,
    mapping: Mapping,
    directory: Directory,
}

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static LOADED: RefCell<Option<Loaded>> = const { RefCell::new(None) };
    static KEPT: RefCell<Vec<Box<dyn std::any::Any>>> = const { RefCell::new(Vec::new()) };
}

/// Room for the input file: Node copies it to the returned address.
#[no_mangle]
pub extern "C" fn input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|b| {
        b.resize(len, 0);
        b.as_mut_ptr()
    })
}

/// Read, map and keep the input; the number of people.
#[no_mangle]
pub extern "C" fn load() -> usize {
    let bytes = INPUT.with_borrow_mut(std::mem::take);
    let sheet = read(&bytes, &ReadOptions::default()).expect("the input reads");
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), Profile::Wecom);
    let directory = Directory::from_sheet(&sheet, header, &mapping);
    let people = directory.people.len();
    LOADED.with_borrow_mut(|l| *l = Some(Loaded { bytes, sheet, header, mapping, directory }));
    people
}

/// Run one stage (numbered as `STAGES` in run.mjs); a number derived from its result. The results
/// of the check, the duplicates, the search index and the org tree are kept (as the worker keeps
/// them), so `live_bytes` after a stage counts what it holds.
#[no_mangle]
pub extern "C" fn stage(k: u32) -> usize {
    LOADED.with_borrow(|l| {
        let l = l.as_ref().expect("load() first");
        let keep = |x: Box<dyn std::any::Any>| KEPT.with_borrow_mut(|kept| kept.push(x));
        match k {
            0 => read(&l.bytes, &ReadOptions::default()).map_or(0, |s| s.rows.len()),
            1 => Directory::from_sheet(&l.sheet, l.header, &l.mapping).people.len(),
            2 => {
                let report = validate(&l.directory, &l.sheet, &l.mapping, Profile::Wecom);
                let n = report.issues.len();
                keep(Box::new(report));
                n
            }
            3 => {
                let found = analyze(&l.directory, &DedupOptions::new(Profile::Wecom));
                let n = found.groups.len();
                keep(Box::new(found));
                n
            }
            4 => {
                let index = SearchIndex::build(&l.directory);
                let n = index.len();
                keep(Box::new(index));
                n
            }
            7 => {
                let tree = OrgTree::build(&l.directory);
                let n = tree.roots.len();
                keep(Box::new(tree));
                n
            }
            // As the app exports: its output digest comes from WebCrypto.
            5 => {
                let options = ExportOptions { destination: Destination::Vcard3, output_digest: false, ..Default::default() };
                export(&l.directory, &options).map_or(0, |o| o.bytes.len())
            }
            6 => minglu::export::sha256_hex(&l.bytes).len(),
            _ => 0,
        }
    })
}
