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
    // Each family's timeline: who published when, the original marked,
    // each copy by whether it credits it.
    assert_eq!(dom.matches("class=\"timeline\"").count(), 3, "{dom}");
    assert_eq!(dom.matches("class=\"tl-dot tl-original\"").count(), 3);
    assert!(dom.contains("class=\"tl-dot tl-credited\""), "{dom}");
    assert!(dom.contains("class=\"tl-dot tl-uncredited\""), "{dom}");
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
    // A moved paragraph is one framed block on each side, though passages
    // and edits cut it.
    let (dom, _) = chromium(&format!("{url}#pair-5"), &["--dump-dom"]);
    assert_eq!(dom.matches("class=\"move-block\"").count(), 2, "{dom}");
    assert!(!dom.contains("edit-move side-"), "{dom}");

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
    // And as a phone shows it, 390 pixels wide: a screenshot to look at,
    // and the page measured by itself, in a copy that runs one more script
    // once the report's own has drawn the lists and the first pair.
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
    let measured = out.path().join("report-measured.html");
    let (before_end, end) = html.rsplit_once("</body>").unwrap();
    std::fs::write(
        &measured,
        format!("{before_end}<script>{MEASURE_WIDTHS}</script></body>{end}"),
    )
    .unwrap();
    // Headless Chromium draws no window narrower than 500 pixels, so the
    // phone is a frame of 390 in a wider window, which hands the frame's
    // measure to the page around it.
    let phone_frame = out.path().join("report-phone.html");
    std::fs::write(
        &phone_frame,
        "<!DOCTYPE html><html><body style=\"margin:0\">\
         <iframe src=\"report-measured.html\" style=\"width:390px;height:2400px;border:0\"></iframe>\
         <pre id=\"widths\"></pre><script>addEventListener(\"message\", (e) => \
         { document.getElementById(\"widths\").textContent = e.data; });</script></body></html>",
    )
    .unwrap();
    for (width, page) in [(1400, &measured), (390, &phone_frame)] {
        let (dom, stderr) = chromium(
            &format!("file://{}", page.display()),
            &[
                "--dump-dom",
                "--window-size=1400,2400",
                "--virtual-time-budget=5000",
            ],
        );
        assert_eq!(console_lines(&stderr), Vec::<&str>::new());
        let report = dom
            .split_once("<pre id=\"widths\">")
            .and_then(|(_, rest)| rest.split_once("</pre>"))
            .map(|(report, _)| report)
            .unwrap_or_else(|| panic!("the measuring script ran not: {dom}"));
        assert!(
            report.starts_with(&format!("viewport {width};")),
            "the window is not {width} wide: {report}"
        );
        assert!(report.ends_with("too wide: none"), "at {width}: {report}");
        // The pair and member tables are cards on a phone.
        if width == 390 {
            assert!(report.contains("table header hidden"), "{report}");
        }
    }
}

/// Lists every drawn element that reaches past the viewport's edges (the
/// scroll bar's width aside) and says whether the tables' header rows are
/// hidden, as the phone layout hides them; in a frame, tells the page
/// around it.
const MEASURE_WIDTHS: &str = r#"
(function () {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const node of document.body.querySelectorAll("*")) {
    const box = node.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      wide.push(node.tagName.toLowerCase() + "." + node.className + " " + Math.round(box.left) + ".." + Math.round(box.right));
    }
  }
  const heads = [...document.querySelectorAll("thead")];
  const hidden = heads.length > 0 && heads.every((h) => getComputedStyle(h).display === "none");
  const said = "viewport " + window.innerWidth + "; " + (hidden ? "table header hidden; " : "") + "too wide: " + (wide.length ? wide.join(" | ") : "none");
  if (window.parent !== window) {
    window.parent.postMessage(said, "*");
    return;
  }
  const out = document.createElement("pre");
  out.id = "widths";
  out.textContent = said;
  document.body.append(out);
})();
"#;
