//! Inputs as Spark and passim keep them: folders of `part-*` files of JSON
//! lines, and Parquet tables. Each must read as the JSONL it holds.

mod common;

use std::fs;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use parquet::arrow::ArrowWriter;
use serde_json::Value;

use common::{gzip, read_jsonl, repo_root, scan};

fn example_lines() -> Vec<String> {
    fs::read_to_string(repo_root().join("examples/corpus/news.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The reuse records of a scan of the example corpus as JSONL.
fn example_reuse() -> Vec<Value> {
    let (out, output) = scan(&[&repo_root().join("examples/corpus/news.jsonl")], &[]);
    assert!(output.status.success());
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    assert!(!reuse.is_empty());
    reuse
}

fn write_parquet(path: &Path, columns: Vec<(&str, ArrayRef)>) {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let mut writer =
        ArrowWriter::try_new(fs::File::create(path).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(StringArray::from_iter(values))
}

#[test]
fn a_spark_folder_of_part_files_reads_as_the_jsonl_it_holds() {
    let lines = example_lines();
    let half = lines.len() / 2;
    // passim names the outlet `series`.
    let as_passim = |line: &String| line.replacen("\"source\":", "\"series\":", 1);
    let first: String = lines[..half].iter().map(|l| as_passim(l) + "\n").collect();
    let rest: String = lines[half..].iter().map(|l| l.clone() + "\n").collect();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("passim-out");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("part-00000-5f1c-c000.json.gz"),
        gzip(first.as_bytes()),
    )
    .unwrap();
    fs::write(folder.join("part-00001"), rest).unwrap();
    fs::write(folder.join("_SUCCESS"), "").unwrap();

    let (out, output) = scan(&[&folder], &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(documents.len(), lines.len(), "{stderr}");
    assert_eq!(read_jsonl(&out.path().join("reuse.jsonl")), example_reuse());
}

#[test]
fn a_parquet_file_reads_as_the_jsonl_it_holds() {
    let docs: Vec<Value> = example_lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let field = |name: &str| {
        strings(
            docs.iter()
                .map(|d| d[name].as_str())
                .collect::<Vec<_>>()
                .into_iter(),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("part-00000-9a2e.snappy.parquet");
    write_parquet(
        &table,
        vec![
            ("id", field("id")),
            ("text", field("text")),
            ("series", field("source")),
            ("date", field("date")),
            ("title", field("title")),
            (
                "page",
                Arc::new(Int64Array::from_iter_values(0..docs.len() as i64)),
            ),
        ],
    );
    let (out, output) = scan(&[dir.path()], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(read_jsonl(&out.path().join("reuse.jsonl")), example_reuse());
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    assert_eq!(documents[1]["page"], 1, "other columns pass through");
    assert_eq!(documents[1]["source"], docs[1]["source"]);
}

#[test]
fn a_bad_table_exits_2_naming_the_file_and_the_column_or_row() {
    let dir = tempfile::tempdir().unwrap();
    let no_text = dir.path().join("no-text.parquet");
    write_parquet(&no_text, vec![("id", strings([Some("a")].into_iter()))]);
    let numeric_id = dir.path().join("numeric-id.parquet");
    write_parquet(
        &numeric_id,
        vec![
            ("id", Arc::new(Int64Array::from(vec![1]))),
            ("text", strings([Some("x")].into_iter())),
        ],
    );
    let null_id = dir.path().join("null-id.parquet");
    write_parquet(
        &null_id,
        vec![
            ("id", strings([Some("a"), None].into_iter())),
            (
                "text",
                strings([Some("a text"), Some("another")].into_iter()),
            ),
        ],
    );
    let cut = dir.path().join("cut.parquet");
    let whole = fs::read(&null_id).unwrap();
    fs::write(&cut, &whole[..whole.len() / 2]).unwrap();

    let cases = [
        (&no_text, "no column `text` (the columns are: id)"),
        (&numeric_id, "column `id` holds Int64; it must hold strings"),
        (
            &null_id,
            "null-id.parquet, row 2: `id` must be a string, not null",
        ),
        (&cut, "cannot read the table"),
    ];
    for (path, message) in cases {
        let (_out, output) = scan(&[path.as_path()], &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&path.display().to_string()), "{stderr}");
        assert!(stderr.contains(message), "{message}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    // A bad row is a record error: --skip-bad passes over it and says so.
    let (out, output) = scan(&[null_id.as_path()], &["--skip-bad"]);
    assert!(output.status.success());
    let skipped = read_jsonl(&out.path().join("skipped.jsonl"));
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["row"], 2);
    assert_eq!(read_jsonl(&out.path().join("documents.jsonl")).len(), 1);
}
