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

/// Writes a byte count for a person, in the same decimal units:
/// `812 B`, `45.3 KB`, `1.2 GB` (three significant figures at most).
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1_000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1_000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1_000.0;
        unit += 1;
    }
    if value >= 99.95 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
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

    #[test]
    fn formats_sizes_for_people() {
        assert_eq!(format_size(0), "0 B");
        assert_eq!(format_size(999), "999 B");
        assert_eq!(format_size(1_000), "1.0 KB");
        assert_eq!(format_size(45_312), "45.3 KB");
        assert_eq!(format_size(999_999), "1.0 MB");
        assert_eq!(format_size(123_456_789), "123 MB");
        assert_eq!(format_size(1_200_000_000), "1.2 GB");
    }
}
