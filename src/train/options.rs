//! Training options: the unchecked [`TrainOptions`] users build, the
//! [`ValidTrainOptions`] that [`TrainOptions::check`] returns, and the
//! [`TrainParams`] trait that lets training take either.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::embeddings::WordVectors;
use crate::error::{Error, InvalidOption, Result};
use crate::tokenize::AnalyzerConfig;
use crate::vectorize::VocabularyParams;

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

/// A label column with more classes than this, covering more than half its
/// rows, is refused unless [`TrainOptions::allow_many_classes`] is set.
pub const MANY_CLASSES: usize = 100;

/// `Solver::Auto` uses dense linfa up to this many matrix cells (rows x features).
pub const AUTO_DENSE_CELLS: usize = 2_000_000;

/// Every training option. `Default` gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// How texts become terms (language, n-grams, negation, actor masking). Default: English, word 1..2-grams, negation marked, actors masked.
    pub analyzer: AnalyzerConfig,
    /// Which terms become features (min_df, max_df, max_features).
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
    /// Train on a label column with more than [`MANY_CLASSES`] classes
    /// covering more than half its rows (an id column picked by mistake
    /// looks like that, and is refused by default). Default: false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_many_classes: bool,
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
    /// SHA-256 of the vectors file, hex.
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
            allow_many_classes: false,
            vectors: None,
        }
    }
}

impl TrainOptions {
    pub(crate) fn alpha_for(&self, head: &str) -> f64 {
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
pub struct ValidTrainOptions(pub(super) TrainOptions);

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

/// Options [`train`](super::train()), [`cross_validate`](super::cross_validate) and [`tune`](super::tune) accept: unchecked
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
