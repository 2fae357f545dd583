//! Encrypted outputs: the AES zip (what 7-Zip opens) and the Minglu container, through the public
//! API. The readers nobody here wrote (7-Zip, Python `cryptography`) check the same files in
//! `tests/readers/`.

use minglu::encrypt::{
    container_info, decrypt_container, decrypt_zip, encrypt_container, encrypt_zip, encrypt_zip_with, ContainerOptions,
    Kdf,
};
use minglu::export::{export, Destination, ExportOptions};
use minglu::{open, ErrorKind, OpenOptions};

fn output() -> minglu::export::ExportOutput {
    let csv = "姓名,手机,邮箱\n张三,13800138000,zhangsan@example.com\n李四,+85259123456,lisi@example.com\n";
    let dir = open(csv.as_bytes(), &OpenOptions::default()).unwrap().directory;
    let mut out = export(
        &dir,
        &ExportOptions { destination: Destination::Vcard3, file_stem: Some("通讯录".into()), ..Default::default() },
    )
    .unwrap();
    out.manifest.encryption = Some(minglu::encrypt::ZIP_DESCRIPTION.into());
    out
}

/// The WinZip AES extra field (0x9901, 7 bytes): vendor version 2 (AE-2), "AE", AES-256 (3),
/// then the real compression method, deflate (8).
const AE2_AES256_DEFLATE: &[u8] = &[0x01, 0x99, 0x07, 0x00, 0x02, 0x00, b'A', b'E', 0x03, 0x08, 0x00];

#[test]
fn zip_holds_the_output_and_its_manifest_and_opens_with_the_password_only() {
    let out = output();
    let files = out.files();
    let zip = encrypt_zip(&files, "正确 password", Some("2026-11-23T10:00:00+08:00")).unwrap();
    // Every entry (local header and central directory) is AES-256, AE-2, deflated.
    assert_eq!(zip.windows(AE2_AES256_DEFLATE.len()).filter(|w| *w == AE2_AES256_DEFLATE).count(), 2 * files.len());
    let back = decrypt_zip(&zip, "正确 password").unwrap();
    assert_eq!(back, files);
    assert_eq!(back[0].0, "通讯录.vcf");
    assert_eq!(decrypt_zip(&zip, "wrong").unwrap_err().kind, ErrorKind::WrongPassword);
    // Plaintext appears nowhere in the archive.
    assert!(!zip.windows(5).any(|w| w == b"VCARD"));
    assert!(!zip.windows("张三".len()).any(|w| w == "张三".as_bytes()));
}

#[test]
fn a_modified_zip_entry_is_rejected() {
    let files = vec![("a.txt".to_string(), b"the same text, long enough to be deflated and encrypted".repeat(4))];
    let zip = encrypt_zip(&files, "pw", None).unwrap();
    // Flip one byte in the middle of the encrypted data (after the 30-byte local header, the
    // name, the 11-byte AES extra field, the 16-byte salt and 2-byte verifier).
    let mut bad = zip.clone();
    let at = 30 + 5 + 11 + 18 + 10;
    bad[at] ^= 0x40;
    assert!(decrypt_zip(&bad, "pw").is_err());
    assert_eq!(decrypt_zip(&zip, "pw").unwrap(), files);
}

#[test]
fn fresh_salts_every_time_and_a_fixed_source_gives_fixed_bytes() {
    let files = vec![("a.txt".to_string(), b"hello".to_vec())];
    assert_ne!(encrypt_zip(&files, "pw", None).unwrap(), encrypt_zip(&files, "pw", None).unwrap());
    let fixed = |seed: u8| {
        let mut n = seed;
        move |buf: &mut [u8]| {
            for b in buf {
                *b = n;
                n = n.wrapping_add(1);
            }
        }
    };
    let a = encrypt_zip_with(&files, "pw", None, &mut fixed(1)).unwrap();
    let b = encrypt_zip_with(&files, "pw", None, &mut fixed(1)).unwrap();
    assert_eq!(a, b);
    assert!(encrypt_zip(&files, "", None).is_err());
}

#[test]
fn container_round_trip_with_the_default_and_argon2id() {
    let out = output();
    let sealed = encrypt_container(&out.bytes, "pw-1", &ContainerOptions::default()).unwrap();
    assert_eq!(container_info(&sealed).unwrap().kdf, Kdf::Pbkdf2Sha256 { iterations: 600_000 });
    assert_eq!(decrypt_container(&sealed, "pw-1").unwrap(), out.bytes);
    let e = decrypt_container(&sealed, "pw-2").unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::WrongPassword, "wrong password or the file was modified"));

    let argon = encrypt_container(&out.bytes, "pw-1", &ContainerOptions { kdf: Kdf::argon2id() }).unwrap();
    assert_eq!(decrypt_container(&argon, "pw-1").unwrap(), out.bytes);
    let mut modified = argon.clone();
    let last = modified.len() - 20;
    modified[last] ^= 1;
    assert_eq!(decrypt_container(&modified, "pw-1").unwrap_err().kind, ErrorKind::WrongPassword);
}
