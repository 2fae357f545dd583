//! Conformance on calamine's own test files (../shared/corpus/calamine/tests), hostile ones
//! included: every file opens or gives a clear error — never a panic, a hang or a huge allocation
//! (the CLI run under `ulimit -v` checks the memory side; reads here are bounded by the guards).

use minglu::{read, ErrorKind, ReadOptions};
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/calamine/tests");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn read_file(dir: &std::path::Path, name: &str) -> minglu::Result<minglu::Sheet> {
    let bytes = std::fs::read(dir.join(name)).unwrap();
    read(&bytes, &ReadOptions { file_name: Some(name.into()), ..ReadOptions::default() })
}

#[test]
fn every_calamine_fixture_opens_or_gives_a_clear_error() {
    let Some(dir) = corpus() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 100, "expected the whole corpus, found {} files", names.len());
    let (mut opened, mut refused) = (0, 0);
    for name in &names {
        let started = std::time::Instant::now();
        let outcome = read_file(&dir, name);
        let took = started.elapsed();
        match &outcome {
            Ok(s) => {
                opened += 1;
                eprintln!("{name:45} opens  {:>4} rows  {took:?}", s.rows.len());
            }
            Err(e) => {
                refused += 1;
                assert!(e.message.len() > 20, "{name}: unclear error {e:?}");
                eprintln!("{name:45} {:?}: {e}  {took:?}", e.kind);
            }
        }
    }
    eprintln!("{opened} opened, {refused} refused");
}

#[test]
fn password_protected_workbooks_say_so() {
    let Some(dir) = corpus() else { return };
    for name in ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods", "issue_385.xls"] {
        let e = read_file(&dir, name).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Encrypted, "{name}: {e}");
        assert!(e.message.contains("remove the password"), "{name}: {e}");
    }
}

#[test]
fn hostile_fixtures() {
    let Some(dir) = corpus() else { return };
    // 999 999 999 repeated rows × columns: refused by the limits before calamine expands them.
    assert_eq!(read_file(&dir, "issue_594_dos.ods").unwrap_err().kind, ErrorKind::TooLarge);
    // A compound file whose sectors point past its end.
    assert_eq!(read_file(&dir, "OOM_alloc3.xls").unwrap_err().kind, ErrorKind::Corrupt);
    // calamine 0.38 reads these two harmlessly (its own fixes: column clamp, empty strings);
    // they are damaged but real workbooks, so Minglu opens them too.
    assert_eq!(read_file(&dir, "OOM_alloc2.xls").unwrap().sheet_name.as_deref(), Some("Colsale (Aug"));
    assert!(read_file(&dir, "OOM_alloc.xls").is_ok());
    // A desynchronised xlsb workbook record (calamine #666): no panic, and its one sheet is empty.
    assert_eq!(read_file(&dir, "issue_666_panic.xlsb").unwrap_err().kind, ErrorKind::Empty);
    // Not an Office file at all, despite its name: read as text.
    assert!(read_file(&dir, "too_small.xls").is_ok());
}

#[test]
fn merged_ranges_from_every_format_that_has_them() {
    let Some(dir) = corpus() else { return };
    for name in ["merged_range.xlsx", "merged_range.xls", "merged_cells.ods"] {
        let s = read_file(&dir, name).unwrap();
        assert!(!s.merged.is_empty(), "{name}");
        let m = s.merged[0];
        let covered = (m.first_row..=m.last_row)
            .flat_map(|r| (m.first_col..=m.last_col).map(move |c| (r, c)))
            .find(|&(r, c)| (r, c) != (m.first_row, m.first_col) && r >= s.first_row && r - s.first_row < s.rows.len());
        if let Some((r, c)) = covered {
            let kind = s.rows.get(r - s.first_row).and_then(|row| row.get(c)).map(|c| c.kind);
            assert_eq!(kind, Some(minglu::CellKind::Merged), "{name} {:?}", m);
        }
    }
}

#[test]
fn dates_and_formulas_keep_their_kinds() {
    let Some(dir) = corpus() else { return };
    for name in ["date.xlsx", "date.xls", "date.xlsb", "date.ods"] {
        let s = read_file(&dir, name).unwrap();
        assert!(
            s.rows.iter().flat_map(|r| r.iter()).any(|c| c.kind == minglu::CellKind::Date && c.text.starts_with("20")),
            "{name}: {:?}",
            s.rows
        );
    }
    for name in ["xls_formula.xls", "shared_formula_simple.xlsx", "issue_182.xlsb"] {
        let s = read_file(&dir, name).unwrap();
        assert!(s.rows.iter().flat_map(|r| r.iter()).any(|c| c.kind == minglu::CellKind::Formula), "{name}");
    }
}

/// The merged ranges Minglu's xlsx reader finds in the same pass as the cells (`<mergeCell>`s
/// after `<sheetData>`) are the ones calamine finds by parsing the whole sheet again.
#[test]
fn xlsx_merged_ranges_match_calamines_own() {
    use calamine::Reader;
    let Some(dir) = corpus() else { return };
    let mut compared = 0;
    let mut with_merges = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".xlsx") || name.ends_with(".xlsm")) {
            continue;
        }
        let Ok(sheet) = read_file(&dir, &name) else { continue };
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let Ok(mut book) = calamine::Xlsx::new(std::io::Cursor::new(bytes)) else { continue };
        let sheet_name = sheet.sheet_name.clone().unwrap();
        let Ok(theirs) = book.merge_cells_by_sheet_name(&sheet_name) else { continue };
        let theirs: Vec<(usize, usize, usize, usize)> = theirs
            .iter()
            .map(|d| {
                let (r0, c0, r1, c1) = (d.start.0 as usize, d.start.1 as usize, d.end.0 as usize, d.end.1 as usize);
                (r0, c0, r1.max(r0), c1.max(c0))
            })
            .collect();
        let ours: Vec<_> = sheet.merged.iter().map(|m| (m.first_row, m.first_col, m.last_row, m.last_col)).collect();
        assert_eq!(ours, theirs, "{name}, sheet {sheet_name}");
        compared += 1;
        with_merges += usize::from(!ours.is_empty());
    }
    assert!(compared >= 30 && with_merges >= 2, "compared {compared} sheets, {with_merges} with merged cells");
}
