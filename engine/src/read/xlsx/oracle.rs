//! The reference for this module's reader: calamine's xlsx reader, as Minglu used it until
//! 2026-12-06. Every xlsx in calamine's corpus and the generator's output must read the same
//! (cells' text and kinds, the first row, merged ranges) through both.

use super::super::cells::Cells;
use super::super::workbook::cell_of;
use super::super::{CellKind, Format, MergedRange, ReadOptions, Rows};
use calamine::{DataRef, Reader, Xlsx};
use std::io::Cursor;

/// Sheet `name` of `bytes` through calamine: (first row, rows, merged ranges).
fn calamine_read(bytes: &[u8], name: &str) -> Result<(usize, Rows, Vec<MergedRange>), String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let limits = crate::Limits::default();
    let mut cells = Cells::new(&limits, u64::MAX);
    {
        let mut reader = book.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
        while let Some(c) = reader.next_cell_with_formula_metadata().map_err(|e| e.to_string())? {
            let (r, col) = c.pos;
            let formula = c.formula.is_some();
            match c.value {
                DataRef::SharedString(s) => cells.push_text(r, col, s, CellKind::of_text(s), formula),
                value => cells.push(r, col, cell_of(value.into()), formula),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    let merges: Vec<MergedRange> = book
        .merge_cells_by_sheet_name(name)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|d| MergedRange {
            first_row: d.start.0 as usize,
            first_col: d.start.1 as usize,
            last_row: d.end.0.max(d.start.0) as usize,
            last_col: d.end.1.max(d.start.1) as usize,
        })
        .collect();
    let (first, rows) = cells.build(&merges).map_err(|e| e.to_string())?;
    Ok((first, rows, merges))
}

/// Compare this module's read of `bytes` with calamine's; `Err` says where they differ.
fn same_as_calamine(bytes: &[u8], label: &str) -> Result<bool, String> {
    let ours = match crate::read::read(bytes, &ReadOptions { file_name: Some(format!("{label}.xlsx")), ..ReadOptions::default() }) {
        Ok(s) => s,
        Err(e) => {
            // Then calamine must fail too (on every sheet), or the file must be one we refuse by
            // our limits (empty, too large).
            let theirs = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string()).and_then(|mut b| {
                let names = b.sheet_names();
                names.iter().map(|n| b.worksheet_range(n).map_err(|e| e.to_string()).map(|r| r.is_empty())).collect::<Result<Vec<_>, _>>()
            });
            return match theirs {
                Err(_) => Ok(false),
                Ok(empties) if empties.iter().all(|e| *e) => Ok(false),
                Ok(_) if matches!(e.kind, crate::ErrorKind::TooLarge | crate::ErrorKind::Empty) => Ok(false),
                Ok(_) => Err(format!("{label}: Minglu refuses ({e}) what calamine reads")),
            };
        }
    };
    assert_eq!(ours.format, Some(Format::Xlsx));
    let name = ours.sheet_name.clone().unwrap_or_default();
    let (first, rows, merges) = match calamine_read(bytes, &name) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{label}: calamine cannot read sheet {name} ({e}); Minglu reads {} rows", ours.rows.len());
            return Ok(false);
        }
    };
    if ours.first_row != first {
        return Err(format!("{label}: first row {} vs calamine's {first}", ours.first_row));
    }
    for (i, (a, b)) in ours.rows.iter().zip(rows.iter()).enumerate() {
        if a.to_vec() != b.to_vec() {
            return Err(format!("{label} sheet {name} row {}: {:?}\n vs calamine's {:?}", first + i + 1, a.to_vec(), b.to_vec()));
        }
    }
    if ours.rows.len() != rows.len() {
        return Err(format!("{label}: {} rows vs calamine's {}", ours.rows.len(), rows.len()));
    }
    if ours.merged != merges {
        return Err(format!("{label}: merges {:?} vs calamine's {merges:?}", ours.merged));
    }
    Ok(true)
}

#[test]
fn every_xlsx_of_the_corpus_reads_as_calamine_reads_it() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/calamine/tests");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let mut names: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "xlsx" || x == "xlsm")).collect();
    names.sort();
    assert!(names.len() >= 50, "expected calamine's xlsx fixtures, found {}", names.len());
    let (mut compared, mut failures) = (0, Vec::new());
    for path in &names {
        let label = path.file_name().unwrap().to_string_lossy().into_owned();
        match same_as_calamine(&std::fs::read(path).unwrap(), &label) {
            Ok(true) => compared += 1,
            Ok(false) => {}
            Err(e) => failures.push(e),
        }
    }
    eprintln!("{compared} of {} xlsx fixtures compared cell by cell", names.len());
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
    assert!(compared >= 40, "only {compared} of {} compared", names.len());
}

#[test]
fn generated_directories_read_as_calamine_reads_them() {
    use crate::sample::{generate, to_xlsx, Layout, SampleOptions};
    for (seed, layout) in [(1, Layout::Wecom), (2, Layout::Plain)] {
        let g = generate(&SampleOptions { rows: 3_000, seed, faults: 0.1, layout });
        let bytes = to_xlsx(&g).unwrap();
        assert!(same_as_calamine(&bytes, &format!("{layout:?}")).unwrap(), "{layout:?}");
    }
}
