//! Stage 5 — export: a [`Directory`] written the way each destination's importer expects it.
//!
//! - vCard 2.1 (quoted-printable), 3.0 (optionally with `CHARSET=UTF-8` for iOS), 4.0;
//! - CSV (UTF-8 with BOM by default, UTF-8, GBK) and xlsx with the directory's fields;
//! - the platforms' import templates: WeCom admin, 企微, DingTalk, Feishu, Tencent Exmail,
//!   Alibaba Mail, Google Contacts, Outlook ([`Destination`]).
//!
//! Only what the options select leaves: a field list, masks per field ([`Mask`]), and extra
//! columns by name. Spreadsheet outputs neutralize formula injection ([`inject`]). Every export
//! comes with a [`Manifest`] saying what left. The engine never reads the clock: the caller
//! passes the time, so the same directory and options give the same bytes.
//!
//! ```
//! use minglu::export::{export, Destination, ExportOptions, Mask, MaskRule};
//! let csv = "姓名,手机,邮箱\n张三,13800138000,zhangsan@example.com\n";
//! let opened = minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
//! let options = ExportOptions {
//!     destination: Destination::Vcard3,
//!     masks: vec![MaskRule { field: minglu::Field::Mobile, mask: Mask::Phone }],
//!     ..ExportOptions::default()
//! };
//! let out = export(&opened.directory, &options).unwrap();
//! let text = String::from_utf8(out.bytes).unwrap();
//! assert!(text.contains("N:张;三;;;\r\nFN:张三\r\n"));
//! assert!(text.contains("TEL;TYPE=CELL:138****8000\r\n"));
//! assert_eq!(out.manifest.rows, 1);
//! ```

mod csv_out;
pub mod inject;
mod manifest;
mod mask;
mod names;
mod prepare;
mod table;
mod templates;
pub(crate) mod vcard;
mod xlsx_out;

pub use crate::sample::CsvEncoding;
pub(crate) use manifest::parse_timestamp;
pub use manifest::{rfc3339, sha256_hex, LeftOut, LeftOutReason, Manifest, ManifestField, SourceInfo};
pub use mask::{Mask, MaskRule};
pub use names::{name_parts, split_name, NameParts};

use crate::validate::Lang;
use crate::{Directory, Field, Person, Result};
use serde::{Deserialize, Serialize};

/// Where the export goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// vCard 2.1, non-ASCII values quoted-printable with `CHARSET=UTF-8` (old Android, Outlook).
    Vcard21,
    /// vCard 3.0 (RFC 2426), UTF-8; `vcard_charset` adds `CHARSET=UTF-8` for iOS.
    Vcard3,
    /// vCard 4.0 (RFC 6350), UTF-8 only.
    Vcard4,
    /// CSV with the chosen fields (encoding: [`ExportOptions::csv_encoding`]).
    #[default]
    Csv,
    /// xlsx with the chosen fields, every value a text cell.
    Xlsx,
    /// WeCom admin console template (xlsx).
    Wecom,
    /// The 企微 template (xlsx).
    Qiwei,
    /// DingTalk batch import (xlsx).
    Dingtalk,
    /// Feishu batch import (xlsx).
    Feishu,
    /// Tencent Exmail batch import (xlsx).
    Exmail,
    /// Alibaba Mail batch import (CSV).
    Alimail,
    /// Google Contacts (CSV).
    Google,
    /// Outlook contacts (CSV).
    Outlook,
}

impl Destination {
    pub const ALL: [Destination; 13] = [
        Destination::Vcard21,
        Destination::Vcard3,
        Destination::Vcard4,
        Destination::Csv,
        Destination::Xlsx,
        Destination::Wecom,
        Destination::Qiwei,
        Destination::Dingtalk,
        Destination::Feishu,
        Destination::Exmail,
        Destination::Alimail,
        Destination::Google,
        Destination::Outlook,
    ];

    /// The stable key, as in JSON and on the command line (`vcard3`, `wecom` …).
    pub fn key(self) -> &'static str {
        match self {
            Destination::Vcard21 => "vcard21",
            Destination::Vcard3 => "vcard3",
            Destination::Vcard4 => "vcard4",
            Destination::Csv => "csv",
            Destination::Xlsx => "xlsx",
            Destination::Wecom => "wecom",
            Destination::Qiwei => "qiwei",
            Destination::Dingtalk => "dingtalk",
            Destination::Feishu => "feishu",
            Destination::Exmail => "exmail",
            Destination::Alimail => "alimail",
            Destination::Google => "google",
            Destination::Outlook => "outlook",
        }
    }

    pub fn from_key(key: &str) -> Option<Destination> {
        let k = key.trim().to_ascii_lowercase().replace(['-', '_', '.'], "");
        match k.as_str() {
            "vcard" | "vcf" | "vcard30" => Some(Destination::Vcard3),
            "vcard40" => Some(Destination::Vcard4),
            _ => Destination::ALL.into_iter().find(|d| d.key() == k),
        }
    }

    /// The destination's name for people, in simplified Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Destination::Vcard21 => "vCard 2.1（旧安卓、Outlook）",
            Destination::Vcard3 => "vCard 3.0（手机通讯录）",
            Destination::Vcard4 => "vCard 4.0",
            Destination::Csv => "CSV",
            Destination::Xlsx => "Excel（xlsx）",
            Destination::Wecom => "企业微信导入模板",
            Destination::Qiwei => "企微模板",
            Destination::Dingtalk => "钉钉导入模板",
            Destination::Feishu => "飞书导入模板",
            Destination::Exmail => "腾讯企业邮导入模板",
            Destination::Alimail => "阿里邮箱导入 CSV",
            Destination::Google => "Google 通讯录 CSV",
            Destination::Outlook => "Outlook CSV",
        }
    }

    /// The destination's name for people, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Destination::Vcard21 => "vCard 2.1 (old Android, Outlook)",
            Destination::Vcard3 => "vCard 3.0 (phone contacts)",
            Destination::Vcard4 => "vCard 4.0",
            Destination::Csv => "CSV",
            Destination::Xlsx => "Excel (xlsx)",
            Destination::Wecom => "WeCom import template",
            Destination::Qiwei => "Qiwei template",
            Destination::Dingtalk => "DingTalk import template",
            Destination::Feishu => "Feishu import template",
            Destination::Exmail => "Tencent Exmail import template",
            Destination::Alimail => "Alibaba Mail import CSV",
            Destination::Google => "Google Contacts CSV",
            Destination::Outlook => "Outlook CSV",
        }
    }

    /// Is this a vCard?
    pub fn is_vcard(self) -> bool {
        matches!(self, Destination::Vcard21 | Destination::Vcard3 | Destination::Vcard4)
    }

    /// The fields this destination has a place for, in `Field::ALL` order (the export dialog can
    /// grey out the others). CSV and xlsx hold every field.
    pub fn fields(self) -> Vec<Field> {
        let carried: Vec<Field> = match templates::template(self) {
            Some(t) => t.columns.iter().flat_map(|c| c.fields().iter().copied()).collect(),
            None if self.is_vcard() => vcard::FIELDS.to_vec(),
            None => Field::ALL.to_vec(),
        };
        Field::ALL.into_iter().filter(|f| carried.contains(f)).collect()
    }

    /// The platform profile whose template this is (`None` for vCards and plain CSV/xlsx).
    pub fn profile(self) -> Option<crate::Profile> {
        templates::template(self).map(|t| t.profile)
    }
}

/// The file a table destination is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetFile {
    Csv,
    Xlsx,
}

/// What to export, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    pub destination: Destination,
    /// The fields that may leave, in this order for CSV/xlsx. Empty: every field that has a
    /// value for at least one person. Templates keep their own columns; a column whose field is
    /// not chosen is left empty.
    pub fields: Vec<Field>,
    /// Extra (unmapped) columns that may leave, by header. CSV/xlsx append them after the fields;
    /// a template fills its own column of the same header (WeCom's 视频号). Empty: none.
    pub extra_columns: Vec<String>,
    /// Masks per field (a field without a rule leaves as it is).
    pub masks: Vec<MaskRule>,
    /// The encoding of CSV outputs (plain CSV and the CSV templates). Default: UTF-8 with BOM,
    /// which Excel opens without 乱码.
    pub csv_encoding: CsvEncoding,
    /// Write a template as this file instead of its native one (the Alibaba Mail CSV as xlsx …).
    pub sheet_file: Option<SheetFile>,
    /// vCard 3.0: add `CHARSET=UTF-8` to non-ASCII properties (iOS has mis-read them without).
    pub vcard_charset: bool,
    /// The language of the CSV/xlsx headers (templates have their own).
    pub lang: Lang,
    /// The organization (company) name: vCard `ORG`, Google `Organization Name`, Outlook `Company`.
    pub organization: Option<String>,
    /// The output file name without extension (default: `contacts-<destination>`).
    pub file_stem: Option<String>,
    /// The input this directory came from, for the manifest.
    pub source: Option<SourceInfo>,
    /// When the export happens (RFC 3339, e.g. `2026-11-23T10:00:00+08:00`), given by the caller
    /// so the engine stays deterministic; also the xlsx creation time and the zip entries' time.
    pub created: Option<String>,
    /// The edit recipe applied to the directory before export, recorded in the manifest.
    pub recipe: Option<serde_json::Value>,
    /// Compute the output's SHA-256 for the manifest ([`Manifest::output_sha256`]). A caller with
    /// a faster digest at hand (the browser's WebCrypto, native and off the wasm thread) turns
    /// this off and fills the field itself; it is left empty then.
    pub output_digest: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            destination: Destination::default(),
            fields: Vec::new(),
            extra_columns: Vec::new(),
            masks: Vec::new(),
            csv_encoding: CsvEncoding::Utf8Bom,
            sheet_file: None,
            vcard_charset: false,
            lang: Lang::default(),
            organization: None,
            file_stem: None,
            source: None,
            created: None,
            recipe: None,
            output_digest: true,
        }
    }
}

impl ExportOptions {
    /// The mask chosen for `field`, if any (the last rule for a field wins).
    pub fn mask_of(&self, field: Field) -> Option<Mask> {
        self.masks.iter().rev().find(|r| r.field == field).map(|r| r.mask)
    }
}

/// An export: the file's bytes, its name and type, and the manifest of what left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportOutput {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub mime: String,
    pub manifest: Manifest,
}

impl ExportOutput {
    /// The output and its manifest (JSON and TXT) as `(name, bytes)`: what goes into an
    /// encrypted zip, or beside the output.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        vec![
            (self.file_name.clone(), self.bytes.clone()),
            (self.manifest.json_file_name(), self.manifest.to_json().into_bytes()),
            (self.manifest.txt_file_name(), self.manifest.to_txt().into_bytes()),
        ]
    }
}

const MIME_VCARD: &str = "text/vcard";
const MIME_CSV: &str = "text/csv";
const MIME_XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Export `directory` as `options` say.
///
/// Errors: a CSV in GBK with a character GBK has no code for (the error names the row, the
/// column and the character; UTF-8 CSV holds every character), more people than one xlsx sheet
/// holds, or a value longer than an xlsx cell holds.
pub fn export(directory: &Directory, options: &ExportOptions) -> Result<ExportOutput> {
    let sel = prepare::selection(directory, options);
    let rows = directory.people.len();
    let stem = options.file_stem.clone().unwrap_or_else(|| format!("contacts-{}", options.destination.key()));
    let (bytes, ext, mime, carried, neutralized, encoding) = if let Some(version) = vcard::version(options.destination)
    {
        // Card by card: each person is prepared (rendered, masked) into the same buffers as it
        // is written, so no copy of the whole directory is held and nothing is allocated per card.
        let mut writer = vcard::Writer::new(version, options);
        let mut card = Person::default();
        // 1,024 cards per call: in the browser a call that starts in V8's baseline code stays
        // there until it returns (one SHA-256 call over 16 MB ran 6× slower than the same call
        // made again), so many short calls let the optimized code take over.
        for (i, people) in directory.people.chunks(1024).enumerate() {
            write_cards(people, &sel, options, &mut writer, &mut card);
            if i == 0 {
                writer.reserve(people.len(), directory.people.len() - people.len());
            }
        }
        let (bytes, carried) = writer.finish();
        (bytes, "vcf", MIME_VCARD, carried, 0, Some("UTF-8".to_string()))
    } else {
        let prepared = prepare::prepare(&directory.people, &sel, options);
        let mut t = table::build(&sel, &prepared, options);
        let neutralized = t.neutralize();
        let carried = t.carried.clone();
        match table_file(options) {
            SheetFile::Csv => {
                let bytes = csv_out::write(&t, options.csv_encoding)?;
                (bytes, "csv", MIME_CSV, carried, neutralized, Some(csv_out::encoding_label(options.csv_encoding)))
            }
            SheetFile::Xlsx => {
                (xlsx_out::write(&t, options.created.as_deref())?, "xlsx", MIME_XLSX, carried, neutralized, None)
            }
        }
    };
    let file_name = format!("{stem}.{ext}");
    let manifest = manifest::build(manifest::Parts {
        directory,
        options,
        file_name: &file_name,
        mime,
        encoding,
        rows,
        carried: &carried,
        neutralized,
        output: &bytes,
    });
    Ok(ExportOutput { bytes, file_name, mime: mime.to_string(), manifest })
}

/// Prepare and write `people`'s cards (see the call for why this is a function of its own).
#[inline(never)]
fn write_cards(
    people: &[Person],
    sel: &prepare::Selection,
    options: &ExportOptions,
    writer: &mut vcard::Writer,
    card: &mut Person,
) {
    for p in people {
        prepare::prepare_into(p, sel, options, card);
        writer.card(card);
    }
}

/// The first `n` people as they will be written, for the export dialog:
/// - CSV, xlsx and templates: the header row, then one row per person (masked, formula cells
///   neutralized — exactly the cell texts of the file);
/// - vCards: one row per card, each the card's content lines (unfolded; 2.1 values encoded).
pub fn preview(directory: &Directory, options: &ExportOptions, n: usize) -> Vec<Vec<String>> {
    // Columns chosen as "every field with a value" are those of the whole directory.
    let sel = prepare::selection(directory, options);
    let people = &directory.people[..n.min(directory.people.len())];
    let prepared = prepare::prepare(people, &sel, options);
    if let Some(version) = vcard::version(options.destination) {
        return prepared.iter().map(|p| vcard::card_lines(p, version, options)).collect();
    }
    let mut t = table::build(&sel, &prepared, options);
    t.neutralize();
    std::iter::once(t.headers).chain(t.rows).collect()
}

/// CSV or xlsx for a table destination.
fn table_file(options: &ExportOptions) -> SheetFile {
    match options.destination {
        Destination::Csv => SheetFile::Csv,
        Destination::Xlsx => SheetFile::Xlsx,
        d => options.sheet_file.unwrap_or(match templates::template(d).map(|t| t.native) {
            Some(templates::Native::Csv) => SheetFile::Csv,
            _ => SheetFile::Xlsx,
        }),
    }
}
