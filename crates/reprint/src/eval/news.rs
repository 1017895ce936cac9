//! Real news reprints and look-alikes, in the layout of `news_dev`.
//!
//! In: a folder with `docs.jsonl` (`id`, `cluster`, `language`, `url`,
//! `date_if_shown`, `text`, ...) and `pairs.jsonl` (`pair_id`, `a`, `b`,
//! `label`, `original`, `why`), and the reuse records of a scan of those
//! documents. Out: precision, recall and F1 of the pairs called reprints,
//! overall, by language and by label; direction where the gold names the
//! original; and every false and missed pair.
//!
//! Labels `reuse:*` and `reuse_sibling:*` are positives, `not_reuse`
//! negatives, `borderline` is not scored. A pair is found when the scan
//! holds it with kind `reprint`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{read_to_string, EvalError};
use crate::model::{Document, Location, Reuse, ReuseKind};
use crate::scan::{scan, NoProgress, ScanParams};

/// One labelled pair of the gold.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldPair {
    /// The pair's name in the data set.
    pub pair_id: String,
    /// One document's id.
    pub a: String,
    /// The other's.
    pub b: String,
    /// `reuse:<grade>`, `reuse_sibling:<grade>`, `not_reuse` or `borderline`.
    pub label: String,
    /// The id of the document that came first, where the gold knows it.
    pub original: Option<String>,
    /// Why the pair is labelled so.
    #[serde(default)]
    pub why: String,
}

impl GoldPair {
    /// Whether the pair shares reused text, `None` for borderline pairs.
    pub fn positive(&self) -> Option<bool> {
        match self.label.as_str() {
            "borderline" => None,
            label => Some(label.starts_with("reuse")),
        }
    }
}

#[derive(Deserialize)]
struct GoldDocument {
    id: String,
    cluster: String,
    language: String,
    url: Option<String>,
    date_if_shown: Option<String>,
    text: String,
}

/// The data set: its documents as a scan reads them, and the gold.
pub struct NewsData {
    /// The documents, with `source` the host of their address and `date`
    /// the date the page shows.
    pub documents: Vec<Document>,
    /// Each document's cluster and language, by id.
    pub meta: HashMap<String, (String, String)>,
    /// The labelled pairs.
    pub pairs: Vec<GoldPair>,
}

/// Precision, recall and F1 of one slice of the pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    /// Positives found.
    pub true_positives: usize,
    /// Negatives called reprints.
    pub false_positives: usize,
    /// Positives not found.
    pub false_negatives: usize,
    /// Negatives not called reprints.
    pub true_negatives: usize,
}

impl Counts {
    fn add(&mut self, positive: bool, found: bool) {
        match (positive, found) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            (true, false) => self.false_negatives += 1,
            (false, false) => self.true_negatives += 1,
        }
    }

    /// TP / (TP + FP); 1 when nothing was called a reprint.
    pub fn precision(&self) -> f64 {
        let called = self.true_positives + self.false_positives;
        if called == 0 {
            1.0
        } else {
            self.true_positives as f64 / called as f64
        }
    }

    /// TP / (TP + FN); 0 when there are no positives.
    pub fn recall(&self) -> f64 {
        let positives = self.true_positives + self.false_negatives;
        if positives == 0 {
            0.0
        } else {
            self.true_positives as f64 / positives as f64
        }
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A pair the scan judged wrong, with what it said of it.
#[derive(Clone, Debug)]
pub struct Miss {
    /// The gold pair.
    pub gold: GoldPair,
    /// The kind the scan gave it, `None` when it found no shared passage.
    pub kind: Option<ReuseKind>,
    /// The judge's score, when the scan found the pair.
    pub score: Option<f64>,
}

/// Every figure of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct NewsScores {
    /// All scored pairs.
    pub overall: Counts,
    /// By the language of the pair's first document.
    pub by_language: BTreeMap<String, Counts>,
    /// By gold label.
    pub by_label: BTreeMap<String, Counts>,
    /// Borderline pairs, not scored.
    pub borderline: usize,
    /// Found pairs whose gold names an original.
    pub with_original: usize,
    /// Of those, how many the scan gave a direction.
    pub directed: usize,
    /// Of those, how many it got right.
    pub direction_correct: usize,
    /// Of the found pairs with an original in the gold and none in the
    /// scan, those the scan calls siblings of one named outside source (an
    /// agency's dispatch both carry): no guess, a reason.
    pub siblings_named: usize,
    /// Negatives the scan called reprints.
    pub false_pairs: Vec<Miss>,
    /// Positives the scan did not call reprints.
    pub missed_pairs: Vec<Miss>,
}

impl NewsData {
    /// Reads `dir/docs.jsonl` and `dir/pairs.jsonl`.
    pub fn load(dir: &Path) -> Result<NewsData, EvalError> {
        let docs_path = dir.join("docs.jsonl");
        let mut documents = Vec::new();
        let mut meta = HashMap::new();
        for (n, line) in read_to_string(&docs_path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let gold: GoldDocument =
                serde_json::from_str(line).map_err(|e| format_error(&docs_path, n, e))?;
            let mut doc = Document::new(
                gold.id.clone(),
                gold.text,
                Location::line(&docs_path, n as u64 + 1),
            );
            doc.source = gold
                .url
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| u.host_str().map(str::to_string));
            doc.url = gold.url;
            doc.date = gold.date_if_shown;
            doc.lang = Some(gold.language.clone());
            meta.insert(gold.id, (gold.cluster, gold.language));
            documents.push(doc);
        }
        let pairs_path = dir.join("pairs.jsonl");
        let mut pairs = Vec::new();
        for (n, line) in read_to_string(&pairs_path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let pair: GoldPair =
                serde_json::from_str(line).map_err(|e| format_error(&pairs_path, n, e))?;
            for id in [&pair.a, &pair.b] {
                if !meta.contains_key(id) {
                    return Err(EvalError::Format {
                        path: pairs_path,
                        line: n + 1,
                        message: format!("no document {id:?} in {}", docs_path.display()),
                    });
                }
            }
            pairs.push(pair);
        }
        Ok(NewsData {
            documents,
            meta,
            pairs,
        })
    }

    /// Scans the documents as `reprint scan` would, and returns the reuse
    /// records.
    pub fn scan(&self, params: &ScanParams) -> Result<Vec<Reuse>, EvalError> {
        Ok(scan(&self.documents, params, &NoProgress)?.reuses)
    }

    /// Scores `reuses` against the gold.
    pub fn score(&self, reuses: &[Reuse]) -> NewsScores {
        let found: HashMap<(&str, &str), &Reuse> = reuses
            .iter()
            .flat_map(|r| {
                [
                    ((r.a.as_str(), r.b.as_str()), r),
                    ((r.b.as_str(), r.a.as_str()), r),
                ]
            })
            .collect();
        let mut scores = NewsScores::default();
        for pair in &self.pairs {
            let Some(positive) = pair.positive() else {
                scores.borderline += 1;
                continue;
            };
            let record = found.get(&(pair.a.as_str(), pair.b.as_str())).copied();
            let hit = record.is_some_and(|r| r.kind == ReuseKind::Reprint);
            scores.overall.add(positive, hit);
            let language = self.meta[&pair.a].1.clone();
            scores
                .by_language
                .entry(language)
                .or_default()
                .add(positive, hit);
            scores
                .by_label
                .entry(pair.label.clone())
                .or_default()
                .add(positive, hit);
            if let (true, Some(r), Some(original)) = (hit, record, &pair.original) {
                scores.with_original += 1;
                if let Some(said) = &r.original {
                    scores.directed += 1;
                    scores.direction_correct += usize::from(said == original);
                } else if r.common_source.is_some() {
                    scores.siblings_named += 1;
                }
            }
            if positive != hit {
                let miss = Miss {
                    gold: pair.clone(),
                    kind: record.map(|r| r.kind),
                    score: record.map(|r| r.score),
                };
                if positive {
                    scores.missed_pairs.push(miss);
                } else {
                    scores.false_pairs.push(miss);
                }
            }
        }
        scores
    }
}

/// Reads the reuse records of a scan folder's `reuse.jsonl`.
pub fn reuse_of_scan(scan_dir: &Path) -> Result<Vec<Reuse>, EvalError> {
    let path: PathBuf = scan_dir.join("reuse.jsonl");
    read_to_string(&path)?
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| serde_json::from_str(line).map_err(|e| format_error(&path, n, e)))
        .collect()
}

fn format_error(path: &Path, n: usize, e: serde_json::Error) -> EvalError {
    EvalError::Format {
        path: path.to_path_buf(),
        line: n + 1,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, lines: &[serde_json::Value]) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn scores_found_missed_and_false_pairs_by_language_and_label() {
        let dir = tempfile::tempdir().unwrap();
        let story = "Le conseil municipal de Sète a voté mardi soir la rénovation complète du port de plaisance, un chantier de deux ans qui doit commencer au printemps prochain selon le maire, qui a présenté le projet devant une salle comble.";
        let other = "Une tout autre histoire, sans aucun rapport avec la première, racontée ici avec des mots différents pour que rien ne soit partagé entre elles.";
        let doc = |id: &str, cluster: &str, text: &str| {
            serde_json::json!({"id": id, "cluster": cluster, "language": "fr",
                "url": format!("https://{id}.example/a"), "date_if_shown": null, "text": text})
        };
        write(
            dir.path(),
            "docs.jsonl",
            &[
                doc("x", "c1", story),
                doc("y", "c1", story),
                doc("z", "c2", other),
            ],
        );
        let pair = |id: &str, a: &str, b: &str, label: &str| serde_json::json!({"pair_id": id, "a": a, "b": b, "label": label, "original": "x", "why": ""});
        write(
            dir.path(),
            "pairs.jsonl",
            &[
                pair("p1", "x", "y", "reuse:verbatim"),
                pair("p2", "x", "z", "reuse_sibling:partial"),
                pair("p3", "y", "z", "not_reuse"),
                pair("p4", "x", "z", "borderline"),
            ],
        );
        let data = NewsData::load(dir.path()).unwrap();
        assert_eq!(data.documents[0].source.as_deref(), Some("x.example"));
        let reuses = data.scan(&ScanParams::default()).unwrap();
        let scores = data.score(&reuses);
        assert_eq!(
            (
                scores.overall.true_positives,
                scores.overall.false_negatives,
                scores.overall.true_negatives,
                scores.overall.false_positives
            ),
            (1, 1, 1, 0)
        );
        assert_eq!(scores.borderline, 1);
        assert_eq!(scores.by_language["fr"].recall(), 0.5);
        assert_eq!(scores.by_label["reuse:verbatim"].true_positives, 1);
        assert_eq!(scores.missed_pairs.len(), 1);
        assert_eq!(scores.missed_pairs[0].gold.pair_id, "p2");
        assert_eq!(scores.missed_pairs[0].kind, None);
    }

    #[test]
    fn a_pair_naming_an_unknown_document_is_an_error_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "docs.jsonl", &[]);
        write(
            dir.path(),
            "pairs.jsonl",
            &[
                serde_json::json!({"pair_id": "p", "a": "x", "b": "y", "label": "not_reuse", "original": null}),
            ],
        );
        let err = NewsData::load(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains("pairs.jsonl:1") && err.contains("\"x\""),
            "{err}"
        );
    }
}
