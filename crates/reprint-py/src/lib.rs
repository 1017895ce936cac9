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
use reprint::scan::{NoProgress, Progress, ScanParams};
use reprint::write::ResultTables;

pyo3::create_exception!(
    _reprint,
    ReprintError,
    pyo3::exceptions::PyException,
    "Input reprint cannot read: the message names the item or row and the field, as the command line's does."
);

/// The settings of one scan, as the Python keyword arguments give them.
#[derive(Clone, Debug)]
#[pyclass(frozen, from_py_object)]
struct Options {
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
        Ok(defaults)
    }
}

impl Options {
    fn scan_params(&self) -> ScanParams {
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
    let progress = progress.map(|callback| PythonProgress {
        callback,
        state: Mutex::new(ProgressState {
            stage: "",
            total: 0,
            done: 0,
            last_call: Instant::now(),
        }),
    });
    let documents = corpus.documents;
    let skipped: Vec<String> = corpus.skipped.iter().map(|s| s.error.to_string()).collect();
    let tables = py.detach(|| {
        options.on_threads(|| {
            let progress: &dyn Progress = match &progress {
                Some(progress) => progress,
                None => &NoProgress,
            };
            let result = reprint::scan::scan(&documents, &params, progress)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            ResultTables::of(&documents, &result)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))
        })
    })??;
    let out = PyDict::new(py);
    for (name, batch) in tables.named() {
        let table = PyTable::try_new(vec![batch.clone()], batch.schema())?;
        out.set_item(name, table.into_pyarrow(py)?)?;
    }
    out.set_item("skipped", skipped)?;
    Ok(out.unbind())
}

/// Scans documents given as JSON lines, one document a line, exactly as
/// `reprint scan` reads a `.jsonl` file; errors name `name` and the line.
#[pyfunction]
#[pyo3(signature = (jsonl, name, options, progress=None))]
fn scan_jsonl(
    py: Python<'_>,
    jsonl: &[u8],
    name: &str,
    options: Options,
    progress: Option<Py<PyAny>>,
) -> PyResult<Py<PyDict>> {
    let read = options.read_options();
    let corpus = py
        .detach(|| read_jsonl(jsonl, Path::new(name), read))
        .map_err(read_error)?;
    scan_corpus(py, corpus, &options, progress)
}

/// Scans documents given as an Arrow table (anything with
/// `__arrow_c_stream__`), one document a row; errors name `name` and the
/// row.
#[pyfunction]
#[pyo3(signature = (table, name, options, progress=None))]
fn scan_table(
    py: Python<'_>,
    table: PyTable,
    name: &str,
    options: Options,
    progress: Option<Py<PyAny>>,
) -> PyResult<Py<PyDict>> {
    let (batches, schema) = table.into_inner();
    let read = options.read_options();
    let corpus = py
        .detach(|| read_record_batches(schema, &batches, Path::new(name), read))
        .map_err(read_error)?;
    scan_corpus(py, corpus, &options, progress)
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
    m.add_function(wrap_pyfunction!(scan_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(scan_table, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
