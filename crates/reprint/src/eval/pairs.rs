//! Pair-level evaluation against a labelled pairs file.
//!
//! The gold is JSON lines `{"a": id, "b": id, "label": "reuse" | "not_reuse",
//! "original": id?}`. A pair counts as found when a scan's `reuse.jsonl`
//! holds it with kind `reprint` (a shared quote or boilerplate is not a
//! reprint). Only labelled pairs are scored; the pairs a scan found that the
//! gold does not label are counted apart.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::{read_to_string, EvalError};

/// Pair-level scores.
#[derive(Clone, Debug, PartialEq)]
pub struct PairScores {
    /// Labelled `reuse` pairs found.
    pub true_positives: usize,
    /// Labelled `not_reuse` pairs found.
    pub false_positives: usize,
    /// Labelled `reuse` pairs not found.
    pub false_negatives: usize,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Found pairs whose gold names an original.
    pub with_original: usize,
    /// Of those, how many the scan gave a direction.
    pub directed: usize,
    /// Of those, how many it got right.
    pub direction_correct: usize,
    /// Reprint pairs the scan found that the gold does not label.
    pub unlabelled_found: usize,
    /// Of those, the pairs of two copies of one gold original: siblings,
    /// neither of which took its text from the other.
    pub siblings_found: usize,
    /// Of the siblings, how many the scan wrongly called original and copy.
    pub siblings_directed: usize,
}

#[derive(Deserialize)]
struct GoldPair {
    a: String,
    b: String,
    label: String,
    original: Option<String>,
}

#[derive(Deserialize)]
struct FoundPair {
    a: String,
    b: String,
    original: Option<String>,
    kind: String,
}

fn key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Scores the scan in `scan_dir` against the gold pairs in `gold_path`.
pub fn evaluate(gold_path: &Path, scan_dir: &Path) -> Result<PairScores, EvalError> {
    let mut gold: HashMap<(String, String), GoldPair> = HashMap::new();
    for (n, line) in read_to_string(gold_path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String| EvalError::Format {
            path: gold_path.to_path_buf(),
            line: n + 1,
            message,
        };
        let pair: GoldPair = serde_json::from_str(line).map_err(|e| error(e.to_string()))?;
        if pair.label != "reuse" && pair.label != "not_reuse" {
            return Err(error(format!(
                "label must be \"reuse\" or \"not_reuse\", not {:?}",
                pair.label
            )));
        }
        gold.insert(key(&pair.a, &pair.b), pair);
    }
    let reuse_path = scan_dir.join("reuse.jsonl");
    let mut found: HashMap<(String, String), Option<String>> = HashMap::new();
    for (n, line) in read_to_string(&reuse_path)?.lines().enumerate() {
        let record: FoundPair = serde_json::from_str(line).map_err(|e| EvalError::Format {
            path: reuse_path.clone(),
            line: n + 1,
            message: e.to_string(),
        })?;
        if record.kind == "reprint" {
            found.insert(key(&record.a, &record.b), record.original);
        }
    }
    Ok(score(&gold, &found))
}

fn score(
    gold: &HashMap<(String, String), GoldPair>,
    found: &HashMap<(String, String), Option<String>>,
) -> PairScores {
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    let (mut with_original, mut directed, mut correct) = (0, 0, 0);
    for (k, g) in gold {
        let hit = found.get(k);
        match (g.label.as_str(), hit) {
            ("reuse", Some(original)) => {
                tp += 1;
                if let Some(gold_original) = &g.original {
                    with_original += 1;
                    if let Some(o) = original {
                        directed += 1;
                        correct += usize::from(o == gold_original);
                    }
                }
            }
            ("reuse", None) => fneg += 1,
            (_, Some(_)) => fp += 1,
            _ => {}
        }
    }
    let labelled: HashSet<&(String, String)> = gold.keys().collect();
    let unlabelled: Vec<(&(String, String), &Option<String>)> = found
        .iter()
        .filter(|(k, _)| !labelled.contains(k))
        .collect();
    // The gold originals of each copy, to recognise two copies of one.
    let mut originals_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for g in gold.values() {
        if let (Some(original), "reuse") = (&g.original, g.label.as_str()) {
            let copy = if *original == g.a { &g.b } else { &g.a };
            originals_of
                .entry(copy.as_str())
                .or_default()
                .insert(original.as_str());
        }
    }
    let siblings = |(a, b): &(String, String)| match (
        originals_of.get(a.as_str()),
        originals_of.get(b.as_str()),
    ) {
        (Some(of_a), Some(of_b)) => !of_a.is_disjoint(of_b),
        _ => false,
    };
    let siblings_found: Vec<&Option<String>> = unlabelled
        .iter()
        .filter(|(k, _)| siblings(k))
        .map(|(_, original)| *original)
        .collect();
    let ratio = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
    let (precision, recall) = (ratio(tp, tp + fp), ratio(tp, tp + fneg));
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    PairScores {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fneg,
        precision,
        recall,
        f1,
        with_original,
        directed,
        direction_correct: correct,
        unlabelled_found: unlabelled.len(),
        siblings_found: siblings_found.len(),
        siblings_directed: siblings_found.iter().filter(|o| o.is_some()).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_hits_misses_false_alarms_and_directions() {
        let dir = tempfile::tempdir().unwrap();
        let gold = dir.path().join("gold.jsonl");
        std::fs::write(
            &gold,
            r#"{"a":"x","b":"y","label":"reuse","original":"x"}
{"a":"z","b":"x","label":"reuse","original":"z"}
{"a":"p","b":"q","label":"reuse"}
{"a":"u","b":"v","label":"not_reuse"}
{"a":"x","b":"s","label":"reuse","original":"x"}
{"a":"x","b":"t","label":"reuse","original":"x"}
"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("reuse.jsonl"),
            r#"{"a":"x","b":"y","original":"x","kind":"reprint"}
{"a":"x","b":"z","original":"x","kind":"reprint"}
{"a":"u","b":"v","original":null,"kind":"reprint"}
{"a":"p","b":"q","original":null,"kind":"quote"}
{"a":"m","b":"n","original":null,"kind":"reprint"}
{"a":"y","b":"s","original":"y","kind":"reprint"}
{"a":"y","b":"t","original":null,"kind":"reprint"}
"#,
        )
        .unwrap();
        let s = evaluate(&gold, dir.path()).unwrap();
        assert_eq!(
            (s.true_positives, s.false_positives, s.false_negatives),
            (2, 1, 3)
        );
        assert_eq!(
            (s.with_original, s.directed, s.direction_correct),
            (2, 2, 1)
        );
        // y, s and t are all copies of x: y–s and y–t are siblings, and
        // the scan wrongly directed one of them.
        assert_eq!(s.unlabelled_found, 3);
        assert_eq!((s.siblings_found, s.siblings_directed), (2, 1));
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.recall - 2.0 / 5.0).abs() < 1e-12);
    }

    #[test]
    fn a_bad_label_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let gold = dir.path().join("gold.jsonl");
        std::fs::write(&gold, "{\"a\":\"x\",\"b\":\"y\",\"label\":\"maybe\"}\n").unwrap();
        let err = evaluate(&gold, dir.path()).unwrap_err();
        assert!(err.to_string().contains("gold.jsonl:1"), "{err}");
    }
}
