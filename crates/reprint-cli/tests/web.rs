//! End-to-end tests on web inputs: HTML pages written to imitate real news
//! sites, and WARC archives built here, one of them damaged.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

use common::{gzip, read_jsonl, repo_root, scan};

fn page(name: &str) -> PathBuf {
    repo_root()
        .join("crates/reprint-cli/tests/data/web")
        .join(name)
}

/// One WARC record, written by the `warc` crate (so the reader is checked
/// against a writer it does not share code with).
fn warc_record(kind: warc::RecordType, url: &str, content_type: &str, body: Vec<u8>) -> Vec<u8> {
    let record = warc::RecordBuilder::default()
        .warc_type(kind)
        .header(warc::WarcHeader::TargetURI, url)
        .header(warc::WarcHeader::ContentType, content_type)
        .body(body)
        .build()
        .expect("the record is valid");
    let mut writer = warc::WarcWriter::new(std::io::BufWriter::new(Vec::new()));
    writer.write(&record).expect("writing to memory");
    writer.into_inner().expect("flushing to memory")
}

fn http_response(status: &str, headers: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(payload);
    out
}

const HTTP: &str = "application/http; msgtype=response";
const PORTAIL_URL: &str = "https://infoportail.example/regions/secheresse-sud-ouest";
const ARABIC_URL: &str = "https://alkhabar-net.example/akhbar/2024/03/03/khodar";

/// A crawl of two news sites as a crawler writes it (one gzip member per
/// record), with what real crawls also hold: a warcinfo record, requests,
/// an image, a redirect, the same page fetched twice, a member whose bytes
/// were damaged, and a last record cut short.
fn crawl() -> Vec<u8> {
    use warc::RecordType::{Request, Response, WarcInfo};
    let portail = std::fs::read(page("portail-reprise.html")).unwrap();
    let arabic = std::fs::read(page("arabic-copy.html")).unwrap();
    let members = [
        warc_record(
            WarcInfo,
            "",
            "application/warc-fields",
            b"software: test\r\n".to_vec(),
        ),
        warc_record(
            Request,
            PORTAIL_URL,
            "application/http; msgtype=request",
            b"GET /regions/secheresse-sud-ouest HTTP/1.1\r\n\r\n".to_vec(),
        ),
        warc_record(
            Response,
            PORTAIL_URL,
            HTTP,
            http_response(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                &portail,
            ),
        ),
        warc_record(
            Response,
            "https://infoportail.example/logo.png",
            HTTP,
            http_response("200 OK", "Content-Type: image/png\r\n", b"\x89PNG\r\n"),
        ),
        warc_record(
            Response,
            "https://infoportail.example/old",
            HTTP,
            http_response("301 Moved Permanently", "Location: /new\r\n", b""),
        ),
        warc_record(
            Response,
            ARABIC_URL,
            HTTP,
            http_response(
                "200 OK",
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                &gzip(&arabic),
            ),
        ),
        warc_record(
            Response,
            PORTAIL_URL,
            HTTP,
            http_response("200 OK", "Content-Type: text/html\r\n", &portail),
        ),
    ];
    let mut archive = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let mut compressed = gzip(member);
        if i == 3 {
            // Damage the image's member: its deflate data and checksum.
            let middle = compressed.len() / 2;
            compressed[middle..].iter_mut().for_each(|b| *b = !*b);
        }
        archive.extend(compressed);
    }
    let last = warc_record(
        Response,
        "https://infoportail.example/cut",
        HTTP,
        http_response("200 OK", "Content-Type: text/html\r\n", &portail),
    );
    archive.extend(gzip(&last[..last.len() / 2]));
    archive
}

fn by_id<'a>(documents: &'a [Value], id: &str) -> &'a Value {
    documents
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn reprints_are_found_across_loose_pages_and_a_damaged_crawl() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("crawl.warc.gz");
    std::fs::write(&archive, crawl()).unwrap();
    let wordpress = page("wordpress-fr.html");
    let arabic = page("arabic-1256.html");
    let (out, output) = scan(&[&wordpress, &arabic, &archive], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // Every skipped record is counted with its reason.
    for reason in [
        "1 broken gzip member",
        "1 truncated record",
        "2 not a response",
        "1 HTTP status not 2xx",
        "1 address already read",
    ] {
        assert!(
            stdout.contains(reason),
            "{reason:?} missing from:\n{stdout}"
        );
    }

    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(documents.len(), 4, "{documents:#?}");
    let original = by_id(&documents, &wordpress.display().to_string());
    assert_eq!(original["source"], "Le Courrier du Sud");
    assert_eq!(original["date"], "2023-08-14");
    assert_eq!(
        original["title"],
        "Sécheresse : les nappes phréatiques au plus bas dans le Sud-Ouest"
    );
    let comments = original["removed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "comments")
        .expect("the WordPress comments are a removed region");
    let copy = by_id(&documents, PORTAIL_URL);
    assert_eq!(copy["url"], PORTAIL_URL);
    assert_eq!(copy["source"], "InfoPortail");
    // The copy's only date is a <meta name="date">.
    assert_eq!(copy["date"], "2023-08-15");
    assert_eq!(copy["date_origin"], "given");
    // The windows-1256 page decoded right: its title reads as Arabic.
    let arabic_original = by_id(&documents, &arabic.display().to_string());
    assert_eq!(
        arabic_original["title"],
        "ارتفاع أسعار الخضر في الأسواق الشعبية قبل شهر رمضان"
    );
    assert!(
        stdout.contains("arabic-1256.html as windows-1256"),
        "{stdout}"
    );

    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    assert_eq!(reuse.len(), 2, "{reuse:#?}");
    let french = reuse
        .iter()
        .find(|r| r["b"] == PORTAIL_URL || r["a"] == PORTAIL_URL)
        .unwrap();
    assert_eq!(french["original"], wordpress.display().to_string());
    assert_eq!(french["credited"], true);
    assert!(french["edits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "number"));
    // A reader quotes the article in the comments: that is never reuse.
    let a_is_original = french["a"] == original["id"];
    let (begin, end) = (
        comments["begin"].as_u64().unwrap(),
        comments["end"].as_u64().unwrap(),
    );
    for passage in french["passages"].as_array().unwrap() {
        let side = if a_is_original { "a" } else { "b" };
        let (pb, pe) = (
            passage[format!("{side}_begin")].as_u64().unwrap(),
            passage[format!("{side}_end")].as_u64().unwrap(),
        );
        assert!(
            pe <= begin || pb >= end,
            "passage {pb}..{pe} reaches the comments {begin}..{end}"
        );
    }
    let arabic_pair = reuse
        .iter()
        .find(|r| r["a"] == ARABIC_URL || r["b"] == ARABIC_URL)
        .unwrap();
    assert_eq!(arabic_pair["original"], arabic.display().to_string());
    assert_eq!(arabic_pair["credited"], true);
}

#[test]
fn a_directory_of_pages_reads_like_the_pages_themselves() {
    let folder = repo_root().join("crates/reprint-cli/tests/data/web");
    let (out, output) = scan(&[Path::new(&folder)], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(documents.len(), 4);
    assert_eq!(read_jsonl(&out.path().join("reuse.jsonl")).len(), 2);
}

/// Scans a crawl of HTML pages served 200 OK under their addresses, with
/// `extra` arguments; the scan must succeed. Returns its output folder, its
/// summary and the ids of the documents read.
fn scan_crawl(
    pages: Vec<(&str, Vec<u8>)>,
    extra: &[&str],
) -> (tempfile::TempDir, String, Vec<String>) {
    let mut archive = Vec::new();
    for (url, body) in pages {
        let response = http_response("200 OK", "Content-Type: text/html\r\n", &body);
        archive.extend(warc_record(warc::RecordType::Response, url, HTTP, response));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    std::fs::write(&path, &archive).unwrap();
    let (out, output) = scan(&[&path], extra);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let ids = read_jsonl(&out.path().join("documents.jsonl"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    (out, stdout, ids)
}

#[test]
fn a_page_nested_too_deep_is_skipped_and_counted_and_the_crawl_goes_on() {
    let article = std::fs::read(page("wordpress-fr.html")).unwrap();
    // 20,000 levels of <div><b> overflowed the extractor's stack and
    // aborted the whole process; 20,000 <div> took ten seconds.
    let deep = |open: &str, close: &str| {
        format!(
            "<html><body>{}Un texte enfoui très profond.{}</body></html>",
            open.repeat(20_000),
            close.repeat(20_000)
        )
        .into_bytes()
    };
    let pages = vec![
        ("https://deep.example/b", deep("<div><b>", "</b></div>")),
        ("https://good.example/article", article),
        ("https://deep.example/div", deep("<div>", "</div>")),
    ];
    let (_out, stdout, ids) = scan_crawl(pages, &[]);
    assert!(stdout.contains("2 nested too deep"), "{stdout}");
    assert!(
        stdout.contains("elements nested more than 512 deep"),
        "{stdout}"
    );
    assert_eq!(ids, ["https://good.example/article"]);
}

#[test]
fn pages_too_heavy_to_extract_are_skipped_by_shape_and_the_crawl_goes_on() {
    let article = std::fs::read(page("wordpress-fr.html")).unwrap();
    // One element of 300,000 attributes (3.5 MB) ran for more than five
    // minutes; 500,000 paragraphs (10 MB) took 17 s and 1.4 GB.
    let attributes: String = (0..300_000).map(|i| format!(" a{i}=\"v\"")).collect();
    let attributes = format!("<html><body><div{attributes}>Un texte.</div></body></html>");
    let paragraphs = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>un mot de plus</p>".repeat(500_000)
    );
    let pages = vec![
        ("https://heavy.example/attributes", attributes.into_bytes()),
        ("https://good.example/article", article),
        ("https://heavy.example/paragraphs", paragraphs.into_bytes()),
    ];
    // No time limit: the shape check alone must stop both pages.
    let (out, stdout, ids) = scan_crawl(pages, &["--page-time-limit", "0"]);
    assert!(
        stdout.contains("1 too many attributes on one element"),
        "{stdout}"
    );
    assert!(stdout.contains("1 too many elements"), "{stdout}");
    assert_eq!(ids, ["https://good.example/article"]);
    let skipped = read_jsonl(&out.path().join("skipped.jsonl"));
    assert_eq!(skipped.len(), 2, "{skipped:?}");
}

#[test]
fn a_page_past_the_time_limit_is_skipped_and_counted_and_the_crawl_goes_on() {
    let article = std::fs::read(page("wordpress-fr.html")).unwrap();
    // Ten megabytes of one paragraph take the extractor about five
    // seconds, ten times the limit given; a real article takes
    // milliseconds (and the extractor's first page some more, to set up).
    let slow = format!(
        "<html><body><p>{}</p></body></html>",
        "un mot ".repeat(1_500_000)
    );
    let pages = vec![
        ("https://slow.example/page", slow.into_bytes()),
        ("https://good.example/article", article),
    ];
    let (_out, stdout, ids) = scan_crawl(pages, &["--page-time-limit", "0.5"]);
    assert!(stdout.contains("1 took too long to extract"), "{stdout}");
    assert!(
        stdout.contains("extraction took longer than 0.5 s (--page-time-limit)"),
        "{stdout}"
    );
    assert_eq!(ids, ["https://good.example/article"]);
}

#[test]
fn a_time_limit_that_is_not_a_number_of_seconds_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.txt");
    std::fs::write(&path, "Un texte.").unwrap();
    for bad in ["-1", "soon", "inf"] {
        let (_, output) = scan(&[&path], &[&format!("--page-time-limit={bad}")]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("is not a number of seconds"), "{stderr}");
    }
}
