//! Any bytes fed to the JSONL reader give documents or an error naming a
//! line, never a panic; `--skip-bad` never fails on record errors.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use reprint::read::{read_jsonl, ReadError, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let name = Path::new("fuzz.jsonl");
    match read_jsonl(data, name, ReadOptions::default()) {
        Ok(corpus) => {
            for doc in &corpus.documents {
                assert!(!doc.id.is_empty());
            }
        }
        Err(err) => assert!(err.to_string().starts_with("fuzz.jsonl:") || err.to_string().starts_with("duplicate id")),
    }
    let lines = data.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
    match read_jsonl(data, name, ReadOptions { skip_bad: true, ..ReadOptions::default() }) {
        Ok(lenient) => assert_eq!(lenient.documents.len() + lenient.skipped.len(), lines),
        // Every line was bad: that is the one error skip_bad gives.
        Err(ReadError::NothingRead { skipped, .. }) => assert_eq!(skipped, lines),
        Err(err) => panic!("skip_bad absorbs record errors: {err}"),
    }
});
