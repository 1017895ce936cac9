//! The report in a real browser: `report.html` for the example corpus,
//! rendered by headless Chromium, must list the families, highlight the
//! passages and log nothing to the console. It runs with the `external`
//! feature, which CI turns on after installing Chromium; there, without
//! Chromium, it fails rather than skips.

use std::path::Path;

mod common;

use common::{chromium, console_lines, repo_root, scan};

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs Chromium: cargo test --features reprint-cli/external"
)]
fn the_report_renders_in_chromium_with_families_highlights_and_no_console_errors() {
    let (out, output) = scan(&[&repo_root().join("examples/corpus")], &[]);
    assert!(output.status.success());
    let report = out.path().join("report.html");
    let html = std::fs::read_to_string(&report).unwrap();
    // Self-contained: nothing is fetched from anywhere.
    for outside in [
        "http://",
        "https://",
        "<link rel=\"stylesheet\"",
        "<script src",
    ] {
        assert!(
            !html.contains(outside),
            "report.html refers outside: {outside}"
        );
    }
    let url = format!("file://{}", report.display());

    let (dom, stderr) = chromium(&url, &["--dump-dom"]);
    assert_eq!(
        console_lines(&stderr),
        Vec::<&str>::new(),
        "the page logged to the console"
    );
    // Three families, each with its original named.
    assert_eq!(dom.matches("class=\"family\"").count(), 3, "{dom}");
    assert_eq!(dom.matches("<h3>Family ").count(), 3);
    assert!(dom.contains("courrier-sud-0412"));
    // The first pair opens with its passages highlighted and its changed
    // number marked; the removed regions are labelled.
    assert!(
        dom.matches("<mark class=\"passage").count() >= 2,
        "no highlighted passage"
    );
    assert!(dom.contains("edit edit-number"), "no number edit marked");
    assert!(
        dom.contains("class=\"removed-label\">comments<"),
        "comments not labelled"
    );
    // Each family says in one sentence what happened, the widest first,
    // and the page opens with what was found, its figures at the foot.
    assert!(
        dom.contains("courrier-sud.fr's article was republished twice: by infomediterranee.com a day later, credited"),
        "{dom}"
    );
    assert!(
        dom.contains(
            "13 documents: 7 reprinted pairs in 3 families, 1 pair sharing only a quotation."
        ),
        "{dom}"
    );
    let first_family = dom.find("<h3>Family ").unwrap();
    assert!(
        dom[first_family..].starts_with("<h3>Family 0 · 3 documents"),
        "{dom}"
    );
    assert!(dom.find("<footer>").unwrap() > dom.find("id=\"pair-view\"").unwrap());
    // All eight pairs are listed.
    assert!(
        dom.contains("Pairs <span id=\"pairs-count\" class=\"count\">(8)</span>"),
        "{dom}"
    );

    // A pair chosen by the address opens too.
    let (dom, _) = chromium(&format!("{url}#pair-8"), &["--dump-dom"]);
    assert!(dom.contains("Pair 8: quote"), "pair 8 did not open");
    // Its sides say what they are: a quote pair has no direction.
    assert!(dom.contains("<h3>first: "), "{dom}");
    assert!(dom.contains("<h3>second: "), "{dom}");
    assert!(!dom.contains(">null<"), "a literal null: {dom}");
    // The first pair is directed: original and copy.
    let (dom, _) = chromium(&format!("{url}#pair-1"), &["--dump-dom"]);
    assert!(dom.contains("<h3>original: "), "{dom}");
    assert!(dom.contains("class=\"story\">infomediterranee.com republished courrier-sud.fr's article a day later, credited it"), "{dom}");
    assert!(dom.contains("<h3>copy: "), "{dom}");
    assert!(dom.contains("moved: the same text in another place"));

    // A screenshot to look at, kept out of git in the target folder.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let (_, stderr) = chromium(
        &url,
        &[
            "--window-size=1400,2400",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    assert_eq!(console_lines(&stderr), Vec::<&str>::new());
    let png = std::fs::read(&shot).expect("Chromium wrote the screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "the screenshot is empty"
    );
    // And as a phone shows it, 390 pixels wide.
    let phone = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-phone.png");
    let _ = std::fs::remove_file(&phone);
    let (_, stderr) = chromium(
        &url,
        &[
            "--window-size=390,2400",
            &format!("--screenshot={}", phone.display()),
        ],
    );
    assert_eq!(console_lines(&stderr), Vec::<&str>::new());
    assert!(std::fs::read(&phone)
        .expect("Chromium wrote the screenshot")
        .starts_with(b"\x89PNG"));
}
