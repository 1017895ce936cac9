//! Any text tokenizes without panicking, into spans that increase and lie
//! inside the text, each folding to its token's hash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::tokenize::{fold_word, hash_folded, tokenize};

fuzz_target!(|text: &str| {
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    let mut folded = String::new();
    for token in tokenize(text) {
        assert!(last_end <= token.begin && token.begin < token.end);
        assert!(token.end as usize <= chars.len());
        last_end = token.end;
        let under: String = chars[token.begin as usize..token.end as usize].iter().collect();
        fold_word(&under, &mut folded);
        assert_eq!(hash_folded(&folded), token.hash);
    }
});

