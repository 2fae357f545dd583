//! What the cells of the data rows were: formulas, merged cells, error values.

use super::{say, Code, Ctx, Found, Severity};
use crate::{CellKind, Directory, Field, Mapping, Sheet};
use std::collections::HashMap;

pub(crate) fn check(ctx: &mut Ctx<'_>, directory: &Directory, sheet: &Sheet, mapping: &Mapping) {
    if sheet.rows.is_empty() {
        return;
    }
    let field_of: HashMap<usize, Field> =
        mapping.columns.iter().filter_map(|c| c.field.map(|f| (c.index, f))).collect();
    let header_of = |c: usize| mapping.columns.iter().find(|m| m.index == c).map_or("", |m| m.header.as_str());

    // Covered cell (sheet coordinates, 0-based) → its range's first cell. Only cells inside the
    // grid are listed, so a hostile range (A1:XFD1048576) costs no more than the grid itself.
    let height = sheet.first_row + sheet.rows.len();
    let width = sheet.width();
    let mut covered: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
    for m in &sheet.merged {
        for r in m.first_row.max(sheet.first_row)..=m.last_row.min(height.saturating_sub(1)) {
            for c in m.first_col..=m.last_col.min(width.saturating_sub(1)) {
                if (r, c) != (m.first_row, m.first_col) {
                    covered.insert((r, c), (m.first_row, m.first_col));
                }
            }
        }
    }

    for person in &directory.people {
        let row = person.source_row;
        let Some(idx) = row.checked_sub(sheet.first_row + 1) else { continue };
        let Some(cells) = sheet.rows.get(idx) else { continue };
        let sheet_row = row - 1;
        // Kinds first: a cell's text is looked up only for the few cells reported (at 100k rows
        // the text of every cell was ~5 % of the check).
        for (c, &kind) in cells.kinds().iter().enumerate() {
            let anchor = if covered.is_empty() { None } else { covered.get(&(sheet_row, c)).copied() };
            let interesting = matches!(kind, CellKind::Formula | CellKind::Error | CellKind::Merged) || anchor.is_some();
            if !interesting {
                continue;
            }
            let Some(cell) = cells.get(c) else { continue };
            let field = field_of.get(&c).copied();
            let zh_where = match field {
                Some(f) => ctx.label(f).to_string(),
                None => format!("「{}」列", header_of(c)),
            };
            let en_where = match field {
                Some(f) => f.label_en().to_string(),
                None => format!("column \"{}\"", header_of(c)),
            };
            match cell.kind {
                CellKind::Formula => {
                    let kept = !cell.text.is_empty();
                    let (severity, zh, en) = if kept {
                        (
                            Severity::Warning,
                            format!("{zh_where}是公式，导入时可能读不到值；请改为粘贴数值（当前值：{}）", cell.text),
                            format!(
                                "{en_where} holds a formula, which an import may not read; paste it as a value ({})",
                                cell.text
                            ),
                        )
                    } else {
                        (
                            Severity::Error,
                            format!("{zh_where}是公式，文件里没有保存计算结果"),
                            format!("{en_where} holds a formula and the file kept no value"),
                        )
                    };
                    let fix = (kept && field.is_some()).then(|| cell.text.to_string());
                    push_cell(ctx, row, c, field, Code::CellFormula, severity, zh, en, cell.text, fix);
                }
                CellKind::Error => {
                    let severity = if field.is_some() { Severity::Error } else { Severity::Warning };
                    let zh = format!("{zh_where}是错误值 {}", cell.text);
                    let en = format!("{en_where} holds the error value {}", cell.text);
                    push_cell(ctx, row, c, field, Code::CellError, severity, zh, en, cell.text, None);
                }
                _ => {}
            }
            if cell.kind == CellKind::Merged || anchor.is_some() {
                let anchor_text = anchor
                    .and_then(|(r, ac)| sheet.rows.get(r.checked_sub(sheet.first_row)?)?.get(ac))
                    .map(|a| a.text.to_string())
                    .unwrap_or_default();
                let where_at = anchor.map(|(r, ac)| format!("{}{}", crate::column_letter(ac + 1), r + 1));
                let fix = match field {
                    Some(f) if person.get(f).trim().is_empty() && !anchor_text.trim().is_empty() => {
                        Some(anchor_text.clone())
                    }
                    _ => None,
                };
                let (zh, en) = match (&where_at, &fix) {
                    (Some(at), Some(v)) => (
                        format!("{zh_where}在合并单元格（{at}）里，这一行读到的是空值；取消合并并填入「{v}」"),
                        format!("{en_where} is inside a merged cell ({at}): this row reads empty; unmerge and fill in \"{v}\""),
                    ),
                    (Some(at), None) => (
                        format!("{zh_where}在合并单元格（{at}）里，这一行读到的是空值；请取消合并并逐行填写"),
                        format!("{en_where} is inside a merged cell ({at}): this row reads empty; unmerge and fill every row"),
                    ),
                    _ => (
                        format!("{zh_where}在合并单元格里，这一行读到的是空值；请取消合并并逐行填写"),
                        format!("{en_where} is inside a merged cell: this row reads empty; unmerge and fill every row"),
                    ),
                };
                push_cell(ctx, row, c, field, Code::CellMerged, Severity::Warning, zh, en, cell.text, fix);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_cell(
    ctx: &mut Ctx<'_>,
    row: usize,
    col: usize,
    field: Option<Field>,
    code: Code,
    severity: Severity,
    zh: String,
    en: String,
    value: &str,
    fix: Option<String>,
) {
    // Cells with a formula, an error value or a merge are few: both messages are written.
    let message = say(ctx.lang, || zh, || en);
    let issue = ctx.push(Found { row, field, code, severity, message, value, fix });
    // The cell's own column: a field mapped to two columns, or an unmapped column, still points
    // at the right cell.
    issue.column = Some(col + 1);
}
