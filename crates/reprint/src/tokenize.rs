//! The tokenize stage: text in, folded and hashed words with their spans out.
//!
//! Words are UAX #29 word segments that hold at least one letter or digit.
//! French and Italian elisions are split off (`l’homme` gives `l` and
//! `homme`, with either apostrophe), because one outlet writes `l'` where
//! another writes `l’` and a reprint must still match word for word.
//!
//! Each word is folded so that spellings which differ only in presentation
//! hash alike: NFKC, lowercase, combining marks stripped (so `é` folds to
//! `e`, and Arabic harakat vanish), ligatures `œ`/`æ`/`ß` spelled out, and
//! Arabic tatweel dropped and letter variants unified (alef forms to bare
//! alef, alef maqsura to ya, ta marbuta to ha). The fold is what
//! [`fold_word`] returns; a token's hash is [`hash_folded`] of it.

use std::sync::LazyLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use memo::{Key, Remembered, WordMemo, MEMO};

mod memo;

/// One word of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// [`hash_folded`] of the folded word; equal words hash equal in every
    /// document.
    pub hash: u64,
    /// First code point of the word in the text.
    pub begin: u32,
    /// First code point after the word.
    pub end: u32,
    /// First byte of the word in the text.
    pub byte_begin: u32,
    /// First byte after the word.
    pub byte_end: u32,
}

impl Token {
    /// The word as the text writes it.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_begin as usize..self.byte_end as usize]
    }
}

/// Elided articles and pronouns that are written joined to the next word by
/// an apostrophe and that count as words of their own.
const ELISIONS: &[&str] = &[
    // French
    "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "quelqu", // Italian
    "all", "dall", "dell", "nell", "sull", "coll", "quell", "un",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// What a code point is to word segmentation (UAX #29), for the code points
/// [`simple_words`] handles.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// Joins letters only (`:`, `·`).
    MidLetter,
    /// Joins letters, and digits (`.`, `’`, `‘`, `'`).
    MidNumLet,
    /// Joins digits only (`,`, `;`).
    MidNum,
    /// `_`, which joins anything word-like.
    Connector,
    /// Combining marks (Arabic harakat), which belong to the code point
    /// before them.
    Extend,
    Other,
    /// Past the last code point of the text.
    End,
    /// Outside the alphabet [`simple_words`] handles.
    Unknown,
}

impl Class {
    /// Whether a run of such code points forms a word by itself.
    fn word_like(self) -> bool {
        matches!(self, Class::Letter | Class::Digit | Class::Connector)
    }
}

/// The class of `c`; [`Class::Unknown`] outside the alphabet
/// [`simple_words`] handles.
fn simple_class(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        ':' | '\u{B7}' => Class::MidLetter,
        '.' | '\'' | '\u{2018}' | '\u{2019}' => Class::MidNumLet,
        ',' | ';' => Class::MidNum,
        '_' => Class::Connector,
        '\u{0}'..='\u{7F}' => Class::Other,
        // Latin-1 letters, Latin Extended-A and -B.
        '\u{C0}'..='\u{24F}' if c != '\u{D7}' && c != '\u{F7}' => Class::Letter,
        // Arabic letters (tatweel among them), harakat, and digits both
        // Arabic-Indic and Persian.
        '\u{620}'..='\u{64A}' | '\u{671}'..='\u{6D3}' | '\u{6D5}' => Class::Letter,
        '\u{64B}'..='\u{65F}' | '\u{670}' => Class::Extend,
        '\u{660}'..='\u{669}' | '\u{6F0}'..='\u{6F9}' => Class::Digit,
        '\u{60C}' => Class::MidNum,
        '\u{61B}' | '\u{61F}' | '\u{6D4}' | '\u{66A}' => Class::Other,
        // Spaces, quotation marks, dashes, ellipsis, currency.
        '\u{A0}' | '\u{AB}' | '\u{BB}' | '\u{A7}' | '\u{B0}' | '\u{2013}' | '\u{2014}'
        | '\u{201C}' | '\u{201D}' | '\u{2026}' | '\u{20AC}' | '\u{A3}' => Class::Other,
        _ => Class::Unknown,
    }
}

/// [`simple_class`] of each code point below [`TABLE_END`], looked up
/// instead of matched.
static CLASS_TABLE: LazyLock<Vec<Class>> = LazyLock::new(|| {
    (0..TABLE_END)
        .map(|cp| char::from_u32(cp).map_or(Class::Unknown, simple_class))
        .collect()
});

/// Whether each byte is an ASCII letter or digit.
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// One code point of the text, as the scanner reads it.
#[derive(Clone, Copy)]
struct Unit {
    class: Class,
    /// Length in bytes; 0 at the end of the text.
    len: usize,
    code: char,
}

/// Reads the code point at byte `at` of `text`, a character boundary.
#[inline(always)]
fn unit_at(text: &str, at: usize, classes: &[Class]) -> Unit {
    match text.as_bytes().get(at) {
        None => Unit {
            class: Class::End,
            len: 0,
            code: '\0',
        },
        Some(&byte) if byte < 0x80 => Unit {
            class: classes[byte as usize],
            len: 1,
            code: byte as char,
        },
        Some(_) => {
            let code = text[at..]
                .chars()
                .next()
                .expect("`at` is a character boundary");
            Unit {
                class: classes
                    .get(code as usize)
                    .copied()
                    .unwrap_or_else(|| simple_class(code)),
                len: code.len_utf8(),
                code,
            }
        }
    }
}

/// Calls `emit(word)` for each word segment of `text`, when every code point
/// of `text` is in the alphabet [`simple_class`] knows, and returns `true`;
/// returns `false` as soon as it meets one that is not (words emitted so far
/// must then be discarded).
///
/// For that alphabet this is UAX #29 word segmentation restricted to its
/// segments holding a letter or digit, as `unicode-segmentation` computes
/// it (a property test compares the two), at a fraction of the cost. Each
/// code point is read once, and a word's hash is taken as it is read; a
/// word `memo` holds is not read at all.
fn simple_words<'a>(text: &'a str, memo: &mut WordMemo, mut emit: impl FnMut(Segment<'a>)) -> bool {
    let bytes = text.as_bytes();
    let classes = CLASS_TABLE.as_slice();
    let table = &*FOLD_TABLE;
    let packed = PACKED_FOLDS.as_slice();
    let unit_at = |at: usize| unit_at(text, at, classes);
    // `at` is the byte of the next code point to read, `chars` its index.
    let (mut at, mut chars) = (0usize, 0u32);
    // The code point that ended the last word, already read.
    let mut ended_by: Option<Unit> = None;
    loop {
        let first = loop {
            let unit = ended_by.take().unwrap_or_else(|| unit_at(at));
            match unit.class {
                Class::End => return true,
                // A mark that follows no letter is a word of its own to UAX
                // #29 when it is alphabetic; left to the full algorithm.
                Class::Unknown | Class::Extend => return false,
                class if class.word_like() => break unit,
                _ => {
                    at += unit.len;
                    chars += 1;
                }
            }
        };
        let key = Key::at(bytes, at);
        if let Some((len, word)) = key.and_then(|key| Some((key.len, memo.get(&key)?))) {
            emit(Segment {
                byte: at,
                chars: (chars, chars + u32::from(word.chars)),
                text: &text[at..at + len],
                apostrophe: word.apostrophe,
                hash: word.hash,
            });
            at += len;
            chars += u32::from(word.chars);
            continue;
        }
        let (start, start_chars) = (at, chars);
        let mut hash = FoldHash::new();
        // Whether every code point so far folded on its own.
        let mut folded = true;
        let mut has_alnum = false;
        let mut apostrophe = false;
        // The class of the last code point read that was not a mark.
        let mut last = first.class;
        let terminator = loop {
            // Most of a word is ASCII letters or digits: read eight bytes
            // at a time, and hash the run of them they start with.
            let run_start = at;
            while let Some(eight) = bytes
                .get(at..at + 8)
                .filter(|_| ASCII_ALNUM[bytes[at] as usize])
            {
                let eight = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
                let run = ascii_alnum_run(eight);
                let kept = match run {
                    8 => eight,
                    _ => eight & ((1u64 << (8 * run)) - 1),
                };
                hash.append(lowercase_ascii8(kept), run);
                at += run as usize;
                if run < 8 {
                    break;
                }
            }
            if bytes.len() - at < 8 {
                let run = bytes[at..]
                    .iter()
                    .position(|&b| !ASCII_ALNUM[b as usize])
                    .unwrap_or(bytes.len() - at);
                hash.write_ascii_lowercased(bytes, at..at + run);
                at += run;
            }
            if at > run_start {
                (last, has_alnum) = (classes[bytes[at - 1] as usize], true);
                chars += (at - run_start) as u32;
            }
            // Accented Latin letters, Arabic letters and their marks are two
            // bytes long: decoded and folded by table.
            if let [lead @ 0xc2..=0xdf, trail, ..] = bytes[at..] {
                let code = (usize::from(lead & 0x1f) << 6) | usize::from(trail & 0x3f);
                if let (Some(&class), Some(&Some(fold))) = (classes.get(code), packed.get(code)) {
                    if matches!(class, Class::Letter | Class::Digit | Class::Extend) {
                        hash.append(fold.bytes, fold.count);
                        if class != Class::Extend {
                            (last, has_alnum) = (class, true);
                        }
                        at += 2;
                        chars += 1;
                        continue;
                    }
                }
            }
            let next = unit_at(at);
            if next.class == Class::Extend || next.class.word_like() {
                folded &= hash.write_char(next.code, table);
                if next.class != Class::Extend {
                    last = next.class;
                    has_alnum |= next.class != Class::Connector;
                }
                at += next.len;
                chars += 1;
                continue;
            }
            let joined = match (last, next.class) {
                (Class::Letter, Class::MidLetter | Class::MidNumLet) => Class::Letter,
                (Class::Digit, Class::MidNum | Class::MidNumLet) => Class::Digit,
                _ => break next,
            };
            let after = unit_at(at + next.len);
            // A mark after the joining code point would join it (UAX #29
            // rule WB4); that rare case is left to the full algorithm.
            if matches!(after.class, Class::Unknown | Class::Extend) {
                return false;
            }
            if after.class != joined {
                break next;
            }
            folded &= hash.write_char(next.code, table);
            folded &= hash.write_char(after.code, table);
            apostrophe |= next.class == Class::MidNumLet && next.code != '.';
            last = joined;
            at += next.len + after.len;
            chars += 2;
        };
        ended_by = Some(terminator);
        if has_alnum {
            let word = &text[start..at];
            let hash = match folded {
                true => hash.finish(),
                false => hash_word(word, &mut String::new()),
            };
            // A segment without a letter or digit (a run of connectors) is
            // rare, and the memo keeps only words.
            if let Some(key) = key.filter(|key| key.len == word.len()) {
                memo.put(
                    &key,
                    Remembered {
                        chars: (chars - start_chars) as u8,
                        apostrophe,
                        hash,
                    },
                );
            }
            emit(Segment {
                byte: start,
                chars: (start_chars, chars),
                text: word,
                apostrophe,
                hash,
            });
        }
    }
}

/// A word segment as the scanner found it.
struct Segment<'a> {
    /// Where it starts, in bytes.
    byte: usize,
    /// Where it starts and ends, in code points.
    chars: (u32, u32),
    /// Its text.
    text: &'a str,
    /// Whether it may hold an apostrophe (and so an elision to split off).
    apostrophe: bool,
    /// The hash of its fold, [`hash_word`] of its text.
    hash: u64,
}

/// Splits `text` into tokens, appending them to `out` in text order.
///
/// Spans are code-point offsets into `text` plus `base`, so a caller that
/// tokenizes a region of a larger text passes the region's start (in code
/// points) and gets offsets into the whole; byte offsets are into `text`
/// itself. The buffer `out` is reused by callers that tokenize many texts,
/// to avoid an allocation per document.
pub fn tokenize_into(text: &str, base: u32, out: &mut Vec<Token>) {
    let mut scratch = String::new();
    let first = out.len();
    let simple = MEMO.with_borrow_mut(|memo| {
        simple_words(text, memo, |segment| {
            let chars = (base + segment.chars.0, base + segment.chars.1);
            if segment.apostrophe {
                push_word(segment.text, (chars.0, segment.byte), &mut scratch, out);
            } else {
                // Known to hold a letter or digit and to have no elision.
                out.push(Token {
                    hash: segment.hash,
                    begin: chars.0,
                    end: chars.1,
                    byte_begin: segment.byte as u32,
                    byte_end: (segment.byte + segment.text.len()) as u32,
                });
            }
        })
    });
    if simple {
        return;
    }
    out.truncate(first);
    let mut chars_before = base;
    let mut bytes_before = 0usize;
    for (byte, segment) in text.split_word_bound_indices() {
        // Advance the code-point counter over everything since the last word.
        chars_before += count_chars(&text[bytes_before..byte]);
        bytes_before = byte;
        if segment.chars().any(char::is_alphanumeric) {
            push_word(segment, (chars_before, byte), &mut scratch, out);
        }
    }
}

/// Appends the tokens of one word segment that starts at code point
/// `begin` and byte `byte` of the text: one token, or two when an elision
/// is split off.
fn push_word(
    segment: &str,
    (begin, byte): (u32, usize),
    scratch: &mut String,
    out: &mut Vec<Token>,
) {
    let mut word = segment;
    let (mut word_begin, mut word_byte) = (begin, byte);
    if let Some((prefix, rest)) = split_elision(segment) {
        push_token(prefix, (word_begin, word_byte), scratch, out);
        word = rest;
        // The apostrophe is one code point.
        word_begin += count_chars(prefix) + 1;
        word_byte = byte + (segment.len() - rest.len());
    }
    if word.chars().any(char::is_alphanumeric) {
        push_token(word, (word_begin, word_byte), scratch, out);
    }
}

/// Tokenizes a whole text, with offsets from its start.
pub fn tokenize(text: &str) -> Vec<Token> {
    // News runs about six bytes a word with its space; sizing for that
    // spares most documents every step of doubling the vector.
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    tokenize_into(text, 0, &mut tokens);
    tokens
}

/// The number of code points in `s`, quickly for ASCII.
pub(crate) fn count_chars(s: &str) -> u32 {
    if s.is_ascii() {
        s.len() as u32
    } else {
        s.chars().count() as u32
    }
}

/// Whether `c` is of the scripts of Chinese, Japanese or Korean: U+3000 to
/// U+D7FF (their punctuation, kana, ideographs, Hangul), and the
/// ideographs of the supplementary planes. These scripts run their words
/// together, so what counts words by spaces must count their characters.
pub fn is_east_asian(c: char) -> bool {
    matches!(c as u32, 0x3000..=0xd7ff | 0x20000..=0x3ffff)
}

/// Whether `c` is a Chinese or Japanese ideograph or a kana: the
/// characters of scripts that write no spaces between words, each of them
/// a token of its own (Korean spaces its words).
pub fn is_ideograph_or_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3ffff)
}

/// The hash of a folded word, as [`Token::hash`] holds it: its UTF-8 bytes
/// packed eight to a block, each block mixed in with one multiplication,
/// and the result finished with the MurmurHash3 mixer so that every bit of
/// it depends on every byte.
pub fn hash_folded(folded: &str) -> u64 {
    let mut hash = FoldHash::new();
    hash.write(folded.as_bytes());
    hash.finish()
}

/// The hash [`hash_folded`] computes, fed byte by byte as a word is folded.
///
/// Words are short, so a hash that multiplies once per byte (FNV) spends
/// most of its time waiting on that chain of multiplications; packing bytes
/// into blocks first costs a shift per byte instead.
struct FoldHash {
    state: u64,
    block: u64,
    /// Bytes in `block`.
    filled: u32,
    /// Bytes written in all.
    len: u64,
}

impl FoldHash {
    fn new() -> Self {
        FoldHash {
            state: 0x243f_6a88_85a3_08d3,
            block: 0,
            filled: 0,
            len: 0,
        }
    }

    #[inline(always)]
    fn write_byte(&mut self, byte: u8) {
        self.block |= u64::from(byte) << (8 * self.filled);
        self.filled += 1;
        self.len += 1;
        if self.filled == 8 {
            self.mix_block();
        }
    }

    #[inline(always)]
    fn mix_block(&mut self) {
        self.state = (self.state ^ self.block)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
        self.block = 0;
        self.filled = 0;
    }

    /// Feeds `text[range]`, ASCII, lowercased, as [`FoldHash::write_byte`]
    /// would one by one. Reading eight bytes at a time may look past the
    /// range's end (never past the text's), which is why the whole text is
    /// passed.
    #[inline(always)]
    fn write_ascii_lowercased(&mut self, text: &[u8], range: std::ops::Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            let count = (range.end - at).min(8);
            let loaded = match text.get(at..at + 8) {
                Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
                None => {
                    let mut padded = [0u8; 8];
                    padded[..count].copy_from_slice(&text[at..at + count]);
                    u64::from_le_bytes(padded)
                }
            };
            let kept = match count {
                8 => loaded,
                _ => loaded & ((1u64 << (8 * count)) - 1),
            };
            at += count;
            self.append(lowercase_ascii8(kept), count as u32);
        }
    }

    /// Feeds the low `count` bytes of `bytes` (at most eight; the others
    /// are zero), lowest first.
    #[inline(always)]
    fn append(&mut self, bytes: u64, count: u32) {
        self.len += u64::from(count);
        self.block |= bytes << (8 * self.filled);
        let filled = self.filled + count;
        if filled < 8 {
            self.filled = filled;
            return;
        }
        // The bytes that did not fit in the block start the next one.
        let carried = match self.filled {
            0 => 0,
            used => bytes >> (8 * (8 - used)),
        };
        self.mix_block();
        self.block = carried;
        self.filled = filled - 8;
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_byte(b);
        }
    }

    /// Feeds the fold of one code point of a word, as [`fold_word`] folds
    /// it, when that fold is one code point's alone: below [`TABLE_END`],
    /// or the apostrophes `’` and `‘`, which fold to `'`. Returns `false`,
    /// feeding nothing, for any other code point: the word must then be
    /// folded whole.
    #[inline(always)]
    fn write_char(&mut self, c: char, table: &[String]) -> bool {
        if c.is_ascii() {
            self.write_byte((c as u8).to_ascii_lowercase());
        } else if let Some(fold) = table.get(c as usize) {
            self.write(fold.as_bytes());
        } else if matches!(c, '\u{2018}' | '\u{2019}') {
            self.write_byte(b'\'');
        } else {
            return false;
        }
        true
    }

    fn finish(&self) -> u64 {
        let mut h = self.state ^ self.block ^ self.len.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Eight ASCII bytes with `A`..=`Z` lowercased, all at once: a byte gets
/// its 0x20 bit when adding 0x3F carries into its top bit (it is at least
/// `A`) and adding 0x25 does not (it is at most `Z`). Bytes below 0x80 never
/// carry into their neighbour.
fn lowercase_ascii8(bytes: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let at_least_a = bytes + 0x3f * EACH;
    let above_z = bytes + 0x25 * EACH;
    let upper = at_least_a & !above_z & (0x80 * EACH);
    bytes | (upper >> 2)
}

/// The ASCII letters and digits among eight bytes, as their top bits. A
/// byte is a digit when adding 0x50 sets its top bit and adding 0x46 does
/// not; a letter when, with its 0x20 bit set, adding 0x1F does and adding
/// 0x05 does not. Bytes below 0x80 never carry into their neighbour, and
/// bytes above are masked out.
fn ascii_alnum_bytes(bytes: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let between =
        |x: u64, low: u64, high: u64| (x + (0x80 - low) * EACH) & !(x + (0x7f - high) * EACH);
    let ascii = !bytes & (0x80 * EACH);
    let low7 = bytes & (0x7f * EACH);
    let digit = between(low7, b'0' as u64, b'9' as u64);
    let letter = between(low7 | (0x20 * EACH), b'a' as u64, b'z' as u64);
    (digit | letter) & ascii
}

/// How many of eight bytes, lowest first, are ASCII letters or digits
/// before the first that is not.
fn ascii_alnum_run(bytes: u64) -> u32 {
    (!ascii_alnum_bytes(bytes) & 0x8080_8080_8080_8080).trailing_zeros() / 8
}

/// The hash of `word`'s fold, `hash_folded(fold_word(word))`, computed
/// without building the folded word when the fold table covers it.
fn hash_word(word: &str, scratch: &mut String) -> u64 {
    let mut hash = FoldHash::new();
    let table = &*FOLD_TABLE;
    for c in word.chars() {
        if !hash.write_char(c, table) {
            fold_slowly(word, scratch);
            return hash_folded(scratch);
        }
    }
    hash.finish()
}

/// Appends the token for `word`, which starts at code point `begin` and
/// byte `byte` of the text.
fn push_token(word: &str, (begin, byte): (u32, usize), scratch: &mut String, out: &mut Vec<Token>) {
    out.push(Token {
        hash: hash_word(word, scratch),
        begin,
        end: begin + count_chars(word),
        byte_begin: byte as u32,
        byte_end: (byte + word.len()) as u32,
    });
}

/// Splits `l’homme` into (`l`, `homme`): the elided prefix and the rest,
/// without the apostrophe. `None` when the word does not start with a known
/// elision followed by more of the word.
fn split_elision(word: &str) -> Option<(&str, &str)> {
    let (at, apostrophe) = word.char_indices().find(|&(_, c)| is_apostrophe(c))?;
    let prefix = &word[..at];
    let rest = &word[at + apostrophe.len_utf8()..];
    if rest.is_empty() || prefix.len() > 6 {
        return None;
    }
    let is_elision = ELISIONS
        .iter()
        .any(|elision| prefix.eq_ignore_ascii_case(elision));
    is_elision.then_some((prefix, rest))
}

/// Code points below this fold one by one through [`FOLD_TABLE`]: Latin,
/// Greek, Cyrillic, Armenian, Hebrew and Arabic.
const TABLE_END: u32 = 0x0700;

/// The fold of each code point below [`TABLE_END`], taken from
/// [`fold_slowly`] itself. For these code points folding a word is folding
/// each of its code points: the only way NFKC joins code points is by
/// composing combining marks, and folding strips those again.
static FOLD_TABLE: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut buffer = [0u8; 4];
    (0..TABLE_END)
        .map(|cp| match char::from_u32(cp) {
            Some(c) => {
                let mut folded = String::new();
                fold_slowly(c.encode_utf8(&mut buffer), &mut folded);
                folded
            }
            None => String::new(),
        })
        .collect()
});

/// A code point's fold packed for [`FoldHash::append`]: its UTF-8 bytes,
/// lowest first, and how many there are.
#[derive(Clone, Copy)]
struct PackedFold {
    bytes: u64,
    count: u32,
}

/// [`FOLD_TABLE`] packed, for the scanner's two-byte fast path; `None` for
/// the few folds longer than eight bytes.
static PACKED_FOLDS: LazyLock<Vec<Option<PackedFold>>> = LazyLock::new(|| {
    FOLD_TABLE
        .iter()
        .map(|fold| {
            let mut bytes = [0u8; 8];
            bytes
                .get_mut(..fold.len())?
                .copy_from_slice(fold.as_bytes());
            Some(PackedFold {
                bytes: u64::from_le_bytes(bytes),
                count: fold.len() as u32,
            })
        })
        .collect()
});

/// Writes the folded form of `word` into `out` (which is cleared first).
///
/// Folding is idempotent: folding a folded word gives it back unchanged.
pub fn fold_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    if word.chars().all(|c| (c as u32) < TABLE_END) {
        let table = &*FOLD_TABLE;
        for c in word.chars() {
            out.push_str(&table[c as usize]);
        }
        return;
    }
    fold_slowly(word, out);
}

/// Folding by the book, for any text: NFKC, lowercase, canonical
/// decomposition with the combining marks dropped, and the special cases.
fn fold_slowly(word: &str, out: &mut String) {
    out.clear();
    for c in word.nfkc().flat_map(char::to_lowercase) {
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                'ß' => out.push_str("ss"),
                '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
                // Arabic tatweel: a stretching stroke, not a letter.
                '\u{0640}' => {}
                // Alef wasla (the other alef forms lose their hamza or madda
                // as combining marks above).
                '\u{0671}' => out.push('\u{0627}'),
                // Alef maqsura is written for final ya by many outlets.
                '\u{0649}' => out.push('\u{064A}'),
                // Ta marbuta, often written as ha.
                '\u{0629}' => out.push('\u{0647}'),
                _ => out.push(native_digit(d).unwrap_or(d)),
            }
        });
    }
}

/// The first code point (digit zero) of each run of ten decimal digits that
/// news is written in besides ASCII: Arabic-Indic, Persian and Urdu, N'Ko,
/// the Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer and Mongolian.
/// (Fullwidth digits need no entry: NFKC folds them.)
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810,
];

/// The ASCII digit a native decimal digit stands for: one outlet writes
/// ٢٠٢٤ where another reprints 2024, and a figure is the same fact in
/// either script.
fn native_digit(c: char) -> Option<char> {
    let code = c as u32;
    // Latin, Greek, Cyrillic and most of Arabic lie below the first zero.
    if code < DIGIT_ZEROS[0] {
        return None;
    }
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|&zero| char::from_digit(code - zero, 10))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(text)
            .iter()
            .map(|t| chars[t.begin as usize..t.end as usize].iter().collect())
            .collect()
    }

    fn folded(word: &str) -> String {
        let mut out = String::new();
        fold_word(word, &mut out);
        out
    }

    #[test]
    fn splits_elisions_with_both_apostrophes() {
        assert_eq!(
            words("L’homme qu'en d’aujourd’hui jusqu’à"),
            ["L", "homme", "qu", "en", "d", "aujourd’hui", "jusqu", "à"]
        );
    }

    #[test]
    fn keeps_numbers_and_english_contractions_whole() {
        assert_eq!(
            words("3,5 millions don't 2022-04"),
            ["3,5", "millions", "don't", "2022", "04"]
        );
    }

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(folded("Manœuvres"), "manoeuvres");
        assert_eq!(folded("SÉCURITÉ"), "securite");
        assert_eq!(folded("Straße"), "strasse");
        assert_eq!(folded("ﬁn"), "fin");
    }

    #[test]
    fn folds_arabic_variants() {
        // Harakat and tatweel vanish; hamza-alef and madda-alef become alef.
        assert_eq!(folded("الْعَرَبِيَّة"), folded("العربيه"));
        assert_eq!(folded("أحمد"), folded("احمد"));
        assert_eq!(folded("إسلام"), folded("اسلام"));
        assert_eq!(folded("آخر"), folded("اخر"));
        assert_eq!(folded("علـــى"), folded("علي"));
    }

    #[test]
    fn native_digits_fold_to_ascii_and_hash_alike() {
        assert_eq!(folded("٢٠٢٤"), "2024");
        assert_eq!(folded("۱۴۰۳"), "1403");
        assert_eq!(folded("२०२४"), "2024");
        assert_eq!(folded("๒๕๖๗"), "2567");
        // The same figure in a sentence, as either outlet writes it.
        let hashes = |text| tokenize(text).iter().map(|t| t.hash).collect::<Vec<_>>();
        assert_eq!(hashes("قتل ٥٢٠ شخصا"), hashes("قتل 520 شخصا"));
        // Every zero in the table is a digit zero, and its run holds ten
        // digits.
        for &zero in DIGIT_ZEROS {
            let digits: Vec<char> = (zero..zero + 10).filter_map(char::from_u32).collect();
            assert!(digits.iter().all(|c| c.is_numeric()), "{zero:x}");
            assert_eq!(
                digits
                    .iter()
                    .map(|&c| native_digit(c))
                    .collect::<Option<String>>()
                    .as_deref(),
                Some("0123456789")
            );
        }
    }

    #[test]
    fn offsets_count_code_points_not_bytes() {
        let text = "Été « déjà » vu";
        let tokens = tokenize(text);
        assert_eq!((tokens[1].begin, tokens[1].end), (6, 10));
        assert_eq!((tokens[2].begin, tokens[2].end), (13, 15));
    }

    #[test]
    fn base_offsets_shift_spans() {
        let tokens = tokenize_into_vec("un deux", 10);
        assert_eq!((tokens[1].begin, tokens[1].end), (13, 17));
    }

    fn tokenize_into_vec(text: &str, base: u32) -> Vec<Token> {
        let mut out = Vec::new();
        tokenize_into(text, base, &mut out);
        out
    }

    proptest! {
        #[test]
        fn spans_increase_lie_inside_and_fold_to_the_token(
            text in "([a-zA-Zéàœ’'ةأـَ0-9,.«» \n-]|l’|qu'){0,80}"
        ) {
            let chars: Vec<char> = text.chars().collect();
            let tokens = tokenize(&text);
            let mut last_end = 0;
            for token in &tokens {
                prop_assert!(token.begin < token.end);
                prop_assert!(token.begin >= last_end);
                prop_assert!(token.end as usize <= chars.len());
                last_end = token.end;
                let under: String = chars[token.begin as usize..token.end as usize].iter().collect();
                prop_assert_eq!(hash_folded(&folded(&under)), token.hash);
                prop_assert_eq!(token.text(&text), under.as_str());
            }
        }

        #[test]
        fn simple_segmentation_agrees_with_unicode_segmentation(
            text in "([a-zA-Z0-9éèÀœßÿ:·.'‘’,;_ \n«»–—“”…€]|l’|qu'|3,5|U\\.S|e\\.g\\.|a_b|[ابةىأـ٠٣،؛؟۔٪۴ۀ]|بَ|ةُ|اِّ|ىٰ){0,150}"
        ) {
            let mut simple: Vec<(usize, &str)> = Vec::new();
            let mut scratch = String::new();
            let mut hashes: Vec<(u64, u64)> = Vec::new();
            let simple_alphabet = MEMO.with_borrow_mut(|memo| simple_words(&text, memo, |segment| {
                if !segment.apostrophe {
                    hashes.push((segment.hash, hash_word(segment.text, &mut scratch)));
                }
                simple.push((segment.byte, segment.text));
            }));
            prop_assert!(simple_alphabet);
            for (fused, by_word) in hashes {
                prop_assert_eq!(fused, by_word);
            }
            let reference: Vec<(usize, &str)> = text
                .split_word_bound_indices()
                .filter(|(_, s)| s.chars().any(char::is_alphanumeric))
                .collect();
            prop_assert_eq!(simple, reference);
        }

        #[test]
        fn words_from_the_memo_are_the_words_read_again(
            words in proptest::collection::vec(
                "([a-zA-Zéàœ’'0-9_.,:;]{1,8}|l’|3,5|U\\.S|بَة|ىٰ)",
                1..40,
            ),
            separators in proptest::collection::vec("[ \n,.;:'_«»’-]{1,2}", 40),
        ) {
            // Repeated words, so that the second reading finds most of them
            // in the memo, and some right after the first.
            let mut text = String::new();
            for (word, separator) in words.iter().chain(&words).zip(separators.iter().cycle()) {
                text.push_str(word);
                text.push_str(separator);
            }
            let read = |memo: &mut WordMemo| {
                let mut segments = Vec::new();
                let simple = simple_words(&text, memo, |s| {
                    segments.push((s.byte, s.chars, s.text, s.apostrophe, s.hash));
                });
                (simple, segments)
            };
            let mut memo = WordMemo::new();
            let cold = read(&mut WordMemo::new());
            let warming = read(&mut memo);
            let warm = read(&mut memo);
            prop_assert_eq!(&cold, &warming);
            prop_assert_eq!(cold, warm);
        }

        #[test]
        fn ascii_runs_hash_as_their_bytes_lowercased(
            before in "[a-z]{0,9}",
            run in "[ -~]{0,40}",
            tail in "[a-zé]{0,9}",
        ) {
            let mut whole = FoldHash::new();
            whole.write(before.as_bytes());
            let text = format!("{run}{tail}");
            whole.write_ascii_lowercased(text.as_bytes(), 0..run.len());
            let expected = hash_folded(&(before.clone() + &run.to_ascii_lowercase()));
            prop_assert_eq!(whole.finish(), expected);
        }

        #[test]
        fn alnum_runs_are_counted_as_byte_by_byte(
            bytes in proptest::array::uniform8(prop_oneof![
                3 => prop_oneof![b'0'..=b'9', b'A'..=b'Z', b'a'..=b'z'],
                1 => any::<u8>(),
            ])
        ) {
            let expected = bytes.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            prop_assert_eq!(ascii_alnum_run(u64::from_le_bytes(bytes)) as usize, expected);
        }

        #[test]
        fn hashing_a_word_is_hashing_its_fold(word in "\\PC{0,12}") {
            let mut scratch = String::new();
            prop_assert_eq!(hash_word(&word, &mut scratch), hash_folded(&folded(&word)));
        }

        #[test]
        fn the_fold_table_agrees_with_folding_by_the_book(word in "[\\u{0}-\\u{06ff}]{0,12}") {
            let mut slow = String::new();
            fold_slowly(&word, &mut slow);
            prop_assert_eq!(folded(&word), slow);
        }

        #[test]
        fn folding_is_idempotent(word in "\\PC{0,12}") {
            let once = folded(&word);
            prop_assert_eq!(folded(&once), once.clone());
        }
    }
}
