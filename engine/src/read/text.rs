//! Text formats: csv/tsv/txt. Encoding detection (BOM → strict UTF-8 → chardetng with a zh hint →
//! encoding_rs) and delimiter sniffing (`,` `;` tab `|` full-width `，`).

use super::{CellKind, Format, Progress, ReadOptions, Rows, Sheet};
use crate::{Error, ErrorKind, Result};
use encoding_rs::Encoding;

/// Text decoded from bytes, with the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding (`"UTF-8"`, `"GBK"`, `"UTF-16LE"` …).
    pub encoding: String,
    pub overridden: bool,
    /// Were there bytes that did not decode (replaced by U+FFFD)?
    pub had_errors: bool,
}

/// How much of a file chardetng looks at: enough for any real export's character mix.
const SNIFF_BYTES: usize = 1 << 20;

/// Guess the encoding of `bytes`: a BOM wins; then a BOM-less UTF-16 (NUL bytes in every other
/// position); then valid UTF-8 is UTF-8; then chardetng's guess with a `.cn` hint, which makes it
/// prefer GBK/GB18030 over Big5 and the single-byte encodings for the ambiguous cases.
pub fn detect_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    // (Before the UTF-8 test: ASCII in UTF-16 is valid UTF-8, NULs and all.)
    if let Some(enc) = utf16_without_bom(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(Some(b"cn"), false)
}

/// Excel's "Unicode text" is UTF-16LE with a BOM, but some tools drop the BOM: ASCII-heavy UTF-16
/// has a NUL in most odd (LE) or even (BE) positions, which no 8-bit text has.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    if odd * 3 > pairs * 2 && even == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if even * 3 > pairs * 2 && odd == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Decode `bytes` with the encoding named by `encoding` (any WHATWG label: `"gbk"`, `"gb18030"`,
/// `"big5"`, `"utf-8"`, `"utf-16le"` …) or, when `None`, the detected one. A byte-order mark is
/// removed. Bytes that do not decode become U+FFFD and set `had_errors`; that is not an error.
pub fn decode_text(bytes: &[u8], encoding: Option<&str>) -> Result<Decoded> {
    let (enc, overridden) = match encoding {
        Some(label) => (
            Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                Error::new(
                    ErrorKind::UnknownEncoding,
                    format!(
                        "\"{label}\" is not a text encoding Minglu knows; try one of utf-8, gbk, \
                         gb18030, big5, utf-16le, utf-16be, shift_jis, windows-1252"
                    ),
                )
            })?,
            true,
        ),
        None => {
            if let Some(text) = utf8_text(bytes) {
                return Ok(Decoded { text, encoding: "UTF-8".into(), overridden: false, had_errors: false });
            }
            (detect_encoding(bytes), false)
        }
    };
    let (text, had_errors) = enc.decode_with_bom_removal(bytes);
    let mut text = text.into_owned();
    if text.starts_with('\u{FEFF}') {
        text.remove(0); // a UTF-8 BOM left in front of text decoded under an override, or doubled
    }
    Ok(Decoded { text, encoding: enc.name().to_string(), overridden, had_errors })
}

/// The text of a file [`detect_encoding`] would call UTF-8 and that decodes without a
/// replacement, its byte-order mark(s) dropped; `None` otherwise. Validated once and copied: the
/// detection's test and the decoder's would each read the whole file again (16 MB at 100k rows).
fn utf8_text(bytes: &[u8]) -> Option<String> {
    let body = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(body) => body,
        None if Encoding::for_bom(bytes).is_none() && utf16_without_bom(bytes).is_none() => bytes,
        None => return None,
    };
    let text = std::str::from_utf8(body).ok()?;
    Some(text.strip_prefix('\u{FEFF}').unwrap_or(text).to_owned())
}

/// The delimiters Minglu tries, in order of preference on a tie.
const DELIMITERS: [char; 5] = [',', '\t', ';', '|', '，'];
/// Records looked at when sniffing the delimiter.
const SNIFF_RECORDS: usize = 50;

/// Pick the delimiter that splits the first records most consistently (quote-aware): the one
/// whose most common field count (above 1) covers the largest share of records, then the one
/// with more fields. `None` when no candidate splits anything (a one-column file).
pub(crate) fn sniff_delimiter(text: &str) -> Option<char> {
    let mut best: Option<(usize, usize, char)> = None;
    for d in DELIMITERS {
        let counts = field_counts(text, d);
        let mut freq = std::collections::BTreeMap::new();
        for c in counts.iter().filter(|c| **c > 1) {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        let Some((&mode, &n)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) else { continue };
        let share = n * 1000 / counts.len().max(1);
        if best.is_none_or(|(s, m, _)| (share, mode) > (s, m)) {
            best = Some((share, mode, d));
        }
    }
    best.map(|b| b.2)
}

/// Field counts of the first non-blank records, splitting on `d` outside double quotes.
fn field_counts(text: &str, d: char) -> Vec<usize> {
    let mut counts = Vec::new();
    let (mut fields, mut quoted, mut blank) = (1usize, false, true);
    for ch in text.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                blank = false;
            }
            '\n' | '\r' if !quoted => {
                if !blank {
                    counts.push(fields);
                    if counts.len() == SNIFF_RECORDS {
                        return counts;
                    }
                }
                (fields, blank) = (1, true);
            }
            c if c == d && !quoted => {
                fields += 1;
                blank = false;
            }
            _ => blank = false,
        }
    }
    if !blank {
        counts.push(fields);
    }
    counts
}

/// Bytes that never occur in real text, tried in turn as a stand-in for the full-width comma.
const SENTINELS: [u8; 8] = [0x1F, 0x1E, 0x1D, 0x1C, 0x01, 0x02, 0x03, 0x04];

pub(super) fn read(bytes: &[u8], format: Format, options: &ReadOptions, progress: &mut dyn FnMut(Progress)) -> Result<Sheet> {
    if options.encoding.is_none() {
        if let Some(sheet) = read_utf8(bytes, format, options, progress)? {
            return Ok(sheet);
        }
    }
    let decoded = decode_text(bytes, options.encoding.as_deref())?;
    let text = decoded.text;
    let delimiter = delimiter_of(format, &text);
    // The csv crate splits on one byte. A full-width comma (3 bytes in UTF-8) is swapped for a
    // control byte absent from the text — everywhere, quoted or not — and swapped back in every
    // field afterwards. Because the byte was absent, each occurrence in a field came from a `，`,
    // so the round trip is exact and quoting needs no special care.
    let (text, byte, restore) = if delimiter.is_ascii() {
        (text, delimiter as u8, None)
    } else {
        let s = SENTINELS.into_iter().find(|b| !text.as_bytes().contains(b)).ok_or_else(|| {
            Error::new(ErrorKind::Other, "this text uses every control character, so its full-width commas cannot be split; save it with ordinary commas")
        })?;
        (text.replace(delimiter, &(s as char).to_string()), s, Some(s as char))
    };
    // The text is valid UTF-8, so every record is.
    let rows = split(text.as_bytes(), byte, restore, true, options, progress)?
        .ok_or_else(|| Error::new(ErrorKind::Corrupt, "this text file could not be split into rows"))?;
    Ok(sheet(format, rows, decoded.encoding, decoded.overridden, delimiter))
}

/// A file [`detect_encoding`] would call UTF-8 (no other byte-order mark, not BOM-less UTF-16),
/// split as it is: the csv crate checks each record's UTF-8 as it reads it. Validating the whole
/// file first (as detection does) and copying it out read 16 MB twice more at 100k rows, ~8 % of
/// a CSV's pipeline in the browser. `None` when a record is not UTF-8 — detection and decoding
/// then read the file as before — or when the delimiter is a full-width comma (see [`read`]).
fn read_utf8(bytes: &[u8], format: Format, options: &ReadOptions, progress: &mut dyn FnMut(Progress)) -> Result<Option<Sheet>> {
    let body = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(body) => body,
        None if Encoding::for_bom(bytes).is_none() && utf16_without_bom(bytes).is_none() => bytes,
        None => return Ok(None),
    };
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body); // a doubled mark
    // The delimiter is sniffed from the first records, in the first MiB: a whole prefix of
    // characters, holding those records whole (else the whole text is sniffed, decoded).
    let head = &body[..body.len().min(SNIFF_BYTES)];
    let head = match std::str::from_utf8(head) {
        Ok(head) => head,
        // Cut inside a character at the end of the prefix.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
        Err(_) => return Ok(None),
    };
    if head.len() < body.len() && !holds_sniffed_records(head) {
        return Ok(None);
    }
    let delimiter = delimiter_of(format, head);
    if !delimiter.is_ascii() {
        return Ok(None);
    }
    Ok(split(body, delimiter as u8, None, true, options, progress)?.map(|rows| sheet(format, rows, "UTF-8".into(), false, delimiter)))
}

/// Does `text` hold the first [`SNIFF_RECORDS`] non-blank records whole (each ended by a line
/// break outside quotes, as [`field_counts`] counts them)? Sniffing it then sees what sniffing
/// the whole text would.
fn holds_sniffed_records(text: &str) -> bool {
    let (mut records, mut quoted, mut blank) = (0, false, true);
    for b in text.bytes() {
        match b {
            b'"' => {
                quoted = !quoted;
                blank = false;
            }
            b'\n' | b'\r' if !quoted => {
                if !blank {
                    records += 1;
                    if records == SNIFF_RECORDS {
                        return true;
                    }
                }
                blank = true;
            }
            _ => blank = false,
        }
    }
    false
}

/// The delimiter of a text in `format`: a tab for TSV, else the sniffed one, else a comma.
fn delimiter_of(format: Format, text: &str) -> char {
    match (format, sniff_delimiter(text)) {
        (Format::Tsv, _) => '\t',
        (_, Some(d)) => d,
        (_, None) => ',',
    }
}

fn sheet(format: Format, rows: Rows, encoding: String, overridden: bool, delimiter: char) -> Sheet {
    Sheet {
        format: Some(format),
        encoding: Some(encoding),
        encoding_overridden: overridden,
        delimiter: Some(delimiter),
        first_row: 0,
        rows,
        ..Sheet::default()
    }
}

/// Split `input` into rows on `byte` (a full-width comma's stand-in when `restore` says which).
/// `None` when a record is not UTF-8. The records before the first quote character are split by
/// hand ([`super::plain_lines`]) unless `by_hand` is false (tests compare the two); the csv crate
/// reads the rest.
pub(super) fn split(
    input: &[u8],
    byte: u8,
    restore: Option<char>,
    by_hand: bool,
    options: &ReadOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Option<Rows>> {
    // The cells' text is at most the file's text (quotes and delimiters go): one allocation.
    let mut rows = Rows::with_capacity(0, 0, input.len());
    let total = input.len() as u64;
    let mut taking = Taking { cells: 0, total, limits: &options.limits, progress };
    let from = match restore {
        Some(_) => 0,
        None if !by_hand => 0,
        None => match super::plain_lines::split(input, byte, &mut rows, &mut taking)? {
            super::plain_lines::Stop::At(from) => from,
            super::plain_lines::Stop::NotUtf8 => return Ok(None),
        },
    };
    let rest = &input[from..];
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(byte).from_reader(rest);
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        let more = match reader.read_record(&mut record) {
            Ok(more) => more,
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => return Ok(None),
            Err(e) => {
                return Err(Error::new(ErrorKind::Corrupt, format!("this text file could not be split into rows ({e})"))
                    .at_row(rows.len() + 1))
            }
        };
        if !more {
            break;
        }
        // The csv crate skips empty lines; Excel shows each as an empty row, and row numbers must
        // match what the user sees, so put them back.
        // (After a record ended by `\r\n` the reader stops between the two bytes: skip that `\n`.)
        let skip = usize::from(start > 0 && rest[start - 1] == b'\r' && rest.get(start) == Some(&b'\n'));
        rows.push_empty_rows(leading_blank_lines(&rest[start + skip..]));
        taking.record(&rows, record.len())?;
        let kind = |f: &str| if f.is_empty() { CellKind::Empty } else { CellKind::Text };
        match restore {
            Some(s) => rows.push_row(record.iter().map(|f| {
                let f = f.replace(s, "，");
                let k = kind(&f);
                (f, k)
            })),
            None => rows.push_row(record.iter().map(|f| (f, kind(f)))),
        }
        taking.took(&mut rows, from as u64 + reader.position().byte());
    }
    (taking.progress)(Progress { done: total, total });
    rows.shrink_to_fit();
    Ok(Some(rows))
}

/// The records split so far, held to the limits, with the progress they make.
pub(super) struct Taking<'a> {
    cells: u64,
    total: u64,
    limits: &'a super::Limits,
    progress: &'a mut dyn FnMut(Progress),
}

impl Taking<'_> {
    /// A record of `fields` cells comes next (after `rows`): an error if it passes a limit.
    pub(super) fn record(&mut self, rows: &Rows, fields: usize) -> Result<()> {
        self.cells += fields as u64;
        let (n, limits) = (rows.len() as u64 + 1, self.limits);
        if n > limits.max_rows || fields as u64 > limits.max_columns || self.cells > limits.max_cells {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the file has more than {} rows, {} columns or {} cells; split it into smaller files",
                    limits.max_rows, limits.max_columns, limits.max_cells
                ),
            )
            .at_row(n as usize));
        }
        Ok(())
    }

    /// The record is in `rows`, and the split has read `done` bytes of the input.
    pub(super) fn took(&mut self, rows: &mut Rows, done: u64) {
        if rows.len() == SIZING_ROWS {
            size_from_start(rows, self.cells, done, self.total, self.limits);
        }
        if rows.len().is_multiple_of(10_000) {
            (self.progress)(Progress { done, total: self.total });
        }
    }
}

/// Records read before the rows' buffers are sized for the whole file.
const SIZING_ROWS: usize = 1_000;

/// Room for the rows and cells still to come, guessed from the first ones (`rows` holds them and
/// took `consumed` of `total` bytes) with 1/16 to spare, within the limits: the cell list grows
/// once instead of doubling, and at 1M rows its last doubling held 64 + 128 MB at once. What is
/// left over goes at the end (`shrink_to_fit`); a guess too small doubles from there.
fn size_from_start(rows: &mut Rows, cells: u64, consumed: u64, total: u64, limits: &super::Limits) {
    if consumed == 0 || consumed >= total {
        return;
    }
    let scale = |n: u64, max: u64| (n.saturating_mul(total) / consumed).saturating_mul(17).div_ceil(16).min(max);
    let (all_rows, all_cells) = (scale(rows.len() as u64, limits.max_rows), scale(cells, limits.max_cells));
    let more = |all: u64, now: u64| usize::try_from(all.saturating_sub(now)).unwrap_or(0);
    rows.reserve(more(all_rows, rows.len() as u64), more(all_cells, cells), 0);
}

/// Line breaks at the start of `s` (each `\r\n`, `\n` or `\r` is one blank line).
fn leading_blank_lines(s: &[u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < s.len() {
        match s[i] {
            b'\r' if s.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_bom_utf8_and_gbk() {
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFa,b").name(), "UTF-8");
        assert_eq!(detect_encoding(b"\xFF\xFEa\0").name(), "UTF-16LE");
        assert_eq!(detect_encoding("姓名,手机".as_bytes()).name(), "UTF-8");
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,手机,部门\n张三,13800138000,销售部\n");
        assert_eq!(detect_encoding(&gbk).name(), "GBK");
    }

    #[test]
    fn bomless_utf16_is_recognised() {
        let bytes: Vec<u8> = "name,phone\nzhang,138\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(detect_encoding(&bytes).name(), "UTF-16LE");
    }

    #[test]
    fn override_and_unknown_label() {
        let (gbk, _, _) = encoding_rs::GBK.encode("张三");
        let d = decode_text(&gbk, Some("gb2312")).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str(), d.overridden), ("张三", "GBK", true));
        assert_eq!(decode_text(b"x", Some("klingon")).unwrap_err().kind, ErrorKind::UnknownEncoding);
    }

    #[test]
    fn utf8_files_decode_as_the_general_path_does() {
        let general = |bytes: &[u8]| {
            let enc = detect_encoding(bytes);
            let (text, had_errors) = enc.decode_with_bom_removal(bytes);
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
            (text, enc.name().to_string(), had_errors)
        };
        let utf16: Vec<u8> = "name,phone\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let cases: [&[u8]; 8] = [
            "姓名,手机\n张三,138".as_bytes(),
            b"\xEF\xBB\xBFa,b",
            b"\xEF\xBB\xBF\xEF\xBB\xBFa,b",
            b"\xEF\xBB\xBFa\xFFb",
            b"",
            b"\xFF\xFEa\0",
            &utf16,
            b"a\xB2\xE2b",
        ];
        for bytes in cases {
            let d = decode_text(bytes, None).unwrap();
            assert_eq!(
                (d.text, d.encoding, d.had_errors),
                general(bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn malformed_bytes_are_replaced_not_fatal() {
        let d = decode_text(b"a\xFFb", Some("utf-8")).unwrap();
        assert!(d.had_errors);
        assert_eq!(d.text, "a\u{FFFD}b");
    }

    #[test]
    fn sniffs_delimiters_quote_aware() {
        assert_eq!(sniff_delimiter("a;b;c\n1;\"x;y\";3\n"), Some(';'));
        assert_eq!(sniff_delimiter("a\tb\n\"1,2\"\t3\n"), Some('\t'));
        assert_eq!(sniff_delimiter("姓名，手机\n张三，138\n"), Some('，'));
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n"), Some('|'));
        assert_eq!(sniff_delimiter("one\ncolumn\n"), None);
        // A comma inside free text does not beat a consistent tab.
        assert_eq!(sniff_delimiter("备注\t姓名\n你好,世界\t张三\n嗯\t李四\n"), Some('\t'));
    }

    /// The rows of `bytes` read as [`read`] does, and as the decoding path reads them (what every
    /// file went through before UTF-8 files were split as bytes).
    fn both_ways(bytes: &[u8]) -> (Sheet, Sheet) {
        let fast = read(bytes, Format::Csv, &ReadOptions::default(), &mut |_| {}).unwrap();
        let decoded = decode_text(bytes, None).unwrap();
        let mut general = read(decoded.text.as_bytes(), Format::Csv, &ReadOptions { encoding: Some(decoded.encoding), ..ReadOptions::default() }, &mut |_| {}).unwrap();
        general.encoding_overridden = false;
        (fast, general)
    }

    #[test]
    fn utf8_split_as_bytes_reads_as_decoded_text() {
        let long_rows: String = (0..60).map(|i| format!("{i};{}\n", "长".repeat(8_000))).collect();
        let cases: Vec<Vec<u8>> = vec![
            "姓名,手机\n张三,13800138000\n".into(),
            b"\xEF\xBB\xBFa,b\r\n\r\n1,2\r\n".to_vec(),
            b"\xEF\xBB\xBF\xEF\xBB\xBFa,b\n1,2".to_vec(),
            "a,\"多行\n备注\",\"引\"\"号\"\n\n\n1,2,3\n".into(),
            "a\tb\n1\t\"x,y\"\n".into(),
            // The first MiB holds fewer than 50 records: the whole text is sniffed.
            long_rows.into_bytes(),
            Vec::new(),
        ];
        for bytes in cases {
            let (fast, general) = both_ways(&bytes);
            assert_eq!(fast.rows.to_vecs(), general.rows.to_vecs(), "{:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(80)]));
            assert_eq!((fast.encoding.as_deref(), fast.delimiter), (Some("UTF-8"), general.delimiter));
        }
    }

    #[test]
    fn rows_past_the_sizing_sample_read_whole() {
        // Rows longer after the first thousand than before: the guess is short and the lists grow.
        let line = |i: usize| if i < 1_500 { format!("u{i},张{i}\n") } else { format!("u{i},张{i},{}\n", "备注".repeat(i % 7)) };
        let text: String = (0..4_000).map(line).collect();
        let sheet = read(text.as_bytes(), Format::Csv, &ReadOptions::default(), &mut |_| {}).unwrap();
        assert_eq!(sheet.rows.len(), 4_000);
        for i in [0, 999, 1_000, 1_001, 1_499, 1_500, 3_999] {
            let cells: Vec<String> = sheet.rows.row(i).iter().map(|c| c.text.to_string()).collect();
            assert_eq!(cells.join(",") + "\n", line(i), "row {i}");
        }
        // The guess stays within the limits: a file past them is refused, not sized for.
        let limits = crate::read::Limits { max_rows: 1_200, ..Default::default() };
        let err = read(text.as_bytes(), Format::Csv, &ReadOptions { limits, ..ReadOptions::default() }, &mut |_| {}).unwrap_err();
        assert_eq!((err.kind, err.position.row), (ErrorKind::TooLarge, Some(1_201)));
    }

    #[test]
    fn a_gbk_record_after_utf8_ones_reads_the_file_as_gbk() {
        // ASCII (valid UTF-8) for 200 rows, then a name in GBK: the split stops at that record
        // and the file is decoded as detection says.
        let mut text = String::from("name,mobile\n");
        for i in 0..200 {
            text.push_str(&format!("user{i},138{i:08}\n"));
        }
        text.push_str("张三,13800138000\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let sheet = read(&gbk, Format::Csv, &ReadOptions::default(), &mut |_| {}).unwrap();
        assert_eq!(sheet.encoding.as_deref(), Some("GBK"));
        assert_eq!(sheet.rows.len(), 202);
        assert_eq!(sheet.rows.row(201).text(0), "张三");
    }

    #[test]
    fn full_width_commas_still_split() {
        let sheet = read("姓名，手机\n张三，138\n".as_bytes(), Format::Csv, &ReadOptions::default(), &mut |_| {}).unwrap();
        assert_eq!(sheet.delimiter, Some('，'));
        assert_eq!(sheet.rows.row(1).text(1), "138");
    }

    #[test]
    fn blank_lines_count_as_rows() {
        assert_eq!(leading_blank_lines(b"\r\n\n\rx"), 3);
        assert_eq!(leading_blank_lines(b"x\n"), 0);
    }
}
