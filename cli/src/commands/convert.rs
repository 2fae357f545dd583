//! `minglu convert FILE --to DEST --out OUT`: export a directory for a phone, another platform or
//! Excel, with only the fields needed, masked or encrypted (wraps `minglu::export` and
//! `minglu::encrypt`).

use super::load::{input, open_file, profile};
use super::{print, Failure};
use crate::args::Args;
use minglu::encrypt::{self, ContainerOptions, Kdf};
use minglu::export::{export, CsvEncoding, Destination, ExportOptions, Mask, MaskRule, SheetFile, SourceInfo};
use minglu::validate::Lang;
use minglu::Field;
use std::path::Path;

const HELP: &str = "\
minglu convert — export a directory for phones, other platforms or Excel

Usage:
  minglu convert FILE --to DEST --out OUT [--fields F,…] [--extra all|none|HEADER,…]
                 [--mask F[=PRESET],…] [--encrypt zip|container --password-env VAR [--kdf K]]
                 [--csv-encoding utf8-bom|utf8|gbk] [--as csv|xlsx] [--vcard-charset]
                 [--org NAME] [--lang zh|en] [--time RFC3339] [--recipe FILE.json]
                 [--sheet NAME] [--encoding ENC] [--profile P]

Destinations (--to):
  vcard21 vcard3 vcard4      phone contacts (vCard 2.1 quoted-printable, 3.0, 4.0)
  csv csv-gbk xlsx           the fields as a table (CSV: UTF-8 with BOM unless --csv-encoding)
  wecom qiwei dingtalk feishu exmail      the platforms' import templates (xlsx)
  alimail google outlook                  Alibaba Mail, Google Contacts, Outlook (CSV)

Writes OUT and, beside it, OUT.manifest.json and OUT.manifest.txt: what left — fields, masks,
row count, the input's SHA-256, the time. Nothing leaves the machine.

Options:
  --fields F,…        only these fields (keys such as name,mobile,email,departments or 姓名,手机);
                      default: every field that has a value
  --extra X           extra (unmapped) columns to keep: all (default without --fields), none
                      (default with --fields), or their headers
  --mask F[=P],…      mask fields: mobile → 138****8000, email → z***@example.com, name → 张*;
                      P is phone, email, name, middle or drop (default: the field's preset)
  --encrypt zip       OUT is an AES-256 zip (7-Zip opens it) holding the export and its manifest
  --encrypt container OUT is a Minglu container (AES-256-GCM; docs/container-format.md); the
                      manifest is written beside it
  --password-env VAR  the password is read from environment variable VAR (never from the
                      command line, where other users could see it)
  --kdf K             container key derivation: pbkdf2 (default, 600000 iterations) or argon2id
  --csv-encoding E    utf8-bom (default), utf8 or gbk; GBK refuses characters it lacks
  --as csv|xlsx       write a template as this file type instead of its own
  --vcard-charset     vCard 3.0: add CHARSET=UTF-8 to non-ASCII lines (older iPhones)
  --org NAME          organization name (vCard ORG, Google Organization Name, Outlook Company)
  --lang zh|en        headers of csv/xlsx (default zh)
  --time T            the export time recorded (default: now, UTC)
  --recipe FILE       the edit recipe (JSON) applied to this directory, recorded in the manifest

Exit status: 0 on success; 2 with one line `minglu: <reason>` on stderr.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let known = [
        "to",
        "out",
        "fields",
        "extra",
        "mask",
        "encrypt",
        "password-env",
        "kdf",
        "csv-encoding",
        "as",
        "org",
        "lang",
        "time",
        "recipe",
        "sheet",
        "encoding",
        "profile",
    ];
    let args = Args::parse_with_flags(argv, &known, &["vcard-charset"], "convert")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = input(&args, "convert")?;
    let to = args.get("to").ok_or_else(|| Failure("convert: --to DEST is required (see --help)".into()))?;
    let out = args.get("out").ok_or_else(|| Failure("convert: --out OUT is required".into()))?.to_string();
    let (destination, gbk) = match to.trim().to_ascii_lowercase().as_str() {
        "csv-gbk" | "csv_gbk" => (Destination::Csv, true),
        key => (
            Destination::from_key(key).ok_or_else(|| {
                let all: Vec<&str> = Destination::ALL.iter().map(|d| d.key()).collect();
                Failure(format!("convert: unknown destination \"{to}\"; use {} or csv-gbk", all.join(", ")))
            })?,
            false,
        ),
    };
    let encryption = match args.get("encrypt") {
        None => None,
        Some(e @ ("zip" | "container")) => Some(e.to_string()),
        Some(other) => return Err(Failure(format!("convert: unknown --encrypt \"{other}\"; use zip or container"))),
    };
    let password = match (&encryption, args.get("password-env")) {
        (None, None) => None,
        (None, Some(_)) => return Err(Failure("convert: --password-env needs --encrypt zip|container".into())),
        (Some(_), None) => {
            return Err(Failure(
                "convert: --encrypt needs --password-env VAR (the variable holding the password)".into(),
            ))
        }
        (Some(_), Some(var)) => Some(password_from(var, "convert")?),
    };

    // open_file checks the size before reading; the bytes are read again for the manifest's hash.
    let opened = open_file(&path, &args, profile(&args, "convert")?)?;
    let bytes = std::fs::read(&path).map_err(|e| Failure(format!("cannot read {path}: {e}")))?;
    let directory = &opened.directory;

    let fields = match args.get("fields") {
        None => Vec::new(),
        Some(list) => split(list).map(parse_field).collect::<Result<Vec<_>, _>>()?,
    };
    let extra_columns = match args.get("extra").map(str::trim) {
        None if fields.is_empty() => directory.extra_headers.clone(),
        None | Some("none") => Vec::new(),
        Some("all") => directory.extra_headers.clone(),
        Some(list) => {
            let wanted: Vec<String> = split(list).map(String::from).collect();
            for w in &wanted {
                if !directory.extra_headers.iter().any(|h| h == w) {
                    return Err(Failure(format!(
                        "convert: --extra \"{w}\" is not an extra column of {path}; its extra columns: {}",
                        directory.extra_headers.join(", ")
                    )));
                }
            }
            wanted
        }
    };
    let masks = match args.get("mask") {
        None => Vec::new(),
        Some(list) => split(list).map(parse_mask).collect::<Result<Vec<_>, _>>()?,
    };
    let csv_encoding = match (gbk, args.get("csv-encoding")) {
        (true, _) => CsvEncoding::Gbk,
        (false, None) => CsvEncoding::Utf8Bom,
        (false, Some(e)) => match e.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf8-bom" | "utf-8-bom" | "bom" => CsvEncoding::Utf8Bom,
            "utf8" | "utf-8" => CsvEncoding::Utf8,
            "gbk" | "gb2312" => CsvEncoding::Gbk,
            _ => return Err(Failure(format!("convert: unknown --csv-encoding \"{e}\"; use utf8-bom, utf8 or gbk"))),
        },
    };
    let sheet_file = match args.get("as") {
        None => None,
        Some("csv") => Some(SheetFile::Csv),
        Some("xlsx") => Some(SheetFile::Xlsx),
        Some(other) => return Err(Failure(format!("convert: unknown --as \"{other}\"; use csv or xlsx"))),
    };
    let lang = match args.get("lang") {
        None => Lang::Zh,
        Some(l) => {
            Lang::from_key(l).ok_or_else(|| Failure(format!("convert: unknown --lang \"{l}\"; use zh or en")))?
        }
    };
    let recipe = match args.get("recipe") {
        None => None,
        Some(r) => {
            let text = std::fs::read_to_string(r).map_err(|e| Failure(format!("cannot read {r}: {e}")))?;
            Some(serde_json::from_str(&text).map_err(|e| Failure(format!("{r} is not JSON: {e}")))?)
        }
    };
    let out_name = file_name(&out);
    // Inside a zip or a container the export keeps its natural name (`contacts.vcf`).
    let stem = match encryption.as_deref() {
        Some("container") => strip_ext(&strip_ext(&out_name)),
        _ => strip_ext(&out_name),
    };
    let options = ExportOptions {
        destination,
        fields,
        extra_columns,
        masks,
        csv_encoding,
        sheet_file,
        vcard_charset: args.flag("vcard-charset"),
        lang,
        organization: args.get("org").map(String::from),
        file_stem: Some(stem),
        source: Some(SourceInfo::of(file_name(&path), &bytes)),
        created: Some(args.get("time").map(String::from).unwrap_or_else(now_utc)),
        recipe,
        output_digest: true,
    };
    let mut output = export(directory, &options).map_err(|e| Failure(format!("{path}: {e}")))?;

    match (encryption.as_deref(), password) {
        (Some("zip"), Some(pw)) => {
            output.manifest.encryption = Some(encrypt::ZIP_DESCRIPTION.to_string());
            let zip = encrypt::encrypt_zip(&output.files(), &pw, options.created.as_deref())?;
            write_new(&out, &zip)?;
            print(&format!(
                "wrote {out}: AES-256 zip with {} ({} people) and its manifest\n",
                output.file_name, output.manifest.rows
            ));
        }
        (Some("container"), Some(pw)) => {
            let kdf = match args.get("kdf").map(str::trim) {
                None | Some("pbkdf2") => Kdf::default(),
                Some("argon2id" | "argon2") => Kdf::argon2id(),
                Some(k) => return Err(Failure(format!("convert: unknown --kdf \"{k}\"; use pbkdf2 or argon2id"))),
            };
            let container_options = ContainerOptions { kdf };
            output.manifest.encryption = Some(encrypt::describe_container(&container_options));
            let sealed = encrypt::encrypt_container(&output.bytes, &pw, &container_options)?;
            write_new(&out, &sealed)?;
            write_manifest(&out, &output.manifest)?;
            print(&format!(
                "wrote {out}: Minglu container of {} ({} people, {}); manifest beside it\n",
                output.file_name,
                output.manifest.rows,
                kdf.describe()
            ));
        }
        _ => {
            output.manifest.file_name = out_name;
            write_new(&out, &output.bytes)?;
            write_manifest(&out, &output.manifest)?;
            let neutralized = match output.manifest.neutralized_cells {
                0 => String::new(),
                n => format!(", {n} formula-like cells neutralized"),
            };
            print(&format!(
                "wrote {out}: {} people, {} bytes{neutralized}; manifest beside it\n",
                output.manifest.rows,
                output.bytes.len()
            ));
        }
    }
    Ok(())
}

fn split(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// A field by key (`mobile`) or by a header Minglu reads as it (`手机`).
fn parse_field(key: &str) -> Result<Field, Failure> {
    Field::from_key(key).or_else(|| Field::from_header(key)).ok_or_else(|| {
        let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        Failure(format!("convert: unknown field \"{key}\"; fields: {}", keys.join(", ")))
    })
}

/// `mobile` (the field's preset) or `mobile=drop`.
fn parse_mask(item: &str) -> Result<MaskRule, Failure> {
    let (field, preset) = match item.split_once('=') {
        Some((f, p)) => (f.trim(), Some(p.trim())),
        None => (item, None),
    };
    let field = parse_field(field)?;
    let mask = match preset {
        None => Mask::preset_for(field),
        Some(p) => Mask::from_key(p)
            .ok_or_else(|| Failure(format!("convert: unknown mask \"{p}\"; use phone, email, name, middle or drop")))?,
    };
    Ok(MaskRule { field, mask })
}

/// The password in environment variable `var`; never empty.
pub(super) fn password_from(var: &str, command: &str) -> Result<String, Failure> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Ok(p),
        Ok(_) => Err(Failure(format!("{command}: environment variable {var} is empty; put the password in it"))),
        Err(_) => Err(Failure(format!("{command}: environment variable {var} is not set; put the password in it"))),
    }
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn strip_ext(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

fn write_manifest(out: &str, manifest: &minglu::export::Manifest) -> Result<(), Failure> {
    write_new(&format!("{out}.manifest.json"), manifest.to_json().as_bytes())?;
    write_new(&format!("{out}.manifest.txt"), manifest.to_txt().as_bytes())
}

/// Write `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// failure never leaves a half-written file under the name.
pub(super) fn write_new(path: &str, bytes: &[u8]) -> Result<(), Failure> {
    let target = Path::new(path);
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.minglu-tmp-{}", file_name(path), std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure(format!("cannot write {path}: {e}")));
    }
    Ok(())
}

/// Now, UTC, as `2026-11-23T10:05:09Z`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    minglu::export::rfc3339(secs, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_and_fields_parse() {
        assert_eq!(parse_mask("mobile").unwrap(), MaskRule { field: Field::Mobile, mask: Mask::Phone });
        assert_eq!(parse_mask("手机=drop").unwrap(), MaskRule { field: Field::Mobile, mask: Mask::Drop });
        assert!(parse_mask("mobile=hide").is_err());
        assert!(parse_field("nope").is_err());
        assert_eq!(strip_ext("a.vcf.minglu"), "a.vcf");
        assert_eq!(strip_ext(".hidden"), ".hidden");
        assert_eq!(now_utc().len(), 20);
    }
}
