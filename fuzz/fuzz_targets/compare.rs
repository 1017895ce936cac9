//! Any two texts go through cleaning, alignment and relating without a
//! panic, and every offset in the result points inside its text, with each
//! edit's text equal to the text under its span.
//!
//! The second text is built from pieces of the first, swapped and with other
//! text between them, so that the pair always shares text and exercises
//! alignment, moves and edits rather than stopping at "nothing shared".
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::align::AlignParams;
use reprint::model::{Document, Location};
use reprint::scan::compare;

fn doc(id: &str, text: &str) -> Document {
    Document::new(id, text, Location::file("fuzz"))
}

fuzz_target!(|input: (&str, &str, &str)| {
    let (first, second, other) = input;
    let a = doc("a", &format!("{first} {second}"));
    let b = doc("b", &format!("{other} {second} {other} {first}"));
    let params = AlignParams { min_tokens: 3, ..AlignParams::default() };
    let Some(reuse) = compare(&a, &b, &params) else { return };
    let text = |id: &str| -> Vec<char> { if id == "a" { &a } else { &b }.text.chars().collect() };
    let (ta, tb) = (text(&reuse.a), text(&reuse.b));
    let under = |t: &[char], begin: u32, end: u32| -> String { t[begin as usize..end as usize].iter().collect() };
    for p in &reuse.passages {
        assert!(p.a_begin < p.a_end && p.a_end as usize <= ta.len());
        assert!(p.b_begin < p.b_end && p.b_end as usize <= tb.len());
    }
    for e in &reuse.edits {
        assert_eq!(under(&ta, e.a_begin, e.a_end), e.a_text);
        assert_eq!(under(&tb, e.b_begin, e.b_end), e.b_text);
    }
    assert!((0.0..=1.0).contains(&reuse.coverage_a) && (0.0..=1.0).contains(&reuse.coverage_b));
});
