//! Helpers shared by the end-to-end test files.
#![allow(dead_code)] // Each test file uses its own share of the helpers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn reprint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reprint"))
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared data folder that sits beside the repository (CI has it too).
pub fn shared() -> PathBuf {
    let path = repo_root().join("../shared");
    assert!(
        path.join("seeds").is_dir(),
        "{} is missing: the evaluation data must sit beside the repository",
        path.display()
    );
    path
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

pub fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn scan(inputs: &[&Path], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().unwrap();
    let output = run(reprint()
        .arg("scan")
        .args(inputs)
        .arg("--out")
        .arg(out.path())
        .args(extra));
    (out, output)
}

/// `bytes` as one gzip member.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Runs headless Chromium on `url` with `args`, with a fresh profile and a
/// time limit; returns its standard output and standard error.
pub fn chromium(url: &str, args: &[&str]) -> (String, String) {
    let installed = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("chromium").is_file()));
    assert!(
        installed,
        "Chromium must be installed (Debian package `chromium`; .ci/run installs it)"
    );
    let profile = tempfile::tempdir().unwrap();
    let output = std::process::Command::new("timeout")
        .args(["120", "chromium"])
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .expect("`timeout` runs (GNU coreutils)");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The lines Chromium logged from the page's console.
pub fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}
