//! The one error type of the engine. Every error a person can see carries where it happened
//! (sheet, row, column — 1-based, as a spreadsheet shows them) and says what to do next.

use std::fmt;

/// Where in the input something happened. Rows and columns are 1-based, as a spreadsheet shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    pub sheet: Option<String>,
    pub row: Option<usize>,
    pub column: Option<usize>,
}

/// What kind of failure this is; stable, so callers (the CLI's exit code, the app's message) can branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The bytes are not a format Minglu reads.
    UnknownFormat,
    /// The file is damaged or not what its name says.
    Corrupt,
    /// The file is password-protected (encrypted workbook).
    Encrypted,
    /// The file (or what it declares) is larger than the configured limits.
    TooLarge,
    /// The requested sheet does not exist.
    NoSuchSheet,
    /// The requested text encoding is not known.
    UnknownEncoding,
    /// The file holds no data at all.
    Empty,
    /// A value cannot be written in the chosen output encoding (a character GBK lacks).
    Unencodable,
    /// Decryption failed: the password is wrong or the file was modified (AES-GCM cannot tell
    /// which, and neither can the zip's HMAC).
    WrongPassword,
    /// Anything else, with its message.
    Other,
}

/// An engine error: a kind, a message for a person, and where it happened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub position: Position,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), position: Position::default() }
    }
    pub fn at_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.position.sheet = Some(sheet.into());
        self
    }
    pub fn at_row(mut self, row: usize) -> Self {
        self.position.row = Some(row);
        self
    }
    pub fn at_column(mut self, column: usize) -> Self {
        self.position.column = Some(column);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.position;
        let mut wrote = false;
        if let Some(s) = &p.sheet {
            write!(f, "sheet \"{s}\"")?;
            wrote = true;
        }
        if let Some(r) = p.row {
            write!(f, "{}row {r}", if wrote { ", " } else { "" })?;
            wrote = true;
        }
        if let Some(c) = p.column {
            write!(f, "{}column {}", if wrote { ", " } else { "" }, crate::column_letter(c))?;
            wrote = true;
        }
        if wrote {
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
