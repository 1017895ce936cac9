//! End-to-end tests of `reprint index`: the archive built in batches answers
//! as a scan does, refuses what it must, and survives being killed.

mod common;

use std::path::Path;
use std::process::{Output, Stdio};

use common::{read_jsonl, repo_root, reprint, run};
use reprint_bench::generate::{generate, GenParams};

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn index_cmd(args: &[&std::ffi::OsStr]) -> Output {
    run(reprint().arg("index").args(args))
}

fn add(index: &Path, input: &Path) -> Output {
    index_cmd(&["add".as_ref(), index.as_os_str(), input.as_os_str()])
}

/// The documents the index says it holds, from `reprint index info`.
fn held(index: &Path) -> u64 {
    let output = index_cmd(&["info".as_ref(), index.as_os_str()]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {stdout:?}"))
}

/// Writes a generated corpus of `bytes` to `path`, its ids prefixed.
fn write_generated(path: &Path, bytes: u64, seed: u64, prefix: &str) {
    let params = GenParams {
        bytes,
        seed,
        reprint_share: 0.3,
        viral_stories: 2,
        viral_copies: 30,
        lookalike_share: 0.1,
    };
    let (mut corpus, mut truth) = (Vec::new(), Vec::new());
    generate(params, &mut corpus, &mut truth).unwrap();
    let text = String::from_utf8(corpus).unwrap();
    let renamed: String = text
        .lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = format!("{prefix}{}", record["id"].as_str().unwrap());
            record["id"] = id.into();
            format!("{record}\n")
        })
        .collect();
    std::fs::write(path, renamed).unwrap();
}

#[test]
fn the_example_added_in_two_batches_answers_a_check_as_a_scan_does() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::fs::read_to_string(repo_root().join("examples/corpus/news.jsonl")).unwrap();
    let lines: Vec<&str> = corpus.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let (one, two) = (dir.path().join("one.jsonl"), dir.path().join("two.jsonl"));
    std::fs::write(&one, first.join("\n")).unwrap();
    std::fs::write(&two, second.join("\n")).unwrap();
    let index = dir.path().join("archive");
    for batch in [&one, &two] {
        let output = add(&index, batch);
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    assert_eq!(held(&index), lines.len() as u64);

    let checked = dir.path().join("checked");
    let output = index_cmd(&[
        "query".as_ref(),
        index.as_os_str(),
        repo_root().join("examples/corpus").as_os_str(),
        "--out".as_ref(),
        checked.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Checked 13 documents against an archive of 13 documents"),
        "{stdout}"
    );
    let scanned = dir.path().join("scanned");
    let output = run(reprint()
        .arg("scan")
        .arg(repo_root().join("examples/corpus"))
        .arg("--out")
        .arg(&scanned));
    assert!(output.status.success(), "{}", stderr_of(&output));
    for table in ["reuse.jsonl", "documents.jsonl", "families.jsonl"] {
        let (got, want) = (
            std::fs::read(checked.join(table)).unwrap(),
            std::fs::read(scanned.join(table)).unwrap(),
        );
        assert!(got == want, "{table} differs from the scan's");
    }
    assert!(!read_jsonl(&checked.join("reuse.jsonl")).is_empty());
    assert!(checked.join("report.html").is_file());
}

#[test]
fn a_new_article_checked_gets_its_pairs_with_the_archive_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::fs::read_to_string(repo_root().join("examples/corpus/news.jsonl")).unwrap();
    let mut lines: Vec<&str> = corpus.lines().collect();
    // The example's first story, republished by a new site.
    let mut copy: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    copy["id"] = "new-copy".into();
    copy["source"] = "nouveau-site.example".into();
    copy["date"] = "2030-01-01".into();
    let original_id = copy_id(lines[0]);
    lines.retain(|l| !l.is_empty());
    let archive_input = dir.path().join("archive.jsonl");
    std::fs::write(&archive_input, lines.join("\n")).unwrap();
    let index = dir.path().join("archive");
    assert!(add(&index, &archive_input).status.success());
    let new = dir.path().join("today.jsonl");
    std::fs::write(&new, format!("{copy}\n")).unwrap();
    let out = dir.path().join("out");
    let output = index_cmd(&[
        "query".as_ref(),
        index.as_os_str(),
        new.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let reuse = read_jsonl(&out.join("reuse.jsonl"));
    assert!(
        reuse
            .iter()
            .any(|r| (r["a"] == original_id.as_str() && r["b"] == "new-copy")
                && r["kind"] == "reprint"),
        "{reuse:?}"
    );
    assert!(reuse
        .iter()
        .all(|r| r["a"] == "new-copy" || r["b"] == "new-copy"));
    assert_eq!(held(&index), lines.len() as u64);
}

fn copy_id(line: &str) -> String {
    let record: serde_json::Value = serde_json::from_str(line).unwrap();
    record["id"].as_str().unwrap().to_string()
}

#[test]
fn an_id_already_held_is_refused_with_both_places_and_the_index_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo_root().join("examples/corpus/news.jsonl");
    let index = dir.path().join("archive");
    assert!(add(&index, &input).status.success());
    let again = dir.path().join("again.jsonl");
    std::fs::copy(&input, &again).unwrap();
    let output = add(&index, &again);
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("is already in the index"), "{stderr}");
    assert!(
        stderr.contains("news.jsonl:1") && stderr.contains("again.jsonl:1"),
        "{stderr}"
    );
    assert_eq!(held(&index), 13);
    let segments = std::fs::read_dir(index.join("segments")).unwrap().count();
    assert_eq!(segments, 1);
}

#[test]
fn an_update_replaces_the_held_version_and_checks_see_only_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo_root().join("examples/corpus/news.jsonl");
    let index = dir.path().join("archive");
    assert!(add(&index, &input).status.success());
    // The original of two copies, corrected into another story.
    let lines = std::fs::read_to_string(&input).unwrap();
    let mut original: serde_json::Value = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["id"] == "courrier-sud-0412")
        .unwrap();
    original["text"] = "Correction : le conseil municipal a voté hier soir le budget des écoles, \
        des cantines et des gymnases pour l'année qui vient, après trois heures de débat."
        .into();
    let corrected = dir.path().join("corrected.jsonl");
    std::fs::write(&corrected, format!("{original}\n")).unwrap();
    let output = index_cmd(&[
        "add".as_ref(),
        index.as_os_str(),
        corrected.as_os_str(),
        "--update".as_ref(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 update replacing the held version"),
        "{stdout}"
    );
    assert_eq!(held(&index), 13);
    // A copy of the old version, checked, no longer finds it.
    let copy = lines
        .lines()
        .find(|l| l.contains("\"info-med-88121\""))
        .unwrap();
    let check = dir.path().join("check.jsonl");
    std::fs::write(&check, format!("{copy}\n")).unwrap();
    let out = dir.path().join("out");
    let output = index_cmd(&[
        "query".as_ref(),
        index.as_os_str(),
        check.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let reuse = read_jsonl(&out.join("reuse.jsonl"));
    assert!(!reuse.is_empty(), "the other copy still pairs with it");
    assert!(
        reuse
            .iter()
            .all(|r| r["a"] != "courrier-sud-0412" && r["b"] != "courrier-sud-0412"),
        "{reuse:?}"
    );
    // Without the flag the same file is refused.
    let output = add(&index, &corrected);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("is already in the index"));
}

#[test]
fn folders_that_hold_no_index_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let output = index_cmd(&["info".as_ref(), dir.path().join("none").as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("no index here"));
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = add(dir.path(), &repo_root().join("examples/corpus"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("not a reprint index") && stderr.contains("notes.txt"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing was written"
    );
}

#[test]
fn an_add_killed_at_any_moment_leaves_every_batch_or_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("archive");
    let first = dir.path().join("first.jsonl");
    write_generated(&first, 300_000, 1, "first-");
    let output = add(&index, &first);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let batch_docs = std::fs::read_to_string(&first).unwrap().lines().count() as u64;
    let mut committed = held(&index);
    assert_eq!(committed, batch_docs);

    // How long one add of a bigger batch takes, to spread the kills over.
    let timing = dir.path().join("timing");
    let big = dir.path().join("big-0.jsonl");
    write_generated(&big, 6_000_000, 2, "timing-");
    let started = std::time::Instant::now();
    assert!(add(&timing, &big).status.success());
    let full = started.elapsed();

    let (mut completed, mut cut) = (0, 0);
    for attempt in 0..12u32 {
        let batch = dir.path().join(format!("big-{attempt}.jsonl"));
        write_generated(&batch, 6_000_000, 2, &format!("attempt{attempt}-"));
        let size = std::fs::read_to_string(&batch).unwrap().lines().count() as u64;
        let mut child = reprint()
            .arg("index")
            .arg("add")
            .arg(&index)
            .arg(&batch)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Moments spread over the whole add, from its start to well past its
        // end: the other tests running beside this one can make an add take
        // twice as long as the timing run did.
        std::thread::sleep(full * attempt / 4);
        let _ = child.kill();
        child.wait().unwrap();
        let now = held(&index);
        assert!(
            now == committed || now == committed + size,
            "attempt {attempt}: {now} documents, neither {committed} nor {}",
            committed + size
        );
        if now == committed {
            cut += 1;
        } else {
            completed += 1;
        }
        committed = now;
        // Reopening removed whatever the killed add left half written.
        let left: Vec<String> = std::fs::read_dir(index.join("segments"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.contains(".partial"))
            .collect();
        assert!(left.is_empty(), "attempt {attempt}: {left:?}");
    }
    assert!(cut > 0 && completed > 0, "{cut} cut, {completed} completed");
    // The index still takes adds and answers checks.
    let last = dir.path().join("last.jsonl");
    write_generated(&last, 100_000, 9, "last-");
    assert!(add(&index, &last).status.success());
    let out = dir.path().join("out");
    let output = index_cmd(&[
        "query".as_ref(),
        index.as_os_str(),
        last.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
}
