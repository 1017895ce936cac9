//! WARC archives, plain or gzip-compressed, record by record.
//!
//! Crawls are messy: a crawler killed mid-write leaves a truncated record, a
//! disk error leaves a gzip member that does not inflate. Every such fault
//! costs only the records it touches: the reader reports it as a
//! [`PageSkip`] and resumes at the next gzip member or the next `WARC/`
//! header line. Records that hold no HTML page (requests, metadata, images,
//! redirects) are reported the same way, so the summary can count them.
//!
//! Compressed archives are read one gzip member at a time, which is how
//! crawlers write them (one member per record); an archive compressed as a
//! single member also reads, as one long member.

use std::io::Read;

use super::PageSkip;

/// One HTML page found in an archive.
#[derive(Debug)]
pub(crate) struct WarcPage {
    /// Byte offset of the record in the (compressed) file.
    pub(crate) offset: u64,
    /// The `WARC-Target-URI`, if the record has one.
    pub(crate) url: Option<String>,
    /// The charset the HTTP `Content-Type` declares, if any.
    pub(crate) http_charset: Option<String>,
    /// The page's bytes, with transfer and content encodings undone.
    pub(crate) html: Vec<u8>,
}

/// What the archive reader found at one place in the file.
pub(crate) type Found = Result<WarcPage, (u64, PageSkip)>;

/// Reads every record of an archive held in `bytes`, calling `found` for
/// each page and each skipped record, in file order. No record may be
/// longer than `limit` bytes once inflated (its body, or its page once the
/// HTTP content encoding is undone): a longer one is skipped as
/// [`PageSkip::TooLarge`] and reading resumes at the next record, so a
/// decompression bomb costs time in proportion to its size and memory in
/// proportion to `limit`.
pub(crate) fn read_archive(bytes: &[u8], gzip: bool, limit: usize, mut found: impl FnMut(Found)) {
    if !gzip {
        // Parsed where it lies: an uncompressed archive is not copied.
        let mut at = 0;
        while at < bytes.len() {
            let parsed = parse_records(&bytes[at..], at as u64, true, limit, &mut found);
            at += parsed.consumed;
            if !parsed.skipping {
                break;
            }
            at += next_record_start(&bytes[at..]).unwrap_or(bytes.len() - at);
        }
        return;
    }
    let mut records = RecordParser {
        limit,
        ..RecordParser::default()
    };
    let mut rest = bytes;
    // Whether the last member failed: a broken stretch is reported once,
    // however many false starts the search for the next member meets in it.
    let mut broken = false;
    let mut chunk = vec![0u8; INFLATE_CHUNK];
    while !rest.is_empty() {
        let offset = bytes.len() - rest.len();
        let mut decoder = flate2::bufread::GzDecoder::new(&mut rest);
        // A member is inflated a chunk at a time and parsed as it comes, so
        // that an archive written as one long member, or cut off in one,
        // keeps every record inflated before the end.
        let outcome = loop {
            match decoder.read(&mut chunk) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    records.feed(&chunk[..n], offset as u64);
                    records.parse(&mut found, false);
                    if records.idle > IDLE_LIMIT_FACTOR * limit {
                        // A record passed over was reported already.
                        let skip = (!records.skipping).then_some(PageSkip::TooLarge(limit));
                        break Err(skip);
                    }
                }
                Err(_) => break Err(Some(PageSkip::BrokenGzip)),
            }
        };
        match outcome {
            Ok(()) => broken = false,
            Err(skip) => {
                if !broken {
                    if let Some(skip) = skip {
                        found(Err((offset as u64, skip)));
                    }
                    // A record begun in earlier members cannot be finished.
                    records.abandon();
                }
                broken = true;
                // Corrupt deflate data may have been read past the member's
                // end, so the search starts just after the member's start.
                let start = offset + 1;
                rest = match memchr::memmem::find(&bytes[start..], &GZIP_MAGIC) {
                    Some(at) => &bytes[start + at..],
                    None => &[],
                };
            }
        }
    }
    records.finish(&mut found);
}

/// Bytes inflated at a time.
const INFLATE_CHUNK: usize = 1 << 20;

/// A gzip member that inflates this many times the record limit without
/// completing a record (or finding a skipped record's end) is given up: it
/// is a bomb or noise, and inflating it further costs time for nothing.
const IDLE_LIMIT_FACTOR: usize = 4;

/// The first bytes of every gzip member (magic number and deflate method).
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// The line that starts a record, after the line break before it.
const RECORD_START: &[u8] = b"\nWARC/1.";

/// Splits a stream of decompressed bytes into records.
#[derive(Default)]
struct RecordParser {
    buffer: Vec<u8>,
    /// File offset of the gzip member (or byte) where `buffer` begins; used
    /// to name records in reports.
    offset: u64,
    /// The longest record taken whole.
    limit: usize,
    /// Whether a record too large to hold is being passed over, up to the
    /// next `WARC/1.` line.
    skipping: bool,
    /// Bytes fed since a record last ended.
    idle: usize,
}

/// One record's header fields that matter here.
struct RecordHeader {
    kind: String,
    url: Option<String>,
    content_type: String,
    length: usize,
}

impl RecordParser {
    fn feed(&mut self, bytes: &[u8], offset: u64) {
        if self.buffer.is_empty() {
            self.offset = offset;
        }
        self.idle += bytes.len();
        self.buffer.extend_from_slice(bytes);
    }

    fn abandon(&mut self) {
        self.buffer.clear();
        self.skipping = false;
        self.idle = 0;
    }

    fn finish(&mut self, found: &mut impl FnMut(Found)) {
        self.parse(found, true);
    }

    /// Takes every complete record out of the buffer. At the end of the
    /// input (`at_end`), what is left is a truncated record.
    fn parse(&mut self, found: &mut impl FnMut(Found), at_end: bool) {
        loop {
            if self.skipping {
                match next_record_start(&self.buffer) {
                    Some(next) => {
                        self.drain(next);
                        self.skipping = false;
                        self.idle = 0;
                    }
                    None => {
                        // Kept: the start of a record's first line split
                        // across two feeds.
                        let keep = self.buffer.len().min(RECORD_START.len() - 1);
                        self.drain(self.buffer.len() - keep);
                        if at_end {
                            self.abandon();
                        }
                        return;
                    }
                }
            }
            let parsed = parse_records(&self.buffer, self.offset, at_end, self.limit, found);
            if parsed.consumed > 0 {
                self.idle = 0;
            }
            self.drain(parsed.consumed);
            if !parsed.skipping {
                return;
            }
            self.skipping = true;
        }
    }

    fn drain(&mut self, bytes: usize) {
        self.buffer.drain(..bytes);
        self.offset += bytes as u64;
    }
}

/// What [`parse_records`] did with a buffer.
struct Parsed {
    /// Bytes taken by whole records (and skipped ones).
    consumed: usize,
    /// Whether the record at `consumed` is too large and must be passed
    /// over up to the next record's start.
    skipping: bool,
}

/// Calls `found` for every complete record of `buffer`, whose first byte is
/// at `offset` of the file, and says how many bytes the records took. At
/// the end of the input (`at_end`), what is left is a truncated record. A
/// record longer than `limit` (or a header that runs on past it) is
/// reported as too large, and the caller passes over it.
fn parse_records(
    buffer: &[u8],
    offset: u64,
    at_end: bool,
    limit: usize,
    found: &mut impl FnMut(Found),
) -> Parsed {
    let mut at = 0;
    loop {
        while at < buffer.len() && buffer[at].is_ascii_whitespace() {
            at += 1;
        }
        if at == buffer.len() {
            break;
        }
        let here = offset + at as u64;
        let rest = &buffer[at..];
        if !rest.starts_with(b"WARC/") {
            found(Err((
                here,
                PageSkip::Malformed("no WARC header line".into()),
            )));
            match next_record_start(rest) {
                Some(next) => {
                    at += next;
                    continue;
                }
                None => {
                    at = buffer.len();
                    break;
                }
            }
        }
        let Some((header_len, separator)) = find_blank_line(rest) else {
            if rest.len() > limit {
                found(Err((here, PageSkip::TooLarge(limit))));
                return Parsed {
                    consumed: at,
                    skipping: true,
                };
            }
            if at_end {
                found(Err((here, PageSkip::Truncated)));
                at = buffer.len();
            }
            break;
        };
        let header = match parse_header(&rest[..header_len]) {
            Ok(header) => header,
            Err(why) => {
                found(Err((here, PageSkip::Malformed(why))));
                at += next_record_start(&rest[1..]).map_or(rest.len(), |n| n + 1);
                continue;
            }
        };
        let body_start = header_len + separator;
        if header.length > limit {
            found(Err((here, PageSkip::TooLarge(limit))));
            return Parsed {
                consumed: at + body_start,
                skipping: true,
            };
        }
        let Some(body) = rest.get(body_start..body_start + header.length) else {
            if at_end {
                // A body declared longer than what is left either was cut
                // off, or lies about its length; when another record
                // starts within it, it lies, and reading resumes there.
                match next_record_start(&rest[body_start..]) {
                    Some(next) => {
                        found(Err((
                            here,
                            PageSkip::Malformed(
                                "its Content-Length runs past the next record".into(),
                            ),
                        )));
                        at += body_start + next;
                        continue;
                    }
                    None => {
                        found(Err((here, PageSkip::Truncated)));
                        at = buffer.len();
                    }
                }
            }
            break;
        };
        found(
            record_page(&header, body, limit)
                .map_err(|skip| (here, skip))
                .map(|(http_charset, html)| WarcPage {
                    offset: here,
                    url: header.url.clone(),
                    http_charset,
                    html,
                }),
        );
        at += body_start + header.length;
    }
    Parsed {
        consumed: at,
        skipping: false,
    }
}

/// Where the next line starting `WARC/1.` is, if any.
fn next_record_start(bytes: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes, b"\nWARC/1.").map(|at| at + 1)
}

/// The length of the header block and of the blank line that ends it.
fn find_blank_line(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|at| (at, 4));
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|at| (at, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The header fields of a `Name: value` block, names in lower case.
fn header_fields(block: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    block.split(|&b| b == b'\n').skip(1).filter_map(|line| {
        let line = String::from_utf8_lossy(line);
        let (name, value) = line.split_once(':')?;
        Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
    })
}

fn parse_header(block: &[u8]) -> Result<RecordHeader, String> {
    let mut header = RecordHeader {
        kind: String::new(),
        url: None,
        content_type: String::new(),
        length: usize::MAX,
    };
    for (name, value) in header_fields(block) {
        match name.as_str() {
            "warc-type" => header.kind = value.to_ascii_lowercase(),
            // Some writers wrap the address in angle brackets.
            "warc-target-uri" => {
                header.url = Some(value.trim_matches(['<', '>']).to_string());
            }
            "content-type" => header.content_type = value.to_ascii_lowercase(),
            "content-length" => {
                header.length = value
                    .parse()
                    .map_err(|_| format!("Content-Length {value:?} is not a number"))?;
            }
            _ => {}
        }
    }
    if header.length == usize::MAX {
        return Err("no Content-Length".into());
    }
    Ok(header)
}

/// The charset and HTML bytes of a record that holds a page.
fn record_page(
    header: &RecordHeader,
    body: &[u8],
    limit: usize,
) -> Result<(Option<String>, Vec<u8>), PageSkip> {
    match header.kind.as_str() {
        "response" if header.content_type.starts_with("application/http") => http_page(body, limit),
        "response" | "resource" => {
            if is_html(&header.content_type, body) {
                Ok((charset(&header.content_type), body.to_vec()))
            } else {
                Err(PageSkip::NotHtml(header.content_type.clone()))
            }
        }
        "" => Err(PageSkip::Malformed("no WARC-Type".into())),
        other => Err(PageSkip::NotResponse(other.to_string())),
    }
}

/// Splits an HTTP response into its HTML payload, undoing chunked transfer
/// and gzip or deflate content encoding, to at most `limit` bytes.
fn http_page(response: &[u8], limit: usize) -> Result<(Option<String>, Vec<u8>), PageSkip> {
    let malformed = |why: &str| PageSkip::Malformed(why.to_string());
    let (head_len, separator) =
        find_blank_line(response).ok_or_else(|| malformed("HTTP headers do not end"))?;
    let head = &response[..head_len];
    let status_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let status: u16 = String::from_utf8_lossy(status_line)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| malformed("no HTTP status line"))?;
    if !(200..300).contains(&status) {
        return Err(PageSkip::HttpStatus(status));
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut content_encoding = String::new();
    for (name, value) in header_fields(head) {
        match name.as_str() {
            "content-type" => content_type = value.to_ascii_lowercase(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => content_encoding = value.to_ascii_lowercase(),
            _ => {}
        }
    }
    let payload = &response[head_len + separator..];
    let payload = if chunked {
        dechunk(payload).ok_or_else(|| malformed("bad chunked transfer encoding"))?
    } else {
        payload.to_vec()
    };
    let payload = match content_encoding.as_str() {
        "" | "identity" => payload,
        "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(&payload[..]), limit)?,
        "deflate" => inflate(flate2::read::ZlibDecoder::new(&payload[..]), limit)?,
        other => {
            return Err(PageSkip::Malformed(format!(
                "unsupported content encoding {other}"
            )))
        }
    };
    if is_html(&content_type, &payload) {
        Ok((charset(&content_type), payload))
    } else {
        Err(PageSkip::NotHtml(if content_type.is_empty() {
            "no content type".into()
        } else {
            content_type
        }))
    }
}

/// Inflates a page's content encoding, refusing past `limit` bytes: a few
/// kilobytes of gzip can hold gigabytes of nothing.
fn inflate(decoder: impl Read, limit: usize) -> Result<Vec<u8>, PageSkip> {
    let mut out = Vec::new();
    decoder
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| PageSkip::Malformed("content encoding does not decode".into()))?;
    if out.len() > limit {
        return Err(PageSkip::TooLarge(limit));
    }
    Ok(out)
}

/// Undoes HTTP chunked transfer encoding.
fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    loop {
        let line_end = memchr::memchr(b'\n', bytes)?;
        let size_text = std::str::from_utf8(&bytes[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        bytes = &bytes[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = &bytes[size..];
        bytes = bytes
            .strip_prefix(b"\r\n")
            .or_else(|| bytes.strip_prefix(b"\n"))?;
    }
}

/// Whether a payload is an HTML page: by its declared type, or, when none
/// is declared, by how it begins.
fn is_html(content_type: &str, payload: &[u8]) -> bool {
    if !content_type.is_empty() {
        return content_type.contains("html");
    }
    let start = payload
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(payload.len());
    let head: Vec<u8> = payload[start..payload.len().min(start + 15)].to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// The `charset=` parameter of a content type.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        (name.trim() == "charset").then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, url: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(http_headers: &str, payload: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
        out.extend_from_slice(payload);
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn collect(bytes: &[u8], gzip: bool) -> (Vec<WarcPage>, Vec<(u64, PageSkip)>) {
        collect_within(bytes, gzip, super::super::DEFAULT_MAX_RECORD_BYTES)
    }

    fn collect_within(
        bytes: &[u8],
        gzip: bool,
        limit: usize,
    ) -> (Vec<WarcPage>, Vec<(u64, PageSkip)>) {
        let (mut pages, mut skips) = (Vec::new(), Vec::new());
        read_archive(bytes, gzip, limit, |found| match found {
            Ok(page) => pages.push(page),
            Err(skip) => skips.push(skip),
        });
        (pages, skips)
    }

    const PAGE: &[u8] = b"<html><body><p>Hello</p></body></html>";

    #[test]
    fn reads_html_responses_and_names_what_it_skips() {
        let mut archive = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        archive.extend(record(
            "response",
            "https://a.example/1",
            "application/http; msgtype=response",
            &response("Content-Type: text/html; charset=windows-1252\r\n", PAGE),
        ));
        archive.extend(record(
            "response",
            "https://a.example/logo.png",
            "application/http; msgtype=response",
            &response("Content-Type: image/png\r\n", b"\x89PNG"),
        ));
        archive.extend(record(
            "response",
            "https://a.example/old",
            "application/http; msgtype=response",
            b"HTTP/1.1 301 Moved\r\nLocation: /new\r\n\r\n",
        ));
        let (pages, skips) = collect(&archive, false);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].url.as_deref(), Some("https://a.example/1"));
        assert_eq!(pages[0].http_charset.as_deref(), Some("windows-1252"));
        assert_eq!(pages[0].html, PAGE);
        let reasons: Vec<_> = skips.iter().map(|s| s.1.clone()).collect();
        assert_eq!(
            reasons,
            [
                PageSkip::NotResponse("warcinfo".into()),
                PageSkip::NotHtml("image/png".into()),
                PageSkip::HttpStatus(301),
            ]
        );
    }

    #[test]
    fn undoes_chunked_and_gzip_encodings() {
        let compressed = gzip(PAGE);
        let mut chunked = format!("{:x}\r\n", 10).into_bytes();
        chunked.extend_from_slice(&compressed[..10]);
        chunked.extend(format!("\r\n{:x};ext=1\r\n", compressed.len() - 10).into_bytes());
        chunked.extend_from_slice(&compressed[10..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let archive = record(
            "response",
            "https://a.example/z",
            "application/http; msgtype=response",
            &response(
                "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                &chunked,
            ),
        );
        let (pages, skips) = collect(&archive, false);
        assert!(skips.is_empty(), "{skips:?}");
        assert_eq!(pages[0].html, PAGE);
    }

    #[test]
    fn a_broken_member_or_a_truncated_record_costs_only_itself() {
        let first = record("resource", "https://a.example/1", "text/html", PAGE);
        let second = record("resource", "https://a.example/2", "text/html", PAGE);
        let third = record("resource", "https://a.example/3", "text/html", PAGE);
        let mut broken = gzip(&second);
        let middle = broken.len() / 2;
        broken[middle..].iter_mut().for_each(|b| *b ^= 0x5a);
        let mut archive = gzip(&first);
        archive.extend(broken);
        archive.extend(gzip(&third));
        archive.extend(gzip(&first[..first.len() - 20]));
        let (pages, skips) = collect(&archive, true);
        let urls: Vec<_> = pages.iter().map(|p| p.url.clone().unwrap()).collect();
        assert_eq!(urls, ["https://a.example/1", "https://a.example/3"]);
        let reasons: Vec<_> = skips.iter().map(|s| s.1.clone()).collect();
        assert_eq!(reasons, [PageSkip::BrokenGzip, PageSkip::Truncated]);
    }

    #[test]
    fn a_content_length_past_the_end_costs_only_its_record() {
        let pages = numbered_pages(10);
        let liar = String::from_utf8(pages[2].clone()).unwrap().replace(
            &format!("Content-Length: {}", PAGE.len()),
            "Content-Length: 999999",
        );
        let mut plain = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            plain.extend_from_slice(if i == 2 { liar.as_bytes() } else { page });
        }
        let members: Vec<u8> = pages
            .iter()
            .enumerate()
            .flat_map(|(i, page)| gzip(if i == 2 { liar.as_bytes() } else { page }))
            .collect();
        for (archive, gzipped) in [(plain, false), (members, true)] {
            let (found, skips) = collect(&archive, gzipped);
            let urls: Vec<_> = found.iter().map(|p| p.url.clone().unwrap()).collect();
            let expected: Vec<String> = (0..10)
                .filter(|&i| i != 2)
                .map(|i| format!("https://a.example/{i}"))
                .collect();
            assert_eq!(urls, expected, "gzip {gzipped}");
            assert!(
                matches!(&skips[..], [(_, PageSkip::Malformed(why))] if why.contains("Content-Length")),
                "{skips:?}"
            );
        }
    }

    #[test]
    fn plain_archives_resynchronise_after_garbage() {
        let mut archive = record("resource", "https://a.example/1", "text/html", PAGE);
        archive.extend_from_slice(b"garbage that is no record\r\n");
        archive.extend(record("resource", "https://a.example/2", "text/html", PAGE));
        let (pages, skips) = collect(&archive, false);
        assert_eq!(pages.len(), 2);
        assert!(
            matches!(skips[..], [(_, PageSkip::Malformed(_))]),
            "{skips:?}"
        );
    }

    /// `count` resource records of one page, at `https://a.example/0`, `/1`, ...
    fn numbered_pages(count: usize) -> Vec<Vec<u8>> {
        (0..count)
            .map(|i| {
                record(
                    "resource",
                    &format!("https://a.example/{i}"),
                    "text/html",
                    PAGE,
                )
            })
            .collect()
    }

    fn urls(pages: &[WarcPage]) -> Vec<String> {
        pages.iter().map(|p| p.url.clone().unwrap()).collect()
    }

    #[test]
    fn records_past_the_limit_are_skipped_and_reading_goes_on() {
        const LIMIT: usize = 100_000;
        let before = record("resource", "https://a.example/1", "text/html", PAGE);
        let after = record("resource", "https://a.example/3", "text/html", PAGE);
        // A record whose body is ten times the limit, and a stretch (a
        // member, when compressed) of nothing but zeros, no record in it.
        let huge_body = vec![b' '; 10 * LIMIT];
        let huge = record("resource", "https://a.example/2", "text/html", &huge_body);
        let mut zeros = vec![0u8; 10 * LIMIT];
        zeros.extend_from_slice(b"\r\n");
        for gzipped in [false, true] {
            let parts = [&before, &huge, &zeros, &after];
            let archive: Vec<u8> = if gzipped {
                parts.iter().flat_map(|part| gzip(part)).collect()
            } else {
                parts.iter().flat_map(|part| part.iter().copied()).collect()
            };
            let (pages, skips) = collect_within(&archive, gzipped, LIMIT);
            assert_eq!(
                urls(&pages),
                ["https://a.example/1", "https://a.example/3"],
                "gzip {gzipped}"
            );
            assert_eq!(skips[0].1, PageSkip::TooLarge(LIMIT), "{skips:?}");
        }
    }

    #[test]
    fn a_page_that_inflates_past_the_limit_is_skipped() {
        let bomb = gzip(&vec![b'a'; 2_000_000]);
        let headers = "Content-Type: text/html\r\nContent-Encoding: gzip\r\n";
        let archive = record(
            "response",
            "https://a.example/bomb",
            "application/http; msgtype=response",
            &response(headers, &bomb),
        );
        let (pages, skips) = collect_within(&archive, false, 1_000_000);
        assert!(pages.is_empty());
        assert_eq!(skips, [(0, PageSkip::TooLarge(1_000_000))]);
    }

    #[test]
    fn an_archive_cut_off_inside_its_one_member_keeps_the_records_before_the_cut() {
        let plain: Vec<u8> = numbered_pages(200).concat();
        let whole = gzip(&plain);
        let cut = &whole[..whole.len() * 3 / 4];
        let (pages, skips) = collect(cut, true);
        assert!(pages.len() > 100, "{} pages", pages.len());
        assert_eq!(urls(&pages)[0], "https://a.example/0");
        assert_eq!(skips.last().unwrap().1, PageSkip::BrokenGzip, "{skips:?}");
    }
}
