//! reprint finds reprinted text.
//!
//! Given a pile of documents, it says which documents copy which and exactly
//! which passages were reused, with offsets into each text as it was read.
//!
//! The pipeline runs one way, one module per stage:
//!
//! | stage | module | in | out |
//! |---|---|---|---|
//! | read | [`read`] | files | [`Document`](model::Document)s |
//! | clean | [`clean`] | a document | an [`Article`](clean::Article): body and removed regions, credits, date |
//! | tokenize | [`tokenize`] | body text | [`Token`](tokenize::Token)s with code-point spans |
//! | fingerprint | [`fingerprint`] | token hashes | winnowed k-gram hashes |
//! | candidates | [`candidates`] | fingerprints of all documents | pairs worth aligning |
//! | align | [`align`] | token hashes of a pair | passages with token operations |
//! | relate | [`relate`] | passages of a pair | one [`Reuse`](model::Reuse) record: direction, kind, credit, edits |
//! | family | [`family`] | reprint edges | families with their originals, roles |
//! | cluster | [`cluster`] | reprinted passages | passage clusters: each passage with every document that printed it |
//! | dedup | [`dedup`] | reprinted passages | per document, the share of its text earlier documents hold; a keep list |
//! | write | [`write`](mod@write) | records | JSONL files |
//! | report | [`report`] | records and texts | `report.html`, the terminal pair view |
//!
//! [`scan`] strings the stages together; [`spill`] keeps on disk what
//! outgrows a scan's memory budget; [`eval`] scores results against
//! labelled data.

pub mod align;
pub mod candidates;
pub mod clean;
pub mod cluster;
pub mod dedup;
pub mod eval;
pub mod family;
pub mod fingerprint;
pub mod model;
pub mod read;
pub mod relate;
pub mod report;
pub mod scan;
pub mod size;
pub mod spill;
pub mod tokenize;
pub mod write;
