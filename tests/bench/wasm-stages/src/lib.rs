//! The engine's stages behind a C ABI, so run.mjs can load the module in Node without
//! wasm-bindgen: `input(len)` gives room for the file, `load()` reads and maps it, `stage(k)`
//! runs stage `k` once on what `load` kept.

use minglu::dedup::{analyze, DedupOptions};
use minglu::export::{export, Destination, ExportOptions};
use minglu::org::OrgTree;
use minglu::read::detect_header_row;
use minglu::search::SearchIndex;
use minglu::{headers_of, map_columns, read, validate, Directory, Mapping, Profile, ReadOptions, Sheet};
use std::cell::RefCell;

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

/// Run one stage (numbered as `STAGES` in run.mjs); a number derived from its result.
#[no_mangle]
pub extern "C" fn stage(k: u32) -> usize {
    LOADED.with_borrow(|l| {
        let l = l.as_ref().expect("load() first");
        match k {
            0 => read(&l.bytes, &ReadOptions::default()).map_or(0, |s| s.rows.len()),
            1 => Directory::from_sheet(&l.sheet, l.header, &l.mapping).people.len(),
            2 => validate(&l.directory, &l.sheet, &l.mapping, Profile::Wecom).issues.len(),
            3 => analyze(&l.directory, &DedupOptions::new(Profile::Wecom)).groups.len(),
            4 => SearchIndex::build(&l.directory).len(),
            7 => OrgTree::build(&l.directory).roots.len(),
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
