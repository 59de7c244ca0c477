//! Metrics and reports: accuracy, per-class precision/recall/F1, macro-F1,
//! the confusion matrix, and the majority-class baseline beside them.

use std::collections::BTreeMap;

use serde::Serialize;

/// Why predictions could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// Gold labels and predictions differ in number.
    #[error("{gold} gold labels but {predicted} predictions: give one prediction per gold label")]
    Lengths {
        /// Gold labels given.
        gold: usize,
        /// Predictions given.
        predicted: usize,
    },
    /// A prediction is not one of the head's labels.
    #[error("prediction {0:?} is not a class of the head")]
    UnknownPrediction(String),
}

/// Precision, recall, F1 and support of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassMetrics {
    /// Share of the rows predicted as this class that are of it.
    pub precision: f64,
    /// Share of the rows of this class predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Rows whose gold label is this class.
    pub support: usize,
}

/// Rows x columns = gold x predicted, over `labels`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    /// The classes, in row and column order.
    pub labels: Vec<String>,
    /// `matrix[gold][predicted]`: how many rows.
    pub matrix: Vec<Vec<usize>>,
}

/// Everything `evaluate` reports for one head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadReport {
    /// Rows evaluated.
    pub rows: usize,
    /// Share of rows whose prediction is the gold label.
    pub accuracy: f64,
    /// Unweighted mean of the per-class F1 scores.
    pub macro_f1: f64,
    /// Macro-F1 of always answering the most frequent gold label of these rows.
    pub baseline_macro_f1: f64,
    /// The most frequent gold label (the baseline's answer).
    pub baseline_label: String,
    /// Precision, recall, F1 and support per class.
    pub per_class: BTreeMap<String, ClassMetrics>,
    /// Gold x predicted counts.
    pub confusion: Confusion,
    /// Rows whose gold label is not one of the head's classes: counted here,
    /// not scored (no prediction can match them).
    pub unknown_gold_labels: BTreeMap<String, usize>,
}

/// Scores predictions against gold labels. `labels` are the head's classes;
/// gold labels outside them are reported in `unknown_gold_labels` and left
/// out of every other number.
///
/// # Errors
/// [`ReportError`] when there is not one prediction per gold label, or a
/// prediction is not one of `labels`.
pub fn report(
    labels: &[String],
    gold: &[&str],
    predicted: &[&str],
) -> Result<HeadReport, ReportError> {
    if gold.len() != predicted.len() {
        return Err(ReportError::Lengths {
            gold: gold.len(),
            predicted: predicted.len(),
        });
    }
    let index: BTreeMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let k = labels.len();
    let mut matrix = vec![vec![0usize; k]; k];
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut pairs = Vec::with_capacity(gold.len());
    for (&g, &p) in gold.iter().zip(predicted) {
        match (index.get(g), index.get(p)) {
            (Some(&gi), Some(&pi)) => {
                matrix[gi][pi] += 1;
                pairs.push((gi, pi));
            }
            (None, _) => *unknown.entry(g.to_string()).or_default() += 1,
            (Some(_), None) => return Err(ReportError::UnknownPrediction(p.to_string())),
        }
    }
    let rows = pairs.len();
    let macro_f1 = macro_f1_of(&matrix);
    let correct: usize = (0..k).map(|i| matrix[i][i]).sum();
    let per_class = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), class_metrics(&matrix, i)))
        .collect();
    // Majority baseline: the most frequent gold label (first in label order on ties).
    let support: Vec<usize> = matrix.iter().map(|r| r.iter().sum()).collect();
    let majority = (0..k).fold(
        0,
        |best, i| if support[i] > support[best] { i } else { best },
    );
    let mut base = vec![vec![0usize; k]; k];
    for (i, &s) in support.iter().enumerate() {
        base[i][majority] = s;
    }
    Ok(HeadReport {
        rows,
        accuracy: if rows == 0 {
            0.0
        } else {
            correct as f64 / rows as f64
        },
        macro_f1,
        baseline_macro_f1: macro_f1_of(&base),
        baseline_label: labels.get(majority).cloned().unwrap_or_default(),
        per_class,
        confusion: Confusion {
            labels: labels.to_vec(),
            matrix,
        },
        unknown_gold_labels: unknown,
    })
}

fn class_metrics(m: &[Vec<usize>], i: usize) -> ClassMetrics {
    let tp = m[i][i] as f64;
    let support: usize = m[i].iter().sum();
    let predicted: usize = m.iter().map(|r| r[i]).sum();
    let precision = if predicted == 0 {
        0.0
    } else {
        tp / predicted as f64
    };
    let recall = if support == 0 {
        0.0
    } else {
        tp / support as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    ClassMetrics {
        precision,
        recall,
        f1,
        support,
    }
}

/// Unweighted mean of per-class F1 over every class of the matrix (a class
/// never predicted and never seen scores 0, as scikit-learn's `zero_division=0`).
pub fn macro_f1_of(m: &[Vec<usize>]) -> f64 {
    if m.is_empty() {
        return 0.0;
    }
    (0..m.len()).map(|i| class_metrics(m, i).f1).sum::<f64>() / m.len() as f64
}

/// Mean and (population) standard deviation.
pub fn mean_std(xs: &[f64]) -> (f64, f64) {
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// A readable table of one head's report.
pub fn format_report(head: &str, r: &HeadReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{head}: {} rows   accuracy {:.4}   macro-F1 {:.4}   (majority baseline {:?}: macro-F1 {:.4})",
        r.rows, r.accuracy, r.macro_f1, r.baseline_label, r.baseline_macro_f1
    );
    let width = r
        .confusion
        .labels
        .iter()
        .map(|l| l.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        s,
        "  {:<width$}  precision  recall      f1  support",
        "label"
    );
    for (label, m) in &r.per_class {
        let _ = writeln!(
            s,
            "  {label:<width$}  {:>9.4}  {:>6.4}  {:>6.4}  {:>7}",
            m.precision, m.recall, m.f1, m.support
        );
    }
    let _ = writeln!(s, "  confusion (rows = gold, columns = predicted):");
    let _ = write!(s, "  {:<width$}", "");
    for l in &r.confusion.labels {
        let _ = write!(s, "  {l:>width$}");
    }
    let _ = writeln!(s);
    for (l, row) in r.confusion.labels.iter().zip(&r.confusion.matrix) {
        let _ = write!(s, "  {l:<width$}");
        for c in row {
            let _ = write!(s, "  {c:>width$}");
        }
        let _ = writeln!(s);
    }
    for (label, n) in &r.unknown_gold_labels {
        let _ = writeln!(
            s,
            "  note: {n} row(s) have gold label {label:?}, which is not a class of this head (not scored)"
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hand_computed_metrics() {
        // gold:  a a a b b c ; pred: a a b b c c
        let r = report(
            &labels(&["a", "b", "c"]),
            &["a", "a", "a", "b", "b", "c"],
            &["a", "a", "b", "b", "c", "c"],
        )
        .unwrap();
        assert_eq!(r.rows, 6);
        assert!((r.accuracy - 4.0 / 6.0).abs() < 1e-12);
        // a: p=2/2 r=2/3 f1=0.8 ; b: p=1/2 r=1/2 f1=0.5 ; c: p=1/2 r=1 f1=2/3
        let a = &r.per_class["a"];
        assert!((a.precision - 1.0).abs() < 1e-12 && (a.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.f1 - 0.8).abs() < 1e-12);
        assert!((r.per_class["b"].f1 - 0.5).abs() < 1e-12);
        assert!((r.per_class["c"].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((r.macro_f1 - (0.8 + 0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert_eq!(
            r.confusion.matrix,
            vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]
        );
        // baseline: always "a": a p=3/6 r=1 f1=2/3, b and c 0
        assert_eq!(r.baseline_label, "a");
        assert!((r.baseline_macro_f1 - (2.0 / 3.0) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn unknown_gold_labels_are_reported_not_scored() {
        let r = report(&labels(&["x", "y"]), &["x", "z", "y"], &["x", "x", "x"]).unwrap();
        assert_eq!(r.rows, 2);
        assert_eq!(r.unknown_gold_labels["z"], 1);
        assert!((r.accuracy - 0.5).abs() < 1e-12);
    }

    #[test]
    fn mean_and_spread() {
        let (m, s) = mean_std(&[1.0, 3.0]);
        assert_eq!((m, s), (2.0, 1.0));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let l = labels(&["x", "y"]);
        assert!(matches!(
            report(&l, &["x"], &["x", "y"]),
            Err(ReportError::Lengths { .. })
        ));
        assert_eq!(
            report(&l, &["x"], &["q"]),
            Err(ReportError::UnknownPrediction("q".into()))
        );
    }
}
