//! The clean stage: a [`Document`] in, an [`Article`] out: which regions of
//! the text are the article's body and which are page furniture, whom the
//! text credits, and when it was published.
//!
//! Cleaning marks regions; it never rewrites the text, so every offset still
//! points into the text as it was read. It finds, in this order:
//!
//! * a **dateline** at the head (" date 2022-04", "Publié le …",
//!   "Published …");
//! * a **title**: a short first line without closing punctuation, set off by
//!   a blank line or equal to the record's `title`;
//! * a **comment section**: from a marker line ("3 Commentaires", "Leave a
//!   Reply", "تعليقات", … see [`COMMENT_MARKERS`]) to the end;
//! * **credit lines** closing the body ("Source: X", "Avec AFP",
//!   "(Reuters)", "Lire aussi : …"), and a credit in parentheses ending the
//!   last paragraph ("… the minister said. (Northwire)").
//!
//! Site boilerplate, text a source repeats across its own pages, can only be
//! seen across the corpus; the scan marks it (see `scan`).

pub mod address;
pub mod agencies;
pub mod credits;
pub mod dates;
pub mod quotes;

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use credits::Credit;
pub use dates::{DateOrigin, PubDate};

use crate::model::{CharSpan, Document, RemovedKind, RemovedRegion};
use crate::tokenize::{count_chars, is_ideograph_or_kana, tokenize, Token};

/// A document's article: its body regions, what was removed, credits, date.
///
/// It serializes (with serde) so that a scan whose stages run apart, on a
/// Spark cluster, can hand it from one stage to the next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The regions of the text that are the article's body, in order.
    pub body: Vec<CharSpan>,
    /// The regions removed from the body, in order.
    pub removed: Vec<RemovedRegion>,
    /// The outlets the text credits, first mention first, without repeats.
    pub credits: Vec<Credit>,
    /// The news agency whose own story the page is although a portal
    /// publishes it, as [`credits::feed_of`] reads it from the address and
    /// the credits: a portal's page of AFP's or Reuters's feed.
    pub feed_of: Option<String>,
    /// The number the site gives the article in its address, as
    /// [`address::article_number`] reads it (boxed: most pages of a large
    /// scan have none, and each article of the scan is held in memory).
    pub article_number: Option<Box<address::ArticleNumber>>,
    /// The publication date, when known.
    pub date: Option<PubDate>,
    /// Where the date came from.
    pub date_origin: Option<DateOrigin>,
    /// A weaker date of the document that disagrees with `date` (the
    /// address's against the given date, the dateline's against either),
    /// with where it came from: set aside, but said in the evidence.
    pub date_disagreement: Option<(PubDate, DateOrigin)>,
    /// The spans of the text inside quotation marks (« », “ ”, „ “, " "),
    /// in code points: what a shared quote is told by.
    pub quoted: Vec<(u32, u32)>,
}

impl Article {
    /// The article's date when the page itself says it, in the input's
    /// `date`, its address or a dateline; not a date inferred from the dates
    /// the text mentions, which may be the event's.
    pub fn firm_date(&self) -> Option<PubDate> {
        match self.date_origin? {
            DateOrigin::Inferred => None,
            DateOrigin::Given | DateOrigin::Url | DateOrigin::Dateline => self.date,
        }
    }

    /// Whole days from `earlier`'s [`firm_date`](Article::firm_date) to this
    /// article's, when both are known to the day (negative when this one
    /// comes first).
    pub fn firm_days_since(&self, earlier: &Article) -> Option<i64> {
        self.firm_date()?.days_since(&earlier.firm_date()?)
    }

    /// The date `doc` (this article's document) gave that cleaning could
    /// not understand, kept as given so that nothing is lost: the outputs
    /// write it as `date_given`. `None` when no date was given or it was
    /// read.
    pub fn unread_given_date<'a>(&self, doc: &'a Document) -> Option<&'a str> {
        doc.date
            .as_deref()
            .filter(|_| self.date_origin != Some(DateOrigin::Given))
    }

    /// Whether the page carries a reader-comment section.
    pub fn has_comments(&self) -> bool {
        self.removed.iter().any(|r| r.kind == RemovedKind::Comments)
    }

    /// Removes `span` from the body, recording it as a region of `kind`.
    /// Only the part of `span` inside the body is recorded; nothing happens
    /// when `span` lies outside it.
    pub fn cut(&mut self, span: CharSpan, kind: RemovedKind) {
        let mut body = Vec::with_capacity(self.body.len() + 1);
        for part in &self.body {
            let (begin, end) = (span.begin.max(part.begin), span.end.min(part.end));
            if begin >= end {
                body.push(*part);
                continue;
            }
            self.removed.push(RemovedRegion { begin, end, kind });
            for piece in [
                CharSpan {
                    begin: part.begin,
                    end: begin,
                },
                CharSpan {
                    begin: end,
                    end: part.end,
                },
            ] {
                if !piece.is_empty() {
                    body.push(piece);
                }
            }
        }
        self.body = body;
        self.removed.sort_by_key(|r| (r.begin, r.end));
    }

    /// Whether code points `x` and `y` lie in one body region.
    pub fn same_body_region(&self, x: u32, y: u32) -> bool {
        self.body
            .iter()
            .any(|s| s.begin <= x.min(y) && x.max(y) < s.end)
    }

    /// Keeps the tokens of a whole text (in text order) that lie inside the
    /// body.
    pub fn body_tokens(&self, mut tokens: Vec<Token>) -> Vec<Token> {
        // Each region's tokens are one run of the list, found by binary
        // search and moved down whole.
        let (mut kept, mut from) = (0, 0);
        for region in &self.body {
            let first = from + tokens[from..].partition_point(|t| t.begin < region.begin);
            let end = first + tokens[first..].partition_point(|t| t.end <= region.end);
            tokens.copy_within(first..end, kept);
            kept += end - first;
            from = end;
        }
        tokens.truncate(kept);
        tokens
    }
}

/// Lines that open a reader-comment section, matched against a whole line
/// (case-insensitive), in French, English, Arabic, Spanish, Portuguese,
/// Italian, German and Dutch. Extend this table to teach reprint another
/// site's or language's wording. A word boundary is written `(?-u:\b)`:
/// every line of every text is asked, and a Unicode `\b` makes the regex
/// crate leave its fast engine on any line that holds a letter beyond
/// ASCII.
pub const COMMENT_MARKERS: &[&str] = &[
    // "3 Commentaires", "12 comments", "5 réactions", "4 تعليقات", "7 comentarios", "2 Kommentare"
    r"\d+\s+(?:commentaires?|comments?|réactions?|responses?|replies|تعليقات|تعليق|ردود|comentarios?|comentários?|commenti|commento|kommentare?|reacties|reactie)",
    r"(?:commentaires?|comments?|réactions?|vos réactions|reader comments|التعليقات|تعليقات|comentarios|comentários|commenti|kommentare|leserkommentare|reacties)\s*(?:\(\d+\))?",
    r"(?:leave a (?:reply|comment)|post a comment|add a comment|join the discussion|write a comment)(?-u:\b).*",
    r"(?:laisser|laissez|ajouter|écrire|poster|rédiger) un commentaire(?-u:\b).*",
    r"(?:réagissez|réagir) à (?:cet|l')article.*",
    r"(?:أضف تعليق|اترك تعليقا|اترك تعليقاً|أضف تعليقك|اكتب تعليقك|شارك برأيك).*",
    r"(?:deja|dejar|escribe|escribir) (?:un|tu) comentario(?-u:\b).*",
    r"(?:deixe|deixar|escreva|escrever) (?:um|seu|o seu) comentário(?-u:\b).*",
    r"(?:lascia|lasciare|scrivi|scrivere) un commento(?-u:\b).*",
    r"(?:schreiben sie einen kommentar|kommentar schreiben|kommentieren sie)(?-u:\b).*",
    r"(?:laat een reactie achter|plaats een reactie|reageer)(?-u:\b).*",
    r"(?:les commentaires sont fermés|comments are closed|commenting is closed|التعليقات مغلقة|los comentarios están cerrados|os comentários estão fechados|i commenti sono chiusi|die kommentarfunktion ist geschlossen)\.?",
];

/// Lines that close an article with a credit or a link elsewhere, matched
/// against a whole line (case-insensitive); group `name` holds the credited
/// names where there are any.
const CREDIT_LINES: &[&str] = &[
    // "Con información de EFE", "Com informações da Lusa", "Mit Material von
    // dpa", "— With files from The Canadian Press", "Avec des informations
    // de l'AFP": phrases that only a credit spells.
    r"[-–—]?\s*(?:con informaci[oó]n de|com informaç(?:ão|ões) d[aeo]s?|mit material von|with files from|with reporting (?:from|by)|avec des informations (?:de|d['’]))\s*(?:l['’])?(?P<name>[\p{L}\p{N}.&’' -]{2,50}?)\.?",
    // "This report by The Canadian Press was first published Dec. 2, 2026."
    r"this (?:report|story|article) by (?P<name>[\p{L}\p{N}.&’' -]{2,50}?) was (?:first )?published(?-u:\b).*",
    // Reuters' signature under its stories: "Our Standards: The Thomson
    // Reuters Trust Principles."
    r"our standards\s*:\s*the (?P<name>thomson reuters) trust principles\.?",
    // "Avec AFP", "With Reuters", "Selon Le Monde", "Con EFE", "Com Lusa":
    // a capitalised name only, so that a closing sentence ("Avec cette
    // décision, …") is not taken.
    r"(?:avec|with|via|d['’]après|selon|according to|con|según|com|segundo|secondo|mit|laut)\s+(?P<name>(?-i:\p{Lu})(?-i:[\p{L}\p{N}.&’' -]){1,50}?)\.?",
    // A pointer to the whole story on its outlet: "Leggi l'articolo
    // completo su ansa.it", "Lire la suite sur Le Monde", "Read the full
    // story at Reuters", "Lee la noticia completa en EFE", "Leia a matéria
    // completa no G1", "Weiterlesen auf Spiegel.de", "Lees verder op NU.nl".
    r"(?:leggi (?:l['’]articolo|la notizia) (?:completo |completa |integrale )?(?:su|sul|sulla|in)|lire la suite (?:sur|de)|lire l['’]article (?:complet |entier )?sur|read (?:the )?(?:full|whole|rest of the) (?:story|article|report) (?:on|at)|continue reading (?:on|at)|(?:read|see) more (?:on|at)|lee (?:la noticia|el artículo) completo? en|leia (?:a matéria|a notícia|o artigo) complet[ao] (?:em|no|na)|weiterlesen (?:auf|bei)|lees verder (?:op|bij))\s*:?\s*(?P<name>[\p{L}\p{N}.&’' -]{2,50}?)\.?",
    // Links to other articles.
    r"(?:lire aussi|à lire aussi|a lire aussi|lire également|voir aussi|read also|read more|see also|related|اقرأ أيضا|اقرأ أيضاً|اقرأ كذلك|lee también|lea también|leer más|te puede interesar|leia também|leia mais|veja também|leggi anche|potrebbe interessarti|lesen sie auch|mehr zum thema|das könnte sie auch interessieren|lees ook|lees meer|czytaj (?:też|także|również|więcej)|čtěte (?:také|též)|citește și|läs också|læs også|les også|lue myös|ayrıca (?:okuyun|bakınız)|[İi]lgili haber(?:ler)?|читайте (?:также|тоже)|читайте також|διαβάστε (?:επίσης|ακόμη)|baca juga)\s*[:：\-–—]?.*",
];

/// All comment markers in one pattern, so a line is matched once.
static COMMENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives = COMMENT_MARKERS.join("|");
    Regex::new(&format!(r"(?i)^\s*(?:{alternatives})\s*$")).expect("the table's patterns are valid")
});
static CREDIT_RE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let mut patterns = anchored(CREDIT_LINES);
    // "Source: Observalgerie", "Sources : APS, El Watan", "المصدر: الجزيرة",
    // "Fuente: EFE", "Quelle: dpa", "Źródło: PAP", "Kaynak: AA",
    // "Источник: ТАСС": the word "source" in the languages of
    // [`credits::SOURCE_WORDS`], or "credits".
    let sources = credits::SOURCE_WORDS;
    patterns.extend(anchored(&[format!(
        r"(?:{sources}|crédits?|credits?|créditos?|crediti)\s*[:：\-–—]\s*(?P<name>.{{2,80}}?)\.?"
    )]));
    // "(Reuters)", "AFP", "/ATS", "AFP/ATS": a line of agency names only,
    // written with their case ("AP", never "ap").
    let names = credits::known_agency_names();
    patterns.push(
        Regex::new(&format!(
            r"^\s*[(/]?\s*(?P<name>(?:{names})(?:\s*[/,]\s*(?:{names}))*)\s*\)?\.?\s*$"
        ))
        .expect("the table's names are escaped"),
    );
    // "Notícias ao Minuto com Lusa", "La rédaction avec AFP", "Redazione,
    // con ANSA", "Staff, with Reuters": a desk's name, then the agency it
    // worked from. The agency must be one of the table, so that a closing
    // sentence ("Il est parti avec Marie") is not taken.
    patterns.push(
        Regex::new(&format!(
            r"^\s*[\p{{L}}\p{{N}}.&’' -]{{2,40}}?,?\s+(?i:avec|with|con|com|mit)\s+(?i:l['’]|la|le|a|o|the)?\s*(?P<name>(?:{names})(?:\s*(?:[/,]|(?i:e|et|and|y|und))\s*(?:{names}))*)\s*\.?\s*$"
        ))
        .expect("the table's names are escaped"),
    );
    patterns
});

fn anchored(patterns: &[impl AsRef<str>]) -> Vec<Regex> {
    patterns
        .iter()
        .map(|p| {
            let p = p.as_ref();
            Regex::new(&format!(r"(?i)^\s*(?:{p})\s*$")).expect("the table's patterns are valid")
        })
        .collect()
}

/// A line of the text, in bytes, without its line break.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        out.push(Line {
            start,
            end: start + body.len(),
            text: body,
        });
        start += piece.len();
    }
    out
}

/// The most words a title line may have.
const TITLE_MAX_WORDS: usize = 25;

/// Cleans one document.
pub fn clean(doc: &Document) -> Article {
    clean_tokenized(doc, &tokenize(&doc.text))
}

/// Cleans one document whose whole text is already tokenized (`tokens`
/// from [`tokenize`] of `doc.text`), so that the
/// date inference reads those tokens instead of making its own.
pub fn clean_tokenized(doc: &Document, tokens: &[Token]) -> Article {
    let text = doc.text.as_str();
    let lines = lines(text);
    // Removed regions in bytes, before conversion to code points; the
    // reader's own come first.
    let mut removed: Vec<(usize, usize, RemovedKind)> = given_regions(doc);
    let mut credits: Vec<Credit> = Vec::new();
    let mut dateline_date = None;

    let mut first = lines.iter().position(|l| !l.is_blank());
    if let Some(i) = first {
        if let Some(end) = dateline_end(lines[i].text) {
            dateline_date = dates::parse_dateline(&lines[i].text[..end]);
            removed.push((lines[i].start, lines[i].start + end, RemovedKind::Dateline));
            if lines[i].text[end..].trim().is_empty() {
                first = lines
                    .iter()
                    .skip(i + 1)
                    .position(|l| !l.is_blank())
                    .map(|j| i + 1 + j);
            }
        }
    }
    if let Some(i) = first.filter(|&i| is_title(&lines, i, doc.title.as_deref())) {
        removed.push((lines[i].start, lines[i].end, RemovedKind::Title));
        // A dateline often sits right under the title.
        if let Some(next) = lines
            .iter()
            .skip(i + 1)
            .position(|l| !l.is_blank())
            .map(|j| i + 1 + j)
        {
            if let Some(end) = dateline_end(lines[next].text).filter(|_| dateline_date.is_none()) {
                dateline_date = dates::parse_dateline(&lines[next].text[..end]);
                removed.push((
                    lines[next].start,
                    lines[next].start + end,
                    RemovedKind::Dateline,
                ));
            }
        }
    }

    // The comment section runs from its marker to the end. A marker among
    // the first lines is a comment count under the title, not a section.
    let body_lines: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    let comments_at = body_lines
        .iter()
        .skip(3)
        .find(|&&i| COMMENT_RE.is_match(lines[i].text))
        .copied();
    // Comments the reader set apart end the body too.
    let given_comments_line = removed
        .iter()
        .filter(|r| r.2 == RemovedKind::Comments)
        .map(|r| lines.partition_point(|l| l.start < r.0))
        .min();
    let comments_at = comments_at.filter(|&i| given_comments_line.is_none_or(|g| i < g));
    let body_end_line = comments_at.or(given_comments_line).unwrap_or(lines.len());
    if let Some(i) = comments_at {
        let end = removed
            .iter()
            .filter(|r| r.2 == RemovedKind::Comments)
            .map(|r| r.0)
            .min()
            .unwrap_or(text.len());
        removed.push((lines[i].start, end, RemovedKind::Comments));
    }

    // Credit lines close the body: read upwards while they match.
    let mut end_line = body_end_line;
    while let Some(i) = (0..end_line).rev().find(|&i| !lines[i].is_blank()) {
        // Most last lines are no credit: asking first whether one matches
        // spares allocating the captures of every pattern.
        let line = lines[i].text;
        // An agency's copyright footer may run long ("© EFE 2026. Está
        // expresamente prohibida la redistribución…").
        let copyright = credits::copyright_agency(line);
        // Most last lines are a paragraph, longer than any credit line:
        // counting their words spares running the patterns.
        if copyright.is_none() && line.split_whitespace().nth(15).is_some() {
            break;
        }
        let caps = match copyright {
            Some(_) => None,
            None => match CREDIT_RE
                .iter()
                .find(|re| re.is_match(line))
                .and_then(|re| re.captures(line))
            {
                Some(caps) => Some(caps),
                None => break,
            },
        };
        if removed
            .iter()
            .any(|r| r.0 <= lines[i].start && lines[i].start < r.1)
        {
            break;
        }
        if let Some(name) = copyright {
            credits.push(Credit {
                name: name.to_string(),
                explicit: true,
                supplied: false,
            });
        } else if let Some(names) = caps.as_ref().and_then(|caps| caps.name("name")) {
            credits.extend(
                credits::split_names(names.as_str())
                    .into_iter()
                    .map(|name| Credit {
                        name,
                        explicit: true,
                        supplied: false,
                    }),
            );
        }
        removed.push((lines[i].start, lines[i].end, RemovedKind::Credit));
        end_line = i;
    }
    // A credit in parentheses closing the last paragraph: "… said. (Northwire)"
    if let Some(i) = (0..end_line).rev().find(|&i| !lines[i].is_blank()) {
        static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"\s\(\s*(\p{Lu}[\p{L}\p{N} .&’'-]{1,40})\s*\)\s*$").unwrap()
        });
        let line = lines[i].text;
        if let Some(caps) = line
            .trim_end()
            .ends_with(')')
            .then(|| TRAILING.captures(line))
            .flatten()
        {
            let whole = caps.get(0).expect("group 0");
            let start = lines[i].start + whole.start() + 1;
            credits.push(Credit {
                name: caps[1].trim().to_string(),
                explicit: true,
                supplied: false,
            });
            removed.push((start, lines[i].end, RemovedKind::Credit));
        }
    }

    // An agency's dateline opening the body dates the dispatch: "Lisboa,
    // 12 nov 2026 (Lusa) -". It stays in the body: copies keep or drop it,
    // and its tag is a credit.
    if dateline_date.is_none() {
        let opening = lines
            .iter()
            .find(|l| !l.is_blank() && !removed.iter().any(|r| r.0 <= l.start && l.end <= r.1));
        dateline_date = opening.and_then(|l| agency_dateline_date(l.text));
    }

    removed.sort_unstable_by_key(|r| r.0);
    let body_bytes = complement(text, &removed);
    let may_name_known = credits::may_name_known(tokens.iter().map(|t| t.hash));
    for &(start, end) in &body_bytes {
        credits.extend(credits::credits_in_text_if(
            &text[start..end],
            may_name_known,
        ));
    }
    dedup_credits(&mut credits);
    let feed_of = credits::feed_of(doc.url.as_deref(), &credits);

    let given = doc.date.as_deref().and_then(dates::parse_iso);
    let url_date = doc.url.as_deref().and_then(dates::from_url);
    // A weaker date that says otherwise is kept, so that the evidence can
    // say so: it never overrides the stronger one silently.
    let date_disagreement = match (given, url_date, dateline_date) {
        (Some(g), Some(u), _) if g.compare(&u).is_ne() => Some((u, DateOrigin::Url)),
        (Some(g), _, Some(d)) if g.compare(&d).is_ne() => Some((d, DateOrigin::Dateline)),
        (None, Some(u), Some(d)) if u.compare(&d).is_ne() => Some((d, DateOrigin::Dateline)),
        _ => None,
    };
    let (date, date_origin) = if let Some(date) = given {
        (Some(date), Some(DateOrigin::Given))
    } else if let Some(date) = url_date {
        (Some(date), Some(DateOrigin::Url))
    } else if let Some(date) = dateline_date {
        (Some(date), Some(DateOrigin::Dateline))
    } else {
        // Body regions are sorted, and so are the tokens.
        let mut regions = body_bytes.iter().peekable();
        let in_body = |t: &&Token| {
            let (b, e) = (t.byte_begin as usize, t.byte_end as usize);
            while regions.next_if(|r| r.1 <= b).is_some() {}
            regions.peek().is_some_and(|&&(s, end)| s <= b && e <= end)
        };
        let words = tokens
            .iter()
            .filter(in_body)
            .map(|t| (t.hash, t.text(text)));
        let inferred = dates::infer_from_tokens(words);
        (inferred, inferred.map(|_| DateOrigin::Inferred))
    };

    let mut offsets: Vec<usize> = body_bytes
        .iter()
        .flat_map(|&(s, e)| [s, e])
        .chain(removed.iter().flat_map(|&(s, e, _)| [s, e]))
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let chars = code_points_at(text, &offsets);
    let to_chars = |byte: usize| {
        chars[offsets
            .binary_search(&byte)
            .expect("every offset was converted")]
    };
    Article {
        body: body_bytes
            .iter()
            .map(|&(s, e)| CharSpan {
                begin: to_chars(s),
                end: to_chars(e),
            })
            .collect(),
        removed: removed
            .iter()
            .map(|&(s, e, kind)| RemovedRegion {
                begin: to_chars(s),
                end: to_chars(e),
                kind,
            })
            .collect(),
        credits,
        feed_of,
        article_number: doc
            .url
            .as_deref()
            .and_then(address::article_number)
            .map(Box::new),
        date,
        date_origin,
        date_disagreement,
        quoted: quotes::quoted_spans(text),
    }
}

/// The regions the reader marked in `doc.removed`, in bytes.
fn given_regions(doc: &Document) -> Vec<(usize, usize, RemovedKind)> {
    if doc.removed.is_empty() {
        return Vec::new();
    }
    let mut byte_at = doc.text.char_indices().map(|(byte, _)| byte);
    let mut bytes: Vec<usize> = Vec::with_capacity(doc.text.chars().count() + 1);
    bytes.extend(&mut byte_at);
    bytes.push(doc.text.len());
    let at = |point: u32| bytes[(point as usize).min(bytes.len() - 1)];
    doc.removed
        .iter()
        .map(|r| (at(r.begin), at(r.end), r.kind))
        .filter(|r| r.0 < r.1)
        .collect()
}

/// Where a dateline at the start of `line` ends (in bytes), if there is one.
fn dateline_end(line: &str) -> Option<usize> {
    const MONTH: &str = r"\p{L}{3,10}\.?";
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        // "5 avril 2024", "5. April 2024", "5 de abril de 2024", "1º de maio de 2024".
        let day_month_year =
            format!(r"\d{{1,2}}(?:er|º|\.)?\s+(?:de\s+)?{MONTH}\s+(?:de\s+)?\d{{4}}");
        let month_day_year = format!(r"{MONTH}\s+\d{{1,2}},?\s+\d{{4}}");
        let numeric = r"\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{1,2}(?:-\d{1,2})?";
        let date =
            format!(r"(?:(?:\p{{L}}+,?\s+)?(?:{day_month_year}|{month_day_year})|{numeric})");
        let time = r"(?:\s*(?:à|at|a\s+las|às|alle|ore|um|om|,|-)?\s*\d{1,2}\s*[h:.]\s*\d{2}(?:\s*(?:am|pm|GMT|UTC|Uhr|h))?)?";
        Regex::new(&format!(
            r"(?i)^\s*(?:date\s*:?\s*\d{{4}}(?:-\d{{1,2}}(?:-\d{{1,2}})?)?|(?:publié|mis à jour|modifié|paru|publiée?s?|published|updated|posted|publicad[oa]|actualizad[oa]|atualizad[oa]|pubblicat[oa]|aggiornat[oa]|veröffentlicht|aktualisiert|gepubliceerd|bijgewerkt|نشر في|نُشر في|بتاريخ)\s*(?:le|on|el|em|il|am|op|:)?\s*{date}{time})\s*[|•·–—-]?\s*"
        ))
        .unwrap()
    });
    DATELINE.find(line).map(|m| m.end())
}

/// The date of an agency's dateline opening `line`: a place, a full date
/// with its year, and an agency's tag, then a dash ("Lisboa, 12 nov 2026
/// (Lusa) -", "WARSZAWA, 14.11.2026 (PAP) -", "Ankara, 14 Kasım 2026 (AA)
/// -"). A dateline without its year ("Madrid, 1 dic (EFE).-") dates
/// nothing: the year would be a guess.
fn agency_dateline_date(line: &str) -> Option<PubDate> {
    static AGENCY_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*\p{Lu}[\p{L}.'’/ -]{1,40}?,\s*(?P<date>[^()\n,]{6,40}?)\s*\((?P<tag>[^()\n]{1,40})\)\s*(?:[-–—]|\.-|:)",
        )
        .unwrap()
    });
    // Every text's first line is asked: one without a parenthesis near its
    // start is answered without the pattern.
    let head = &line.as_bytes()[..line.len().min(120)];
    if !head.contains(&b'(') {
        return None;
    }
    let caps = AGENCY_DATELINE.captures(line)?;
    credits::agency(caps["tag"].trim())?;
    dates::parse_dateline(&caps["date"]).filter(|date| date.day.is_some())
}

/// Whether line `i` is the article's title.
fn is_title(lines: &[Line<'_>], i: usize, given_title: Option<&str>) -> bool {
    let line = lines[i].text.trim();
    if let Some(title) = given_title {
        if fold_spaces(line) == fold_spaces(title) {
            return true;
        }
    }
    // Chinese and Japanese write no spaces: a word of theirs is about one
    // character and a half, so a lede of theirs is no short line.
    let words = line.split_whitespace().count()
        + line.chars().filter(|&c| is_ideograph_or_kana(c)).count() * 2 / 3;
    let closed = line.ends_with([
        '.', '!', ':', ';', ',', '…', '»', '"', '”', ')', '。', '！', '：', '；', '，', '」', '』',
        '）',
    ]);
    let followed_by_blank = lines.get(i + 1).is_some_and(Line::is_blank);
    let more_text = lines[i + 1..].iter().any(|l| !l.is_blank());
    (1..=TITLE_MAX_WORDS).contains(&words) && !closed && followed_by_blank && more_text
}

fn fold_spaces(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The byte regions of `text` outside `removed` (sorted by start), with
/// surrounding white space trimmed and empty regions dropped.
fn complement(text: &str, removed: &[(usize, usize, RemovedKind)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut push = |start: usize, end: usize| {
        let piece = &text[start..end];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if start + lead < end - trail {
            out.push((start + lead, end - trail));
        }
    };
    for &(start, end, _) in removed {
        if start > at {
            push(at, start);
        }
        at = at.max(end);
    }
    if at < text.len() {
        push(at, text.len());
    }
    out
}

/// Keeps the first credit of each outlet, explicit and supplied when any
/// of its credits is.
fn dedup_credits(credits: &mut Vec<Credit>) {
    let mut kept: Vec<(Vec<String>, Credit)> = Vec::new();
    for credit in credits.drain(..) {
        let keys = credits::outlet_keys(&credit.name);
        if keys.is_empty() {
            continue;
        }
        match kept
            .iter_mut()
            .find(|(seen, _)| seen.iter().any(|k| keys.contains(k)))
        {
            Some((_, first)) => {
                first.explicit |= credit.explicit;
                first.supplied |= credit.supplied;
            }
            None => kept.push((keys, credit)),
        }
    }
    credits.extend(kept.into_iter().map(|(_, c)| c));
}

/// The code-point offset of each byte offset in `bytes` (ascending
/// character boundaries of `text`), in one pass over the text.
fn code_points_at(text: &str, bytes: &[usize]) -> Vec<u32> {
    let mut chars = 0u32;
    let mut from = 0usize;
    bytes
        .iter()
        .map(|&byte| {
            chars += count_chars(&text[from..byte]);
            from = byte;
            chars
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn doc(text: &str) -> Document {
        Document::new("d", text, Location::file("t"))
    }

    fn removed(text: &str) -> Vec<(RemovedKind, String)> {
        let chars: Vec<char> = text.chars().collect();
        clean(&doc(text))
            .removed
            .iter()
            .map(|r| {
                (
                    r.kind,
                    chars[r.begin as usize..r.end as usize].iter().collect(),
                )
            })
            .collect()
    }

    const BODY: &str = "Premier paragraphe de l'article, assez long pour être un corps.\n\nDeuxième paragraphe, avec encore du texte.\n\nTroisième paragraphe du même article.\n\nQuatrième paragraphe pour finir.";

    #[test]
    fn french_comment_sections() {
        let text =
            format!("{BODY}\n\n3 Commentaires\n\n  1. Un avis.\n\nLes commentaires sont fermés.");
        assert_eq!(
            removed(&text),
            [(
                RemovedKind::Comments,
                "3 Commentaires\n\n  1. Un avis.\n\nLes commentaires sont fermés.".to_string()
            )]
        );
        let text =
            format!("{BODY}\n\nLaisser un commentaire\nVotre adresse e-mail ne sera pas publiée.");
        assert_eq!(removed(&text)[0].0, RemovedKind::Comments);
    }

    #[test]
    fn english_and_arabic_comment_sections() {
        for marker in [
            "12 Comments",
            "Leave a Reply",
            "Comments are closed.",
            "تعليقات",
            "أضف تعليق",
        ] {
            let text = format!("{BODY}\n\n{marker}\n\nSomeone: I disagree.");
            let found = removed(&text);
            assert_eq!(found.len(), 1, "{marker}");
            assert_eq!(found[0].0, RemovedKind::Comments, "{marker}");
            assert!(found[0].1.starts_with(marker), "{marker}");
        }
    }

    #[test]
    fn spanish_portuguese_italian_german_and_dutch_comment_sections() {
        for marker in [
            "7 comentarios",
            "Deja un comentario",
            "Comentários",
            "Deixe um comentário",
            "Lascia un commento",
            "I commenti sono chiusi.",
            "12 Kommentare",
            "Schreiben Sie einen Kommentar",
            "3 reacties",
        ] {
            let text = format!("{BODY}\n\n{marker}\n\nAlguien: no estoy de acuerdo.");
            let found = removed(&text);
            assert_eq!(found.len(), 1, "{marker}");
            assert_eq!(found[0].0, RemovedKind::Comments, "{marker}");
        }
    }

    #[test]
    fn a_comment_count_under_the_title_is_not_a_section() {
        let text = format!("Un titre court\n\n5 commentaires\n\n{BODY}");
        assert!(!removed(&text).iter().any(|r| r.0 == RemovedKind::Comments));
    }

    #[test]
    fn title_and_datelines() {
        let text = format!("Le rapprochement entre Alger et Moscou\n\n{BODY}");
        assert_eq!(
            removed(&text),
            [(
                RemovedKind::Title,
                "Le rapprochement entre Alger et Moscou".to_string()
            )]
        );
        let text = format!(" date 2022-04 {BODY}");
        let article = clean(&doc(&text));
        assert_eq!(article.removed[0].kind, RemovedKind::Dateline);
        assert_eq!(
            (article.date.unwrap().to_string(), article.date_origin),
            ("2022-04".into(), Some(DateOrigin::Dateline))
        );
        let text = format!("Un titre\n\nPublié le 10 avril 2024 à 08h30\n\n{BODY}");
        let article = clean(&doc(&text));
        assert_eq!(article.date.unwrap().to_string(), "2024-04-10");
        assert_eq!(
            article.removed.iter().map(|r| r.kind).collect::<Vec<_>>(),
            [RemovedKind::Title, RemovedKind::Dateline]
        );
    }

    #[test]
    fn datelines_in_spanish_portuguese_italian_and_german() {
        for (line, date) in [
            ("Publicado el 5 de abril de 2024 a las 10:30", "2024-04-05"),
            ("Atualizado em 1º de maio de 2024 às 08h15", "2024-05-01"),
            ("Pubblicato il 12 marzo 2024 alle 9:05", "2024-03-12"),
            ("Veröffentlicht am 3. Oktober 2024, 14.20 Uhr", "2024-10-03"),
        ] {
            let text = format!("{line}\n\n{BODY}");
            let article = clean(&doc(&text));
            assert_eq!(
                removed(&text)[0],
                (RemovedKind::Dateline, line.to_string()),
                "the whole dateline is removed"
            );
            assert_eq!(article.date.unwrap().to_string(), date, "{line}");
            assert_eq!(article.date_origin, Some(DateOrigin::Dateline), "{line}");
        }
    }

    #[test]
    fn an_agency_dateline_with_its_year_dates_the_dispatch() {
        for (line, date) in [
            (
                "Lisboa, 12 nov 2026 (Lusa) - O Governo aprovou hoje o aumento.",
                "2026-11-12",
            ),
            (
                "Roma, 14 novembre 2026 (ANSA) - Il governo ha approvato la manovra.",
                "2026-11-14",
            ),
            (
                "WARSZAWA, 14.11.2026 (PAP) - Sejm uchwalił ustawę budżetową.",
                "2026-11-14",
            ),
            (
                "Ankara, 14 Kasım 2026 (AA) - Meclis bütçe kanununu kabul etti.",
                "2026-11-14",
            ),
        ] {
            let text = format!("{line}\n\n{BODY}");
            let article = clean(&doc(&text));
            assert_eq!(
                article.date.map(|d| d.to_string()).as_deref(),
                Some(date),
                "{line}"
            );
            assert_eq!(article.date_origin, Some(DateOrigin::Dateline), "{line}");
            assert!(removed(&text).is_empty(), "the dateline stays in the body");
        }
        // No year, or no agency's tag: the text's dates are only inferred.
        for line in [
            "Madrid, 1 dic (EFE).- El Banco de España eleva su previsión.",
            "Paris, 12 novembre 2026 (Jean Roe) - Le gouvernement a annoncé.",
        ] {
            let article = clean(&doc(&format!("{line}\n\n{BODY}")));
            assert_ne!(article.date_origin, Some(DateOrigin::Dateline), "{line}");
        }
    }

    #[test]
    fn a_first_sentence_is_not_a_title() {
        let text = format!("Le gouvernement a annoncé mardi une réforme.\n\n{BODY}");
        assert!(removed(&text).is_empty());
        // Chinese writes no spaces: a lede of two clauses is one "word"
        // by spaces, and it closes with a full stop of its own.
        let lede = "国家统计局20日发布数据显示，10月份全国规模以上工业增加值同比增长5.3%，增速比上月回落0.5个百分点。";
        assert!(removed(&format!("{lede}\n\n{BODY}")).is_empty());
        let long_lede = "国家统计局20日发布数据显示，10月份全国规模以上工业增加值同比增长5.3%，增速比上月回落0.5个百分点";
        assert!(removed(&format!("{long_lede}\n\n{BODY}")).is_empty());
        // Korean spaces its words: its headlines count by spaces.
        let korean = "정부 내년 예산 656조원 편성 복지 지출 역대 최대 규모로 늘려 경기 회복 뒷받침";
        assert_eq!(
            removed(&format!("{korean}\n\n{BODY}")),
            [(RemovedKind::Title, korean.to_string())]
        );
        let headline = "国家统计局：10月份工业增加值同比增长5.3%";
        assert_eq!(
            removed(&format!("{headline}\n\n{BODY}")),
            [(RemovedKind::Title, headline.to_string())]
        );
    }

    #[test]
    fn credit_lines_and_their_names() {
        for (line, name) in [
            ("Source: Observalgerie", "Observalgerie"),
            ("Avec AFP", "AFP"),
            ("(Reuters)", "Reuters"),
            ("Sources : APS, El Watan", "APS"),
            ("المصدر: الجزيرة", "الجزيرة"),
            ("Fuente: EFE", "EFE"),
            ("Con información de EFE", "EFE"),
            ("Fonte: Lusa", "Lusa"),
            ("Com informações da Lusa", "Lusa"),
            ("Notícias ao Minuto com Lusa", "Lusa"),
            ("— With files from The Canadian Press", "The Canadian Press"),
            ("Leggi l'articolo completo su ansa.it", "ansa.it"),
            ("Read the full story at Reuters", "Reuters"),
            ("Lire la suite sur Le Monde", "Le Monde"),
            (
                "This report by The Canadian Press was first published Dec. 2, 2026.",
                "The Canadian Press",
            ),
            ("Avec des informations de l'AFP", "AFP"),
            ("Avec des informations d'Europa Press", "Europa Press"),
            (
                "Our Standards: The Thomson Reuters Trust Principles.",
                "Thomson Reuters",
            ),
            ("La rédaction avec AFP", "AFP"),
            ("Redazione, con ANSA", "ANSA"),
            ("Fonte: ANSA", "ANSA"),
            ("Quelle: dpa", "dpa"),
            ("Mit Material von dpa", "dpa"),
            ("Bron: ANP", "ANP"),
            ("Źródło: PAP", "PAP"),
            ("Kaynak: AA", "AA"),
            ("Источник: ТАСС", "ТАСС"),
            ("Zdroj: ČTK", "ČTK"),
            (
                "© EFE 2026. Está expresamente prohibida la redistribución y la redifusión de todo o parte de los contenidos de los servicios de Efe, sin previo y expreso consentimiento de la Agencia EFE S.A.",
                "EFE",
            ),
            (
                "Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
                "The Associated Press",
            ),
        ] {
            let text = format!("{BODY}\n\n{line}");
            let article = clean(&doc(&text));
            assert_eq!(
                article.removed.last().unwrap().kind,
                RemovedKind::Credit,
                "{line}"
            );
            assert_eq!(article.credits[0].name, name, "{line}");
            assert!(article.credits[0].explicit);
        }
        let text = format!(
            "{BODY}\n\nLire aussi : Les ports se mettent au vert\nSource : Le Courrier du Sud"
        );
        let found = removed(&text);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|r| r.0 == RemovedKind::Credit));
        for link in [
            "Lee también: El puerto se moderniza",
            "Leia também: O porto se moderniza",
            "Leggi anche: Il porto si rinnova",
            "Lesen Sie auch: Der Hafen wird modern",
            "Czytaj też: Port w Gdańsku się rozbudowuje",
            "Читайте также: Порт модернизируют",
            "İlgili Haberler: Liman yenileniyor",
        ] {
            let found = removed(&format!("{BODY}\n\n{link}"));
            assert_eq!(found, [(RemovedKind::Credit, link.to_string())], "{link}");
        }
        // A closing sentence naming someone who is no agency stays text.
        for line in [
            "Il est reparti avec Marie",
            "Elle est venue avec la Croix-Rouge",
        ] {
            assert!(removed(&format!("{BODY}\n\n{line}")).is_empty(), "{line}");
        }
    }

    #[test]
    fn a_credit_closing_the_last_paragraph() {
        let text =
            "The authority said cuts would start in May, its director told reporters. (Northwire)";
        let article = clean(&doc(text));
        assert_eq!(article.credits[0].name, "Northwire");
        assert_eq!(
            removed(text),
            [(RemovedKind::Credit, "(Northwire)".to_string())]
        );
    }

    #[test]
    fn body_is_the_complement_of_removed_regions() {
        let text = format!("Titre\n\n{BODY}\n\nSource: X");
        let article = clean(&doc(&text));
        let chars: Vec<char> = text.chars().collect();
        let body: String = chars[article.body[0].begin as usize..article.body[0].end as usize]
            .iter()
            .collect();
        assert_eq!(body, BODY);
    }

    #[test]
    fn the_given_date_wins() {
        let mut d = doc(" date 2022-04 Texte du mardi 5 avril 2022.");
        d.date = Some("2022-04-06".into());
        let article = clean(&d);
        assert_eq!(
            (article.date.unwrap().to_string(), article.date_origin),
            ("2022-04-06".into(), Some(DateOrigin::Given))
        );
    }

    #[test]
    fn an_address_date_comes_after_a_given_date_and_before_the_text() {
        // The text mentions a past year; the address says when it was out.
        let mut d = doc(" date 2022-04 Un rappel des faits de 2014, publié mardi.");
        d.url = Some("https://example.com/2017/11/20/rappel.html".into());
        let article = clean(&d);
        assert_eq!(
            (article.date.unwrap().to_string(), article.date_origin),
            ("2017-11-20".into(), Some(DateOrigin::Url))
        );
        d.date = Some("2017-11-21".into());
        assert_eq!(clean(&d).date_origin, Some(DateOrigin::Given));
    }

    #[test]
    fn cutting_splits_the_body_and_records_the_region() {
        let text = BODY.to_string();
        let mut article = clean(&doc(&text));
        let whole = article.body[0];
        article.cut(CharSpan { begin: 10, end: 20 }, RemovedKind::Boilerplate);
        assert_eq!(
            article.body,
            [
                CharSpan {
                    begin: whole.begin,
                    end: 10
                },
                CharSpan {
                    begin: 20,
                    end: whole.end
                }
            ]
        );
        assert_eq!(
            article.removed,
            [RemovedRegion {
                begin: 10,
                end: 20,
                kind: RemovedKind::Boilerplate
            }]
        );
        let tokens = crate::tokenize::tokenize(&text);
        let kept = article.body_tokens(tokens.clone());
        assert!(kept.iter().all(|t| t.end <= 10 || t.begin >= 20));
        assert_eq!(
            kept.len(),
            tokens
                .iter()
                .filter(|t| t.end <= 10 || t.begin >= 20)
                .count()
        );
    }

    proptest::proptest! {
        #[test]
        fn body_tokens_are_the_tokens_inside_a_region(
            cuts in proptest::collection::vec((0u32..400, 0u32..30), 0..6),
        ) {
            let text = BODY.to_string();
            let mut article = clean(&doc(&text));
            for (begin, len) in cuts {
                article.cut(CharSpan { begin, end: begin + len }, RemovedKind::Boilerplate);
            }
            let tokens = crate::tokenize::tokenize(&text);
            let inside: Vec<Token> = tokens
                .iter()
                .filter(|t| article.body.iter().any(|r| r.begin <= t.begin && t.end <= r.end))
                .copied()
                .collect();
            proptest::prop_assert_eq!(article.body_tokens(tokens), inside);
        }
    }

    #[test]
    fn code_points_at_byte_offsets() {
        assert_eq!(code_points_at("aé€b", &[0, 1, 3, 6, 7]), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn one_outlet_credited_twice_is_kept_once_with_the_stronger_credit() {
        let credit = |name: &str, explicit, supplied| Credit {
            name: name.into(),
            explicit,
            supplied,
        };
        let mut credits = vec![
            credit("l'AFP", false, false),
            credit("Le Parisien", false, false),
            credit("Agence France-Presse", true, true),
        ];
        dedup_credits(&mut credits);
        assert_eq!(
            credits,
            [
                credit("l'AFP", true, true),
                credit("Le Parisien", false, false)
            ]
        );
    }
}
