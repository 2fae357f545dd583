//! The Minglu container: one file encrypted with AES-256-GCM under a key derived from a password.
//! The format is published in `docs/container-format.md` with a test vector, so any standard
//! library can open a container without Minglu.
//!
//! ```text
//! offset  size  field
//! 0       6     magic "MINGLU" (4D 49 4E 47 4C 55)
//! 6       1     format version: 1
//! 7       1     KDF id: 1 = PBKDF2-HMAC-SHA256, 2 = Argon2id (version 0x13)
//! 8       4|12  KDF parameters, big-endian u32s:
//!                 PBKDF2:   iterations
//!                 Argon2id: memory (KiB), iterations (t), parallelism (p)
//! …       1     salt length (16), then the salt
//! …       1     nonce length (12), then the nonce
//! …       …     AES-256-GCM ciphertext, then its 16-byte tag
//! ```
//!
//! The key is the KDF's 32-byte output from the password's UTF-8 bytes (as typed, no
//! normalization) and the salt. Every byte before the ciphertext is the GCM associated data,
//! so a changed header (a lowered iteration count, another salt) fails authentication like a
//! changed ciphertext does.

use super::RandomSource;
use crate::{Error, ErrorKind, Result};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use serde::{Deserialize, Serialize};

/// The first bytes of every container.
pub const MAGIC: &[u8; 6] = b"MINGLU";
/// The format version this code writes.
pub const VERSION: u8 = 1;
/// The file extension containers are given.
pub const EXTENSION: &str = "minglu";

const KDF_PBKDF2: u8 = 1;
const KDF_ARGON2ID: u8 = 2;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const KEY_LEN: usize = 32;

/// OWASP Password Storage Cheat Sheet (2023+) minimums, enforced when encrypting.
pub const PBKDF2_MIN_ITERATIONS: u32 = 600_000;
pub const ARGON2_MIN_MEMORY_KIB: u32 = 19 * 1024;
pub const ARGON2_MIN_ITERATIONS: u32 = 2;

/// Upper bounds accepted when decrypting: a hostile header must not make the app derive a key
/// for minutes or allocate gigabytes (a wasm module has at most 4 GiB).
const PBKDF2_MAX_ITERATIONS: u32 = 20_000_000;
const ARGON2_MAX_MEMORY_KIB: u32 = 1024 * 1024;
const ARGON2_MAX_ITERATIONS: u32 = 64;
const ARGON2_MAX_PARALLELISM: u32 = 16;

/// How the key is derived from the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kdf {
    /// PBKDF2-HMAC-SHA256 — the default (see `docs/container-format.md` for why).
    Pbkdf2Sha256 { iterations: u32 },
    /// Argon2id, version 0x13 (RFC 9106).
    Argon2id { memory_kib: u32, iterations: u32, parallelism: u32 },
}

impl Default for Kdf {
    fn default() -> Self {
        Kdf::Pbkdf2Sha256 { iterations: PBKDF2_MIN_ITERATIONS }
    }
}

impl Kdf {
    /// Argon2id at OWASP's first recommendation: 19 MiB, 2 passes, 1 lane.
    pub fn argon2id() -> Kdf {
        Kdf::Argon2id { memory_kib: ARGON2_MIN_MEMORY_KIB, iterations: ARGON2_MIN_ITERATIONS, parallelism: 1 }
    }

    /// `PBKDF2-HMAC-SHA256, 600000 iterations` / `Argon2id, m=19456 KiB, t=2, p=1`.
    pub fn describe(&self) -> String {
        match *self {
            Kdf::Pbkdf2Sha256 { iterations } => format!("PBKDF2-HMAC-SHA256, {iterations} iterations"),
            Kdf::Argon2id { memory_kib, iterations, parallelism } => {
                format!("Argon2id, m={memory_kib} KiB, t={iterations}, p={parallelism}")
            }
        }
    }

    fn check_for_encryption(&self) -> Result<()> {
        let weak = match *self {
            Kdf::Pbkdf2Sha256 { iterations } => iterations < PBKDF2_MIN_ITERATIONS,
            Kdf::Argon2id { memory_kib, iterations, parallelism } => {
                memory_kib < ARGON2_MIN_MEMORY_KIB || iterations < ARGON2_MIN_ITERATIONS || parallelism == 0
            }
        };
        if weak {
            return Err(Error::new(
                ErrorKind::Other,
                format!(
                    "{} is below the minimum Minglu encrypts with (PBKDF2 ≥ {PBKDF2_MIN_ITERATIONS} iterations; Argon2id ≥ {ARGON2_MIN_MEMORY_KIB} KiB and t ≥ {ARGON2_MIN_ITERATIONS})",
                    self.describe()
                ),
            ));
        }
        self.check_bounds()
    }

    fn check_bounds(&self) -> Result<()> {
        let ok = match *self {
            Kdf::Pbkdf2Sha256 { iterations } => (1..=PBKDF2_MAX_ITERATIONS).contains(&iterations),
            Kdf::Argon2id { memory_kib, iterations, parallelism } => {
                (1..=ARGON2_MAX_PARALLELISM).contains(&parallelism)
                    && (8 * parallelism..=ARGON2_MAX_MEMORY_KIB).contains(&memory_kib)
                    && (1..=ARGON2_MAX_ITERATIONS).contains(&iterations)
            }
        };
        if ok {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Corrupt,
                format!(
                    "the container asks for {}, outside what Minglu accepts; the file is damaged or not from Minglu",
                    self.describe()
                ),
            ))
        }
    }

    fn header_bytes(&self) -> Vec<u8> {
        match *self {
            Kdf::Pbkdf2Sha256 { iterations } => [&[KDF_PBKDF2][..], &iterations.to_be_bytes()].concat(),
            Kdf::Argon2id { memory_kib, iterations, parallelism } => {
                [&[KDF_ARGON2ID][..], &memory_kib.to_be_bytes(), &iterations.to_be_bytes(), &parallelism.to_be_bytes()]
                    .concat()
            }
        }
    }

    /// The 32-byte key.
    fn derive(&self, password: &[u8], salt: &[u8]) -> Result<[u8; KEY_LEN]> {
        let mut key = [0u8; KEY_LEN];
        match *self {
            Kdf::Pbkdf2Sha256 { iterations } => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut key)
            }
            Kdf::Argon2id { memory_kib, iterations, parallelism } => {
                let params = argon2::Params::new(memory_kib, iterations, parallelism, Some(KEY_LEN))
                    .map_err(|e| Error::new(ErrorKind::Corrupt, format!("Argon2id parameters: {e}")))?;
                argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
                    .hash_password_into(password, salt, &mut key)
                    .map_err(|e| Error::new(ErrorKind::Other, format!("Argon2id failed: {e}")))?;
            }
        }
        Ok(key)
    }
}

/// Options for [`encrypt_container`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContainerOptions {
    pub kdf: Kdf,
}

/// What a container's header says (readable without the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerInfo {
    pub version: u8,
    pub kdf: Kdf,
    /// Bytes of the encrypted file (the plaintext is the same length).
    pub plaintext_len: usize,
}

/// Does `bytes` start like a container?
pub fn is_container(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Encrypt with a fresh salt and nonce from the system's random source.
pub fn encrypt_container(plaintext: &[u8], password: &str, options: &ContainerOptions) -> Result<Vec<u8>> {
    encrypt_container_with(plaintext, password, options, &mut super::OsRandom)
}

/// Encrypt, drawing the salt and nonce from `random` (tests and test vectors pass a fixed one).
pub fn encrypt_container_with(
    plaintext: &[u8],
    password: &str,
    options: &ContainerOptions,
    random: &mut dyn RandomSource,
) -> Result<Vec<u8>> {
    if password.is_empty() {
        return Err(Error::new(ErrorKind::Other, "an empty password protects nothing; choose a password"));
    }
    options.kdf.check_for_encryption()?;
    seal(plaintext, password, options.kdf, random)
}

/// Encrypt without the minimum-strength check (tests use a cheap KDF for behaviour tests).
fn seal(plaintext: &[u8], password: &str, kdf: Kdf, random: &mut dyn RandomSource) -> Result<Vec<u8>> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    random.fill(&mut salt)?;
    random.fill(&mut nonce)?;

    let mut header = MAGIC.to_vec();
    header.push(VERSION);
    header.extend(kdf.header_bytes());
    header.push(SALT_LEN as u8);
    header.extend_from_slice(&salt);
    header.push(NONCE_LEN as u8);
    header.extend_from_slice(&nonce);

    let key = kdf.derive(password.as_bytes(), &salt)?;
    let cipher = Aes256Gcm::new(&key.into());
    let sealed = cipher
        .encrypt(&nonce.into(), Payload { msg: plaintext, aad: &header })
        .map_err(|_| Error::new(ErrorKind::TooLarge, "the file is too large for one AES-GCM message"))?;
    header.extend(sealed);
    Ok(header)
}

/// The parsed header: KDF, salt, nonce, and where the ciphertext starts.
struct Header<'a> {
    kdf: Kdf,
    salt: &'a [u8],
    nonce: [u8; NONCE_LEN],
    body: usize,
}

fn corrupt(what: &str) -> Error {
    Error::new(ErrorKind::Corrupt, format!("the container is damaged: {what}"))
}

fn parse_header(bytes: &[u8]) -> Result<Header<'_>> {
    if !is_container(bytes) {
        return Err(Error::new(
            ErrorKind::UnknownFormat,
            "this is not a Minglu container (it does not start with MINGLU)",
        ));
    }
    let mut at = MAGIC.len();
    let mut take = |n: usize| -> Result<&[u8]> {
        let s = bytes.get(at..at + n).ok_or_else(|| corrupt("it ends inside its header"))?;
        at += n;
        Ok(s)
    };
    let version = take(1)?[0];
    if version != VERSION {
        return Err(Error::new(
            ErrorKind::UnknownFormat,
            format!(
                "container format version {version}; this Minglu reads version {VERSION} (a newer Minglu made it?)"
            ),
        ));
    }
    let u32_at = |s: &[u8], i: usize| u32::from_be_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]);
    let kdf = match take(1)?[0] {
        KDF_PBKDF2 => Kdf::Pbkdf2Sha256 { iterations: u32_at(take(4)?, 0) },
        KDF_ARGON2ID => {
            let p = take(12)?;
            Kdf::Argon2id { memory_kib: u32_at(p, 0), iterations: u32_at(p, 4), parallelism: u32_at(p, 8) }
        }
        other => return Err(corrupt(&format!("unknown key derivation id {other}"))),
    };
    kdf.check_bounds()?;
    let salt_len = take(1)?[0] as usize;
    if !(8..=64).contains(&salt_len) {
        return Err(corrupt(&format!("a salt of {salt_len} bytes")));
    }
    let salt = take(salt_len)?;
    if take(1)?[0] as usize != NONCE_LEN {
        return Err(corrupt("the nonce is not 12 bytes"));
    }
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(take(NONCE_LEN)?);
    if bytes.len() < at + TAG_LEN {
        return Err(corrupt("it ends before its authentication tag"));
    }
    Ok(Header { kdf, salt, nonce, body: at })
}

/// Read the header without the password.
pub fn container_info(bytes: &[u8]) -> Result<ContainerInfo> {
    let h = parse_header(bytes)?;
    Ok(ContainerInfo { version: VERSION, kdf: h.kdf, plaintext_len: bytes.len() - h.body - TAG_LEN })
}

/// Decrypt a container. A wrong password and a modified file give the same error
/// ([`ErrorKind::WrongPassword`]): GCM cannot tell them apart, and no plaintext is returned
/// unless the whole file authenticates.
pub fn decrypt_container(bytes: &[u8], password: &str) -> Result<Vec<u8>> {
    let h = parse_header(bytes)?;
    let key = h.kdf.derive(password.as_bytes(), h.salt)?;
    let cipher = Aes256Gcm::new(&key.into());
    cipher
        .decrypt(&h.nonce.into(), Payload { msg: &bytes[h.body..], aad: &bytes[..h.body] })
        .map_err(|_| Error::new(ErrorKind::WrongPassword, "wrong password or the file was modified"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vector of `docs/container-format.md`: salt 00…0f and nonce 10…1b (a source that
    /// counts up from 0), the default KDF.
    pub(crate) const VECTOR_PASSWORD: &str = "名录 correct horse";
    pub(crate) const VECTOR_PLAINTEXT: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张三\r\nEND:VCARD\r\n";
    const VECTOR_HEX: &str = concat!(
        "4d494e474c55",
        "01",
        "01",
        "000927c0",
        "10",
        "000102030405060708090a0b0c0d0e0f",
        "0c",
        "101112131415161718191a1b",
        "a23be8f918cb02ffe29e822a2995a9d088ac54f80f03f2859650da6eca428e2fb07ede303b93b62e8bc7b81b35b9be51cf6fdf",
        "152ab8db216a77f1d24baa56c8"
    );

    fn counting() -> impl FnMut(&mut [u8]) {
        let mut next = 0u8;
        move |buf: &mut [u8]| {
            for b in buf {
                *b = next;
                next = next.wrapping_add(1);
            }
        }
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A cheap KDF for behaviour tests (never accepted for encryption through the public API).
    const CHEAP: Kdf = Kdf::Pbkdf2Sha256 { iterations: 1000 };

    #[test]
    fn published_test_vector() {
        let sealed = encrypt_container_with(
            VECTOR_PLAINTEXT.as_bytes(),
            VECTOR_PASSWORD,
            &ContainerOptions::default(),
            &mut counting(),
        )
        .unwrap();
        assert_eq!(hex(&sealed), VECTOR_HEX);
        assert_eq!(decrypt_container(&sealed, VECTOR_PASSWORD).unwrap(), VECTOR_PLAINTEXT.as_bytes());
        let info = container_info(&sealed).unwrap();
        assert_eq!(info.kdf, Kdf::Pbkdf2Sha256 { iterations: 600_000 });
        assert_eq!(info.plaintext_len, VECTOR_PLAINTEXT.len());
    }

    #[test]
    fn argon2id_round_trip() {
        let sealed =
            encrypt_container_with(b"hello", "pw", &ContainerOptions { kdf: Kdf::argon2id() }, &mut counting())
                .unwrap();
        assert_eq!(&sealed[..8], b"MINGLU\x01\x02");
        assert_eq!(&sealed[8..20], &[0, 0, 0x4c, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
        assert_eq!(decrypt_container(&sealed, "pw").unwrap(), b"hello");
        assert_eq!(decrypt_container(&sealed, "pW").unwrap_err().kind, ErrorKind::WrongPassword);
    }

    #[test]
    fn wrong_password_and_every_modified_byte_are_rejected() {
        let sealed = seal(b"secret roster", "pw", CHEAP, &mut counting()).unwrap();
        let e = decrypt_container(&sealed, "wrong").unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongPassword);
        assert_eq!(e.message, "wrong password or the file was modified");
        // Every byte but the iteration count (changing it changes the work, tested below).
        for i in (0..sealed.len()).filter(|i| !(8..12).contains(i)) {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert!(decrypt_container(&bad, "pw").is_err(), "byte {i} changed and still decrypted");
        }
        let mut lowered = sealed.clone();
        lowered[8..12].copy_from_slice(&999u32.to_be_bytes());
        assert_eq!(decrypt_container(&lowered, "pw").unwrap_err().kind, ErrorKind::WrongPassword);
        assert!(decrypt_container(&sealed[..sealed.len() - 1], "pw").is_err());
        assert_eq!(decrypt_container(b"PK\x03\x04", "pw").unwrap_err().kind, ErrorKind::UnknownFormat);
        assert_eq!(decrypt_container(&sealed[..20], "pw").unwrap_err().kind, ErrorKind::Corrupt);
    }

    #[test]
    fn fresh_salt_and_nonce_every_time() {
        let a = seal(b"same", "pw", CHEAP, &mut OsRandomForTest).unwrap();
        let b = seal(b"same", "pw", CHEAP, &mut OsRandomForTest).unwrap();
        assert_ne!(a[13..29], b[13..29], "salt reused");
        assert_ne!(a[30..42], b[30..42], "nonce reused");
        assert_ne!(a, b);
    }

    struct OsRandomForTest;
    impl RandomSource for OsRandomForTest {
        fn fill(&mut self, buf: &mut [u8]) -> Result<()> {
            super::super::OsRandom.fill(buf)
        }
    }

    #[test]
    fn weak_settings_and_empty_passwords_are_refused() {
        let weak = ContainerOptions { kdf: Kdf::Pbkdf2Sha256 { iterations: 100_000 } };
        assert!(encrypt_container(b"x", "pw", &weak).is_err());
        let weak = ContainerOptions { kdf: Kdf::Argon2id { memory_kib: 4096, iterations: 3, parallelism: 1 } };
        assert!(encrypt_container(b"x", "pw", &weak).is_err());
        assert!(encrypt_container(b"x", "", &ContainerOptions::default()).is_err());
    }

    #[test]
    fn hostile_parameters_are_not_run() {
        let mut sealed = seal(b"x", "pw", CHEAP, &mut counting()).unwrap();
        sealed[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(decrypt_container(&sealed, "pw").unwrap_err().kind, ErrorKind::Corrupt);
    }
}
