//! Passage clusters and the keep list, end to end: `clusters.jsonl` traces
//! each reprinted passage through every document that printed it, and
//! `reprint dedup` keeps one document per story.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use common::{read_jsonl, repo_root, reprint, run, scan};
use reprint_bench::generate::{generate, GenParams};

/// For each document, the span its passages cover in the reprint records
/// between documents of `members`: from the first passage's start to the
/// last one's end.
fn passage_extents(reuse: &[Value], members: &BTreeSet<&str>) -> HashMap<String, (u64, u64)> {
    let mut extents: HashMap<String, (u64, u64)> = HashMap::new();
    for record in reuse.iter().filter(|r| r["kind"] == "reprint") {
        let (a, b) = (record["a"].as_str().unwrap(), record["b"].as_str().unwrap());
        if !members.contains(a) || !members.contains(b) {
            continue;
        }
        for p in record["passages"].as_array().unwrap() {
            for (doc, side) in [(a, "a"), (b, "b")] {
                let begin = p[format!("{side}_begin")].as_u64().unwrap();
                let end = p[format!("{side}_end")].as_u64().unwrap();
                let e = extents.entry(doc.to_string()).or_insert((begin, end));
                *e = (e.0.min(begin), e.1.max(end));
            }
        }
    }
    extents
}

fn dedup(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let output = run(reprint().arg("dedup").arg(dir).args(extra));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    read_jsonl(&dir.join("keep.jsonl"))
}

#[test]
fn a_story_copied_by_300_sites_is_one_cluster_and_the_keep_list_keeps_one_document_per_story() {
    let work = tempfile::tempdir().unwrap();
    let params = GenParams {
        bytes: 10_000_000,
        seed: 11,
        reprint_share: 0.2,
        viral_stories: 1,
        viral_copies: 300,
        lookalike_share: 0.0,
    };
    let (mut corpus, mut truth) = (Vec::new(), Vec::new());
    generate(params, &mut corpus, &mut truth).unwrap();
    let corpus_path = work.path().join("corpus.jsonl");
    std::fs::write(&corpus_path, &corpus).unwrap();
    let truth: Vec<Value> = String::from_utf8(truth)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    // Stories: each original with its copies.
    let mut stories: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &truth {
        let original = t["original"].as_str().unwrap().to_string();
        let copy = if t["a"] == t["original"] {
            &t["b"]
        } else {
            &t["a"]
        };
        let story = stories.entry(original.clone()).or_default();
        story.insert(original);
        story.insert(copy.as_str().unwrap().to_string());
    }
    let viral = stories
        .values()
        .find(|s| s.len() == 301)
        .expect("the viral story, 300 copies and its original")
        .clone();

    let (out, output) = scan(&[&corpus_path], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let clusters = read_jsonl(&out.path().join("clusters.jsonl"));
    let reuse = read_jsonl(&out.path().join("reuse.jsonl"));
    let documents = read_jsonl(&out.path().join("documents.jsonl"));

    let original = stories
        .iter()
        .find(|(_, s)| **s == viral)
        .map(|(o, _)| o.clone())
        .unwrap();
    // The story's passage: the cluster that holds its original. (Other
    // clusters may hold a copy too: the closing lines an outlet prints on
    // every page, shared with its other pages.)
    let holds_original = |c: &&Value| {
        c["witnesses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["doc"] == original.as_str())
    };
    let of_original: Vec<&Value> = clusters.iter().filter(holds_original).collect();
    assert_eq!(of_original.len(), 1, "{of_original:#?}");
    let cluster = of_original[0];
    let witnesses = cluster["witnesses"].as_array().unwrap();
    let docs: BTreeSet<String> = witnesses
        .iter()
        .map(|w| w["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs, viral);
    assert_eq!(cluster["documents"], 301);
    assert_eq!(witnesses.len(), 301);
    assert_eq!(cluster["size"], 301);
    assert_eq!(cluster["earliest"], original.as_str());

    // Each witness spans exactly what the passages cover on its document.
    let members: BTreeSet<&str> = viral.iter().map(String::as_str).collect();
    let extents = passage_extents(&reuse, &members);
    for w in witnesses {
        let doc = w["doc"].as_str().unwrap();
        let span = (w["begin"].as_u64().unwrap(), w["end"].as_u64().unwrap());
        assert_eq!(extents[doc], span, "{doc}");
    }
    // And the cluster's text is the original's passage.
    let texts = read_jsonl(&out.path().join("texts.jsonl"));
    let original_text = texts
        .iter()
        .find(|t| t["id"] == original.as_str())
        .and_then(|t| t["text"].as_str())
        .unwrap();
    let (begin, end) = extents[&original];
    let expected: String = original_text
        .chars()
        .skip(begin as usize)
        .take((end - begin) as usize)
        .collect();
    assert_eq!(cluster["text"], expected.as_str());

    // The keep list: one document per story, the others naming it.
    let keep = dedup(out.path(), &[]);
    assert_eq!(keep.len(), documents.len());
    let kept: BTreeSet<&str> = keep
        .iter()
        .filter(|k| k["keep"] == true)
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    for (original, story) in &stories {
        let kept_of_story: Vec<&String> =
            story.iter().filter(|d| kept.contains(d.as_str())).collect();
        assert_eq!(kept_of_story, [original], "story of {original}");
    }
    for k in keep.iter().filter(|k| k["keep"] == false) {
        let of = k["duplicate_of"].as_str().unwrap();
        assert!(kept.contains(of), "{k}");
        assert!(k["reused_share"].as_f64().unwrap() > 0.8, "{k}");
    }
    let in_stories: BTreeSet<&str> = stories.values().flatten().map(String::as_str).collect();
    for d in &documents {
        let id = d["id"].as_str().unwrap();
        if !in_stories.contains(id) {
            assert!(kept.contains(id), "{id} copies nothing and must be kept");
        }
    }

    // At a threshold no share passes, everything is kept.
    let all = dedup(out.path(), &["--max-reused", "1"]);
    assert!(all.iter().all(|k| k["keep"] == true));
}

#[test]
fn the_example_corpus_has_a_cluster_per_story_and_documents_say_what_they_reuse() {
    let (out, output) = scan(&[&repo_root().join("examples/corpus/news.jsonl")], &[]);
    assert!(output.status.success());
    let clusters = read_jsonl(&out.path().join("clusters.jsonl"));
    let families = read_jsonl(&out.path().join("families.jsonl"));
    // The example's stories are copied whole: one passage cluster per
    // family, holding the same documents.
    assert_eq!(clusters.len(), families.len());
    for (cluster, family) in clusters.iter().zip(&families) {
        let witnesses: BTreeSet<&str> = cluster["witnesses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["doc"].as_str().unwrap())
            .collect();
        let members: BTreeSet<&str> = family["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(witnesses, members);
        assert_eq!(cluster["earliest"], family["original"]);
    }
    let documents = read_jsonl(&out.path().join("documents.jsonl"));
    let copy = documents
        .iter()
        .find(|d| d["id"] == "info-med-88121")
        .unwrap();
    assert_eq!(copy["reused_from"], "courrier-sud-0412");
    assert!(copy["reused_share"].as_f64().unwrap() > 0.9, "{copy}");
    let original = documents
        .iter()
        .find(|d| d["id"] == "courrier-sud-0412")
        .unwrap();
    assert_eq!(original["reused_share"], 0.0);
    assert_eq!(original["reused_from"], Value::Null);
}

#[test]
fn dedup_of_a_folder_that_is_no_scan_names_the_file() {
    let empty = tempfile::tempdir().unwrap();
    let output = run(reprint().arg("dedup").arg(empty.path()));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("documents.jsonl"), "{stderr}");
    let output = run(reprint()
        .arg("dedup")
        .arg(empty.path())
        .args(["--max-reused", "1.5"]));
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_parquet_clusters_and_reused_shares_hold_what_the_jsonl_holds() {
    use arrow_array::{
        Array, BooleanArray, Float64Array, Int32Array, Int64Array, StringArray,
        TimestampMillisecondArray,
    };
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let corpus = repo_root().join("examples/corpus/news.jsonl");
    let (jsonl, output) = scan(&[&corpus], &[]);
    assert!(output.status.success());
    let (parquet, output) = scan(&[&corpus], &["--format", "parquet"]);
    assert!(output.status.success());
    let read = |name: &str| {
        let file = std::fs::File::open(parquet.path().join(name)).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<_> = reader.map(Result::unwrap).collect();
        assert_eq!(batches.len(), 1);
        batches.into_iter().next().unwrap()
    };
    let column =
        |batch: &arrow_array::RecordBatch, name: &str| batch.column_by_name(name).unwrap().clone();

    let mut expected = Vec::new();
    for c in read_jsonl(&jsonl.path().join("clusters.jsonl")) {
        for w in c["witnesses"].as_array().unwrap() {
            expected.push((
                c["cluster"].as_i64().unwrap(),
                c["size"].as_i64().unwrap() as i32,
                w["doc"].as_str().unwrap().to_string(),
                w["begin"].as_i64().unwrap() as i32,
                w["end"].as_i64().unwrap() as i32,
                w["date"].as_str().map(str::to_string),
                w["source"].as_str().map(str::to_string),
                c["earliest"] == w["doc"],
            ));
        }
    }
    let clusters = read("clusters.parquet");
    let cluster = column(&clusters, "cluster");
    let cluster = cluster.as_any().downcast_ref::<Int64Array>().unwrap();
    let size = column(&clusters, "size");
    let size = size.as_any().downcast_ref::<Int32Array>().unwrap();
    let strings = |name: &str| {
        let c = column(&clusters, name);
        let c = c.as_any().downcast_ref::<StringArray>().unwrap().clone();
        (0..c.len())
            .map(|i| (!c.is_null(i)).then(|| c.value(i).to_string()))
            .collect::<Vec<_>>()
    };
    let ints = |name: &str| {
        let c = column(&clusters, name);
        c.as_any()
            .downcast_ref::<Int32Array>()
            .unwrap()
            .values()
            .to_vec()
    };
    let (doc, source) = (strings("doc"), strings("source"));
    // Dates are typed: the first instant of the date, and its precision.
    let millis = column(&clusters, "date");
    let millis = millis
        .as_any()
        .downcast_ref::<TimestampMillisecondArray>()
        .unwrap();
    let date: Vec<Option<String>> = strings("date_precision")
        .iter()
        .enumerate()
        .map(|(i, precision)| {
            let precision = precision.as_deref()?;
            let date = reprint::clean::PubDate::from_start_seconds(
                millis.value(i).div_euclid(1000),
                precision,
            );
            Some(date.unwrap().to_string())
        })
        .collect();
    let (begin, end) = (ints("begin"), ints("end"));
    let earliest = column(&clusters, "earliest");
    let earliest = earliest.as_any().downcast_ref::<BooleanArray>().unwrap();
    let found: Vec<_> = (0..clusters.num_rows())
        .map(|i| {
            (
                cluster.value(i),
                size.value(i),
                doc[i].clone().unwrap(),
                begin[i],
                end[i],
                date[i].clone(),
                source[i].clone(),
                earliest.value(i),
            )
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(found, expected);

    let documents = read("documents.parquet");
    let shares = column(&documents, "reused_share");
    let shares = shares.as_any().downcast_ref::<Float64Array>().unwrap();
    let from = column(&documents, "reused_from");
    let from = from.as_any().downcast_ref::<StringArray>().unwrap();
    for (i, d) in read_jsonl(&jsonl.path().join("documents.jsonl"))
        .iter()
        .enumerate()
    {
        assert_eq!(d["reused_share"].as_f64().unwrap(), shares.value(i));
        assert_eq!(
            d["reused_from"].as_str(),
            (!from.is_null(i)).then(|| from.value(i))
        );
    }
    // The keep list reads the Parquet scan as it reads the JSONL one.
    assert_eq!(dedup(parquet.path(), &[]), dedup(jsonl.path(), &[]));
}
