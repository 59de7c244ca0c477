//! Python text arguments: borrowed as UTF-8 for the GIL-free batch, and
//! byte offsets turned into Python's character offsets.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

/// Borrows the UTF-8 of every string in `texts` (a list, tuple or any
/// iterable of str). The returned objects keep the strings alive while the
/// GIL is released; Python strings are immutable, so the borrowed bytes stay
/// valid whatever other threads do to the container.
pub(crate) fn collect_texts<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyString>>> {
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

/// The UTF-8 of every string (no copy).
pub(crate) fn borrow_texts<'a>(strings: &'a [Bound<'_, PyString>]) -> PyResult<Vec<&'a str>> {
    strings.iter().map(|s| s.to_str()).collect()
}

/// Like the CLI: a text of nothing but whitespace gets no label.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Character offset of byte offset `byte` in `text` (Python indexes by code point).
pub(crate) fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}
