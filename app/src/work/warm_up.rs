//! Warming the worker up: the whole pipeline run once on a generated directory when the worker
//! starts, before the person chooses a file.
//!
//! V8 runs a wasm function's first calls in its baseline code (Liftoff) and compiles it to
//! optimized code only once it has run for a while; a call already running keeps its baseline
//! code. The first file a person opened therefore ran largely in baseline code — all of it in the
//! functions called once per file, whose loop over the rows is the whole read, map, check or
//! duplicate search — and paid for the optimizing compiles on the way. Counted in Node's V8
//! (valgrind, `docs/bench/speed.md`): reading, checking and finding the duplicates of a 100k-row
//! CSV took 21 % fewer instructions after the same steps had run on 2,000 generated rows, a
//! 20k-row one 46 % fewer.
//!
//! The first export pays the same way (its loop over the people runs once per export), so the
//! warm-up exports the CSV's people as vCards too.
//!
//! The sample is made here ([`minglu::sample`]): nothing is read or sent anywhere. The worker
//! runs one [`Step`] per task, so a file chosen meanwhile waits for one step at most, and stops
//! warming up when a request comes.

use crate::protocol::export::Encryption;
use minglu::edit::{Doc, EditLog};
use minglu::export::{Destination, ExportOptions, SourceInfo};
use minglu::sample::{self, CsvEncoding, Layout, SampleOptions};
use minglu::validate::{self, Options};
use minglu::{Lang, OpenOptions, Opened, ReadOptions};

/// People in the sample: enough calls and loop turns for V8 to optimize the hot functions (500
/// rows bought half of what 2,000 did).
pub const ROWS: usize = 2_000;

/// The warm-up's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Generate the sample and write it as CSV and as xlsx.
    Make,
    /// The pipeline on the CSV.
    Csv,
    /// The CSV's people exported as vCard 3.0, as the export dialog does.
    Export,
    /// The pipeline on the xlsx.
    Xlsx,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Make, Step::Csv, Step::Export, Step::Xlsx];
}

/// The sample's two files, and the CSV's document until it is exported.
#[derive(Default)]
pub struct Sample {
    csv: Vec<u8>,
    xlsx: Vec<u8>,
    doc: Option<Doc>,
}

/// What a step did (tests check the sample was read, checked and exported).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub people: usize,
    pub issues: usize,
    pub groups: usize,
    /// Bytes exported.
    pub exported: usize,
}

/// Run `step`; `pack` packs the grid the way the worker sends it (JS arrays in the browser).
pub fn run(step: Step, sample: &mut Sample, pack: &mut impl FnMut(&Opened)) -> Option<Ran> {
    match step {
        Step::Make => {
            // A few faults, so the paths that report them are warmed too.
            let options = SampleOptions { rows: ROWS, seed: 7, layout: Layout::Wecom, faults: 0.02 };
            let generated = sample::generate(&options);
            sample.csv = sample::to_csv(&generated, CsvEncoding::Utf8Bom);
            sample.xlsx = sample::to_xlsx(&generated).unwrap_or_default();
            None
        }
        Step::Csv => {
            let (doc, ran) = pipeline(&std::mem::take(&mut sample.csv), "warm-up.csv", pack)?;
            sample.doc = Some(doc);
            Some(ran)
        }
        Step::Export => {
            let doc = sample.doc.take()?;
            let options = ExportOptions { destination: Destination::Vcard3, ..ExportOptions::default() };
            let source = SourceInfo { file_name: "warm-up.csv".into(), sha256: String::new() };
            // As an unencrypted export: the page's WebCrypto would hash it (`digest` false).
            let output = super::export::export_output(&doc.directory, &options, &Encryption::None, source, String::new(), false).ok()?;
            let (files, _) = super::export::package(output, &Encryption::None).ok()?;
            Some(Ran { exported: files.first().map_or(0, |(_, bytes)| bytes.len()), ..Ran::default() })
        }
        Step::Xlsx => pipeline(&std::mem::take(&mut sample.xlsx), "warm-up.xlsx", pack).map(|(_, ran)| ran),
    }
}

/// What the worker does with a file chosen: read and map, pack the grid, check, encode the
/// issues, find the duplicates.
fn pipeline(bytes: &[u8], file_name: &str, pack: &mut impl FnMut(&Opened)) -> Option<(Doc, Ran)> {
    let read = ReadOptions { file_name: Some(file_name.into()), ..ReadOptions::default() };
    let opened = minglu::open_with_progress(bytes, &OpenOptions { read, profile: None }, &mut |_| {}).ok()?;
    pack(&opened);
    let doc = Doc::new(opened);
    let report = validate::validate_with(&doc.directory, &doc.sheet, &doc.mapping, doc.profile(), &Options {
        lang: Lang::Zh,
    });
    let _ = crate::protocol::check::encode_issues(&report.issues);
    let groups = super::dedup::group_views(&doc);
    let ran = Ran { people: doc.directory.people.len(), issues: report.issues.len(), groups: groups.len(), exported: 0 };
    let _ = super::dedup::edit_state(&doc, &EditLog::new(), Lang::Zh, groups, 0.0);
    Some((doc, ran))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_reads_checks_and_exports_the_sample() {
        let mut sample = Sample::default();
        let mut packed = 0;
        let ran: Vec<Ran> = Step::ALL
            .iter()
            .filter_map(|&step| run(step, &mut sample, &mut |o: &Opened| packed += o.directory.people.len()))
            .collect();
        let [csv, export, xlsx] = ran[..] else { panic!("the CSV, the export and the xlsx: {ran:?}") };
        for r in [csv, xlsx] {
            assert_eq!(r.people, ROWS);
            assert!(r.issues > 0, "the faults are reported: {r:?}");
            assert!(r.groups > 0, "the sample has duplicates: {r:?}");
        }
        assert_eq!(csv, xlsx, "the same people either way");
        assert!(export.exported > ROWS * 100, "a vCard per person: {export:?}");
        assert_eq!(packed, 2 * ROWS);
        // Nothing is kept once the steps ran.
        assert!(sample.csv.is_empty() && sample.xlsx.is_empty() && sample.doc.is_none());
    }
}
