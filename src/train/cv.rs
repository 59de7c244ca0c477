//! Stratified K-fold cross-validation of the training pipeline.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{TrainParams, check_heads, fit_model, stratified_folds, stratified_group_folds};
use crate::classifier::Classifier;
use crate::data::LabeledData;
use crate::error::{Error, InvalidOption, Result};
use crate::eval::{self, HeadReport};
use crate::model::CvSummary;

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
            check_heads(&subset, options.allow_many_classes)?;
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
