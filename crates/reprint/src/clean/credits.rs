//! Credits: the outlets a text names as its source, and a normalised key so
//! that one outlet written many ways compares equal.
//!
//! "Observalgerie", "observalgerie.com", "ObservAlgérie" and the address
//! `https://www.observalgerie.com/...` all have the key `observalgerie`; "Le
//! Courrier du Sud" also answers to `courriersud`, the key of
//! `courrier-sud.fr`. The agencies and outlets of [`agencies`](super::agencies)
//! answer to every name of theirs as well: "AP", "The Associated Press" and
//! `apnews.com` share a key, and so do "Reuters" and "رويترز".

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::char::is_combining_mark;

use super::agencies::{self, KnownOutlet, OutletKind};
use crate::tokenize::fold_word;

/// One outlet a document credits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The name as the text writes it.
    pub name: String,
    /// Whether the credit is explicit (a credit line, an agency tag) rather
    /// than a phrase in the running text ("selon Le Monde").
    pub explicit: bool,
    /// Whether a line says the outlet supplied the page ("information
    /// fournie par AFP", "provided by Reuters"): the mark a portal puts on
    /// the items of an outlet's feed it runs.
    #[serde(default)]
    pub supplied: bool,
}

/// The second-level labels under which a country's registry files names
/// (`bbc.co.uk`, `abc.net.au`, `estadao.com.br`, `spa.gov.sa`): the label
/// before them, not they, names the outlet.
const SECOND_LEVEL_LABELS: &[&str] = &[
    "co", "com", "net", "org", "gov", "gob", "gouv", "edu", "ac", "or", "ne", "go", "nic", "mil",
    "info", "biz", "int", "nom", "ltd", "plc",
];

/// Site names too common to name one outlet: `news.cn` (Xinhua's) and
/// `news.com.au` are two sites, so for these the country's domain stays
/// with the name.
const GENERIC_SITE_LABELS: &[&str] = &["news", "info", "online", "press", "media", "noticias"];

/// Articles left out of a name's second key ("Le Monde" also answers to
/// `monde`), so that names match domains written with or without them.
const NAME_STOPWORDS: &[&str] = &["le", "la", "les", "l", "the", "du", "de", "des", "d"];

/// The keys an outlet name or address answers to: the whole folded name,
/// and the name without articles. Two names denote one outlet when their key
/// sets meet.
pub fn outlet_keys(name: &str) -> Vec<String> {
    let name = name.trim();
    let host = host_of(name);
    let mut folded = String::new();
    let mut words: Vec<String> = Vec::new();
    let base = match &host {
        Some(host) => host.as_str(),
        None => name,
    };
    for word in base
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        fold_word(word, &mut folded);
        words.push(folded.clone());
    }
    let whole: String = words.concat();
    if whole.is_empty() {
        return Vec::new();
    }
    let without: String = words
        .iter()
        .filter(|w| !NAME_STOPWORDS.contains(&w.as_str()))
        .map(String::as_str)
        .collect();
    let known = known_outlet(name, host.as_deref());
    let mut keys = vec![whole];
    if !without.is_empty() && without != keys[0] {
        keys.push(without);
    }
    if let Some(known) = known {
        keys.push(known_key(known));
    }
    keys
}

/// The key every name of a table entry shares; the `@` keeps it apart from
/// the keys of names outside the table.
fn known_key(known: &KnownOutlet) -> String {
    format!("@{}", known.name)
}

/// The news agency a credited name denotes, if it is one of the table's.
pub fn agency(name: &str) -> Option<&'static KnownOutlet> {
    agencies::named(name).filter(|known| known.kind == OutletKind::Agency)
}

/// The news agency an outlet's name or address denotes ("Associated
/// Press", `https://apnews.com/…`), if it is one of the table's.
pub fn agency_outlet(name: &str) -> Option<&'static KnownOutlet> {
    known_outlet(name, host_of(name).as_deref()).filter(|known| known.kind == OutletKind::Agency)
}

/// The table's entry `name` denotes: by its address's `host` when it is
/// one, else by the name.
fn known_outlet(name: &str, host: Option<&str>) -> Option<&'static KnownOutlet> {
    match host {
        Some(host) => agencies::with_domain(host),
        None => agencies::named(name),
    }
}

/// The outlet part of an address or domain: `https://www.le-site.co.uk/x`
/// gives `le-site`, `lusa.pt` gives `lusa`. The last label is the top-level
/// domain whatever it is (`.pt`, `.news`), a label of
/// [`SECOND_LEVEL_LABELS`] before it goes with it, and of what is left the
/// last label names the site ("news.site" is the site's), with the
/// top-level domain when it is one of [`GENERIC_SITE_LABELS`] (`news.cn`).
/// `None` when `name` does not look like an address.
fn host_of(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    if host.contains(char::is_whitespace) || !host.contains('.') {
        return None;
    }
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let top = labels.pop()?;
    if labels.len() > 1
        && labels
            .last()
            .is_some_and(|l| SECOND_LEVEL_LABELS.contains(l))
    {
        labels.pop();
    }
    let site = labels.last()?;
    Some(if GENERIC_SITE_LABELS.contains(site) {
        format!("{site}.{top}")
    } else {
        site.to_string()
    })
}

/// Whether two outlet names (or addresses) denote the same outlet.
pub fn same_outlet(x: &str, y: &str) -> bool {
    let kx = outlet_keys(x);
    outlet_keys(y).iter().any(|k| kx.contains(k))
}

/// Sections of a portal's address that hold news agencies' dispatches:
/// `infobae.com/america/agencias/…`, `…/depeches/…`, `…/flash-actu/…`,
/// `…/newsticker/…`.
const WIRE_SECTIONS: &[&str] = &[
    "agencias",
    "agencia",
    "agences",
    "agenzie",
    "agencies",
    "agenturen",
    "agenturmeldungen",
    "wires",
    "wire",
    "newswire",
    "depeches",
    "depeche",
    "flash-actu",
    "dispatches",
    "ticker",
    "newsticker",
];

/// The news agency whose own story a page is although another site
/// publishes it, when the page says so: a line says the agency supplied it
/// ("information fournie par AFP"), or its address puts it in a section of
/// the agency its text credits explicitly (`/actualites/reuters/…` with a
/// "(Reuters)" tag), or in a section of agencies' dispatches with one
/// agency credited explicitly (`/agencias/…` with "(EFE)"). The agency is
/// named by the table's short name ("AFP", "WAM").
///
/// Only the address's folders are read, never the last part: a story's
/// slug names whoever the story is about ("…-annonce-a-l-afp-…").
pub fn feed_of(url: Option<&str>, credits: &[Credit]) -> Option<String> {
    let credited: Vec<(&Credit, &'static KnownOutlet)> = credits
        .iter()
        .filter(|c| c.explicit)
        .filter_map(|c| Some((c, agency(&c.name)?)))
        .collect();
    if let Some((_, supplier)) = credited.iter().find(|(c, _)| c.supplied) {
        return Some(supplier.name.to_string());
    }
    // Either section needs an agency credited: most pages credit none, and
    // their addresses are not parsed.
    if credited.is_empty() {
        return None;
    }
    let url = url::Url::parse(url?).ok()?;
    let mut folders: Vec<&str> = url.path_segments()?.filter(|f| !f.is_empty()).collect();
    folders.pop();
    let one_agency = credited
        .first()
        .filter(|(_, first)| credited.iter().all(|(_, k)| k.name == first.name))
        .map(|(_, k)| *k);
    let found = folders.iter().find_map(|folder| {
        let folder = folder.to_lowercase();
        if WIRE_SECTIONS.contains(&folder.as_str()) {
            return one_agency;
        }
        let section = agency(&folder)?;
        credited
            .iter()
            .any(|(_, k)| k.name == section.name)
            .then_some(section)
    });
    found.map(|k| k.name.to_string())
}

/// Lower-case words a credited name may contain but not end with.
const CONNECTORS: &[&str] = &["du", "de", "des", "la", "le", "of", "the", "al", "el"];

/// Splits the names a credit line lists: "Observalgerie avec APS" gives two.
pub fn split_names(list: &str) -> Vec<String> {
    static SEPARATORS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*(?:,|;|/|\||&|\s+(?:avec|et|and|with|و)\s+)\s*").unwrap()
    });
    SEPARATORS
        .split(list.trim().trim_end_matches(['.', ')', ' ']))
        .map(|n| n.trim().trim_start_matches('(').trim().to_string())
        .filter(|n| !n.is_empty() && n.chars().count() <= 60)
        .collect()
}

/// The credits a body's running text gives:
///
/// * explicit: agency tags such as "(AFP)", "(AFP/Reuters)", "(واس)",
///   "| RFI", "APS -"; bylines naming an agency ("Par AFP", "By Jane Roe,
///   Associated Press", "Von dpa", "information fournie par AFP"); agency
///   copyright lines ("© 2024 AFP", "Copyright 2024 The Associated
///   Press"); a line that is only an agency's names ("AFP Agence
///   France-Presse");
/// * explicit too: an outlet named as the one that published the report
///   ("as first reported by The Guardian", "comme l'a rapporté Le Monde",
///   "según publicó El País", "come riportato da Repubblica", "segundo
///   noticiou a Folha", "بحسب ما نقلته «العربية»"): the text says whose
///   report it carries;
/// * implicit: an agency or outlet of the table named as the source of what
///   is said ("selon l'AFP", "a indiqué à l'AFP", "told Reuters", "laut
///   dpa", "volgens ANP", "według PAP", "secondo l'ANSA", "según EFE",
///   "segundo a Lusa", "نقلا عن وكالة رويترز"), and "selon X", "d'après
///   X", "rapporte X", "according to X", "via X" where X is any
///   capitalised name, or the Arabic word after
///   "حسب", "بحسب", "نقلا عن", "وفقا ل". Lower-case phrases such as "selon la
///   même source" name no outlet and are skipped.
///
/// A photo credit ("( AFP / Jane Roe )", "© Jane Roe / AFP") credits the
/// picture, not the text, and is not taken.
pub fn credits_in_text(text: &str) -> Vec<Credit> {
    credits_in_text_if(text, true)
}

/// [`credits_in_text`], told whether `text` may name an agency or outlet
/// of the table at all ([`may_name_known`] of its tokens): when it cannot,
/// the rules that need a known name are not run.
pub fn credits_in_text_if(text: &str, may_name_known: bool) -> Vec<Credit> {
    let mut credits = Vec::new();
    // The tokens only tell that a word of a name is there (folded, in any
    // case); the search says whether a name is, with its case.
    if may_name_known && KNOWN_NAMES.any_in(text) {
        for line in text.lines() {
            explicit_in_line(line, &mut credits);
        }
        for name in MENTION.names_in(text) {
            credits.push(Credit {
                name: name.to_string(),
                explicit: false,
                supplied: false,
            });
        }
    }
    // Chinese, Japanese and Korean run their words together, so their
    // credits are matched without word boundaries, in texts that hold
    // their scripts.
    if may_name_known && has_east_asian_script(text) {
        for caps in CJK_CREDIT.captures_iter(text) {
            let explicit = ["label", "tag", "bracket", "paren", "dateline", "city_tag"]
                .iter()
                .find_map(|group| caps.name(group));
            let (name, explicit) = match (explicit, caps.name("implicit")) {
                (Some(name), _) => (name.as_str(), true),
                (None, Some(name)) => (name.as_str(), false),
                (None, None) => continue,
            };
            if !credits.iter().any(|c| c.name == name) {
                credits.push(Credit {
                    name: name.to_string(),
                    explicit,
                    supplied: false,
                });
            }
        }
    }
    for caps in REPORTED_BY.captures_iter(text) {
        let Some(name) = caps.name("latin").or(caps.name("arabic")) else {
            continue;
        };
        if ARABIC_NOT_NAMES.contains(&name.as_str()) {
            continue;
        }
        let name = trim_name(name.as_str());
        if !name.is_empty() && !credits.iter().any(|c| c.name == name) {
            credits.push(Credit {
                name,
                explicit: true,
                supplied: false,
            });
        }
    }
    for caps in PHRASE.captures_iter(text) {
        let (name, arabic) = match (caps.get(1), caps.get(2)) {
            (Some(latin), _) => (latin.as_str(), false),
            (None, Some(arabic)) => (arabic.as_str(), true),
            (None, None) => continue,
        };
        if arabic && ARABIC_NOT_NAMES.contains(&name) {
            continue;
        }
        let name = trim_name(name);
        // "according to Reuters" is a mention of a known agency already.
        if !name.is_empty() && !credits.iter().any(|c| c.name == name) {
            credits.push(Credit {
                name,
                explicit: false,
                supplied: false,
            });
        }
    }
    credits
}

/// Whether `text` holds characters of U+3000 to U+DFFF (CJK punctuation,
/// kana, ideographs, Hangul), told from their UTF-8 lead bytes without
/// decoding.
fn has_east_asian_script(text: &str) -> bool {
    text.bytes().any(|b| (0xE3..=0xED).contains(&b))
}

/// A captured name without the punctuation and the connecting words the
/// pattern let in at its end.
fn trim_name(name: &str) -> String {
    let name = name.trim_end_matches(['.', ',', '’', '\'']).trim();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

/// An outlet named as the one that published the report, in the languages
/// reprint reads (see [`credits_in_text`]). The name is a capitalised run
/// of words, or an Arabic definite name, past an article and a word such
/// as "newspaper".
static REPORTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"(?P<latin>\p{Lu}[\p{L}\p{N}.’'-]*(?:\s+(?:du|de|des|la|le|of|the|al|el|\p{Lu}[\p{L}\p{N}.’'-]*)){0,4})";
    let article = r"(?:(?:the|The|le|Le|la|La|les|Les|el|El|il|Il|lo|o|a)\s+|l[’'])?";
    // Only verbs of publishing: "as announced by", "según informó" and
    // "بحسب ما ذكره" name ministers and spokesmen as often as outlets.
    let latin = [
        r"\b(?:[Aa]s|[Ww]as|[Ff]irst|[Oo]riginally) (?:first |originally )?reported by\s",
        r"\b[Cc]omme l[’'](?:a|ont) (?:rapporté|révélé)\s",
        r"\b[Ss]elon ce qu[’'](?:a|ont) (?:rapporté|révélé|publié)\s",
        r"\b(?:[Ss]egún|[Cc]omo) (?:lo )?publicó\s",
        r"\b(?:[Ss]econdo quanto |[Cc]ome )(?:riportato|scritto) (?:da\s|dal\s|dalla\s|dall[’'])",
        r"\b(?:[Ss]egundo|[Cc]onforme) (?:noticiou|publicou)\s",
    ]
    .join("|");
    let arabic = r#"(?:بحسب|حسب|وفق|وفقا ل)\s*ما\s*(?:نقلته|نقله|أوردته|أورده|نشرته|نشره)\s*(?:(?:صحيفة|موقع|قناة|وكالة|مجلة|إذاعة)\s+)?["«“]?\s*(?P<arabic>ال\p{Arabic}+)"#;
    Regex::new(&format!("(?:{latin}){article}{name}|{arabic}")).unwrap()
});

/// "selon X", "according to X" and the like, for any capitalised name X,
/// and the Arabic word after "حسب", "نقلا عن", "وفقا ل" (past a "صحيفة" or
/// "موقع"), when it is a definite name ("الجزيرة"): Arabic writes no
/// capitals, and "حسب تقديرات" ("according to estimates") names no one.
static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b[Ss]elon|\b[Dd]’après|\b[Dd]'après|\brapporte|\b[Aa]ccording to|\b[Vv]ia)\s+((?:\p{Lu}[\p{L}\p{N}.’'-]*)(?:\s+(?:du|de|des|la|le|of|the|al|el|\p{Lu}[\p{L}\p{N}.’'-]*)){0,4})|(?:وفقا ل|نقلا عن|بحسب|حسب)\s*(?:(?:صحيفة|موقع|قناة|وكالة|مجلة|إذاعة)\s+)?(ال\p{Arabic}+)",
    )
    .unwrap()
});

/// Words after "حسب" or "نقلا عن" that are no outlet's name: "حسب ما"
/// ("according to what"), "حسب مصادر" ("according to sources").
const ARABIC_NOT_NAMES: &[&str] = &[
    "ما",
    "أن",
    "ان",
    "إن",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "مصادر",
    "مصدر",
    "المصدر",
    "المصادر",
    "التقارير",
    "تقارير",
    "تقرير",
    "التقرير",
    "البيان",
    "بيان",
    "الموقع",
    "موقع",
    "وسائل",
    "قوله",
    "قولها",
    "الخبر",
    "الدراسة",
    "دراسة",
    "الباحثين",
    "الخبراء",
    "مسؤولين",
    "شهود",
    "المتحدث",
    "الأرقام",
    "الإحصاءات",
    "بيانات",
    "البيانات",
    "الصحيفة",
    "صحيفة",
    "الوكالة",
];

/// The table's names as a regex alternation, longest first (so that "Agence
/// France-Presse" wins over "France-Presse"), each escaped.
fn known_names(outlet: impl Fn(&KnownOutlet) -> bool, name: impl Fn(&str) -> bool) -> String {
    let mut names: Vec<&str> = agencies::all_names()
        .filter(|&(n, known)| outlet(known) && name(n))
        .map(|(n, _)| n)
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
        .iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|")
}

/// The table's names written with spaces between words (all but Chinese,
/// Japanese and Korean ones, which [`CJK_CREDIT`] finds), as a regex
/// alternation: with the others among them, the search for a name ran
/// ten times slower, and they need no word boundary.
fn spaced_names() -> String {
    known_names(|_| true, |name| !has_east_asian_script(name))
}

/// The agencies' names as a regex alternation, escaped, longest first.
pub fn known_agency_names() -> String {
    known_names(|known| known.kind == OutletKind::Agency, |_| true)
}

/// Whether tokens (their hashes, as the tokenizer makes them) may hold a
/// name of the table: one of them is the last word of a name. Most texts
/// hold none, and asking the tokens the clean stage already hashed costs a
/// bit test per token, where searching the bytes for every name cost a
/// twentieth of a scan.
pub fn may_name_known(token_hashes: impl Iterator<Item = u64>) -> bool {
    static LAST_WORDS: LazyLock<(Vec<u64>, Vec<u64>)> = LazyLock::new(|| {
        let mut hashes: Vec<u64> = agencies::all_names()
            .filter_map(|(name, _)| crate::tokenize::tokenize(name).last().map(|t| t.hash))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        // One bit per top-16-bit value: most tokens stop at the bit.
        let mut present = vec![0u64; 1 << 10];
        for &hash in &hashes {
            let bit = (hash >> 48) as usize;
            present[bit / 64] |= 1 << (bit % 64);
        }
        (hashes, present)
    });
    let (hashes, present) = &*LAST_WORDS;
    token_hashes.into_iter().any(|hash| {
        let bit = (hash >> 48) as usize;
        present[bit / 64] >> (bit % 64) & 1 == 1 && hashes.binary_search(&hash).is_ok()
    })
}

/// The table's names written with spaces between words, with their case
/// and in capitals ("MADRID, 1 (EUROPA PRESS)", "LONDRES (REUTERS)"), as
/// one automaton. A regex alternation of them lost its literal
/// prefilter once the table outgrew the regex crate's limit on literals,
/// and then ran its slowest engine over every text that might name one (a
/// table of 25 more names doubled the clean stage); an automaton built for
/// many strings costs the same whatever the table's size.
static KNOWN_NAMES: LazyLock<KnownNames> = LazyLock::new(|| {
    let mut names: Vec<String> = agencies::all_names()
        .map(|(name, _)| name)
        .filter(|name| !has_east_asian_script(name))
        .flat_map(|name| [name.to_string(), name.to_uppercase()])
        .collect();
    names.sort_unstable();
    names.dedup();
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&names)
        .expect("the table's names make an automaton");
    KnownNames { automaton, names }
});

/// See [`KNOWN_NAMES`].
struct KnownNames {
    /// Finds the leftmost name, the longest of those starting there.
    automaton: AhoCorasick,
    names: Vec<String>,
}

impl KnownNames {
    /// Where names of the table occur in `text`, leftmost first, the
    /// longest name at each start, none overlapping another: each ends at
    /// a word boundary, and begins at one when `whole_word` is set (a
    /// mention may be glued to the Arabic "ل" before it).
    fn in_text(&self, text: &str, whole_word: bool) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = self.next_in(text, from, whole_word) {
            from = at.end;
            found.push(at);
        }
        found
    }

    /// Whether `text` names an outlet of the table as a whole word.
    fn any_in(&self, text: &str) -> bool {
        self.next_in(text, 0, true).is_some()
    }

    /// The first name of `text[from..]` that [`KnownNames::in_text`] takes.
    fn next_in(&self, text: &str, mut from: usize, whole_word: bool) -> Option<Range<usize>> {
        let bounded = |at: &Range<usize>| {
            is_word_boundary(text, at.end) && (!whole_word || is_word_boundary(text, at.start))
        };
        while let Some(longest) = self.automaton.find(Input::new(text).range(from..)) {
            let start = longest.start();
            if bounded(&longest.range()) {
                return Some(longest.range());
            }
            // "AP Newsroom" holds no "AP News" but still an "AP": a shorter
            // name at the same start may end at a boundary.
            let shorter = self
                .names
                .iter()
                .filter(|name| text[start..].starts_with(name.as_str()))
                .map(|name| start..start + name.len())
                .filter(bounded)
                .max_by_key(|at| at.end);
            if shorter.is_some() {
                return shorter;
            }
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }
}

/// Whether a word starts or ends at byte `at` of `text`, as the regex `\b`
/// tells it: a word character on one side only.
fn is_word_boundary(text: &str, at: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_combining_mark(c);
    let before = text[..at].chars().next_back().is_some_and(is_word);
    let after = text[at..].chars().next().is_some_and(is_word);
    before != after
}

/// A name of the table at either edge of a line, set off by a bar or a
/// dash: "La crise continue | RFI", "APS - Le ministre a annoncé".
static EDGE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    let names = spaced_names();
    Regex::new(&format!(
        r"(?:[|–—-]\s*(?P<end>{names})\s*$|^\s*(?P<start>{names})\s*[|–—-])"
    ))
    .unwrap()
});

/// Credits as Chinese, Japanese and Korean write them, for an outlet of
/// the table: explicit, a source label ("来源：新华社", "出典：共同通信"), an
/// agency's bracketed tag ("【新华社】", "【AFP=時事】", "[ロイター]",
/// "(서울=연합뉴스)")
/// a Japanese wire's tag of city and agency ("【ワシントン共同】"), and a
/// wire dateline opening a line ("新华社北京12月1日电"); implicit,
/// "据新华社报道" ("as Xinhua reports").
static CJK_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let names = known_names(|_| true, |_| true);
    let label = format!(r"(?:来源|來源|出处|出處|出典|출처)\s*[：:]\s*(?P<label>{names})");
    // In a tag only an agency credits, as in "(AFP)", and the first agency
    // of "【AFP=時事】" (AFP's text, through Jiji); an ASCII parenthesis
    // must carry the dateline's "city=", since "(RT)" in running text only
    // spells a name out.
    let agencies = known_agency_names();
    let tag = format!(
        r"[【［（](?:[^（）［］【】=\n]{{1,12}}=)??(?P<tag>{agencies})(?:=[^（）［］【】\n]{{1,12}})?[】］）]|\[(?P<bracket>{agencies})\]|\([^()=\n]{{1,12}}=(?P<paren>{agencies})\)"
    );
    let dateline = format!(r"(?m:^)[ \t]*(?P<dateline>{names})[^\n，。,]{{0,16}}?(?:电|電)");
    let implicit = format!(r"据(?P<implicit>{names})(?:报道|報道|消息|电|電)");
    // Japanese wires tag a dispatch with the city and the agency's short
    // name, "【ワシントン共同】", "【ロンドン時事】".
    let japanese = r"【[^【】\n]{0,12}?(?P<city_tag>共同|時事)】";
    Regex::new(&format!("{label}|{tag}|{dateline}|{implicit}|{japanese}")).unwrap()
});

/// The word "source" as a credit line writes it, in French, English,
/// Arabic, Spanish, Portuguese, German, Dutch, Polish, Czech, Slovak,
/// Hungarian, Romanian, the Scandinavian languages, Finnish, Turkish,
/// Indonesian, Greek, Russian, Ukrainian and Bulgarian: "Source: AFP",
/// "Quelle: dpa", "Źródło: PAP", "Kaynak: AA", "Источник: ТАСС".
pub const SOURCE_WORDS: &str = r"(?:sources?|المصدر|المصادر|fuentes?|fontes?|quellen?|bronn?(?:en)?|źródł[oa]|zdroj(?:e)?|forrás|surs[aăe]|källa|kilde|lähde|kaynak(?:lar)?|sumber|πηγ[ήέ]ς?|источник(?:и)?|източник|джерело|джерела)";

/// "Source: AFP" inside a short line, after a date or a section's name:
/// "12. November 2026, 14:32 Uhr Quelle: dpa Deutschland". Group 1 holds
/// what follows the label.
static SOURCE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[\s|,;])(?:{SOURCE_WORDS})\s*[:：]\s*(.{{2,120}})$"
    ))
    .unwrap()
});

/// A short parenthesis: "(AFP)", "(MAP-01/05/2021)".
static PARENTHESIS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^()\n]{1,60})\)").unwrap());

/// An agency's name between slashes, as Russian, Ukrainian and Romanian
/// wires tag a dateline: "МОСКВА, 21 ноября. /ТАСС/.", "BUCUREŞTI, 21 nov
/// /Agerpres/ -". A space or the line's start comes before it, so a path
/// inside an address ("site.com/afp/2026") is no tag.
static SLASH_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)/([^/\s][^/\n]{0,38})/(?:[\s.,:;–—-]|$)").unwrap());

/// A dateline that names its agency after a dash, at the head of a line:
/// "МОСКВА, 21 ноя — РИА Новости. Текст", "МОСКВА, 21 ноября - РИА
/// Новости.", "KYIV, Nov 21 – Ukrinform.".
/// The date holds a figure, so a clause set off by a dash is no dateline.
static DASH_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*\p{Lu}[^\n,]{1,40},[^\n—–\d]{0,16}\d[^\n—–]{0,16}?(?:[—–]|\s-)\s*([^.,\n]{2,40})[.,]",
    )
    .unwrap()
});

/// A byline: "Par AFP", "By Jane Roe, Associated Press", "Von dpa", and
/// the lines of [`SUPPLIED`].
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:{SUPPLIERS}|par|by|von|por|di|pela|pelo)\s+(.{{2,120}})$"
    ))
    .unwrap()
});

/// The words of a line saying who supplied the page: "information fournie
/// par", "provided by", "proporcionado por", "fornito da", "fornecido por",
/// "bereitgestellt von", "geleverd door".
const SUPPLIERS: &str = r"(?:(?:information|contenu|article|content|story|contenido|conte[úu]do|contenuto|inhalt)\s+)?(?:fourni(?:e|s|es)?\s+par|(?:provided|supplied)\s+by|proporcionad[oa]s?\s+por|fornit[oa]\s+da|fornecid[oa]s?\s+por|bereitgestellt\s+von|geleverd\s+door)";

/// A line that says who supplied the page, as a byline does: "information
/// fournie par AFP 06/02/2026 à 19:38".
static SUPPLIED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^\s*(?:{SUPPLIERS})\s+\S")).unwrap());

/// A copyright line: "© 2024 AFP", "Copyright 2024 The Associated Press.
/// All rights reserved.", "Copyright © ANSA", and the footer partner sites
/// print under an agency's text, the reservation first: "Riproduzione
/// riservata © Copyright ANSA", "Todos os direitos reservados © Lusa".
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:{RESERVED}\s*[.,:;|-]?\s*)?(?:(?:©|\(c\)|copyright)\s*)+(?:\d{{4}}\s*)?(?:by\s+)?([^.,;|©\d]{{2,60}}?)\s*(?:\d{{4}})?\s*(?:[.,;|].*)?$"
    ))
    .unwrap()
});

/// "All rights reserved" as footers write it: "riproduzione riservata",
/// "tous droits réservés", "todos los derechos reservados", "todos os
/// direitos reservados", "alle Rechte vorbehalten", "alle rechten
/// voorbehouden", "wszelkie prawa zastrzeżone".
const RESERVED: &str = r"(?:(?:riproduzione|reproduction|reproducción|reprodução)\s+(?:riservata|réservée|reservada|interdite|prohibida|proibida)|all\s+rights\s+reserved|tous\s+droits\s+réservés|todos\s+los\s+derechos\s+reservados|todos\s+os\s+direitos\s+reservados|alle\s+rechte\s+vorbehalten|alle\s+rechten\s+voorbehouden|wszelkie\s+prawa\s+zastrzeżone)";

/// The agency a copyright line names ("© 2024 AFP", "Copyright 2026 The
/// Associated Press. All rights reserved. This material may not be…"), of
/// any length: `None` when the line is no copyright line or names no agency
/// of the table.
pub fn copyright_agency(line: &str) -> Option<&str> {
    // Every text's last line is asked: a line without the sign or the word
    // is answered without the pattern.
    static MARKS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::new(["©", "(c)", "(C)", "opyright", "OPYRIGHT"])
            .expect("the marks make an automaton")
    });
    if !MARKS.is_match(line) {
        return None;
    }
    let name = COPYRIGHT.captures(line)?.get(1)?.as_str();
    agency(name).is_some().then_some(name)
}

/// Where a list of names in a tag or a byline splits.
static NAME_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:,|;|/|\||\s[-–—]\s|\s+(?:et|and|und|y|e|avec|with|mit|con|com|و)\s+)\s*")
        .unwrap()
});

/// An agency or outlet of the table named as the source of what is said.
static MENTION: LazyLock<Mention> = LazyLock::new(|| {
    let latin = r"\b(?i:selon|d['’]après|auprès\s+de|à|au|according\s+to|told|to|via|laut|gegenüber|secondo|riferisce|all['’]|alla|según|informó|a|segundo|ao|de\s+acordo\s+com|citad[oa]\s+pela|per|volgens|meldt|tegen|według|podała|podał|podaje|powiedział[a]?|сообщает|сообщил[аио]?|передает|передаёт|пишет|по\s+данным|со\s+ссылкой\s+на|заявил[аио]?|рассказал[аио]?|enligt|uppger|meddelar|ifølge|oplyser|melder|podle|uvedl[ai]?|potrivit|conform|σύμφωνα\s+με)\s+(?:(?i:l['’]|la|le|the|der|die|el|a|o|το|την|agence|agencia|agenzia|agência|news\s+agency|agentur|agenției|agentury|агентство|агентству|агентства|агентством)\s*)*";
    let arabic = r"(?:نقلا عن|نقلاً عن|وفقا ل|وفقاً ل|بحسب|حسب|ذكرت|أفادت|أوردت|قالت|أعلنت|نقل|نقلت)\s*(?:موقع\s+)?(?:قناة\s+)?(?:صحيفة\s+)?(?:وكالة\s+)?|\bوكالة\s+|\bلوكالة\s+";
    // Turkish, Hungarian and Finnish put the cue after the name, which may
    // take a case ending: "AA'ya göre", "AA'nın haberine göre", "az MTI
    // szerint", "STT:n mukaan".
    let after = r"^(?:['’:]\p{L}{1,6})?\s+(?:haberine\s+göre|göre|szerint|mukaan)\b";
    Mention {
        cue: Regex::new(&format!(r#"(?:{latin}|{arabic})[«“"]?$"#)).unwrap(),
        after: Regex::new(after).unwrap(),
    }
});

/// A mention: a name of the table right after a cue ("selon l'", "told",
/// "نقلا عن وكالة"), or right before one ("AA'ya göre"). Searched name
/// first, then the cue in the few words around it: the cues are common
/// words ("à", "to", "a"), and a search led by them ran at a few megabytes
/// a second.
struct Mention {
    /// The cue before a name, anchored at the name.
    cue: Regex,
    /// The cue after a name, anchored at the name.
    after: Regex,
}

/// How far before a name its cue may begin, in bytes: "de acordo com a
/// agência " is the longest.
const CUE_REACH: usize = 64;

impl Mention {
    /// The names `text` mentions after a cue, in order.
    fn names_in<'s, 't>(&'s self, text: &'t str) -> impl Iterator<Item = &'t str> + use<'s, 't> {
        KNOWN_NAMES
            .in_text(text, false)
            .into_iter()
            .filter_map(move |found| {
                let mut start = found.start.saturating_sub(CUE_REACH);
                while !text.is_char_boundary(start) {
                    start += 1;
                }
                let mut end = (found.end + CUE_REACH).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                (self.cue.is_match(&text[start..found.start])
                    || self.after.is_match(&text[found.end..end]))
                .then(|| &text[found])
            })
    }
}

/// Whether a part of a tag is a desk's code: two to four lower-case
/// letters ("lno", "lby", "tmn").
fn is_desk_code(part: &str) -> bool {
    (2..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_lowercase())
}

/// Adds the explicit credits one line gives: agency tags, bylines,
/// copyright lines, a line of names only.
fn explicit_in_line(line: &str, credits: &mut Vec<Credit>) {
    let mut push = |name: &str, supplied: bool| {
        credits.push(Credit {
            name: name
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string(),
            explicit: true,
            supplied,
        })
    };
    for caps in PARENTHESIS.captures_iter(line) {
        // "(MAP-01/05/2021)": a date may follow the tag.
        let inside = caps[1].trim_end_matches(|c: char| c.is_ascii_digit() || "/.-– ".contains(c));
        let mut names: Vec<&str> = NAME_LIST.split(inside).map(str::trim).collect();
        // "(dpa/lno)": after an agency, a desk's short code in lower case
        // (dpa's regional services) names no other source.
        if names.first().is_some_and(|n| agency(n).is_some()) {
            names.retain(|n| agency(n).is_some() || !is_desk_code(n));
        }
        // Every part must be an agency: "( AFP / Jane Roe )" credits a photo.
        if !names.is_empty() && names.iter().all(|n| agency(n).is_some()) {
            names.iter().for_each(|n| push(n, false));
        }
    }
    if line.contains('/') {
        for caps in SLASH_TAG.captures_iter(line) {
            let inside = caps[1].trim();
            if agency(inside).is_some() {
                push(inside, false);
            }
        }
    }
    if line.contains(['—', '–', '-']) {
        if let Some(caps) = DASH_DATELINE.captures(line) {
            let name = caps[1].trim();
            if agency(name).is_some() {
                push(name, false);
            }
        }
    }
    if let Some(caps) = EDGE_TAG.captures(line) {
        push(
            caps.name("end")
                .or(caps.name("start"))
                .expect("one side matches")
                .as_str(),
            false,
        );
    }
    if let Some(name) = copyright_agency(line) {
        push(name, false);
        return;
    }
    if line.split_whitespace().count() > 15 {
        return;
    }
    if let Some(caps) = BYLINE.captures(line) {
        let supplied = SUPPLIED.is_match(line);
        for part in NAME_LIST.split(&caps[1]) {
            // "AFP 06/02/2026 à 19:38", "AFP - Marseille": what follows a
            // figure is a date.
            let part = part
                .split(|c: char| c.is_ascii_digit())
                .next()
                .unwrap_or("")
                .trim();
            if agency(part).is_some() {
                push(part, supplied);
            }
        }
        return;
    }
    if let Some(caps) = SOURCE_LABEL.captures(line) {
        // What follows the agency's name is often the desk or the region
        // ("dpa Deutschland", "AFP Paris"): its first word is taken too.
        for part in NAME_LIST.split(&caps[1]).map(str::trim) {
            let first = part.split_whitespace().next().unwrap_or("");
            if let Some(name) = [part, first].into_iter().find(|n| agency(n).is_some()) {
                push(name, false);
            }
        }
        return;
    }
    if COPYRIGHT.is_match(line) {
        return;
    }
    let trimmed = line.trim();
    if agency(trimmed).is_some() {
        push(trimmed, false);
        return;
    }
    // "AFP Agence France-Presse": two names of one agency side by side.
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words.len() <= 6 {
        for cut in 1..words.len() {
            let (left, right) = (words[..cut].join(" "), words[cut..].join(" "));
            if let (Some(x), Some(y)) = (agency(&left), agency(&right)) {
                if x.name == y.name {
                    push(&left, false);
                    return;
                }
            }
        }
    }
    // "EFE Madrid, 01 Diciembre, 2026 - 12:45h", "Reuters, 12.11.2026": an
    // agency's name, capitalised, heading a short line that dates it.
    if (2..=DATED_BYLINE_WORDS).contains(&words.len())
        && trimmed.chars().any(|c| c.is_ascii_digit())
    {
        let first = words[0].trim_end_matches([',', ':', '|', '-', '–']);
        // A place or a separator follows the name: "Reuters 2025 results
        // beat forecasts" is a headline about the agency.
        let then_place = first.len() < words[0].len()
            || words[1].chars().next().is_some_and(char::is_uppercase)
            || ["|", "-", "–", "—"].contains(&words[1]);
        if then_place
            && first.chars().next().is_some_and(char::is_uppercase)
            && agency(first).is_some()
        {
            push(first, false);
        }
    }
}

/// The most words of a line that an agency's name heads and a date
/// follows, as a byline ("EFE Madrid, 01 Diciembre, 2026 - 12:45h").
const DATED_BYLINE_WORDS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_outlet_written_many_ways_matches() {
        for name in [
            "Observalgerie",
            "observalgerie.com",
            "ObservAlgérie",
            "https://www.observalgerie.com/article/1",
        ] {
            assert!(same_outlet(name, "www.observalgerie.com"), "{name}");
        }
        assert!(same_outlet("Le Courrier du Sud", "courrier-sud.fr"));
        assert!(same_outlet("Le Monde", "lemonde.fr"));
        assert!(same_outlet("Al Jazeera", "aljazeera.net"));
        assert!(!same_outlet("Le Monde", "Le Figaro"));
    }

    #[test]
    fn an_address_names_its_outlet_under_any_country_domain() {
        assert_eq!(host_of("lusa.pt").as_deref(), Some("lusa"));
        assert_eq!(
            host_of("https://www.derstandard.at/story/1").as_deref(),
            Some("derstandard")
        );
        assert_eq!(host_of("news.bbc.co.uk").as_deref(), Some("bbc"));
        assert_eq!(host_of("www.estadao.com.br").as_deref(), Some("estadao"));
        assert_eq!(host_of("http://localhost:8080/x").as_deref(), None);
        assert_eq!(host_of("site.example:8080").as_deref(), Some("site"));
        assert_eq!(agency_outlet("lusa.pt").map(|k| k.name), Some("Lusa"));
        // Two sites of one country are two outlets.
        assert!(!same_outlet("publico.pt", "www.dn.pt"));
        assert!(!same_outlet("nos.nl", "nu.nl"));
        assert!(same_outlet("Público", "publico.pt"));
        // A common word names no outlet alone: Xinhua's news.cn is not
        // news.com.au.
        assert_eq!(
            host_of("http://www.news.cn/20261120/c.html").as_deref(),
            Some("news.cn")
        );
        assert!(!same_outlet("news.cn", "https://www.news.com.au/x"));
        assert_eq!(
            agency_outlet("https://www.news.cn/x").map(|k| k.name),
            Some("Xinhua")
        );
    }

    #[test]
    fn splits_credit_lists() {
        assert_eq!(
            split_names("Observalgerie avec APS."),
            ["Observalgerie", "APS"]
        );
        assert_eq!(split_names("AFP, Reuters"), ["AFP", "Reuters"]);
    }

    /// The names `text` credits explicitly.
    fn explicit(text: &str) -> Vec<String> {
        credits_in_text(text)
            .into_iter()
            .filter(|c| c.explicit)
            .map(|c| c.name)
            .collect()
    }

    fn implicit(text: &str) -> Vec<String> {
        credits_in_text(text)
            .into_iter()
            .filter(|c| !c.explicit)
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn an_outlet_named_as_publishing_the_report_is_an_explicit_credit() {
        assert_eq!(
            explicit("The deal collapsed, as first reported by The Guardian."),
            ["Guardian"]
        );
        assert_eq!(
            explicit("Le projet, comme l'a rapporté Le Monde, est abandonné."),
            ["Monde"]
        );
        assert_eq!(
            explicit("El acuerdo, según publicó El País, se firmará hoy."),
            ["País"]
        );
        assert_eq!(
            explicit("L'accordo, come riportato dall'ANSA, è saltato."),
            ["ANSA"]
        );
        assert_eq!(
            explicit("O acordo, segundo noticiou a Folha de S.Paulo, caiu."),
            ["Folha de S.Paulo"]
        );
        assert_eq!(
            explicit("وهذه أول مرة، بحسب ما نقلته \"العربية\"."),
            ["العربية"]
        );
        // Who announced or said a thing is no outlet carrying the report.
        assert!(explicit("comme l'a annoncé Emmanuel Macron").is_empty());
        assert!(explicit("según informó el Ministerio de Salud").is_empty());
        assert!(explicit("بحسب ما ذكره الوزير").is_empty());
        assert!(explicit("as reported by local media").is_empty());
    }

    #[test]
    fn finds_agency_tags_and_credit_phrases() {
        let names = |text: &str| -> Vec<(String, bool)> {
            credits_in_text(text)
                .into_iter()
                .map(|c| (c.name, c.explicit))
                .collect()
        };
        assert_eq!(
            names("PARIS (AFP) - Le gouvernement a annoncé"),
            [("AFP".to_string(), true)]
        );
        assert_eq!(
            names("La crise continue | RFI"),
            [("RFI".to_string(), true)]
        );
        assert_eq!(
            names("selon Le Monde, le projet est abandonné"),
            [("Le Monde".to_string(), false)]
        );
        assert_eq!(
            names("according to Reuters, the talks failed"),
            [("Reuters".to_string(), false)]
        );
        assert_eq!(
            names("وقال المتحدث حسب الجزيرة"),
            [("الجزيرة".to_string(), false)]
        );
        assert!(names("selon la même source, le bilan est lourd").is_empty());
        assert!(names("وقال حسب ما أفاد به المتحدث").is_empty());
        assert!(names("le média Russia Today (RT), qui cite un communiqué").is_empty());
    }

    #[test]
    fn a_portals_page_of_an_agencys_feed() {
        let feed = |url: &str, text: &str| feed_of(Some(url), &credits_in_text(text));
        let reuters = "PARIS (Reuters) - Quatre corps ont été retrouvés lundi.";
        assert_eq!(
            feed(
                "https://www.bourse.example/actualites/reuters/six-corps-324418.html",
                reuters
            )
            .as_deref(),
            Some("Reuters")
        );
        // The section must be of the agency the text credits.
        assert_eq!(
            feed(
                "https://www.bourse.example/actualites/afp/six-corps.html",
                reuters
            ),
            None
        );
        assert_eq!(
            feed(
                "https://www.bourse.example/actualites/six-corps.html",
                reuters
            ),
            None
        );
        // A slug names what the story is about, not its section.
        let afp = "PARIS (AFP) - Elle a annoncé vendredi à l'AFP sa démission.";
        assert_eq!(
            feed("https://site.example/actualites/annonce-a-l-afp", afp),
            None
        );
        assert_eq!(feed("https://site.example/afp", afp), None);
        assert_eq!(
            feed("https://site.example/depeches/afp/123?ref=rss", afp).as_deref(),
            Some("AFP")
        );
        // A section of agencies' dispatches names the one agency credited.
        let efe = "Madrid, 16 nov (EFE).- El poeta ha sido galardonado este lunes.";
        let agencias = "https://www.diario.example/america/agencias/2020/11/16/el-poeta/";
        assert_eq!(feed(agencias, efe).as_deref(), Some("EFE"));
        assert_eq!(
            feed(agencias, "Madrid (EFE/AFP).- El poeta ha sido galardonado."),
            None
        );
        assert_eq!(
            feed(agencias, "El poeta ha sido galardonado, según EFE."),
            None
        );
        assert_eq!(
            feed(
                "https://www.giornale.example/agenzie/2024/poeta-premiato",
                "ROMA (ANSA) - Il poeta è stato premiato."
            )
            .as_deref(),
            Some("ANSA")
        );
        // A line saying the agency supplied the page, in any section.
        for line in [
            "information fournie par AFP 06/02/2026 à 19:38",
            "Provided by Reuters",
            "Contenido proporcionado por EFE",
            "Conteúdo fornecido por Lusa",
            "Bereitgestellt von dpa",
        ] {
            let text = format!("{line}\n\nLe texte de la dépêche.");
            assert!(
                feed("https://portail.example/actualites/x", &text).is_some(),
                "{line}"
            );
        }
        assert_eq!(
            feed("https://portail.example/x", "Par AFP\n\nLe texte."),
            None
        );
    }

    #[test]
    fn agency_credits_in_every_form_we_read() {
        let credited: &[(&str, &[&str])] = &[
            ("Madrid, 16 nov (EFE).- El poeta", &["EFE"][..]),
            ("Le texte.\n(MAP-01/05/2021)", &["MAP"][..]),
            ("الرياض (واس) - أعلنت الوزارة", &["واس"][..]),
            ("Paris (AFP/Reuters) - Le texte", &["AFP", "Reuters"][..]),
            ("Par AFP - Marseille", &["AFP"][..]),
            ("By JANE ROE, Associated Press", &["Associated Press"][..]),
            (
                "information fournie par AFP 06/02/2026 à 19:38",
                &["AFP"][..],
            ),
            ("Von dpa", &["dpa"][..]),
            ("Frankfurt (dpa-AFX) - Der Dax stieg", &["dpa-AFX"][..]),
            ("Bonn (KNA) Die Bischöfe", &["KNA"][..]),
            ("São Paulo, 3 (Estadão Conteúdo)", &["Estadão Conteúdo"][..]),
            (
                "Copyright 2024 The Associated Press. All rights reserved.",
                &["The Associated Press"][..],
            ),
            ("© 2023 AFP", &["AFP"][..]),
            ("Riproduzione riservata © Copyright ANSA", &["ANSA"][..]),
            ("Copyright © 2026 Lusa", &["Lusa"][..]),
            ("Todos os direitos reservados. © Lusa", &["Lusa"][..]),
            (
                "© dpa-infocom, dpa:261112-930-412733/2",
                &["dpa-infocom"][..],
            ),
            (
                "12. November 2026, 14:32 Uhr Quelle: dpa Deutschland",
                &["dpa"][..],
            ),
            ("Economía | Fuente: EFE / Redacción", &["EFE"][..]),
            ("EFE Madrid, 01 Diciembre, 2026 - 12:45h", &["EFE"][..]),
            ("MADRID, 1 (EUROPA PRESS)", &["EUROPA PRESS"][..]),
            ("Reuters, 12.11.2026", &["Reuters"][..]),
            ("МОСКВА, 21 ноября. /ТАСС/. Банк России", &["ТАСС"][..]),
            ("BUCUREŞTI, 21 nov /Agerpres/ - Guvernul", &["Agerpres"][..]),
            (
                "МОСКВА, 21 ноя — РИА Новости. Банк России",
                &["РИА Новости"][..],
            ),
            ("Zürich (awp/sda) - Der SMI", &["awp", "sda"][..]),
            ("Hamburg (dpa/lno) - Der Senat", &["dpa"][..]),
            ("Berlin (dts) - Die Bundesregierung", &["dts"][..]),
            ("Milano, 21 nov. (LaPresse) - Il titolo", &["LaPresse"][..]),
            ("Madrid (Colpisa) El Gobierno", &["Colpisa"][..]),
            ("Genève (ATS/AFP) - Le Conseil", &["ATS", "AFP"][..]),
            ("Toget kører igen fra i morgen. /ritzau/", &["ritzau"][..]),
            ("STOCKHOLM (TT) Regeringen", &["TT"][..]),
        ];
        for &(text, names) in credited {
            assert_eq!(explicit(text), names, "{text}");
        }
        // A site's own reservation credits no one, nor a headline about an
        // agency.
        assert!(explicit("© Riproduzione riservata").is_empty());
        assert!(explicit("Reuters 2025 results beat forecasts").is_empty());
        // A source that is no agency is no agency credit.
        assert!(explicit("Mise à jour 12/11 | Source : ministère de l'Intérieur").is_empty());
        assert_eq!(explicit("AFP Agence France-Presse"), ["AFP"]);
        // Photo credits credit the picture, not the text.
        assert!(explicit("Sonia Roe à Paris ( AFP / Jane ROE )").is_empty());
        assert!(explicit("© Jane ROE / AFP/Archives").is_empty());
        assert!(explicit("Par Jeanne Roe et Marie Doe").is_empty());
        // A path of an address is no slash tag, nor a dash before a
        // section's name in running text.
        assert!(explicit("Voir https://www.exemple.fr/afp/2026/11/ le texte").is_empty());
        assert!(explicit("Le texte, dit-il — AFP, Reuters et d'autres en parlent.").is_empty());

        let mentioned: &[(&str, &str)] = &[
            ("a annoncé vendredi à l'AFP sa démission", "AFP"),
            ("the minister told Reuters on Monday", "Reuters"),
            ("Das sagte er laut dpa am Montag", "dpa"),
            ("De trein rijdt weer, meldt ANP.", "ANP"),
            ("Tåget går igen, uppger TT.", "TT"),
            ("AA'nın haberine göre tren yeniden çalışıyor.", "AA"),
            (
                "Anadolu Ajansı'na göre tren yeniden çalışıyor.",
                "Anadolu Ajansı",
            ),
            ("A vonat újra jár az MTI szerint.", "MTI"),
            ("Juna kulkee taas, STT:n mukaan.", "STT"),
            ("Toget kører igen, oplyser Ritzau.", "Ritzau"),
            ("Vlak opět jede, uvedla ČTK.", "ČTK"),
            ("Trenul circulă din nou, potrivit Agerpres.", "Agerpres"),
            ("Το τρένο κινείται ξανά, σύμφωνα με το ΑΠΕ-ΜΠΕ.", "ΑΠΕ-ΜΠΕ"),
            ("Jak podaje PAP, ustawa trafi do Senatu.", "PAP"),
            ("Według PAP głosowało 398 posłów.", "PAP"),
            ("ha detto secondo l'ANSA", "ANSA"),
            ("según EFE, el poeta", "EFE"),
            ("disse segundo a Lusa", "Lusa"),
            ("ذكرت وكالة رويترز أن الوزير", "رويترز"),
            ("ونقل موقع قناة روسيا اليوم عن الوزير", "روسيا اليوم"),
        ];
        for &(text, name) in mentioned {
            assert_eq!(implicit(text), [name], "{text}");
        }
        assert!(implicit("AA bugün yeni bir rapor yayımladı, göre").is_empty());
        // An abbreviation counts with its case only.
        assert!(credits_in_text("il a dit à l'ap du village").is_empty());
    }

    #[test]
    fn russian_and_east_asian_credits_are_read() {
        assert_eq!(
            implicit("Об этом сообщает ТАСС со ссылкой на министерство."),
            ["ТАСС"]
        );
        assert_eq!(
            implicit("заявил агентству Интерфакс глава ведомства"),
            ["Интерфакс"]
        );
        assert_eq!(
            explicit("国家统计局今天发布数据。（来源：新华社）"),
            ["新华社"]
        );
        assert_eq!(
            explicit("新华社北京12月1日电 国家统计局今天发布数据"),
            ["新华社"]
        );
        assert_eq!(implicit("据路透社报道，该公司周一表示"), ["路透社"]);
        assert_eq!(explicit("【AFP=時事】米政府は1日、発表した。"), ["AFP"]);
        assert_eq!(
            explicit("【ワシントン共同】米連邦準備制度理事会は１９日、発表した。"),
            ["共同"]
        );
        assert_eq!(
            explicit("【ロンドン時事】英政府は２日、発表した。"),
            ["時事"]
        );
        assert!(explicit("両国は共同声明を発表した。").is_empty());
        assert_eq!(explicit("[ロイター] 米政府は1日"), ["ロイター"]);
        assert_eq!(
            explicit("(서울=연합뉴스) 홍길동 기자 = 정부는"),
            ["연합뉴스"]
        );
        // Words of a name inside other words are no credit.
        assert!(credits_in_text("国家统计局今天发布数据显示，价格上涨。").is_empty());
    }

    #[test]
    fn names_of_the_table_are_found_as_words_the_longest_first() {
        let found = |text: &str, whole_word: bool| -> Vec<String> {
            KNOWN_NAMES
                .in_text(text, whole_word)
                .into_iter()
                .map(|at| text[at].to_string())
                .collect()
        };
        assert_eq!(
            found("Agence France-Presse et AP News, puis AFP.", true),
            ["Agence France-Presse", "AP News", "AFP"]
        );
        // A longer name that does not end at a word gives way to a shorter.
        assert_eq!(found("AP Newsroom", true), ["AP"]);
        assert!(found("AFPs, CAFP et SAPIENS", true).is_empty());
        assert!(found("afp", true).is_empty(), "names keep their case");
        // Or are written in capitals, as datelines often write them.
        assert_eq!(found("MADRID, 1 (EUROPA PRESS)", true), ["EUROPA PRESS"]);
        assert_eq!(found("LONDRES (REUTERS)", true), ["REUTERS"]);
        // A mention may be glued to the Arabic "ل" before the name.
        assert!(found("لرويترز", true).is_empty());
        assert_eq!(found("لرويترز", false), ["رويترز"]);
        assert!(KNOWN_NAMES.any_in("(Reuters) - "));
        assert!(!KNOWN_NAMES.any_in("Reutersville"));
    }

    #[test]
    fn the_token_gate_lets_every_name_of_the_table_through() {
        let hashes = |text: &str| -> Vec<u64> {
            crate::tokenize::tokenize(text)
                .iter()
                .map(|t| t.hash)
                .collect()
        };
        for (name, _) in agencies::all_names() {
            let text = format!("Le texte, selon {name}.");
            assert!(may_name_known(hashes(&text).into_iter()), "{name}");
        }
        assert!(!may_name_known(
            hashes("Le maire a parlé mardi.").into_iter()
        ));
    }

    #[test]
    fn an_agency_and_its_address_are_one_outlet_in_either_script() {
        assert!(same_outlet("AP", "https://apnews.com/article/x"));
        assert!(same_outlet("The Associated Press", "AP"));
        assert!(same_outlet("رويترز", "https://uk.reuters.com/article/x"));
        assert!(same_outlet("روسيا اليوم", "https://arabic.rt.com/x"));
        assert!(same_outlet("واس", "https://www.spa.gov.sa/x"));
        assert!(!same_outlet("AP", "AFP"));
    }
}
