//! End-to-end tests: the real `reprint` binary on real files.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;

mod common;

use common::{gzip, read_jsonl, repo_root, reprint, run, scan, shared};

fn pairs(reuse: &[Value]) -> BTreeSet<(String, String)> {
    reuse
        .iter()
        .map(|r| {
            let (a, b) = (r["a"].as_str().unwrap(), r["b"].as_str().unwrap());
            (a.min(b).to_string(), a.max(b).to_string())
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.min(b).to_string(), a.max(b).to_string())
}

#[test]
fn finds_the_reprints_in_the_example_corpus_and_nothing_else() {
    let (out, output) = scan(&[&repo_root().join("examples/corpus")], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("13 documents"), "{summary}");

    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    let expected: BTreeSet<_> = [
        pair("courrier-sud-0412", "info-med-88121"),
        pair("courrier-sud-0412", "hérault-direct-5530"),
        pair("info-med-88121", "hérault-direct-5530"),
        pair("northwire-2024-0331", "valley-times-7781"),
        pair("northwire-2024-0331", "agri-daily-1290"),
        pair("valley-times-7781", "agri-daily-1290"),
        pair("ouest-breizh-2201", "lorient-actu-9042"),
        // The two articles quote one long statement; the quote is shared text.
        pair("journal-terre-77", "sud-agri-4410"),
    ]
    .into_iter()
    .collect();
    assert_eq!(pairs(&reuse), expected);

    // The copy with swapped paragraphs keeps every paragraph, as separate
    // passages.
    let swapped = reuse
        .iter()
        .find(|r| {
            pairs(std::slice::from_ref(r)).contains(&pair("northwire-2024-0331", "agri-daily-1290"))
        })
        .unwrap();
    assert!(swapped["passages"].as_array().unwrap().len() >= 3);
    let moves: Vec<&Value> = swapped["edits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "move")
        .collect();
    assert_eq!(moves.len(), 1, "one paragraph moved");
    assert!(moves[0]["a_text"]
        .as_str()
        .unwrap()
        .starts_with("Rainfall over the winter"));
    assert!(swapped["coverage_a"].as_f64().unwrap() > 0.95);

    // Every directed pair names the right original; the quote is a quote.
    let kind_and_original = |a: &str, b: &str| {
        let r = reuse
            .iter()
            .find(|r| pairs(std::slice::from_ref(r)).contains(&pair(a, b)))
            .unwrap();
        (
            r["kind"].as_str().unwrap().to_string(),
            r["original"].as_str().map(str::to_string),
        )
    };
    for (a, b) in [
        ("courrier-sud-0412", "info-med-88121"),
        ("courrier-sud-0412", "hérault-direct-5530"),
        ("northwire-2024-0331", "valley-times-7781"),
        ("northwire-2024-0331", "agri-daily-1290"),
        ("ouest-breizh-2201", "lorient-actu-9042"),
    ] {
        assert_eq!(
            kind_and_original(a, b),
            ("reprint".to_string(), Some(a.to_string())),
            "{a} {b}"
        );
    }
    assert_eq!(
        kind_and_original("journal-terre-77", "sud-agri-4410"),
        ("quote".to_string(), None)
    );

    let families = read_jsonl(&out.path().join("families.jsonl"));
    let originals: BTreeSet<&str> = families
        .iter()
        .map(|f| f["original"].as_str().unwrap())
        .collect();
    assert_eq!(
        originals,
        [
            "courrier-sud-0412",
            "northwire-2024-0331",
            "ouest-breizh-2201"
        ]
        .into_iter()
        .collect()
    );

    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(documents.len(), 13);
    let role = |id: &str| documents.iter().find(|d| d["id"] == id).unwrap()["role"].clone();
    assert_eq!(role("courrier-sud-0412"), "original");
    assert_eq!(role("info-med-88121"), "copy");
    assert_eq!(role("gazette-littoral-301"), "unique");
    assert_eq!(
        role("sud-agri-4410"),
        "unique",
        "a shared quote makes no family"
    );
    let first = &documents[0];
    assert_eq!(first["source"], "courrier-sud.fr");
    assert_eq!(first["date"], "2024-04-09");
    assert_eq!(first["date_origin"], "given");
    // Unknown input fields pass through.
    assert_eq!(first["title"], "Sète : le premier paquebot branché au quai");
}

fn chars_of(path: &Path) -> Vec<char> {
    std::fs::read_to_string(path).unwrap().chars().collect()
}

/// The code-point offset of `needle` in `text`.
fn find(text: &[char], needle: &str) -> u64 {
    let needle: Vec<char> = needle.chars().collect();
    text.windows(needle.len())
        .position(|w| w == needle.as_slice())
        .unwrap() as u64
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs ../shared: cargo test --features reprint-cli/external"
)]
fn the_seed_reprint_covers_the_copys_body_and_none_of_the_comments() {
    let seeds = shared().join("seeds");
    let (out, output) = scan(&[&seeds], &[]);
    assert!(output.status.success());
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    assert_eq!(reuse.len(), 1);
    let record = &reuse[0];
    assert_eq!(record["a"], "000_5237b04808cc950c");

    let original = chars_of(&seeds.join("000_5237b04808cc950c.txt"));
    let copy = chars_of(&seeds.join("001_adc9b15b0fe3ba7e.txt"));
    // 001's body runs from after the dateline to before the credit line.
    let body = (
        find(&copy, "L’Algérie et la Russie"),
        find(&copy, "Source: Observalgerie"),
    );
    let comments_start = find(&original, "3 Commentaires");

    let mut covered = 0;
    for p in record["passages"].as_array().unwrap() {
        let (b0, b1) = (p["b_begin"].as_u64().unwrap(), p["b_end"].as_u64().unwrap());
        covered += b1.min(body.1).saturating_sub(b0.max(body.0));
        assert!(
            p["a_end"].as_u64().unwrap() <= comments_start,
            "a passage reaches the comments"
        );
    }
    let share = covered as f64 / (body.1 - body.0) as f64;
    assert!(share >= 0.95, "passages cover {share:.3} of 001's body");
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs ../shared: cargo test --features reprint-cli/external"
)]
fn the_seed_reprint_is_explained() {
    let seeds = shared().join("seeds");
    let original = chars_of(&seeds.join("000_5237b04808cc950c.txt"));
    let copy = chars_of(&seeds.join("001_adc9b15b0fe3ba7e.txt"));
    // As JSONL, with the original's outlet given.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("seeds.jsonl");
    let record = |id: &str, text: &[char], source: Option<&str>| {
        let mut r = serde_json::json!({"id": id, "text": text.iter().collect::<String>()});
        if let Some(source) = source {
            r["source"] = source.into();
        }
        r.to_string()
    };
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n",
            record("000", &original, Some("observalgerie.com")),
            record("001", &copy, None)
        ),
    )
    .unwrap();
    let (out, output) = scan(&[&input], &[]);
    assert!(output.status.success());
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    let r = &reuse[0];
    assert_eq!(
        (r["a"].as_str(), r["original"].as_str()),
        (Some("000"), Some("000"))
    );
    assert_eq!(r["credited"], true);
    assert_eq!(r["kind"], "reprint");
    let evidence: Vec<&str> = r["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        evidence.contains(&"001 credits 000's outlet (Observalgerie)"),
        "{evidence:?}"
    );
    assert!(
        evidence.contains(&"000 hosts reader comments; 001 does not"),
        "{evidence:?}"
    );

    let edits: Vec<(String, String, String)> = r["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap().to_string();
            (text("kind"), text("a_text"), text("b_text"))
        })
        .collect();
    let expected = [
        (
            "deletion",
            ", commeelles l’avaient fait en Ossétie du Nord en 2021",
            "",
        ),
        ("case", "Sécurité", "sécurité"),
        (
            "substitution",
            "militaires en novembre 2022 à Béchar",
            "prévues en novembre 2022.",
        ),
        ("deletion", "le", ""),
    ]
    .map(|(k, a, b)| (k.to_string(), a.to_string(), b.to_string()));
    assert_eq!(edits, expected);
    // Edit offsets point at their text in each document.
    for e in r["edits"].as_array().unwrap() {
        let span = |text: &[char], b: &str, end: &str| -> String {
            text[e[b].as_u64().unwrap() as usize..e[end].as_u64().unwrap() as usize]
                .iter()
                .collect()
        };
        assert_eq!(
            span(&original, "a_begin", "a_end"),
            e["a_text"].as_str().unwrap()
        );
        assert_eq!(
            span(&copy, "b_begin", "b_end"),
            e["b_text"].as_str().unwrap()
        );
    }

    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    let kinds = |d: &Value| -> Vec<String> {
        d["removed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let (d0, d1) = (&documents[0], &documents[1]);
    assert_eq!(kinds(d0), ["title", "comments"]);
    let comments = d0["removed"][1].clone();
    assert_eq!(
        comments["begin"].as_u64().unwrap(),
        find(&original, "3 Commentaires")
    );
    assert_eq!(comments["end"].as_u64().unwrap(), original.len() as u64);
    assert_eq!(kinds(d1), ["dateline", "credit"]);
    assert_eq!(
        (d0["date"].as_str(), d0["date_origin"].as_str()),
        (Some("2022-04"), Some("inferred"))
    );
    assert_eq!(
        (d1["date"].as_str(), d1["date_origin"].as_str()),
        (Some("2022-04"), Some("dateline"))
    );
    assert_eq!(d1["credits"], serde_json::json!(["Observalgerie"]));
    assert_eq!(
        (d0["role"].as_str(), d1["role"].as_str()),
        (Some("original"), Some("copy"))
    );
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs ../shared: cargo test --features reprint-cli/external"
)]
fn pan_high_confidence_plagdet_is_at_least_0_97() {
    let output = run(reprint()
        .args(["eval", "pan"])
        .arg(shared().join("data/pan13_noobf")));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8_lossy(&output.stdout);
    let high = table
        .lines()
        .find(|l| l.starts_with("high"))
        .expect("a row for high-confidence cases");
    let plagdet: f64 = high.split_whitespace().last().unwrap().parse().unwrap();
    assert!(plagdet >= 0.97, "{table}");
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs ../shared: cargo test --features reprint-cli/external"
)]
fn clough_copies_are_paired_and_independent_answers_are_not() {
    let output = run(reprint()
        .args(["eval", "clough"])
        .arg(shared().join("data/clough_stevenson")));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8_lossy(&output.stdout);
    // (answers, paired, mean coverage, mean matched share)
    let row = |category: &str| -> (u32, u32, f64, f64) {
        let line = table.lines().find(|l| l.starts_with(category)).unwrap();
        let f: Vec<&str> = line.split_whitespace().collect();
        (
            f[1].parse().unwrap(),
            f[2].parse().unwrap(),
            f[3].parse().unwrap(),
            f[4].parse().unwrap(),
        )
    };
    let (cut, light, heavy, non) = (row("cut"), row("light"), row("heavy"), row("non"));
    // Two cut answers were pasted from Wikipedia text that is not in the
    // supplied source, so 17 of 19 is every one that can be paired.
    assert!(cut.1 >= 17, "{table}");
    assert!(light.1 >= 18, "{table}");
    assert_eq!(non.1, 0, "{table}");
    assert!(
        cut.2 > heavy.2 && light.2 > heavy.2 && heavy.2 > non.2,
        "{table}"
    );
    // Words matched verbatim order the categories by how much was rewritten.
    assert!(
        cut.3 > light.3 && light.3 > heavy.3 && heavy.3 > non.3,
        "{table}"
    );
}

#[test]
fn an_arabic_reprint_is_found_cleaned_and_explained() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/arabic.jsonl");
    let (out, output) = scan(&[&input], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    assert_eq!(reuse.len(), 1);
    let r = &reuse[0];
    assert_eq!(
        (r["kind"].as_str(), r["original"].as_str()),
        (Some("reprint"), Some("ar-orig"))
    );
    assert!(r["coverage_b"].as_f64().unwrap() > 0.95);
    // The copy drops a clause and adds vowel marks and tatweel: only the
    // clause is an edit.
    let edits: Vec<(&str, &str)> = r["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["a_text"].as_str().unwrap()))
        .collect();
    assert_eq!(edits, [("deletion", "منذ ثلاث سنوات")]);
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    let kinds = |d: &Value| -> Vec<String> {
        d["removed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds(&documents[0]), ["title", "comments"]);
    assert_eq!(kinds(&documents[1]), ["credit"]);
    assert_eq!(documents[1]["credits"], serde_json::json!(["أخبار اليوم"]));
}

#[test]
fn eval_pairs_scores_the_example_gold() {
    let (out, _) = scan(&[&repo_root().join("examples/corpus")], &[]);
    let output = run(reprint()
        .args(["eval", "pairs"])
        .arg(repo_root().join("examples/gold_pairs.jsonl"))
        .arg(out.path()));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("(TP 7, FP 0, FN 0;"), "{report}");
    assert!(
        report.contains("5 of 5 found pairs with a gold original directed, 5 right"),
        "{report}"
    );
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs ../shared: cargo test --features reprint-cli/external"
)]
fn clean_writes_the_body_text_without_furniture() {
    let dir = tempfile::tempdir().unwrap();
    let output_path = dir.path().join("clean.jsonl");
    let output = run(reprint()
        .arg("clean")
        .arg(shared().join("seeds"))
        .arg("-o")
        .arg(&output_path));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cleaned = read_jsonl(&output_path);
    let original = cleaned[0]["text"].as_str().unwrap();
    assert!(original.starts_with("L’Algérie et la Russie"));
    assert!(original.ends_with("selon la même source."));
    assert!(!original.contains("Commentaires"));
    let copy = cleaned[1]["text"].as_str().unwrap();
    assert!(copy.starts_with("L’Algérie") && !copy.contains("Source:"));
    assert_eq!(cleaned[1]["credits"], serde_json::json!(["Observalgerie"]));
}

#[test]
fn a_tiny_memory_budget_spills_to_disk_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("examples-many-times.jsonl");
    std::fs::write(&corpus, examples_many_times(100)).unwrap();
    let (in_memory, output) = scan(&[&corpus], &[]);
    assert!(output.status.success());
    let tmp = tempfile::tempdir().unwrap();
    let spill_dir = tmp.path().join("runs");
    let (spilled, output) = scan(
        &[&corpus],
        &[
            "--tmp-dir",
            spill_dir.to_str().unwrap(),
            "--memory-budget",
            "1KB",
            "--verbose",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("--memory-budget 1.0 KB is below the smallest that works; using 64.0 KB"),
        "{stderr}"
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains("fingerprint postings sorted on disk in"),
        "{summary}"
    );
    // Past the first 64 KB, texts and fingerprints are read from disk.
    let kept = summary
        .lines()
        .find_map(|line| line.strip_prefix("kept on disk past the memory budget: the texts of "))
        .unwrap_or_else(|| panic!("no line on what was kept on disk: {summary}"));
    let counts: Vec<u64> = kept
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(counts.len() == 2 && counts.iter().all(|&n| n > 5), "{kept}");
    for file in [
        "documents.jsonl",
        "reuse.jsonl",
        "families.jsonl",
        "texts.jsonl",
    ] {
        let a = std::fs::read(in_memory.path().join(file)).unwrap();
        let b = std::fs::read(spilled.path().join(file)).unwrap();
        assert!(a == b, "{file} differs when the scan spills to disk");
    }
    // The spill files are gone.
    assert_eq!(std::fs::read_dir(&spill_dir).unwrap().count(), 0);
}

#[test]
fn reads_jsonl_from_standard_input() {
    let out = tempfile::tempdir().unwrap();
    let mut child = reprint()
        .args(["scan", "-", "--out"])
        .arg(out.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let examples = std::fs::read(repo_root().join("examples/corpus/news.jsonl")).unwrap();
    child.stdin.take().unwrap().write_all(&examples).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(read_jsonl(&out.path().join("reuse.jsonl")).len(), 8);
}

/// Writes `content` as `name` in a fresh folder and scans it.
fn scan_bad(name: &str, content: &[u8], extra: &[&str]) -> (PathBuf, Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let out = dir.path().join("out");
    let output = run(reprint()
        .arg("scan")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .args(extra));
    (path, output, dir)
}

#[test]
fn malformed_records_name_file_and_line_and_exit_2() {
    let good = b"{\"id\":\"a\",\"text\":\"fine\"}\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "missing-id.jsonl",
            [&good[..], b"{\"text\":\"x\"}\n"].concat(),
            "missing field `id`",
        ),
        (
            "missing-text.jsonl",
            [&good[..], b"{\"id\":\"b\"}\n"].concat(),
            "missing field `text`",
        ),
        (
            "null-text.jsonl",
            [&good[..], b"{\"id\":\"b\",\"text\":null}\n"].concat(),
            "`text` must be a string, not null",
        ),
        (
            "numeric-id.jsonl",
            [&good[..], b"{\"id\":7,\"text\":\"x\"}\n"].concat(),
            "`id` must be a string",
        ),
        (
            "broken.jsonl",
            [&good[..], b"{\"id\":\"b\",\"text\":\"x\"\n"].concat(),
            "invalid JSON",
        ),
        (
            "utf8.jsonl",
            [&good[..], b"{\"id\":\"b\",\"text\":\"\xc3\x28\"}\n"].concat(),
            "invalid UTF-8",
        ),
        (
            "dup.jsonl",
            [&good[..], &good[..]].concat(),
            "duplicate id \"a\"",
        ),
        (
            "gz.jsonl.gz",
            gzip(&[&good[..], b"{\"id\":3}\n"].concat()),
            "`id` must be a string",
        ),
    ];
    for (name, content, message) in cases {
        let (path, output, _dir) = scan_bad(name, &content, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("{}:2", path.display())),
            "{name}: {stderr}"
        );
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(
            !path.parent().unwrap().join("out/reuse.jsonl").exists(),
            "{name}: no output on error"
        );

        let (_, output, dir) = scan_bad(name, &content, &["--skip-bad"]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{name} with --skip-bad");
        assert!(
            stdout.contains("1 malformed record skipped:"),
            "{name}: {stdout}"
        );
        assert_eq!(
            read_jsonl(&dir.path().join("out/documents.jsonl")).len(),
            1,
            "{name}"
        );
    }
}

#[test]
fn broken_compressed_files_and_unknown_formats_exit_2_naming_the_file() {
    let good = gzip(b"{\"id\":\"a\",\"text\":\"fine\"}\n");
    let truncated = &good[..good.len() - 6];
    let cases: [(&str, &[u8]); 3] = [
        ("cut.jsonl.gz", truncated),
        ("junk.jsonl.zst", b"this is not zstd at all"),
        ("table.csv", b"a,b\n"),
    ];
    for (name, content) in cases {
        let (path, output, _dir) = scan_bad(name, content, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&path.display().to_string()),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn a_missing_input_is_an_error_naming_it() {
    let output = run(reprint().args(["scan", "/no/such/input.jsonl", "--out", "/tmp/unused"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/input.jsonl"));
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn usage_errors_exit_2_with_clap_or_reprint_saying_what_is_wrong() {
    let corpus = repo_root().join("examples/corpus");
    let out = tempfile::tempdir().unwrap();
    for flag in ["--ngram", "--window", "--min-tokens", "--threads"] {
        let output = run(reprint()
            .arg("scan")
            .arg(&corpus)
            .arg("--out")
            .arg(out.path())
            .args([flag, "0"]));
        assert_eq!(
            output.status.code(),
            Some(2),
            "{flag}: {}",
            stderr_of(&output)
        );
        assert!(
            stderr_of(&output).contains(flag),
            "{flag}: {}",
            stderr_of(&output)
        );
    }
    let output = run(reprint().args(["scan", "--out"]).arg(out.path()));
    assert_eq!(output.status.code(), Some(2), "no input");
}

#[test]
fn an_unwritable_out_folder_is_refused_before_any_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    // The input does not exist either: the --out check comes first.
    let output = run(reprint()
        .args(["scan", "/no/such/input.jsonl", "--out"])
        .arg(file.join("out")));
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--out: cannot write"), "{stderr}");
    assert!(
        stderr.contains(&file.join("out").display().to_string()),
        "{stderr}"
    );
    assert!(!stderr.contains("/no/such/input.jsonl"), "{stderr}");
    assert_eq!(stderr.matches("os error").count(), 1, "said once: {stderr}");
}

#[test]
fn failures_of_the_work_itself_exit_1_in_every_stage() {
    let corpus = repo_root().join("examples/corpus");
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "a file where a folder should be").unwrap();

    // The read stage spills texts to a folder that cannot be made.
    let many = dir.path().join("many.jsonl");
    std::fs::write(&many, examples_many_times(100)).unwrap();
    let output = run(reprint()
        .arg("scan")
        .arg(&many)
        .arg("--out")
        .arg(dir.path().join("out1"))
        .arg("--tmp-dir")
        .arg(blocker.join("spill"))
        .args(["--memory-budget", "1B"]));
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot spill to"), "{stderr}");
    assert_eq!(stderr.matches("os error").count(), 1, "said once: {stderr}");

    // The write stage runs out of room (a file-size limit, as a full disk
    // would): the run fails, and the earlier scan in the folder stands whole.
    let out = dir.path().join("out2");
    let output = run(reprint().arg("scan").arg(&corpus).arg("--out").arg(&out));
    assert!(output.status.success(), "{}", stderr_of(&output));
    let before = std::fs::read(out.join("reuse.jsonl")).unwrap();
    let output = run(std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" scan \"$1\" --format parquet --out \"$2\"")
        .arg(env!("CARGO_BIN_EXE_reprint"))
        .arg(&corpus)
        .arg(&out));
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}", out.display())),
        "{stderr}"
    );
    assert!(!stderr.contains(".reprint-"), "no staging name: {stderr}");
    assert_eq!(stderr.matches("os error").count(), 1, "said once: {stderr}");
    assert_eq!(std::fs::read(out.join("reuse.jsonl")).unwrap(), before);
    assert!(!out.join("reuse.parquet").exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.iter()
            .all(|name| !name.to_string_lossy().contains(".reprint-")),
        "{left:?}"
    );
}

#[test]
fn the_summary_says_what_was_found_and_where_to_look() {
    let (out, output) = scan(&[&repo_root().join("examples/corpus")], &[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let summary = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = summary.lines().collect();
    assert!(
        lines[0].starts_with("Read 13 documents (10.7 KB): found 7 reprinted pairs in 3 families, 1 pair sharing only a quotation"),
        "{summary}"
    );
    let report = out.path().join("report.html");
    assert!(
        lines[1].contains(&format!("open {}", report.display())),
        "{summary}"
    );
    assert!(lines[2].starts_with("Took "), "{summary}");
    assert_eq!(
        lines.len(),
        3,
        "stage timings only with --verbose: {summary}"
    );

    let (_, output) = scan(&[&repo_root().join("examples/corpus")], &["--verbose"]);
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("\nstages: read "), "{summary}");
}

#[test]
fn past_five_skipped_records_the_summary_says_how_many_more() {
    let mut lines = b"{\"id\":\"a\",\"text\":\"fine\"}\n".to_vec();
    for _ in 0..8 {
        lines.extend_from_slice(b"{\"text\":\"no id\"}\n");
    }
    let (_, output, _dir) = scan_bad("bad.jsonl", &lines, &["--skip-bad"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("8 malformed records skipped:"), "{stdout}");
    assert_eq!(stdout.matches("missing field `id`").count(), 5, "{stdout}");
    assert!(stdout.contains("\n  and 3 more\n"), "{stdout}");
}

#[test]
fn binary_files_named_txt_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("article.txt"), "Un article comme les autres.").unwrap();
    std::fs::write(
        input.join("photo.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let (out, output) = scan(&[&input], &[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Read 1 document "), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "1 .txt file not read: binary data, not text (first: {})",
            input.join("photo.txt").display()
        )),
        "{stdout}"
    );
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(documents.len(), 1);
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs ../shared: cargo test --features reprint-cli/external"
)]
fn a_folder_per_outlet_names_the_seeds_sources_and_the_copy_credits_its_original() {
    let seeds = shared().join("seeds");
    let dir = tempfile::tempdir().unwrap();
    for (outlet, file) in [
        ("observalgerie.com", "000_5237b04808cc950c.txt"),
        ("elsewhere.example", "001_adc9b15b0fe3ba7e.txt"),
    ] {
        std::fs::create_dir(dir.path().join(outlet)).unwrap();
        std::fs::copy(seeds.join(file), dir.path().join(outlet).join(file)).unwrap();
    }
    let (out, output) = scan(&[dir.path()], &["--source-from-folder"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    let sources: Vec<&str> = documents
        .iter()
        .map(|d| d["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["elsewhere.example", "observalgerie.com"]);
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    assert_eq!(reuse.len(), 1);
    assert_eq!(reuse[0]["original"], "000_5237b04808cc950c");
    assert_eq!(reuse[0]["credited"], true, "{}", reuse[0]);

    // Without the flag nothing says who published what.
    let (out, _) = scan(&[dir.path()], &[]);
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    assert_eq!(reuse[0]["credited"], serde_json::Value::Null);
}

#[test]
#[cfg_attr(
    not(feature = "external"),
    ignore = "needs ../shared: cargo test --features reprint-cli/external"
)]
fn news_dev_reprints_are_told_from_look_alikes() {
    let output = run(reprint()
        .args(["eval", "news"])
        .arg(shared().join("data/news_dev")));
    assert!(output.status.success(), "{}", stderr_of(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    let all: Vec<f64> = table
        .lines()
        .find(|l| l.starts_with("all "))
        .expect("a row for all pairs")
        .split_whitespace()
        .skip(1)
        .take(3)
        .map(|x| x.parse().unwrap())
        .collect();
    // Before the judge: precision 0.76, F1 0.81 (a plain overlap threshold's).
    assert!(all[0] >= 0.9 && all[2] >= 0.85, "{table}");
    assert!(
        table.contains("false pairs (") && table.contains("missed pairs ("),
        "{table}"
    );
}

#[test]
fn skipping_every_record_exits_2_saying_nothing_was_read() {
    let lines = b"{\"text\":\"no id\"}\n{\"id\":3,\"text\":\"x\"}\n".to_vec();
    let (_, output, dir) = scan_bad("bad.jsonl", &lines, &["--skip-bad"]);
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no record could be read: all 2 were malformed"),
        "{stderr}"
    );
    assert!(!dir.path().join("out/reuse.jsonl").exists());
}

#[test]
fn thousands_of_threads_are_lowered_to_a_few_per_core_with_a_note() {
    let (out, output) = scan(
        &[&repo_root().join("examples/corpus")],
        &["--threads", "5000"],
    );
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("--threads 5000 lowered to"), "{stderr}");
    assert_eq!(read_jsonl(&out.path().join("reuse.jsonl")).len(), 8);
}

#[test]
fn clean_refuses_an_output_it_cannot_write_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let output = run(reprint()
        .args(["clean", "/no/such/input.jsonl", "-o"])
        .arg(file.join("clean.jsonl")));
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--output: cannot write"), "{stderr}");
    assert!(!stderr.contains("/no/such/input.jsonl"), "{stderr}");
}

/// Two stories of our own, each long enough to be judged a reprint whole.
const WIRE: &str = "Le conseil municipal de Vernay a voté mardi soir la fermeture de la piscine Jean-Moulin pour dix-huit mois de travaux, une décision attendue depuis que des fissures ont été relevées sur le grand bassin au printemps.\n\nLe chantier, estimé à 4,2 millions d'euros, doit reprendre l'étanchéité, la toiture et le système de chauffage, a précisé l'adjointe aux sports, Claire Mounier. Les clubs de natation seront accueillis à la piscine intercommunale de Saint-Aubin, à douze kilomètres, avec des navettes prises en charge par la ville.";
const LOCAL: &str = "La bibliothèque de quartier des Tilleuls rouvre ses portes lundi après huit mois de rénovation, avec une salle de lecture agrandie, un espace numérique de vingt postes et des horaires étendus le samedi jusqu'à dix-neuf heures.\n\nLes travaux, financés à parts égales par la commune et le département pour un montant de 870 000 euros, ont aussi permis de rendre le bâtiment accessible aux personnes à mobilité réduite, a indiqué le directeur de l'établissement, Marc Delorme, lors d'une visite organisée pour les habitants.";

#[test]
fn carriers_of_one_dispatch_and_two_copies_of_one_page_are_siblings_not_copies() {
    let dir = tempfile::tempdir().unwrap();
    let record = |id: &str, source: &str, date: &str, text: String| {
        serde_json::json!({"id": id, "source": source, "date": date, "text": text}).to_string()
    };
    let lines = [
        record(
            "un",
            "un.example",
            "2024-03-01",
            format!("VERNAY (AFP) - {WIRE}"),
        ),
        record(
            "deux",
            "deux.example",
            "2024-03-02",
            format!("{WIRE}\n\nAvec Agence France-Presse"),
        ),
        record("page", "page.example", "2024-05-01", LOCAL.to_string()),
        record("copie-1", "copie1.example", "2024-05-02", LOCAL.to_string()),
        record("copie-2", "copie2.example", "2024-05-03", LOCAL.to_string()),
    ];
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    let (out, output) = scan(&[&input], &[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    let find = |a: &str, b: &str| {
        reuse
            .iter()
            .find(|r| (r["a"] == a && r["b"] == b) || (r["a"] == b && r["b"] == a))
            .unwrap_or_else(|| panic!("no pair {a} {b} in {reuse:?}"))
    };
    let wire = find("un", "deux");
    assert_eq!(wire["kind"], "reprint");
    assert_eq!(wire["original"], Value::Null, "{wire}");
    assert_eq!(wire["credited"], Value::Null);
    assert_eq!(wire["common_source"], "AFP");
    let copies = find("copie-1", "copie-2");
    assert_eq!(copies["original"], Value::Null, "{copies}");
    assert_eq!(copies["credited"], Value::Null);
    assert_eq!(copies["common_original"], "page");
    assert_eq!(find("page", "copie-2")["original"], "page");

    let families = read_jsonl(&out.path().join("families.jsonl"));
    let of = |member: &str| {
        families
            .iter()
            .find(|f| f["members"].as_array().unwrap().iter().any(|m| m == member))
            .unwrap()
    };
    assert_eq!(of("un")["original"], Value::Null);
    assert_eq!(of("un")["common_source"], "AFP");
    assert_eq!(of("page")["original"], "page");
}

#[test]
fn a_date_not_understood_is_kept_as_given_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dated.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"date\":\"le 3 mars\",\"text\":\"un texte\"}\n{\"id\":\"b\",\"date\":\"2024-02-03\",\"text\":\"un texte\"}\n",
    )
    .unwrap();
    let (out, output) = scan(&[&input], &[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "1 date was not understood, kept as date_given (first: \"a\" gives \"le 3 mars\")"
        ),
        "{stdout}"
    );
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(documents[0]["date"], Value::Null);
    assert_eq!(documents[0]["date_given"], "le 3 mars");
    assert_eq!(documents[1]["date"], "2024-02-03");
    assert_eq!(documents[1]["date_given"], Value::Null);
}

/// The example corpus `copies` times over as JSONL, each copy's ids
/// suffixed with its number.
fn examples_many_times(copies: usize) -> String {
    let examples = std::fs::read_to_string(repo_root().join("examples/corpus/news.jsonl")).unwrap();
    let mut out = String::new();
    for copy in 0..copies {
        for line in examples.lines() {
            let mut record: Value = serde_json::from_str(line).unwrap();
            let id = format!("{}-{copy}", record["id"].as_str().unwrap());
            record["id"] = Value::String(id);
            out.push_str(&record.to_string());
            out.push('\n');
        }
    }
    out
}

/// The names in `dir` and the bytes of the two tables a check compares.
fn scan_state(dir: &Path) -> (BTreeSet<String>, Vec<u8>, Vec<u8>) {
    let names = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_default();
    (names, read("documents.jsonl"), read("reuse.jsonl"))
}

#[test]
fn a_scan_killed_at_any_moment_leaves_the_old_results_or_the_new_whole() {
    let root = tempfile::tempdir().unwrap();
    let small = repo_root().join("examples/corpus/news.jsonl");
    // A corpus big enough to take a while.
    let big_path = root.path().join("big.jsonl");
    std::fs::write(&big_path, examples_many_times(400)).unwrap();
    let out = root.path().join("out");
    let scan_into = |input: &Path, dir: &Path| {
        let output = run(reprint().arg("scan").arg(input).arg("--out").arg(dir));
        assert!(output.status.success(), "{}", stderr_of(&output));
    };

    scan_into(&small, &out);
    let old = scan_state(&out);
    let reference = root.path().join("reference");
    let started = std::time::Instant::now();
    scan_into(&big_path, &reference);
    let full = started.elapsed();
    let new = scan_state(&reference);
    assert_ne!(old, new);

    for attempt in 0..20u32 {
        scan_into(&small, &out);
        let mut child = reprint()
            .arg("scan")
            .arg(&big_path)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Moments spread over the whole run, from its start to past its end.
        std::thread::sleep(full * attempt / 18);
        let _ = child.kill();
        child.wait().unwrap();
        let state = scan_state(&out);
        assert!(
            state == old || state == new,
            "attempt {attempt}: the folder holds {:?}",
            state.0
        );
    }
    // The next run removes what killed runs left beside the folder.
    scan_into(&small, &out);
    let left: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.contains(".reprint-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn every_record_passed_over_is_listed_in_skipped_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("some-bad.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"un texte\"}\n{\"id\":\"b\"}\nnot json\n",
    )
    .unwrap();
    let (out, output) = scan(&[&input], &["--skip-bad"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("skipped.jsonl"), "{stdout}");
    let skipped = read_jsonl(&out.path().join("skipped.jsonl"));
    let places: Vec<(String, u64)> = skipped
        .iter()
        .map(|s| {
            assert_eq!(s["kind"], "record");
            assert!(s["file"].as_str().unwrap().ends_with("some-bad.jsonl"));
            (
                s["reason"].as_str().unwrap().to_string(),
                s["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(places.len(), 2);
    assert_eq!((places[0].1, places[1].1), (2, 3));
    assert!(places[0].0.ends_with("missing field `text`"), "{places:?}");
}

#[test]
fn a_parquet_scan_over_a_jsonl_scan_leaves_no_jsonl_tables_behind() {
    let corpus = repo_root().join("examples/corpus");
    let (out, output) = scan(&[&corpus], &[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(out.path().join("reuse.jsonl").exists());
    let output = run(reprint()
        .arg("scan")
        .arg(&corpus)
        .args(["--format", "parquet", "--out"])
        .arg(out.path()));
    assert!(output.status.success(), "{}", stderr_of(&output));
    for gone in [
        "documents.jsonl",
        "reuse.jsonl",
        "families.jsonl",
        "texts.jsonl",
    ] {
        assert!(
            !out.path().join(gone).exists(),
            "{gone} is left from the earlier scan"
        );
    }
    assert!(out.path().join("reuse.parquet").exists());
}
