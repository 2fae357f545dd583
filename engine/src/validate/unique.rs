//! Checks across rows: duplicate accounts, mobiles, e-mails and employee numbers, look-alike
//! e-mails, similar department names. Every check groups rows in a hash map by the key the
//! platform compares (linear time); a duplicate is reported on every row involved, naming the
//! others (at most [`RELATED_ROWS_MAX`] of them, so a value shared by thousands of rows stays
//! linear too).

use super::keys::{Key, KeyTable};
use super::{rows_text, say, Code, Ctx, Found, Lang, Severity, RELATED_ROWS_MAX};
use crate::{Directory, Field};
use std::collections::BTreeMap;

pub(crate) fn check(ctx: &mut Ctx<'_>, directory: &Directory, keys: &KeyTable) {
    let strict = if ctx.rules.unique_strict { Severity::Error } else { Severity::Warning };
    let employee = if ctx.rules.employee_no_unique { Severity::Error } else { Severity::Warning };
    duplicates(ctx, directory, keys, Key::Userid, Field::Userid, Code::UseridDuplicate, strict);
    duplicates(ctx, directory, keys, Key::Mobile, Field::Mobile, Code::MobileDuplicate, strict);
    duplicates(ctx, directory, keys, Key::Email, Field::Email, Code::EmailDuplicate, strict);
    duplicates(ctx, directory, keys, Key::BizEmail, Field::EnterpriseEmail, Code::EmailDuplicate, strict);
    duplicates(
        ctx,
        directory,
        keys,
        Key::EmployeeNo,
        Field::EmployeeNo,
        Code::EmployeeNoDuplicate,
        employee,
    );
    leading_zeros(ctx, directory, keys);
    confusables(ctx, directory, keys);
    super::departments::similar(ctx, directory, keys);
}

fn duplicates(
    ctx: &mut Ctx<'_>,
    directory: &Directory,
    keys: &KeyTable,
    key: Key,
    field: Field,
    code: Code,
    severity: Severity,
) {
    let groups = group_by(keys, key);
    if groups.members.is_empty() {
        return;
    }
    for i in 0..keys.len() {
        let Some(group) = groups.of(i) else { continue };
        let others: Vec<usize> =
            group.iter().filter(|&&j| j != i).take(RELATED_ROWS_MAX).map(|&j| directory.people[j].source_row).collect();
        let total = group.len() - 1;
        let person = &directory.people[i];
        let value = person.get(field);
        let label = ctx.label(field);
        let how_zh = if code == Code::UseridDuplicate && ctx.rules.userid.case_insensitive {
            "（不区分大小写）"
        } else {
            ""
        };
        let how_en =
            if code == Code::UseridDuplicate && ctx.rules.userid.case_insensitive { " (ignoring case)" } else { "" };
        let issue = ctx.push(Found {
            row: person.source_row,
            field: Some(field),
            code,
            severity,
            message: say(
                ctx.lang,
                || format!("{label}「{value}」与{}重复{how_zh}", rows_text(&others, total, Lang::Zh)),
                || format!("{} \"{value}\" is also on {}{how_en}", field.label_en(), rows_text(&others, total, Lang::En)),
            ),
            value,
            fix: None,
        });
        issue.related_rows = others;
    }
}

/// `employee_no.leading_zeros`: when most all-digit employee numbers have one width and some of
/// them start with `0`, a shorter all-digit number lost its zeros to Excel.
fn leading_zeros(ctx: &mut Ctx<'_>, directory: &Directory, keys: &KeyTable) {
    // Counted from the numbers' digits as the rows were checked, not from every number again.
    let mut by_len: BTreeMap<usize, (usize, bool)> = BTreeMap::new();
    let mut total = 0;
    for i in 0..keys.len() {
        let digits = keys.digits(i);
        let Some(len) = digits.len() else { continue };
        let e = by_len.entry(len).or_default();
        e.0 += 1;
        e.1 |= digits.leading_zero();
        total += 1;
    }
    let Some((&width, _)) = by_len.iter().find(|(_, (n, zero))| *zero && *n >= 3 && *n * 2 > total) else { return };
    for i in 0..keys.len() {
        if keys.digits(i).len().is_none_or(|len| len >= width) {
            continue;
        }
        let v = keys.get(i, Key::EmployeeNo).unwrap_or_default();
        let person = &directory.people[i];
        ctx.push(Found {
            row: person.source_row,
            field: Some(Field::EmployeeNo),
            code: Code::EmployeeNoLeadingZeros,
            severity: Severity::Warning,
            message: say(
                ctx.lang,
                || format!("工号「{v}」比其他工号（{width} 位，以 0 开头）短，可能被 Excel 当作数字去掉了开头的 0"),
                || format!("employee number \"{v}\" is shorter than the others ({width} digits, with leading zeros): Excel may have dropped its zeros"),
            ),
            value: person.get(Field::EmployeeNo),
            fix: None,
        });
    }
}

/// `email.confusable`: addresses whose look-alike skeletons are equal but which are different
/// addresses. Grouped by skeleton, then by address, so each row lists rows of *other* addresses.
fn confusables(ctx: &mut Ctx<'_>, directory: &Directory, keys: &KeyTable) {
    let groups = group_by(keys, Key::EmailSkeleton);
    for members in groups.members.iter().filter(|m| m.len() > 1) {
        // Sub-groups by address, in row order.
        let mut by_key: Vec<(&str, Vec<usize>)> = Vec::new();
        for &i in members {
            let key = keys.get(i, Key::Email).unwrap_or("");
            match by_key.iter().position(|(k, _)| *k == key) {
                Some(n) => by_key[n].1.push(i),
                None if by_key.len() <= RELATED_ROWS_MAX => by_key.push((key, vec![i])),
                None => {}
            }
        }
        if by_key.len() < 2 {
            continue;
        }
        for (n, (_, own)) in by_key.iter().enumerate() {
            let others: Vec<usize> = by_key
                .iter()
                .enumerate()
                .filter(|(m, _)| *m != n)
                .flat_map(|(_, (_, rows))| rows.iter().copied())
                .take(RELATED_ROWS_MAX)
                .collect();
            let total: usize = by_key.iter().enumerate().filter(|(m, _)| *m != n).map(|(_, (_, r))| r.len()).sum();
            let other_value = directory.people[others[0]].get(Field::Email).to_string();
            let other_rows: Vec<usize> = others.iter().map(|&j| directory.people[j].source_row).collect();
            for &i in own {
                let person = &directory.people[i];
                let value = person.get(Field::Email);
                let issue = ctx.push(Found {
                    row: person.source_row,
                    field: Some(Field::Email),
                    code: Code::EmailConfusable,
                    severity: Severity::Warning,
                    message: say(
                        ctx.lang,
                        || format!("邮箱「{value}」与{}的「{other_value}」只差形近字符（如 l/1/I、O/0、rn/m），请确认没有写错", rows_text(&other_rows, total, Lang::Zh)),
                        || format!("e-mail \"{value}\" differs from \"{other_value}\" on {} only by look-alike characters (l/1/I, O/0, rn/m): check it", rows_text(&other_rows, total, Lang::En)),
                    ),
                    value,
                    fix: None,
                });
                issue.related_rows = other_rows.clone();
            }
        }
    }
}

/// Rows grouped by key: `group[i]` is row `i`'s entry in `members` when other rows share its key,
/// else `u32::MAX`; `members` lists each such group's rows in row order, the groups in the order of
/// their first rows.
struct Groups {
    group: Vec<u32>,
    members: Vec<Vec<usize>>,
}

impl Groups {
    /// The rows sharing row `i`'s key, when several do.
    fn of(&self, i: usize) -> Option<&[usize]> {
        self.members.get(*self.group.get(i)? as usize).map(Vec::as_slice)
    }
}

/// Group the people by their key `which` in `keys`: the keys' hashes (taken as the keys were put)
/// sorted with the row below them, and texts compared only within a run of one hash. A hash map
/// from each key to its group did the same with a jump to a random place in memory per row; at 1M
/// rows its table (~32 MB for each of the six keys) missed the caches on most of them — natively
/// 18 % of the whole of opening a 1M-row CSV.
fn group_by(keys: &KeyTable, which: Key) -> Groups {
    let (n, key) = (keys.len(), |i: usize| keys.get(i, which));
    let bits = usize::BITS - n.leading_zeros();
    let mut order: Vec<u64> = (0..n).filter_map(|i| keys.hash_of(i, which).map(|h| u64::from(h) << bits | i as u64)).collect();
    order.sort_unstable();
    let row = |x: u64| (x & ((1 << bits) - 1)) as usize;
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut run_groups: Vec<Vec<usize>> = Vec::new();
    for run in order.chunk_by(|a, b| a >> bits == b >> bits).filter(|run| run.len() > 1) {
        // A run is one key but for hash collisions (32-bit hashes: at 1M rows some hundred pairs
        // of keys share one), which cost a comparison of texts: each row joins the first group
        // of its text.
        for &x in run {
            let k = key(row(x));
            match run_groups.iter_mut().find(|g| key(g[0]) == k) {
                Some(g) => g.push(row(x)),
                None => run_groups.push(vec![row(x)]),
            }
        }
        members.extend(run_groups.drain(..).filter(|g| g.len() > 1));
    }
    // Number the groups in the order of their first rows, as the reports list them.
    let mut group = vec![u32::MAX; n];
    for (g, rows) in members.iter().enumerate() {
        for &i in rows {
            group[i] = g as u32;
        }
    }
    let mut number = vec![u32::MAX; members.len()];
    let mut next = 0;
    for g in group.iter_mut().filter(|g| **g != u32::MAX) {
        if number[*g as usize] == u32::MAX {
            number[*g as usize] = next;
            next += 1;
        }
        *g = number[*g as usize];
    }
    let mut ordered = vec![Vec::new(); members.len()];
    for (g, rows) in members.into_iter().enumerate() {
        ordered[number[g] as usize] = rows;
    }
    Groups { group, members: ordered }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Person;

    /// Keys whose hashes collide still group by their texts, each group in row order and the
    /// groups in the order of their first rows.
    #[test]
    fn colliding_hashes_group_by_text() {
        let mobiles = ["1", "2", "1", "3", "2", "1", "4"];
        let people: Vec<Person> = mobiles
            .iter()
            .map(|m| Person { fields: [(Field::Mobile, *m)].into_iter().collect(), ..Person::default() })
            .collect();
        let mut keys = KeyTable::new(&people);
        for m in mobiles {
            keys.put(Key::Mobile, m, |out| out.push_str(m));
            keys.end_row();
        }
        let plain = group_by(&keys, Key::Mobile);
        keys.collide(Key::Mobile);
        for groups in [plain, group_by(&keys, Key::Mobile)] {
            assert_eq!(groups.members, [vec![0, 2, 5], vec![1, 4]]);
            assert_eq!(groups.of(3), None);
            assert_eq!(groups.of(5), Some(&[0, 2, 5][..]));
        }
    }
}
