//! Labeled rows -> fitted model: vocabulary, one logistic-regression head per
//! label column (dense `linfa-logistic` or the sparse solver), stratified
//! cross-validation and hyperparameter tuning.

mod cv;
mod folds;
mod options;
pub mod sparse;
mod tune;
#[cfg(test)]
mod vector_tests;

use std::collections::BTreeMap;

use linfa::Dataset;
use linfa::traits::Fit;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::data::LabeledData;
use crate::error::{Error, Result};
use crate::model::{FittedHead, Model, TrainingMetadata};
use crate::tokenize::Analyzer;
use crate::vectorize::{self, SparseRow, WordFeatures, WordWeighting};
pub use cv::{CvResult, HeadCv, cross_validate};
pub use folds::{stratified_folds, stratified_group_folds};
pub use options::{
    AUTO_DENSE_CELLS, MANY_CLASSES, Pooling, Solver, TrainOptions, TrainParams, ValidTrainOptions,
    VectorOptions,
};
use sparse::{CsrMatrix, SparseLogisticRegression};
pub use tune::{
    ALPHA_GRID, ALPHA_STEP, EXTEND_STEPS, MAX_ALPHA, MIN_ALPHA, MIN_DF_GRID, NGRAM_GRID,
    TUNE_TOLERANCE, TuningPoint, TuningResult, tune,
};

/// Checks each head has at least two classes, and (unless `allow_many`)
/// not so many that the column looks like an id column.
fn check_heads(data: &LabeledData, allow_many: bool) -> Result<()> {
    if data.heads.is_empty() {
        return Err(Error::NoHeads);
    }
    for (name, labels) in &data.heads {
        let distinct: std::collections::BTreeSet<&String> = labels.iter().collect();
        if distinct.len() < 2 {
            return Err(Error::input(
                &data.path,
                "",
                format!(
                    "column {name:?} has a single class ({:?}) in all {} rows; a classifier needs at least two: add rows of another class",
                    distinct.iter().next().map(|s| s.as_str()).unwrap_or(""),
                    labels.len()
                ),
            ));
        }
        if !allow_many && distinct.len() > MANY_CLASSES && distinct.len() * 2 > labels.len() {
            return Err(Error::ManyClasses {
                path: data.path.clone(),
                column: name.clone(),
                classes: distinct.len(),
                rows: labels.len(),
                examples: distinct.iter().take(3).map(|s| s.to_string()).collect(),
            });
        }
    }
    Ok(())
}

/// Trains a model on every row of `data`.
///
/// # Errors
/// Invalid options (see [`TrainOptions::check`]), a label column with fewer
/// than two classes, an empty vocabulary, a dense matrix above the memory
/// budget, or an optimiser failure.
pub fn train(data: &LabeledData, options: &(impl TrainParams + ?Sized)) -> Result<Model> {
    let options = options.check_ref()?;
    check_heads(data, options.allow_many_classes)?;
    fit_model(data, &options)
}

/// [`train`] on checked options and checked heads.
fn fit_model(data: &LabeledData, options: &ValidTrainOptions) -> Result<Model> {
    let analyzer = Analyzer::new(options.analyzer.clone())?;
    let texts: Vec<&str> = data.texts.iter().map(String::as_str).collect();
    let (mut vectorizer, mut rows) = vectorize::fit(analyzer, &texts, &options.vocabulary)?;
    let mut n_features = vectorizer.len();
    let mut unit = Vec::new();
    if let Some(v) = &options.vectors {
        let (pooling, table) = (v.pooling, &*v.table);
        let dim = table.dim();
        let weighting = match pooling {
            Pooling::Mean | Pooling::UnitMean => WordWeighting::Mean,
            Pooling::UnitSqrt => WordWeighting::SqrtN,
            Pooling::L2 => WordWeighting::L2 {
                dim,
                vectors: (0..table.len())
                    .flat_map(|i| table.vector(i).to_vec())
                    .collect(),
            },
        };
        vectorizer =
            vectorizer.with_word_features(WordFeatures::new(table.terms().to_vec(), weighting)?);
        // The vector each word contributes: as trained, or at unit length.
        unit = (0..table.len())
            .flat_map(|i| {
                let x = table.vector(i);
                let norm = match pooling {
                    Pooling::UnitMean | Pooling::UnitSqrt => {
                        x.iter().map(|a| a * a).sum::<f32>().sqrt()
                    }
                    _ => 1.0,
                };
                x.iter()
                    .map(move |a| if norm > 0.0 { a / norm } else { 0.0 })
                    .collect::<Vec<f32>>()
            })
            .collect();
        let n = vectorizer.len();
        let pooled: Vec<Vec<f32>> = texts
            .par_iter()
            .map(|t| pooled_vector(&vectorizer, t, &unit, dim))
            .collect();
        for (row, p) in rows.iter_mut().zip(pooled) {
            if v.vectors_only {
                row.indices.clear();
                row.values.clear();
            }
            for (j, x) in p.into_iter().enumerate() {
                if x != 0.0 {
                    row.indices.push((n + j) as u32);
                    row.values.push(x * v.scale);
                }
            }
        }
        n_features = n + dim;
    }
    let mut fitted: Vec<(FittedHead, String)> = data
        .heads
        .par_iter()
        .map(|(name, labels)| fit_head(name, labels, &rows, n_features, options))
        .collect::<Result<_>>()?;
    if let Some(v) = &options.vectors {
        for (head, _) in &mut fitted {
            fold_word_vectors(head, vectorizer.len(), &unit, v.table.dim(), v.scale);
        }
    }
    let mut solver = BTreeMap::new();
    let heads = fitted
        .into_iter()
        .map(|(h, s)| {
            solver.insert(h.name.clone(), s);
            h
        })
        .collect();
    let metadata = TrainingMetadata {
        data_file: data
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        data_sha256: data.sha256.clone(),
        rows: data.texts.len(),
        text_column: data.text_column.clone(),
        label_counts: data.label_counts(),
        options: serde_json::to_value(options.options()).expect("options serialise"),
        solver,
        cv: BTreeMap::new(),
        tuning: None,
    };
    Ok(Model::new(vectorizer, heads, metadata))
}

/// The pooled vector of a text: its word features' values times their
/// words' vectors (`unit`, row-major).
fn pooled_vector(vectorizer: &vectorize::TfIdf, text: &str, unit: &[f32], dim: usize) -> Vec<f32> {
    let n = vectorizer.len();
    let row = vectorizer.transform(text);
    let mut pooled = vec![0f32; dim];
    for (&f, &value) in row.indices.iter().zip(&row.values) {
        if let Some(w) = (f as usize).checked_sub(n) {
            for (p, x) in pooled.iter_mut().zip(&unit[w * dim..(w + 1) * dim]) {
                *p += value * x;
            }
        }
    }
    pooled
}

/// Replaces a head's weights over the pooled-vector columns (after the
/// `n_terms` TF-IDF ones) by one weight row per word: `scale * W^T u_w`.
/// Scores do not change: `W^T (scale * sum_w a_w u_w) = sum_w a_w (scale * W^T u_w)`.
fn fold_word_vectors(head: &mut FittedHead, n_terms: usize, unit: &[f32], dim: usize, scale: f32) {
    let k = head.labels.len();
    let dense = head.weights.split_off(n_terms * k);
    let n_words = unit.len() / dim;
    head.weights.reserve(n_words * k);
    for w in 0..n_words {
        let u = &unit[w * dim..(w + 1) * dim];
        for c in 0..k {
            let s: f32 = u
                .iter()
                .enumerate()
                .map(|(j, x)| x * dense[j * k + c])
                .sum();
            head.weights.push(scale * s);
        }
    }
}

/// Copies of each row so every class reaches the largest class's count:
/// each row gets floor(M / n_c) copies, and the first M mod n_c rows of the
/// class one more.
fn balance_copies(y: &[usize], k: usize) -> Vec<u32> {
    let mut counts = vec![0usize; k];
    for &c in y {
        counts[c] += 1;
    }
    let max = *counts.iter().max().unwrap_or(&0);
    let mut seen = vec![0usize; k];
    y.iter()
        .map(|&c| {
            let base = max / counts[c];
            let extra = (seen[c] < max % counts[c]) as usize;
            seen[c] += 1;
            (base + extra) as u32
        })
        .collect()
}

fn fit_head(
    name: &str,
    labels: &[String],
    rows: &[SparseRow],
    n_features: usize,
    options: &TrainOptions,
) -> Result<(FittedHead, String)> {
    let classes: Vec<String> = {
        let mut c: Vec<String> = labels.to_vec();
        c.sort();
        c.dedup();
        c
    };
    let y: Vec<usize> = labels
        .iter()
        .map(|l| classes.binary_search(l).expect("label present"))
        .collect();
    let copies = options.balance.then(|| balance_copies(&y, classes.len()));
    let n_rows: usize = copies
        .as_ref()
        .map_or(rows.len(), |c| c.iter().map(|&x| x as usize).sum());
    let solver = match options.solver {
        Solver::Auto if n_rows.saturating_mul(n_features) <= AUTO_DENSE_CELLS => Solver::Linfa,
        Solver::Auto => Solver::Sparse,
        s => s,
    };
    let alpha = options.alpha_for(name);
    let fit_err = |e: linfa_logistic::error::Error| Error::Fit {
        head: name.to_string(),
        message: e.to_string(),
    };
    let (weights, intercept) = match solver {
        Solver::Linfa => {
            let bytes = (n_rows as u128) * (n_features as u128) * 4;
            let budget = options.memory_budget_mib as u128 * 1024 * 1024;
            if bytes > budget {
                return Err(Error::MemoryBudget {
                    head: name.to_string(),
                    rows: n_rows,
                    features: n_features,
                    needed_mib: (bytes / (1024 * 1024)) as u64,
                    budget_mib: options.memory_budget_mib,
                    suggest_features: (budget / (n_rows as u128 * 4)).max(1) as usize,
                });
            }
            let mut x = Array2::<f32>::zeros((n_rows, n_features));
            let mut yy = Vec::with_capacity(n_rows);
            let mut r = 0;
            for (i, row) in rows.iter().enumerate() {
                let times = copies.as_ref().map_or(1, |c| c[i]);
                for _ in 0..times {
                    for (&f, &v) in row.indices.iter().zip(&row.values) {
                        x[[r, f as usize]] = v;
                    }
                    yy.push(y[i]);
                    r += 1;
                }
            }
            let fitted = MultiLogisticRegression::default()
                .alpha(alpha as f32)
                .max_iterations(options.max_iterations)
                .gradient_tolerance(options.gradient_tolerance as f32)
                .fit(&Dataset::new(x, Array1::from(yy)))
                .map_err(fit_err)?;
            // linfa orders columns by sorted class value, like `classes`.
            debug_assert_eq!(
                fitted.classes(),
                &(0..classes.len()).collect::<Vec<_>>()[..]
            );
            (
                fitted.params().iter().copied().collect::<Vec<f32>>(),
                fitted.intercept().to_vec(),
            )
        }
        _ => {
            let mut x = CsrMatrix::new(n_features);
            for row in rows {
                x.push_row(&row.indices, row.values.iter().map(|&v| v as f64));
            }
            let mut dataset = linfa::DatasetBase::new(x, Array1::from(y.clone()));
            if let Some(c) = &copies {
                dataset = dataset.with_weights(c.iter().map(|&n| n as f32).collect());
            }
            let fitted = SparseLogisticRegression {
                alpha,
                max_iterations: options.max_iterations,
                gradient_tolerance: options.gradient_tolerance,
            }
            .fit(&dataset)
            .map_err(fit_err)?;
            (
                fitted.params.iter().map(|&w| w as f32).collect(),
                fitted.intercept.iter().map(|&b| b as f32).collect(),
            )
        }
    };
    let solver_name = match solver {
        Solver::Linfa => "linfa",
        _ => "sparse",
    };
    Ok((
        FittedHead {
            name: name.to_string(),
            labels: classes,
            weights,
            intercepts: intercept,
        },
        solver_name.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_copies_reach_the_largest_class() {
        let c = balance_copies(&[0, 0, 0, 0, 0, 1, 1], 2);
        assert_eq!(c, [1, 1, 1, 1, 1, 3, 2]);
    }
}
