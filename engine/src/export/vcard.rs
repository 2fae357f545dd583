//! vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350): one file, one card per person, CRLF.
//!
//! - `N:张;三;;;` and `FN:张三` (the name split by [`super::names`] unless 姓/名 are given);
//!   `NICKNAME` (alias), `ORG` (organization, then the main department's levels), `TITLE`,
//!   `TEL` cell and work (with the extension after a `,`, the dial pause phones understand),
//!   `EMAIL` personal and work, `ADR` work, `BDAY`, `GENDER` (4.0), `NOTE`.
//! - 3.0 and 4.0 escape `\` `,` `;` and line breaks, and fold lines at 75 octets without
//!   splitting a UTF-8 sequence (a continuation line starts with a space, which counts).
//! - 2.1, as Android writes it: a value with non-ASCII characters or line breaks is
//!   `CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE`; long quoted-printable lines end in a soft line
//!   break `=` and continue on the next line; only `;` is escaped.
//! - 3.0 can add `CHARSET=UTF-8` to non-ASCII properties ([`super::ExportOptions::vcard_charset`]):
//!   RFC 2426 does not define it, but iOS has mis-read non-ASCII cards without it. 4.0 forbids it.

use super::{names, Destination, ExportOptions};
use crate::normalize::date::{parse_date, ParsedDate};
use crate::normalize::gender::{parse_gender, Gender};
use crate::{Field, Person};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V21,
    V30,
    V40,
}

pub(crate) fn version(d: Destination) -> Option<Version> {
    match d {
        Destination::Vcard21 => Some(Version::V21),
        Destination::Vcard3 => Some(Version::V30),
        Destination::Vcard4 => Some(Version::V40),
        _ => None,
    }
}

/// The fields a card carries (GENDER only in 4.0).
pub(crate) const FIELDS: &[Field] = &[
    Field::Name,
    Field::FamilyName,
    Field::GivenName,
    Field::Alias,
    Field::Departments,
    Field::Position,
    Field::Mobile,
    Field::Telephone,
    Field::Extension,
    Field::Email,
    Field::EnterpriseEmail,
    Field::Address,
    Field::Birthday,
    Field::Gender,
    Field::Remark,
];

/// The property names a card can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PropName {
    N,
    Fn,
    Nickname,
    Org,
    Title,
    Tel,
    Email,
    Adr,
    Bday,
    Gender,
    Note,
}

/// As written, in [`PropName`] order.
const NAMES: [&str; 11] = ["N", "FN", "NICKNAME", "ORG", "TITLE", "TEL", "EMAIL", "ADR", "BDAY", "GENDER", "NOTE"];

impl PropName {
    fn as_str(self) -> &'static str {
        NAMES[self as usize]
    }
}

/// A property before encoding: name, type parameters per version, value, and the fields it
/// carries. It borrows the person's text: a card is written without copying its values.
struct Prop<'a> {
    name: PropName,
    /// Type parameters: (2.1 form, 3.0 form, 4.0 form), e.g. (`;CELL`, `;TYPE=CELL`, `;TYPE=cell`).
    types: Option<(&'static str, &'static str, &'static str)>,
    value: Value<'a>,
    /// The fields the value came from (at most two: 姓 and 名, or the phone and its extension).
    fields: [Option<Field>; 2],
    /// A text value (escaped). TEL and EMAIL are not text in RFC 2426: a `,` in `010-…,8001`
    /// is the dial pause and stays as it is.
    text: bool,
}

/// A property's value: its components, joined by `;` when written.
#[derive(Clone, Copy)]
enum Value<'a> {
    /// One component.
    One(&'a str),
    /// A work phone and its extension after the dial pause: `010-12345678,8001`.
    Dial(&'a str, &'a str),
    /// `N`: family; given; and the three components a directory has no field for.
    Name(&'a str, &'a str),
    /// `ORG`: the organization (when given), then the main department's levels.
    Org(Option<&'a str>, &'a [String]),
    /// `ADR`: the address as the street; PO box, extended, locality, region, postal code and
    /// country empty.
    Street(&'a str),
}

impl Value<'_> {
    /// Each component in order (`Dial` is one component).
    fn each(self, mut f: impl FnMut(&str)) {
        match self {
            Value::One(v) => f(v),
            Value::Dial(tel, _) => f(tel), // `value_into` adds the extension to the same component
            Value::Name(family, given) => [family, given, "", "", ""].into_iter().for_each(f),
            Value::Org(org, levels) => org.into_iter().chain(levels.iter().map(String::as_str)).for_each(f),
            Value::Street(street) => ["", "", street, "", "", "", ""].into_iter().for_each(f),
        }
    }

    /// Is every component ASCII?
    fn is_ascii(self) -> bool {
        let mut ascii = true;
        self.each(|c| ascii &= c.is_ascii());
        ascii && !matches!(self, Value::Dial(_, ext) if !ext.is_ascii())
    }

    /// Is every component empty? (Such a property is left out.)
    fn is_blank(self) -> bool {
        let mut blank = true;
        self.each(|c| blank &= c.is_empty());
        blank && !matches!(self, Value::Dial(_, ext) if !ext.is_empty())
    }
}

fn prop<'a>(name: PropName, types: Option<(&'static str, &'static str, &'static str)>, value: &'a str, field: Field) -> Prop<'a> {
    let text = !matches!(name, PropName::Tel | PropName::Email | PropName::Bday | PropName::Gender);
    Prop { name, types, value: Value::One(value), fields: [Some(field), None], text }
}

// With their leading `;`, so a property's head is two appends.
const CELL: (&str, &str, &str) = (";CELL", ";TYPE=CELL", ";TYPE=cell");
const WORK_VOICE: (&str, &str, &str) = (";WORK;VOICE", ";TYPE=WORK,VOICE", ";TYPE=work,voice");
const INTERNET: (&str, &str, &str) = (";INTERNET", ";TYPE=INTERNET", "");
const INTERNET_WORK: (&str, &str, &str) = (";INTERNET;WORK", ";TYPE=INTERNET,WORK", ";TYPE=work");
const WORK: (&str, &str, &str) = (";WORK", ";TYPE=WORK", ";TYPE=work");

/// The properties of one person's card, in order, each handed to `emit`; blank ones are left out.
fn each_prop(p: &Person, version: Version, options: &ExportOptions, mut emit: impl FnMut(&Prop<'_>)) {
    let get = |f: Field| p.fields.get(&f).unwrap_or("");
    let (family, given) = names::name_parts_ref(p);
    let name_field = |own: Field| if p.fields.contains_key(&own) { own } else { Field::Name };
    // N is written even when blank: a card must have one.
    let n = Prop {
        name: PropName::N,
        types: None,
        value: Value::Name(family, given),
        fields: [Some(name_field(Field::FamilyName)), Some(name_field(Field::GivenName))],
        text: true,
    };
    let composed;
    let full = if get(Field::Name).is_empty() {
        composed = crate::compose_name(family, given);
        composed.as_str()
    } else {
        get(Field::Name)
    };
    let fn_ = Prop { name: PropName::Fn, types: None, value: Value::One(full), fields: [Some(Field::Name), None], text: true };
    emit(&n);
    emit(&fn_);
    let mut push = |pr: Prop<'_>| {
        if !pr.value.is_blank() {
            emit(&pr);
        }
    };
    push(prop(PropName::Nickname, None, get(Field::Alias), Field::Alias));
    let organization = options.organization.as_deref().map(str::trim).filter(|o| !o.is_empty());
    let main: &[String] = p.departments.first().map_or(&[], crate::DeptPath::as_slice);
    if organization.is_some() || !main.is_empty() {
        let fields = [(!p.departments.is_empty()).then_some(Field::Departments), None];
        push(Prop { name: PropName::Org, types: None, value: Value::Org(organization, main), fields, text: true });
    }
    push(prop(PropName::Title, None, get(Field::Position), Field::Position));
    push(prop(PropName::Tel, Some(CELL), get(Field::Mobile), Field::Mobile));
    let (tel, ext) = (get(Field::Telephone), get(Field::Extension));
    if !tel.is_empty() {
        let mut work = prop(PropName::Tel, Some(WORK_VOICE), tel, Field::Telephone);
        if !ext.is_empty() {
            work.value = Value::Dial(tel, ext);
            work.fields[1] = Some(Field::Extension);
        }
        push(work);
    }
    push(prop(PropName::Email, Some(INTERNET), get(Field::Email), Field::Email));
    push(prop(PropName::Email, Some(INTERNET_WORK), get(Field::EnterpriseEmail), Field::EnterpriseEmail));
    let address = get(Field::Address);
    if !address.is_empty() {
        let fields = [Some(Field::Address), None];
        push(Prop { name: PropName::Adr, types: Some(WORK), value: Value::Street(address), fields, text: true });
    }
    // BDAY must be a date: a birthday that is not one stays out rather than breaking the card.
    let birthday = get(Field::Birthday);
    if !birthday.is_empty() {
        if let Some(ParsedDate::Written(d) | ParsedDate::Serial(d)) = parse_date(birthday, false) {
            let value = if version == Version::V40 { d.iso().replace('-', "") } else { d.iso() };
            push(prop(PropName::Bday, None, &value, Field::Birthday));
        }
    }
    if version == Version::V40 {
        let sex = match parse_gender(get(Field::Gender)) {
            Some(Gender::Male) => "M",
            Some(Gender::Female) => "F",
            _ => "",
        };
        push(prop(PropName::Gender, None, sex, Field::Gender));
    }
    push(prop(PropName::Note, None, get(Field::Remark), Field::Remark));
}

/// Escape one component onto `out`: 3.0/4.0 escape `\` `,` `;` and line breaks; 2.1 only `;`
/// (its line breaks travel quoted-printable). CR LF and lone CR count as one line break.
fn escape_into(value: &str, version: Version, out: &mut String) {
    // Most values need no escape: copied whole up to the first character that may. A byte scan:
    // they are all ASCII, and a scan by `char` costs a call per character in the browser build.
    let special = |b: &u8| match version {
        Version::V21 => matches!(b, b';' | b'\r' | b'\n'),
        Version::V30 | Version::V40 => matches!(b, b';' | b'\\' | b',' | b'\r' | b'\n'),
    };
    let plain = value.bytes().position(|b| special(&b)).unwrap_or(value.len());
    out.push_str(&value[..plain]);
    if plain == value.len() {
        return;
    }
    let mut chars = value[plain..].chars().peekable();
    while let Some(c) = chars.next() {
        let c = if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            '\n'
        } else {
            c
        };
        match (c, version) {
            (';', _) => out.push_str("\\;"),
            ('\\', Version::V30 | Version::V40) => out.push_str("\\\\"),
            (',', Version::V30 | Version::V40) => out.push_str("\\,"),
            ('\n', Version::V30 | Version::V40) => out.push_str("\\n"),
            ('\n', Version::V21) => out.push_str("\r\n"),
            _ => out.push(c),
        }
    }
}

/// A non-text value onto `out`: only line breaks are taken out (they would end the property);
/// the pieces between them are joined by one space.
fn plain_into(value: &str, out: &mut String) {
    if !value.bytes().any(|b| b == b'\r' || b == b'\n') {
        out.push_str(value);
        return;
    }
    for (i, piece) in value.split(['\r', '\n']).filter(|s| !s.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(piece);
    }
}

/// One content line, unfolded.
fn line(p: &Prop, version: Version, options: &ExportOptions) -> String {
    let (mut value, mut out) = (String::new(), String::new());
    line_into(p, version, options, &mut value, &mut out);
    out
}

/// One content line, unfolded, into `out` (cleared first); `value` is scratch space. The writer
/// reuses both for every line of every card rather than allocating per line.
fn line_into(p: &Prop, version: Version, options: &ExportOptions, value: &mut String, out: &mut String) {
    value.clear();
    value_into(p, version, value);
    out.clear();
    head_into(p, version, out);
    match version {
        Version::V21 if !value.is_ascii() || value.contains(['\r', '\n']) || out.len() + 1 + value.len() > 75 => {
            out.push_str(";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:");
            quoted_printable_into(value, out);
        }
        Version::V30 if options.vcard_charset && !value.is_ascii() => {
            out.push_str(";CHARSET=UTF-8:");
            out.push_str(value);
        }
        _ => {
            out.push(':');
            out.push_str(value);
        }
    }
}

/// A 3.0 or 4.0 content line straight onto the file, folded: the common line is written once,
/// not built and copied (`scratch` holds a line longer than 75 octets while it is folded).
fn line_onto(p: &Prop, version: Version, options: &ExportOptions, out: &mut String, scratch: &mut String) {
    let start = out.len();
    head_into(p, version, out);
    if version == Version::V30 && options.vcard_charset && !p.value.is_ascii() {
        out.push_str(";CHARSET=UTF-8");
    }
    out.push(':');
    value_into(p, version, out);
    if out.len() - start > 75 {
        scratch.clear();
        scratch.push_str(&out[start..]);
        out.truncate(start);
        fold(scratch, out);
    } else {
        out.push_str("\r\n");
    }
}

/// The property name and its type parameters.
fn head_into(p: &Prop, version: Version, out: &mut String) {
    out.push_str(p.name.as_str());
    if let Some((v21, v30, v40)) = p.types {
        let t = match version {
            Version::V21 => v21,
            Version::V30 => v30,
            Version::V40 => v40,
        };
        out.push_str(t);
    }
}

/// The value: components escaped and joined by `;`.
fn value_into(p: &Prop, version: Version, out: &mut String) {
    let mut first = true;
    p.value.each(|c| {
        if !first {
            out.push(';');
        }
        first = false;
        if p.text {
            escape_into(c, version, out);
        } else {
            plain_into(c, out);
        }
    });
    if let Value::Dial(_, ext) = p.value {
        // `tel,ext` is one component: the `,` is the dial pause, not escaped.
        out.push(',');
        if p.text {
            escape_into(ext, version, out);
        } else {
            plain_into(ext, out);
        }
    }
}

/// Quoted-printable (RFC 2045) of a value onto `out`: printable ASCII stays, except `=`; every
/// other byte (spaces too, so no line can end in one) is `=XX`.
fn quoted_printable_into(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if (33..=126).contains(&b) && b != b'=' {
            out.push(b as char);
        } else {
            out.push('=');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

/// Fold a 3.0/4.0 line at 75 octets (RFC 2426 §2.6, RFC 6350 §3.2), never inside a UTF-8
/// sequence: continuation lines start with a space. Also used by the sample generator.
pub(crate) fn fold(line: &str, out: &mut String) {
    // By slices, not characters: a line is cut at most every 75 octets, backed off to the start
    // of a character.
    let mut rest = line;
    let mut room = 75;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = 74; // the continuation's leading space counts
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Fold a 2.1 quoted-printable line with soft line breaks (`=` at the end of a line, at most 75
/// octets with it), never inside an `=XX` triplet nor between the bytes of one character.
fn fold_qp(line: &str, out: &mut String) {
    let Some(colon) = line.find(':') else { return fold(line, out) };
    let (head, value) = line.split_at(colon + 1);
    let mut used = head.len();
    out.push_str(head);
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // One character's token: a literal byte, or the `=XX` triplets of a UTF-8 sequence.
        let mut end = i + 1;
        if bytes[i] == b'=' {
            let lead = value.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
            let len = match lead {
                0xF0..=0xF7 => 4,
                0xE0..=0xEF => 3,
                0xC0..=0xDF => 2,
                _ => 1,
            };
            end = (i + 3 * len).min(bytes.len());
        }
        let token = &value[i..end];
        if used + token.len() + 1 > 75 {
            out.push_str("=\r\n");
            used = 0;
        }
        out.push_str(token);
        used += token.len();
        i = end;
    }
    out.push_str("\r\n");
}

fn version_line(version: Version) -> &'static str {
    card_head(version)["BEGIN:VCARD\r\n".len()..].trim_end()
}

/// A card's first two lines.
fn card_head(version: Version) -> &'static str {
    match version {
        Version::V21 => "BEGIN:VCARD\r\nVERSION:2.1\r\n",
        Version::V30 => "BEGIN:VCARD\r\nVERSION:3.0\r\n",
        Version::V40 => "BEGIN:VCARD\r\nVERSION:4.0\r\n",
    }
}

/// One card's lines, unfolded (the export dialog's preview).
pub(crate) fn card_lines(p: &Person, version: Version, options: &ExportOptions) -> Vec<String> {
    let mut lines = vec!["BEGIN:VCARD".to_string(), version_line(version).to_string()];
    each_prop(p, version, options, |pr| lines.push(line(pr, version, options)));
    lines.push("END:VCARD".to_string());
    lines
}

/// Writes cards one at a time into one file.
pub(crate) struct Writer<'o> {
    version: Version,
    options: &'o ExportOptions,
    out: String,
    /// Per field, a bit per property name it went into: recorded per property of every card, so
    /// a bit test, not a map lookup.
    carried: [u16; Field::ALL.len()],
    /// Scratch lines, reused card after card.
    value: String,
    line: String,
}

impl<'o> Writer<'o> {
    pub(crate) fn new(version: Version, options: &'o ExportOptions) -> Writer<'o> {
        let (out, value, line) = (String::new(), String::new(), String::new());
        Writer { version, options, out, carried: [0; Field::ALL.len()], value, line }
    }

    /// Write one person's card.
    pub(crate) fn card(&mut self, p: &Person) {
        let (version, options) = (self.version, self.options);
        let Writer { out, carried, value, line, .. } = self;
        out.push_str(card_head(version));
        each_prop(p, version, options, |pr| {
            if !pr.value.is_blank() {
                let bit = 1u16 << pr.name as u16;
                for f in pr.fields.into_iter().flatten() {
                    carried[f as usize] |= bit;
                }
            }
            if version == Version::V21 {
                line_into(pr, version, options, value, line);
                if line.contains("ENCODING=QUOTED-PRINTABLE:") {
                    fold_qp(line, out);
                } else {
                    fold(line, out);
                }
            } else {
                line_onto(pr, version, options, out, line);
            }
        });
        out.push_str("END:VCARD\r\n");
    }

    /// Make room for `more` cards the size of those written so far (`written` of them): the file
    /// grows once instead of doubling, and copying, a dozen times.
    pub(crate) fn reserve(&mut self, written: usize, more: usize) {
        if let Some(per_card) = self.out.len().checked_div(written) {
            self.out.reserve((per_card + per_card / 8).saturating_mul(more));
        }
    }

    /// The file, and which fields went into which properties.
    pub(crate) fn finish(self) -> (Vec<u8>, BTreeMap<Field, BTreeSet<String>>) {
        let carried = Field::ALL
            .into_iter()
            .filter(|&f| self.carried[f as usize] != 0)
            .map(|f| {
                let names = NAMES.iter().enumerate().filter(|(i, _)| self.carried[f as usize] & (1 << i) != 0);
                (f, names.map(|(_, n)| n.to_string()).collect())
            })
            .collect();
        (self.out.into_bytes(), carried)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(pairs: &[(Field, &str)], departments: &[&[&str]]) -> Person {
        let mut p = Person::default();
        for (f, v) in pairs {
            p.fields.insert(*f, v.to_string());
        }
        p.departments = departments.iter().map(|d| d.iter().map(|s| s.to_string()).collect()).collect();
        p
    }

    fn card(p: &Person, v: Version, options: &ExportOptions) -> String {
        let mut writer = Writer::new(v, options);
        writer.card(p);
        String::from_utf8(writer.finish().0).unwrap()
    }

    #[test]
    fn v3_card() {
        let p = person(
            &[
                (Field::Name, "张三"),
                (Field::Mobile, "13800138000"),
                (Field::Telephone, "010-12345678"),
                (Field::Extension, "8001"),
                (Field::Email, "zs@example.com"),
                (Field::Position, "工程师, 高级"),
                (Field::Remark, "a;b\nc"),
            ],
            &[&["总部", "研发中心"]],
        );
        let text = card(&p, Version::V30, &ExportOptions::default());
        let expected = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:张;三;;;\r\nFN:张三\r\nORG:总部;研发中心\r\nTITLE:工程师\\, 高级\r\n\
            TEL;TYPE=CELL:13800138000\r\nTEL;TYPE=WORK,VOICE:010-12345678,8001\r\nEMAIL;TYPE=INTERNET:zs@example.com\r\n\
            NOTE:a\\;b\\nc\r\nEND:VCARD\r\n";
        assert_eq!(text, expected);
        let ios = card(&p, Version::V30, &ExportOptions { vcard_charset: true, ..ExportOptions::default() });
        assert!(ios.contains("N;CHARSET=UTF-8:张;三;;;\r\n") && ios.contains("TEL;TYPE=CELL:138"), "{ios}");
    }

    #[test]
    fn v4_and_v21() {
        let p = person(
            &[
                (Field::Name, "欧阳娜娜"),
                (Field::Mobile, "+85259123456"),
                (Field::Gender, "女"),
                (Field::Birthday, "1990-01-05"),
            ],
            &[],
        );
        let v4 = card(&p, Version::V40, &ExportOptions::default());
        assert!(
            v4.contains("N:欧阳;娜娜;;;\r\nFN:欧阳娜娜\r\nTEL;TYPE=cell:+85259123456\r\nBDAY:19900105\r\nGENDER:F\r\n"),
            "{v4}"
        );
        let v21 = card(&p, Version::V21, &ExportOptions::default());
        let unfolded = v21.replace("=\r\n", "");
        assert!(
            unfolded.contains("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=AC=A7=E9=98=B3;=E5=A8=9C=E5=A8=9C;;;\r\n"),
            "{v21}"
        );
        assert!(v21.contains("TEL;CELL:+85259123456\r\nBDAY:1990-01-05\r\n"), "{v21}");
    }

    #[test]
    fn folding_keeps_characters_whole() {
        let long = "很长的备注".repeat(12);
        let p = person(&[(Field::Name, "张三"), (Field::Remark, &long)], &[]);
        for v in [Version::V30, Version::V21] {
            let text = card(&p, v, &ExportOptions::default());
            for l in text.split("\r\n") {
                assert!(l.len() <= 75, "{v:?}: {} octets: {l}", l.len());
            }
            if v == Version::V30 {
                assert!(text.replace("\r\n ", "").contains(&format!("NOTE:{long}\r\n")));
            } else {
                let joined = text.replace("=\r\n", "");
                let qp = joined.lines().find(|l| l.starts_with("NOTE")).unwrap().split_once(':').unwrap().1.to_string();
                let decoded = quoted_printable::decode(qp.as_bytes(), quoted_printable::ParseMode::Robust).unwrap();
                assert_eq!(String::from_utf8(decoded).unwrap(), long);
            }
        }
    }
}
