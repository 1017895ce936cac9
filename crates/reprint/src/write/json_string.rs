//! JSON strings written fast: the texts of `texts.jsonl` are most of what a
//! scan writes, and serde_json escapes them one byte at a time.

use std::io::{self, Write};

/// Whether JSON must escape `byte` inside a string: a control character,
/// `"` or `\`.
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Bytes checked at a time for one to escape: a test over a fixed-size
/// block compiles to a few vector instructions, and news text runs
/// hundreds of bytes between escapes (most of them line breaks).
const BLOCK: usize = 32;

/// Writes `text` as a JSON string, quotes included, byte for byte as
/// `serde_json` writes it: `"`, `\` and control characters escaped (with
/// the short forms `\b \t \n \f \r` where JSON has them, lowercase
/// `\u00xx` otherwise), everything else as it is.
pub(crate) fn write_json_string(out: &mut impl Write, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    out.write_all(b"\"")?;
    // Bytes before `clean` are written; none before `at` needs escaping.
    let (mut clean, mut at) = (0, 0);
    loop {
        while let Some(block) = bytes.get(at..at + BLOCK) {
            let block: &[u8; BLOCK] = block.try_into().expect("a whole block");
            if block.iter().fold(false, |any, &b| any | needs_escape(b)) {
                break;
            }
            at += BLOCK;
        }
        let Some(step) = bytes[at..].iter().position(|&b| needs_escape(b)) else {
            break;
        };
        at += step;
        out.write_all(&bytes[clean..at])?;
        write_escape(out, bytes[at])?;
        at += 1;
        clean = at;
    }
    out.write_all(&bytes[clean..])?;
    out.write_all(b"\"")
}

/// Writes the escape of `byte`, one that [`needs_escape`].
fn write_escape(out: &mut impl Write, byte: u8) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0c => b'f',
        b'\r' => b'r',
        _ => {
            let (high, low) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]);
            return out.write_all(&[b'\\', b'u', b'0', b'0', high, low]);
        }
    };
    out.write_all(&[b'\\', short])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_json_string(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for text in [
            "",
            "plain",
            "a \"quoted\" word\\ and\na line",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}",
            "l’été « déjà » 3 000 € — قال",
            "exactly8\"exactly8\\",
            format!("{}\u{1}{}\"", "x".repeat(31), "é".repeat(40)).as_str(),
        ] {
            assert_eq!(written(text), serde_json::to_string(text).unwrap());
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_written_as_serde_json_writes_it(
            text in "(\\PC|[\\x00-\\x1f\"\\\\]){0,100}",
        ) {
            proptest::prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
