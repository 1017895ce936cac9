//! Benchmark tools for reprint: a generator of news-like corpora whose
//! reprints are known, used by the `reprint-bench` binary and by tests that
//! need a corpus with every kind of group (pairs, widely copied stories,
//! site boilerplate, look-alikes).

pub mod generate;
