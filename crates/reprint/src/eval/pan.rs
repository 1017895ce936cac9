//! PAN text-alignment evaluation (Potthast, Stein, Barrón-Cedeño and Rosso,
//! "An Evaluation Framework for Plagiarism Detection", COLING 2010).
//!
//! A case (gold) and a detection are each a pair of character spans, one in
//! the suspicious document and one in the source. A detection *detects* a
//! case when they concern the same document pair and overlap on both sides.
//! Then, macro-averaged over cases and detections:
//!
//! * recall: for each case, the share of its characters (both sides) that
//!   the detections detecting it cover;
//! * precision: for each detection, the share of its characters that the
//!   cases it detects cover;
//! * granularity: over detected cases, the mean number of detections
//!   detecting each;
//! * plagdet: F1 / log2(1 + granularity).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::{read_to_string, EvalError};
use crate::align::AlignParams;
use crate::model::{CharSpan, Document, Reuse};
use crate::read::{read_inputs, ReadOptions};
use crate::scan::compare;

/// One reused passage, gold or detected: spans in the suspicious document
/// (the copy) and in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The suspicious document's id (its file stem).
    pub susp: String,
    /// The source document's id (its file stem).
    pub src: String,
    /// The span in the suspicious document.
    pub susp_span: CharSpan,
    /// The span in the source document.
    pub src_span: CharSpan,
}

/// A gold case with the confidence the data set gives it.
#[derive(Clone, Debug)]
pub struct GoldCase {
    /// The case.
    pub case: Case,
    /// `high`, `low` or `none` in the re-anchored PAN 2013 set; `high` for
    /// PAN's own XML, which carries no confidence.
    pub confidence: String,
}

impl GoldCase {
    /// A case from PAN's offsets and lengths: `this` in the suspicious
    /// document, `source` in the source document.
    fn new(
        susp: String,
        src: String,
        this: (u32, u32),
        source: (u32, u32),
        confidence: String,
    ) -> Self {
        GoldCase {
            case: Case {
                susp,
                src,
                susp_span: CharSpan {
                    begin: this.0,
                    end: this.0 + this.1,
                },
                src_span: CharSpan {
                    begin: source.0,
                    end: source.0 + source.1,
                },
            },
            confidence,
        }
    }
}

/// A PAN-layout data set: the pairs to compare and the gold cases.
pub struct PanData {
    /// The folder holding it.
    pub dir: PathBuf,
    /// (suspicious, source) file names, as `pairs.tsv` lists them.
    pub pairs: Vec<(String, String)>,
    /// Every gold case.
    pub gold: Vec<GoldCase>,
}

/// PAN's measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PanScores {
    /// Macro-averaged character precision.
    pub precision: f64,
    /// Macro-averaged character recall.
    pub recall: f64,
    /// Mean detections per detected case (1.0 is best).
    pub granularity: f64,
    /// F1 / log2(1 + granularity).
    pub plagdet: f64,
    /// Cases scored.
    pub cases: usize,
    /// Detections scored.
    pub detections: usize,
}

fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
        .to_string()
}

#[derive(Deserialize)]
struct GoldLine {
    susp: String,
    src: String,
    this_offset: Option<u32>,
    this_length: Option<u32>,
    source_offset: Option<u32>,
    source_length: Option<u32>,
    confidence: Option<String>,
}

impl PanData {
    /// Loads `pairs.tsv` and the gold: `gold_cases.jsonl` when present, else
    /// PAN's XML files (in `original_gold_xml/` or the folder itself).
    pub fn load(dir: &Path) -> Result<PanData, EvalError> {
        let pairs_path = dir.join("pairs.tsv");
        let mut pairs = Vec::new();
        for (n, line) in read_to_string(&pairs_path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            match (fields.next(), fields.next()) {
                (Some(susp), Some(src)) => {
                    pairs.push((susp.trim().to_string(), src.trim().to_string()))
                }
                _ => {
                    return Err(EvalError::Format {
                        path: pairs_path,
                        line: n + 1,
                        message: "expected two tab-separated file names".into(),
                    })
                }
            }
        }
        let jsonl = dir.join("gold_cases.jsonl");
        let gold = if jsonl.exists() {
            load_gold_jsonl(&jsonl)?
        } else {
            let xml_dir = dir.join("original_gold_xml");
            load_gold_xml(if xml_dir.is_dir() { &xml_dir } else { dir })?
        };
        Ok(PanData {
            dir: dir.to_path_buf(),
            pairs,
            gold,
        })
    }

    /// Aligns every listed pair (source as `a`, suspicious as `b`) and
    /// returns the detections.
    pub fn detect(&self, params: &AlignParams) -> Result<Vec<Case>, EvalError> {
        let read = |sub: &str, name: &str| -> Result<Document, EvalError> {
            let corpus = read_inputs(&[self.dir.join(sub).join(name)], ReadOptions::default())?;
            Ok(corpus
                .documents
                .into_iter()
                .next()
                .expect("a .txt file is one document"))
        };
        let mut cache: HashMap<(&str, &str), Document> = HashMap::new();
        for (susp, src) in &self.pairs {
            for key in [("susp", susp.as_str()), ("src", src.as_str())] {
                if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry(key) {
                    slot.insert(read(key.0, key.1)?);
                }
            }
        }
        let found: Vec<Vec<Case>> = self
            .pairs
            .par_iter()
            .map(|(susp, src)| {
                let (susp_doc, src_doc) = (
                    &cache[&("susp", susp.as_str())],
                    &cache[&("src", src.as_str())],
                );
                compare(src_doc, susp_doc, params)
                    .map_or_else(Vec::new, |r| detections_of(&r, &susp_doc.id, &src_doc.id))
            })
            .collect();
        Ok(found.into_iter().flatten().collect())
    }

    /// The detections recorded in a scan's `reuse.jsonl` for the listed pairs
    /// (documents are matched by id, the file stem).
    pub fn detections_from_scan(&self, scan_dir: &Path) -> Result<Vec<Case>, EvalError> {
        #[derive(Deserialize)]
        struct Record {
            a: String,
            b: String,
            passages: Vec<RecordPassage>,
        }
        #[derive(Deserialize)]
        struct RecordPassage {
            a_begin: u32,
            a_end: u32,
            b_begin: u32,
            b_end: u32,
        }
        let listed: std::collections::HashSet<(String, String)> = self
            .pairs
            .iter()
            .map(|(susp, src)| (stem(susp), stem(src)))
            .collect();
        let path = scan_dir.join("reuse.jsonl");
        let mut found = Vec::new();
        for (n, line) in read_to_string(&path)?.lines().enumerate() {
            let record: Record = serde_json::from_str(line).map_err(|e| EvalError::Format {
                path: path.clone(),
                line: n + 1,
                message: e.to_string(),
            })?;
            let (susp_is_a, susp, src) = if listed.contains(&(record.a.clone(), record.b.clone())) {
                (true, record.a, record.b)
            } else if listed.contains(&(record.b.clone(), record.a.clone())) {
                (false, record.b, record.a)
            } else {
                continue;
            };
            for p in record.passages {
                let a = CharSpan {
                    begin: p.a_begin,
                    end: p.a_end,
                };
                let b = CharSpan {
                    begin: p.b_begin,
                    end: p.b_end,
                };
                let (susp_span, src_span) = if susp_is_a { (a, b) } else { (b, a) };
                found.push(Case {
                    susp: susp.clone(),
                    src: src.clone(),
                    susp_span,
                    src_span,
                });
            }
        }
        Ok(found)
    }
}

/// The detections a reuse record makes, reading `susp` and `src` as the ids
/// of its two documents.
pub fn detections_of(reuse: &Reuse, susp: &str, src: &str) -> Vec<Case> {
    let susp_is_a = reuse.a == susp;
    reuse
        .passages
        .iter()
        .map(|p| {
            let a = CharSpan {
                begin: p.a_begin,
                end: p.a_end,
            };
            let b = CharSpan {
                begin: p.b_begin,
                end: p.b_end,
            };
            let (susp_span, src_span) = if susp_is_a { (a, b) } else { (b, a) };
            Case {
                susp: susp.to_string(),
                src: src.to_string(),
                susp_span,
                src_span,
            }
        })
        .collect()
}

fn load_gold_jsonl(path: &Path) -> Result<Vec<GoldCase>, EvalError> {
    let mut gold = Vec::new();
    for (n, line) in read_to_string(path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let format_error = |message: String| EvalError::Format {
            path: path.to_path_buf(),
            line: n + 1,
            message,
        };
        let g: GoldLine = serde_json::from_str(line).map_err(|e| format_error(e.to_string()))?;
        let confidence = g.confidence.unwrap_or_else(|| "high".into());
        // Cases the data set could not re-anchor carry no offsets at all.
        let (Some(to), Some(tl), Some(so), Some(sl)) = (
            g.this_offset,
            g.this_length,
            g.source_offset,
            g.source_length,
        ) else {
            if confidence == "high" {
                return Err(format_error(
                    "a high-confidence case without offsets".into(),
                ));
            }
            continue;
        };
        gold.push(GoldCase::new(
            stem(&g.susp),
            stem(&g.src),
            (to, tl),
            (so, sl),
            confidence,
        ));
    }
    Ok(gold)
}

fn load_gold_xml(dir: &Path) -> Result<Vec<GoldCase>, EvalError> {
    use quick_xml::events::Event;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| EvalError::Io {
            path: dir.to_path_buf(),
            error: source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let mut gold = Vec::new();
    for path in files {
        let text = read_to_string(&path)?;
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut susp = None;
        loop {
            let event = reader.read_event().map_err(|e| EvalError::Format {
                path: path.clone(),
                line: 1 + text[..reader.buffer_position() as usize]
                    .matches('\n')
                    .count(),
                message: e.to_string(),
            })?;
            let element = match &event {
                Event::Start(e) | Event::Empty(e) => e,
                Event::Eof => break,
                _ => continue,
            };
            let attr = |name: &str| -> Option<String> {
                element
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == name.as_bytes())
                    .and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
            };
            match element.name().as_ref() {
                b"document" => susp = attr("reference").map(|r| stem(&r)),
                b"feature" if attr("name").as_deref() == Some("plagiarism") => {
                    let num = |name: &str| attr(name).and_then(|v| v.parse::<u32>().ok());
                    let line = 1 + text[..reader.buffer_position() as usize]
                        .matches('\n')
                        .count();
                    let (Some(susp), Some(src), Some(to), Some(tl), Some(so), Some(sl)) = (
                        susp.clone(),
                        attr("source_reference").map(|r| stem(&r)),
                        num("this_offset"),
                        num("this_length"),
                        num("source_offset"),
                        num("source_length"),
                    ) else {
                        return Err(EvalError::Format {
                            path: path.clone(),
                            line,
                            message:
                                "a plagiarism feature lacks a reference, an offset or a length"
                                    .into(),
                        });
                    };
                    gold.push(GoldCase::new(susp, src, (to, tl), (so, sl), "high".into()));
                }
                _ => {}
            }
        }
    }
    Ok(gold)
}

fn overlap(x: CharSpan, y: CharSpan) -> Option<CharSpan> {
    let span = CharSpan {
        begin: x.begin.max(y.begin),
        end: x.end.min(y.end),
    };
    (!span.is_empty()).then_some(span)
}

/// `s ⊓ r`: both sides' overlaps when `r` detects `s`.
fn detects(case: &Case, detection: &Case) -> Option<(CharSpan, CharSpan)> {
    if case.susp != detection.susp || case.src != detection.src {
        return None;
    }
    Some((
        overlap(case.susp_span, detection.susp_span)?,
        overlap(case.src_span, detection.src_span)?,
    ))
}

/// The length of the union of spans.
fn union_len(mut spans: Vec<CharSpan>) -> u64 {
    spans.sort();
    let mut total = 0u64;
    let mut reached = 0u32;
    for s in spans {
        let begin = s.begin.max(reached);
        if s.end > begin {
            total += u64::from(s.end - begin);
            reached = s.end;
        }
    }
    total
}

/// PAN's measures of `detections` against `cases`.
pub fn score(cases: &[Case], detections: &[Case]) -> PanScores {
    let coverage = |x: &Case, others: &mut dyn Iterator<Item = (CharSpan, CharSpan)>| {
        let (susp, src): (Vec<CharSpan>, Vec<CharSpan>) = others.unzip();
        let size = u64::from(x.susp_span.len()) + u64::from(x.src_span.len());
        let hits = susp.len();
        let covered = union_len(susp) + union_len(src);
        (
            if size == 0 {
                0.0
            } else {
                covered as f64 / size as f64
            },
            hits,
        )
    };
    let mut recall = 0.0;
    let mut detected = 0usize;
    let mut granularity_sum = 0usize;
    for case in cases {
        let (r, hits) = coverage(
            case,
            &mut detections.iter().filter_map(|d| detects(case, d)),
        );
        recall += r;
        if hits > 0 {
            detected += 1;
            granularity_sum += hits;
        }
    }
    let mut precision = 0.0;
    for detection in detections {
        precision += coverage(
            detection,
            &mut cases.iter().filter_map(|c| detects(c, detection)),
        )
        .0;
    }
    let recall = if cases.is_empty() {
        0.0
    } else {
        recall / cases.len() as f64
    };
    let precision = if detections.is_empty() {
        0.0
    } else {
        precision / detections.len() as f64
    };
    let granularity = if detected == 0 {
        1.0
    } else {
        granularity_sum as f64 / detected as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    PanScores {
        precision,
        recall,
        granularity,
        plagdet: f1 / (1.0 + granularity).log2(),
        cases: cases.len(),
        detections: detections.len(),
    }
}

/// Scores detections against the gold cases of one confidence level.
///
/// Only document pairs holding a case of that level count. A detection that
/// detects cases of other levels only is left out rather than counted as a
/// false positive, since its text is reused all the same.
pub fn score_level(gold: &[GoldCase], detections: &[Case], level: &str) -> PanScores {
    let cases: Vec<Case> = gold
        .iter()
        .filter(|g| g.confidence == level)
        .map(|g| g.case.clone())
        .collect();
    let others: Vec<&Case> = gold
        .iter()
        .filter(|g| g.confidence != level)
        .map(|g| &g.case)
        .collect();
    let pairs: std::collections::HashSet<(&str, &str)> = cases
        .iter()
        .map(|c| (c.susp.as_str(), c.src.as_str()))
        .collect();
    let kept: Vec<Case> = detections
        .iter()
        .filter(|d| pairs.contains(&(d.susp.as_str(), d.src.as_str())))
        .filter(|d| {
            cases.iter().any(|c| detects(c, d).is_some())
                || !others.iter().any(|c| detects(c, d).is_some())
        })
        .cloned()
        .collect();
    score(&cases, &kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(susp: (u32, u32), src: (u32, u32)) -> Case {
        Case {
            susp: "s".into(),
            src: "r".into(),
            susp_span: CharSpan {
                begin: susp.0,
                end: susp.1,
            },
            src_span: CharSpan {
                begin: src.0,
                end: src.1,
            },
        }
    }

    #[test]
    fn perfect_detection_scores_one() {
        let gold = [case((0, 100), (50, 150))];
        let s = score(&gold, &gold);
        assert_eq!(
            (s.precision, s.recall, s.granularity, s.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn split_detection_raises_granularity() {
        let gold = [case((0, 100), (0, 100))];
        let found = [case((0, 50), (0, 50)), case((50, 100), (50, 100))];
        let s = score(&gold, &found);
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 1.0, 2.0));
        assert!((s.plagdet - 1.0 / 3f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn half_recall_and_a_false_positive() {
        let gold = [case((0, 100), (0, 100))];
        let found = [case((0, 50), (0, 50)), case((500, 600), (500, 600))];
        let s = score(&gold, &found);
        assert_eq!((s.precision, s.recall), (0.5, 0.5));
    }

    #[test]
    fn a_detection_must_overlap_both_sides() {
        let gold = [case((0, 100), (0, 100))];
        let found = [case((0, 100), (200, 300))];
        assert_eq!(score(&gold, &found).recall, 0.0);
    }
}
