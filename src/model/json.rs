//! The JSON model file (format versions 1 and 2): one object with the
//! analyzer, the vocabulary, each head's own weights and the metadata.

use std::borrow::Cow;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::parts::{ModelParts, WordParts};
use super::{FORMAT_NAME, FileFormat, Model, TrainingMetadata};
use crate::error::{Error, Result};
use crate::tokenize::AnalyzerConfig;
use crate::vectorize::WordWeighting;

/// The newest JSON format version: 2 adds word-vector features.
pub(super) const JSON_FORMAT_VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
struct ModelFile {
    format: String,
    format_version: u32,
    crate_version: String,
    analyzer: AnalyzerConfig,
    vectorizer: VectorizerFile,
    heads: Vec<HeadFile>,
    training: TrainingMetadata,
}

#[derive(Serialize, Deserialize)]
pub(super) struct VectorizerFile {
    pub sublinear_tf: bool,
    pub norm: String,
    pub terms: Vec<String>,
    pub idf: Vec<f32>,
    /// Word-vector features (format version 2): their weights follow the
    /// terms' in every head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<WordsFile>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct WordsFile {
    /// `mean`, `sqrt-n` or `l2`.
    pub weighting: String,
    /// Analyzer terms without negation marks.
    pub terms: Vec<String>,
    /// For `l2`: the vectors, row-major.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dim: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vectors: Option<Vec<f32>>,
}

#[derive(Serialize, Deserialize)]
struct HeadFile {
    name: String,
    labels: Vec<String>,
    intercepts: Vec<f32>,
    /// Feature-major, flat: the weights of feature f are
    /// `weights[f * labels.len() .. (f + 1) * labels.len()]`.
    weights: Vec<f32>,
}

/// Only the header, read first so a foreign or newer file gets a clear message
/// even when the rest would not parse.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

impl Model {
    /// The model's word-vector features as saved (without `l2` vectors
    /// when `with_vectors` is false: the binary file keeps them in a tensor).
    pub(super) fn words_file(&self, with_vectors: bool) -> Option<WordsFile> {
        self.vectorizer.word_features().map(|w| {
            let (weighting, dim, vectors) = match w.weighting() {
                WordWeighting::Mean => ("mean", None, None),
                WordWeighting::SqrtN => ("sqrt-n", None, None),
                WordWeighting::L2 { dim, vectors } => {
                    ("l2", Some(*dim), with_vectors.then(|| vectors.clone()))
                }
            };
            WordsFile {
                weighting: weighting.into(),
                terms: w.terms().to_vec(),
                dim,
                vectors,
            }
        })
    }

    /// Serialises to the JSON model format (deterministic bytes): version 2
    /// with word-vector features, else version 1.
    pub fn to_json(&self) -> String {
        let words = self.words_file(true);
        let stride = self.intercepts.len();
        let n_features = self.vectorizer.n_features();
        let heads = (0..self.heads.len())
            .map(|i| {
                let h = &self.heads[i];
                let k = h.labels.len();
                let mut weights = Vec::with_capacity(n_features * k);
                for f in 0..n_features {
                    let start = f * stride + h.first;
                    weights.extend_from_slice(&self.weights[start..start + k]);
                }
                HeadFile {
                    name: h.name.clone(),
                    labels: h.labels.clone(),
                    intercepts: self.head_weights(i).intercepts().to_vec(),
                    weights,
                }
            })
            .collect();
        let file = ModelFile {
            format: FORMAT_NAME.into(),
            format_version: if words.is_some() { 2 } else { 1 },
            crate_version: env!("CARGO_PKG_VERSION").into(),
            analyzer: self.vectorizer.analyzer().config().clone(),
            vectorizer: VectorizerFile {
                sublinear_tf: true,
                norm: "l2".into(),
                terms: self.vectorizer.terms().to_vec(),
                idf: self.vectorizer.idf().to_vec(),
                words,
            },
            heads,
            training: self.metadata.clone(),
        };
        let mut s = serde_json::to_string(&file).expect("model serialises");
        s.push('\n');
        s
    }
}

/// Parses a JSON model file into its parts (unchecked but for the header
/// and the shape of each head); `origin` names it in errors.
pub(super) fn from_json(bytes: &[u8], origin: &Path) -> Result<ModelParts<'static>> {
    let bad = |m: String| Error::model(origin, m);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "not UTF-8 text (byte {}): not a model file",
            e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(bad("the file is empty".into()));
    }
    // The common case parses once; only a file that fails is read again
    // for its header, to say whether it is truncated, foreign or newer.
    let file: ModelFile = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(full) => return Err(bad(diagnose(text, Some(full)))),
    };
    if file.format != FORMAT_NAME {
        return Err(bad(format!(
            "this JSON has \"format\": {:?}, not \"{FORMAT_NAME}\": it was written by another program",
            file.format
        )));
    }
    if file.format_version == 0 || file.format_version > JSON_FORMAT_VERSION {
        return Err(bad(diagnose(text, None)));
    }
    into_parts(file).map_err(bad)
}

/// Lays the heads' weights side by side, checking each head's shape first.
fn into_parts(file: ModelFile) -> std::result::Result<ModelParts<'static>, String> {
    let v = file.vectorizer;
    let n = v.terms.len();
    let n_words = v.words.as_ref().map_or(0, |w| w.terms.len());
    let n_features = n + n_words;
    for h in &file.heads {
        let k = h.labels.len();
        if h.intercepts.len() != k {
            return Err(format!(
                "head {:?}: {k} labels but {} intercepts",
                h.name,
                h.intercepts.len()
            ));
        }
        if h.weights.len() != n_features * k {
            return Err(format!(
                "head {:?}: {} weights for {n} terms + {n_words} vector words x {k} labels (shape mismatch)",
                h.name,
                h.weights.len()
            ));
        }
    }
    let stride: usize = file.heads.iter().map(|h| h.labels.len()).sum();
    let mut weights = Vec::with_capacity(n_features * stride);
    for f in 0..n_features {
        for h in &file.heads {
            let k = h.labels.len();
            weights.extend_from_slice(&h.weights[f * k..f * k + k]);
        }
    }
    let intercepts = file
        .heads
        .iter()
        .flat_map(|h| h.intercepts.iter().copied())
        .collect();
    Ok(ModelParts {
        format: FileFormat::Json,
        format_version: file.format_version,
        analyzer: file.analyzer,
        sublinear_tf: v.sublinear_tf,
        norm: v.norm,
        terms: v.terms,
        idf: Cow::Owned(v.idf),
        words: v.words.map(|w| WordParts {
            weighting: w.weighting,
            terms: w.terms,
            dim: w.dim,
            vectors: w.vectors.map(Cow::Owned),
        }),
        heads: file.heads.into_iter().map(|h| (h.name, h.labels)).collect(),
        weights: Cow::Owned(weights),
        intercepts,
        training: file.training,
    })
}

/// Why a model file did not parse (`full`: the parse error, if it was
/// one), as helpfully as its header allows.
fn diagnose(text: &str, full: Option<serde_json::Error>) -> String {
    let header: Header = match serde_json::from_str(text) {
        Ok(h) => h,
        Err(e) if e.is_eof() => {
            return format!("the file is truncated ({e}); copy or train it again");
        }
        Err(e) => return format!("not a JSON model file ({e})"),
    };
    match header.format.as_ref().and_then(|v| v.as_str()) {
        Some(FORMAT_NAME) => {}
        _ => {
            return format!(
                "this JSON has no \"format\": \"{FORMAT_NAME}\" field: it was written by another program"
            );
        }
    }
    match header.format_version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v > JSON_FORMAT_VERSION as u64 => format!(
            "model format version {v} was written by a newer geostance; this build reads \
             version {JSON_FORMAT_VERSION}: upgrade geostance"
        ),
        Some(v) if (1..=JSON_FORMAT_VERSION as u64).contains(&v) => match full {
            Some(e) => format!("the model's contents are malformed ({e}); train it again"),
            None => "the model's contents are malformed; train it again".into(),
        },
        _ => "the model format version is missing or invalid".into(),
    }
}
