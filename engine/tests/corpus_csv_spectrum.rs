//! Conformance: every csv-spectrum case parses to its JSON expectation
//! (../shared/corpus/csv-spectrum: csvs/NAME.csv and json/NAME.json, an array of objects keyed by
//! the header row — compared with the records after the header).

use minglu::{read, ReadOptions};
use std::path::PathBuf;

/// Upstream data errors: the JSON of `location_coordinates` carries a phone number its CSV does
/// not (the CSV says 2095257564). Those fields are skipped, everything else is compared.
const ERRATA: &[(&str, &str)] = &[("location_coordinates", "Contact Phone Number")];

#[test]
fn every_csv_spectrum_case_matches_its_json() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/csv-spectrum");
    if !dir.join("csvs").is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let mut cases = 0;
    for entry in std::fs::read_dir(dir.join("csvs")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("json").join(format!("{stem}.json"))).unwrap()).unwrap();
        // One case's JSON is a bare object instead of an array of one.
        let expected: Vec<serde_json::Value> = match json {
            serde_json::Value::Array(a) => a,
            other => vec![other],
        };
        let bytes = std::fs::read(&path).unwrap();
        let name = format!("{stem}.csv");
        let sheet = read(&bytes, &ReadOptions { file_name: Some(name.clone()), ..ReadOptions::default() })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(sheet.encoding.as_deref(), Some("UTF-8"), "{name}");
        assert_eq!(sheet.delimiter, Some(','), "{name}");
        let header: Vec<&str> = sheet.rows.row(0).iter().map(|c| c.text).collect();
        let records: Vec<_> = sheet.rows.iter().skip(1).filter(|r| !r.is_empty()).collect();
        assert_eq!(records.len(), expected.len(), "{name}: record count");
        for (i, (row, want)) in records.iter().zip(&expected).enumerate() {
            for (key, value) in want.as_object().unwrap() {
                if ERRATA.contains(&(stem.as_str(), key.as_str())) {
                    continue;
                }
                let col = header.iter().position(|h| h == key).unwrap_or_else(|| panic!("{name}: no column {key}"));
                let got = row.text(col);
                assert_eq!(got, value.as_str().unwrap(), "{name}: record {i}, field {key}");
            }
        }
        cases += 1;
    }
    assert!(cases >= 12, "only {cases} cases found");
}
