//! The WARC reader and the HTML pages in it must never panic on any bytes,
//! compressed or not.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use reprint::read::{read_warc, ReadOptions};

fuzz_target!(|data: &[u8]| {
    for gzip in [false, true] {
        let _ = read_warc(data, gzip, Path::new("fuzz.warc"), ReadOptions::default());
    }
});
