//! The fingerprint stage: token hashes in, a winnowed sample of k-gram hashes
//! out.
//!
//! Every run of `k` consecutive tokens (a k-gram) gets a 64-bit hash, rolled
//! along the text in constant time per token. Winnowing (Schleimer, Wilkerson
//! and Aiken, SIGMOD 2003) then keeps, from every window of `w` consecutive
//! k-grams, the one with the smallest hash (the rightmost on ties). Two texts
//! that share a run of at least `w + k - 1` tokens share a whole window of
//! k-grams, so they are guaranteed to share at least one kept hash, while
//! only about `2 / (w + 1)` of the k-grams are kept.

mod table;

pub use table::{FingerprintTable, PlacedFingerprint, TableBuilder};

/// How fingerprints are taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FingerprintParams {
    /// Tokens per k-gram.
    pub ngram: usize,
    /// k-grams per winnowing window.
    pub window: usize,
}

impl Default for FingerprintParams {
    /// k = 5 tokens, w = 6 k-grams: any shared run of 10 tokens or more is
    /// guaranteed a shared fingerprint, so an edited copy whose verbatim
    /// runs are short is still found; about 2/7 of the k-grams are kept.
    fn default() -> Self {
        FingerprintParams {
            ngram: 5,
            window: 6,
        }
    }
}

impl FingerprintParams {
    /// The shortest shared run of tokens that is guaranteed to be found.
    pub fn guarantee(&self) -> usize {
        self.ngram + self.window - 1
    }
}

/// A kept k-gram: its hash and the index of its first token.
///
/// Packed to 12 bytes (from 16 with padding): a corpus holds tens of
/// millions of these at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(C, packed)]
pub struct Fingerprint {
    /// The k-gram's hash.
    pub hash: u64,
    /// The token index where the k-gram starts.
    pub pos: u32,
}

/// The multiplier of the rolling polynomial hash: a large odd constant, so
/// that multiplication modulo 2^64 is a bijection.
const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash of every k-gram of `tokens`, in order: `tokens.len() - k + 1`
/// values, or none when there are fewer than `k` tokens.
///
/// The rolling sum is run through a finaliser so that the low bits winnowing
/// compares are as well mixed as the high ones.
pub fn kgram_hashes(tokens: &[u64], k: usize, out: &mut Vec<u64>) {
    out.clear();
    if k == 0 || tokens.len() < k {
        return;
    }
    let top = BASE.wrapping_pow(k as u32 - 1);
    let mut rolling = tokens[..k]
        .iter()
        .fold(0u64, |h, &t| h.wrapping_mul(BASE).wrapping_add(t));
    out.push(mix(rolling));
    for i in k..tokens.len() {
        rolling = rolling
            .wrapping_sub(tokens[i - k].wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(tokens[i]);
        out.push(mix(rolling));
    }
}

/// The 64-bit finaliser of MurmurHash3.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Winnows k-gram hashes with window `w`, appending the kept ones to `out`.
///
/// A text with fewer than `w` k-grams keeps its single smallest one, so short
/// texts still leave a trace. Runs in time linear in the number of hashes.
pub fn winnow(hashes: &[u64], w: usize, out: &mut Vec<Fingerprint>) {
    if hashes.is_empty() || w == 0 {
        return;
    }
    let w = w.min(hashes.len());
    // The rightmost smallest hash of `hashes[range]`.
    let smallest = |range: std::ops::RangeInclusive<usize>| {
        let start = *range.start();
        hashes[range]
            .iter()
            .enumerate()
            .fold(start, |min, (offset, &h)| {
                if h <= hashes[min] {
                    start + offset
                } else {
                    min
                }
            })
    };
    // Windows are short, so rescanning one when its minimum slides out is
    // cheaper than keeping a queue of candidates: a random minimum leaves
    // about once every `w` steps and costs `w` comparisons.
    let mut min = smallest(0..=w - 1);
    out.push(Fingerprint {
        hash: hashes[min],
        pos: min as u32,
    });
    for i in w..hashes.len() {
        let previous = min;
        if hashes[i] <= hashes[min] {
            min = i;
        } else if min + w <= i {
            min = smallest(i + 1 - w..=i);
        }
        if min != previous {
            out.push(Fingerprint {
                hash: hashes[min],
                pos: min as u32,
            });
        }
    }
}

/// Fingerprints a document's token hashes: k-gram hashes, winnowed.
pub fn fingerprint(tokens: &[u64], params: FingerprintParams) -> Vec<Fingerprint> {
    let mut hashes = Vec::with_capacity(tokens.len());
    kgram_hashes(tokens, params.ngram, &mut hashes);
    let mut out = Vec::with_capacity(hashes.len() * 2 / (params.window + 1) + 1);
    winnow(&hashes, params.window, &mut out);
    // A document keeps its fingerprints until the candidate stage is done:
    // spare capacity left by a denser-than-average sample would be held
    // that long, across every document of the corpus.
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn rolling_hash_equals_hash_from_scratch() {
        let tokens: Vec<u64> = (0..40).map(|i| i * 7919 + 13).collect();
        let mut rolled = Vec::new();
        kgram_hashes(&tokens, 5, &mut rolled);
        for (i, &h) in rolled.iter().enumerate() {
            let mut direct = Vec::new();
            kgram_hashes(&tokens[i..i + 5], 5, &mut direct);
            assert_eq!(direct, [h]);
        }
    }

    #[test]
    fn keeps_about_two_in_w_plus_one() {
        let tokens: Vec<u64> = (0..20_000u64)
            .map(|i| i.wrapping_mul(0x2545F4914F6CDD1D))
            .collect();
        let params = FingerprintParams::default();
        let kept = fingerprint(&tokens, params).len() as f64;
        let density = kept / (tokens.len() - 4) as f64;
        let expected = 2.0 / (params.window + 1) as f64;
        assert!((density - expected).abs() < 0.02, "density {density}");
    }

    #[test]
    fn short_texts_keep_one_fingerprint() {
        let params = FingerprintParams::default();
        assert_eq!(fingerprint(&[1, 2, 3, 4, 5, 6], params).len(), 1);
        assert!(fingerprint(&[1, 2, 3], params).is_empty());
    }

    /// Winnowing by its definition: the rightmost smallest hash of every
    /// window, each position once.
    fn winnow_by_definition(hashes: &[u64], w: usize) -> Vec<(u64, u32)> {
        let w = w.min(hashes.len());
        let mut kept: Vec<(u64, u32)> = Vec::new();
        for window in 0..=hashes.len().saturating_sub(w) {
            if hashes.is_empty() {
                break;
            }
            let mut min = window;
            for j in window..window + w {
                if hashes[j] <= hashes[min] {
                    min = j;
                }
            }
            if kept.last().is_none_or(|&(_, pos)| pos != min as u32) {
                kept.push((hashes[min], min as u32));
            }
        }
        kept
    }

    proptest! {
        #[test]
        fn winnowing_keeps_each_windows_rightmost_minimum(
            hashes in prop::collection::vec(0u64..20, 0..80),
            w in 1usize..9,
        ) {
            let mut out = Vec::new();
            winnow(&hashes, w, &mut out);
            let got: Vec<(u64, u32)> = out.iter().map(|f| (f.hash, f.pos)).collect();
            prop_assert_eq!(got, winnow_by_definition(&hashes, w));
        }

        #[test]
        fn every_shared_run_of_w_plus_k_minus_1_tokens_is_found(
            left_a in prop::collection::vec(0u64..50, 0..60),
            left_b in prop::collection::vec(0u64..50, 0..60),
            shared in prop::collection::vec(0u64..50, 12..40),
            right_a in prop::collection::vec(0u64..50, 0..60),
            right_b in prop::collection::vec(0u64..50, 0..60),
            ngram in 2usize..7,
            window in 1usize..10,
        ) {
            let params = FingerprintParams { ngram, window };
            prop_assume!(shared.len() >= params.guarantee());
            let a: Vec<u64> = left_a.iter().chain(&shared).chain(&right_a).copied().collect();
            let b: Vec<u64> = left_b.iter().chain(&shared).chain(&right_b).copied().collect();
            let in_a: HashSet<u64> = fingerprint(&a, params).iter().map(|f| f.hash).collect();
            let found = fingerprint(&b, params).iter().map(|f| f.hash).any(|h| in_a.contains(&h));
            prop_assert!(found);
        }
    }
}
