//! Addresses: the number a site gives an article in its web address.
//!
//! In: a document's address. Out: its [`ArticleNumber`], when the address
//! holds one: `…/six-corps-324418.html`, `…/article-12229661/…`,
//! `…-id21670017.html`, `/?p=49466`. Most publishing systems number a
//! site's articles in the order they are created, so of two pages of one
//! site, the one with the lower number was, as a rule, published first.
//!
//! Dates are not numbers: a year (`2020`, `/2018/`) or an eight-digit day
//! (`20190411`) is passed over, and so is a run of digits inside a word of
//! letters and digits (a hash such as `dcde11903b448f61`).

use serde::{Deserialize, Serialize};

/// The number of an article among its site's, read from its address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleNumber {
    /// The site: the address's host without `www.`.
    pub site: String,
    /// The folders of the path before the number: one site may hold many
    /// publications (`/usa/the-oklahoman/…`, `/usa/chattanooga-…/…`), each
    /// numbered apart, so numbers are compared within a section only.
    pub section: String,
    /// The number.
    pub value: u64,
    /// How many digits the address writes it with: numbers of one
    /// sequence have as many, give or take the rare new power of ten.
    pub digits: usize,
}

/// Fewer digits than this are a page or a count, not an article's number.
const MIN_DIGITS: usize = 4;
/// Letters that may stand before a number in one word: `id21670017`.
const MAX_PREFIX_LETTERS: usize = 8;

/// The article number `url` holds (see the module's documentation): the
/// last one of its path, or else the one number-valued parameter of its
/// query.
pub fn article_number(url: &str) -> Option<ArticleNumber> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    let site = host.strip_prefix("www.").unwrap_or(host).to_string();
    let segments: Vec<&str> = parsed.path_segments().into_iter().flatten().collect();
    let in_path = segments
        .iter()
        .enumerate()
        .flat_map(|(i, segment)| numbers_in(segment).into_iter().map(move |n| (i, n)))
        .last();
    let section = segments[..in_path.as_ref().map_or(segments.len(), |(i, _)| *i)].join("/");
    let found = in_path.map(|(_, n)| n).or_else(|| {
        let mut numbers = parsed
            .query_pairs()
            .filter(|(_, v)| v.len() >= MIN_DIGITS && v.bytes().all(|b| b.is_ascii_digit()))
            .map(|(_, v)| v.into_owned());
        let only = numbers.next()?;
        numbers.next().is_none().then_some(only)
    })?;
    Some(ArticleNumber {
        site,
        section,
        value: found.parse().ok()?,
        digits: found.len(),
    })
}

/// The runs of digits of one path segment that may be an article's
/// number, in order.
fn numbers_in(segment: &str) -> Vec<String> {
    segment
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|word| {
            let digits_from = word.find(|c: char| c.is_ascii_digit())?;
            let (letters, digits) = word.split_at(digits_from);
            let is_number = digits.len() >= MIN_DIGITS
                && digits.bytes().all(|b| b.is_ascii_digit())
                && letters.len() <= MAX_PREFIX_LETTERS
                && letters.bytes().all(|b| b.is_ascii_alphabetic())
                && !looks_like_a_date(digits);
            is_number.then(|| digits.trim_start_matches('0').to_string())
        })
        .filter(|n| n.len() >= MIN_DIGITS)
        .collect()
}

/// A year from 1900 to 2100, or a day written `yyyymmdd`.
fn looks_like_a_date(digits: &str) -> bool {
    let year = |s: &str| s.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
    match digits.len() {
        4 => year(digits),
        8 => {
            let month = digits[4..6].parse::<u32>().unwrap_or(0);
            let day = digits[6..8].parse::<u32>().unwrap_or(0);
            year(&digits[..4]) && (1..=12).contains(&month) && (1..=31).contains(&day)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(url: &str) -> Option<u64> {
        article_number(url).map(|n| n.value)
    }

    #[test]
    fn the_numbers_sites_give_their_articles() {
        assert_eq!(
            number(
                "https://www.bourse.example/actualites/reuters/six-corps-a-marseille-324418.html"
            ),
            Some(324418)
        );
        assert_eq!(
            number("https://www.journal.example/news/article-12229661/PICTURED-ship.html"),
            Some(12229661)
        );
        assert_eq!(
            number("https://www.blick.example/fr/monde/demission-id21670017.html"),
            Some(21670017)
        );
        assert_eq!(number("http://18.193.228.73/?p=49466"), Some(49466));
        let section = |url: &str| article_number(url).map(|n| n.section);
        assert_eq!(
            section("http://www.press.example/usa/the-oklahoman/20170711/281715499654499")
                .as_deref(),
            Some("usa/the-oklahoman/20170711")
        );
        assert_eq!(
            section("http://18.193.228.73/?p=49466").as_deref(),
            Some("")
        );
        assert_eq!(
            article_number("https://www.site.example/a-1234").map(|n| n.site),
            Some("site.example".to_string())
        );
    }

    #[test]
    fn dates_hashes_and_small_numbers_are_no_article_numbers() {
        assert_eq!(
            number("https://site.example/2020/11/16/el-poeta-premio-2020"),
            None
        );
        assert_eq!(number("https://site.example/news/20190411/story"), None);
        assert_eq!(
            number("https://site.example/actualites/annonce-dcde11903b448f61384713ac53f87c18"),
            None
        );
        assert_eq!(number("https://site.example/page/2/story-12"), None);
        // Two numbers in the query: which one is the article's is unknown.
        assert_eq!(
            number("https://site.example/Article.php?A=726515&I=4969"),
            None
        );
        // A date in the path does not hide the number after it.
        assert_eq!(
            number("https://site.example/2017/07/10/fire-evacuees-881234/"),
            Some(881234)
        );
    }
}
