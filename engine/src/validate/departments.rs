//! Department checks: one cell at a time (separators, forbidden characters, empty segments,
//! depth, name length, count), then across rows (names that differ only by spaces, width or case).

use super::keys::{Key, KeyTable};
use super::{rows_text, say, Code, Ctx, FastMap, Found, Lang, Severity, RELATED_ROWS_MAX};
use crate::normalize::department as dept;
use crate::normalize::text::clean_whitespace;
use crate::{Directory, Field};
use std::rc::Rc;

/// What one department cell's checks found; computed once per distinct value (a directory has far
/// fewer departments than people) and cached in the [`Ctx`].
#[derive(Debug, Default)]
pub(crate) struct Verdict {
    /// The cell rewritten with the profile's separators, segments cleaned, empty ones dropped.
    pub canonical: String,
    /// Does a segment have stray spaces (`总公司 /研发部`)?
    pub segments_dirty: bool,
    /// Issues: code, severity, Chinese and English message, fix.
    pub found: Vec<(Code, Severity, String, String, Option<String>)>,
}

/// Check one department cell (`value` already whitespace-cleaned); returns its canonical text.
pub(crate) fn check(ctx: &mut Ctx<'_>, row: usize, field: Field, raw: &str, value: &str) -> Rc<Verdict> {
    let slot = usize::from(field == Field::MainDepartment);
    let verdict = match ctx.dept_cache[slot].get(value) {
        Some(v) => Rc::clone(v),
        None => {
            let v = Rc::new(verdict(ctx, field, value));
            ctx.dept_cache[slot].insert(value.to_string(), Rc::clone(&v));
            v
        }
    };
    if (raw != value || verdict.segments_dirty) && !verdict.canonical.is_empty() {
        // Nothing left after cleaning (`" / ；"`) is department.invalid's business.
        super::row::whitespace_issue(ctx, row, field, raw, Some(verdict.canonical.clone()));
    }
    for (code, severity, zh, en, fix) in &verdict.found {
        ctx.push(Found {
            row,
            field: Some(field),
            code: *code,
            severity: *severity,
            message: say(ctx.lang, || zh.clone(), || en.clone()),
            value: raw,
            fix: fix.clone(),
        });
    }
    verdict
}

fn verdict(ctx: &Ctx<'_>, field: Field, value: &str) -> Verdict {
    let rules = ctx.rules;
    let syntax = rules.departments;
    let paths = dept::split(value, &syntax);
    let canonical = dept::join(&paths, &syntax);
    let fix = Some(canonical.clone()).filter(|c| !c.is_empty());
    let label = ctx.label(field);
    let segments_dirty = dept::split_raw(value, &syntax).iter().flatten().any(|s| clean_whitespace(s) != s.as_str());
    let mut found = Vec::new();
    let mut zh: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    let mut fixable = true;

    if syntax.numeric_ids {
        let raw_paths = dept::split_raw(value, &syntax);
        let bad: Vec<String> = raw_paths
            .iter()
            .map(|p| p.join(syntax.path_sep))
            .filter(|item| item.trim().is_empty() || !item.trim().bytes().all(|b| b.is_ascii_digit()))
            .collect();
        if !bad.is_empty() {
            zh.push(format!("应为数字部门 ID，多个用 ; 分隔（「{}」不是）", bad.join("」「")));
            en.push(format!("departments are numeric ids joined by ; (\"{}\" is not one)", bad.join("\", \"")));
            fixable = false;
        }
    } else {
        if let Some(sep) = dept::foreign_separator(value, &syntax) {
            let want = syntax.path_sep;
            found.push((
                Code::DepartmentSeparator,
                Severity::Error,
                format!("{label}的层级分隔符应为「{want}」而不是「{sep}」，否则会建出别的部门；应写作 {canonical}"),
                format!("department levels are separated by \"{want}\", not \"{sep}\" (the platform would create other departments): {canonical}"),
                fix.clone(),
            ));
        }
        let raw_paths = dept::split_raw(&dept::normalize_separators(value, &syntax), &syntax);
        if raw_paths.iter().flatten().any(|s| s.trim().is_empty()) {
            zh.push("有空的层级（如「A//B」或结尾多了分隔符）".into());
            en.push("an empty level (\"A//B\" or a trailing separator)".into());
        }
        let mut forbidden: Vec<char> = raw_paths.iter().flatten().filter_map(|s| dept::forbidden_char(s)).collect();
        forbidden.dedup();
        if !forbidden.is_empty() {
            let list: String = forbidden.iter().map(|c| format!("「{c}」")).collect();
            zh.push(format!("部门名称不能含 \\ : * ? \" < > | ｜ 等字符（这里有{list}）"));
            en.push(format!("department names must not contain \\ : * ? \" < > | ｜ (found {list})"));
            fixable = false;
        }
        if let Some(max) = rules.dept_max_depth {
            if let Some(depth) = raw_paths.iter().map(Vec::len).max().filter(|d| *d > max) {
                zh.push(format!("层级最多 {max} 级，这里有 {depth} 级"));
                en.push(format!("at most {max} levels, not {depth}"));
                fixable = false;
            }
        }
        if let Some(max) = rules.dept_name_max {
            let long: Vec<&String> = raw_paths.iter().flatten().filter(|s| s.trim().chars().count() > max).collect();
            if let Some(first) = long.first() {
                zh.push(format!("部门名称最长 {max} 个字符（「{first}」有 {} 个）", first.trim().chars().count()));
                en.push(format!(
                    "a department name has at most {max} characters (\"{first}\" has {})",
                    first.trim().chars().count()
                ));
                fixable = false;
            }
        }
    }
    if field == Field::Departments {
        if let Some(max) = rules.dept_max_count.filter(|m| paths.len() > *m) {
            zh.push(format!("最多 {max} 个部门，这里有 {} 个", paths.len()));
            en.push(format!("at most {max} departments, not {}", paths.len()));
            fixable = false;
        }
    }
    if !zh.is_empty() {
        let fix = if fixable { fix } else { None };
        let (zh_fix, en_fix) = match &fix {
            Some(f) => (format!("；应写作 {f}"), format!("; write {f}")),
            None => (String::new(), String::new()),
        };
        found.push((
            Code::DepartmentInvalid,
            Severity::Error,
            format!("{label}无效：{}{zh_fix}", zh.join("；")),
            format!("invalid department: {}{en_fix}", en.join("; ")),
            fix,
        ));
    }
    Verdict { canonical, segments_dirty, found }
}

/// `department.similar`: department names (at any level) that differ only by spaces, width or
/// case. The spelling most rows use is taken as the intended one; every row with another spelling
/// gets one warning naming it and (some of) the rows that use it. No fix: which spelling is right
/// is for a person to say.
pub(crate) fn similar(ctx: &mut Ctx<'_>, directory: &Directory, keys: &KeyTable) {
    let syntax = ctx.rules.departments;
    let sep = syntax.path_sep;
    // Rows grouped by their department cell (numbered as the rows were checked), then each
    // distinct cell's paths and prefixes: the work is per distinct department, not per person.
    let order = keys.departments();
    let mut rows_of_text: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for (i, &t) in keys.department_numbers().iter().enumerate() {
        if let Some(rows) = rows_of_text.get_mut(t as usize) {
            rows.push(i);
        }
    }
    // spelling (a path prefix) → (depth, the cells that contain it).
    let mut spellings: FastMap<String, (usize, Vec<usize>)> = FastMap::default();
    for (t, text) in order.iter().enumerate() {
        for path in dept::split(text, &syntax) {
            for depth in 1..=path.len() {
                let entry = spellings.entry(path[..depth].join(sep)).or_insert_with(|| (depth, Vec::new()));
                if entry.1.last() != Some(&t) {
                    entry.1.push(t);
                }
            }
        }
    }
    // similarity key → spellings.
    let mut groups: FastMap<String, Vec<&str>> = FastMap::default();
    for spelling in spellings.keys() {
        groups.entry(dept::similarity_key(spelling)).or_default().push(spelling.as_str());
    }
    let rows_of = |spelling: &str| -> Vec<usize> {
        let mut rows: Vec<usize> =
            spellings[spelling].1.iter().flat_map(|&t| rows_of_text[t].iter().copied()).collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    };
    // (person, depth, spelling, the majority spelling, its rows).
    type Candidate<'s> = (usize, usize, &'s str, &'s str, Rc<Vec<usize>>);
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut counted: Vec<(&str, Vec<usize>)> = members.iter().map(|s| (*s, rows_of(s))).collect();
        // Most rows first; ties go to the spelling seen first, then by text for determinism.
        counted.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1[0].cmp(&b.1[0])).then(a.0.cmp(b.0)));
        let (main, main_rows) = (counted[0].0, Rc::new(counted[0].1.clone()));
        for (spelling, rows) in &counted[1..] {
            let depth = spellings[*spelling].0;
            for &i in rows {
                candidates.push((i, depth, spelling, main, Rc::clone(&main_rows)));
            }
        }
    }
    candidates.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    candidates.dedup_by_key(|c| c.0);
    for (i, _, spelling, main, main_rows) in candidates {
        let person = &directory.people[i];
        let related: Vec<usize> =
            main_rows.iter().take(RELATED_ROWS_MAX).map(|&j| directory.people[j].source_row).collect();
        let total = main_rows.len();
        let (rz, re) = (rows_text(&related, total, Lang::Zh), rows_text(&related, total, Lang::En));
        let raw = person.fields.get(&Field::Departments).or(keys.get(i, Key::Departments)).unwrap_or("");
        let issue = ctx.push(Found {
            row: person.source_row,
            field: Some(Field::Departments),
            code: Code::DepartmentSimilar,
            severity: Severity::Warning,
            message: say(
                ctx.lang,
                || format!("部门「{spelling}」与「{main}」（{rz}）只差空格、全半角或大小写，是否为同一部门？"),
                || format!("department \"{spelling}\" differs from \"{main}\" ({re}) only by spaces, width or case: the same one?"),
            ),
            value: raw,
            fix: None,
        });
        issue.related_rows = related;
    }
}
