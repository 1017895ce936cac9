//! Byte sizes as people write them on a command line: `512MB`, `1.5GB`,
//! `64KB`, or a plain number of bytes. Units are decimal (1 KB = 1,000
//! bytes), as disk and corpus sizes are usually given.

/// Parses a size such as `1GB`, `64 kb` or `4096`; the error says what was
/// wrong.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let (number, unit) = match upper.find(|c: char| c.is_ascii_alphabetic()) {
        Some(at) => upper.split_at(at),
        None => (upper.as_str(), ""),
    };
    let scale = match unit {
        "" | "B" => 1,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return Err(format!("unknown size unit {unit:?}: use B, KB, MB or GB")),
    };
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {text:?}"))?;
    if !number.is_finite() || number < 0.0 {
        return Err(format!("not a size: {text:?}"));
    }
    Ok((number * scale as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_rejects_nonsense() {
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("1.5 mb"), Ok(1_500_000));
        assert_eq!(parse_size("64KB"), Ok(64_000));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("-1GB").is_err());
        assert!(parse_size("GB").is_err());
    }
}
