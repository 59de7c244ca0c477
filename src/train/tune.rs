//! Hyperparameter tuning: n-gram range, min_df and a per-head alpha, by
//! cross-validation over a grid.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{TrainParams, ValidTrainOptions, cross_validate};
use crate::classifier::argmax;
use crate::data::LabeledData;
use crate::error::{InvalidOption, Result};

/// One point of the tuning grid and its cross-validated macro-F1 per head.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TuningPoint {
    /// Word n-gram range.
    pub word_ngrams: [usize; 2],
    /// Minimum document frequency of a term.
    pub min_df: usize,
    /// L2 penalty.
    pub alpha: f64,
    /// Mean cross-validated macro-F1 per head.
    pub macro_f1: BTreeMap<String, f64>,
    /// Mean out-of-fold log loss per head (how alpha is chosen).
    #[serde(default)]
    pub log_loss: BTreeMap<String, f64>,
}

/// The grid searched and what was chosen.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TuningResult {
    /// The number of folds.
    pub folds: usize,
    /// The seed of the fold assignment.
    pub seed: u64,
    /// Every point tried, in the order tried (alphas past an edge last).
    pub grid: Vec<TuningPoint>,
    /// Chosen n-gram range and min_df (the cheapest within
    /// [`TUNE_TOLERANCE`] of the best mean macro-F1 over heads, each head at
    /// its best alpha), and the best alpha per head.
    pub word_ngrams: [usize; 2],
    /// Chosen min_df.
    pub min_df: usize,
    /// Chosen alpha per head.
    pub head_alpha: BTreeMap<String, f64>,
}

/// The default tuning grid.
pub const ALPHA_GRID: &[f64] = &[0.03, 0.1, 0.3, 1.0, 3.0];
/// The default n-gram ranges: unigrams, up to bigrams, up to trigrams.
pub const NGRAM_GRID: &[[usize; 2]] = &[[1, 1], [1, 2], [1, 3]];
/// The default min_df values.
pub const MIN_DF_GRID: &[usize] = &[1, 2];
/// When the best alpha is at an edge of the grid, tuning tries alphas
/// beyond it, this factor apart (0.03 -> 0.01 -> 0.0033; 3 -> 10 -> 30) ...
pub const ALPHA_STEP: f64 = 3.0;
/// ... at most this many times per side and grid point ...
pub const EXTEND_STEPS: usize = 3;
/// ... and within bounds: never below this alpha ...
pub const MIN_ALPHA: f64 = 1e-4;
/// ... and never above this one.
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

/// What every point of a tuning grid is cross-validated with.
struct GridSearch<'a> {
    data: &'a LabeledData,
    /// The options every point starts from.
    base: &'a ValidTrainOptions,
    /// Folds.
    k: usize,
    /// Seed of the fold assignment.
    seed: u64,
}

impl GridSearch<'_> {
    /// One tuning point: `base` with these n-grams, min_df and alpha,
    /// cross-validated.
    /// The grid's values were checked by [`tune`], so the point's options are
    /// valid without a second check.
    fn point(&self, word_ngrams: [usize; 2], min_df: usize, alpha: f64) -> Result<TuningPoint> {
        let mut o = self.base.clone().into_inner();
        o.analyzer.word_ngrams = word_ngrams;
        o.vocabulary.min_df = min_df;
        o.alpha = alpha;
        o.head_alpha.clear();
        let cv = cross_validate(self.data, &ValidTrainOptions(o), self.k, self.seed)?;
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

    /// Brackets the optimum of one (n-grams, min_df) point: while a head's
    /// best alpha sits at an edge of the alphas tried there, tries the next
    /// alpha beyond that edge (a factor of about 3), up to [`EXTEND_STEPS`]
    /// times per side. New points are appended to `grid`.
    fn extend_alphas(
        &self,
        grid: &mut Vec<TuningPoint>,
        heads: &[&String],
        ng: [usize; 2],
        md: usize,
    ) -> Result<()> {
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
            for h in heads {
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
                grid.push(self.point(ng, md, a)?);
            }
        }
        Ok(())
    }
}

/// Checks every value of the grids, once here rather than in every fold.
fn check_grid(alphas: &[f64], ngrams: &[[usize; 2]], min_dfs: &[usize]) -> Result<()> {
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
    Ok(())
}

/// For the points of one (n-grams, min_df): each head's alpha and the mean
/// macro-F1 over heads at those alphas.
fn best_alphas(
    grid: &[TuningPoint],
    heads: &[&String],
    ng: [usize; 2],
    md: usize,
) -> (f64, BTreeMap<String, f64>) {
    let points: Vec<&TuningPoint> = grid
        .iter()
        .filter(|p| p.word_ngrams == ng && p.min_df == md)
        .collect();
    let mut head_alpha = BTreeMap::new();
    let mut total = 0.0;
    for h in heads {
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
    (total / heads.len() as f64, head_alpha)
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
/// As [`cross_validate`]: invalid options, or a class with fewer rows than
/// folds; and [`Error::InvalidOption`](crate::Error::InvalidOption) for a
/// grid value out of range.
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
    check_grid(alphas, ngrams, min_dfs)?;
    let search = GridSearch {
        data,
        base,
        k,
        seed,
    };
    let mut grid = Vec::new();
    for &ng in ngrams {
        for &md in min_dfs {
            for &a in alphas {
                grid.push(search.point(ng, md, a)?);
            }
        }
    }
    let heads: Vec<&String> = data.heads.iter().map(|(n, _)| n).collect();
    for &ng in ngrams {
        for &md in min_dfs {
            search.extend_alphas(&mut grid, &heads, ng, md)?;
        }
    }
    let mut candidates = Vec::new();
    for &ng in ngrams {
        for &md in min_dfs {
            let (mean_f1, head_alpha) = best_alphas(&grid, &heads, ng, md);
            candidates.push((ng, md, mean_f1, head_alpha));
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
}
