//! `reprint show` and `--format parquet` on the example corpus.

use std::path::Path;

mod common;

use common::{repo_root, reprint, run, scan};
use reprint::report::ScanOutput;

fn examples(format: &str) -> tempfile::TempDir {
    let (out, output) = scan(
        &[&repo_root().join("examples/corpus")],
        &["--format", format],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

fn show(dir: &Path, a: &str, b: &str) -> std::process::Output {
    run(reprint().arg("show").arg(dir).args([a, b]))
}

#[test]
fn show_prints_the_pair_view_plain_when_piped() {
    let out = examples("jsonl");
    // Either order names the same pair.
    let output = show(out.path(), "info-med-88121", "courrier-sud-0412");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let shown = String::from_utf8(output.stdout).unwrap();
    assert!(!shown.contains('\x1b'), "colour codes in a pipe");
    assert!(
        shown.starts_with("reprint courrier-sud-0412 ⇄ info-med-88121: score 0.9")
            && shown.contains("; original: courrier-sud-0412; copy credits it;"),
        "{shown}"
    );
    // The changed figure, the cut clause, the removed comments and the
    // passage numbering.
    assert!(
        shown.contains("[!20!]") && shown.contains("[!25!]"),
        "{shown}"
    );
    assert!(
        shown.contains("[-, une installation qui a coûté 14 millions d'euros à la région-]"),
        "{shown}"
    );
    assert!(
        shown.contains("{removed comments: 4 commentaires"),
        "{shown}"
    );
    assert!(shown.contains("[1>Le port de Sète"), "{shown}");

    let coloured = run(reprint().arg("show").arg(out.path()).args([
        "courrier-sud-0412",
        "info-med-88121",
        "--color",
        "always",
    ]));
    assert!(String::from_utf8(coloured.stdout)
        .unwrap()
        .contains("\x1b[1;97;41m20"));
}

#[test]
fn show_names_what_it_cannot_find() {
    let out = examples("jsonl");
    let output = show(out.path(), "courrier-sud-0412", "no-such-id");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no document \"no-such-id\""));
    let output = show(out.path(), "courrier-sud-0412", "northwire-2024-0331");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("share no reused passage"));
    let output = show(&out.path().join("missing"), "a", "b");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("documents.jsonl"));
}

#[test]
fn parquet_tables_read_back_to_what_the_jsonl_says() {
    let jsonl = examples("jsonl");
    let parquet = examples("parquet");
    for table in [
        "documents",
        "reuse",
        "passages",
        "edits",
        "families",
        "clusters",
        "texts",
    ] {
        assert!(
            parquet.path().join(format!("{table}.parquet")).is_file(),
            "{table}.parquet"
        );
    }
    for jsonl in ["documents.jsonl", "texts.jsonl"] {
        assert!(!parquet.path().join(jsonl).exists(), "{jsonl}");
    }
    let from_jsonl = ScanOutput::load(jsonl.path()).unwrap();
    let from_parquet = ScanOutput::load(parquet.path()).unwrap();
    assert_eq!(from_parquet.documents.len(), 13);
    assert_eq!(from_parquet.pairs.len(), 8);
    // Texts (from texts.parquet) and typed dates read back as the JSONL
    // scan wrote them.
    assert_eq!(from_parquet.documents, from_jsonl.documents);
    assert!(from_parquet.documents.iter().any(|d| d.text.is_some()));
    assert!(from_parquet.documents.iter().any(|d| d.date.is_some()));
    // The Parquet table carries each pair's score, not the signals behind it.
    let mut pairs = from_jsonl.pairs.clone();
    for pair in &mut pairs {
        pair.signals = Default::default();
    }
    assert_eq!(from_parquet.pairs, pairs);
    // And show reads either.
    let a = show(jsonl.path(), "courrier-sud-0412", "info-med-88121");
    let b = show(parquet.path(), "courrier-sud-0412", "info-med-88121");
    assert_eq!(a.stdout, b.stdout);
}

/// Runs `reprint show` on the example pair in a pseudo-terminal (util-linux
/// `script`), with `env` set, and returns what the terminal received.
fn show_on_a_terminal(dir: &Path, extra: &str, env: &[(&str, &str)]) -> String {
    let command = format!(
        "{} show {} courrier-sud-0412 info-med-88121 {extra}",
        env!("CARGO_BIN_EXE_reprint"),
        dir.display()
    );
    let output = run(std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .envs(env.iter().copied()));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_terminal_gets_colour_unless_no_color_or_color_never_says_otherwise() {
    let out = examples("jsonl");
    assert!(show_on_a_terminal(out.path(), "", &[]).contains("\x1b[1;97;41m20"));
    assert!(!show_on_a_terminal(out.path(), "", &[("NO_COLOR", "1")]).contains('\x1b'));
    assert!(!show_on_a_terminal(out.path(), "--color never", &[]).contains('\x1b'));
    // An explicit request wins over the environment.
    assert!(
        show_on_a_terminal(out.path(), "--color always", &[("NO_COLOR", "1")])
            .contains("\x1b[1;97;41m20")
    );
    // The option is global: it may come before the command.
    let early = run(reprint()
        .args(["--color", "always", "show"])
        .arg(out.path())
        .args(["courrier-sud-0412", "info-med-88121"]));
    assert!(String::from_utf8_lossy(&early.stdout).contains("\x1b[1;97;41m20"));
}
