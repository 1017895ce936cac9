//! A generator of news-like corpora with known reprints, for benchmarks.
//!
//! Articles are drawn from a Zipf-distributed vocabulary of made-up words
//! (some accented), in sentences and paragraphs, with figures, dates and a
//! source among a few hundred outlets. Each outlet closes its pages with its
//! own footer (site boilerplate); some originals carry a title line and a
//! reader-comment section.
//!
//! A share of the documents are copies of an earlier original, made the way
//! sites make them: whole or partial (a run of paragraphs), paragraphs
//! swapped, clauses cut, words substituted, figures changed, a title and a
//! credit line added. A few stories go viral and are copied by hundreds of
//! outlets. Every (original, copy) pair is written to the ground truth.
//!
//! With [`GenParams::lookalike_share`], the corpus also holds what is not a
//! reprint but looks like one, each pair written to the truth as
//! `not_reuse` with its `kind`:
//!
//! * **template**: one of a dozen frames (bulletins, cables) filled
//!   again and again with other names, figures and dates, inside otherwise
//!   independent stories;
//! * **quote**: two independent stories quoting one statement;
//! * **same event**: two independent stories of one event, sharing the
//!   names and a line of wire background.

use std::io::Write;

use fastrand::Rng;
use serde_json::json;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenParams {
    /// Stop once this many bytes of text are written.
    pub bytes: u64,
    /// Seed of the random generator: equal seeds give equal corpora.
    pub seed: u64,
    /// Share of documents that copy an earlier original.
    pub reprint_share: f64,
    /// Stories copied by many outlets.
    pub viral_stories: usize,
    /// Copies of each viral story.
    pub viral_copies: usize,
    /// Share of documents that are look-alikes: template instances, stories
    /// sharing a quote, stories of one event.
    pub lookalike_share: f64,
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Documents written.
    pub documents: u64,
    /// Of those, copies.
    pub copies: u64,
    /// Of those, look-alikes.
    pub lookalikes: u64,
    /// Bytes of text written.
    pub text_bytes: u64,
}

const OUTLETS: usize = 400;
const VOCABULARY: usize = 40_000;
/// Recent originals kept as material for copies; older ones are forgotten,
/// so memory stays bounded whatever the corpus size.
const POOL: usize = 4_000;

struct Original {
    id: String,
    source: usize,
    day: u32,
    paragraphs: Vec<String>,
}

/// Writes a corpus as JSONL to `corpus` and its ground truth (`{"a": original,
/// "b": copy, "label": "reuse", "original": original}` lines) to `truth`.
pub fn generate(
    params: GenParams,
    corpus: &mut impl Write,
    truth: &mut impl Write,
) -> std::io::Result<GenStats> {
    let mut rng = Rng::with_seed(params.seed);
    let words = Vocabulary::new(&mut rng);
    let footers: Vec<String> = (0..OUTLETS).map(|_| words.sentences(&mut rng, 2)).collect();
    let mut pool: Vec<Original> = Vec::new();
    let mut stats = GenStats::default();
    let viral_every = if params.viral_stories == 0 {
        u64::MAX
    } else {
        // Spread the viral stories over the corpus; each is copied right away.
        let expected_docs = params.bytes / 3_000 + 1;
        (expected_docs / params.viral_stories as u64).max(1)
    };
    let mut viral_done = 0;
    let mut lookalikes = Lookalikes::new(&mut rng, &words);
    while stats.text_bytes < params.bytes {
        let n = stats.documents;
        let day = (n * 365 / (params.bytes / 3_000 + 1)) as u32;
        if n > 0 && n % viral_every == 0 && viral_done < params.viral_stories && !pool.is_empty() {
            viral_done += 1;
            let original = &pool[rng.usize(..pool.len())];
            for _ in 0..params.viral_copies {
                let copy = make_copy(&mut rng, &words, original, &footers, stats.documents);
                write_copy(corpus, truth, &copy, original, &mut stats)?;
            }
            continue;
        }
        if rng.f64() < params.lookalike_share {
            lookalikes.write(&mut rng, &words, &footers, day, corpus, truth, &mut stats)?;
            continue;
        }
        if !pool.is_empty() && rng.f64() < params.reprint_share {
            let original = &pool[rng.usize(..pool.len())];
            let copy = make_copy(&mut rng, &words, original, &footers, n);
            write_copy(corpus, truth, &copy, original, &mut stats)?;
            continue;
        }
        let source = rng.usize(..OUTLETS);
        let paragraphs: Vec<String> = (0..rng.usize(3..9))
            .map(|_| {
                let sentences = rng.usize(2..6);
                words.sentences(&mut rng, sentences)
            })
            .collect();
        let mut text = String::new();
        if rng.bool() {
            text.push_str(&words.title(&mut rng));
            text.push_str("\n\n");
        }
        text.push_str(&paragraphs.join("\n\n"));
        text.push_str("\n\n");
        text.push_str(&footers[source]);
        if rng.f64() < 0.3 {
            let count = rng.usize(1..6);
            text.push_str(&format!("\n\n{count} commentaires\n\n"));
            for _ in 0..count {
                let sentences = rng.usize(1..4);
                text.push_str(&words.sentences(&mut rng, sentences));
                text.push_str("\n\n");
            }
        }
        let id = format!("d{n}");
        write_doc(corpus, &id, source, day, &text, &mut stats)?;
        pool.push(Original {
            id,
            source,
            day,
            paragraphs,
        });
        if pool.len() > POOL {
            pool.swap_remove(rng.usize(..pool.len()));
        }
    }
    Ok(stats)
}

struct Copy {
    id: String,
    source: usize,
    day: u32,
    text: String,
}

fn make_copy(
    rng: &mut Rng,
    words: &Vocabulary,
    original: &Original,
    footers: &[String],
    n: u64,
) -> Copy {
    let mut paragraphs = original.paragraphs.clone();
    match rng.u32(0..100) {
        // A run of paragraphs, at least two.
        0..25 if paragraphs.len() > 3 => {
            let len = rng.usize(2..paragraphs.len());
            let start = rng.usize(0..=paragraphs.len() - len);
            paragraphs = paragraphs[start..start + len].to_vec();
        }
        // Two paragraphs swapped.
        25..35 => {
            let (i, j) = (rng.usize(..paragraphs.len()), rng.usize(..paragraphs.len()));
            paragraphs.swap(i, j);
        }
        _ => {}
    }
    for paragraph in &mut paragraphs {
        if rng.f64() < 0.25 {
            *paragraph = cut_clause(rng, paragraph);
        }
        if rng.f64() < 0.25 {
            *paragraph = substitute_word(rng, words, paragraph);
        }
        if rng.f64() < 0.15 {
            *paragraph = change_number(rng, paragraph);
        }
    }
    let source = loop {
        let s = rng.usize(..OUTLETS);
        if s != original.source {
            break s;
        }
    };
    let mut text = String::new();
    if rng.bool() {
        text.push_str(&words.title(rng));
        text.push_str("\n\n");
    }
    text.push_str(&paragraphs.join("\n\n"));
    if rng.bool() {
        text.push_str(&format!("\n\nSource: site{}.example", original.source));
    }
    text.push_str("\n\n");
    text.push_str(&footers[source]);
    Copy {
        id: format!("d{n}"),
        source,
        day: original.day + rng.u32(0..3),
        text,
    }
}

/// Frames to fill again, and the last instances of each, so that every new
/// instance is paired in the truth with the ones before it.
struct Lookalikes {
    frames: Vec<Vec<Piece>>,
    instances: Vec<Vec<String>>,
}

/// A piece of a frame: fixed words, or a slot each instance fills its own
/// way.
enum Piece {
    Words(String),
    Name,
    Number,
}

/// How many frames a corpus's templates use.
const FRAMES: usize = 12;
/// Earlier instances of a frame each new one is paired with in the truth.
const PAIRED_INSTANCES: usize = 3;

impl Lookalikes {
    fn new(rng: &mut Rng, words: &Vocabulary) -> Lookalikes {
        let frames = (0..FRAMES)
            .map(|_| {
                let mut frame = Vec::new();
                for _ in 0..rng.usize(12..30) / 4 {
                    let fixed: Vec<&str> = (0..rng.usize(4..20)).map(|_| words.word(rng)).collect();
                    frame.push(Piece::Words(fixed.join(" ")));
                    frame.push(if rng.bool() {
                        Piece::Name
                    } else {
                        Piece::Number
                    });
                }
                let fixed: Vec<&str> = (0..rng.usize(4..12)).map(|_| words.word(rng)).collect();
                frame.push(Piece::Words(format!("{}.", fixed.join(" "))));
                frame
            })
            .collect();
        Lookalikes {
            frames,
            instances: vec![Vec::new(); FRAMES],
        }
    }

    /// Writes one look-alike: a template instance, or a pair of stories
    /// sharing a quote or an event, with their truth lines.
    #[allow(clippy::too_many_arguments)]
    fn write(
        &mut self,
        rng: &mut Rng,
        words: &Vocabulary,
        footers: &[String],
        day: u32,
        corpus: &mut impl Write,
        truth: &mut impl Write,
        stats: &mut GenStats,
    ) -> std::io::Result<()> {
        let story = |rng: &mut Rng, inner: &str| {
            let mut paragraphs: Vec<String> = (0..rng.usize(1..4))
                .map(|_| {
                    let n = rng.usize(2..5);
                    words.sentences(rng, n)
                })
                .collect();
            let at = rng.usize(..=paragraphs.len());
            paragraphs.insert(at, inner.to_string());
            paragraphs.join("\n\n")
        };
        let mut emit = |rng: &mut Rng, text: String, stats: &mut GenStats| {
            let source = rng.usize(..OUTLETS);
            let id = format!("d{}", stats.documents);
            let text = format!("{text}\n\n{}", footers[source]);
            stats.lookalikes += 1;
            write_doc(corpus, &id, source, day, &text, stats).map(|()| id)
        };
        let pair_line = |a: &str, b: &str, kind: &str| json!({"a": a, "b": b, "label": "not_reuse", "kind": kind});
        match rng.u8(..3) {
            0 => {
                let t = rng.usize(..FRAMES);
                let filled: String = self.frames[t]
                    .iter()
                    .map(|piece| match piece {
                        Piece::Words(w) => w.clone(),
                        Piece::Name => name(rng, words),
                        Piece::Number => rng.u32(2..100_000).to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let text = story(rng, &capitalized(&filled));
                let id = emit(rng, text, stats)?;
                for earlier in &self.instances[t] {
                    writeln!(truth, "{}", pair_line(earlier, &id, "template"))?;
                }
                let kept = &mut self.instances[t];
                kept.push(id);
                if kept.len() > PAIRED_INSTANCES {
                    kept.remove(0);
                }
            }
            kind => {
                let (shared, kind) = if kind == 1 {
                    let statement: Vec<&str> =
                        (0..rng.usize(20..31)).map(|_| words.word(rng)).collect();
                    let speaker = name(rng, words);
                    (
                        format!(
                            "{speaker} {} : « {} ».",
                            words.word(rng),
                            statement.join(" ")
                        ),
                        "quote",
                    )
                } else {
                    let background: Vec<&str> =
                        (0..rng.usize(15..26)).map(|_| words.word(rng)).collect();
                    (
                        format!("{} {}.", name(rng, words), background.join(" ")),
                        "same event",
                    )
                };
                let first = story(rng, &shared);
                let second = story(rng, &shared);
                let a = emit(rng, first, stats)?;
                let b = emit(rng, second, stats)?;
                writeln!(truth, "{}", pair_line(&a, &b, kind))?;
            }
        }
        Ok(())
    }
}

/// A made-up name: two capitalised words.
fn name(rng: &mut Rng, words: &Vocabulary) -> String {
    format!(
        "{} {}",
        capitalized(words.word(rng)),
        capitalized(words.word(rng))
    )
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Removes a run of four to ten words from one sentence.
fn cut_clause(rng: &mut Rng, paragraph: &str) -> String {
    let words: Vec<&str> = paragraph.split(' ').collect();
    if words.len() < 20 {
        return paragraph.to_string();
    }
    let len = rng.usize(4..=10);
    let start = rng.usize(1..words.len() - len);
    let mut kept: Vec<&str> = words[..start].to_vec();
    kept.extend(&words[start + len..]);
    kept.join(" ")
}

fn substitute_word(rng: &mut Rng, vocabulary: &Vocabulary, paragraph: &str) -> String {
    let mut words: Vec<String> = paragraph.split(' ').map(str::to_string).collect();
    let at = rng.usize(..words.len());
    if words[at].chars().all(char::is_alphabetic) {
        words[at] = vocabulary.word(rng).to_string();
    }
    words.join(" ")
}

fn change_number(rng: &mut Rng, paragraph: &str) -> String {
    let mut words: Vec<String> = paragraph.split(' ').map(str::to_string).collect();
    if let Some(w) = words
        .iter_mut()
        .find(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        *w = rng.u32(2..2000).to_string();
    }
    words.join(" ")
}

fn write_copy(
    corpus: &mut impl Write,
    truth: &mut impl Write,
    copy: &Copy,
    original: &Original,
    stats: &mut GenStats,
) -> std::io::Result<()> {
    write_doc(corpus, &copy.id, copy.source, copy.day, &copy.text, stats)?;
    stats.copies += 1;
    let line = json!({"a": original.id, "b": copy.id, "label": "reuse", "original": original.id});
    writeln!(truth, "{line}")
}

fn write_doc(
    out: &mut impl Write,
    id: &str,
    source: usize,
    day: u32,
    text: &str,
    stats: &mut GenStats,
) -> std::io::Result<()> {
    let (month, day_of_month) = (day.min(359) / 30 + 1, day.min(359) % 30 + 1);
    let date = format!("2024-{month:02}-{:02}", day_of_month.min(28));
    let line =
        json!({"id": id, "source": format!("site{source}.example"), "date": date, "text": text});
    writeln!(out, "{line}")?;
    stats.documents += 1;
    stats.text_bytes += text.len() as u64;
    Ok(())
}

/// Made-up words with Zipf-distributed frequencies.
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights, for sampling by binary search.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(rng: &mut Rng) -> Self {
        const ONSETS: &[&str] = &[
            "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "tr", "pl",
        ];
        const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "é", "è", "à", "ou", "ai", "ô"];
        let words: Vec<String> = (0..VOCABULARY)
            .map(|i| {
                let syllables = 1 + (i % 4);
                (0..syllables)
                    .map(|_| {
                        format!(
                            "{}{}",
                            ONSETS[rng.usize(..ONSETS.len())],
                            VOWELS[rng.usize(..VOWELS.len())]
                        )
                    })
                    .collect()
            })
            .collect();
        let mut total = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let target = rng.f64() * self.cumulative[self.cumulative.len() - 1];
        let at = self.cumulative.partition_point(|&c| c < target);
        &self.words[at.min(self.words.len() - 1)]
    }

    fn sentence(&self, rng: &mut Rng) -> String {
        let len = rng.usize(8..25);
        let mut out = String::new();
        for i in 0..len {
            if i > 0 {
                out.push_str(if rng.u8(..12) == 0 { ", " } else { " " });
            }
            if rng.u8(..20) == 0 {
                out.push_str(&rng.u32(2..5000).to_string());
            } else if i == 0 {
                out.push_str(&capitalized(self.word(rng)));
            } else {
                out.push_str(self.word(rng));
            }
        }
        out.push('.');
        out
    }

    fn sentences(&self, rng: &mut Rng, n: usize) -> String {
        (0..n)
            .map(|_| self.sentence(rng))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn title(&self, rng: &mut Rng) -> String {
        let sentence = self.sentence(rng);
        let words: Vec<&str> = sentence
            .trim_end_matches('.')
            .split(' ')
            .take(rng.usize(4..9))
            .collect();
        words.join(" ").trim_end_matches(',').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(seed: u64) -> (Vec<u8>, Vec<u8>, GenStats) {
        run_with(seed, 0.0)
    }

    fn run_with(seed: u64, lookalike_share: f64) -> (Vec<u8>, Vec<u8>, GenStats) {
        let params = GenParams {
            bytes: 400_000,
            seed,
            reprint_share: 0.2,
            viral_stories: 2,
            viral_copies: 20,
            lookalike_share,
        };
        let (mut corpus, mut truth) = (Vec::new(), Vec::new());
        let stats = generate(params, &mut corpus, &mut truth).unwrap();
        (corpus, truth, stats)
    }

    #[test]
    fn equal_seeds_give_equal_corpora() {
        assert_eq!(run(7).0, run(7).0);
        assert_ne!(run(7).0, run(8).0);
    }

    #[test]
    fn the_truth_names_real_documents_and_copies_follow_originals() {
        let (corpus, truth, stats) = run(1);
        let ids: Vec<String> = String::from_utf8(corpus)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(ids.len() as u64, stats.documents);
        let position = |id: &str| ids.iter().position(|x| x == id).unwrap();
        let truth = String::from_utf8(truth).unwrap();
        for line in truth.lines() {
            let pair: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(position(pair["a"].as_str().unwrap()) < position(pair["b"].as_str().unwrap()));
        }
        assert_eq!(truth.lines().count() as u64, stats.copies);
        let share = stats.copies as f64 / stats.documents as f64;
        assert!((0.2..0.6).contains(&share), "share of copies {share}");
    }

    #[test]
    fn look_alikes_are_written_to_the_truth_as_not_reuse_with_their_kind() {
        let (corpus, truth, stats) = run_with(3, 0.2);
        assert!(stats.lookalikes > 20, "{stats:?}");
        let corpus = String::from_utf8(corpus).unwrap();
        let text_of: std::collections::HashMap<String, String> = corpus
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["id"].as_str().unwrap().to_string(),
                    v["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut kinds = std::collections::BTreeMap::new();
        let mut copies = 0;
        for line in String::from_utf8(truth).unwrap().lines() {
            let pair: serde_json::Value = serde_json::from_str(line).unwrap();
            match pair["label"].as_str().unwrap() {
                "reuse" => copies += 1,
                "not_reuse" => {
                    let kind = pair["kind"].as_str().unwrap().to_string();
                    let (a, b) = (
                        &text_of[pair["a"].as_str().unwrap()],
                        &text_of[pair["b"].as_str().unwrap()],
                    );
                    if kind == "quote" {
                        let quote =
                            |t: &str| t[t.find('«').unwrap()..t.find('»').unwrap()].to_string();
                        assert_eq!(quote(a), quote(b), "one statement quoted in both");
                    }
                    assert_ne!(a, b);
                    *kinds.entry(kind).or_insert(0) += 1;
                }
                other => panic!("label {other}"),
            }
        }
        assert_eq!(copies, stats.copies);
        assert_eq!(
            kinds.keys().map(String::as_str).collect::<Vec<_>>(),
            ["quote", "same event", "template"]
        );
    }
}
