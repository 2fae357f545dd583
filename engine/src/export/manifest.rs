//! The export manifest: what left, written beside the output (or inside the encrypted zip) as
//! JSON for programs and TXT for people. It holds no personal data — field names, counts and
//! hashes only — so it can be kept as a record of the disclosure after the file itself is deleted
//! (用完即删).

use super::{Destination, ExportOptions, Mask};
use crate::{Directory, Field};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The input file an export came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file_name: String,
    /// SHA-256 of the input file's bytes, lowercase hex ([`sha256_hex`]).
    pub sha256: String,
}

impl SourceInfo {
    pub fn of(file_name: impl Into<String>, bytes: &[u8]) -> SourceInfo {
        SourceInfo { file_name: file_name.into(), sha256: sha256_hex(bytes) }
    }
}

/// A moment as RFC 3339, the manifest's `created`: `unix_secs` since the epoch (UTC) shown at
/// `offset_east_minutes` from UTC (`None`: UTC written as `Z`). The caller reads the clock (the
/// page's or the system's), so the engine stays deterministic.
///
/// ```
/// use minglu::export::rfc3339;
/// assert_eq!(rfc3339(1_795_521_909, Some(480)), "2026-11-24T20:05:09+08:00");
/// assert_eq!(rfc3339(1_795_521_909, None), "2026-11-24T12:05:09Z");
/// assert_eq!(rfc3339(951_782_400, Some(-300)), "2000-02-28T19:00:00-05:00");
/// ```
pub fn rfc3339(unix_secs: i64, offset_east_minutes: Option<i32>) -> String {
    let offset = offset_east_minutes.unwrap_or(0);
    let local = unix_secs + i64::from(offset) * 60;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let time = format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60);
    match offset_east_minutes {
        None => format!("{time}Z"),
        Some(o) => {
            let (sign, off) = (if o < 0 { '-' } else { '+' }, o.unsigned_abs());
            format!("{time}{sign}{:02}:{:02}", off / 60, off % 60)
        }
    }
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    // Fed in 64 KiB pieces, not all at once. In the browser the first call of a function runs in
    // V8's baseline tier, and V8 cannot switch a running WebAssembly call to its optimized code:
    // one call hashing 16 MB ran at a sixth of the speed of the same call made again (600 ms
    // against 90 ms). Many short calls let the optimized code take over after the first few.
    let mut hasher = Sha256::new();
    for piece in bytes.chunks(1 << 16) {
        hasher.update(piece);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A field that left: where it went and how it was masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestField {
    pub field: Field,
    /// Columns (CSV, xlsx, templates) or properties (vCard) its values were written to.
    pub written_as: Vec<String>,
    pub mask: Option<Mask>,
}

/// Why a field with values did not leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// Not among the chosen fields.
    NotChosen,
    /// Chosen, but masked with [`Mask::Drop`].
    Dropped,
    /// The destination has no column or property for it (Outlook has no employee number).
    NoPlace,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub field: Field,
    pub reason: LeftOutReason,
}

/// What left, with one export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `Minglu <version>`.
    pub generator: String,
    pub file_name: String,
    pub destination: Destination,
    /// The format for people: `vCard 3.0 (phone contacts)`, `Alibaba Mail import CSV` …
    pub format: String,
    pub mime: String,
    /// Text encoding (vCard, CSV); `None` for xlsx.
    pub encoding: Option<String>,
    /// People written (one row or card each).
    pub rows: usize,
    pub fields: Vec<ManifestField>,
    /// Extra (unmapped) columns that left, by header.
    pub extra_columns: Vec<String>,
    /// Fields with values that did not leave, and why.
    pub left_out: Vec<LeftOut>,
    /// Cells prefixed with `'` against formula injection.
    pub neutralized_cells: usize,
    pub output_bytes: usize,
    /// SHA-256 of the output file, lowercase hex.
    pub output_sha256: String,
    pub source: Option<SourceInfo>,
    /// The export's time, as the caller gave it.
    pub created: Option<String>,
    /// The edit recipe applied before export.
    pub recipe: Option<serde_json::Value>,
    /// How the output is protected, set when it is encrypted (`AES-256 zip (WinZip AE-2)` …).
    pub encryption: Option<String>,
}

pub(crate) struct Parts<'a> {
    pub directory: &'a Directory,
    pub options: &'a ExportOptions,
    pub file_name: &'a str,
    pub mime: &'a str,
    pub encoding: Option<String>,
    pub rows: usize,
    pub carried: &'a BTreeMap<Field, BTreeSet<String>>,
    pub neutralized: usize,
    pub output: &'a [u8],
}

pub(crate) fn build(p: Parts<'_>) -> Manifest {
    let o = p.options;
    let fields = Field::ALL
        .into_iter()
        .filter_map(|f| {
            let cols = p.carried.get(&f)?;
            // 姓/名 split from 姓名 carry the name's mask.
            let mask = o.mask_of(f).or_else(|| {
                matches!(f, Field::FamilyName | Field::GivenName).then(|| o.mask_of(Field::Name)).flatten()
            });
            Some(ManifestField { field: f, written_as: cols.iter().cloned().collect(), mask })
        })
        .collect();
    let chosen = |f: Field| o.fields.is_empty() || o.fields.contains(&f);
    let with_data = super::prepare::fields_with_data(p.directory);
    let left_out = Field::ALL
        .into_iter()
        .filter(|&f| with_data.contains(&f) && !p.carried.contains_key(&f))
        .filter(|&f| {
            !(matches!(f, Field::FamilyName | Field::GivenName) && p.carried.contains_key(&Field::Name) && !chosen(f))
        })
        .map(|f| LeftOut {
            field: f,
            reason: if !chosen(f) {
                LeftOutReason::NotChosen
            } else if o.mask_of(f) == Some(Mask::Drop) {
                LeftOutReason::Dropped
            } else {
                LeftOutReason::NoPlace
            },
        })
        .collect();
    let wanted: BTreeSet<String> = o.extra_columns.iter().map(|h| crate::map::header_key(h)).collect();
    let extra_columns =
        p.directory.extra_headers.iter().filter(|h| wanted.contains(&crate::map::header_key(h))).cloned().collect();
    Manifest {
        generator: format!("Minglu {}", env!("CARGO_PKG_VERSION")),
        file_name: p.file_name.to_string(),
        destination: o.destination,
        format: o.destination.label_en().to_string(),
        mime: p.mime.to_string(),
        encoding: p.encoding,
        rows: p.rows,
        fields,
        extra_columns,
        left_out,
        neutralized_cells: p.neutralized,
        output_bytes: p.output.len(),
        output_sha256: if p.options.output_digest { sha256_hex(p.output) } else { String::new() },
        source: o.source.clone(),
        created: o.created.clone(),
        recipe: o.recipe.clone(),
        encryption: None,
    }
}

impl Manifest {
    /// `<file>.manifest.json`.
    pub fn json_file_name(&self) -> String {
        format!("{}.manifest.json", self.file_name)
    }

    /// `<file>.manifest.txt`.
    pub fn txt_file_name(&self) -> String {
        format!("{}.manifest.txt", self.file_name)
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data (strings, numbers, JSON values): serialization cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The manifest for people, in Chinese and English, CRLF line ends (Notepad-friendly).
    pub fn to_txt(&self) -> String {
        let mut l: Vec<String> = vec!["名录导出清单 / Minglu export manifest".into(), String::new()];
        l.push(format!("文件 File:            {} ({}, {} bytes)", self.file_name, self.mime, self.output_bytes));
        l.push(format!("SHA-256:              {}", self.output_sha256));
        l.push(format!("去向 Destination:     {} / {}", self.destination.label_zh(), self.format));
        if let Some(e) = &self.encoding {
            l.push(format!("编码 Encoding:        {e}"));
        }
        l.push(format!("人数 People:          {}", self.rows));
        if let Some(c) = &self.created {
            l.push(format!("时间 Time:            {c}"));
        }
        if let Some(s) = &self.source {
            l.push(format!("来源 Source:          {} (SHA-256 {})", s.file_name, s.sha256));
        }
        if let Some(e) = &self.encryption {
            l.push(format!("加密 Encryption:      {e}"));
        }
        l.push(String::new());
        l.push("导出的字段 Fields that left:".into());
        for f in &self.fields {
            let mask = f.mask.map(|m| format!("  [掩码 mask: {}]", m.key())).unwrap_or_default();
            l.push(format!("  {} {} → {}{mask}", f.field.label_zh(), f.field.key(), f.written_as.join(", ")));
        }
        if !self.extra_columns.is_empty() {
            l.push(format!("其他列 Extra columns: {}", self.extra_columns.join(", ")));
        }
        if !self.left_out.is_empty() {
            l.push(String::new());
            l.push("未导出 Left out:".into());
            for f in &self.left_out {
                let why = match f.reason {
                    LeftOutReason::NotChosen => "未选择 not chosen",
                    LeftOutReason::Dropped => "已删除 dropped by mask",
                    LeftOutReason::NoPlace => "目标无此列 the destination has no place for it",
                };
                l.push(format!("  {} {} — {why}", f.field.label_zh(), f.field.key()));
            }
        }
        l.push(String::new());
        l.push(format!("防公式注入 Formula cells neutralized: {}", self.neutralized_cells));
        if let Some(r) = &self.recipe {
            l.push(format!("编辑配方 Edit recipe: {}", serde_json::to_string(r).unwrap_or_default()));
        }
        l.push(self.generator.clone());
        l.join("\r\n") + "\r\n"
    }
}

/// `YYYY-MM-DD[THH:MM[:SS]]…` → its parts (the zone is ignored: the local time written is the
/// time shown). `None` when it is not such a date.
pub(crate) fn parse_timestamp(s: &str) -> Option<(u16, u8, u8, u8, u8, u8)> {
    let s = s.trim();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        t.bytes().all(|b| b.is_ascii_digit()).then(|| t.parse().ok()).flatten()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if s.get(4..5) != Some("-") || s.get(7..8) != Some("-") || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut h, mut mi, mut sec) = (0, 0, 0);
    if matches!(s.get(10..11), Some("T" | " ")) {
        h = num(11..13)?;
        mi = num(14..16)?;
        sec = num(17..19).unwrap_or(0);
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
    }
    Some((y as u16, mo as u8, d as u8, h as u8, mi as u8, sec as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("2026-11-23T10:05:09+08:00"), Some((2026, 11, 23, 10, 5, 9)));
        assert_eq!(parse_timestamp("2026-11-23"), Some((2026, 11, 23, 0, 0, 0)));
        assert_eq!(parse_timestamp("2026-13-01"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}
