//! Skip-gram with negative sampling (word2vec's SGNS), deterministic: one
//! thread walks the corpus in order with one seeded generator, so the same
//! corpus, options and seed give the same vectors, bit for bit, on any
//! machine with the same float semantics (no thread count to match).

use serde::{Deserialize, Serialize};

use super::{Corpus, VectorsInfo, WordVectors};
use crate::error::{Error, InvalidOption, Result};

/// Skip-gram options. Builder-style, each with its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkipGramParams {
    /// Vector dimension. Default: 100.
    pub dim: usize,
    /// Largest distance between a word and a context word. Each word draws
    /// its window uniformly from 1..=window, as word2vec does. Default: 5.
    pub window: usize,
    /// Drop terms seen fewer times in the corpus. Default: 3.
    pub min_count: u64,
    /// Passes over the corpus. Default: 5.
    pub epochs: usize,
    /// Negative samples per (word, context) pair. Default: 5.
    pub negative: usize,
    /// Subsampling threshold for frequent words (word2vec's `-sample`). Default: 1e-3.
    pub sample: f64,
    /// Starting learning rate, decayed linearly to 0.01% of it. Default: 0.025.
    pub learning_rate: f32,
    /// Seed of the initial vectors and every random draw. Default: 1.
    pub seed: u64,
}

impl Default for SkipGramParams {
    fn default() -> Self {
        SkipGramParams {
            dim: 100,
            window: 5,
            min_count: 3,
            epochs: 5,
            negative: 5,
            sample: 1e-3,
            learning_rate: 0.025,
            seed: 1,
        }
    }
}

impl SkipGramParams {
    /// Checks every range.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] naming the first option out of range.
    pub fn validate(&self) -> Result<()> {
        let bad = |o: InvalidOption| Err(Error::InvalidOption(o));
        if !(1..=1000).contains(&self.dim) {
            return bad(InvalidOption::Dim(self.dim));
        }
        if !(1..=50).contains(&self.window) {
            return bad(InvalidOption::Window(self.window));
        }
        if self.min_count < 1 {
            return bad(InvalidOption::MinCount(self.min_count));
        }
        if !(1..=1000).contains(&self.epochs) {
            return bad(InvalidOption::Epochs(self.epochs));
        }
        if !(1..=50).contains(&self.negative) {
            return bad(InvalidOption::Negative(self.negative));
        }
        if !(self.sample.is_finite() && self.sample >= 0.0) {
            return bad(InvalidOption::Sample(self.sample));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0 && self.learning_rate < 1.0)
        {
            return bad(InvalidOption::LearningRate(f64::from(self.learning_rate)));
        }
        Ok(())
    }
}

/// word2vec's linear congruential generator: fast, and the same everywhere.
struct Lcg(u64);
impl Lcg {
    #[inline]
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(25_214_903_917).wrapping_add(11);
        self.0 >> 16
    }
    /// Uniform in [0, 1).
    #[inline]
    fn unit(&mut self) -> f32 {
        (self.next() & 0xFFFF) as f32 / 65536.0
    }
}

const EXP_TABLE_SIZE: usize = 1000;
const MAX_EXP: f32 = 6.0;
const UNIGRAM_TABLE_SIZE: usize = 1 << 22;

#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, ra) = a.as_chunks::<8>();
    let (cb, rb) = b.as_chunks::<8>();
    for (x, y) in ca.iter().zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s = 0.0;
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    acc.iter().sum::<f32>() + s
}

/// `y += g * x`.
#[inline(always)]
fn axpy(g: f32, x: &[f32], y: &mut [f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += g * x;
    }
}

/// Trains skip-gram vectors on a corpus. `progress(words_done, words_total)`
/// is called now and then (words counted over all epochs).
///
/// # Errors
/// [`Error::InvalidOption`] for an option out of range (see
/// [`SkipGramParams::validate`]), [`Error::NoFrequentWords`] when no term
/// occurs `min_count` times, and the errors of [`WordVectors::new`].
pub fn train_vectors(
    corpus: Corpus,
    params: &SkipGramParams,
    progress: impl FnMut(u64, u64),
) -> Result<WordVectors> {
    train(corpus, params, progress, true)
}

/// `simd`: use AVX2 when the CPU has it (false only in tests, to check
/// that both paths give the same vectors).
fn train(
    corpus: Corpus,
    params: &SkipGramParams,
    mut progress: impl FnMut(u64, u64),
    simd: bool,
) -> Result<WordVectors> {
    params.validate()?;
    let corpus_words = corpus.words();
    let order = frequent_terms(&corpus, params.min_count);
    if order.is_empty() {
        return Err(Error::NoFrequentWords {
            min_count: params.min_count,
            words: corpus_words,
        });
    }
    let mut new_id = vec![u32::MAX; corpus.terms.len()];
    for (i, &old) in order.iter().enumerate() {
        new_id[old as usize] = i as u32;
    }
    let terms: Vec<String> = order
        .iter()
        .map(|&i| corpus.terms[i as usize].clone())
        .collect();
    let counts: Vec<u64> = order.iter().map(|&i| corpus.counts[i as usize]).collect();
    let (n, dim) = (terms.len(), params.dim);
    let (tokens, ends) = kept_sentences(&corpus, &new_id);
    let train_words = tokens.len() as u64;
    let total = train_words * params.epochs as u64;
    let table = unigram_table(&counts);
    let keep = keep_probabilities(&counts, params.sample, train_words);
    let exp_table = sigmoid_table();

    let mut rng = Lcg(params.seed);
    let mut input: Vec<f32> = (0..n * dim)
        .map(|_| (rng.unit() - 0.5) / dim as f32)
        .collect();
    let mut state = Sgns {
        params,
        tokens: &tokens,
        ends: &ends,
        table: &table,
        keep: &keep,
        exp_table: &exp_table,
        total,
        input: &mut input,
        output: vec![0f32; n * dim],
        rng,
    };
    progress(0, total);
    state.run_fastest(simd, &mut progress);
    progress(total, total);
    let info = VectorsInfo {
        params: Some(params.clone()),
        corpus: corpus.files.clone(),
        corpus_words,
    };
    WordVectors::new(
        corpus.analyzer.config().clone(),
        info,
        terms,
        counts,
        dim,
        input,
    )
}

/// The vocabulary: ids of the terms seen at least `min_count` times, most
/// frequent first, ties by term (so ids do not depend on reading order).
fn frequent_terms(corpus: &Corpus, min_count: u64) -> Vec<u32> {
    let mut order: Vec<u32> = (0..corpus.terms.len() as u32)
        .filter(|&i| corpus.counts[i as usize] >= min_count)
        .collect();
    order.sort_by(|&a, &b| {
        corpus.counts[b as usize]
            .cmp(&corpus.counts[a as usize])
            .then_with(|| corpus.terms[a as usize].cmp(&corpus.terms[b as usize]))
    });
    order
}

/// The corpus's sentences in vocabulary ids (`new_id`: `u32::MAX` for a
/// dropped term): every sentence's ids in a row, and where each sentence
/// ends. A sentence left empty is dropped.
fn kept_sentences(corpus: &Corpus, new_id: &[u32]) -> (Vec<u32>, Vec<usize>) {
    let mut tokens: Vec<u32> = Vec::with_capacity(corpus.tokens.len());
    let mut ends: Vec<usize> = Vec::with_capacity(corpus.ends.len());
    let mut start = 0;
    for &end in &corpus.ends {
        for &t in &corpus.tokens[start..end] {
            let id = new_id[t as usize];
            if id != u32::MAX {
                tokens.push(id);
            }
        }
        if ends.last().copied().unwrap_or(0) != tokens.len() {
            ends.push(tokens.len());
        }
        start = end;
    }
    (tokens, ends)
}

/// The negative-sampling table: term i fills a share proportional to
/// count^0.75. A power of two long, so a draw is a mask, not a division.
fn unigram_table(counts: &[u64]) -> Vec<u32> {
    let n = counts.len();
    let table_size = UNIGRAM_TABLE_SIZE.min((n * 100).max(1 << 16).next_power_of_two());
    let mut table = Vec::with_capacity(table_size);
    let pow: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(0.75)).collect();
    let sum: f64 = pow.iter().sum();
    let mut i = 0;
    let mut cum = pow[0] / sum;
    for a in 0..table_size {
        table.push(i as u32);
        if (a as f64 + 1.0) / table_size as f64 > cum && i + 1 < n {
            i += 1;
            cum += pow[i] / sum;
        }
    }
    table
}

/// The probability of keeping each term under subsampling (1 = always).
fn keep_probabilities(counts: &[u64], sample: f64, train_words: u64) -> Vec<f32> {
    counts
        .iter()
        .map(|&c| {
            if sample <= 0.0 {
                return 1.0;
            }
            let t = sample * train_words as f64;
            (((c as f64 / t).sqrt() + 1.0) * t / c as f64).min(1.0) as f32
        })
        .collect()
}

/// word2vec's table of the logistic function over [-MAX_EXP, MAX_EXP].
fn sigmoid_table() -> Vec<f32> {
    (0..EXP_TABLE_SIZE)
        .map(|i| {
            let e = ((i as f32 / EXP_TABLE_SIZE as f32 * 2.0 - 1.0) * MAX_EXP).exp();
            e / (e + 1.0)
        })
        .collect()
}

/// The training state: the corpus, the sampling tables, both sets of
/// vectors and the one random generator.
struct Sgns<'a> {
    params: &'a SkipGramParams,
    tokens: &'a [u32],
    ends: &'a [usize],
    table: &'a [u32],
    keep: &'a [f32],
    exp_table: &'a [f32],
    total: u64,
    input: &'a mut Vec<f32>,
    output: Vec<f32>,
    rng: Lcg,
}

impl Sgns<'_> {
    /// Trains with AVX2 when `simd` is set and the CPU has it, plainly otherwise.
    fn run_fastest(&mut self, simd: bool, progress: &mut impl FnMut(u64, u64)) {
        #[cfg(target_arch = "x86_64")]
        {
            if simd && std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2 (checked just above). AVX2 without
                // FMA computes the same sums in the same order, so the vectors
                // are bit-identical to those of the plain path.
                unsafe { self.run_avx2(progress) };
            } else {
                self.run(progress);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = simd;
            self.run(progress);
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn run_avx2(&mut self, progress: &mut impl FnMut(u64, u64)) {
        self.run(progress)
    }

    /// Every epoch over every sentence, subsampled, at a learning rate that
    /// falls linearly with the words done.
    #[inline(always)]
    fn run(&mut self, progress: &mut impl FnMut(u64, u64)) {
        let (params, tokens, ends, keep) = (self.params, self.tokens, self.ends, self.keep);
        let total = self.total;
        let mut grad = vec![0f32; params.dim];
        let mut sentence: Vec<u32> = Vec::new();
        let mut done: u64 = 0;
        let mut last_report: u64 = 0;
        let lr0 = params.learning_rate;
        for _epoch in 0..params.epochs {
            let mut start = 0;
            for &end in ends {
                let words = &tokens[start..end];
                start = end;
                sentence.clear();
                for &w in words {
                    let k = keep[w as usize];
                    if k >= 1.0 || self.rng.unit() < k {
                        sentence.push(w);
                    }
                }
                done += words.len() as u64;
                let lr = lr0 * (1.0 - done as f32 / (total + 1) as f32).max(1e-4);
                self.learn_sentence(&sentence, lr, &mut grad);
                if done - last_report >= 50_000 {
                    progress(done, total);
                    last_report = done;
                }
            }
        }
    }

    /// One sentence: every word within a random window (1..=window) of each
    /// centre word is a context for it.
    #[inline(always)]
    fn learn_sentence(&mut self, sentence: &[u32], lr: f32, grad: &mut [f32]) {
        let window = self.params.window;
        for (pos, &center) in sentence.iter().enumerate() {
            let reach = window - (self.rng.next() % window as u64) as usize;
            let lo = pos.saturating_sub(reach);
            let hi = (pos + reach).min(sentence.len() - 1);
            for (c, &ctx) in sentence.iter().enumerate().take(hi + 1).skip(lo) {
                if c == pos {
                    continue;
                }
                self.learn_pair(center as usize, ctx as usize, lr, grad);
            }
        }
    }

    /// One (centre, context) pair, as word2vec does it: the context word's
    /// input vector predicts the centre word and rejects the negative
    /// samples; output vectors move at once, the input vector by the summed
    /// gradient at the end.
    #[inline(always)]
    fn learn_pair(&mut self, center: usize, ctx: usize, lr: f32, grad: &mut [f32]) {
        let dim = self.params.dim;
        let table_mask = self.table.len() as u64 - 1;
        grad.iter_mut().for_each(|g| *g = 0.0);
        let inp = &self.input[ctx * dim..ctx * dim + dim];
        for d in 0..=self.params.negative {
            let (target, label) = if d == 0 {
                (center, 1.0)
            } else {
                let t = self.table[(self.rng.next() & table_mask) as usize] as usize;
                if t == center {
                    continue;
                }
                (t, 0.0)
            };
            let out = &mut self.output[target * dim..target * dim + dim];
            let f = dot(inp, out);
            let g = if f > MAX_EXP {
                (label - 1.0) * lr
            } else if f < -MAX_EXP {
                label * lr
            } else {
                let i = ((f + MAX_EXP) * (EXP_TABLE_SIZE as f32 / MAX_EXP / 2.0)) as usize;
                (label - self.exp_table[i.min(EXP_TABLE_SIZE - 1)]) * lr
            };
            axpy(g, out, grad);
            axpy(g, inp, out);
        }
        axpy(1.0, grad, &mut self.input[ctx * dim..ctx * dim + dim]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{Analyzer, AnalyzerConfig};

    fn corpus() -> Corpus {
        let mut c = Corpus::new(Analyzer::new(AnalyzerConfig::default()).unwrap());
        let good = ["welcome", "support", "praise", "applaud"];
        let bad = ["condemn", "denounce", "reject", "deplore"];
        let mut rng = Lcg(7);
        for i in 0..3000 {
            let pick =
                |w: &[&str], r: &mut Lcg| w[(r.next() % w.len() as u64) as usize].to_string();
            let text = if i % 2 == 0 {
                format!(
                    "We warmly {} the fruitful partnership and friendly cooperation.",
                    pick(&good, &mut rng)
                )
            } else {
                format!(
                    "We strongly {} the brutal aggression and illegal occupation.",
                    pick(&bad, &mut rng)
                )
            };
            c.add(&text);
        }
        c
    }

    fn params() -> SkipGramParams {
        SkipGramParams {
            dim: 20,
            epochs: 3,
            min_count: 2,
            sample: 0.0,
            ..Default::default()
        }
    }

    #[test]
    fn same_seed_same_vectors_other_seed_other_vectors() {
        let a = train_vectors(corpus(), &params(), |_, _| {}).unwrap();
        let b = train_vectors(corpus(), &params(), |_, _| {}).unwrap();
        assert_eq!(a, b);
        let c = train_vectors(
            corpus(),
            &SkipGramParams {
                seed: 2,
                ..params()
            },
            |_, _| {},
        )
        .unwrap();
        assert_ne!(a.vector(0), c.vector(0));
    }

    #[test]
    fn simd_and_plain_paths_give_the_same_bits() {
        let p = SkipGramParams {
            sample: 1e-3,
            ..params()
        };
        let a = train(corpus(), &p, |_, _| {}, true).unwrap();
        let b = train(corpus(), &p, |_, _| {}, false).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn words_of_a_context_end_up_near_each_other() {
        let v = train_vectors(corpus(), &params(), |_, _| {}).unwrap();
        // stems: "welcom", "support", "condemn", "denounc"
        let same = v.similarity("welcom", "support").unwrap();
        let other = v.similarity("welcom", "condemn").unwrap();
        assert!(same > other + 0.2, "same {same} other {other}");
        let same = v.similarity("condemn", "denounc").unwrap();
        let other = v.similarity("condemn", "support").unwrap();
        assert!(same > other + 0.2, "same {same} other {other}");
    }

    #[test]
    fn min_count_prunes_and_vocabulary_is_sorted_by_count() {
        let mut c = Corpus::new(Analyzer::new(AnalyzerConfig::default()).unwrap());
        for _ in 0..5 {
            c.add("peace peace talks");
        }
        c.add("rare");
        let v = train_vectors(
            c,
            &SkipGramParams {
                dim: 4,
                min_count: 2,
                ..Default::default()
            },
            |_, _| {},
        )
        .unwrap();
        assert_eq!(v.terms(), ["peac", "talk"]);
        assert_eq!(v.counts(), [10, 5]);
        assert!(v.get("rare").is_none());
    }

    #[test]
    fn progress_reaches_the_total() {
        let mut last = (0, 1);
        train_vectors(corpus(), &params(), |d, t| last = (d, t)).unwrap();
        assert_eq!(last.0, last.1);
        assert!(last.1 > 0);
    }

    #[test]
    fn empty_vocabulary_is_an_error_not_a_panic() {
        let c = Corpus::new(Analyzer::new(AnalyzerConfig::default()).unwrap());
        let e = train_vectors(c, &params(), |_, _| {}).unwrap_err();
        assert!(e.to_string().contains("lower min_count"), "{e}");
    }

    #[test]
    fn bad_params_are_rejected() {
        for p in [
            SkipGramParams { dim: 0, ..params() },
            SkipGramParams {
                window: 0,
                ..params()
            },
            SkipGramParams {
                epochs: 0,
                ..params()
            },
        ] {
            assert!(p.validate().is_err());
        }
    }
}
