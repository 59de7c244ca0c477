//! The `Classifier` Python class: loading, saving, and classifying texts,
//! batches and articles.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use geostance::Model;
use geostance::vectorize::SparseRow;
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray2};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::articles;
use crate::batch::{argmax, embedded, probabilities};
use crate::errors::{check_threads, py_err};
use crate::records::RecordKeys;
use crate::texts::{borrow_texts, char_offset, collect_texts, is_blank};

/// A loaded model. Immutable and shared across threads; the Python class
/// `geostance.Classifier` wraps it.
#[pyclass(frozen, module = "geostance._geostance", name = "Classifier")]
pub(crate) struct PyClassifier {
    inner: Arc<geostance::Classifier>,
}

impl PyClassifier {
    /// Wraps a trained or loaded model.
    pub(crate) fn from_model(model: geostance::Model) -> Self {
        PyClassifier {
            inner: Arc::new(geostance::Classifier::from_model(model)),
        }
    }

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
        Ok(PyClassifier::from_model(model))
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
    /// every sentence that is not someone else's quote, and of the quotes of a
    /// bare title or message with no person named ("the President said").
    /// An article's own publisher, its fourth item, takes the place of
    /// `source_actor` for it (`geostance dyads --publisher-column`).
    #[pyo3(signature = (articles, by=None, source_actor=None, actors=None, threads=None))]
    fn dyads<'py>(
        &self,
        py: Python<'py>,
        articles: Vec<articles::DyadArticle>,
        by: Option<&str>,
        source_actor: Option<String>,
        actors: Option<PathBuf>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        check_threads(threads)?;
        let by = articles::parse_period(by)?;
        let gazetteer = articles::gazetteer(actors.as_deref())?;
        let clf = self.inner.clone();
        let rows = py
            .detach(|| {
                articles::dyad_rows(
                    &clf,
                    &gazetteer,
                    &articles,
                    by,
                    source_actor.as_deref(),
                    threads,
                )
            })
            .map_err(PyValueError::new_err)?;
        articles::dyad_columns(py, &rows)
    }

    /// Quotes of an article as columns: quote, speaker, speaker_mention, cue,
    /// start, end (characters), byte_start, byte_end, paragraph, partial,
    /// context, context_kind, speaker_actor, speaker_actor_name, speaker_via,
    /// targets (codes), targets_inferred, then per head `<head>`,
    /// `<head>_confidence` and `<head>_p_<label>`. `date` makes dated roles
    /// count; `publisher` is `geostance quotes --publisher`.
    #[pyo3(signature = (article, date=None, publisher=None, actors=None))]
    fn quotes<'py>(
        &self,
        py: Python<'py>,
        article: &str,
        date: Option<String>,
        publisher: Option<String>,
        actors: Option<PathBuf>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let gazetteer = articles::gazetteer(actors.as_deref())?;
        let quotes = py
            .detach(|| {
                articles::attributed_quotes(
                    &self.inner,
                    &gazetteer,
                    article,
                    date,
                    publisher.as_deref(),
                )
            })
            .map_err(PyValueError::new_err)?;
        let cols = PyDict::new(py);
        articles::quote_columns(&cols, article, &quotes)?;
        articles::actor_columns(&cols, &quotes)?;
        articles::prediction_columns(&cols, &self.inner, &quotes)?;
        Ok(cols)
    }
}
