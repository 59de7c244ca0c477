//! The `geostance._geostance` extension module: a thin PyO3 layer over the
//! geostance library. Python-facing documentation lives in
//! `geostance/__init__.py` and `geostance/_geostance.pyi`; this file converts
//! arguments and results, releases the GIL around every batch, and maps the
//! library's errors onto Python exceptions with the library's messages.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use geostance::data::{ReadOptions, parse_labeled, read_labeled};
use geostance::tokenize::{AnalyzerConfig, Language};
use geostance::train::{self, ALPHA_GRID, MIN_DF_GRID, NGRAM_GRID, Solver, TrainOptions};
use geostance::vectorize::{SparseRow, VocabularyParams};
use geostance::{Error, Model};
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray2};
use pyo3::exceptions::{
    PyFileNotFoundError, PyOSError, PyPermissionError, PyRuntimeError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

/// Library errors as Python exceptions, keeping the library's message (which
/// names the file, row and fix): files -> OSError (FileNotFoundError,
/// PermissionError), input, options and model files -> ValueError, a failed
/// optimiser -> RuntimeError.
fn py_err(e: Error) -> PyErr {
    let message = e.message_with(&|s| s.flag().to_string());
    match &e {
        Error::Io { source, .. } => match source.kind() {
            std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
            std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
            _ => PyOSError::new_err(message),
        },
        Error::Fit { .. } => PyRuntimeError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}


/// The embedded default model, parsed once per process and shared by every
/// `Classifier()` (a Spark worker creating one per batch pays nothing).
fn embedded() -> PyResult<Arc<geostance::Classifier>> {
    static EMBEDDED: OnceLock<Arc<geostance::Classifier>> = OnceLock::new();
    if let Some(c) = EMBEDDED.get() {
        return Ok(c.clone());
    }
    let c = Arc::new(geostance::Classifier::embedded().map_err(py_err)?);
    Ok(EMBEDDED.get_or_init(|| c).clone())
}

/// Worker pools by thread count, built once: building a pool per call would
/// cost more than classifying a small batch.
fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&threads) {
        return Ok(p.clone());
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| {
                PyRuntimeError::new_err(format!("starting {threads} worker threads: {e}"))
            })?,
    );
    pools.insert(threads, p.clone());
    Ok(p)
}

fn check_threads(threads: Option<usize>) -> PyResult<()> {
    if threads == Some(0) {
        return Err(PyValueError::new_err(
            "threads must be at least 1 (or None for all cores)",
        ));
    }
    Ok(())
}

/// Borrows the UTF-8 of every string in `texts` (a list, tuple or any
/// iterable of str). The returned objects keep the strings alive while the
/// GIL is released; Python strings are immutable, so the borrowed bytes stay
/// valid whatever other threads do to the container.
fn collect_texts<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyString>>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "texts must be a sequence of str (a list, tuple, numpy array or pandas Series), \
             not a single string; wrap it in a list: [text]",
        ));
    }
    let bad = |i: usize, item: &Bound<'py, PyAny>| {
        let kind = item
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!(
            "texts[{i}] is {kind}, not str; convert missing values first, e.g. \
             series.fillna(\"\").astype(str) (an empty text gets no label)"
        ))
    };
    let mut out = Vec::new();
    if let Ok(list) = texts.cast::<PyList>() {
        out.reserve(list.len());
        for (i, item) in list.iter().enumerate() {
            out.push(
                item.cast_into::<PyString>()
                    .map_err(|e| bad(i, e.into_inner().as_any()))?,
            );
        }
    } else if let Ok(tuple) = texts.cast::<PyTuple>() {
        out.reserve(tuple.len());
        for (i, item) in tuple.iter().enumerate() {
            out.push(
                item.cast_into::<PyString>()
                    .map_err(|e| bad(i, e.into_inner().as_any()))?,
            );
        }
    } else {
        for (i, item) in texts.try_iter()?.enumerate() {
            let item = item?;
            out.push(
                item.cast_into::<PyString>()
                    .map_err(|e| bad(i, e.into_inner().as_any()))?,
            );
        }
    }
    Ok(out)
}

fn borrow_texts<'a>(strings: &'a [Bound<'_, PyString>]) -> PyResult<Vec<&'a str>> {
    strings.iter().map(|s| s.to_str()).collect()
}

/// Like the CLI: a text of nothing but whitespace gets no label.
fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Rows per unit of parallel work.
const RUN: usize = 256;

/// Every head's probabilities for every text, row-major (`n x total labels`,
/// heads side by side in model order); rows of blank texts are NaN. Runs on
/// the calling thread for `threads == Some(1)`, on a pool otherwise.
fn probabilities(
    clf: &geostance::Classifier,
    texts: &[&str],
    threads: Option<usize>,
) -> PyResult<Vec<f32>> {
    let total: usize = clf.model().heads().iter().map(|h| h.labels.len()).sum();
    let mut out = vec![0f32; texts.len() * total];
    let fill = |scratch: &mut (SparseRow, Vec<Vec<f32>>), (rows, texts): (&mut [f32], &[&str])| {
        let (row, probs) = scratch;
        for (dst, text) in rows.chunks_mut(total).zip(texts) {
            if is_blank(text) {
                dst.fill(f32::NAN);
                continue;
            }
            clf.model().vectorizer().transform_into(text, row);
            clf.probabilities_into(row, probs);
            let mut at = 0;
            for p in probs.iter() {
                dst[at..at + p.len()].copy_from_slice(p);
                at += p.len();
            }
        }
    };
    if total == 0 || texts.is_empty() {
        return Ok(out);
    }
    let parallel = |out: &mut Vec<f32>| {
        out.par_chunks_mut(RUN * total)
            .zip(texts.par_chunks(RUN))
            .for_each_init(|| (SparseRow::default(), Vec::new()), fill);
    };
    match threads {
        Some(1) => {
            let mut scratch = (SparseRow::default(), Vec::new());
            out.chunks_mut(RUN * total)
                .zip(texts.chunks(RUN))
                .for_each(|x| fill(&mut scratch, x));
        }
        None => parallel(&mut out),
        Some(n) => pool(n)?.install(|| parallel(&mut out)),
    }
    Ok(out)
}

/// A loaded model. Immutable and shared across threads; the Python class
/// `geostance.Classifier` wraps it.
#[pyclass(frozen, module = "geostance._geostance", name = "Classifier")]
struct PyClassifier {
    inner: Arc<geostance::Classifier>,
}

impl PyClassifier {
    fn head_index(&self, head: &str) -> PyResult<usize> {
        let heads = self.inner.model().heads();
        heads.iter().position(|h| h.name == head).ok_or_else(|| {
            PyValueError::new_err(format!(
                "the model has no head named {head:?}; its heads are: {}",
                heads
                    .iter()
                    .map(|h| format!("{:?}", h.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }

    /// Column offset of each head in the rows `probabilities` returns.
    fn offsets(&self) -> Vec<usize> {
        let mut at = 0;
        self.inner
            .model()
            .heads()
            .iter()
            .map(|h| {
                let o = at;
                at += h.labels.len();
                o
            })
            .collect()
    }
}

/// Interned keys and labels for building result dicts without re-creating
/// the same strings per row.
struct RecordKeys<'py> {
    text: Bound<'py, PyString>,
    label: Bound<'py, PyString>,
    confidence: Bound<'py, PyString>,
    probabilities: Bound<'py, PyString>,
    heads: Vec<(Bound<'py, PyString>, Vec<Bound<'py, PyString>>)>,
}

impl<'py> RecordKeys<'py> {
    fn new(py: Python<'py>, clf: &geostance::Classifier) -> Self {
        RecordKeys {
            text: PyString::intern(py, "text"),
            label: PyString::intern(py, "label"),
            confidence: PyString::intern(py, "confidence"),
            probabilities: PyString::intern(py, "probabilities"),
            heads: clf
                .model()
                .heads()
                .iter()
                .map(|h| {
                    (
                        PyString::intern(py, &h.name),
                        h.labels.iter().map(|l| PyString::intern(py, l)).collect(),
                    )
                })
                .collect(),
        }
    }

    /// `{"text": ..., "<head>": {"label", "confidence", "probabilities"} | None, ...}`:
    /// the CLI's jsonl record, with full f32 precision instead of six decimals.
    fn record(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        row: &[f32],
    ) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item(&self.text, text)?;
        let mut at = 0;
        for (name, labels) in &self.heads {
            let p = &row[at..at + labels.len()];
            at += labels.len();
            if p.first().is_none_or(|x| x.is_nan()) {
                d.set_item(name, py.None())?;
                continue;
            }
            let best = argmax(p);
            let h = PyDict::new(py);
            h.set_item(&self.label, &labels[best])?;
            h.set_item(&self.confidence, p[best] as f64)?;
            let probs = PyDict::new(py);
            for (l, &x) in labels.iter().zip(p) {
                probs.set_item(l, x as f64)?;
            }
            h.set_item(&self.probabilities, probs)?;
            d.set_item(name, h)?;
        }
        Ok(d)
    }
}

/// First index of the largest value, like the library's.
fn argmax(p: &[f32]) -> usize {
    let mut b = 0;
    for (i, &x) in p.iter().enumerate() {
        if x > p[b] {
            b = i;
        }
    }
    b
}

/// Character offset of byte offset `byte` in `text` (Python indexes by code point).
fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[pymethods]
impl PyClassifier {
    #[new]
    #[pyo3(signature = (path=None))]
    fn new(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Self> {
        let inner = match path {
            None => embedded()?,
            Some(p) => Arc::new(
                py.detach(|| geostance::Classifier::from_path(&p))
                    .map_err(py_err)?,
            ),
        };
        Ok(PyClassifier { inner })
    }

    #[staticmethod]
    fn from_json(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        let data = data.to_vec();
        let model = py
            .detach(|| Model::from_bytes(&data, Path::new("<model bytes>")))
            .map_err(py_err)?;
        Ok(PyClassifier {
            inner: Arc::new(geostance::Classifier::from_model(model)),
        })
    }

    fn to_json<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let s = py.detach(|| self.inner.model().to_json());
        PyBytes::new(py, s.as_bytes())
    }

    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.model().save(&path)).map_err(py_err)
    }

    /// Probabilities of `head` for a text with no known feature (the
    /// intercepts alone): what the model says before reading anything.
    fn prior_proba(&self, head: &str) -> PyResult<Vec<f32>> {
        let h = self.head_index(head)?;
        let mut probs = Vec::new();
        self.inner
            .probabilities_into(&SparseRow::default(), &mut probs);
        Ok(probs.swap_remove(h))
    }

    #[getter]
    fn heads(&self) -> Vec<String> {
        self.inner
            .head_names()
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn labels(&self, head: &str) -> PyResult<Vec<String>> {
        let i = self.head_index(head)?;
        Ok(self.inner.model().heads()[i].labels.clone())
    }

    /// The training metadata as JSON text.
    fn metadata_json(&self) -> String {
        serde_json::to_string(self.inner.model().metadata()).unwrap_or_default()
    }

    fn n_features(&self) -> usize {
        self.inner.model().vectorizer().len()
    }

    fn classify<'py>(
        &self,
        py: Python<'py>,
        text: Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let s = text.to_str()?;
        let row = probabilities(&self.inner, &[s], Some(1))?;
        RecordKeys::new(py, &self.inner).record(py, &text, &row)
    }

    #[pyo3(signature = (texts, threads=None))]
    fn classify_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        check_threads(threads)?;
        let strings = collect_texts(texts)?;
        let borrowed = borrow_texts(&strings)?;
        let clf = &self.inner;
        let probs = py.detach(|| probabilities(clf, &borrowed, threads))?;
        let keys = RecordKeys::new(py, clf);
        let total = probs.len() / strings.len().max(1);
        let records = PyList::empty(py);
        for (text, row) in strings.iter().zip(probs.chunks(total.max(1))) {
            records.append(keys.record(py, text, row)?)?;
        }
        // A model with no heads still gives one record per text.
        if total == 0 {
            for text in &strings {
                records.append(keys.record(py, text, &[])?)?;
            }
        }
        Ok(records)
    }

    /// `{head: n x labels float32 array}` for every head, in one pass.
    #[pyo3(signature = (texts, threads=None))]
    fn predict_proba_all<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        check_threads(threads)?;
        let strings = collect_texts(texts)?;
        let borrowed = borrow_texts(&strings)?;
        let clf = &self.inner;
        let n = borrowed.len();
        let offsets = self.offsets();
        let heads = clf.model().heads();
        let total: usize = heads.iter().map(|h| h.labels.len()).sum();
        let split = py.detach(|| -> PyResult<Vec<Vec<f32>>> {
            let all = probabilities(clf, &borrowed, threads)?;
            Ok(heads
                .iter()
                .zip(&offsets)
                .map(|(h, &o)| {
                    let k = h.labels.len();
                    let mut v = Vec::with_capacity(n * k);
                    for row in all.chunks(total) {
                        v.extend_from_slice(&row[o..o + k]);
                    }
                    v
                })
                .collect())
        })?;
        let out = PyDict::new(py);
        for (h, v) in heads.iter().zip(split) {
            let a = Array2::from_shape_vec((n, h.labels.len()), v)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            out.set_item(&h.name, a.into_pyarray(py))?;
        }
        Ok(out)
    }

    #[pyo3(signature = (texts, head="stance", threads=None))]
    fn predict_proba<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        head: &str,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyArray2<f32>>> {
        check_threads(threads)?;
        let h = self.head_index(head)?;
        let strings = collect_texts(texts)?;
        let borrowed = borrow_texts(&strings)?;
        let clf = &self.inner;
        let n = borrowed.len();
        let k = clf.model().heads()[h].labels.len();
        let o = self.offsets()[h];
        let total: usize = clf.model().heads().iter().map(|h| h.labels.len()).sum();
        let v = py.detach(|| -> PyResult<Vec<f32>> {
            let all = probabilities(clf, &borrowed, threads)?;
            if total == k {
                return Ok(all);
            }
            let mut v = Vec::with_capacity(n * k);
            for row in all.chunks(total) {
                v.extend_from_slice(&row[o..o + k]);
            }
            Ok(v)
        })?;
        let a = Array2::from_shape_vec((n, k), v)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        Ok(a.into_pyarray(py))
    }

    #[pyo3(signature = (texts, head="stance", threads=None))]
    fn predict<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        head: &str,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        check_threads(threads)?;
        let h = self.head_index(head)?;
        let strings = collect_texts(texts)?;
        let borrowed = borrow_texts(&strings)?;
        let clf = &self.inner;
        let k = clf.model().heads()[h].labels.len();
        let o = self.offsets()[h];
        let total: usize = clf.model().heads().iter().map(|h| h.labels.len()).sum();
        let best: Vec<Option<usize>> = py.detach(|| -> PyResult<_> {
            let all = probabilities(clf, &borrowed, threads)?;
            Ok(all
                .chunks(total)
                .map(|row| {
                    let p = &row[o..o + k];
                    (!p[0].is_nan()).then(|| argmax(p))
                })
                .collect())
        })?;
        let labels: Vec<Bound<'py, PyString>> = clf.model().heads()[h]
            .labels
            .iter()
            .map(|l| PyString::intern(py, l))
            .collect();
        let out = PyList::empty(py);
        for b in best {
            match b {
                Some(i) => out.append(&labels[i])?,
                None => out.append(py.None())?,
            }
        }
        Ok(out)
    }

    /// Rows of `(head, label, confidence, score, intercept, term, value,
    /// weight, contribution, words, spans)`, spans in characters; one row per
    /// feature per head, features by contribution, largest first.
    fn explain<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
        if is_blank(text) {
            return Err(PyValueError::new_err("the text to explain is empty"));
        }
        let e = py.detach(|| self.inner.explain(text));
        let cols = PyDict::new(py);
        let mut head = Vec::new();
        let mut label = Vec::new();
        let mut confidence = Vec::new();
        let mut term = Vec::new();
        let mut value = Vec::new();
        let mut weight = Vec::new();
        let mut contribution = Vec::new();
        let mut words = Vec::new();
        let mut spans = Vec::new();
        let heads = PyList::empty(py);
        for h in &e.heads {
            let hd = PyDict::new(py);
            hd.set_item("head", &h.head)?;
            hd.set_item("label", &h.label)?;
            hd.set_item("confidence", h.confidence as f64)?;
            hd.set_item("score", h.score as f64)?;
            hd.set_item("intercept", h.intercept as f64)?;
            let scores = PyDict::new(py);
            for (l, s) in &h.scores {
                scores.set_item(l, *s as f64)?;
            }
            hd.set_item("scores", scores)?;
            heads.append(hd)?;
            for f in &h.features {
                head.push(h.head.clone());
                label.push(h.label.clone());
                confidence.push(h.confidence as f64);
                term.push(f.term.clone());
                value.push(f.value as f64);
                weight.push(f.weight as f64);
                contribution.push(f.contribution as f64);
                words.push(f.words.clone());
                spans.push(
                    f.spans
                        .iter()
                        .map(|&(s, t)| (char_offset(text, s), char_offset(text, t)))
                        .collect::<Vec<_>>(),
                );
            }
        }
        cols.set_item("head", head)?;
        cols.set_item("label", label)?;
        cols.set_item("confidence", confidence)?;
        cols.set_item("term", term)?;
        cols.set_item("value", value)?;
        cols.set_item("weight", weight)?;
        cols.set_item("contribution", contribution)?;
        cols.set_item("words", words)?;
        cols.set_item("spans", spans)?;
        let out = PyDict::new(py);
        out.set_item("columns", cols)?;
        out.set_item("heads", heads)?;
        Ok(out)
    }

    /// Dyad roll-up of articles, as columns: period, source, target,
    /// statements, cooperative, neutral, tense, net_cooperation,
    /// net_sentiment (the CLI's `geostance dyads` table). `articles` are
    /// `(id, date or None, text)`; `by` is day, week, month, year or None
    /// (one period, `all`); `source_actor` makes the publisher the speaker of
    /// every sentence that is not someone else's quote.
    #[pyo3(signature = (articles, by=None, source_actor=None, actors=None, threads=None))]
    fn dyads<'py>(
        &self,
        py: Python<'py>,
        articles: Vec<(String, Option<String>, String)>,
        by: Option<&str>,
        source_actor: Option<String>,
        actors: Option<PathBuf>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        check_threads(threads)?;
        let by = match by {
            None => None,
            Some(b) => Some(geostance::dyads::Period::parse(b).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "by={b:?} is not a period: use day, week, month or year"
                ))
            })?),
        };
        let base = geostance::actors::Gazetteer::embedded();
        let g = match &actors {
            Some(p) => {
                Arc::new(base.with_rows(&geostance::actors::read_actor_csv(p).map_err(py_err)?))
            }
            None => base,
        };
        let clf = self.inner.clone();
        let rows = py.detach(|| -> Result<Vec<geostance::dyads::DyadRow>, String> {
            let resolver = geostance::quotes::ActorResolver::new(&g);
            if let Some(code) = &source_actor
                && resolver.party(code).is_none() {
                    return Err(format!(
                        "source_actor {code:?} is no state or organisation code of the gazetteer; use an ISO 3166 alpha-3 code (RUS, USA) or an organisation code (NATO, EU)"
                    ));
                }
            let run = || {
                articles
                    .par_iter()
                    .map(|(id, date, text)| {
                        let article = geostance::corpus::Article {
                            id: id.clone(),
                            date: date.clone().filter(|d| !d.is_empty()),
                            text: text.clone(),
                            meta: Default::default(),
                        };
                        geostance::dyads::statements(&clf, &resolver, &article, source_actor.as_deref())
                    })
                    .collect::<Vec<_>>()
            };
            let per_article = match threads {
                None => run(),
                Some(n) => match pool(n) {
                    Ok(p) => p.install(run),
                    Err(_) => run(),
                },
            };
            let mut table = geostance::dyads::DyadTable::new(by);
            for statements in &per_article {
                for s in statements {
                    table.add(s);
                }
            }
            Ok(table.rows())
        });
        let rows = rows.map_err(PyValueError::new_err)?;
        let cols = PyDict::new(py);
        cols.set_item(
            "period",
            rows.iter().map(|r| r.period.clone()).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "source",
            rows.iter().map(|r| r.source.clone()).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "target",
            rows.iter().map(|r| r.target.clone()).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "statements",
            rows.iter().map(|r| r.statements).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "cooperative",
            rows.iter().map(|r| r.cooperative).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "neutral",
            rows.iter().map(|r| r.neutral).collect::<Vec<_>>(),
        )?;
        cols.set_item("tense", rows.iter().map(|r| r.tense).collect::<Vec<_>>())?;
        cols.set_item(
            "net_cooperation",
            rows.iter().map(|r| r.net_cooperation).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "net_sentiment",
            rows.iter().map(|r| r.net_sentiment).collect::<Vec<_>>(),
        )?;
        Ok(cols)
    }

    /// Quotes of an article as columns: quote, speaker, speaker_mention, cue,
    /// start, end (characters), byte_start, byte_end, paragraph, partial, then
    /// per head `<head>`, `<head>_confidence` and `<head>_p_<label>`.
    fn quotes<'py>(&self, py: Python<'py>, article: &str) -> PyResult<Bound<'py, PyDict>> {
        let quotes = py.detach(|| self.inner.classify_article(article));
        let cols = PyDict::new(py);
        // Byte -> character offsets in one pass over the article.
        let mut bounds: Vec<usize> = quotes
            .iter()
            .flat_map(|q| [q.quote.start, q.quote.end])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut chars = BTreeMap::new();
        let (mut byte, mut count) = (0usize, 0usize);
        for b in bounds {
            count += article[byte..b].chars().count();
            byte = b;
            chars.insert(b, count);
        }
        cols.set_item(
            "quote",
            quotes
                .iter()
                .map(|c| c.quote.quote.clone())
                .collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "speaker",
            quotes
                .iter()
                .map(|c| c.quote.speaker.clone())
                .collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "speaker_mention",
            quotes
                .iter()
                .map(|c| c.quote.speaker_mention.clone())
                .collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "cue",
            quotes
                .iter()
                .map(|c| c.quote.cue.clone())
                .collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "start",
            quotes
                .iter()
                .map(|c| chars[&c.quote.start])
                .collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "end",
            quotes
                .iter()
                .map(|c| chars[&c.quote.end])
                .collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "byte_start",
            quotes.iter().map(|c| c.quote.start).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "byte_end",
            quotes.iter().map(|c| c.quote.end).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "paragraph",
            quotes.iter().map(|c| c.quote.paragraph).collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "partial",
            quotes.iter().map(|c| c.quote.partial).collect::<Vec<_>>(),
        )?;
        // What was classified: the quote, or a partial quote's sentence.
        cols.set_item(
            "context",
            quotes
                .iter()
                .map(|c| c.quote.context.clone())
                .collect::<Vec<_>>(),
        )?;
        cols.set_item(
            "context_kind",
            quotes
                .iter()
                .map(|c| match c.quote.context_kind {
                    geostance::quotes::ContextKind::Quote => "quote",
                    geostance::quotes::ContextKind::Sentence => "sentence",
                })
                .collect::<Vec<_>>(),
        )?;
        for (h, head) in self.inner.model().heads().iter().enumerate() {
            cols.set_item(
                &head.name,
                quotes
                    .iter()
                    .map(|c| c.prediction.heads[h].label.clone())
                    .collect::<Vec<_>>(),
            )?;
            cols.set_item(
                format!("{}_confidence", head.name),
                quotes
                    .iter()
                    .map(|c| c.prediction.heads[h].confidence as f64)
                    .collect::<Vec<_>>(),
            )?;
            for (j, l) in head.labels.iter().enumerate() {
                cols.set_item(
                    format!("{}_p_{l}", head.name),
                    quotes
                        .iter()
                        .map(|c| c.prediction.heads[h].probabilities[j].1 as f64)
                        .collect::<Vec<_>>(),
                )?;
            }
        }
        Ok(cols)
    }
}

fn parse_solver(s: &str) -> PyResult<Solver> {
    match s.to_ascii_lowercase().as_str() {
        "auto" => Ok(Solver::Auto),
        "linfa" => Ok(Solver::Linfa),
        "sparse" => Ok(Solver::Sparse),
        _ => Err(PyValueError::new_err(format!(
            "solver {s:?} is not known: use \"auto\", \"linfa\" or \"sparse\""
        ))),
    }
}

/// Trains like `geostance train` (same options, defaults, order of steps and
/// metadata, so the same data gives the same model bytes). The data is a CSV
/// file at `path`, or CSV bytes in `data` named `source` in messages and in
/// the model's `data_file`. Returns `(classifier, warnings, cv report)`.
#[pyfunction]
#[pyo3(signature = (
    path=None, data=None, source=None, text_column="text", label_columns=Vec::new(),
    language="english", ngrams=[1, 2], char_ngrams=None, negation=true, min_df=1,
    max_df=1.0, max_features=50_000, alpha=0.5, max_iterations=500, solver="auto",
    memory_budget_mib=4096, balance=false, cv=None, tune=false, seed=42, lossy=false,
    skip_invalid=false, threads=None, keep_names=false, actors=None, group_column=None,
    vectors=None, pooling="unit-sqrt", vector_scale=1.0, vectors_only=false,
    allow_many_classes=false
))]
#[allow(clippy::too_many_arguments)]
fn train_model(
    py: Python<'_>,
    path: Option<PathBuf>,
    data: Option<Vec<u8>>,
    source: Option<String>,
    text_column: &str,
    label_columns: Vec<String>,
    language: &str,
    ngrams: [usize; 2],
    char_ngrams: Option<[usize; 2]>,
    negation: bool,
    min_df: usize,
    max_df: f64,
    max_features: usize,
    alpha: f64,
    max_iterations: u64,
    solver: &str,
    memory_budget_mib: u64,
    balance: bool,
    cv: Option<usize>,
    tune: bool,
    seed: u64,
    lossy: bool,
    skip_invalid: bool,
    threads: Option<usize>,
    keep_names: bool,
    actors: Option<PathBuf>,
    group_column: Option<String>,
    vectors: Option<PathBuf>,
    pooling: &str,
    vector_scale: f32,
    vectors_only: bool,
    allow_many_classes: bool,
) -> PyResult<(PyClassifier, Vec<String>, String)> {
    check_threads(threads)?;
    // Options are built and checked in the CLI's order, so a bad option
    // gives the CLI's message before the data is read.
    let language: Language = language.parse().map_err(py_err)?;
    let mut analyzer = AnalyzerConfig::for_language(language);
    analyzer.word_ngrams = ngrams;
    analyzer.char_ngrams = char_ngrams;
    analyzer.negation = negation;
    analyzer.mask_actors = !keep_names;
    if let Some(path) = &actors {
        if keep_names {
            return Err(PyValueError::new_err(
                "--actors adds names to mask, but --keep-names turns masking off: drop one of them",
            ));
        }
        analyzer.actors = geostance::actors::read_actor_csv(path).map_err(py_err)?;
    }
    let options = TrainOptions {
        analyzer,
        vocabulary: VocabularyParams {
            min_df,
            max_df,
            max_features: Some(max_features),
        },
        alpha,
        max_iterations,
        solver: parse_solver(solver)?,
        memory_budget_mib,
        balance,
        allow_many_classes,
        ..TrainOptions::default()
    };
    let mut options = options;
    match vectors {
        Some(path) => {
            let table = geostance::embeddings::WordVectors::load(&path).map_err(py_err)?;
            let mut v = train::VectorOptions::new(
                table,
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                geostance::data::sha256_file(&path).map_err(py_err)?,
            );
            v.pooling = match pooling {
                "mean" => train::Pooling::Mean,
                "unit-mean" => train::Pooling::UnitMean,
                "unit-sqrt" => train::Pooling::UnitSqrt,
                "l2" => train::Pooling::L2,
                other => {
                    return Err(PyValueError::new_err(format!(
                        "pooling {other:?} is not one of mean, unit-mean, unit-sqrt, l2"
                    )));
                }
            };
            v.scale = vector_scale;
            v.vectors_only = vectors_only;
            options.vectors = Some(v);
        }
        None if vectors_only => {
            return Err(PyValueError::new_err(
                "vectors_only=True needs vectors= (a file from `geostance vectors`)",
            ));
        }
        None => {}
    }
    let mut options = options.check().map_err(py_err)?;
    let read = ReadOptions {
        lossy,
        skip_invalid,
        group_column,
    };
    let run = move || -> Result<(Model, Vec<String>, String), Error> {
        let data = match (path, data) {
            (Some(p), None) => read_labeled(&p, text_column, &label_columns, &read)?,
            (None, Some(bytes)) => {
                let name = source.unwrap_or_else(|| "<DataFrame>".into());
                parse_labeled(&bytes, Path::new(&name), text_column, &label_columns, &read)?
            }
            _ => {
                return Err(Error::Input {
                    path: "<arguments>".into(),
                    location: String::new(),
                    message: "give either a CSV path or CSV bytes".into(),
                });
            }
        };
        let mut cv_summaries = BTreeMap::new();
        let mut tuning = None;
        let mut report = serde_json::Map::new();
        if tune {
            let k = cv.unwrap_or(5);
            let (chosen, result) = train::tune(
                &data,
                &options,
                k,
                seed,
                ALPHA_GRID,
                NGRAM_GRID,
                MIN_DF_GRID,
            )?;
            options = chosen;
            let value = serde_json::to_value(&result).expect("tuning result serialises");
            report.insert("tuning".into(), value.clone());
            tuning = Some(value);
        }
        if let Some(k) = cv.or(tune.then_some(5)) {
            let result = train::cross_validate(&data, &options, k, seed)?;
            for (head, r) in &result.heads {
                cv_summaries.insert(head.clone(), r.summary.clone());
            }
            report.insert(
                "cv".into(),
                serde_json::to_value(&result).expect("cv result serialises"),
            );
        }
        let mut model = geostance::train(&data, &options)?;
        model.set_evaluation(cv_summaries, tuning);
        Ok((
            model,
            data.warnings.clone(),
            serde_json::Value::Object(report).to_string(),
        ))
    };
    let (model, warnings, report) = py
        .detach(|| match threads {
            None => run(),
            Some(n) => match pool(n) {
                Ok(p) => p.install(run),
                Err(_) => run(),
            },
        })
        .map_err(py_err)?;
    Ok((
        PyClassifier {
            inner: Arc::new(geostance::Classifier::from_model(model)),
        },
        warnings,
        report,
    ))
}

#[pymodule]
fn _geostance(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClassifier>()?;
    m.add_function(wrap_pyfunction!(train_model, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
