//! A pre-flight check of legacy `.xls` files (and of anything in an OLE/CFB container) before
//! calamine sees them.
//!
//! Why: calamine parses a whole `.xls` inside `Xls::new`, and a few hostile patterns make it
//! allocate from declared numbers or index past a record's end:
//! - a FAT cycle in the compound file makes its chain reader grow a buffer forever;
//! - a `Dimensions` record (rows × columns) is passed straight to `Vec::reserve`, and cells are
//!   gathered into a dense grid spanning their bounding box (two cells at A1 and at row 65 536,
//!   column 65 536 ask for 4 billion cells) — an allocation failure aborts the process, which no
//!   `catch_unwind` can stop;
//! - short `BoundSheet8`, `Lbl`, `MergeCells` and similar records are indexed without bounds
//!   checks (a panic natively, an abort in wasm).
//!
//! So this module walks the compound file and the BIFF records the way calamine will, and refuses
//! the file with a clear error before any of that happens. It also tells an encrypted workbook
//! (an `EncryptedPackage` stream, or a BIFF `FilePass` record) from a damaged one.

use crate::{Error, ErrorKind, Limits, Result};

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;

/// What the check found out about a container that passed.
#[derive(Debug, Default)]
pub(super) struct XlsFacts {
    /// Largest dense grid (cells) calamine will build for any one sheet.
    pub largest_grid: u64,
}

fn corrupt(what: &str) -> Error {
    Error::new(
        ErrorKind::Corrupt,
        format!(
            "this .xls file is damaged ({what}); open it in Excel or WPS and save it again \
             (preferably as .xlsx)"
        ),
    )
}

pub(super) fn encrypted() -> Error {
    Error::new(
        ErrorKind::Encrypted,
        "this workbook is password-protected; open it in Excel, WPS or LibreOffice, remove the password \
         (File › Info › Protect Workbook › Encrypt with Password, or 文件 › 文档加密 in WPS), \
         save it and open it again",
    )
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The compound file, checked: sector size, FAT and directory.
struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    max_id: u32,
    fat: Vec<u32>,
    entries: Vec<(String, u32, u64)>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

impl<'a> Cfb<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Cfb<'a>> {
        if bytes.len() < 512 || !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(corrupt("not a complete Office compound file"));
        }
        let sector = match u16_at(bytes, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(corrupt("bad sector size")),
        };
        if u16_at(bytes, 32) != Some(6) || bytes.len() < sector {
            return Err(corrupt("bad mini sector size"));
        }
        let version = u16_at(bytes, 26).unwrap_or(0);
        let dir_start = u32_at(bytes, 48).unwrap_or(ENDOFCHAIN);
        let mini_fat_start = u32_at(bytes, 60).unwrap_or(ENDOFCHAIN);
        let mini_fat_len = u32_at(bytes, 64).unwrap_or(0) as u64;
        let difat_start = u32_at(bytes, 68).unwrap_or(ENDOFCHAIN);
        // calamine's bound on sector ids: file length / sector size.
        let max_id = (bytes.len() / sector) as u32;
        let mut cfb = Cfb { bytes, sector, max_id, fat: Vec::new(), entries: Vec::new(), mini_fat: Vec::new(), mini_stream: Vec::new() };

        // DIFAT: 109 ids in the header, then a chain whose last id in each sector is the next one.
        let mut difat: Vec<u32> = bytes[76..512].chunks(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let mut id = difat_start;
        let mut hops = 0u32;
        while id < RESERVED {
            hops += 1;
            if hops > max_id.saturating_add(1) {
                return Err(corrupt("endless DIFAT chain"));
            }
            let s = cfb.sector_bytes(id)?;
            difat.extend(s.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
            id = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            let s = cfb.sector_bytes(id)?;
            let fat: Vec<u32> = s.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
            cfb.fat.extend(fat);
        }

        let dirs = cfb.chain(dir_start, &cfb.fat, u64::MAX, false)?;
        for c in dirs.chunks_exact(128) {
            let units: Vec<u16> = c[..64].chunks(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.find('\0') {
                name.truncate(l);
            }
            let start = u32_at(c, 116).unwrap_or(ENDOFCHAIN);
            let len = if sector == 512 { u32_at(c, 120).unwrap_or(0) as u64 } else {
                u32_at(c, 120).unwrap_or(0) as u64 | (u32_at(c, 124).unwrap_or(0) as u64) << 32
            };
            // calamine converts the length to usize with unwrap(): refuse what wasm32 cannot hold.
            if usize::try_from(len).is_err() {
                return Err(corrupt("a stream declares an impossible length"));
            }
            cfb.entries.push((name, start, len));
        }
        if cfb.entries.is_empty() || (version != 3 && cfb.entries[0].1 == ENDOFCHAIN) {
            return Err(corrupt("no root directory"));
        }
        if mini_fat_len > 0 {
            let (_, root_start, root_len) = cfb.entries[0].clone();
            cfb.mini_stream = cfb.chain(root_start, &cfb.fat, root_len, false)?;
            let mf = cfb.chain(mini_fat_start, &cfb.fat, mini_fat_len.saturating_mul(sector as u64), false)?;
            cfb.mini_fat = mf.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        }
        Ok(cfb)
    }

    /// A sector's bytes (short at the end of the file, as calamine reads it).
    fn sector_bytes(&self, id: u32) -> Result<&'a [u8]> {
        if id > self.max_id {
            return Err(corrupt("a sector points past the end of the file"));
        }
        let start = (id as usize + 1) * self.sector;
        let end = (start + self.sector).min(self.bytes.len());
        Ok(self.bytes.get(start..end).unwrap_or(&[]))
    }

    /// Follow a chain as calamine does (stop at ENDOFCHAIN or once `len` bytes are gathered),
    /// but refuse loops and ids outside the table instead of looping or panicking.
    fn chain(&self, mut id: u32, fat: &[u32], len: u64, mini: bool) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut seen = vec![false; fat.len()];
        while id != ENDOFCHAIN {
            let s = if mini {
                let start = id as usize * 64;
                self.mini_stream.get(start..start + 64).ok_or_else(|| corrupt("a mini sector is missing"))?
            } else {
                self.sector_bytes(id)?
            };
            let take = (s.len() as u64).min(len - out.len() as u64) as usize;
            out.extend_from_slice(&s[..take]);
            if out.len() as u64 >= len {
                break;
            }
            let i = id as usize;
            if i >= fat.len() || std::mem::replace(&mut seen[i], true) {
                return Err(corrupt("a broken or looping sector chain"));
            }
            id = fat[i];
        }
        Ok(out)
    }

    fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(name))
    }

    fn stream(&self, name: &str) -> Option<Result<Vec<u8>>> {
        let (_, start, len) = self.entries.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name))?;
        Some(if *len < 4096 {
            self.chain(*start, &self.mini_fat, *len, true)
        } else {
            self.chain(*start, &self.fat, *len, false)
        })
    }
}

/// One BIFF record: type and body (CONTINUE records are not needed for these checks).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let body = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, body))
    })
}

/// Check an OLE/CFB file before calamine parses it. `budget` is the most cells one dense sheet
/// grid may have (see `workbook::dense_budget`).
pub(super) fn check(bytes: &[u8], limits: &Limits, budget: u64) -> Result<XlsFacts> {
    let cfb = Cfb::parse(bytes)?;
    // An encrypted xlsx/xlsb/docx is a CFB holding EncryptionInfo + EncryptedPackage.
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(encrypted());
    }
    let stream = match cfb.stream("Workbook").or_else(|| cfb.stream("Book")) {
        Some(s) => s?,
        None => {
            return Err(Error::new(
                ErrorKind::UnknownFormat,
                "this Office file holds no workbook (is it a Word or PowerPoint file?); \
                 open it in Excel or WPS and save it as .xlsx",
            ))
        }
    };
    let too_short = |what: &str| corrupt(&format!("a short {what} record"));

    // Globals: the records calamine reads before the sheets, checked for the lengths it assumes.
    let mut sheets = Vec::new();
    let mut biff8 = true;
    for (typ, d) in records(&stream) {
        match typ {
            0x002F => return Err(encrypted()), // FilePass
            0x0042 | 0x0022 | 0x0809 if d.len() < 2 => return Err(too_short("header")),
            0x0809 => {
                // BIFF2–5 BOF versions, or version 0 with a BIFF5 document type (as calamine reads it).
                let old = matches!(u16_at(d, 0), Some(0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500))
                    || (u16_at(d, 0) == Some(0) && u16_at(d, 2) == Some(0x1000));
                biff8 = !old;
            }
            0x0085 => {
                let pos = u32_at(d, 0).filter(|_| d.len() >= 6).ok_or_else(|| too_short("sheet"))? as usize;
                if pos > stream.len() {
                    return Err(corrupt("a sheet points past the end of the workbook"));
                }
                sheets.push(pos);
            }
            0x0018 => {
                let cce = u16_at(d, 4).filter(|_| d.len() >= 14).ok_or_else(|| too_short("name"))? as usize;
                if cce > d.len() {
                    return Err(too_short("name"));
                }
            }
            0x0017 if biff8 && d.len() < 2 => return Err(too_short("sheet reference")),
            0x000A => break,
            _ => {}
        }
    }

    let mut facts = XlsFacts::default();
    for pos in sheets {
        let grid = scan_sheet(&stream[pos..])?;
        facts.largest_grid = facts.largest_grid.max(grid.declared.max(grid.cells()));
        if grid.rows() > 0 {
            limits.check_dimensions(grid.rows(), grid.cols())?;
        }
        for cells in [grid.declared, grid.cells()] {
            if cells > budget {
                return Err(Error::new(
                    ErrorKind::TooLarge,
                    format!(
                        "a sheet of this .xls spans {cells} cells (rows {}–{}, up to column {}) but the \
                         file is only {} KB; it looks damaged or hostile. Open it in Excel or WPS, \
                         delete the empty rows and columns and save it as .xlsx",
                        grid.min_row + 1,
                        grid.max_row + 1,
                        grid.max_col + 1,
                        bytes.len() / 1024
                    ),
                ));
            }
        }
    }
    Ok(facts)
}

/// The bounding box of a sheet's cells, and the cell count its `Dimensions` record declares.
#[derive(Debug, Default)]
struct Grid {
    min_row: u32,
    max_row: u32,
    min_col: u32,
    max_col: u32,
    any: bool,
    declared: u64,
}

impl Grid {
    fn add(&mut self, row: u32, col: u32) {
        if !self.any {
            (self.min_row, self.max_row, self.min_col, self.max_col, self.any) = (row, row, col, col, true);
        }
        self.min_row = self.min_row.min(row);
        self.max_row = self.max_row.max(row);
        self.min_col = self.min_col.min(col);
        self.max_col = self.max_col.max(col);
    }
    fn rows(&self) -> u64 {
        if self.any { (self.max_row - self.min_row) as u64 + 1 } else { 0 }
    }
    fn cols(&self) -> u64 {
        if self.any { (self.max_col - self.min_col) as u64 + 1 } else { 0 }
    }
    fn cells(&self) -> u64 {
        self.rows() * self.cols()
    }
}

/// Walk one sheet substream as calamine does (nested BOF…EOF substreams such as embedded charts
/// are skipped) and measure what it will allocate.
fn scan_sheet(sheet: &[u8]) -> Result<Grid> {
    let mut grid = Grid::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    let short = |what: &str| corrupt(&format!("a short {what} record"));
    for (typ, d) in records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let pos = || Some((u16_at(d, 0)? as u32, u16_at(d, 2)? as u32));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => {
                // Dimensions, as calamine reads them: reserve(rows × cols).
                let (rf, rl, mut cf, cl) = match d.len() {
                    10 => (u16_at(d, 0).unwrap_or(0) as u64, u16_at(d, 2).unwrap_or(0) as u64, u16_at(d, 4).unwrap_or(0) as u64, u16_at(d, 6).unwrap_or(0) as u64),
                    14 | 16 => (u32_at(d, 0).unwrap_or(0) as u64, u32_at(d, 4).unwrap_or(0) as u64, u16_at(d, 8).unwrap_or(0) as u64, u16_at(d, 10).unwrap_or(0) as u64),
                    _ => continue, // calamine returns an error for these
                };
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                if rl >= 1 && cl >= 1 {
                    if rl - 1 < rf || cl - 1 < cf {
                        return Err(corrupt("a sheet's dimensions end before they start"));
                    }
                    grid.declared = grid.declared.max((rl - rf) * (cl - cf));
                }
            }
            0x0006 if d.len() >= 20 => {
                // Formula: calamine slices `cce` bytes of parsed expression without a bounds check.
                let cce = u16_at(d, 20).ok_or_else(|| short("formula"))? as usize;
                if 22 + cce > d.len() {
                    return Err(short("formula"));
                }
                if let Some((r, c)) = pos() {
                    grid.add(r, c);
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((r, c)) = pos() {
                    grid.add(r, c);
                }
            }
            0x00BD => {
                // MulRk: a run of cells in one row.
                let (Some((r, first)), Some(last)) = (pos(), d.len().checked_sub(2).and_then(|at| u16_at(d, at))) else { continue };
                if (last as u32) < first {
                    return Err(corrupt("a cell run ends before it starts"));
                }
                grid.add(r, first);
                grid.add(r, last as u32);
            }
            0x00E5 => {
                let count = u16_at(d, 0).ok_or_else(|| short("merged cells"))? as usize;
                if d.len() < 2 + 8 * count {
                    return Err(short("merged cells"));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_cfb_bytes() {
        let e = check(b"not an ole file at all", &Limits::default(), 1 << 20).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Corrupt);
    }

    #[test]
    fn mulrk_reversed_run_is_corrupt_not_a_panic() {
        // BOF, then a MulRk whose last column (0) is before its first (5).
        let mut s = vec![0x09, 0x08, 2, 0, 0, 6];
        s.extend_from_slice(&[0xBD, 0x00, 12, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(scan_sheet(&s).unwrap_err().kind, ErrorKind::Corrupt);
    }

    #[test]
    fn far_apart_cells_measure_their_bounding_box() {
        let mut s = Vec::new();
        for (r, c) in [(0u16, 0u16), (65535, 65535)] {
            s.extend_from_slice(&[0x7E, 0x02, 10, 0]);
            s.extend_from_slice(&r.to_le_bytes());
            s.extend_from_slice(&c.to_le_bytes());
            s.extend_from_slice(&[0; 6]);
        }
        let g = scan_sheet(&s).unwrap();
        assert_eq!(g.cells(), 65536 * 65536);
    }
}
