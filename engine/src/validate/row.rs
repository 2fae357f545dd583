//! The checks of one row: each field on its own, then the row's required and contact fields.
//! Puts the row's keys in the key table, for the uniqueness checks.

use super::keys::{Key, KeyTable};
use super::rules::{TelephoneRule, Unit};
use super::{say, Code, Ctx, Found, Severity};
use crate::normalize::account::{self, InvalidUserid, InvalidWechat};
use crate::normalize::confusable::skeleton_into;
use crate::normalize::date::{parse_date, ParsedDate};
use crate::normalize::department as dept;
use crate::normalize::email::{self, InvalidEmail};
use crate::normalize::gender;
use crate::normalize::phone::{self, InvalidMobile, Mobile};
use crate::normalize::telephone;
use crate::normalize::text::{clean_whitespace, fold_width, has_fullwidth};
use crate::{CellKind, Field, Person, Sheet};
use std::borrow::Cow;

/// Fields whose full-width characters are a problem (accounts, addresses, ids).
fn id_like(f: Field) -> bool {
    matches!(f, Field::Userid | Field::Email | Field::EnterpriseEmail | Field::WechatId | Field::EmployeeNo)
}

/// Check one person; put what the uniqueness checks need of the row in `keys` (its keys as the
/// platform compares them: the account, the mobile as E.164 digits, the addresses lowercased
/// and the first one's look-alike skeleton (case kept), the employee number, the department cell
/// canonical — the profile's separators, segments cleaned).
pub(crate) fn check_person(ctx: &mut Ctx<'_>, person: &Person, sheet: &Sheet, keys: &mut KeyTable<'_>) {
    let row = person.source_row;
    let syntax = ctx.rules.departments;
    // Departments parsed by the reader but with no cell text to check: check them as joined.
    let synthesized = match person.fields.get(&Field::Departments) {
        None if !person.departments.is_empty() => dept::join(&person.departments, &syntax),
        _ => String::new(),
    };
    // Per field: the cell as read, and the value the checks see (whitespace cleaned, and for ids
    // width-folded). Borrowed unless something had to change: most cells cost no allocation.
    let mut vals: [(&str, Cow<'_, str>); Field::ALL.len()] = std::array::from_fn(|_| ("", Cow::Borrowed("")));
    // Per field, the person's own text (what a key equal to it is read from later).
    let mut held_of: [&str; Field::ALL.len()] = [""; Field::ALL.len()];

    for (&field, held) in &person.fields {
        if held.is_empty() {
            continue;
        }
        let raw = raw_text(ctx, sheet, row, field, held);
        let cleaned = clean_whitespace(raw);
        // Department cells have their own whitespace check (segments too): see departments::check.
        let departments = matches!(field, Field::Departments | Field::MainDepartment);
        // `clean_whitespace` only allocates when it changes something.
        if !departments && matches!(cleaned, Cow::Owned(_)) {
            whitespace_issue(ctx, row, field, raw, Some(cleaned.to_string()));
        }
        let value = if id_like(field) && has_fullwidth(&cleaned) {
            let fixed = fold_width(&cleaned).into_owned();
            ctx.push(Found {
                row,
                field: Some(field),
                code: Code::TextFullwidth,
                severity: Severity::Warning,
                message: say(
                    ctx.lang,
                    || format!("{}含全角字符，应为半角：{fixed}", ctx.label(field)),
                    || format!("{} has full-width characters; half-width: {fixed}", field.label_en()),
                ),
                value: raw,
                fix: Some(fixed.clone()),
            });
            Cow::Owned(fixed)
        } else {
            cleaned
        };
        vals[field as usize] = (raw, value);
        held_of[field as usize] = held;
    }
    if !synthesized.is_empty() {
        vals[Field::Departments as usize] = (synthesized.as_str(), Cow::Borrowed(synthesized.as_str()));
    }

    for (i, (raw, value)) in vals.iter().enumerate() {
        let (raw, value): (&str, &str) = (raw, value);
        if value.is_empty() {
            continue;
        }
        let field = Field::ALL[i];
        let held = held_of[i];
        match field {
            Field::Userid => {
                check_userid(ctx, row, raw, value);
                let rule = ctx.rules.userid;
                keys.put(Key::Userid, held, |out| account::userid_key_into(value, &rule, out));
            }
            Field::Mobile => {
                let kind = cell_kind(ctx, sheet, row, field);
                if let Some(phone) = check_mobile(ctx, row, raw, value, kind) {
                    keys.put(Key::Mobile, held, |out| phone.e164_digits_into(out));
                }
            }
            Field::Email if check_email(ctx, row, field, raw, value) => {
                keys.put(Key::Email, held, |out| email::comparison_key_of_clean_into(value, out));
                keys.put(Key::EmailSkeleton, held, |out| skeleton_into(value, out));
            }
            Field::EnterpriseEmail if check_email(ctx, row, field, raw, value) => {
                keys.put(Key::BizEmail, held, |out| email::comparison_key_of_clean_into(value, out));
            }
            Field::Telephone => check_telephone(ctx, row, raw, value),
            Field::Departments | Field::MainDepartment => {
                let verdict = super::departments::check(ctx, row, field, raw, value);
                if field == Field::Departments {
                    keys.put(Key::Departments, held, |out| out.push_str(&verdict.canonical));
                }
            }
            Field::Gender => check_gender(ctx, row, raw, value),
            Field::WechatId => check_wechat(ctx, row, raw, value),
            Field::JoinDate | Field::Birthday => {
                let kind = cell_kind(ctx, sheet, row, field);
                check_date(ctx, row, field, raw, value, kind);
            }
            Field::EmployeeNo => keys.put(Key::EmployeeNo, held, |out| out.push_str(value)),
            _ => {}
        }
        check_length(ctx, row, field, raw, value);
    }

    for &field in ctx.rules.required {
        if vals[field as usize].1.is_empty() {
            let label = ctx.label(field);
            ctx.push(Found {
                row,
                field: Some(field),
                code: Code::RequiredMissing,
                severity: Severity::Error,
                message: say(ctx.lang, || format!("{label}为必填项，不能为空"), || format!("{} is required", field.label_en())),
                value: "",
                fix: None,
            });
        }
    }
    let contact = ctx.rules.contact_any;
    if !contact.is_empty() && contact.iter().all(|f| vals[*f as usize].1.is_empty()) {
        let zh = contact.iter().map(|f| f.label_zh()).collect::<Vec<_>>().join("、");
        let en = contact.iter().map(|f| f.label_en()).collect::<Vec<_>>().join(", ");
        ctx.push(Found {
            row,
            field: Some(contact[0]),
            code: Code::ContactMissing,
            severity: Severity::Error,
            message: say(ctx.lang, || format!("{zh}不能同时为空"), || format!("at least one of {en} is needed")),
            value: "",
            fix: None,
        });
    }
    if ctx.rules.email_if_foreign_mobile && vals[Field::Email as usize].1.is_empty() {
        if let Some(m) = keys.put_so_far(Key::Mobile, held_of[Field::Mobile as usize]).filter(|m| !m.starts_with("86")) {
            ctx.push(Found {
                row,
                field: Some(Field::Email),
                code: Code::RequiredMissing,
                severity: Severity::Error,
                message: say(
                    ctx.lang,
                    || format!("手机号 +{m} 不是中国大陆号码，邮箱为必填项"),
                    || format!("the mobile +{m} is not a mainland one, so an e-mail is required"),
                ),
                value: "",
                fix: None,
            });
        }
    }
    keys.end_row();
}

pub(crate) fn whitespace_issue(ctx: &mut Ctx<'_>, row: usize, field: Field, raw: &str, fix: Option<String>) {
    let label = ctx.label(field);
    ctx.push(Found {
        row,
        field: Some(field),
        code: Code::TextWhitespace,
        severity: Severity::Warning,
        message: say(
            ctx.lang,
            || format!("{label}有多余的空格或不可见字符（首尾空格、零宽字符、全角空格）"),
            || format!("{} has stray spaces or invisible characters", field.label_en()),
        ),
        value: raw,
        fix,
    });
}

/// The cell's text as the sheet has it, when the directory's value came from it: the directory
/// trims cells, and the stray spaces it dropped are still in the file (and in an export of the
/// original layout), so they are reported. Otherwise (no sheet, a composed name) the value held.
fn raw_text<'s>(ctx: &Ctx<'_>, sheet: &'s Sheet, row: usize, field: Field, held: &'s str) -> &'s str {
    let cell = ctx
        .column(Some(field))
        .zip(row.checked_sub(sheet.first_row + 1))
        .and_then(|(c, r)| sheet.rows.get(r)?.get(c - 1));
    match cell {
        Some(cell) if cell.text.len() != held.len() && cell.text.trim() == held => cell.text,
        _ => held,
    }
}

fn cell_kind(ctx: &Ctx<'_>, sheet: &Sheet, row: usize, field: Field) -> CellKind {
    let col = ctx.column(Some(field));
    let idx = row.checked_sub(sheet.first_row + 1);
    match (idx, col) {
        (Some(r), Some(c)) => sheet.rows.get(r).and_then(|cells| cells.get(c - 1)).map_or(CellKind::Empty, |c| c.kind),
        _ => CellKind::Empty,
    }
}

fn check_userid(ctx: &mut Ctx<'_>, row: usize, raw: &str, value: &str) {
    let rule = ctx.rules.userid;
    if let Err(e) = account::check_userid(value, &rule) {
        let unit_zh = if rule.bytes { "字节" } else { "个字符" };
        let unit_en = if rule.bytes { "bytes" } else { "characters" };
        let (zh, en) = match e {
            InvalidUserid::TooLong => (
                format!("账号超过 {} {unit_zh}", rule.max),
                format!("the account is longer than {} {unit_en}", rule.max),
            ),
            InvalidUserid::Character(c) => (
                format!("账号含不允许的字符「{c}」{}", charset_hint_zh(&rule)),
                format!("the account has a character the platform does not allow: '{c}'{}", charset_hint_en(&rule)),
            ),
            InvalidUserid::FirstCharacter(c) => (
                format!("账号须以字母或数字开头，不能以「{c}」开头"),
                format!("the account must start with a letter or digit, not '{c}'"),
            ),
            InvalidUserid::EdgePunctuation => {
                ("账号不能以 . - _ 开头或结尾".to_string(), "the account must not start or end with . - _".to_string())
            }
            InvalidUserid::DoubledPunctuation => {
                ("账号不能有连续的 . - _".to_string(), "the account must not have . - _ twice in a row".to_string())
            }
        };
        ctx.push(Found {
            row,
            field: Some(Field::Userid),
            code: Code::UseridInvalid,
            severity: Severity::Error,
            message: say(ctx.lang, || zh, || en),
            value: raw,
            fix: None,
        });
    }
}

fn charset_hint_zh(rule: &account::UseridRule) -> &'static str {
    match rule.charset {
        account::Charset::Wecom => "（只能用字母、数字和 _ - @ .）",
        account::Charset::Mailbox => "（只能用字母、数字和 . - _）",
        _ => "",
    }
}

fn charset_hint_en(rule: &account::UseridRule) -> &'static str {
    match rule.charset {
        account::Charset::Wecom => " (letters, digits and _ - @ . only)",
        account::Charset::Mailbox => " (letters, digits and . - _ only)",
        _ => "",
    }
}

fn check_mobile(ctx: &mut Ctx<'_>, row: usize, raw: &str, value: &str, kind: CellKind) -> Option<phone::Phone> {
    let f = Some(Field::Mobile);
    let style = ctx.rules.mobile_style;
    match phone::parse_mobile(value) {
        Mobile::Empty => None,
        Mobile::Scientific => {
            ctx.push(Found {
                row, field: f, code: Code::MobileScientific, severity: Severity::Error,
                message: say(
                    ctx.lang,
                    || format!("手机号「{value}」被 Excel 写成了科学计数法，后几位已丢失，请从原始资料重新填写（并把该列设为文本格式）"),
                    || format!("Excel wrote the mobile as \"{value}\": its last digits are lost; type it again from the source (with the column formatted as text)"),
                ),
                value: raw, fix: None,
            });
            None
        }
        Mobile::Invalid(reason) => {
            let (zh, en) = match reason {
                InvalidMobile::Characters => ("含有数字以外的字符", "it has characters other than digits"),
                InvalidMobile::MainlandLength => {
                    ("中国大陆手机号应为 1 开头的 11 位数字", "a mainland mobile has 11 digits starting with 1")
                }
                InvalidMobile::HkMoLength => {
                    ("香港、澳门手机号应为 8 位数字", "Hong Kong and Macau mobiles have 8 digits")
                }
                InvalidMobile::Taiwan => {
                    ("台湾手机号应为 9 开头的 9 位数字", "Taiwan mobiles have 9 digits starting with 9")
                }
                InvalidMobile::E164Length => (
                    "国际号码的位数不对（含国家码最多 15 位）",
                    "wrong length for an international number (at most 15 digits with the country code)",
                ),
                InvalidMobile::NoCountryCode => (
                    "不是中国大陆号码，需要写国家/地区码，如 +852",
                    "not a mainland number: it needs a country code such as +852",
                ),
            };
            ctx.push(Found {
                row,
                field: f,
                code: Code::MobileInvalid,
                severity: Severity::Error,
                message: say(ctx.lang, || format!("手机号无效：{zh}"), || format!("invalid mobile: {en}")),
                value: raw,
                fix: None,
            });
            None
        }
        Mobile::Valid(p) | Mobile::UnknownPrefix(p) => {
            if kind == CellKind::Number && p.is_mainland() && p.national.ends_with("00000") {
                // Excel showed the number as `1.38001E+10`, and the file was saved and reopened
                // that way: the cell is a number again, with the hidden digits now zeros. Not
                // certain (a real number may end in 00000), so a warning.
                ctx.push(Found {
                    row, field: f, code: Code::MobileScientific, severity: Severity::Warning,
                    message: say(
                        ctx.lang,
                        || format!("手机号「{value}」是数字单元格且末尾全是 0，很可能曾被 Excel 显示为科学计数法（如 1.38001E+10）并丢失了后几位，请与原始资料核对"),
                        || format!("the mobile \"{value}\" is a number cell ending in zeros: Excel probably showed it as 1.38001E+10 and lost its last digits; check it against the source"),
                    ),
                    value: raw, fix: None,
                });
            }
            if !phone::is_cn_mobile(&p.national) && p.is_mainland() {
                ctx.push(Found {
                    row,
                    field: f,
                    code: Code::MobileUnknownPrefix,
                    severity: Severity::Warning,
                    message: say(
                        ctx.lang,
                        || format!("手机号段 {} 未在已知号段中，请确认号码无误", &p.national[..3]),
                        || format!("the prefix {} is not a known mainland mobile prefix; check the number", &p.national[..3]),
                    ),
                    value: raw,
                    fix: None,
                });
            }
            if !style.accepts(&p, value) {
                let fixed = style.render(&p);
                ctx.push(Found {
                    row,
                    field: f,
                    code: Code::MobileFormat,
                    severity: Severity::Warning,
                    message: say(
                        ctx.lang,
                        || format!("手机号写法不符合模板，应写作 {fixed}"),
                        || format!("the mobile is not written as the template wants: {fixed}"),
                    ),
                    value: raw,
                    fix: Some(fixed),
                });
            }
            Some(p)
        }
    }
}

/// Check an address; `true` when it is valid (and so takes part in the uniqueness checks).
fn check_email(ctx: &mut Ctx<'_>, row: usize, field: Field, raw: &str, value: &str) -> bool {
    let (min, max) = ctx.rules.email_len;
    let problem = match email::check_email(value) {
        Err(e) => Some(match e {
            InvalidEmail::NoAt => ("缺少 @", "no @"),
            InvalidEmail::SeveralAt => ("有多个 @", "more than one @"),
            InvalidEmail::Space => ("含有空格", "it has a space"),
            InvalidEmail::EmptyLocal => ("@ 前为空", "nothing before the @"),
            InvalidEmail::LocalCharacter => {
                ("@ 前含不允许的字符（如中文、逗号）", "a character not allowed before the @ (Chinese, comma …)")
            }
            InvalidEmail::LocalDots => {
                ("@ 前的点号位置不对（开头、结尾或连续）", "a dot first, last or doubled before the @")
            }
            InvalidEmail::LocalTooLong => ("@ 前超过 64 个字符", "more than 64 characters before the @"),
            InvalidEmail::DomainNoDot => {
                ("域名缺少点号（如 @corp 应为 @corp.com）", "the domain has no dot (@corp instead of @corp.com)")
            }
            InvalidEmail::DomainLabel => ("域名不正确", "invalid domain"),
            InvalidEmail::TooLong => ("超过 254 个字符", "longer than 254 characters"),
        }),
        Ok(()) => None,
    };
    let message = match problem {
        Some((zh, en)) => say(
            ctx.lang,
            || format!("{}无效：{zh}", ctx.label(field)),
            || format!("invalid {}: {en}", field.label_en().to_lowercase()),
        ),
        None if value.len() < min || value.len() > max => say(
            ctx.lang,
            || format!("{}长度须为 {min}–{max} 字节，现为 {}", ctx.label(field), value.len()),
            || format!("{} must be {min}–{max} bytes long, not {}", field.label_en(), value.len()),
        ),
        None => return true,
    };
    ctx.push(Found {
        row,
        field: Some(field),
        code: Code::EmailInvalid,
        severity: Severity::Error,
        message,
        value: raw,
        fix: None,
    });
    false
}

fn check_telephone(ctx: &mut Ctx<'_>, row: usize, raw: &str, value: &str) {
    let (ok, severity, fix) = match ctx.rules.telephone {
        TelephoneRule::Wecom => {
            let ok = telephone::is_wecom_telephone(value);
            (ok, Severity::Error, if ok { None } else { telephone::wecom_telephone_fix(value) })
        }
        TelephoneRule::Plausible => (telephone::is_plausible_telephone(value), Severity::Warning, None),
    };
    if ok {
        return;
    }
    let (zh, en) = match (ctx.rules.telephone, &fix) {
        (TelephoneRule::Wecom, Some(f)) => (
            format!("座机只能由数字和 - + , 组成（32 字节以内），应写作 {f}"),
            format!("a telephone may only have digits and - + , (32 bytes at most): {f}"),
        ),
        (TelephoneRule::Wecom, None) => (
            "座机只能由数字和 - + , 组成（32 字节以内）".to_string(),
            "a telephone may only have digits and - + , (32 bytes at most)".to_string(),
        ),
        _ => ("座机号看起来不是电话号码".to_string(), "the telephone does not look like a phone number".to_string()),
    };
    ctx.push(Found {
        row,
        field: Some(Field::Telephone),
        code: Code::TelephoneInvalid,
        severity,
        message: say(ctx.lang, || zh, || en),
        value: raw,
        fix,
    });
}

fn check_gender(ctx: &mut Ctx<'_>, row: usize, raw: &str, value: &str) {
    let profile = ctx.rules.profile;
    let parsed = gender::parse_gender(value);
    let (accepted, fix, severity) = match gender::accepted(profile) {
        Some(list) if list.contains(&value) => return,
        Some(list) => {
            (list.join(" / "), parsed.and_then(|g| gender::render(g, profile)).map(str::to_string), Severity::Error)
        }
        None if parsed.is_some() => return,
        None => ("男 / 女".to_string(), None, Severity::Warning),
    };
    let message = match &fix {
        Some(f) => say(ctx.lang, || format!("性别须为 {accepted}，应写作 {f}"), || format!("gender must be {accepted}: {f}")),
        None => say(ctx.lang, || format!("性别须为 {accepted}"), || format!("gender must be {accepted}")),
    };
    ctx.push(Found { row, field: Some(Field::Gender), code: Code::GenderInvalid, severity, message, value: raw, fix });
}

fn check_wechat(ctx: &mut Ctx<'_>, row: usize, raw: &str, value: &str) {
    let Err(e) = account::check_wechat_id(value) else { return };
    let (zh, en) = match e {
        InvalidWechat::AllDigits => (
            "微信号不能全是数字（这可能是手机号或 QQ 号）",
            "a WeChat id is never all digits (this looks like a mobile or QQ number)",
        ),
        InvalidWechat::Length => ("微信号应为 6–20 个字符", "a WeChat id has 6–20 characters"),
        InvalidWechat::FirstCharacter => ("微信号须以字母开头", "a WeChat id starts with a letter"),
        InvalidWechat::Character => ("微信号只能用字母、数字、_ 和 -", "a WeChat id has only letters, digits, _ and -"),
    };
    let severity = if ctx.rules.wechat_strict { Severity::Error } else { Severity::Warning };
    ctx.push(Found {
        row,
        field: Some(Field::WechatId),
        code: Code::WechatInvalid,
        severity,
        message: say(ctx.lang, || zh.into(), || en.into()),
        value: raw,
        fix: None,
    });
}

fn check_date(ctx: &mut Ctx<'_>, row: usize, field: Field, raw: &str, value: &str, kind: CellKind) {
    let serial = kind == CellKind::Number || (value.len() == 5 && value.bytes().all(|b| b.is_ascii_digit()));
    let label = ctx.label(field);
    match parse_date(value, serial) {
        Some(ParsedDate::Written(_)) => {}
        Some(ParsedDate::Serial(d)) => {
            let iso = d.iso();
            ctx.push(Found {
                row,
                field: Some(field),
                code: Code::DateFormat,
                severity: Severity::Warning,
                message: say(
                    ctx.lang,
                    || format!("{label}「{value}」是 Excel 日期序列号，应写作 {iso}"),
                    || format!("{} \"{value}\" is an Excel serial number: {iso}", field.label_en()),
                ),
                value: raw,
                fix: Some(iso),
            });
        }
        None => {
            ctx.push(Found {
                row,
                field: Some(field),
                code: Code::DateInvalid,
                severity: Severity::Error,
                message: say(
                    ctx.lang,
                    || format!("{label}不是有效日期（可写作 2024-01-05、2024/1/5 或 2024年1月5日）"),
                    || format!("{} is not a date (write 2024-01-05, 2024/1/5 or 2024年1月5日)", field.label_en()),
                ),
                value: raw,
                fix: None,
            });
        }
    }
}

fn check_length(ctx: &mut Ctx<'_>, row: usize, field: Field, raw: &str, value: &str) {
    let Some(&(_, max, unit)) = ctx.rules.lengths.iter().find(|(f, _, _)| *f == field) else { return };
    if value.len() <= max {
        return; // within the limit in bytes, so in characters too (a character is a byte or more)
    }
    let len = match unit {
        Unit::Bytes => value.len(),
        Unit::Chars => value.chars().count(),
    };
    if len <= max {
        return;
    }
    let (uz, ue) = match unit {
        Unit::Bytes => ("字节", "bytes"),
        Unit::Chars => ("个字符", "characters"),
    };
    let label = ctx.label(field);
    ctx.push(Found {
        row,
        field: Some(field),
        code: Code::LengthExceeded,
        severity: Severity::Error,
        message: say(
            ctx.lang,
            || format!("{label}最长 {max} {uz}，现为 {len}"),
            || format!("{} is at most {max} {ue} long, not {len}", field.label_en()),
        ),
        value: raw,
        fix: None,
    });
}
