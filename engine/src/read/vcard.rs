//! vCard 2.1/3.0/4.0 → a sheet with one header row and one row per card, so contacts exported
//! from a phone flow through the same mapping as a spreadsheet.
//!
//! The header uses the Chinese labels the mapper recognises (姓名, 姓, 名, 手机, 座机, 邮箱, 公司,
//! 部门, 职务, 地址, 生日, 备注). A card with several phones, emails, organisations… gets numbered
//! columns (手机2, 邮箱2, 公司2 …): every value is kept. Telephones that are neither mobile nor work
//! lines (home, fax, pager, untyped landlines) go to 其他电话; nicknames and URLs to 昵称 and 网址.

use super::text::{decode_text, detect_encoding};
use super::{Cell, Format, ReadOptions, Sheet};
use crate::{Error, ErrorKind, Result};
use std::collections::{BTreeMap, HashSet};

/// Column families, in header order. The first twelve are always present; the rest only when used.
const FAMILIES: [&str; 15] = [
    "姓名", "姓", "名", "手机", "座机", "邮箱", "公司", "部门", "职务", "地址", "生日", "备注", "其他电话", "昵称", "网址",
];
const ALWAYS: usize = 12;

/// One content line: group, name (upper case), types, parameters and raw value.
#[derive(Debug)]
struct Prop {
    group: String,
    name: String,
    types: HashSet<String>,
    params: Vec<(String, String)>,
    value: String,
}

impl Prop {
    fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

pub(super) fn read(bytes: &[u8], options: &ReadOptions) -> Result<Sheet> {
    let decoded = decode_text(bytes, options.encoding.as_deref())?;
    let cards = parse_cards(&decoded.text)?;
    if cards.is_empty() {
        return Err(Error::new(ErrorKind::Empty, "this vCard file holds no BEGIN:VCARD … END:VCARD card"));
    }
    let limits = &options.limits;
    if cards.len() as u64 + 1 > limits.max_rows {
        return Err(Error::new(ErrorKind::TooLarge, format!("the file has more than {} contacts; split it", limits.max_rows)));
    }
    let records: Vec<BTreeMap<usize, Vec<String>>> = cards.iter().map(|c| card_record(c)).collect();

    // Columns: each family as wide as its largest card (at least one for the first twelve).
    let mut columns: Vec<(usize, usize)> = Vec::new(); // (family, index within the family)
    for (f, _) in FAMILIES.iter().enumerate() {
        let widest = records.iter().map(|r| r.get(&f).map_or(0, Vec::len)).max().unwrap_or(0);
        let width = if f < ALWAYS { widest.max(1) } else { widest };
        columns.extend((0..width).map(|i| (f, i)));
    }
    // The twelve base columns in front, then the extras family by family (手机2, 手机3, 座机2 …).
    columns.sort_by_key(|&(f, i)| (i > 0 || f >= ALWAYS, f, i));
    let header: Vec<Cell> = columns
        .iter()
        .map(|&(f, i)| Cell::text(if i == 0 { FAMILIES[f].to_string() } else { format!("{}{}", FAMILIES[f], i + 1) }))
        .collect();
    let mut rows: Vec<Vec<Cell>> = vec![header];
    for r in &records {
        rows.push(
            columns
                .iter()
                .map(|(f, i)| Cell::text(r.get(f).and_then(|v| v.get(*i)).cloned().unwrap_or_default()))
                .collect(),
        );
    }
    Ok(Sheet {
        format: Some(Format::Vcard),
        encoding: Some(decoded.encoding),
        encoding_overridden: decoded.overridden,
        first_row: 0,
        rows: rows.into(),
        ..Sheet::default()
    })
}

/// Unfold the text into content lines and group them by card, checking BEGIN/END pairs.
fn parse_cards(text: &str) -> Result<Vec<Vec<Prop>>> {
    let mut cards = Vec::new();
    let mut current: Option<(usize, Vec<Prop>)> = None;
    let mut nested = 0usize; // a 2.1 AGENT card inside a card: skipped
    for (line_no, line) in unfold(text) {
        if line.trim().is_empty() {
            continue;
        }
        let upper = line.trim().to_ascii_uppercase();
        if upper == "BEGIN:VCARD" {
            if current.is_some() {
                nested += 1;
            } else {
                current = Some((line_no, Vec::new()));
            }
            continue;
        }
        if upper == "END:VCARD" {
            if nested > 0 {
                nested -= 1;
            } else if let Some((_, props)) = current.take() {
                cards.push(props);
            } else {
                return Err(malformed(line_no, "END:VCARD without a BEGIN:VCARD before it"));
            }
            continue;
        }
        match current.as_mut() {
            None => return Err(malformed(line_no, "a line outside BEGIN:VCARD … END:VCARD")),
            Some(_) if nested > 0 => {}
            Some((_, props)) => {
                if let Some(p) = parse_line(&line) {
                    props.push(p);
                }
            }
        }
    }
    if let Some((begin, _)) = current {
        return Err(malformed(begin, "this BEGIN:VCARD has no END:VCARD"));
    }
    Ok(cards)
}

fn malformed(line: usize, what: &str) -> Error {
    Error::new(
        ErrorKind::Corrupt,
        format!("this vCard file is malformed: {what}; export the contacts again from the phone or address book"),
    )
    .at_row(line)
}

/// Logical lines with the number of the physical line they start on. A line starting with a
/// space or tab continues the previous one (RFC 6350 folding); a quoted-printable value ending in
/// `=` continues on the next line verbatim (vCard 2.1 soft line break).
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut soft_break = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if soft_break {
            if let Some((_, last)) = out.last_mut() {
                last.pop(); // the `=`
                last.push_str(line);
            }
        } else if line.starts_with([' ', '\t']) && !out.is_empty() {
            if let Some((_, last)) = out.last_mut() {
                last.push_str(&line[1..]);
            }
        } else {
            out.push((i + 1, line.to_string()));
        }
        soft_break = out.last().is_some_and(|(_, l)| {
            l.ends_with('=') && l.split_once(':').is_some_and(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
        });
    }
    out
}

/// Split `s` on `sep` outside double quotes.
fn split_unquoted(s: &str, sep: char) -> Vec<&str> {
    let (mut parts, mut start, mut quoted) = (Vec::new(), 0, false);
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

fn parse_line(line: &str) -> Option<Prop> {
    // The value starts after the first `:` outside a quoted parameter value.
    let mut quoted = false;
    let colon = line.char_indices().find(|&(_, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        c == ':' && !quoted
    })?.0;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let full = parts.next()?.trim();
    let (group, name) = match full.rsplit_once('.') {
        Some((g, n)) => (g.to_ascii_lowercase(), n.to_ascii_uppercase()),
        None => (String::new(), full.to_ascii_uppercase()),
    };
    let mut prop = Prop { group, name, types: HashSet::new(), params: Vec::new(), value: value.to_string() };
    for p in parts {
        match p.split_once('=') {
            Some((k, v)) => {
                let k = k.trim().to_ascii_uppercase();
                let v = v.trim().trim_matches('"').to_string();
                if k == "TYPE" {
                    prop.types.extend(v.split(',').map(|t| t.trim().trim_matches('"').to_ascii_lowercase()));
                } else if k == "PREF" {
                    prop.types.insert("pref".into());
                }
                prop.params.push((k, v));
            }
            // vCard 2.1 bare parameters: `TEL;CELL;PREF`, `NOTE;QUOTED-PRINTABLE`.
            None => {
                let t = p.trim().to_ascii_lowercase();
                if t == "quoted-printable" || t == "base64" {
                    prop.params.push(("ENCODING".into(), t.to_ascii_uppercase()));
                }
                prop.types.insert(t);
            }
        }
    }
    Some(prop)
}

/// The value's text: quoted-printable decoded in its CHARSET (detected when absent).
fn raw_text(p: &Prop) -> String {
    if !p.param("ENCODING").is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE")) {
        return p.value.clone();
    }
    let bytes = quoted_printable::decode(p.value.as_bytes(), quoted_printable::ParseMode::Robust)
        .unwrap_or_else(|_| p.value.as_bytes().to_vec());
    let charset = p.param("CHARSET").and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
    let enc = charset.unwrap_or_else(|| detect_encoding(&bytes));
    enc.decode_without_bom_handling(&bytes).0.into_owned()
}

/// Undo vCard escapes: `\n` is a line break, `\,` `\;` `\\` (and Gmail's `\:`) stand for themselves.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    // Quoted-printable values from Outlook carry CRLF line breaks (`=0D=0A`); keep one style.
    out.trim().replace("\r\n", "\n")
}

/// Components of a structured value (N, ADR, ORG): split on unescaped `;`, then unescaped.
fn components(s: &str) -> Vec<String> {
    let (mut parts, mut cur, mut escaped) = (Vec::new(), String::new(), false);
    for c in s.chars() {
        if escaped {
            cur.push('\\');
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ';' {
            parts.push(unescape(&cur));
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    parts.push(unescape(&cur));
    parts
}

fn is_cjk(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3040..=0x30FF | 0xAC00..=0xD7AF))
}

/// A mainland mobile number, possibly with +86 and separators.
fn looks_mobile(v: &str) -> bool {
    let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
    let d = digits.strip_prefix("86").filter(|d| d.len() == 11).unwrap_or(&digits);
    d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9') && v.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
}

/// Which column family a telephone goes to (手机 3, 座机 4, 其他电话 12).
fn tel_family(types: &HashSet<String>, label: Option<&str>, value: &str) -> usize {
    let has = |t: &str| types.contains(t);
    if has("cell") || has("mobile") || has("iphone") {
        return 3;
    }
    if has("fax") || has("pager") || has("home") {
        return 12;
    }
    if has("work") {
        return 4;
    }
    if let Some(l) = label.map(str::to_lowercase) {
        if ["mobile", "cell", "iphone", "手机", "移动"].iter().any(|k| l.contains(k)) {
            return 3;
        }
        if ["fax", "传真", "pager", "home", "家"].iter().any(|k| l.contains(k)) {
            return 12;
        }
        if ["work", "工作", "单位", "办公", "公司"].iter().any(|k| l.contains(k)) {
            return 4;
        }
    }
    if looks_mobile(value) { 3 } else { 12 }
}

/// An ADR's parts as one address: CJK addresses run from country to street without spaces, others
/// read street, city, region postcode, country.
fn address(parts: &[String]) -> String {
    let get = |i: usize| parts.get(i).map(String::as_str).unwrap_or("");
    let (pobox, ext, street, city, region, code, country) = (get(0), get(1), get(2), get(3), get(4), get(5), get(6));
    if parts.iter().any(|p| is_cjk(p)) {
        let main: String = [country, region, city, street, ext, pobox].concat();
        return [main.as_str(), code].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    }
    let region_code = [region, code].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    [pobox, ext, street, city, region_code.as_str(), country].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ")
}

/// `19800322` → `1980-03-22`; other forms are kept as written.
fn birthday(v: &str) -> String {
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..])
    } else {
        v.to_string()
    }
}

/// A card's values by column family, in the order they should fill the numbered columns.
fn card_record(props: &[Prop]) -> BTreeMap<usize, Vec<String>> {
    let labels: BTreeMap<&str, String> = props
        .iter()
        .filter(|p| !p.group.is_empty() && p.name == "X-ABLABEL")
        .map(|p| (p.group.as_str(), unescape(&raw_text(p))))
        .collect();
    // `ALTID` marks alternative forms of one value (4.0): keep the first of each.
    let mut altids = HashSet::new();
    let mut values: BTreeMap<usize, Vec<(bool, String)>> = BTreeMap::new();
    let mut add = |f: usize, pref: bool, v: String| values.entry(f).or_default().push((pref, v));
    let (mut fn_, mut n) = (None, None);
    for p in props {
        if let Some(alt) = p.param("ALTID") {
            if !altids.insert((p.name.clone(), alt.to_string())) {
                continue;
            }
        }
        let text = raw_text(p);
        let pref = p.types.contains("pref");
        match p.name.as_str() {
            "FN" if fn_.is_none() => fn_ = Some(unescape(&text)),
            "N" if n.is_none() => n = Some(components(&text)),
            "TEL" => {
                let mut v = unescape(&text);
                if let Some(rest) = v.strip_prefix("tel:").or_else(|| v.strip_prefix("TEL:")) {
                    // A 4.0 tel: URI; its `;ext=` becomes the `,` extension WeCom and dialers use.
                    v = rest.replacen(";ext=", ",", 1);
                }
                if !v.is_empty() {
                    let label = labels.get(p.group.as_str()).map(String::as_str);
                    add(tel_family(&p.types, label, &v), pref, v);
                }
            }
            "EMAIL" => add(5, pref, unescape(&text)),
            "ORG" => {
                // The organisation and its units (公司 / 部门 path), kept aligned: 公司2 goes with 部门2.
                let mut parts = components(&text).into_iter();
                add(6, false, parts.next().unwrap_or_default());
                add(7, false, parts.filter(|u| !u.is_empty()).collect::<Vec<_>>().join("/"));
            }
            "TITLE" => add(8, false, unescape(&text)),
            "ADR" => add(9, pref, address(&components(&text))),
            "BDAY" => add(10, false, birthday(&unescape(&text))),
            "NOTE" => add(11, false, unescape(&text)),
            "NICKNAME" => add(13, false, unescape(&text)),
            "URL" => add(14, false, unescape(&text)),
            _ => {}
        }
    }
    let mut out: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (f, mut vs) in values {
        if f != 6 && f != 7 {
            vs.retain(|(_, v)| !v.is_empty());
        }
        vs.sort_by_key(|(pref, _)| !*pref); // stable: preferred values first, then file order
        let vs: Vec<String> = vs.into_iter().map(|(_, v)| v).collect();
        if vs.iter().any(|v| !v.is_empty()) {
            out.insert(f, vs);
        }
    }
    let n = n.unwrap_or_default();
    let family = n.first().cloned().unwrap_or_default();
    let given = n.get(1).cloned().unwrap_or_default();
    let middle = n.get(2).cloned().unwrap_or_default();
    let full = match fn_.filter(|f| !f.is_empty()) {
        Some(f) => f,
        None if is_cjk(&family) || is_cjk(&given) => format!("{family}{given}"),
        None => [given.as_str(), middle.as_str(), family.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" "),
    };
    for (f, v) in [(0, full), (1, family), (2, given)] {
        if !v.is_empty() {
            out.insert(f, vec![v]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(vcf: &str) -> Sheet {
        read(vcf.as_bytes(), &ReadOptions::default()).unwrap()
    }
    fn col(s: &Sheet, header: &str, row: usize) -> String {
        let i = s.rows.row(0).iter().position(|c| c.text == header).unwrap_or_else(|| panic!("no column {header}"));
        s.cell_text(row, i).to_string()
    }

    #[test]
    fn chinese_name_is_built_from_n_without_a_space() {
        let s = sheet("BEGIN:VCARD\nVERSION:3.0\nN:张;三;;;\nTEL;TYPE=CELL:138 0013 8000\nEND:VCARD\n");
        assert_eq!(col(&s, "姓名", 1), "张三");
        assert_eq!((col(&s, "姓", 1), col(&s, "名", 1)), ("张".into(), "三".into()));
        assert_eq!(col(&s, "手机", 1), "138 0013 8000");
    }

    #[test]
    fn quoted_printable_gbk_with_soft_breaks() {
        let (gbk, _, _) = encoding_rs::GBK.encode("李四");
        let qp = String::from_utf8(quoted_printable::encode(&gbk)).unwrap();
        let (a, b) = qp.split_at(6);
        let vcf = format!("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:{a}=\r\n{b}\r\nTEL;CELL;PREF:13900139000\r\nEND:VCARD\r\n");
        let s = sheet(&vcf);
        assert_eq!(col(&s, "姓名", 1), "李四");
        assert_eq!(col(&s, "手机", 1), "13900139000");
    }

    #[test]
    fn several_phones_and_emails_get_numbered_columns() {
        let s = sheet("BEGIN:VCARD\nFN:A\nTEL;TYPE=cell:13800000001\nTEL;TYPE=cell,pref:13800000002\nEMAIL:a@x.cn\nEMAIL:b@x.cn\nTEL;TYPE=fax:010-1\nEND:VCARD\n");
        assert_eq!(col(&s, "手机", 1), "13800000002"); // preferred first
        assert_eq!(col(&s, "手机2", 1), "13800000001");
        assert_eq!(col(&s, "邮箱2", 1), "b@x.cn");
        assert_eq!(col(&s, "其他电话", 1), "010-1");
    }

    #[test]
    fn org_units_become_a_department_path_and_escapes_are_undone() {
        let s = sheet("BEGIN:VCARD\nFN:王五\nORG:示例科技;研发中心;平台组\nNOTE:一\\n二\\, 三\nEND:VCARD\n");
        assert_eq!(col(&s, "公司", 1), "示例科技");
        assert_eq!(col(&s, "部门", 1), "研发中心/平台组");
        assert_eq!(col(&s, "备注", 1), "一\n二, 三");
    }

    #[test]
    fn missing_end_is_reported_with_its_line() {
        let e = read(b"BEGIN:VCARD\nFN:x\n\nBEGIN:VCARD\nFN:y\nEND:VCARD\n", &ReadOptions::default());
        // The second BEGIN is taken as nested, so the first card never ends.
        let e = e.unwrap_err();
        assert_eq!((e.kind, e.position.row), (ErrorKind::Corrupt, Some(1)));
        let e = read(b"FN:x\nBEGIN:VCARD\nEND:VCARD\n", &ReadOptions::default()).unwrap_err();
        assert_eq!(e.position.row, Some(1));
    }
}
