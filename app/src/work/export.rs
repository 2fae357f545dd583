//! The worker's side of exporting and decrypting (issue #5): the preview, the export with its
//! manifest and optional encryption, and decryption. The engine does the work; this module
//! decides which files leave and how they are named, and turns engine errors into
//! [`FailureKind`]s the page can say in the person's language.

use crate::protocol::export::{
    mime_of, openable, Encryption, ExportDone, ExportPreview, FailureKind, FileMeta, PREVIEW_ROWS,
};
use minglu::encrypt::{self, ContainerOptions};
use minglu::export::{self, ExportOptions, Mask, SourceInfo};
use minglu::{Directory, ErrorKind, Field};

/// A file made in the worker, with its bytes.
pub type MadeFile = (FileMeta, Vec<u8>);

/// A failure the page can explain.
pub type Failure = (FailureKind, String);

/// The fields that have a value for at least one person.
pub fn fields_with_values(directory: &Directory) -> Vec<Field> {
    Field::ALL.into_iter().filter(|&f| directory.people.iter().any(|p| !p.get(f).trim().is_empty())).collect()
}

/// What the dialog shows for `options`: the first rows exactly as they will be written, and
/// which fields leave with which mask.
pub fn preview(directory: &Directory, options: &ExportOptions) -> ExportPreview {
    let with_values = fields_with_values(directory);
    let carried = options.destination.fields();
    // The engine's rule for an empty list: every field with a value.
    let chosen: &[Field] = if options.fields.is_empty() { &with_values } else { &options.fields };
    let leaving = Field::ALL
        .into_iter()
        .filter(|f| chosen.contains(f) && carried.contains(f) && with_values.contains(f))
        .map(|f| (f, options.mask_of(f)))
        .filter(|(_, m)| *m != Some(Mask::Drop))
        .collect();
    ExportPreview {
        destination: Some(options.destination),
        rows: export::preview(directory, options, PREVIEW_ROWS),
        has_header: !options.destination.is_vcard(),
        people: directory.people.len(),
        with_values,
        carried,
        leaving,
        extra_headers: directory.extra_headers.clone(),
    }
}

/// Export as the dialog says: the output and its manifest JSON beside it; an encrypted zip
/// holding both (and the manifest as text); or a container with the manifest beside it.
/// `created` is the page's clock (RFC 3339 with offset), `source` the open file. The digest is
/// computed here; the worker takes the two steps itself to hash with WebCrypto in between.
pub fn run(
    directory: &Directory,
    options: &ExportOptions,
    encryption: &Encryption,
    source: SourceInfo,
    created: String,
) -> Result<(Vec<MadeFile>, ExportDone), Failure> {
    package(export_output(directory, options, encryption, source, created, true)?, encryption)
}

/// The export itself, before [`package`]. With `digest` false, an unencrypted export's manifest
/// is left without its output digest for the caller to fill ([`ExportOptions::output_digest`]);
/// an encrypted one always has it, as its manifest is sealed with it.
pub fn export_output(
    directory: &Directory,
    options: &ExportOptions,
    encryption: &Encryption,
    source: SourceInfo,
    created: String,
    digest: bool,
) -> Result<export::ExportOutput, Failure> {
    // Refuse before the work: an empty password protects nothing.
    match encryption {
        Encryption::Zip { password } | Encryption::Container { password, .. } if password.is_empty() => {
            return Err((FailureKind::NoPassword, "choose a password".into()))
        }
        _ => {}
    }
    let mut options = options.clone();
    options.source = Some(source);
    options.created = Some(created);
    options.output_digest = digest || !matches!(encryption, Encryption::None);
    export::export(directory, &options).map_err(other)
}

/// The files that leave for an export's output (its manifest complete).
pub fn package(
    mut output: export::ExportOutput,
    encryption: &Encryption,
) -> Result<(Vec<MadeFile>, ExportDone), Failure> {
    let manifest_file = |m: &export::Manifest| {
        (FileMeta { name: m.json_file_name(), mime: mime_of("x.json").into(), openable: false }, m.to_json().into_bytes())
    };
    let files = match encryption {
        Encryption::None => {
            let main = FileMeta { name: output.file_name.clone(), mime: output.mime.clone(), openable: true };
            let manifest = manifest_file(&output.manifest);
            vec![(main, std::mem::take(&mut output.bytes)), manifest]
        }
        Encryption::Zip { password } => {
            output.manifest.encryption = Some(encrypt::ZIP_DESCRIPTION.to_string());
            let created = output.manifest.created.clone();
            let zip = encrypt::encrypt_zip(&output.files(), password, created.as_deref()).map_err(other)?;
            let name = format!("{}.zip", stem_of(&output.file_name));
            vec![(FileMeta { name, mime: mime_of("x.zip").into(), openable: false }, zip)]
        }
        Encryption::Container { password, kdf } => {
            let container_options = ContainerOptions { kdf: kdf.kdf() };
            output.manifest.encryption = Some(encrypt::describe_container(&container_options));
            let sealed = encrypt::encrypt_container(&output.bytes, password, &container_options).map_err(other)?;
            let name = format!("{}.{}", output.file_name, encrypt::EXTENSION);
            let meta = FileMeta { name, mime: "application/octet-stream".into(), openable: false };
            vec![(meta, sealed), manifest_file(&output.manifest)]
        }
    };
    let done = ExportDone {
        people: output.manifest.rows,
        encryption: output.manifest.encryption.clone(),
        neutralized: output.manifest.neutralized_cells,
    };
    Ok((files, done))
}

/// Decrypt a Minglu container (one file, named as before encryption) or an encrypted zip (its
/// entries). Nothing comes back unless all of it decrypted and verified.
pub fn decrypt(file_name: &str, bytes: &[u8], password: &str) -> Result<Vec<MadeFile>, Failure> {
    if password.is_empty() {
        return Err((FailureKind::NoPassword, "type the password".into()));
    }
    let files = if encrypt::is_container(bytes) {
        let plain = encrypt::decrypt_container(bytes, password).map_err(|e| match e.kind {
            // AES-GCM cannot tell a wrong password from a changed byte.
            ErrorKind::WrongPassword => (FailureKind::WrongPasswordOrChanged, e.message),
            _ => (FailureKind::Damaged, e.message),
        })?;
        vec![(plain_name(file_name), plain)]
    } else if bytes.starts_with(b"PK\x03\x04") {
        let files = encrypt::decrypt_zip(bytes, password).map_err(|e| match e.kind {
            ErrorKind::WrongPassword => (FailureKind::WrongPassword, e.message),
            _ => (FailureKind::Damaged, e.message),
        })?;
        // Entries are handed over by their last path component only.
        files.into_iter().map(|(name, data)| (name.rsplit(['/', '\\']).next().unwrap_or("").to_string(), data)).collect()
    } else {
        return Err((FailureKind::NotEncrypted, format!("{file_name} is neither a Minglu container nor a zip")));
    };
    Ok(files
        .into_iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, data)| (FileMeta { mime: mime_of(&name).into(), openable: openable(&name), name }, data))
        .collect())
}

/// The name a container's plaintext gets: its name without `.minglu`.
fn plain_name(container_name: &str) -> String {
    let suffix = format!(".{}", encrypt::EXTENSION);
    match container_name.strip_suffix(suffix.as_str()) {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ => format!("{container_name}.decrypted"),
    }
}

fn stem_of(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

fn other(e: minglu::Error) -> Failure {
    (FailureKind::Other, e.to_string())
}

/// RFC 3339 with the local offset, from JavaScript's clock: `ms` since the epoch (UTC) and the
/// offset east of UTC in minutes (`-Date.getTimezoneOffset()`). `2026-11-24T20:05:09+08:00`.
pub fn rfc3339(ms: f64, offset_east_minutes: i32) -> String {
    minglu::export::rfc3339((ms / 1000.0).floor() as i64, Some(offset_east_minutes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::export::KdfChoice;
    use minglu::export::{Destination, MaskRule};

    fn directory() -> Directory {
        let csv = "姓名,手机,邮箱,工号备注\n张三,13800138000,zhangsan@example.com,x\n李四,13900139000,,y\n";
        minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap().directory
    }

    fn source() -> SourceInfo {
        SourceInfo::of("a.csv", b"bytes")
    }

    #[test]
    fn the_clock_reads_as_rfc3339_with_offset() {
        assert_eq!(rfc3339(0.0, 0), "1970-01-01T00:00:00+00:00");
        // 2026-11-24T12:05:09Z, in Beijing and in New York.
        let ms = 1_795_521_909_000.0;
        assert_eq!(rfc3339(ms, 480), "2026-11-24T20:05:09+08:00");
        assert_eq!(rfc3339(ms, -300), "2026-11-24T07:05:09-05:00");
        assert_eq!(rfc3339(951_782_400_000.0, 0), "2000-02-29T00:00:00+00:00");
    }

    #[test]
    fn preview_says_what_leaves() {
        let d = directory();
        let options = ExportOptions {
            destination: Destination::Csv,
            masks: vec![
                MaskRule { field: Field::Mobile, mask: Mask::Phone },
                MaskRule { field: Field::Email, mask: Mask::Drop },
            ],
            ..ExportOptions::default()
        };
        let p = preview(&d, &options);
        assert!(p.has_header);
        assert_eq!(p.people, 2);
        assert_eq!(p.rows.len(), 3);
        assert!(p.rows[1].contains(&"138****8000".to_string()));
        assert_eq!(p.leaving, vec![(Field::Name, None), (Field::Mobile, Some(Mask::Phone))]);
        assert_eq!(p.extra_headers, vec!["工号备注".to_string()]);
        let v = preview(&d, &ExportOptions { destination: Destination::Vcard3, ..ExportOptions::default() });
        assert!(!v.has_header && v.rows.len() == 2);
    }

    #[test]
    fn exports_carry_their_manifest_and_the_page_clock() {
        let d = directory();
        let options = ExportOptions { destination: Destination::Vcard3, ..ExportOptions::default() };
        let created = "2026-11-24T20:05:09+08:00".to_string();
        let (files, done) = run(&d, &options, &Encryption::None, source(), created.clone()).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].0.name, "contacts-vcard3.vcf");
        assert_eq!(String::from_utf8_lossy(&files[0].1).matches("BEGIN:VCARD").count(), 2);
        let manifest: serde_json::Value = serde_json::from_slice(&files[1].1).unwrap();
        assert_eq!(manifest["created"], created.as_str());
        assert_eq!(manifest["source"]["sha256"], export::sha256_hex(b"bytes").as_str());
        assert_eq!((done.people, done.encryption), (2, None));
    }

    #[test]
    fn only_an_unencrypted_export_leaves_its_digest_to_the_caller() {
        // The worker's two steps: export without the digest, hash with WebCrypto, then package.
        let d = directory();
        let options = ExportOptions { destination: Destination::Vcard3, ..ExportOptions::default() };
        let created = || "2026-01-01T00:00:00+08:00".to_string();
        let output = export_output(&d, &options, &Encryption::None, source(), created(), false).unwrap();
        assert_eq!(output.manifest.output_sha256, "");
        let zip = Encryption::Zip { password: "pw".into() };
        let sealed = export_output(&d, &options, &zip, source(), created(), false).unwrap();
        assert_eq!(sealed.manifest.output_sha256, export::sha256_hex(&sealed.bytes));
        let (files, _) = run(&d, &options, &Encryption::None, source(), created()).unwrap();
        let manifest: serde_json::Value = serde_json::from_slice(&files[1].1).unwrap();
        assert_eq!(manifest["output_sha256"], export::sha256_hex(&files[0].1).as_str());
    }

    #[test]
    fn encrypted_exports_decrypt_and_refuse_wrong_passwords() {
        let d = directory();
        let options = ExportOptions { destination: Destination::Csv, ..ExportOptions::default() };
        let plain = run(&d, &options, &Encryption::None, source(), "2026-01-01T00:00:00+08:00".into()).unwrap().0;
        let zip = Encryption::Zip { password: "pw".into() };
        let (files, done) = run(&d, &options, &zip, source(), "2026-01-01T00:00:00+08:00".into()).unwrap();
        assert_eq!(files.len(), 1);
        assert!(done.encryption.is_some());
        let inside = decrypt(&files[0].0.name, &files[0].1, "pw").unwrap();
        assert_eq!(inside.len(), 3);
        assert_eq!(inside[0].1, plain[0].1);
        assert!(inside[0].0.openable && !inside[1].0.openable);
        assert_eq!(decrypt("x.zip", &files[0].1, "no").unwrap_err().0, FailureKind::WrongPassword);

        let container = Encryption::Container { password: "密码".into(), kdf: KdfChoice::Pbkdf2 };
        let (files, _) = run(&d, &options, &container, source(), "2026-01-01T00:00:00+08:00".into()).unwrap();
        assert_eq!(files[0].0.name, "contacts-csv.csv.minglu");
        let back = decrypt(&files[0].0.name, &files[0].1, "密码").unwrap();
        assert_eq!((back[0].0.name.as_str(), &back[0].1), ("contacts-csv.csv", &plain[0].1));
        assert_eq!(decrypt("a.minglu", &files[0].1, "x").unwrap_err().0, FailureKind::WrongPasswordOrChanged);
        let mut changed = files[0].1.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert!(decrypt("a.minglu", &changed, "密码").is_err());
        assert_eq!(decrypt("a.txt", b"hello", "x").unwrap_err().0, FailureKind::NotEncrypted);
        let empty = Encryption::Zip { password: String::new() };
        assert_eq!(run(&d, &options, &empty, source(), String::new()).unwrap_err().0, FailureKind::NoPassword);
    }
}
