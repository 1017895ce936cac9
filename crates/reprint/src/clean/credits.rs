//! Credits: the outlets a text names as its source, and a normalised key so
//! that one outlet written many ways compares equal.
//!
//! "Observalgerie", "observalgerie.com", "ObservAlgérie" and the address
//! `https://www.observalgerie.com/...` all have the key `observalgerie`; "Le
//! Courrier du Sud" also answers to `courriersud`, the key of
//! `courrier-sud.fr`.

use std::sync::LazyLock;

use regex::Regex;

use crate::tokenize::fold_word;

/// One outlet a document credits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    /// The name as the text writes it.
    pub name: String,
    /// Whether the credit is explicit (a credit line, an agency tag) rather
    /// than a phrase in the running text ("selon Le Monde").
    pub explicit: bool,
}

/// News agencies recognised in parentheses or after a separator anywhere in
/// a text: "(AFP)", "| RFI", "- APS".
const AGENCIES: &[&str] = &[
    "AFP",
    "Reuters",
    "AP",
    "APS",
    "MAP",
    "ANSA",
    "dpa",
    "EFE",
    "Xinhua",
    "RFI",
    "TAP",
    "SPA",
    "QNA",
    "WAM",
    "MENA",
    "Belga",
    "ATS",
    "AA",
    "KUNA",
    "Petra",
    "SANA",
    "IRNA",
    "TASS",
    "RIA Novosti",
    "Sputnik",
    "Bloomberg",
    "UPI",
    "PA",
    "AAP",
    "Kyodo",
    "Yonhap",
    "Anadolu",
];

/// Top-level and second-level domains stripped from addresses to find the
/// outlet's own name.
const DOMAIN_SUFFIXES: &[&str] = &[
    "co.uk", "com.au", "co.za", "com.tn", "com.eg", "com.sa", "com.lb", "com", "fr", "net", "org",
    "info", "dz", "ma", "tn", "eg", "sa", "ae", "lb", "qa", "uk", "de", "es", "it", "be", "ch",
    "ca", "us", "io", "news", "tv", "press", "media", "online", "eu", "ps", "jo", "iq", "sy", "ly",
    "kw", "bh", "om", "ye", "sd", "mr",
];

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
    let mut keys = vec![whole];
    if !without.is_empty() && without != keys[0] {
        keys.push(without);
    }
    keys
}

/// The outlet part of an address or domain: `https://www.le-site.co.uk/x`
/// gives `le-site`. `None` when `name` does not look like one.
fn host_of(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let host = rest.split(['/', '?', '#']).next()?;
    if host.contains(char::is_whitespace) || !host.contains('.') {
        return None;
    }
    let mut host = host.strip_prefix("www.").unwrap_or(host);
    for suffix in DOMAIN_SUFFIXES {
        if let Some(stripped) = host.strip_suffix(suffix).and_then(|h| h.strip_suffix('.')) {
            host = stripped;
            break;
        }
    }
    // A sub-domain such as "news.site" names the site.
    Some(host.rsplit('.').next().unwrap_or(host).to_string())
}

/// Whether two outlet names (or addresses) denote the same outlet.
pub fn same_outlet(x: &str, y: &str) -> bool {
    let kx = outlet_keys(x);
    outlet_keys(y).iter().any(|k| kx.contains(k))
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

/// The credits a body's running text gives: agency tags such as "(AFP)" or
/// "| RFI" (explicit), and "selon X", "d'après X", "rapporte X", "according
/// to X", "via X" where X is a capitalised name, or the Arabic word after
/// "حسب", "بحسب", "نقلا عن", "وفقا ل" (implicit). Lower-case phrases such as
/// "selon la même source" name no outlet and are skipped.
pub fn credits_in_text(text: &str) -> Vec<Credit> {
    static AGENCY_TAG: LazyLock<Regex> = LazyLock::new(|| {
        let names = AGENCIES
            .iter()
            .map(|a| regex::escape(a))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(
            r"(?:\(\s*({names})\s*\)|[|–—-]\s*({names})\s*$|^\s*({names})\s*[|–—-])"
        ))
        .unwrap()
    });
    static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:\b[Ss]elon|\b[Dd]’après|\b[Dd]'après|\brapporte|\b[Aa]ccording to|\b[Vv]ia)\s+((?:\p{Lu}[\p{L}\p{N}.’'-]*)(?:\s+(?:du|de|des|la|le|of|the|al|el|\p{Lu}[\p{L}\p{N}.’'-]*)){0,4})|(?:وفقا ل|نقلا عن|بحسب|حسب)\s*(\p{Arabic}+)",
        )
        .unwrap()
    });
    // Most texts name no agency at all: one literal search tells.
    static AGENCY_NAME: LazyLock<Regex> = LazyLock::new(|| {
        let names = AGENCIES
            .iter()
            .map(|a| regex::escape(a))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!("(?:{names})")).unwrap()
    });
    let mut credits = Vec::new();
    let lines = AGENCY_NAME
        .is_match(text)
        .then(|| text.lines())
        .into_iter()
        .flatten();
    for line in lines {
        for caps in AGENCY_TAG.captures_iter(line) {
            let name = caps
                .get(1)
                .or(caps.get(2))
                .or(caps.get(3))
                .expect("one group matches");
            credits.push(Credit {
                name: name.as_str().to_string(),
                explicit: true,
            });
        }
    }
    for caps in PHRASE.captures_iter(text) {
        let name = caps
            .get(1)
            .or(caps.get(2))
            .expect("one group matches")
            .as_str();
        let name = name.trim_end_matches(['.', ',', '’', '\'']).trim();
        // Connecting words the pattern let in at the end are not the name's.
        let mut words: Vec<&str> = name.split_whitespace().collect();
        while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
            words.pop();
        }
        let name = words.join(" ");
        if !name.is_empty() {
            credits.push(Credit {
                name,
                explicit: false,
            });
        }
    }
    credits
}

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
    fn splits_credit_lists() {
        assert_eq!(
            split_names("Observalgerie avec APS."),
            ["Observalgerie", "APS"]
        );
        assert_eq!(split_names("AFP, Reuters"), ["AFP", "Reuters"]);
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
        assert!(names("le média Russia Today (RT), qui cite un communiqué").is_empty());
    }
}
