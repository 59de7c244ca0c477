//! What every model file holds, once read, and the checks all formats share
//! before it becomes a [`Model`].

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

use super::{FileFormat, Head, MAX_WEIGHT, Model, TrainingMetadata};
use crate::error::{Error, Result};
use crate::tokenize::{Analyzer, AnalyzerConfig};
use crate::vectorize::{TfIdf, WordFeatures, WordWeighting};

/// The word-vector features of a model file, as saved.
pub(super) struct WordParts<'a> {
    /// `mean`, `sqrt-n` or `l2`.
    pub weighting: String,
    /// Analyzer terms without negation marks.
    pub terms: Vec<String>,
    /// For `l2`: the vector width.
    pub dim: Option<usize>,
    /// For `l2`: the vectors, row-major.
    pub vectors: Option<Cow<'a, [f32]>>,
}

/// A model file's contents, not yet checked.
pub(super) struct ModelParts<'a> {
    pub format: FileFormat,
    pub format_version: u32,
    pub analyzer: AnalyzerConfig,
    pub sublinear_tf: bool,
    pub norm: String,
    pub terms: Vec<String>,
    pub idf: Cow<'a, [f32]>,
    pub words: Option<WordParts<'a>>,
    /// Per head: name and labels.
    pub heads: Vec<(String, Vec<String>)>,
    /// Every head's weights side by side, feature-major (see [`Model`]).
    pub weights: Cow<'a, [f32]>,
    /// Every head's intercepts, in head order.
    pub intercepts: Vec<f32>,
    pub training: TrainingMetadata,
}

impl ModelParts<'static> {
    /// Checks everything and builds the model; `origin` names the file in
    /// errors. The weights are used in place, not copied.
    pub fn build(self, origin: &Path) -> Result<Model> {
        self.build_with(origin, |w| w)
    }
}

impl<'a> ModelParts<'a> {
    /// [`build`](ModelParts::build) for borrowed parts: the weights are copied once.
    pub fn build_owned(self, origin: &Path) -> Result<Model> {
        self.build_with(origin, |w| Cow::Owned(w.into_owned()))
    }

    fn build_with(
        self,
        origin: &Path,
        own: impl FnOnce(Cow<'a, [f32]>) -> Cow<'static, [f32]>,
    ) -> Result<Model> {
        let bad = |m: String| Error::model(origin, m);
        self.check_vocabulary().map_err(bad)?;
        let heads = self.check_heads().map_err(bad)?;
        let analyzer = Analyzer::new(self.analyzer).map_err(|e| bad(e.to_string()))?;
        let mut vectorizer = TfIdf::from_parts(analyzer, self.terms, self.idf.into_owned())
            .map_err(|e| bad(e.to_string()))?;
        if let Some(w) = self.words {
            let words = word_features(w).map_err(bad)?;
            vectorizer = vectorizer.with_word_features(words);
        }
        Ok(Model {
            vectorizer,
            heads,
            metadata: self.training,
            weights: own(self.weights),
            intercepts: self.intercepts,
            file: Some((self.format, self.format_version)),
        })
    }

    fn check_vocabulary(&self) -> std::result::Result<(), String> {
        self.analyzer.validate().map_err(|e| e.to_string())?;
        if !self.sublinear_tf || self.norm != "l2" {
            return Err(
                "unsupported vectorizer settings (expected sublinear_tf and l2 norm)".into(),
            );
        }
        let n = self.terms.len();
        if n == 0 {
            return Err("the vocabulary is empty".into());
        }
        if self.idf.len() != n {
            return Err(format!("{n} terms but {} idf values", self.idf.len()));
        }
        if let Some(i) = self
            .idf
            .iter()
            .position(|x| !x.is_finite() || *x <= 0.0 || *x > MAX_WEIGHT)
        {
            return Err(format!(
                "idf of term {i} is not a plausible positive number"
            ));
        }
        if self.heads.is_empty() {
            return Err("the model has no heads".into());
        }
        if self.format_version < 2 && self.words.is_some() {
            return Err(
                "word-vector features in a version 1 model file: the file is damaged".into(),
            );
        }
        Ok(())
    }

    /// Checks names, labels and the shape and values of the weights; the
    /// heads with their first column.
    fn check_heads(&self) -> std::result::Result<Vec<Head>, String> {
        let n = self.terms.len();
        let n_words = self.words.as_ref().map_or(0, |w| w.terms.len());
        let mut names = BTreeSet::new();
        let mut heads = Vec::with_capacity(self.heads.len());
        let mut first = 0;
        for (name, labels) in &self.heads {
            let k = labels.len();
            if !names.insert(name) {
                return Err(format!("two heads are named {name:?}"));
            }
            if k < 2 {
                return Err(format!(
                    "head {name:?} has {k} labels; at least 2 are needed"
                ));
            }
            if labels.iter().collect::<BTreeSet<_>>().len() != k {
                return Err(format!("head {name:?} repeats a label"));
            }
            heads.push(Head {
                name: name.clone(),
                labels: labels.clone(),
                first,
            });
            first += k;
        }
        let stride = first;
        if self.intercepts.len() != stride {
            return Err(format!(
                "{stride} labels but {} intercepts",
                self.intercepts.len()
            ));
        }
        if self.weights.len() != (n + n_words) * stride {
            return Err(format!(
                "{} weights for {n} terms + {n_words} vector words x {stride} labels (shape mismatch)",
                self.weights.len()
            ));
        }
        let head_of = |column: usize| {
            let h = heads.iter().rposition(|h| h.first <= column).unwrap_or(0);
            &heads[h].name
        };
        let column = |i: usize| i % stride;
        if let Some(i) = self.intercepts.iter().position(|w| !w.is_finite()) {
            return Err(format!(
                "head {:?} has a NaN or infinite weight",
                head_of(i)
            ));
        }
        if let Some(i) = self.weights.iter().position(|w| !w.is_finite()) {
            return Err(format!(
                "head {:?} has a NaN or infinite weight",
                head_of(column(i))
            ));
        }
        // Scores must stay finite in f32 whatever the text: no trained
        // model comes near this bound.
        let beyond = |name: &String| {
            format!("head {name:?} has a weight beyond {MAX_WEIGHT:e}: the file is damaged")
        };
        if let Some(i) = self.intercepts.iter().position(|w| w.abs() > MAX_WEIGHT) {
            return Err(beyond(head_of(i)));
        }
        if let Some(i) = self.weights.iter().position(|w| w.abs() > MAX_WEIGHT) {
            return Err(beyond(head_of(column(i))));
        }
        Ok(heads)
    }
}

/// The word-vector features of `w`, checked.
fn word_features(w: WordParts<'_>) -> std::result::Result<WordFeatures, String> {
    let weighting = match (w.weighting.as_str(), w.dim, w.vectors) {
        ("mean", None, None) => WordWeighting::Mean,
        ("sqrt-n", None, None) => WordWeighting::SqrtN,
        ("l2", Some(dim), Some(vectors)) => {
            if vectors
                .iter()
                .any(|x| !x.is_finite() || x.abs() > MAX_WEIGHT)
            {
                return Err("a word vector holds NaN, infinity or a huge value".into());
            }
            WordWeighting::L2 {
                dim,
                vectors: vectors.into_owned(),
            }
        }
        (other, _, _) => {
            return Err(format!(
                "unknown or incomplete word weighting {other:?} (expected mean, or l2 with dim and vectors)"
            ));
        }
    };
    WordFeatures::new(w.terms, weighting).map_err(|e| e.to_string())
}
