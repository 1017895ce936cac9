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
