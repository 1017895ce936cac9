//! Document-level evaluation on Clough and Stevenson's corpus of plagiarised
//! short answers (Language Resources and Evaluation 45(1), 2011).
//!
//! The corpus holds five source passages (`orig_task{a..e}.txt`) and answers
//! to each task written four ways: `cut` (copy and paste), `light` and
//! `heavy` revision, and `non` (written independently). A good detector pairs
//! every `cut` and `light` answer with its source, and its coverage falls
//! from cut to light to heavy to non.

use std::path::Path;

use super::{read_to_string, EvalError};
use crate::read::{read_inputs, ReadOptions};
use crate::scan::{scan, NoProgress, ScanParams};

/// The figures for one category of answers.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryScore {
    /// `cut`, `light`, `heavy` or `non`.
    pub category: String,
    /// Answers in the category.
    pub answers: usize,
    /// Answers paired with their task's source.
    pub paired: usize,
    /// Mean share of the answer's tokens inside passages shared with its
    /// source, counting unpaired answers as 0.
    pub mean_coverage: f64,
    /// Mean share of the answer's tokens matched word for word with its
    /// source (coverage less the words the answer changed inside passages),
    /// counting unpaired answers as 0.
    pub mean_matched: f64,
}

/// Scans the corpus in `dir` (`labels.csv` and `texts/`) and scores each
/// category, in the order cut, light, heavy, non.
pub fn evaluate(dir: &Path, params: &ScanParams) -> Result<Vec<CategoryScore>, EvalError> {
    let labels_path = dir.join("labels.csv");
    let mut labels = Vec::new();
    for (n, line) in read_to_string(&labels_path)?.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [file, task, category] = fields[..] else {
            return Err(EvalError::Format {
                path: labels_path,
                line: n + 1,
                message: "expected File,Task,Category".into(),
            });
        };
        if category != "orig" {
            let stem = file.trim_end_matches(".txt").to_string();
            labels.push((stem, format!("orig_task{task}"), category.to_string()));
        }
    }
    let corpus = read_inputs(&[dir.join("texts")], ReadOptions::default())?;
    let result = scan(&corpus.documents, params, &NoProgress)?;
    let tokens_of: std::collections::HashMap<&str, u32> = corpus
        .documents
        .iter()
        .zip(&result.doc_tokens)
        .map(|(d, &n)| (d.id.as_str(), n))
        .collect();
    // (coverage, matched share) of `answer` in its pair with `original`.
    let shares_of = |answer: &str, original: &str| {
        result.reuses.iter().find_map(|r| {
            let coverage = if r.a == answer && r.b == original {
                r.coverage_a
            } else if r.b == answer && r.a == original {
                r.coverage_b
            } else {
                return None;
            };
            let matched: u32 = r.passages.iter().map(|p| p.tokens).sum();
            let total = tokens_of.get(answer).copied().unwrap_or(0).max(1);
            Some((coverage, f64::from(matched) / f64::from(total)))
        })
    };
    Ok(["cut", "light", "heavy", "non"]
        .into_iter()
        .map(|category| {
            let found: Vec<Option<(f64, f64)>> = labels
                .iter()
                .filter(|(_, _, c)| c == category)
                .map(|(answer, original, _)| shares_of(answer, original))
                .collect();
            let answers = found.len();
            let mean = |pick: fn((f64, f64)) -> f64| {
                found.iter().map(|f| f.map_or(0.0, pick)).sum::<f64>() / answers.max(1) as f64
            };
            CategoryScore {
                category: category.to_string(),
                answers,
                paired: found.iter().flatten().count(),
                mean_coverage: mean(|(coverage, _)| coverage),
                mean_matched: mean(|(_, matched)| matched),
            }
        })
        .collect())
}
