//! What every CLI test file needs: run the binary, read its output, a scratch directory.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Run the `minglu` binary built for these tests.
pub fn minglu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minglu")).args(args).output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh scratch directory per test file and test (tests run in parallel).
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("minglu-{}-{}-{test}", env!("CARGO_CRATE_NAME"), std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `dir/name` as a string argument.
pub fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

/// Run the binary with extra environment variables (passwords go in by `--password-env`).
pub fn minglu_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minglu"));
    c.args(args).envs(env.iter().copied());
    c.output().expect("the binary runs")
}
