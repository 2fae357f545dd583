//! `minglu decrypt FILE --out OUT --password-env VAR`: open a Minglu container (or an encrypted
//! zip Minglu made). Nothing is written unless the whole file authenticates.

use super::convert::{password_from, write_new};
use super::{print, Failure};
use crate::args::Args;
use minglu::encrypt;
use std::path::Path;

const HELP: &str = "\
minglu decrypt — open a Minglu container or an encrypted zip

Usage:
  minglu decrypt FILE --out OUT --password-env VAR

FILE is a Minglu container (minglu convert --encrypt container; format in
docs/container-format.md): OUT is the decrypted file. Or an AES zip (minglu convert --encrypt
zip): OUT is a directory the files are written into.

The password is read from environment variable VAR. A wrong password or a modified file stops
with exit status 2 and `minglu: FILE: wrong password or the file was modified`; nothing is
written then, not even a partial file.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["out", "password-env"], "decrypt")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = match args.positionals.as_slice() {
        [p] => p.clone(),
        [] => {
            return Err(Failure("decrypt: which file? usage: minglu decrypt FILE --out OUT --password-env VAR".into()))
        }
        more => return Err(Failure(format!("decrypt: one file at a time, got {}", more.len()))),
    };
    let out = args.get("out").ok_or_else(|| Failure("decrypt: --out OUT is required".into()))?;
    let var = args.get("password-env").ok_or_else(|| Failure("decrypt: --password-env VAR is required".into()))?;
    let password = password_from(var, "decrypt")?;
    let bytes = std::fs::read(&path).map_err(|e| Failure(format!("cannot read {path}: {e}")))?;

    if encrypt::is_container(&bytes) {
        let plain = encrypt::decrypt_container(&bytes, &password).map_err(|e| Failure(format!("{path}: {e}")))?;
        write_new(out, &plain)?;
        print(&format!("wrote {out}: {} bytes\n", plain.len()));
    } else if bytes.starts_with(b"PK\x03\x04") {
        let files = encrypt::decrypt_zip(&bytes, &password).map_err(|e| Failure(format!("{path}: {e}")))?;
        // Names come from the file: only plain names are written, never a path out of OUT.
        for (name, _) in &files {
            let plain = Path::new(name).file_name().is_some_and(|n| n == name.as_str()) && !name.starts_with('.');
            if !plain {
                return Err(Failure(format!(
                    "{path}: the zip holds \"{name}\", which is not a plain file name; nothing written"
                )));
            }
        }
        std::fs::create_dir_all(out).map_err(|e| Failure(format!("cannot create {out}: {e}")))?;
        for (name, data) in &files {
            write_new(&Path::new(out).join(name).to_string_lossy(), data)?;
        }
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        print(&format!("wrote {} files into {out}: {}\n", files.len(), names.join(", ")));
    } else {
        return Err(Failure(format!("{path}: neither a Minglu container nor a zip")));
    }
    Ok(())
}
