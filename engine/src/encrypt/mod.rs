//! Encryption of exports, in the two forms people need:
//!
//! - the **Minglu container** ([`encrypt_container`], [`decrypt_container`]): AES-256-GCM under
//!   a PBKDF2-HMAC-SHA256 (600,000 iterations, the default) or Argon2id key; a published format
//!   (`docs/container-format.md`) that any standard library decrypts;
//! - the **encrypted zip** ([`encrypt_zip`]): AES-256 (WinZip AE-2) that 7-Zip opens, holding the
//!   outputs and their manifest.
//!
//! Salts and nonces come from a [`RandomSource`]: [`OsRandom`] (the operating system, or
//! `crypto.getRandomValues` in the browser) unless the caller passes another — tests pass a fixed
//! one to check exact bytes. Every encryption draws fresh ones.
//!
//! ```
//! use minglu::encrypt::{decrypt_container, encrypt_container, ContainerOptions};
//! let sealed = encrypt_container(b"BEGIN:VCARD...", "correct horse", &ContainerOptions::default()).unwrap();
//! assert_eq!(decrypt_container(&sealed, "correct horse").unwrap(), b"BEGIN:VCARD...");
//! let wrong = decrypt_container(&sealed, "battery staple").unwrap_err();
//! assert_eq!(wrong.kind, minglu::ErrorKind::WrongPassword);
//! ```

mod container;
mod zip;

pub use container::{
    container_info, decrypt_container, encrypt_container, encrypt_container_with, is_container, ContainerInfo,
    ContainerOptions, Kdf, ARGON2_MIN_ITERATIONS, ARGON2_MIN_MEMORY_KIB, EXTENSION, MAGIC, PBKDF2_MIN_ITERATIONS,
    VERSION,
};
pub use zip::{decrypt_zip, encrypt_zip, encrypt_zip_with, ZIP_DESCRIPTION};

use crate::{Error, ErrorKind, Result};

/// Where salts and nonces come from.
pub trait RandomSource {
    /// Fill `buf` with unpredictable bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<()>;
}

/// The operating system's random source (`getrandom`; `crypto.getRandomValues` in the browser).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<()> {
        getrandom::fill(buf).map_err(|e| Error::new(ErrorKind::Other, format!("no random source available: {e}")))
    }
}

/// Any `FnMut(&mut [u8])` is a source: `&mut |buf: &mut [u8]| buf.fill(7)` in a test.
impl<F: FnMut(&mut [u8])> RandomSource for F {
    fn fill(&mut self, buf: &mut [u8]) -> Result<()> {
        self(buf);
        Ok(())
    }
}

/// How the manifest describes a container made with `options`.
pub fn describe_container(options: &ContainerOptions) -> String {
    format!("Minglu container v{VERSION} (AES-256-GCM, {})", options.kdf.describe())
}
