//! `minglu inspect` on every file of calamine's own test folder (`../shared/corpus/calamine/tests`),
//! run as a user would run it, under a 1 GiB address-space limit and a 5 s deadline.
//!
//! The bar of issue #2: no file panics, none exhausts memory or time; every file either opens
//! (exit 0) or is refused with one line saying why (exit 2). The hostile fixtures that really are
//! broken (`OOM_alloc3.xls`, `issue_594_dos.ods`, `issue_666_panic.xlsb`, the password-protected
//! ones) must be refused. `OOM_alloc.xls` and `OOM_alloc2.xls` are genuine workbooks that once made
//! calamine allocate without bound; calamine's own `test_oom_allocation` expects them to open, and
//! so do we — bounded in time and memory, which is what this test measures.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/calamine/tests");
    dir.is_dir().then_some(dir)
}

struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

/// Run `minglu inspect FILE --format json` with `ulimit -v` 1 GiB, killing it after 5 s.
fn inspect_limited(file: &std::path::Path) -> Run {
    let script = format!(
        "ulimit -v 1048576; exec '{}' inspect \"$0\" --format json",
        env!("CARGO_BIN_EXE_minglu")
    );
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let deadline = Duration::from_secs(5);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut stderr).ok();
            return Run { code: status.code(), stderr, elapsed: start.elapsed() };
        }
        if start.elapsed() > deadline {
            child.kill().ok();
            child.wait().ok();
            return Run { code: None, stderr: "killed after 5 s".into(), elapsed: start.elapsed() };
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn every_calamine_fixture_opens_or_is_refused_in_one_line_within_5s_and_1gib() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/calamine/tests is absent");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() > 100, "the corpus has {} files", files.len());
    let (mut opened, mut refused) = (0, 0);
    let mut slowest = Duration::ZERO;
    for file in &files {
        let run = inspect_limited(file);
        slowest = slowest.max(run.elapsed);
        let name = file.file_name().unwrap().to_string_lossy();
        match run.code {
            Some(0) => opened += 1,
            Some(2) => {
                refused += 1;
                assert_eq!(run.stderr.lines().count(), 1, "{name}: one line on stderr: {:?}", run.stderr);
                assert!(run.stderr.starts_with("minglu: "), "{name}: {:?}", run.stderr);
                assert!(!run.stderr.contains("panicked"), "{name}: {:?}", run.stderr);
            }
            other => panic!("{name}: exit {other:?} (a panic, an abort or a kill): {}", run.stderr),
        }
    }
    eprintln!(
        "calamine corpus: {} files, {opened} open, {refused} refused, slowest {:?}",
        files.len(),
        slowest
    );
}

#[test]
fn hostile_fixtures_that_are_broken_are_refused_with_a_reason() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/calamine/tests is absent");
        return;
    };
    for (name, says) in [
        ("OOM_alloc3.xls", "damaged"),
        ("issue_594_dos.ods", "hostile"),
        ("issue_666_panic.xlsb", "empty"),
        ("pass_protected.xlsx", "password"),
        ("pass_protected.ods", "password"),
    ] {
        let run = inspect_limited(&dir.join(name));
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{name} should say {says:?}: {}", run.stderr);
        assert!(run.elapsed < Duration::from_secs(5), "{name}: {:?}", run.elapsed);
    }
}

#[test]
fn oom_alloc_workbooks_open_within_limits() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/calamine/tests is absent");
        return;
    };
    for name in ["OOM_alloc.xls", "OOM_alloc2.xls"] {
        let run = inspect_limited(&dir.join(name));
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
    }
}
