//! Stratified K-fold cross-validation of the training pipeline.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{
    TrainParams, ValidTrainOptions, check_heads, fit_model, stratified_folds,
    stratified_group_folds,
};
use crate::classifier::Classifier;
use crate::data::LabeledData;
use crate::error::{Error, InvalidOption, Result};
use crate::eval::{self, HeadReport};
use crate::model::CvSummary;

/// Cross-validation results: per head, one report per fold and the summary.
#[derive(Debug, Clone, Serialize)]
pub struct CvResult {
    /// The number of folds.
    pub folds: usize,
    /// The seed of the fold assignment.
    pub seed: u64,
    /// Per head (label column): its results.
    pub heads: BTreeMap<String, HeadCv>,
}

/// One head's cross-validation: per-fold reports and their mean and spread.
#[derive(Debug, Clone, Serialize)]
pub struct HeadCv {
    /// Mean and spread of macro-F1 over the folds, as the model records them.
    pub summary: CvSummary,
    /// Standard deviation of accuracy over the folds.
    pub accuracy_std: f64,
    /// Mean out-of-fold log loss (-ln of the gold label's probability).
    pub log_loss: f64,
    /// The pooled report over all out-of-fold predictions.
    pub pooled: HeadReport,
    /// Macro-F1 of each fold, in fold order.
    pub fold_macro_f1: Vec<f64>,
}

/// Stratified K-fold cross-validation (on the first head's labels); the
/// vectorizer is refitted inside every fold. Folds run in parallel; the
/// result does not depend on the thread count.
///
/// # Errors
/// As [`train`](super::train()), and [`Error::InvalidOption`] for fewer than 2 folds,
/// [`Error::FewerRowsThanFolds`] for a class with fewer rows than folds.
pub fn cross_validate(
    data: &LabeledData,
    options: &(impl TrainParams + ?Sized),
    k: usize,
    seed: u64,
) -> Result<CvResult> {
    let options = options.check_ref()?;
    check_heads(data, options.allow_many_classes)?;
    check_folds(data, k)?;
    let fold = match &data.groups {
        Some(groups) => stratified_group_folds(&data.heads[0].1, groups, k, seed),
        None => stratified_folds(&data.heads[0].1, k, seed),
    };
    let per_fold: Vec<Vec<OutOfFold>> = (0..k)
        .into_par_iter()
        .map(|f| predict_fold(data, &options, &fold, f))
        .collect::<Result<_>>()?;
    let heads = data
        .heads
        .iter()
        .enumerate()
        .map(|(h, (name, gold))| (name.clone(), head_cv(data, h, gold, &per_fold, k)))
        .collect();
    Ok(CvResult {
        folds: k,
        seed,
        heads,
    })
}

/// Checks that there are at least 2 folds and every class of every head
/// has a row for each fold.
fn check_folds(data: &LabeledData, k: usize) -> Result<()> {
    if k < 2 {
        return Err(InvalidOption::Folds(k).into());
    }
    for (name, _) in &data.heads {
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
    }
    Ok(())
}

/// One row's prediction by the model of the fold that held it out.
struct OutOfFold {
    /// The row.
    row: usize,
    /// The predicted label per head.
    labels: Vec<String>,
    /// The probability given to the gold label, per head (for the log loss).
    gold_probability: Vec<f64>,
}

/// Trains on every row outside fold `f` and predicts the rows inside it.
fn predict_fold(
    data: &LabeledData,
    options: &ValidTrainOptions,
    fold: &[usize],
    f: usize,
) -> Result<Vec<OutOfFold>> {
    let train_idx: Vec<usize> = (0..fold.len()).filter(|&i| fold[i] != f).collect();
    let test_idx: Vec<usize> = (0..fold.len()).filter(|&i| fold[i] == f).collect();
    let subset = data.subset(&train_idx);
    check_heads(&subset, options.allow_many_classes)?;
    let model = fit_model(&subset, options)?;
    let clf = Classifier::from_model(model);
    Ok(test_idx
        .into_iter()
        .map(|i| {
            let p = clf.classify(&data.texts[i]);
            let gold_probability: Vec<f64> = p
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
            OutOfFold {
                row: i,
                labels: p.heads.into_iter().map(|h| h.label).collect(),
                gold_probability,
            }
        })
        .collect())
}

/// Head `h`'s scores: per fold, their mean and spread, the mean log loss and
/// the pooled report over all out-of-fold predictions.
fn head_cv(
    data: &LabeledData,
    h: usize,
    gold: &[String],
    per_fold: &[Vec<OutOfFold>],
    k: usize,
) -> HeadCv {
    let labels: Vec<String> = data.label_counts()[&data.heads[h].0]
        .keys()
        .cloned()
        .collect();
    let mut f1s = Vec::new();
    let mut accs = Vec::new();
    let mut all_pred = vec![String::new(); gold.len()];
    let mut log_loss = 0.0;
    for preds in per_fold {
        let g: Vec<&str> = preds.iter().map(|o| gold[o.row].as_str()).collect();
        let p: Vec<&str> = preds.iter().map(|o| o.labels[h].as_str()).collect();
        for o in preds {
            log_loss -= o.gold_probability[h].max(1e-7).ln();
        }
        let r = eval::report(&labels, &g, &p).expect("predictions are the head's classes");
        f1s.push(r.macro_f1);
        accs.push(r.accuracy);
        for o in preds {
            all_pred[o.row] = o.labels[h].clone();
        }
    }
    let g: Vec<&str> = gold.iter().map(String::as_str).collect();
    let p: Vec<&str> = all_pred.iter().map(String::as_str).collect();
    let pooled = eval::report(&labels, &g, &p).expect("predictions are the head's classes");
    let (m, s) = eval::mean_std(&f1s);
    let (am, as_) = eval::mean_std(&accs);
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
    }
}
