//! Classifying many texts at once: the shared embedded model, worker pools
//! by thread count, and the probability rows every batch method reads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use geostance::vectorize::SparseRow;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use rayon::prelude::*;

use crate::errors::py_err;
use crate::texts::is_blank;

/// The embedded default model, parsed once per process and shared by every
/// `Classifier()` (a Spark worker creating one per batch pays nothing).
pub(crate) fn embedded() -> PyResult<Arc<geostance::Classifier>> {
    static EMBEDDED: OnceLock<Arc<geostance::Classifier>> = OnceLock::new();
    if let Some(c) = EMBEDDED.get() {
        return Ok(c.clone());
    }
    let c = Arc::new(geostance::Classifier::embedded().map_err(py_err)?);
    Ok(EMBEDDED.get_or_init(|| c).clone())
}

/// Worker pools by thread count, built once: building a pool per call would
/// cost more than classifying a small batch.
pub(crate) fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
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

/// Runs `f` on a pool of `threads` workers (`None`: rayon's global pool, all
/// cores); on the global pool too when that pool cannot be started.
pub(crate) fn on_pool<R: Send>(threads: Option<usize>, f: impl FnOnce() -> R + Send) -> R {
    match threads {
        None => f(),
        Some(n) => match pool(n) {
            Ok(p) => p.install(f),
            Err(_) => f(),
        },
    }
}

/// Rows per unit of parallel work.
const RUN: usize = 256;

/// Every head's probabilities for every text, row-major (`n x total labels`,
/// heads side by side in model order); rows of blank texts are NaN. Runs on
/// the calling thread for `threads == Some(1)`, on a pool otherwise.
pub(crate) fn probabilities(
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

/// First index of the largest value, like the library's.
pub(crate) fn argmax(p: &[f32]) -> usize {
    let mut b = 0;
    for (i, &x) in p.iter().enumerate() {
        if x > p[b] {
            b = i;
        }
    }
    b
}
