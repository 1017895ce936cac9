//! Micro-benchmarks of the hot stages, on the bundled example corpus
//! (French and English news) and an Arabic article: tokenizing (MB/s),
//! fingerprinting (MB/s of the text behind the tokens) and aligning
//! (pairs/s).
//!
//! Run with `cargo bench -p reprint`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reprint::align::{align, AlignParams};
use reprint::fingerprint::{fingerprint, FingerprintParams};
use reprint::tokenize::tokenize;

/// The texts of a JSONL file bundled with the repository.
fn texts(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("the bundled corpus is valid JSONL")
                ["text"]
                .as_str()
                .expect("every record has a text")
                .to_string()
        })
        .collect()
}

fn corpus() -> (String, String) {
    let latin = texts(include_str!("../../../examples/corpus/news.jsonl")).join("\n\n");
    let arabic = texts(include_str!("../../reprint-cli/tests/data/arabic.jsonl")).join("\n\n");
    (latin, arabic)
}

fn tokenizing(c: &mut Criterion) {
    let (latin, arabic) = corpus();
    let mut group = c.benchmark_group("tokenize");
    for (name, text) in [("french+english", &latin), ("arabic", &arabic)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| tokenize(text)));
    }
    group.finish();
}

fn fingerprinting(c: &mut Criterion) {
    let (latin, _) = corpus();
    let hashes: Vec<u64> = tokenize(&latin).iter().map(|t| t.hash).collect();
    let mut group = c.benchmark_group("fingerprint");
    group.throughput(Throughput::Bytes(latin.len() as u64));
    group.bench_function("french+english", |b| {
        b.iter(|| fingerprint(&hashes, FingerprintParams::default()))
    });
    group.finish();
}

fn aligning(c: &mut Criterion) {
    let docs = texts(include_str!("../../../examples/corpus/news.jsonl"));
    let ids = |text: &str| -> Vec<u64> { tokenize(text).iter().map(|t| t.hash).collect() };
    // An original and its edited reprint (a clause cut, a figure and a word
    // changed), and the same original against an unrelated article.
    let (original, copy, unrelated) = (ids(&docs[0]), ids(&docs[1]), ids(&docs[3]));
    let params = AlignParams::default();
    let mut group = c.benchmark_group("align");
    group.throughput(Throughput::Elements(1));
    group.bench_function("reprint pair", |b| {
        b.iter(|| align(&original, &copy, &params))
    });
    group.bench_function("unrelated pair", |b| {
        b.iter(|| align(&original, &unrelated, &params))
    });
    group.finish();
}

criterion_group!(stages, tokenizing, fingerprinting, aligning);
criterion_main!(stages);
