//! Result dicts in the CLI's jsonl shape, built from probability rows.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::batch::argmax;

/// Interned keys and labels for building result dicts without re-creating
/// the same strings per row.
pub(crate) struct RecordKeys<'py> {
    text: Bound<'py, PyString>,
    label: Bound<'py, PyString>,
    confidence: Bound<'py, PyString>,
    probabilities: Bound<'py, PyString>,
    heads: Vec<(Bound<'py, PyString>, Vec<Bound<'py, PyString>>)>,
}

impl<'py> RecordKeys<'py> {
    pub(crate) fn new(py: Python<'py>, clf: &geostance::Classifier) -> Self {
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
    pub(crate) fn record(
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
