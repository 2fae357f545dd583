//! The password-protected zip people are told to make by hand (用 7-Zip 加密压缩): AES-256 in
//! WinZip's AE-2 format, which 7-Zip opens (`tests/readers/run-export.sh` checks `7z x`), as do
//! the other archivers that read WinZip AES. The legacy ZipCrypto is never used: it is broken.
//!
//! Each entry: deflate, then AES-256-CTR with a key from PBKDF2-HMAC-SHA1 (1000 iterations, fixed
//! by the WinZip specification — weak against guessing, which is why the Minglu container exists),
//! then an HMAC-SHA1 authentication code. AE-2 rather than AE-1: AE-1 stores the CRC-32 of the
//! plaintext in the clear, which for a small file (a manifest) can reveal its content. zip writes
//! AE-2 only when it cannot seek back, so the archive is written as a stream (with data
//! descriptors) into memory.
//!
//! Names are stored as UTF-8 with the zip's UTF-8 flag, so `通讯录.vcf` shows as such in 7-Zip.

use super::RandomSource;
use crate::{Error, ErrorKind, Result};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{AesMode, AesSalt, CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// How the manifest describes this protection.
pub const ZIP_DESCRIPTION: &str = "AES-256 zip (WinZip AE-2; opens in 7-Zip)";

/// WinZip AES-256 uses a 16-byte salt per entry.
const SALT_LEN: usize = 16;

fn zip_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Other, format!("could not write the encrypted zip: {e}"))
}

/// The entries' modification time: the caller's export time, or the zip epoch (1980-01-01) so
/// that the bytes do not depend on the clock.
fn entry_time(created: Option<&str>) -> DateTime {
    created
        .and_then(crate::export::parse_timestamp)
        .and_then(|(y, mo, d, h, mi, s)| DateTime::from_date_and_time(y, mo, d, h, mi, s).ok())
        .unwrap_or_default()
}

/// An AES-256 zip of `files` (`(name, bytes)`), with fresh salts from the system's random source.
pub fn encrypt_zip(files: &[(String, Vec<u8>)], password: &str, created: Option<&str>) -> Result<Vec<u8>> {
    encrypt_zip_with(files, password, created, &mut super::OsRandom)
}

/// [`encrypt_zip`], drawing each entry's salt from `random`.
pub fn encrypt_zip_with(
    files: &[(String, Vec<u8>)],
    password: &str,
    created: Option<&str>,
    random: &mut dyn RandomSource,
) -> Result<Vec<u8>> {
    if password.is_empty() {
        return Err(Error::new(ErrorKind::Other, "an empty password protects nothing; choose a password"));
    }
    let time = entry_time(created);
    let mut zip = ZipWriter::new_stream(Vec::new());
    for (name, bytes) in files {
        let mut salt = [0u8; SALT_LEN];
        random.fill(&mut salt)?;
        let salt = AesSalt::try_new(AesMode::Aes256, &salt).map_err(zip_error)?;
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(time)
            .unix_permissions(0o600)
            .with_aes_encryption_and_salt(password.as_bytes(), salt);
        zip.start_file(name.as_str(), options).map_err(zip_error)?;
        zip.write_all(bytes).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// Read every entry of an encrypted zip (what 7-Zip does with `7z x -p`): for tests, and for
/// opening a zip Minglu made. A wrong password is [`ErrorKind::WrongPassword`]; a modified entry
/// fails its HMAC and is [`ErrorKind::Corrupt`]. Nothing is returned unless every entry reads.
pub fn decrypt_zip(bytes: &[u8], password: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::new(ErrorKind::Corrupt, format!("this is not a readable zip: {e}")))?;
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut file = archive.by_index_decrypt(i, password.as_bytes()).map_err(|e| match e {
            zip::result::ZipError::InvalidPassword => {
                Error::new(ErrorKind::WrongPassword, "wrong password or the file was modified")
            }
            other => Error::new(ErrorKind::Corrupt, format!("the zip is damaged: {other}")),
        })?;
        let name =
            file.name().map_err(|e| Error::new(ErrorKind::Corrupt, format!("the zip is damaged: {e}")))?.into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data)
            .map_err(|e| Error::new(ErrorKind::Corrupt, format!("{name}: the entry was modified or damaged ({e})")))?;
        out.push((name, data));
    }
    Ok(out)
}
