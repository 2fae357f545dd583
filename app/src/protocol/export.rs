//! The export part of the protocol (issue #5): the preview of what will leave, the export
//! itself (plain, encrypted zip or Minglu container), and decrypting a file in the app.
//!
//! These requests run beside the reading ones: the page keeps its own latest id for each of
//! them (a preview typed while a check is running must not hide the check, nor the other way
//! round), and the worker answers them with their own responses — [`Response::ExportFailed`]
//! instead of `Failed` — so the bridge never mistakes one for the other.
//!
//! Files travel beside the JSON as buffers named [`file_buffer`]`(0)`, `(1)` …, in the order of
//! the response's `files`.
//!
//! [`Response::ExportFailed`]: super::Response::ExportFailed

use minglu::export::{Destination, ExportOptions, Mask};
use minglu::Field;
use serde::{Deserialize, Serialize};

/// How many people the dialog previews.
pub const PREVIEW_ROWS: usize = 5;

/// The name of the `index`-th file's buffer.
pub fn file_buffer(index: usize) -> String {
    format!("file{index}")
}

/// How the export leaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Encryption {
    /// The file as it is, its manifest beside it.
    #[default]
    None,
    /// An AES-256 (WinZip AE-2) zip, which 7-Zip opens, holding the file and its manifest.
    Zip { password: String },
    /// A Minglu container (AES-256-GCM), its manifest beside it.
    Container { password: String, kdf: KdfChoice },
}

/// The container's key derivation, as the dialog offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KdfChoice {
    /// PBKDF2-HMAC-SHA256, 600,000 iterations.
    #[default]
    Pbkdf2,
    /// Argon2id, 19 MiB, t = 2.
    Argon2id,
}

impl KdfChoice {
    pub fn kdf(self) -> minglu::encrypt::Kdf {
        match self {
            KdfChoice::Pbkdf2 => minglu::encrypt::Kdf::default(),
            KdfChoice::Argon2id => minglu::encrypt::Kdf::argon2id(),
        }
    }
}

/// What the dialog shows about an export before it happens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ExportPreview {
    /// The destination previewed (the page drops a preview of one it no longer shows).
    pub destination: Option<Destination>,
    /// Table destinations: the header row then the first people's rows; vCards: one row per card,
    /// its content lines. Exactly what the file will hold.
    pub rows: Vec<Vec<String>>,
    /// Is `rows[0]` a header row?
    pub has_header: bool,
    /// How many people the file will hold.
    pub people: usize,
    /// The fields that have a value for at least one person (the picker's default).
    pub with_values: Vec<Field>,
    /// The fields this destination has a place for (the others are greyed out).
    pub carried: Vec<Field>,
    /// The fields that will leave, with their mask (`None`: as they are).
    pub leaving: Vec<(Field, Option<Mask>)>,
    /// The directory's extra (unmapped) columns, which leave only when chosen.
    pub extra_headers: Vec<String>,
}

/// A file the worker made (an export, its manifest, or a decrypted file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    pub name: String,
    pub mime: String,
    /// Can Minglu open this file as a directory (a sheet or a vCard)?
    #[serde(default)]
    pub openable: bool,
}

/// What an export wrote, for the line the dialog shows after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDone {
    pub people: usize,
    /// The manifest's description of the encryption, if any.
    pub encryption: Option<String>,
    /// Formula-like cells neutralized (CSV injection guard).
    pub neutralized: usize,
}

/// Why an export or a decryption failed, so the page can say it in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The password is wrong.
    WrongPassword,
    /// A container did not decrypt: the password is wrong or the file was modified (AES-GCM
    /// cannot tell which).
    WrongPasswordOrChanged,
    /// The file was changed or damaged.
    Damaged,
    /// Neither a Minglu container nor a zip.
    NotEncrypted,
    /// No password given.
    NoPassword,
    /// Anything else: the engine's message says what.
    Other,
}

/// The options the page sends: everything but `source` and `created`, which the worker fills
/// (it holds the file's bytes and reads the clock).
pub fn page_options(mut options: ExportOptions) -> ExportOptions {
    options.source = None;
    options.created = None;
    options
}

/// The MIME type for a file name, for the Blob of a decrypted file.
pub fn mime_of(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "vcf" => "text/vcard",
        "csv" => "text/csv",
        "json" => "application/json",
        "txt" => "text/plain;charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Can Minglu open a file of this name as a directory?
pub fn openable(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv" | "tsv" | "txt" | "vcf")
        && !name.contains(".manifest.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_round_trips_and_names_files() {
        for e in [
            Encryption::None,
            Encryption::Zip { password: "pw".into() },
            Encryption::Container { password: "密码".into(), kdf: KdfChoice::Argon2id },
        ] {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<Encryption>(&json).unwrap(), e);
        }
        assert_eq!(file_buffer(2), "file2");
        assert_eq!(mime_of("a.VCF"), "text/vcard");
        assert_eq!(mime_of("noext"), "application/octet-stream");
        assert!(openable("contacts-csv.csv") && openable("x.vcf"));
        assert!(!openable("contacts-csv.manifest.txt") && !openable("a.minglu"));
    }
}
