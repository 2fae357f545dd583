//! The diff report workbook: a summary sheet (with the deletion guard), then one sheet per list —
//! 入职 (joiners), 离职 (leavers), 调动 (movers), 变更 (changed fields), 歧义 (ambiguous) — every
//! row pointing back to its rows in the two files.
//!
//! Deterministic like the sample workbook: a fixed creation time, and rust_xlsxwriter writes zip
//! entries with a fixed timestamp, so the same diff gives the same bytes. Values are written as
//! strings, never formulas, so a cell starting with `=` cannot run in Excel.

use super::{Ambiguity, AmbiguityReason, Candidate, Changes, Key, Member};
use crate::{Directory, Error, ErrorKind, Field, Person, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

fn xlsx_error(e: XlsxError) -> Error {
    Error::new(ErrorKind::Other, format!("could not write the diff report: {e}"))
}

/// A sheet being written: header row in bold, frozen, then rows of text.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet, name: &str, headers: &[(&str, f64)]) -> Result<Sheet<'a>> {
        ws.set_name(name).map_err(xlsx_error)?;
        let bold = Format::new().set_bold();
        for (c, (h, width)) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(xlsx_error)?;
            ws.set_column_width(c as u16, *width).map_err(xlsx_error)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        Ok(Sheet { ws, row: 1 })
    }

    fn push(&mut self, cells: &[String]) -> Result<()> {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                self.ws.write_string(self.row, c as u16, v).map_err(xlsx_error)?;
            }
        }
        self.row += 1;
        Ok(())
    }
}

fn dept(p: &Person) -> String {
    super::compare::departments_text(&p.departments)
}

fn member_row(m: &Member, p: &Person) -> Vec<String> {
    vec![
        m.id.clone(),
        m.name.clone(),
        dept(p),
        p.get(Field::Position).to_string(),
        p.get(Field::Mobile).to_string(),
        p.get(Field::Email).to_string(),
        m.row.to_string(),
    ]
}

fn candidates(list: &[Candidate]) -> String {
    list.iter().map(|c| format!("第{}行 {} ({})", c.row, c.name, c.id)).collect::<Vec<_>>().join("；")
}

fn keys_text(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label_zh()).collect::<Vec<_>>().join("、")
}

fn reason_text(a: &Ambiguity) -> &'static str {
    match a.reason {
        AmbiguityReason::Shared => "同一个值对应多人",
        AmbiguityReason::Conflict => "不同的键指向不同的人",
    }
}

/// Write the report workbook for `changes`, computed by [`super::diff`] from `old` and `new`.
pub fn report_xlsx(changes: &Changes, old: &Directory, new: &Directory) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 1).map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let person = |dir: &Directory, i: usize| dir.people.get(i).cloned().unwrap_or_default();

    {
        let mut s = Sheet::new(workbook.add_worksheet(), "概要", &[("项目", 18.0), ("数量 / 说明", 60.0)])?;
        let g = &changes.guard;
        let guard = if g.blocked {
            format!(
                "注意：按新文件全量覆盖将删除 {} 人（现有 {} 人），超过企业微信全量覆盖的删除上限，导入会被中止；请改用增量导入",
                g.deletions, g.staff
            )
        } else {
            format!("按新文件全量覆盖将删除 {} 人（现有 {} 人），未超过企业微信的删除上限", g.deletions, g.staff)
        };
        let rows: Vec<(String, String)> = vec![
            ("对比键".into(), format!("{}（实际使用：{}）", changes.key.label_zh(), keys_text(&changes.keys))),
            ("原文件人数".into(), old.people.len().to_string()),
            ("新文件人数".into(), new.people.len().to_string()),
            ("入职".into(), changes.joiners.len().to_string()),
            ("离职".into(), changes.leavers.len().to_string()),
            ("调动".into(), changes.movers.len().to_string()),
            ("字段变更（人）".into(), changes.changed_people().to_string()),
            ("未变".into(), changes.unchanged.to_string()),
            ("歧义（组）".into(), changes.ambiguous.len().to_string()),
            ("删除保护".into(), guard),
        ];
        for (k, v) in rows {
            s.push(&[k, v])?;
        }
    }
    let member_headers: [(&str, f64); 7] =
        [("标识", 16.0), ("姓名", 12.0), ("部门", 36.0), ("职务", 16.0), ("手机", 16.0), ("邮箱", 28.0), ("行号", 8.0)];
    {
        let mut s = Sheet::new(workbook.add_worksheet(), "入职", &member_headers)?;
        for m in &changes.joiners {
            s.push(&member_row(m, &person(new, m.index)))?;
        }
    }
    {
        let mut s = Sheet::new(workbook.add_worksheet(), "离职", &member_headers)?;
        for m in &changes.leavers {
            s.push(&member_row(m, &person(old, m.index)))?;
        }
    }
    {
        let headers =
            [("标识", 16.0), ("姓名", 12.0), ("原部门", 36.0), ("新部门", 36.0), ("原行号", 8.0), ("新行号", 8.0)];
        let mut s = Sheet::new(workbook.add_worksheet(), "调动", &headers)?;
        for m in &changes.movers {
            let (a, b) = (person(old, m.old_index), person(new, m.new_index));
            s.push(&[
                m.id.clone(),
                b.get(Field::Name).to_string(),
                m.from.clone(),
                m.to.clone(),
                a.source_row.to_string(),
                b.source_row.to_string(),
            ])?;
        }
    }
    {
        let headers = [
            ("标识", 16.0),
            ("姓名", 12.0),
            ("字段", 12.0),
            ("原值", 28.0),
            ("新值", 28.0),
            ("原行号", 8.0),
            ("新行号", 8.0),
        ];
        let mut s = Sheet::new(workbook.add_worksheet(), "变更", &headers)?;
        for c in &changes.changed {
            let (a, b) = (person(old, c.old_index), person(new, c.new_index));
            s.push(&[
                c.id.clone(),
                b.get(Field::Name).to_string(),
                c.field.label_zh().to_string(),
                c.old.clone(),
                c.new.clone(),
                a.source_row.to_string(),
                b.source_row.to_string(),
            ])?;
        }
    }
    {
        let headers = [("原因", 22.0), ("对比键", 12.0), ("值", 28.0), ("原文件", 48.0), ("新文件", 48.0)];
        let mut s = Sheet::new(workbook.add_worksheet(), "歧义", &headers)?;
        for a in &changes.ambiguous {
            s.push(&[
                reason_text(a).to_string(),
                keys_text(&a.keys),
                a.values.join("；"),
                candidates(&a.old),
                candidates(&a.new),
            ])?;
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}
