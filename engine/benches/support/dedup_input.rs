//! The input of the dedup benchmark and of `examples/dedup_1m.rs`: generated people (WeCom
//! columns, no faults, a fixed seed) with every hundredth person entered a second time (no
//! account, the mobile written `+86 …`). The generator's rows go straight to a sheet — no xlsx
//! in between — and are dropped once mapped, so only the directory stays in memory.

use minglu::sample::{generate, to_sheet, Layout, SampleOptions};
use minglu::{headers_of, map_columns, read::detect_header_row, Cell, Directory, Profile};

pub fn directory(people: usize) -> Directory {
    let mut g = generate(&SampleOptions { rows: people, seed: 2026_0004, layout: Layout::Plain, faults: 0.0 });
    let seconds: Vec<_> = g
        .rows
        .iter()
        .step_by(100)
        .map(|r| {
            let mut s = r.clone();
            s.cells[1] = Cell::default();
            let m = &r.cells[6].text;
            s.cells[6] = Cell::text(if m.starts_with('+') { m.clone() } else { format!("+86 {m}") });
            s
        })
        .collect();
    g.rows.extend(seconds);
    let sheet = to_sheet(&g);
    drop(g);
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), Profile::Wecom);
    Directory::from_sheet(&sheet, header, &mapping)
}
