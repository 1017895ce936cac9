//! The native half of the `reprint` Python package.
//!
//! Python hands documents in (JSON lines for an iterable of dicts, an Arrow
//! table for a pyarrow Table or a pandas DataFrame); this module reads them
//! with the library's readers, runs the library's [`scan`], and hands the
//! results back as the Arrow tables `reprint scan --format parquet` writes
//! ([`ResultTables`]). The Python side (`python/reprint/__init__.py`) turns
//! those into pyarrow Tables and gives the functions their documented
//! signatures; nothing of the pipeline is written twice.
//!
//! Every call releases the GIL while it works, so other Python threads run
//! on.

mod spark;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_arrow::PyTable;

use reprint::align::AlignParams;
use reprint::candidates::CandidateParams;
use reprint::fingerprint::FingerprintParams;
use reprint::model::Document;
use reprint::read::{read_jsonl, read_record_batches, Corpus, ReadOptions};
use reprint::relate::JudgeParams;
use reprint::scan::{NoProgress, Progress, ScanParams, ScanResult};
use reprint::write::ResultTables;

pyo3::create_exception!(
    _reprint,
    ReprintError,
    pyo3::exceptions::PyException,
    "Input reprint cannot read: the message names the item or row and the field, as the command line's does."
);

/// The settings of one scan, as the Python keyword arguments give them.
#[derive(Clone, Debug)]
#[pyclass(frozen, from_py_object, module = "reprint._reprint")]
pub(crate) struct Options {
    ngram: usize,
    window: usize,
    min_tokens: u32,
    min_score: f64,
    cross_source: bool,
    skip_bad: bool,
    threads: Option<usize>,
}

#[pymethods]
impl Options {
    #[new]
    #[pyo3(signature = (*, ngram, window, min_tokens, min_score, cross_source, skip_bad, threads))]
    fn new(
        ngram: usize,
        window: usize,
        min_tokens: u32,
        min_score: f64,
        cross_source: bool,
        skip_bad: bool,
        threads: Option<usize>,
    ) -> PyResult<Options> {
        let at_least_one = |name: &str, value: usize| {
            if value == 0 {
                Err(PyValueError::new_err(format!("{name} must be at least 1")))
            } else {
                Ok(())
            }
        };
        at_least_one("ngram", ngram)?;
        at_least_one("window", window)?;
        at_least_one("min_tokens", min_tokens as usize)?;
        if let Some(threads) = threads {
            at_least_one("threads", threads)?;
        }
        if !(0.0..=1.0).contains(&min_score) {
            return Err(PyValueError::new_err("min_score must be from 0 to 1"));
        }
        Ok(Options {
            ngram,
            window,
            min_tokens,
            min_score,
            cross_source,
            skip_bad,
            threads,
        })
    }

    /// Defaults, as `reprint scan` has them.
    #[staticmethod]
    fn defaults(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let defaults = PyDict::new(py);
        defaults.set_item("ngram", FingerprintParams::default().ngram)?;
        defaults.set_item("window", FingerprintParams::default().window)?;
        defaults.set_item("min_tokens", AlignParams::default().min_tokens)?;
        defaults.set_item("min_score", JudgeParams::default().min_score)?;
        defaults.set_item("min_shared", CandidateParams::default().min_shared)?;
        Ok(defaults)
    }
}

impl Options {
    pub(crate) fn scan_params(&self) -> ScanParams {
        ScanParams {
            spill: None,
            fingerprint: FingerprintParams {
                ngram: self.ngram,
                window: self.window,
            },
            candidates: CandidateParams {
                cross_source: self.cross_source,
                ..CandidateParams::default()
            },
            align: AlignParams {
                min_tokens: self.min_tokens,
                ..AlignParams::default()
            },
            judge: JudgeParams {
                min_score: self.min_score,
            },
        }
    }

    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            skip_bad: self.skip_bad,
            ..ReadOptions::default()
        }
    }

    /// Runs `work` on this call's threads: its own pool when `threads` is
    /// set, the process's otherwise.
    fn on_threads<T: Send>(&self, work: impl FnOnce() -> T + Send) -> PyResult<T> {
        match self.threads {
            None => Ok(work()),
            Some(threads) => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
                Ok(pool.install(work))
            }
        }
    }
}

/// Passes a scan's progress to a Python callable `(stage, done, total)`,
/// at most every tenth of a second (and at each stage's start), so that
/// taking the GIL costs the scan nothing to speak of.
struct PythonProgress {
    callback: Py<PyAny>,
    state: Mutex<ProgressState>,
}

struct ProgressState {
    stage: &'static str,
    total: u64,
    done: u64,
    last_call: Instant,
}

const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl PythonProgress {
    fn new(callback: Py<PyAny>) -> PythonProgress {
        PythonProgress {
            callback,
            state: Mutex::new(ProgressState {
                stage: "",
                total: 0,
                done: 0,
                last_call: Instant::now(),
            }),
        }
    }

    fn call(&self, stage: &'static str, done: u64, total: u64) {
        Python::attach(|py| {
            // A failing callback must not stop the scan; Python prints what
            // it raised, as it does for an exception in a finalizer.
            if let Err(error) = self.callback.call1(py, (stage, done, total)) {
                error.write_unraisable(py, Some(self.callback.bind(py)));
            }
        });
    }
}

impl Progress for PythonProgress {
    fn stage(&self, name: &'static str, total: u64) {
        {
            let mut state = self.state.lock().expect("no callback panics holding it");
            *state = ProgressState {
                stage: name,
                total,
                done: 0,
                last_call: Instant::now(),
            };
        }
        self.call(name, 0, total);
    }

    fn advance(&self, done: u64) {
        let report = {
            let mut state = self.state.lock().expect("no callback panics holding it");
            state.done += done;
            let due = state.last_call.elapsed() >= PROGRESS_EVERY || state.done >= state.total;
            if due {
                state.last_call = Instant::now();
            }
            due.then_some((state.stage, state.done, state.total))
        };
        if let Some((stage, done, total)) = report {
            self.call(stage, done, total);
        }
    }
}

fn read_error(error: reprint::read::ReadError) -> PyErr {
    ReprintError::new_err(error.to_string())
}

/// Scans a read corpus and returns its result tables, with the counts of
/// what the reader passed over.
fn scan_corpus(
    py: Python<'_>,
    corpus: Corpus,
    options: &Options,
    progress: Option<Py<PyAny>>,
) -> PyResult<Py<PyDict>> {
    let params = options.scan_params();
    let progress = progress.map(PythonProgress::new);
    let documents = corpus.documents;
    let skipped: Vec<String> = corpus.skipped.iter().map(|s| s.error.to_string()).collect();
    let result = py.detach(|| {
        options.on_threads(|| {
            let progress: &dyn Progress = match &progress {
                Some(progress) => progress,
                None => &NoProgress,
            };
            reprint::scan::scan(&documents, &params, progress)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))
        })
    })??;
    result_dict(py, &documents, &result, skipped)
}

/// The result tables of a scan as pyarrow Tables, by name, with the
/// reader's skips.
pub(crate) fn result_dict(
    py: Python<'_>,
    documents: &[Document],
    result: &ScanResult,
    skipped: Vec<String>,
) -> PyResult<Py<PyDict>> {
    let tables = py
        .detach(|| ResultTables::of(documents, result))
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    let out = PyDict::new(py);
    for (name, batch) in tables.named() {
        let table = PyTable::try_new(vec![batch.clone()], batch.schema())?;
        out.set_item(name, table.into_pyarrow(py)?)?;
    }
    out.set_item("skipped", skipped)?;
    Ok(out.unbind())
}

/// Scans documents handed over as JSON lines (`bytes`, one document a
/// line, read exactly as `reprint scan` reads a `.jsonl` file) or as an
/// Arrow table (one document a row); errors name `name` and the line or
/// row.
#[pyfunction]
#[pyo3(signature = (docs, name, options, progress=None))]
fn scan(
    py: Python<'_>,
    docs: &Bound<'_, PyAny>,
    name: &str,
    options: Options,
    progress: Option<Py<PyAny>>,
) -> PyResult<Py<PyDict>> {
    let corpus = read_documents(py, docs, name, options.read_options())?;
    scan_corpus(py, corpus, &options, progress)
}

/// Reads documents handed over from Python: JSON lines (`source` a
/// `bytes`) or an Arrow table (anything with `__arrow_c_stream__`).
fn read_documents(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    name: &str,
    read: ReadOptions,
) -> PyResult<Corpus> {
    if let Ok(jsonl) = source.extract::<&[u8]>() {
        return py
            .detach(|| read_jsonl(jsonl, Path::new(name), read))
            .map_err(read_error);
    }
    let (batches, schema) = source.extract::<PyTable>()?.into_inner();
    py.detach(|| read_record_batches(schema, &batches, Path::new(name), read))
        .map_err(read_error)
}

fn index_error(error: reprint_index::IndexError) -> PyErr {
    ReprintError::new_err(error.to_string())
}

/// An archive on disk (`reprint index`): documents added batch by batch,
/// and new documents checked against everything it holds.
#[pyclass(frozen, name = "Index", module = "reprint._reprint")]
struct PyIndex {
    index: reprint_index::Index,
}

#[pymethods]
impl PyIndex {
    /// Opens the index in `path`, or makes one there when the folder is
    /// missing or empty.
    #[new]
    fn new(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyIndex> {
        let index = py
            .detach(|| reprint_index::Index::open_or_create(&path))
            .map_err(index_error)?;
        Ok(PyIndex { index })
    }

    /// Adds a batch (JSON lines or an Arrow table) atomically, replacing
    /// held versions when `update`; returns what the add did and what was
    /// skipped.
    #[pyo3(signature = (docs, name, skip_bad, update))]
    fn add<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        name: &str,
        skip_bad: bool,
        update: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let existing = match update {
            true => reprint_index::Existing::Replace,
            false => reprint_index::Existing::Refuse,
        };
        let read = ReadOptions {
            skip_bad,
            ..ReadOptions::default()
        };
        let corpus = read_documents(py, docs, name, read)?;
        let added = py
            .detach(|| self.index.add(&corpus.documents, existing))
            .map_err(index_error)?;
        let out = PyDict::new(py);
        out.set_item("documents", added.documents)?;
        out.set_item("replaced", added.replaced)?;
        out.set_item("text_bytes", added.text_bytes)?;
        out.set_item("total_documents", added.total_documents)?;
        let skipped: Vec<String> = corpus.skipped.iter().map(|s| s.error.to_string()).collect();
        out.set_item("skipped", skipped)?;
        Ok(out)
    }

    /// Checks documents against the archive without adding them; returns
    /// the result tables over the checked documents and the archived ones
    /// they pair with, and the ids of the checked ones.
    #[pyo3(signature = (docs, name, options, progress=None))]
    fn query<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        name: &str,
        options: Options,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Py<PyDict>> {
        let corpus = read_documents(py, docs, name, options.read_options())?;
        let mut params = options.scan_params();
        // A check fingerprints as the archive was fingerprinted.
        params.fingerprint = self.index.fingerprint_params();
        let progress = progress.map(PythonProgress::new);
        let found = py.detach(|| {
            options.on_threads(|| {
                let progress: &dyn Progress = match &progress {
                    Some(progress) => progress,
                    None => &NoProgress,
                };
                self.index
                    .query(corpus.documents, &params, progress)
                    .map_err(index_error)
            })
        })??;
        let checked = found.checked_ids();
        let skipped: Vec<String> = corpus.skipped.iter().map(|s| s.error.to_string()).collect();
        let out = result_dict(py, &found.documents, &found.result, skipped)?;
        out.bind(py).set_item("checked", checked)?;
        Ok(out)
    }

    /// What the index holds.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let info = py.detach(|| self.index.info()).map_err(index_error)?;
        let out = PyDict::new(py);
        out.set_item("documents", info.documents)?;
        out.set_item("sources", info.sources)?;
        out.set_item("batches", info.segments)?;
        out.set_item("text_bytes", info.text_bytes)?;
        out.set_item("earliest", info.earliest)?;
        out.set_item("latest", info.latest)?;
        out.set_item("bytes_on_disk", info.bytes_on_disk)?;
        Ok(out)
    }

    /// An archived document as JSON (its fields as it was read), or `None`.
    fn document(&self, py: Python<'_>, id: &str) -> PyResult<Option<String>> {
        let doc = py.detach(|| self.index.document(id)).map_err(index_error)?;
        Ok(doc.map(|doc| {
            let mut fields = doc.extra.clone();
            let mut set = |key: &str, value: Option<&str>| {
                if let Some(value) = value {
                    fields.insert(key.to_string(), value.into());
                }
            };
            set("id", Some(&doc.id));
            set("text", Some(doc.text.as_str()));
            set("source", doc.source.as_deref());
            set("date", doc.date.as_deref());
            set("url", doc.url.as_deref());
            set("title", doc.title.as_deref());
            set("lang", doc.lang.as_deref());
            serde_json::Value::Object(fields).to_string()
        }))
    }
}

/// Reads one document from a JSON object, as a line of JSONL is read.
fn one_document(json: &[u8], name: &str) -> PyResult<Document> {
    let corpus = read_jsonl(json, Path::new(name), ReadOptions::default()).map_err(read_error)?;
    corpus
        .documents
        .into_iter()
        .next()
        .ok_or_else(|| ReprintError::new_err(format!("{name}: no document")))
}

/// Aligns two documents (each a JSON object) directly and returns their
/// reuse record as JSON, or `None` when they share no passage.
#[pyfunction]
#[pyo3(signature = (a, b, min_tokens))]
fn compare(py: Python<'_>, a: &[u8], b: &[u8], min_tokens: u32) -> PyResult<Option<String>> {
    if min_tokens == 0 {
        return Err(PyValueError::new_err("min_tokens must be at least 1"));
    }
    let (a, b) = (one_document(a, "a")?, one_document(b, "b")?);
    if a.id == b.id {
        return Err(ReprintError::new_err(format!(
            "a and b carry one id ({:?}): a document is not compared with itself",
            a.id
        )));
    }
    let params = AlignParams {
        min_tokens,
        ..AlignParams::default()
    };
    let reuse = py.detach(|| reprint::scan::compare(&a, &b, &params));
    reuse
        .map(|r| serde_json::to_string(&r).map_err(|e| PyRuntimeError::new_err(e.to_string())))
        .transpose()
}

/// The module `reprint._reprint`.
#[pymodule]
fn _reprint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReprintError", m.py().get_type::<ReprintError>())?;
    m.add_class::<Options>()?;
    m.add_class::<PyIndex>()?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_class::<spark::CorpusSets>()?;
    m.add_function(wrap_pyfunction!(spark::spark_prepare, m)?)?;
    m.add_function(wrap_pyfunction!(spark::spark_link, m)?)?;
    m.add_function(wrap_pyfunction!(spark::spark_articles, m)?)?;
    m.add_function(wrap_pyfunction!(spark::spark_relate, m)?)?;
    m.add_function(wrap_pyfunction!(spark::spark_conclude, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
