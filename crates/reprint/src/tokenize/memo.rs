//! A memo of the words the scanner has read, one per thread.
//!
//! News repeats its words: the 16,000 commonest words of a corpus make up
//! over nine words in ten of its running text. Reading a word (classifying,
//! folding and hashing it code point by code point) costs several times
//! what it costs to look its bytes up, so the scanner looks first.
//!
//! A word is looked up by its bytes, and only where those bytes alone
//! decide what the scanner makes of it: a run of at most 15 bytes up to
//! the first ASCII byte that is not a letter or digit, when that byte ends
//! every word (a space, a newline, most punctuation; a joining mark such as
//! `.` or `'` only when no letter or digit follows it). The scanner stores
//! a word only when it ended exactly there, so a hit gives what reading the
//! word again would give. A slot keeps the word's bytes themselves when
//! they are eight or fewer (most words), and a 64-bit mix of them when
//! longer (see [`Key`]).

use std::cell::RefCell;

use super::ascii_alnum_bytes;

/// Slots in each thread's memo: a power of two. 65,536 slots of 24 bytes
/// are a megabyte and a half. On the generated corpus, whose vocabulary is
/// larger than real news's, half as many read 7% slower, and twice as many
/// at most 4% faster.
const SLOT_BITS: u32 = 16;

/// Bytes searched for a word's end: the memo holds words shorter than this.
const LONGEST: usize = 16;

/// What the scanner made of a word, as the memo gives it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Remembered {
    /// Code points in the word.
    pub chars: u8,
    /// Whether it may hold an apostrophe (and so an elision to split off).
    pub apostrophe: bool,
    /// The hash of its fold.
    pub hash: u64,
}

/// A remembered word in 24 bytes: its [`Key::check`] in place of its
/// bytes, and what the scanner made of it.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// [`Key::check`] of the word; 0 for an empty slot, which no key has.
    check: u64,
    hash: u64,
    chars: u8,
    apostrophe: bool,
}

/// What a lookup is keyed on: the run of at most 15 bytes that starts a
/// word, as its length and [`check`](Key::check).
#[derive(Clone, Copy, Debug)]
pub(super) struct Key {
    /// Bytes in the run.
    pub len: usize,
    /// What a slot compares: the run's first eight bytes, with its next
    /// eight mixed in, and never 0. A run holds no zero byte, so for a run
    /// of up to eight bytes (most words) this is the run itself, and equal
    /// checks mean equal words. For longer runs, two different words share
    /// a check with odds of one in 2^64, the odds that they share a token
    /// hash.
    check: u64,
    slot: usize,
}

/// The bytes of `x`, lowest first, that are ASCII but no letter or digit,
/// as their top bits.
fn ascii_stops(x: u64) -> u64 {
    !x & !ascii_alnum_bytes(x) & 0x8080_8080_8080_8080
}

/// The bits of the bytes below the lowest byte whose top bit `stops` sets
/// (`stops` not 0, and only top bits set).
fn below_first(stops: u64) -> u64 {
    ((stops & stops.wrapping_neg()) >> 7).wrapping_sub(1)
}

impl Key {
    /// The key of the word that starts at byte `at` of `bytes`, or `None`
    /// when its bytes alone may not decide it (see the module's doc).
    #[inline]
    pub fn at(bytes: &[u8], at: usize) -> Option<Key> {
        // The run, the byte that ends it and the one after.
        let window = bytes.get(at..at + LONGEST + 2)?;
        let half = |from: usize| {
            u64::from_le_bytes(window[from..from + 8].try_into().expect("eight bytes"))
        };
        let low = half(0);
        let stops = ascii_stops(low);
        // Most words end within their first eight bytes: the next eight
        // are read only for the others.
        let (len, check) = if stops != 0 {
            let len = stops.trailing_zeros() as usize / 8;
            (len, low & below_first(stops))
        } else {
            let high = half(8);
            let stops = ascii_stops(high);
            if stops == 0 {
                return None;
            }
            let len = 8 + stops.trailing_zeros() as usize / 8;
            let high = high & below_first(stops);
            (
                len,
                low ^ high.wrapping_mul(0xc2b2_ae3d_27d4_eb4f).rotate_left(31),
            )
        };
        let (end, after) = (window[len], window[len + 1]);
        let ends_every_word = match end {
            b'.' | b'\'' | b':' | b',' | b';' => after < 0x80 && !after.is_ascii_alphanumeric(),
            b'_' => false,
            _ => true,
        };
        if len == 0 || !ends_every_word || check == 0 {
            return None;
        }
        Some(Key {
            len,
            check,
            slot: (check.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOT_BITS)) as usize,
        })
    }
}

/// One thread's memo: a direct-mapped table, where a word replaces the one
/// before it in its slot.
pub(super) struct WordMemo {
    slots: Vec<Slot>,
}

impl WordMemo {
    /// An empty memo.
    pub fn new() -> Self {
        WordMemo {
            slots: vec![Slot::default(); 1 << SLOT_BITS],
        }
    }

    /// What the scanner made of the word `key` stands for, if it is here.
    #[inline]
    pub fn get(&self, key: &Key) -> Option<Remembered> {
        let slot = &self.slots[key.slot];
        (slot.check == key.check).then_some(Remembered {
            chars: slot.chars,
            apostrophe: slot.apostrophe,
            hash: slot.hash,
        })
    }

    /// Stores what the scanner made of the word `key` stands for, which it
    /// read to exactly the key's end, and which holds a letter or digit.
    #[inline]
    pub fn put(&mut self, key: &Key, word: Remembered) {
        self.slots[key.slot] = Slot {
            check: key.check,
            hash: word.hash,
            chars: word.chars,
            apostrophe: word.apostrophe,
        };
    }
}

thread_local! {
    /// Each thread's memo, kept from one text to the next.
    pub(super) static MEMO: RefCell<WordMemo> = RefCell::new(WordMemo::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_len(text: &str) -> Option<usize> {
        Key::at(text.as_bytes(), 0).map(|key| key.len)
    }

    #[test]
    fn keys_end_where_only_the_bytes_decide() {
        let pad = " ".repeat(20);
        assert_eq!(key_len(&format!("maison {pad}")), Some(6));
        assert_eq!(key_len(&format!("déjà, {pad}")), Some(6));
        assert_eq!(key_len(&format!("fin.\n{pad}")), Some(3));
        // A joining mark with a letter or digit after it may join.
        assert_eq!(key_len(&format!("U.S {pad}")), None);
        assert_eq!(key_len(&format!("3,5 {pad}")), None);
        assert_eq!(key_len(&format!("a_b {pad}")), None);
        // Longer than 15 bytes, or too close to the end to tell.
        assert_eq!(key_len(&format!("anticonstitutionnellement {pad}")), None);
        assert_eq!(key_len("mot "), None);
    }

    #[test]
    fn a_slot_gives_back_only_its_own_word() {
        let mut memo = WordMemo::new();
        let text = "chat chats chat  ".repeat(2);
        let bytes = text.as_bytes();
        let (chat, chats) = (Key::at(bytes, 0).unwrap(), Key::at(bytes, 5).unwrap());
        let word = Remembered {
            chars: 4,
            apostrophe: false,
            hash: 7,
        };
        memo.put(&chat, word);
        assert_eq!(memo.get(&Key::at(bytes, 11).unwrap()), Some(word));
        assert_eq!(memo.get(&chats), None);
    }

    #[test]
    fn long_words_whose_halves_trade_bytes_differ() {
        // The two halves of each xor to the same value, so a check that
        // only xored them would take one word for the other.
        let pad = " ".repeat(20);
        let check = |word: &str| Key::at(format!("{word}{pad}").as_bytes(), 0).unwrap().check;
        assert_ne!(check("abcdefghab"), check("bacdefghba"));
    }

    proptest::proptest! {
        #[test]
        fn different_words_have_different_checks(
            a in "[a-zé]{1,8}[a-z]{0,8}",
            b in "[a-zé]{1,8}[a-z]{0,8}",
        ) {
            let key = |word: &str| Key::at(format!("{word}{}", " ".repeat(20)).as_bytes(), 0);
            // Too long for a key once accents widen it.
            proptest::prop_assume!(a.len() < LONGEST && b.len() < LONGEST);
            let (ka, kb) = (key(&a).unwrap(), key(&b).unwrap());
            proptest::prop_assert_eq!(ka.check == kb.check, a == b);
            // Words that differ only past their eighth byte.
            let (la, lb) = (key(&format!("abcdefgh{a}")), key(&format!("abcdefgh{b}")));
            if let (Some(la), Some(lb)) = (la, lb) {
                proptest::prop_assert_eq!(la.check == lb.check, a == b);
            }
        }
    }
}
