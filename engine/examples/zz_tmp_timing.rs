use minglu::sample::{generate, to_sheet, Layout, SampleOptions};
use minglu::search::SearchIndex;
use minglu::{headers_of, map_columns, read::detect_header_row, Directory, Profile};
use std::time::Instant;
fn main() {
    let g = generate(&SampleOptions { rows: 100_000, seed: 2026, layout: Layout::Wecom, faults: 0.0 });
    let sheet = to_sheet(&g);
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), Profile::Wecom);
    let d = Directory::from_sheet(&sheet, header, &mapping);
    for _ in 0..2 {
        let t = Instant::now();
        let idx = SearchIndex::build(&d);
        eprintln!("build {:?}", t.elapsed());
        for q in [] as [&str; 0] {
            let t = Instant::now();
            let mut n = 0;
            for _ in 0..400 { n += idx.search(q, 20).len(); }
            eprintln!("{q:<12} {:>8.3} ms  {}", t.elapsed().as_secs_f64() * 1000.0 / 20.0, n / 20);
        }
    }
}
