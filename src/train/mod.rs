//! Labeled rows -> fitted model: vocabulary, one logistic-regression head per
//! label column (dense `linfa-logistic` or the sparse solver), stratified
//! cross-validation and hyperparameter tuning.

pub mod sparse;
#[cfg(test)]
mod vector_tests;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use linfa::Dataset;
use linfa::traits::Fit;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::classifier::{Classifier, argmax};
use crate::data::LabeledData;
use crate::embeddings::WordVectors;
use crate::error::{Error, InvalidOption, Result};
use crate::eval::{self, HeadReport};
use crate::model::{CvSummary, Head, Model, TrainingMetadata};
use crate::tokenize::{Analyzer, AnalyzerConfig};
use crate::vectorize::{self, SparseRow, VocabularyParams, WordFeatures, WordWeighting};
use sparse::{CsrMatrix, SparseLogisticRegression};

/// Which optimiser fits the heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Solver {
    /// `linfa` when the dense matrix is small (at most [`AUTO_DENSE_CELLS`] cells), else `sparse`.
    Auto,
    /// linfa-logistic's `MultiLogisticRegression` on a dense f32 matrix.
    Linfa,
    /// The same objective and optimiser over sparse rows.
    Sparse,
}

/// `Solver::Auto` uses dense linfa up to this many matrix cells (rows x features).
pub const AUTO_DENSE_CELLS: usize = 2_000_000;

/// Every training option. `Default` gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    pub analyzer: AnalyzerConfig,
    pub vocabulary: VocabularyParams,
    /// L2 penalty (linfa's `alpha`; scikit-learn's C is about 1/alpha). Default: 0.5.
    pub alpha: f64,
    /// Per-head alpha, overriding `alpha` (set by tuning). Default: empty.
    #[serde(default)]
    pub head_alpha: BTreeMap<String, f64>,
    /// L-BFGS iterations at most. Default: 500.
    pub max_iterations: u64,
    /// Gradient-norm tolerance. Default: 1e-4. The sparse solver applies it
    /// to the row-mean objective (scikit-learn's convention), linfa to the sum.
    pub gradient_tolerance: f64,
    /// Default: auto.
    pub solver: Solver,
    /// Refuse dense training matrices above this size. Default: 4096 MiB.
    pub memory_budget_mib: u64,
    /// Oversample every class of a head to the size of its largest class
    /// (deterministically), so rare classes are not ignored. Default: false.
    pub balance: bool,
    /// Pooled word vectors as extra features. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vectors: Option<VectorOptions>,
}

/// How a statement's word vectors become one vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pooling {
    /// The mean of the word vectors.
    Mean,
    /// The mean of the word vectors scaled to unit length.
    UnitMean,
    /// The sum of the unit-length word vectors over the square root of
    /// their number: about unit length for unrelated words, longer when
    /// they agree (a foldable stand-in for `l2`).
    UnitSqrt,
    /// The mean of the word vectors, scaled to unit length (needs the
    /// vectors at prediction time: the model file holds them).
    L2,
}

/// Word vectors appended to every TF-IDF row (`train --vectors`): the
/// statement's pooled vector times `scale`. The heads are fitted on both;
/// the model keeps, per word, its vector folded into the head weights
/// (a linear head over a mean of vectors is a mean of per-word scores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VectorOptions {
    /// The vectors (not saved in the options: the model keeps their folded weights).
    #[serde(skip)]
    pub table: Arc<WordVectors>,
    /// File name and SHA-256 of the vectors file, for the record.
    pub file: String,
    pub sha256: String,
    /// Default: unit-sqrt (the best foldable pooling measured; docs/benchmarks.md).
    pub pooling: Pooling,
    /// Multiplies the pooled vector (the TF-IDF row has length 1). Default: 1.
    pub scale: f32,
    /// Fit on the vectors alone, without TF-IDF features (for comparison). Default: false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vectors_only: bool,
}

impl VectorOptions {
    /// Options for a loaded table with the default pooling and scale.
    pub fn new(table: WordVectors, file: String, sha256: String) -> Self {
        VectorOptions {
            table: Arc::new(table),
            file,
            sha256,
            pooling: Pooling::UnitSqrt,
            scale: 1.0,
            vectors_only: false,
        }
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            analyzer: AnalyzerConfig::default(),
            vocabulary: VocabularyParams::default(),
            alpha: 0.5,
            head_alpha: BTreeMap::new(),
            max_iterations: 500,
            gradient_tolerance: 1e-4,
            solver: Solver::Auto,
            memory_budget_mib: 4096,
            balance: false,
            vectors: None,
        }
    }
}

impl TrainOptions {
    fn alpha_for(&self, head: &str) -> f64 {
        self.head_alpha.get(head).copied().unwrap_or(self.alpha)
    }

    /// Checks every option once, in the manner of linfa's `ParamGuard`:
    /// training, cross-validation and tuning take the checked options and
    /// do not check them again.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] naming the first option out of range (with
    /// its value), [`Error::VectorsLanguage`] or [`Error::Vocabulary`] for
    /// word vectors that do not fit the analyzer.
    pub fn check(&self) -> Result<ValidTrainOptions> {
        self.check_ranges()?;
        Ok(ValidTrainOptions(self.clone()))
    }

    fn check_ranges(&self) -> Result<()> {
        self.analyzer.validate()?;
        self.vocabulary.validate()?;
        for a in std::iter::once(&self.alpha).chain(self.head_alpha.values()) {
            if !(a.is_finite() && *a > 0.0) {
                return Err(InvalidOption::Alpha(*a).into());
            }
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return Err(InvalidOption::GradientTolerance(self.gradient_tolerance).into());
        }
        if self.max_iterations == 0 {
            return Err(InvalidOption::MaxIterations(0).into());
        }
        if let Some(v) = &self.vectors {
            if !(v.scale.is_finite() && v.scale > 0.0) {
                return Err(InvalidOption::VectorScale(v.scale).into());
            }
            if v.table.is_empty() {
                return Err(Error::vocabulary(format!(
                    "the vectors file {} holds no words",
                    v.file
                )));
            }
            if v.table.analyzer.language != self.analyzer.language {
                return Err(Error::VectorsLanguage {
                    file: v.file.clone(),
                    vectors: v.table.analyzer.language,
                    model: self.analyzer.language,
                });
            }
        }
        Ok(())
    }
}

/// Training options that passed [`TrainOptions::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTrainOptions(TrainOptions);

impl ValidTrainOptions {
    /// The options.
    pub fn options(&self) -> &TrainOptions {
        &self.0
    }

    /// The options, by value.
    pub fn into_inner(self) -> TrainOptions {
        self.0
    }
}

impl std::ops::Deref for ValidTrainOptions {
    type Target = TrainOptions;
    fn deref(&self) -> &TrainOptions {
        &self.0
    }
}

/// Options [`train`], [`cross_validate`] and [`tune`] accept: unchecked
/// [`TrainOptions`] (checked on the way in) or [`ValidTrainOptions`] (used
/// as they are), as linfa's `ParamGuard` does.
pub trait TrainParams {
    /// The checked options.
    ///
    /// # Errors
    /// As [`TrainOptions::check`].
    fn check_ref(&self) -> Result<Cow<'_, ValidTrainOptions>>;
}

impl TrainParams for TrainOptions {
    fn check_ref(&self) -> Result<Cow<'_, ValidTrainOptions>> {
        self.check().map(Cow::Owned)
    }
}

impl TrainParams for ValidTrainOptions {
    fn check_ref(&self) -> Result<Cow<'_, ValidTrainOptions>> {
        Ok(Cow::Borrowed(self))
    }
}

/// Checks each head has at least two classes.
fn check_heads(data: &LabeledData) -> Result<()> {
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
    check_heads(data)?;
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
    let mut fitted: Vec<(Head, String)> = data
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
fn fold_word_vectors(head: &mut Head, n_terms: usize, unit: &[f32], dim: usize, scale: f32) {
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
) -> Result<(Head, String)> {
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
        Head {
            name: name.to_string(),
            labels: classes,
            weights,
            intercepts: intercept,
        },
        solver_name.to_string(),
    ))
}

/// A tiny deterministic generator (SplitMix64) for fold shuffling.
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Stratified K-fold assignment on `labels` (the first head's): each class's
/// rows are shuffled with `seed` and dealt round-robin, so every fold gets
/// its share of every class. Returns the fold of each row.
pub fn stratified_folds(labels: &[String], k: usize, seed: u64) -> Vec<usize> {
    let mut by_class: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in labels.iter().enumerate() {
        by_class.entry(l).or_default().push(i);
    }
    let mut rng = SplitMix(seed);
    let mut fold = vec![0; labels.len()];
    let mut next = 0;
    for rows in by_class.values_mut() {
        for i in (1..rows.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            rows.swap(i, j);
        }
        for &r in rows.iter() {
            fold[r] = next % k;
            next += 1;
        }
    }
    fold
}

/// Grouped, stratified K-fold assignment: every row of a group lands in the
/// same fold, and folds get about equal shares of every class of `labels`.
/// Groups are shuffled with `seed`, then taken largest first, each into the
/// fold where adding it best keeps every class near its even share (the
/// greedy rule of scikit-learn's `StratifiedGroupKFold`, with squared error).
/// Returns the fold of each row.
pub fn stratified_group_folds(
    labels: &[String],
    groups: &[String],
    k: usize,
    seed: u64,
) -> Vec<usize> {
    let classes: Vec<&str> = {
        let s: std::collections::BTreeSet<&str> = labels.iter().map(String::as_str).collect();
        s.into_iter().collect()
    };
    let class_of = |l: &str| classes.iter().position(|c| *c == l).unwrap_or(0);
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    let mut order: Vec<Vec<usize>> = members.into_values().collect();
    let mut rng = SplitMix(seed);
    for i in (1..order.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order.sort_by_key(|g| std::cmp::Reverse(g.len())); // stable: ties keep the shuffle
    let mut total = vec![0f64; classes.len()];
    for l in labels {
        total[class_of(l)] += 1.0;
    }
    let target: Vec<f64> = total.iter().map(|t| t / k as f64).collect();
    let mut count = vec![vec![0f64; classes.len()]; k];
    let mut size = vec![0usize; k];
    let mut fold = vec![0; labels.len()];
    for g in order {
        let mut add = vec![0f64; classes.len()];
        for &i in &g {
            add[class_of(&labels[i])] += 1.0;
        }
        let cost = |f: usize| -> f64 {
            (0..classes.len())
                .map(|c| {
                    let after = count[f][c] + add[c] - target[c];
                    let before = count[f][c] - target[c];
                    after * after - before * before
                })
                .sum()
        };
        let best = (0..k)
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)).then(size[a].cmp(&size[b])))
            .unwrap_or(0);
        for &i in &g {
            fold[i] = best;
        }
        for c in 0..classes.len() {
            count[best][c] += add[c];
        }
        size[best] += g.len();
    }
    fold
}

/// Cross-validation results: per head, one report per fold and the summary.
#[derive(Debug, Clone, Serialize)]
pub struct CvResult {
    pub folds: usize,
    pub seed: u64,
    pub heads: BTreeMap<String, HeadCv>,
}

/// One head's cross-validation: per-fold reports and their mean and spread.
#[derive(Debug, Clone, Serialize)]
pub struct HeadCv {
    pub summary: CvSummary,
    pub accuracy_std: f64,
    /// Mean out-of-fold log loss (-ln of the gold label's probability).
    pub log_loss: f64,
    /// The pooled report over all out-of-fold predictions.
    pub pooled: HeadReport,
    pub fold_macro_f1: Vec<f64>,
}

/// Stratified K-fold cross-validation (on the first head's labels); the
/// vectorizer is refitted inside every fold. Folds run in parallel; the
/// result does not depend on the thread count.
///
/// # Errors
/// As [`train`], and [`Error::InvalidOption`] for fewer than 2 folds,
/// [`Error::FewerRowsThanFolds`] for a class with fewer rows than folds.
pub fn cross_validate(
    data: &LabeledData,
    options: &(impl TrainParams + ?Sized),
    k: usize,
    seed: u64,
) -> Result<CvResult> {
    let options = options.check_ref()?;
    check_heads(data)?;
    if k < 2 {
        return Err(InvalidOption::Folds(k).into());
    }
    for (name, labels) in &data.heads {
        for (label, n) in data.label_counts()[name].iter() {
            if *n < k {
                return Err(Error::FewerRowsThanFolds {
                    path: data.path.clone(),
                    column: name.clone(),
                    label: label.clone(),
                    rows: *n,
                    folds: k,
                });
            }
        }
        let _ = labels;
    }
    let fold = match &data.groups {
        Some(groups) => stratified_group_folds(&data.heads[0].1, groups, k, seed),
        None => stratified_folds(&data.heads[0].1, k, seed),
    };
    #[allow(clippy::type_complexity)]
    let per_fold: Vec<Vec<(usize, Vec<String>, Vec<f64>)>> = (0..k)
        .into_par_iter()
        .map(|f| -> Result<Vec<(usize, Vec<String>, Vec<f64>)>> {
            let train_idx: Vec<usize> = (0..fold.len()).filter(|&i| fold[i] != f).collect();
            let test_idx: Vec<usize> = (0..fold.len()).filter(|&i| fold[i] == f).collect();
            let subset = data.subset(&train_idx);
            check_heads(&subset)?;
            let model = fit_model(&subset, &options)?;
            let clf = Classifier::from_model(model);
            Ok(test_idx
                .into_iter()
                .map(|i| {
                    let p = clf.classify(&data.texts[i]);
                    // The probability given to the gold label, per head (log loss).
                    let gold: Vec<f64> = p
                        .heads
                        .iter()
                        .zip(&data.heads)
                        .map(|(h, (_, labels))| {
                            h.probabilities
                                .iter()
                                .find(|(l, _)| *l == labels[i])
                                .map_or(0.0, |(_, p)| f64::from(*p))
                        })
                        .collect();
                    (i, p.heads.into_iter().map(|h| h.label).collect(), gold)
                })
                .collect())
        })
        .collect::<Result<_>>()?;
    let mut heads = BTreeMap::new();
    for (h, (name, gold)) in data.heads.iter().enumerate() {
        let labels: Vec<String> = data.label_counts()[name].keys().cloned().collect();
        let mut f1s = Vec::new();
        let mut accs = Vec::new();
        let mut all_pred = vec![String::new(); gold.len()];
        let mut log_loss = 0.0;
        for preds in &per_fold {
            let g: Vec<&str> = preds.iter().map(|(i, _, _)| gold[*i].as_str()).collect();
            let p: Vec<&str> = preds.iter().map(|(_, p, _)| p[h].as_str()).collect();
            for (_, _, q) in preds {
                log_loss -= q[h].max(1e-7).ln();
            }
            let r = eval::report(&labels, &g, &p).expect("predictions are the head's classes");
            f1s.push(r.macro_f1);
            accs.push(r.accuracy);
            for (i, p, _) in preds {
                all_pred[*i] = p[h].clone();
            }
        }
        let g: Vec<&str> = gold.iter().map(String::as_str).collect();
        let p: Vec<&str> = all_pred.iter().map(String::as_str).collect();
        let pooled = eval::report(&labels, &g, &p).expect("predictions are the head's classes");
        let (m, s) = eval::mean_std(&f1s);
        let (am, as_) = eval::mean_std(&accs);
        heads.insert(
            name.clone(),
            HeadCv {
                summary: CvSummary {
                    folds: k,
                    macro_f1_mean: m,
                    macro_f1_std: s,
                    accuracy_mean: am,
                    baseline_macro_f1: pooled.baseline_macro_f1,
                },
                accuracy_std: as_,
                log_loss: log_loss / gold.len() as f64,
                pooled,
                fold_macro_f1: f1s,
            },
        );
    }
    Ok(CvResult {
        folds: k,
        seed,
        heads,
    })
}

/// One point of the tuning grid and its cross-validated macro-F1 per head.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TuningPoint {
    pub word_ngrams: [usize; 2],
    pub min_df: usize,
    pub alpha: f64,
    pub macro_f1: BTreeMap<String, f64>,
    /// Mean out-of-fold log loss per head (how alpha is chosen).
    #[serde(default)]
    pub log_loss: BTreeMap<String, f64>,
}

/// The grid searched and what was chosen.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TuningResult {
    pub folds: usize,
    pub seed: u64,
    pub grid: Vec<TuningPoint>,
    /// Chosen n-gram range and min_df (the cheapest within
    /// [`TUNE_TOLERANCE`] of the best mean macro-F1 over heads, each head at
    /// its best alpha), and the best alpha per head.
    pub word_ngrams: [usize; 2],
    pub min_df: usize,
    pub head_alpha: BTreeMap<String, f64>,
}

/// The default tuning grid.
pub const ALPHA_GRID: &[f64] = &[0.03, 0.1, 0.3, 1.0, 3.0];
pub const NGRAM_GRID: &[[usize; 2]] = &[[1, 1], [1, 2], [1, 3]];
pub const MIN_DF_GRID: &[usize] = &[1, 2];
/// When the best alpha is at an edge of the grid, tuning tries alphas
/// beyond it, this factor apart (0.03 -> 0.01 -> 0.0033; 3 -> 10 -> 30) ...
pub const ALPHA_STEP: f64 = 3.0;
/// ... at most this many times per side and grid point ...
pub const EXTEND_STEPS: usize = 3;
/// ... and within these bounds.
pub const MIN_ALPHA: f64 = 1e-4;
pub const MAX_ALPHA: f64 = 1e3;

/// How far below the best mean macro-F1 a cheaper configuration may be and
/// still be chosen: half a point, about one standard error of a 5-fold mean
/// on our data (fold spread ±1 point). Differences smaller than that are
/// noise, while fewer n-gram orders and a smaller vocabulary are real speed.
pub const TUNE_TOLERANCE: f64 = 0.005;

/// Among `(ngrams, min_df, mean macro-F1, per-head alpha)` candidates, the
/// cheapest (fewest n-gram orders, then largest min_df) whose score is within
/// `tolerance` of the best.
fn choose_cheapest_near_best<T>(
    mut candidates: Vec<([usize; 2], usize, f64, T)>,
    tolerance: f64,
) -> ([usize; 2], usize, f64, T) {
    let best = candidates
        .iter()
        .map(|c| c.2)
        .fold(f64::NEG_INFINITY, f64::max);
    // Stable sort: ties keep grid order.
    candidates.sort_by_key(|c| (c.0[1] - c.0[0], c.0[1], std::cmp::Reverse(c.1)));
    let i = candidates
        .iter()
        .position(|c| c.2 >= best - tolerance)
        .unwrap_or(0);
    candidates.swap_remove(i)
}

/// One tuning point: `base` with these n-grams, min_df and alpha,
/// cross-validated.
/// The grid's values were checked by [`tune`], so the point's options are
/// valid without a second check.
fn grid_point(
    data: &LabeledData,
    base: &ValidTrainOptions,
    k: usize,
    seed: u64,
    word_ngrams: [usize; 2],
    min_df: usize,
    alpha: f64,
) -> Result<TuningPoint> {
    let mut o = base.clone().into_inner();
    o.analyzer.word_ngrams = word_ngrams;
    o.vocabulary.min_df = min_df;
    o.alpha = alpha;
    o.head_alpha.clear();
    let cv = cross_validate(data, &ValidTrainOptions(o), k, seed)?;
    Ok(TuningPoint {
        word_ngrams,
        min_df,
        alpha,
        macro_f1: cv
            .heads
            .iter()
            .map(|(h, r)| (h.clone(), r.summary.macro_f1_mean))
            .collect(),
        log_loss: cv
            .heads
            .iter()
            .map(|(h, r)| (h.clone(), r.log_loss))
            .collect(),
    })
}

/// Picks n-grams, min_df and a per-head alpha by cross-validation over the
/// grids. For every n-gram range and min_df, each head's alpha is the one
/// with the lowest out-of-fold log loss (alphas past an edge of `alphas` are
/// tried while the best sits at that edge); then the cheapest n-gram range
/// and min_df whose mean macro-F1 (at those alphas) is within
/// [`TUNE_TOLERANCE`] of the best is taken. Returns options with the choice
/// applied, and the grid.
///
/// # Errors
/// As [`cross_validate`]: invalid options, or a class with fewer rows than folds.
pub fn tune(
    data: &LabeledData,
    base: &(impl TrainParams + ?Sized),
    k: usize,
    seed: u64,
    alphas: &[f64],
    ngrams: &[[usize; 2]],
    min_dfs: &[usize],
) -> Result<(ValidTrainOptions, TuningResult)> {
    let base = &*base.check_ref()?;
    // Every grid value, checked once here rather than in every fold.
    for &a in alphas {
        if !(a.is_finite() && a > 0.0) {
            return Err(InvalidOption::Alpha(a).into());
        }
    }
    for &md in min_dfs {
        if md < 1 {
            return Err(InvalidOption::MinDf(md).into());
        }
    }
    for &[lo, hi] in ngrams {
        if lo < 1 || hi < lo || hi > crate::tokenize::MAX_WORD_NGRAM {
            return Err(InvalidOption::WordNgrams([lo, hi]).into());
        }
    }
    let mut grid = Vec::new();
    for &ng in ngrams {
        for &md in min_dfs {
            for &a in alphas {
                grid.push(grid_point(data, base, k, seed, ng, md, a)?);
            }
        }
    }
    let heads: Vec<&String> = data.heads.iter().map(|(n, _)| n).collect();
    // Bracket the optimum: while a head's best alpha sits at an edge of the
    // alphas tried for an (n-grams, min_df) point, try the next alpha beyond
    // that edge (a factor of about 3), up to EXTEND_STEPS times per side.
    for &ng in ngrams {
        for &md in min_dfs {
            for _ in 0..EXTEND_STEPS {
                let mut points: Vec<&TuningPoint> = grid
                    .iter()
                    .filter(|p| p.word_ngrams == ng && p.min_df == md)
                    .collect();
                points.sort_by(|a, b| a.alpha.total_cmp(&b.alpha));
                if points.len() < 2 {
                    break;
                }
                let (lo, hi) = (points[0].alpha, points[points.len() - 1].alpha);
                let mut next = Vec::new();
                for h in &heads {
                    let scores: Vec<f32> = points.iter().map(|p| -p.log_loss[*h] as f32).collect();
                    let i = argmax(&scores);
                    if i == 0 && lo / ALPHA_STEP >= MIN_ALPHA {
                        next.push(lo / ALPHA_STEP);
                    } else if i == points.len() - 1 && hi * ALPHA_STEP <= MAX_ALPHA {
                        next.push(hi * ALPHA_STEP);
                    }
                }
                next.sort_by(f64::total_cmp);
                next.dedup();
                if next.is_empty() {
                    break;
                }
                for a in next {
                    grid.push(grid_point(data, base, k, seed, ng, md, a)?);
                }
            }
        }
    }
    let mut candidates = Vec::new();
    for &ng in ngrams {
        for &md in min_dfs {
            let points: Vec<&TuningPoint> = grid
                .iter()
                .filter(|p| p.word_ngrams == ng && p.min_df == md)
                .collect();
            let mut head_alpha = BTreeMap::new();
            let mut total = 0.0;
            for h in &heads {
                // Alpha by out-of-fold log loss: smooth in alpha and it
                // punishes the over-confident fits a weak penalty gives,
                // where macro-F1 on small folds rewards them by noise
                // (SemEval-2016: see docs/benchmarks.md). The n-gram range
                // and min_df are then compared by macro-F1 at that alpha.
                let losses: Vec<f32> = points.iter().map(|p| -p.log_loss[*h] as f32).collect();
                let chosen = points[argmax(&losses)];
                let best = chosen.macro_f1[*h];
                head_alpha.insert((*h).clone(), chosen.alpha);
                total += best;
            }
            candidates.push((ng, md, total / heads.len() as f64, head_alpha));
        }
    }
    let (ng, md, _, head_alpha) = choose_cheapest_near_best(candidates, TUNE_TOLERANCE);
    let mut chosen = base.clone().into_inner();
    chosen.analyzer.word_ngrams = ng;
    chosen.vocabulary.min_df = md;
    chosen.head_alpha = head_alpha.clone();
    // Grid values and per-head alphas from the checked grid: still valid.
    Ok((
        ValidTrainOptions(chosen),
        TuningResult {
            folds: k,
            seed,
            grid,
            word_ngrams: ng,
            min_df: md,
            head_alpha,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuning_prefers_the_cheapest_configuration_near_the_best() {
        let c = |ng: [usize; 2], md: usize, f: f64| (ng, md, f, ());
        let grid = || {
            vec![
                c([1, 1], 1, 0.6977),
                c([1, 1], 2, 0.6949),
                c([1, 2], 1, 0.7020),
                c([1, 2], 2, 0.7027),
                c([1, 3], 1, 0.7031),
                c([1, 3], 2, 0.7029),
            ]
        };
        let (ng, md, f, ()) = choose_cheapest_near_best(grid(), 0.005);
        assert_eq!((ng, md, f), ([1, 2], 2, 0.7027));
        // With no tolerance the best wins.
        let (ng, md, _, ()) = choose_cheapest_near_best(grid(), 0.0);
        assert_eq!((ng, md), ([1, 3], 1));
        // A wide tolerance takes the cheapest of all.
        let (ng, md, _, ()) = choose_cheapest_near_best(grid(), 0.1);
        assert_eq!((ng, md), ([1, 1], 2));
    }

    #[test]
    fn folds_are_stratified_and_deterministic() {
        let labels: Vec<String> = ["a"; 10]
            .iter()
            .chain(["b"; 5].iter())
            .map(|s| s.to_string())
            .collect();
        let f = stratified_folds(&labels, 5, 7);
        assert_eq!(f, stratified_folds(&labels, 5, 7));
        for fold in 0..5 {
            let a = (0..10).filter(|&i| f[i] == fold).count();
            let b = (10..15).filter(|&i| f[i] == fold).count();
            assert_eq!((a, b), (2, 1));
        }
    }

    #[test]
    fn group_folds_keep_groups_together_and_balance_classes() {
        let mut labels = Vec::new();
        let mut groups = Vec::new();
        for g in 0..60 {
            for j in 0..(1 + g % 4) {
                labels.push(["a", "b", "c"][(g + j) % 3].to_string());
                groups.push(format!("doc{g}"));
            }
        }
        let f = stratified_group_folds(&labels, &groups, 5, 7);
        assert_eq!(f, stratified_group_folds(&labels, &groups, 5, 7));
        for (i, g) in groups.iter().enumerate() {
            for (j, h) in groups.iter().enumerate() {
                if g == h {
                    assert_eq!(f[i], f[j]);
                }
            }
        }
        let n = labels.len() as f64;
        for k in 0..5 {
            let share = f.iter().filter(|&&x| x == k).count() as f64 / n;
            assert!((share - 0.2).abs() < 0.05, "fold {k} holds {share:.2}");
        }
    }

    #[test]
    fn balance_copies_reach_the_largest_class() {
        let c = balance_copies(&[0, 0, 0, 0, 0, 1, 1], 2);
        assert_eq!(c, [1, 1, 1, 1, 1, 3, 2]);
    }
}
