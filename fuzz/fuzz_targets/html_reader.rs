//! Any bytes read as a web page give a document or a counted skip, never a
//! panic, a stack overflow or an error: a page is only ever skipped.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use reprint::read::{read_html, ReadError, ReadOptions};

fuzz_target!(|data: &[u8]| {
    match read_html(data, Path::new("fuzz.html"), ReadOptions::default()) {
        Ok(corpus) => {
            assert_eq!(corpus.documents.len() + corpus.pages_skipped.len(), 1);
            for doc in &corpus.documents {
                assert!(!doc.id.is_empty());
            }
        }
        // A page that gives no document is a skip, and a corpus of none is
        // the one error left.
        Err(ReadError::NothingRead { .. }) => {}
        Err(err) => panic!("a web page is never an error: {err}"),
    }
});
