//! Publication dates: parsed from the `date` field or a dateline, or inferred
//! from the dates a text mentions.
//!
//! Inference weighs the evidence instead of taking the first match:
//!
//! * a weekday with a day and month ("mardi 5 avril") is placed in the year
//!   whose calendar agrees, among the years the text mentions and their
//!   neighbours; a weekday that agrees with none of them (an error such as
//!   "mardi 5 novembre" in a 2022 text) is dropped. Such mentions are the
//!   strongest evidence, because papers name the weekday of recent days;
//! * a full date with a year ("5 avril 2022") comes next;
//! * failing both, the year the text mentions most.
//!
//! An inferred date says at most the month: the text shows when its events
//! happened, not the day it went to press.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::tokenize::{fold_word, hash_folded, tokenize};

/// A publication date, as precise as the evidence allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PubDate {
    /// The year.
    pub year: i16,
    /// The month, 1 to 12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
    /// The minute of the day, when a time was given (only with a day); in
    /// UTC when the time carried an offset.
    pub minute: Option<u16>,
}

impl fmt::Display for PubDate {
    /// ISO 8601 at the date's precision: `2022`, `2022-04`, `2022-04-05`
    /// or `2022-04-05T08:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
                if let Some(minute) = self.minute {
                    write!(f, "T{:02}:{:02}", minute / 60, minute % 60)?;
                }
            }
        }
        Ok(())
    }
}

impl PubDate {
    /// A number that orders dates as they order themselves: a year before
    /// any of its months, a month before any of its days, a day before any
    /// of its times. For storing dates where only their order matters.
    pub fn sort_key(&self) -> u64 {
        let year = (i32::from(self.year) + 0x8000) as u64;
        let month = u64::from(self.month.unwrap_or(0));
        let day = u64::from(self.day.unwrap_or(0));
        let minute = self.minute.map_or(0, |m| u64::from(m) + 1);
        (year << 32) | (month << 24) | (day << 16) | minute
    }

    /// How precise the date is: `year`, `month`, `day` or `minute`.
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day, self.minute) {
            (None, _, _) => "year",
            (Some(_), None, _) => "month",
            (Some(_), Some(_), None) => "day",
            (Some(_), Some(_), Some(_)) => "minute",
        }
    }

    /// The date's first second as seconds since 1970-01-01T00:00, read as
    /// a civil time with no time zone (a date without month starts on
    /// 1 January): with [`precision`](Self::precision), what the Parquet
    /// tables store. `None` for a date the calendar cannot hold.
    pub fn start_seconds(&self) -> Option<i64> {
        let month = self.month.unwrap_or(1) as i8;
        let day = self.day.unwrap_or(1) as i8;
        let minute = self.minute.unwrap_or(0);
        let start = jiff::civil::DateTime::new(
            self.year,
            month,
            day,
            (minute / 60) as i8,
            (minute % 60) as i8,
            0,
            0,
        )
        .ok()?;
        let since = jiff::civil::date(1970, 1, 1).at(0, 0, 0, 0);
        let span = since.until((jiff::Unit::Second, start)).ok()?;
        Some(span.get_seconds())
    }

    /// The date [`start_seconds`](Self::start_seconds) and
    /// [`precision`](Self::precision) describe, or `None` when either is
    /// not one they give.
    pub fn from_start_seconds(seconds: i64, precision: &str) -> Option<PubDate> {
        let since = jiff::civil::date(1970, 1, 1).at(0, 0, 0, 0);
        let at = since
            .checked_add(jiff::Span::new().try_seconds(seconds).ok()?)
            .ok()?;
        let (month, day) = (at.month() as u8, at.day() as u8);
        let minute = at.hour() as u16 * 60 + at.minute() as u16;
        let date = match precision {
            "year" => PubDate::year(at.year()),
            "month" => PubDate::year(at.year()).with_month(month),
            "day" => PubDate::day(at.year(), month, day)?,
            "minute" => PubDate {
                minute: Some(minute),
                ..PubDate::day(at.year(), month, day)?
            },
            _ => return None,
        };
        Some(date)
    }

    fn with_month(self, month: u8) -> PubDate {
        PubDate {
            month: Some(month),
            ..self
        }
    }

    fn day(year: i16, month: u8, day: u8) -> Option<PubDate> {
        Date::new(year, month as i8, day as i8).ok()?;
        Some(PubDate {
            year,
            month: Some(month),
            day: Some(day),
            minute: None,
        })
    }

    /// A date on its own, with neither month nor day.
    fn year(year: i16) -> PubDate {
        PubDate {
            year,
            month: None,
            day: None,
            minute: None,
        }
    }

    /// Cuts the date down to the month.
    fn to_month(self) -> PubDate {
        PubDate {
            day: None,
            minute: None,
            ..self
        }
    }

    /// Whole days from `earlier` to `self`, when both are known to the day
    /// (negative when `self` comes first).
    pub fn days_since(&self, earlier: &PubDate) -> Option<i64> {
        let day = |d: &PubDate| Date::new(d.year, d.month? as i8, d.day? as i8).ok();
        let span = day(earlier)?.until(day(self)?).ok()?;
        Some(i64::from(span.get_days()))
    }

    /// Compares two dates at the precision both have: `Some(Less)` when
    /// `self` is surely earlier, `Some(Equal)` when they cannot be told apart.
    pub fn compare(&self, other: &PubDate) -> std::cmp::Ordering {
        let year = self.year.cmp(&other.year);
        if year.is_ne() {
            return year;
        }
        match (self.month, other.month) {
            (Some(m), Some(n)) if m != n => m.cmp(&n),
            (Some(_), Some(_)) => match (self.day, other.day) {
                (Some(d), Some(e)) if d != e => d.cmp(&e),
                (Some(_), Some(_)) => match (self.minute, other.minute) {
                    (Some(m), Some(n)) => m.cmp(&n),
                    _ => std::cmp::Ordering::Equal,
                },
                _ => std::cmp::Ordering::Equal,
            },
            _ => std::cmp::Ordering::Equal,
        }
    }
}

/// Where a document's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrigin {
    /// The input's `date` field.
    Given,
    /// The document's address (`/2018/04/06/`, `/20190411/`,
    /// `2021-03-31-slug`, `?date=…`): set by the site's system when it
    /// published the page, so weighed below a given date only.
    Url,
    /// A dateline at the head of the text.
    Dateline,
    /// The dates the text mentions.
    Inferred,
}

impl DateOrigin {
    /// The name written in `documents.jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrigin::Given => "given",
            DateOrigin::Url => "url",
            DateOrigin::Dateline => "dateline",
            DateOrigin::Inferred => "inferred",
        }
    }
}

/// Parses an ISO 8601 date, full or partial, with or without a time:
/// `2022`, `2022-04`, `2022-04-05`, `2022-04-05T10:00`,
/// `2022-04-05T10:00:00+02:00` (kept as 08:00 UTC). A time that does not
/// parse leaves the date at the day.
pub fn parse_iso(text: &str) -> Option<PubDate> {
    let text = text.trim();
    let with_time = |year: i16, month: i8, day: i8, hour: i8, minute: i8| {
        PubDate::day(year, month as u8, day as u8).map(|d| PubDate {
            minute: Some(hour as u16 * 60 + minute as u16),
            ..d
        })
    };
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        let utc = instant.to_zoned(jiff::tz::TimeZone::UTC).datetime();
        return with_time(utc.year(), utc.month(), utc.day(), utc.hour(), utc.minute());
    }
    if text.len() > 10 {
        if let Ok(local) = text.parse::<jiff::civil::DateTime>() {
            return with_time(
                local.year(),
                local.month(),
                local.day(),
                local.hour(),
                local.minute(),
            );
        }
    }
    // `YYYY`, `YYYY-M` or `YYYY-M-D` (one or two digits each), then
    // anything after a `T` or a space. Read by hand: this runs once per
    // document, and a regex would allocate its captures each time.
    let date = text.split_once(['T', ' ']).map_or(text, |(date, _)| date);
    let mut parts = date.split('-');
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        let all_digits = part.bytes().all(|b| b.is_ascii_digit());
        (all_digits && digits.contains(&part.len())).then(|| part.parse::<u16>().ok())?
    };
    let year = i16::try_from(number(parts.next()?, 4..=4)?).ok()?;
    let month = match parts.next() {
        Some(part) => Some(u8::try_from(number(part, 1..=2)?).ok()?),
        None => None,
    };
    let day = match parts.next() {
        Some(part) => Some(u8::try_from(number(part, 1..=2)?).ok()?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    match (month, day) {
        (Some(m), Some(d)) => PubDate::day(year, m, d),
        (Some(m), None) if (1..=12).contains(&m) => Some(PubDate {
            month: Some(m),
            ..PubDate::year(year)
        }),
        (None, _) => Some(PubDate::year(year)),
        _ => None,
    }
}

/// The publication date an address carries: in its path, a year, month and
/// day as three segments (`/2018/04/06/`; a year and month alone give the
/// month), as eight digits opening a segment (`/20190411/`,
/// `/20190411-slug`), or as `YYYY-MM-DD` inside one (`/2021-03-31-slug`);
/// in its query, a value that is such a date (`?date=2021-03-31`). Years
/// from 1990 to 2100 only, and only real calendar days: the numbers of an
/// article id are not a date.
pub fn from_url(url: &str) -> Option<PubDate> {
    let url = url::Url::parse(url).ok()?;
    let segments: Vec<&str> = url.path_segments()?.collect();
    let year_of = |s: &str| {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    };
    let two = |s: &str| {
        ((1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u8>().ok())
            .flatten()
    };
    for (i, segment) in segments.iter().enumerate() {
        if let Some(year) = year_of(segment) {
            let month = segments
                .get(i + 1)
                .and_then(|s| two(s))
                .filter(|m| (1..=12).contains(m));
            let day = segments.get(i + 2).and_then(|s| two(s));
            match (month, day) {
                (Some(m), Some(d)) => {
                    if let Some(date) = PubDate::day(year, m, d) {
                        return Some(date);
                    }
                }
                (Some(m), None) => {
                    return Some(PubDate {
                        month: Some(m),
                        ..PubDate::year(year)
                    })
                }
                _ => {}
            }
        }
        if let Some(date) = eight_digits(segment).or_else(|| dashed_day(segment)) {
            return Some(date);
        }
    }
    url.query_pairs().find_map(|(_, value)| {
        let value = value.trim();
        (value.len() == 10 || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit())))
            .then(|| dashed_day(value).or_else(|| eight_digits(value)))
            .flatten()
    })
}

/// `YYYYMMDD` opening `segment`, followed by its end or a non-digit.
fn eight_digits(segment: &str) -> Option<PubDate> {
    let bytes = segment.as_bytes();
    if bytes.len() < 8
        || !bytes[..8].iter().all(u8::is_ascii_digit)
        || bytes.get(8).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let year: i16 = segment[..4].parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    PubDate::day(
        year,
        segment[4..6].parse().ok()?,
        segment[6..8].parse().ok()?,
    )
}

/// The first `YYYY-MM-DD` inside `segment` that stands apart from other
/// digits and is a real day.
fn dashed_day(segment: &str) -> Option<PubDate> {
    let bytes = segment.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|at| {
        let w = &bytes[at..at + 10];
        let shape = w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        let apart = (at == 0 || !bytes[at - 1].is_ascii_digit())
            && !bytes.get(at + 10).is_some_and(u8::is_ascii_digit);
        if !(shape && apart) {
            return None;
        }
        let year: i16 = segment[at..at + 4].parse().ok()?;
        if !(1990..=2100).contains(&year) {
            return None;
        }
        PubDate::day(
            year,
            segment[at + 5..at + 7].parse().ok()?,
            segment[at + 8..at + 10].parse().ok()?,
        )
    })
}

/// Month names (with common abbreviations) of French, English, Spanish,
/// Portuguese, Italian, German, Dutch and Arabic (Egyptian, Levantine and
/// Maghrebi forms), and, in the form a date writes them ("14 listopada",
/// "25 ноября"), of Polish, Czech, Russian, Ukrainian, Greek, Romanian,
/// Turkish, Swedish, Danish, Norwegian, Finnish and Indonesian, before
/// folding. A name two languages spell alike
/// ("novembre", "april") is listed once. Abbreviations are kept to the
/// languages where they do not spell a common word.
const MONTHS: &[(&str, u8)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fév", 2),
    ("févr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("septembre", 9),
    ("sept", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("déc", 12),
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("جانفي", 1),
    ("فيفري", 2),
    ("أفريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويلية", 7),
    ("أوت", 8),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Polish (genitive, as dates write them)
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    // Czech
    ("ledna", 1),
    ("února", 2),
    ("března", 3),
    ("dubna", 4),
    ("května", 5),
    ("června", 6),
    ("července", 7),
    ("srpna", 8),
    ("září", 9),
    ("října", 10),
    ("listopadu", 11),
    ("prosince", 12),
    // Russian
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    // Ukrainian
    ("січня", 1),
    ("лютого", 2),
    ("березня", 3),
    ("квітня", 4),
    ("травня", 5),
    ("червня", 6),
    ("липня", 7),
    ("серпня", 8),
    ("вересня", 9),
    ("жовтня", 10),
    ("листопада", 11),
    ("грудня", 12),
    // Greek
    ("ιανουαρίου", 1),
    ("φεβρουαρίου", 2),
    ("μαρτίου", 3),
    ("απριλίου", 4),
    ("μαΐου", 5),
    ("ιουνίου", 6),
    ("ιουλίου", 7),
    ("αυγούστου", 8),
    ("σεπτεμβρίου", 9),
    ("οκτωβρίου", 10),
    ("νοεμβρίου", 11),
    ("δεκεμβρίου", 12),
    // Romanian
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    // Turkish
    ("ocak", 1),
    ("şubat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("eylül", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("aralık", 12),
    // Swedish, Danish and Norwegian
    ("maj", 5),
    ("augusti", 8),
    ("marts", 3),
    // Finnish
    ("tammikuuta", 1),
    ("helmikuuta", 2),
    ("maaliskuuta", 3),
    ("huhtikuuta", 4),
    ("toukokuuta", 5),
    ("kesäkuuta", 6),
    ("heinäkuuta", 7),
    ("elokuuta", 8),
    ("syyskuuta", 9),
    ("lokakuuta", 10),
    ("marraskuuta", 11),
    ("joulukuuta", 12),
    // Indonesian
    ("maret", 3),
    ("agustus", 8),
    ("desember", 12),
];

/// Weekday names of French, English, Spanish, Portuguese, Italian, German,
/// Dutch and Arabic, before folding. Portuguese weekdays are compounds
/// ("segunda-feira") that split into the listed word and "feira", which
/// [`JOINERS`] skips.
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("lundi", Weekday::Monday),
    ("mardi", Weekday::Tuesday),
    ("mercredi", Weekday::Wednesday),
    ("jeudi", Weekday::Thursday),
    ("vendredi", Weekday::Friday),
    ("samedi", Weekday::Saturday),
    ("dimanche", Weekday::Sunday),
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("الاثنين", Weekday::Monday),
    ("الإثنين", Weekday::Monday),
    ("الثلاثاء", Weekday::Tuesday),
    ("الأربعاء", Weekday::Wednesday),
    ("الخميس", Weekday::Thursday),
    ("الجمعة", Weekday::Friday),
    ("السبت", Weekday::Saturday),
    ("الأحد", Weekday::Sunday),
    ("lunes", Weekday::Monday),
    ("martes", Weekday::Tuesday),
    ("miércoles", Weekday::Wednesday),
    ("jueves", Weekday::Thursday),
    ("viernes", Weekday::Friday),
    ("sábado", Weekday::Saturday),
    ("domingo", Weekday::Sunday),
    ("segunda", Weekday::Monday),
    ("terça", Weekday::Tuesday),
    ("quarta", Weekday::Wednesday),
    ("quinta", Weekday::Thursday),
    ("sexta", Weekday::Friday),
    ("lunedì", Weekday::Monday),
    ("martedì", Weekday::Tuesday),
    ("mercoledì", Weekday::Wednesday),
    ("giovedì", Weekday::Thursday),
    ("venerdì", Weekday::Friday),
    ("sabato", Weekday::Saturday),
    ("domenica", Weekday::Sunday),
    ("montag", Weekday::Monday),
    ("dienstag", Weekday::Tuesday),
    ("mittwoch", Weekday::Wednesday),
    ("donnerstag", Weekday::Thursday),
    ("freitag", Weekday::Friday),
    ("samstag", Weekday::Saturday),
    ("sonnabend", Weekday::Saturday),
    ("sonntag", Weekday::Sunday),
    ("maandag", Weekday::Monday),
    ("dinsdag", Weekday::Tuesday),
    ("woensdag", Weekday::Wednesday),
    ("donderdag", Weekday::Thursday),
    ("vrijdag", Weekday::Friday),
    ("zaterdag", Weekday::Saturday),
    ("zondag", Weekday::Sunday),
];

/// Words a date spells between its parts and that carry nothing: the "de"
/// of "5 de abril de 2022" and "del" of "5 del 2022", the "feira" of a
/// Portuguese weekday.
const JOINERS: &[&str] = &["de", "del", "feira"];

/// A word of a date: what the folded token means.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Word {
    Month(u8),
    Weekday(Weekday),
    /// A number that can be a day of the month (1 to 31, "1er", "5th").
    Day(u8),
    /// A four-digit number that can be a year.
    Year(i16),
    /// A word a date spells between its parts ([`JOINERS`]).
    Joiner,
    Other,
}

/// Month and weekday names by the hash of their folded form, the hash a
/// [`Token`] carries, so that a token is classified without folding it again.
static NAMES: LazyLock<HashMap<u64, Word>> = LazyLock::new(|| {
    let mut folded = String::new();
    let mut names = HashMap::new();
    for &(name, month) in MONTHS {
        fold_word(name, &mut folded);
        names.insert(hash_folded(&folded), Word::Month(month));
    }
    for &(name, weekday) in WEEKDAYS {
        fold_word(name, &mut folded);
        names.insert(hash_folded(&folded), Word::Weekday(weekday));
    }
    for &joiner in JOINERS {
        fold_word(joiner, &mut folded);
        names.insert(hash_folded(&folded), Word::Joiner);
    }
    names
});

/// A month or a weekday, as a word names it in any of the languages the
/// date tables hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateWord {
    /// A month, 1 to 12.
    Month(u8),
    /// A day of the week.
    Weekday(Weekday),
}

/// Which month or weekday a word names, if it names one: "novembre",
/// "November" and "listopada" name one month, "mardi" and "dinsdag" one
/// weekday. `None` for any other word, numbers included.
pub fn date_word(word: &str) -> Option<DateWord> {
    let mut folded = String::new();
    fold_word(word, &mut folded);
    match *NAMES.get(&hash_folded(&folded))? {
        Word::Month(month) => Some(DateWord::Month(month)),
        Word::Weekday(weekday) => Some(DateWord::Weekday(weekday)),
        _ => None,
    }
}

/// What a word means for dates, from its token hash and its text.
fn classify(hash: u64, raw: &str) -> Word {
    if let Some(&word) = NAMES.get(&hash) {
        return word;
    }
    let first = raw.as_bytes().first().copied().unwrap_or(b' ');
    if !first.is_ascii_digit() {
        return Word::Other;
    }
    let digits: &str = raw.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = raw[digits.len()..].to_lowercase();
    let suffix = suffix.as_str();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Word::Other;
    }
    if digits.len() == 4 && suffix.is_empty() {
        return match digits.parse::<i16>() {
            Ok(y) if (1800..=2200).contains(&y) => Word::Year(y),
            _ => Word::Other,
        };
    }
    let ordinal = matches!(suffix, "" | "er" | "st" | "nd" | "rd" | "th" | "º" | "o");
    match digits.parse::<u8>() {
        Ok(d) if ordinal && (1..=31).contains(&d) => Word::Day(d),
        _ => Word::Other,
    }
}

/// One date the text mentions.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mention {
    /// Weekday, day and month, perhaps with a year.
    Weekday {
        weekday: Weekday,
        day: u8,
        month: u8,
        year: Option<i16>,
    },
    /// Day, month and year.
    Full(PubDate),
    /// A year on its own or after a month.
    Year(i16),
}

fn mentions(text: &str) -> Vec<Mention> {
    let tokens = tokenize(text);
    mentions_in(&date_words(tokens.iter().map(|t| (t.hash, t.text(text)))))
}

/// What each token means for dates, joiners left out, so that the parts
/// of "5 de abril de 2022" stand side by side.
fn date_words<'a>(tokens: impl Iterator<Item = (u64, &'a str)>) -> Vec<Word> {
    tokens
        .map(|(hash, raw)| classify(hash, raw))
        .filter(|&w| w != Word::Joiner)
        .collect()
}

/// The dates `words` (from [`date_words`]) mention.
fn mentions_in(words: &[Word]) -> Vec<Mention> {
    let mut found = Vec::new();
    let at = |i: usize| words.get(i).copied().unwrap_or(Word::Other);
    for i in 0..words.len() {
        match (at(i), at(i + 1), at(i + 2), at(i + 3)) {
            // "mardi 5 avril [2022]", "الثلاثاء 5 أبريل", "Tuesday, April 5[, 2022]"
            (Word::Weekday(weekday), Word::Day(day), Word::Month(month), next)
            | (Word::Weekday(weekday), Word::Month(month), Word::Day(day), next) => {
                let year = if let Word::Year(y) = next {
                    Some(y)
                } else {
                    None
                };
                found.push(Mention::Weekday {
                    weekday,
                    day,
                    month,
                    year,
                });
            }
            // "5 avril 2022", not already read as part of a weekday mention.
            (Word::Day(day), Word::Month(month), Word::Year(year), _)
                if !matches!(at(i.wrapping_sub(1)), Word::Weekday(_)) =>
            {
                found.extend(PubDate::day(year, month, day).map(Mention::Full));
            }
            // "April 5, 2022"
            (Word::Month(month), Word::Day(day), Word::Year(year), _)
                if !matches!(at(i.wrapping_sub(1)), Word::Weekday(_)) =>
            {
                found.extend(PubDate::day(year, month, day).map(Mention::Full));
            }
            (Word::Year(year), _, _, _) => found.push(Mention::Year(year)),
            _ => {}
        }
    }
    found
}

/// Infers a publication date from the dates a text mentions (see the module
/// documentation for how the evidence is weighed).
pub fn infer(text: &str) -> Option<PubDate> {
    infer_from(&mentions(text))
}

/// Infers a publication date from tokens already made: each token's hash and
/// its text.
pub fn infer_from_tokens<'a>(tokens: impl Iterator<Item = (u64, &'a str)>) -> Option<PubDate> {
    infer_from(&mentions_in(&date_words(tokens)))
}

fn infer_from(found: &[Mention]) -> Option<PubDate> {
    let mut years: Vec<i16> = found
        .iter()
        .filter_map(|m| match m {
            Mention::Year(y) => Some(*y),
            Mention::Full(d) => Some(d.year),
            Mention::Weekday { year, .. } => *year,
        })
        .collect();
    years.sort_unstable();
    years.dedup();

    let mut anchored: Vec<PubDate> = Vec::new();
    for m in found {
        if let Mention::Weekday {
            weekday,
            day,
            month,
            year,
        } = *m
        {
            let agrees =
                |y: i16| Date::new(y, month as i8, day as i8).is_ok_and(|d| d.weekday() == weekday);
            let chosen = match year {
                Some(y) => agrees(y).then_some(y),
                // The mentioned years first, then their neighbours; the
                // latest year that agrees wins.
                None => years
                    .iter()
                    .rev()
                    .copied()
                    .find(|&y| agrees(y))
                    .or_else(|| {
                        years
                            .iter()
                            .rev()
                            .flat_map(|&y| [y + 1, y - 1])
                            .find(|&y| agrees(y))
                    }),
            };
            anchored.extend(chosen.and_then(|y| PubDate::day(y, month, day)));
        }
    }
    if let Some(month) = most_common_latest(anchored.iter().map(|d| d.to_month())) {
        return Some(month);
    }
    let full = found.iter().filter_map(|m| match m {
        Mention::Full(d) => Some(d.to_month()),
        _ => None,
    });
    if let Some(month) = most_common_latest(full) {
        return Some(month);
    }
    let mentioned = found.iter().filter_map(|m| match m {
        Mention::Year(y) => Some(PubDate::year(*y)),
        _ => None,
    });
    most_common_latest(mentioned)
}

/// The value seen most often; among equals, the latest.
fn most_common_latest(values: impl Iterator<Item = PubDate>) -> Option<PubDate> {
    let mut counts: HashMap<PubDate, usize> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(d, n)| (n, d))
        .map(|(d, _)| d)
}

/// Reads the date of a dateline ("date 2022-04", "Publié le 10 avril 2024",
/// "Published April 10, 2024"): an ISO date, or the first full date.
pub fn parse_dateline(text: &str) -> Option<PubDate> {
    static ISO_IN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?").unwrap());
    static NUMERIC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b").unwrap());
    if let Some(caps) = NUMERIC.captures(text) {
        // Day first, as French and Arabic outlets write it.
        return PubDate::day(
            caps[3].parse().ok()?,
            caps[2].parse().ok()?,
            caps[1].parse().ok()?,
        );
    }
    for m in mentions(text) {
        match m {
            Mention::Full(d) => return Some(d),
            Mention::Weekday {
                day,
                month,
                year: Some(year),
                ..
            } => return PubDate::day(year, month, day),
            _ => {}
        }
    }
    ISO_IN.find(text).and_then(|m| parse_iso(m.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_order_dates_as_dates_order() {
        let date = |year, month, day, minute| PubDate {
            year,
            month,
            day,
            minute,
        };
        let mut dates = vec![
            date(2022, Some(4), Some(5), Some(0)),
            date(-44, Some(3), Some(15), None),
            date(2022, None, None, None),
            date(2022, Some(4), Some(5), Some(1439)),
            date(2021, Some(12), Some(31), Some(600)),
            date(2022, Some(4), None, None),
            date(2022, Some(4), Some(5), None),
            date(2022, Some(11), Some(1), None),
        ];
        let mut by_key = dates.clone();
        dates.sort();
        by_key.sort_by_key(PubDate::sort_key);
        assert_eq!(dates, by_key);
    }

    #[test]
    fn dates_in_addresses_in_every_common_form() {
        let day = |y, m, d| PubDate::day(y, m, d);
        let cases = [
            (
                "https://example.com/2018/04/06/titre-de-l-article/",
                day(2018, 4, 6),
            ),
            (
                "https://example.com/news/2017/11/20/story.html",
                day(2017, 11, 20),
            ),
            (
                "https://example.com/20190411/article-slug",
                day(2019, 4, 11),
            ),
            (
                "https://example.com/20190411-article-slug.html",
                day(2019, 4, 11),
            ),
            (
                "https://example.com/actu/2021-03-31-un-titre",
                day(2021, 3, 31),
            ),
            (
                "https://example.com/a?id=5&date=2021-03-31",
                day(2021, 3, 31),
            ),
            ("https://example.com/a?d=20210331", day(2021, 3, 31)),
            (
                "https://www.aljazeera.net/news/2023/9/9/zilzal",
                day(2023, 9, 9),
            ),
            (
                "https://example.es/2020/11/",
                Some(PubDate {
                    month: Some(11),
                    ..PubDate::year(2020)
                }),
            ),
        ];
        for (url, date) in cases {
            assert_eq!(from_url(url), date, "{url}");
        }
        for not_a_date in [
            "https://www.assahifa.com/?p=123223",
            "https://example.com/article/201904111234",
            "https://example.com/2019/13/40/x",
            "https://example.com/1066/10/14/hastings",
            "https://example.com/products/12345678",
            "https://example.com/a-b/2021-02-30-slug",
            "not a url",
        ] {
            assert_eq!(from_url(not_a_date), None, "{not_a_date}");
        }
    }

    fn d(s: &str) -> PubDate {
        parse_iso(s).unwrap()
    }

    #[test]
    fn parses_partial_iso_dates() {
        assert_eq!(d("2022").to_string(), "2022");
        assert_eq!(d("2022-04").to_string(), "2022-04");
        assert_eq!(d("2022-04-05T10:00:00Z").to_string(), "2022-04-05T10:00");
        assert_eq!(d("2022-4-5").to_string(), "2022-04-05");
        assert_eq!(d(" 2022-04-05 10h ").to_string(), "2022-04-05");
        assert_eq!(parse_iso("2022-02-30"), None);
        assert_eq!(parse_iso("yesterday"), None);
        for bad in [
            "22-04-05",
            "2022-",
            "2022-04-",
            "2022-004",
            "2022-04-05-01",
            "2022x",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_weekday_places_a_day_in_the_year_whose_calendar_agrees() {
        // 4 April was a Monday in 2022, not in 2021 or 2023.
        let text = "Depuis 2021, les relations se sont réchauffées. La visite du lundi 4 avril l'a montré.";
        assert_eq!(infer(text).unwrap().to_string(), "2022-04");
    }

    #[test]
    fn a_weekday_that_contradicts_every_candidate_year_is_ignored() {
        // 5 November was a Saturday in 2022 and a Friday in 2021: the text's
        // "mardi 5 novembre" is an error; "mardi 5 avril" agrees with 2022.
        let text = "C'est ce que rapporte ce mardi 5 novembre la presse. Les manœuvres de 2022 \
                    ont été annoncées le mardi 5 avril, un an après celles de 2021.";
        assert_eq!(infer(text).unwrap().to_string(), "2022-04");
    }

    #[test]
    fn english_and_arabic_mentions() {
        assert_eq!(
            infer("On Tuesday, April 5, the minister said 2022 would be hard.")
                .unwrap()
                .to_string(),
            "2022-04"
        );
        assert_eq!(
            infer("أعلنت الوزارة يوم الثلاثاء 5 أبريل 2022 عن خطة جديدة")
                .unwrap()
                .to_string(),
            "2022-04"
        );
    }

    #[test]
    fn spanish_portuguese_italian_german_and_dutch_mentions() {
        for (text, month) in [
            (
                "El ministro habló el martes 5 de abril sobre el plan de 2022.",
                "2022-04",
            ),
            (
                "A reunião de quarta-feira, 6 de abril, fechou o ano de 2022.",
                "2022-04",
            ),
            (
                "Il governo ha parlato venerdì 8 aprile, dopo le elezioni del 2022.",
                "2022-04",
            ),
            (
                "Am Dienstag, 5. April, sagte der Minister, 2022 werde hart.",
                "2022-04",
            ),
            ("De minister sprak op dinsdag 5 april over 2022.", "2022-04"),
            (
                "Firmado el 12 de marzo de 2021 y ratificado en 2019.",
                "2021-03",
            ),
            ("Assinado em 1º de maio de 2021.", "2021-05"),
        ] {
            assert_eq!(infer(text).unwrap().to_string(), month, "{text}");
        }
        // "segunda" is a weekday only where a date follows it.
        assert_eq!(
            infer("A segunda fase começou em 2020.")
                .unwrap()
                .to_string(),
            "2020"
        );
    }

    #[test]
    fn months_as_dates_write_them_in_more_languages() {
        for (text, month) in [
            ("Sejm uchwalił ustawę 14 listopada 2026 r.", "2026-11"),
            ("Vláda schválila zákon 3. března 2025.", "2025-03"),
            ("Заседание состоялось 25 ноября 2026 года.", "2026-11"),
            ("Засідання відбулося 2 жовтня 2024 року.", "2024-10"),
            ("Η συνεδρίαση έγινε στις 7 Μαΐου 2023.", "2023-05"),
            ("Guvernul a aprobat legea pe 9 decembrie 2022.", "2022-12"),
            ("Toplantı 14 Kasım 2026 tarihinde yapıldı.", "2026-11"),
            ("Mötet hölls den 4 augusti 2021.", "2021-08"),
            ("Kokous pidettiin 14. marraskuuta 2026.", "2026-11"),
            ("Rapat digelar pada 17 Agustus 2025.", "2025-08"),
        ] {
            assert_eq!(infer(text).unwrap().to_string(), month, "{text}");
        }
    }

    #[test]
    fn full_dates_then_years_when_no_weekday_helps() {
        assert_eq!(
            infer("Signed on 12 March 2021 and ratified on 3 May 2021.")
                .unwrap()
                .to_string(),
            "2021-05"
        );
        assert_eq!(
            infer("Les élections de 2024 et de 2024, après 2019.")
                .unwrap()
                .to_string(),
            "2024"
        );
        assert_eq!(infer("Rien de daté ici."), None);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            parse_dateline(" date 2022-04 ").unwrap().to_string(),
            "2022-04"
        );
        assert_eq!(
            parse_dateline("Publié le 10 avril 2024 à 08h30")
                .unwrap()
                .to_string(),
            "2024-04-10"
        );
        assert_eq!(
            parse_dateline("Published April 10, 2024")
                .unwrap()
                .to_string(),
            "2024-04-10"
        );
        assert_eq!(
            parse_dateline("Publié le 05/04/2022").unwrap().to_string(),
            "2022-04-05"
        );
    }

    #[test]
    fn times_of_day_are_kept_in_utc() {
        assert_eq!(
            d("2024-04-09T10:00:00+02:00").to_string(),
            "2024-04-09T08:00"
        );
        assert_eq!(d("2024-04-09T10:15").to_string(), "2024-04-09T10:15");
        assert_eq!(d("2024-04-09 23:30:00Z").to_string(), "2024-04-09T23:30");
        use std::cmp::Ordering::*;
        assert_eq!(
            d("2024-04-09T08:00Z").compare(&d("2024-04-09T11:00+02:00")),
            Less
        );
        assert_eq!(d("2024-04-09").compare(&d("2024-04-09T10:00")), Equal);
    }

    #[test]
    fn comparison_at_the_common_precision() {
        use std::cmp::Ordering::*;
        assert_eq!(d("2022-04").compare(&d("2022-04-05")), Equal);
        assert_eq!(d("2022-03-30").compare(&d("2022-04")), Less);
        assert_eq!(d("2023").compare(&d("2022-12-31")), Greater);
    }

    #[test]
    fn a_date_goes_to_parquet_seconds_and_back_at_its_precision() {
        for text in [
            "2022",
            "2022-04",
            "2022-04-05",
            "2022-04-05T08:30",
            "1969-12-31",
        ] {
            let date = parse_iso(text).unwrap();
            let seconds = date.start_seconds().unwrap();
            assert_eq!(
                PubDate::from_start_seconds(seconds, date.precision()),
                Some(date),
                "{text}"
            );
        }
        let day = parse_iso("2022-04-05").unwrap();
        assert_eq!(day.start_seconds(), Some(1_649_116_800));
        assert_eq!(day.precision(), "day");
        assert_eq!(
            parse_iso("2022-04").unwrap().start_seconds(),
            Some(1_648_771_200)
        );
        assert_eq!(PubDate::from_start_seconds(0, "fortnight"), None);
    }
}
