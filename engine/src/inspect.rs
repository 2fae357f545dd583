//! Open a file and say what it is: the summary the CLI's `inspect` prints and the app shows.

use crate::map::{detect_profile_with_sample, map_columns, Mapping, Profile};
use crate::read::{detect_header_row, read_with_progress, Progress, ReadOptions, Sheet};
use crate::{Directory, Result};
use serde::{Deserialize, Serialize};

/// Options for [`open`]: how to read, and an optional profile override.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OpenOptions {
    #[serde(flatten)]
    pub read: ReadOptions,
    /// Use this profile instead of the detected one.
    pub profile: Option<Profile>,
}

/// One column in the summary (`field` is the canonical field key, or `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnSummary {
    pub index: usize,
    pub header: String,
    pub field: Option<String>,
}

/// What a file is: the JSON of `minglu inspect --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub format: String,
    /// Detected (or chosen) text encoding; `None` for binary workbooks.
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    /// 1-based sheet row of the header.
    pub header_row: usize,
    /// Data rows (blank rows excluded).
    pub rows: usize,
    pub profile: Profile,
    pub columns: Vec<ColumnSummary>,
}

/// A file opened all the way to a directory: what the app and CLI work on.
#[derive(Debug, Clone)]
pub struct Opened {
    pub sheet: Sheet,
    /// Index into `sheet.rows` of the header row.
    pub header_index: usize,
    pub mapping: Mapping,
    pub directory: Directory,
}

impl Opened {
    /// The header texts, one per column of the widest row.
    pub fn headers(&self) -> Vec<String> {
        headers_of(&self.sheet, self.header_index)
    }

    /// The summary of this file.
    pub fn inspection(&self) -> Inspection {
        Inspection {
            format: self.sheet.format.map(|f| f.name().to_string()).unwrap_or_default(),
            encoding: self.sheet.encoding.clone(),
            sheet: self.sheet.sheet_name.clone(),
            sheets: self.sheet.sheets.clone(),
            header_row: self.sheet.sheet_row(self.header_index),
            rows: self.directory.people.len(),
            profile: self.mapping.profile,
            columns: self
                .mapping
                .columns
                .iter()
                .map(|c| ColumnSummary {
                    index: c.index,
                    header: c.header.clone(),
                    field: c.field.map(|f| f.key().to_string()),
                })
                .collect(),
        }
    }

    /// Re-map after the user changed the mapping (or the profile).
    pub fn remap(&mut self, mapping: Mapping) {
        self.directory = Directory::from_sheet(&self.sheet, self.header_index, &mapping);
        self.mapping = mapping;
    }
}

/// The header texts of row `header_index`, padded to the sheet's width.
pub fn headers_of(sheet: &Sheet, header_index: usize) -> Vec<String> {
    let width = sheet.width();
    (0..width).map(|c| sheet.cell_text(header_index, c).trim().to_string()).collect()
}

/// How many data rows profile detection looks at.
const PROFILE_SAMPLE_ROWS: usize = 50;

/// Read → find the header → detect the profile → map → build the directory.
pub fn open(bytes: &[u8], options: &OpenOptions) -> Result<Opened> {
    open_with_progress(bytes, options, &mut |_| {})
}

/// [`open`], reporting progress during the read.
pub fn open_with_progress(
    bytes: &[u8],
    options: &OpenOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Opened> {
    let sheet = read_with_progress(bytes, &options.read, progress)?;
    // A file with no text at all (an empty CSV, a sheet of blank cells) is unusable input, not
    // "0 people": say so, the same way in the CLI and the app.
    if sheet.rows.iter().all(|r| r.iter().all(|c| c.is_blank())) {
        return Err(crate::Error::new(
            crate::ErrorKind::Empty,
            "the file holds no data: every cell is empty; check that you chose the right file or sheet",
        ));
    }
    let header_index = detect_header_row(&sheet);
    let headers = headers_of(&sheet, header_index);
    let profile = options.profile.unwrap_or_else(|| {
        // A few data rows let detection see what headers cannot (企微's `->` department paths).
        let sample: Vec<Vec<String>> = ((header_index + 1)..sheet.rows.len())
            .filter(|&r| !sheet.row_is_blank(r))
            .take(PROFILE_SAMPLE_ROWS)
            .map(|r| sheet.rows.row(r).iter().map(|c| c.text.to_string()).collect())
            .collect();
        detect_profile_with_sample(&headers, &sample)
    });
    let mapping = map_columns(&headers, profile);
    let directory = Directory::from_sheet(&sheet, header_index, &mapping);
    Ok(Opened { sheet, header_index, mapping, directory })
}
