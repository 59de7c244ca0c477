//! The saved artefact: analyzer configuration + TF-IDF vectorizer + one
//! linear head per label column + training metadata. Loading validates
//! everything; saving is atomic.
//!
//! Two file formats: binary (`binary.rs`, the `safetensors` layout, the
//! default) and JSON (`json.rs`, versions 1 and 2, still read and written).
//! [`Model::load`] tells them apart by their first bytes, [`Model::save`]
//! picks one by the file name ([`FileFormat::for_path`]). Their shared
//! checks are in `parts.rs`.
//!
//! The weights are held once, every head side by side and feature-major
//! (see [`Model::head_weights`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::tokenize::Analyzer;
use crate::vectorize::{SparseRow, TfIdf};

mod atomic;
mod binary;
mod json;
mod parts;

pub use atomic::write_atomically;

/// The `format` field of every model file.
pub const FORMAT_NAME: &str = "geostance-model";
/// The newest model format this build reads. Versions 1 and 2 are JSON
/// (2 adds word-vector features; a JSON model without them is still written
/// as version 1, so older builds keep reading it); version 3 is the binary
/// layout.
pub const FORMAT_VERSION: u32 = 3;
/// Largest magnitude of a weight or idf a model file may hold.
pub const MAX_WEIGHT: f32 = 1e6;
/// Largest model file we agree to read (a hostile file cannot make us read more).
pub const MAX_MODEL_BYTES: u64 = 1 << 31;

/// Bytes aligned for their f32 tensors, so the embedded model's weights are
/// used where they lie.
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

static EMBEDDED_ALIGNED: &Aligned<[u8]> =
    &Aligned(*include_bytes!("../../models/default.safetensors"));

/// The default model (binary format), trained from `training-data/` (see
/// its README).
pub static EMBEDDED_MODEL: &[u8] = &EMBEDDED_ALIGNED.0;

/// A model file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileFormat {
    /// The binary layout (`safetensors`): compact, loads without parsing numbers.
    Binary,
    /// One JSON object: larger and slower to load, readable by anything.
    Json,
}

impl FileFormat {
    /// The format [`Model::save`] writes to `path`: JSON when its name ends
    /// in `.json` (any case), binary otherwise (`.safetensors` by convention).
    pub fn for_path(path: &Path) -> Self {
        match path.extension() {
            Some(e) if e.eq_ignore_ascii_case("json") => FileFormat::Json,
            _ => FileFormat::Binary,
        }
    }

    /// The format `bytes` are in, by their first bytes (a binary file starts
    /// with its header length, whose high bytes are zero; JSON never holds a
    /// NUL byte).
    pub fn of_bytes(bytes: &[u8]) -> Self {
        if binary::looks_binary(bytes) {
            FileFormat::Binary
        } else {
            FileFormat::Json
        }
    }

    /// `binary` or `json`.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Binary => "binary",
            FileFormat::Json => "json",
        }
    }
}

/// One label column's classifier: its name and labels. Its weights live in
/// the [`Model`], beside the other heads' ([`Model::head_weights`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// The head's name: the label column it was trained on (e.g. `stance`).
    pub name: String,
    /// The labels it chooses from, in score order.
    pub labels: Vec<String>,
    /// Its first column in the model's weights.
    first: usize,
}

impl Head {
    /// How many labels the head chooses from.
    pub fn n_labels(&self) -> usize {
        self.labels.len()
    }
}

/// One head's weights, a view into the model's single copy.
#[derive(Debug, Clone, Copy)]
pub struct HeadWeights<'m> {
    /// Every head's weights, feature-major, `stride` columns per feature.
    weights: &'m [f32],
    stride: usize,
    first: usize,
    intercepts: &'m [f32],
}

impl HeadWeights<'_> {
    /// Weight of feature `f` for label `c`.
    ///
    /// # Panics
    /// When `f` or `c` is out of range.
    pub fn weight(&self, f: u32, c: usize) -> f32 {
        assert!(c < self.intercepts.len(), "label {c} out of range");
        self.weights[f as usize * self.stride + self.first + c]
    }

    /// The intercept of every label.
    pub fn intercepts(&self) -> &[f32] {
        self.intercepts
    }

    /// Raw scores (logits) of a sparse row into `out` (one per label).
    pub fn scores_into(&self, row: &SparseRow, out: &mut Vec<f32>) {
        let k = self.intercepts.len();
        out.clear();
        out.extend_from_slice(self.intercepts);
        for (&f, &v) in row.indices.iter().zip(&row.values) {
            let start = f as usize * self.stride + self.first;
            for (o, w) in out.iter_mut().zip(&self.weights[start..start + k]) {
                *o += v * w;
            }
        }
    }
}

/// A head as training fits it: its own feature-major weights
/// (`weights[f * labels.len() + c]`), before [`Model::new`] lays every
/// head's weights side by side.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FittedHead {
    pub name: String,
    pub labels: Vec<String>,
    pub weights: Vec<f32>,
    pub intercepts: Vec<f32>,
}

impl FittedHead {
    /// Weight of feature `f` for label `c`.
    #[cfg(test)]
    pub fn weight(&self, f: u32, c: usize) -> f32 {
        self.weights[f as usize * self.labels.len() + c]
    }
}

/// `intercepts + row . weights` for feature-major `weights` with one column
/// per intercept; only the row's non-zero features are touched.
fn linear_scores(row: &SparseRow, weights: &[f32], intercepts: &[f32], out: &mut Vec<f32>) {
    out.clear();
    out.extend_from_slice(intercepts);
    // The usual shapes (one or two 3-class heads) get a loop the compiler
    // unrolls; the sums are the same, in the same order, as the general loop.
    match intercepts.len() {
        6 => linear_scores_k::<6>(row, weights, out),
        3 => linear_scores_k::<3>(row, weights, out),
        k => {
            for (&f, &v) in row.indices.iter().zip(&row.values) {
                let w = &weights[f as usize * k..f as usize * k + k];
                for (o, w) in out.iter_mut().zip(w) {
                    *o += v * w;
                }
            }
        }
    }
}

#[inline]
fn linear_scores_k<const K: usize>(row: &SparseRow, weights: &[f32], out: &mut [f32]) {
    let mut acc = [0f32; K];
    acc.copy_from_slice(&out[..K]);
    for (&f, &v) in row.indices.iter().zip(&row.values) {
        let start = f as usize * K;
        let w: &[f32; K] = match weights
            .get(start..start + K)
            .and_then(|w| w.try_into().ok())
        {
            Some(w) => w,
            None => continue, // unreachable for a validated model
        };
        for c in 0..K {
            acc[c] += v * w[c];
        }
    }
    out[..K].copy_from_slice(&acc);
}

/// Numerically stable softmax in place; the result sums to 1.
pub fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

/// Cross-validation summary for one head, saved in the metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvSummary {
    /// Number of folds.
    pub folds: usize,
    /// Mean macro-F1 over the folds.
    pub macro_f1_mean: f64,
    /// Standard deviation of macro-F1 over the folds.
    pub macro_f1_std: f64,
    /// Mean accuracy over the folds.
    pub accuracy_mean: f64,
    /// Macro-F1 of always answering the most frequent label.
    pub baseline_macro_f1: f64,
}

/// What the model was trained on and how. Deterministic: no clock times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingMetadata {
    /// File name of the training data (without directories, so the model is
    /// the same wherever it was trained).
    pub data_file: String,
    /// SHA-256 of the training file's bytes.
    pub data_sha256: String,
    /// Training rows.
    pub rows: usize,
    /// The column the texts came from.
    pub text_column: String,
    /// Per head: label -> training rows.
    pub label_counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Every training option, as given or chosen.
    pub options: serde_json::Value,
    /// `linfa` (dense linfa-logistic) or `sparse` (the sparse L-BFGS), per head.
    pub solver: BTreeMap<String, String>,
    /// Cross-validated scores per head, when `--cv` or `--tune` ran.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cv: BTreeMap<String, CvSummary>,
    /// The tuning grid and the score of each point, when `--tune` ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuning: Option<serde_json::Value>,
}

/// A trained model: vectorizer + heads + metadata.
#[derive(Debug)]
pub struct Model {
    pub(crate) vectorizer: TfIdf,
    pub(crate) heads: Vec<Head>,
    pub(crate) metadata: TrainingMetadata,
    /// The only copy of the weights: every head side by side, feature-major
    /// (`weights[f * stride + head.first + c]`), so scoring all heads
    /// touches one cache line per feature instead of one per feature and head.
    weights: Cow<'static, [f32]>,
    /// Every head's intercepts, in head order (`stride` of them).
    intercepts: Vec<f32>,
    /// The format and format version of the file it was read from.
    file: Option<(FileFormat, u32)>,
}

impl Model {
    /// Lays the fitted heads' weights side by side (they must all cover the
    /// vectorizer's features).
    pub(crate) fn new(
        vectorizer: TfIdf,
        heads: Vec<FittedHead>,
        metadata: TrainingMetadata,
    ) -> Self {
        let n_features = vectorizer.n_features();
        let stride: usize = heads.iter().map(|h| h.labels.len()).sum();
        let mut weights = Vec::with_capacity(n_features * stride);
        for f in 0..n_features {
            for h in &heads {
                let k = h.labels.len();
                weights.extend_from_slice(&h.weights[f * k..f * k + k]);
            }
        }
        let intercepts = heads
            .iter()
            .flat_map(|h| h.intercepts.iter().copied())
            .collect();
        let mut first = 0;
        let heads = heads
            .into_iter()
            .map(|h| {
                let head = Head {
                    name: h.name,
                    first,
                    labels: h.labels,
                };
                first += head.labels.len();
                head
            })
            .collect();
        Model {
            vectorizer,
            heads,
            metadata,
            weights: Cow::Owned(weights),
            intercepts,
            file: None,
        }
    }

    /// Raw scores of every head for a row, heads one after another in `out`
    /// (the first head's labels, then the second's, ...).
    pub fn scores_all_into(&self, row: &SparseRow, out: &mut Vec<f32>) {
        linear_scores(row, &self.weights, &self.intercepts, out);
    }

    /// The weights of head number `head` (in [`heads`](Self::heads) order).
    ///
    /// # Panics
    /// When there is no such head.
    pub fn head_weights(&self, head: usize) -> HeadWeights<'_> {
        let h = &self.heads[head];
        HeadWeights {
            weights: &self.weights,
            stride: self.intercepts.len(),
            first: h.first,
            intercepts: &self.intercepts[h.first..h.first + h.labels.len()],
        }
    }

    /// Records cross-validation scores and the tuning grid in the metadata.
    pub fn set_evaluation(
        &mut self,
        cv: BTreeMap<String, CvSummary>,
        tuning: Option<serde_json::Value>,
    ) {
        self.metadata.cv = cv;
        self.metadata.tuning = tuning;
    }

    /// The heads, one per label column, in training order.
    pub fn heads(&self) -> &[Head] {
        &self.heads
    }
    /// The fitted vectorizer (vocabulary, idf, word features).
    pub fn vectorizer(&self) -> &TfIdf {
        &self.vectorizer
    }
    /// What the model was trained on and how.
    pub fn metadata(&self) -> &TrainingMetadata {
        &self.metadata
    }
    /// The analyzer the model tokenizes with.
    pub fn analyzer(&self) -> &Analyzer {
        self.vectorizer.analyzer()
    }
    /// The format and format version of the file the model was read from
    /// (`None` for a model trained in this process).
    pub fn file_format(&self) -> Option<(FileFormat, u32)> {
        self.file
    }

    /// The model file's bytes in `format` (deterministic).
    pub fn to_bytes(&self, format: FileFormat) -> Vec<u8> {
        match format {
            FileFormat::Binary => self.to_binary(),
            FileFormat::Json => self.to_json().into_bytes(),
        }
    }

    /// Writes the model atomically in the format of its name
    /// ([`FileFormat::for_path`]: JSON for `.json`, binary otherwise): a
    /// temporary file in the same directory, flushed to disk, then renamed
    /// over `path`. On any failure the old file (if any) is untouched and no
    /// partial file is left.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomically(path, &self.to_bytes(FileFormat::for_path(path)))
    }

    /// Reads and validates a model file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::Model`] when it
    /// is no usable model (the message says what is wrong and what to do).
    pub fn load(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::model(
                path,
                "this is a directory; give the model file's path",
            ));
        }
        if meta.len() > MAX_MODEL_BYTES {
            return Err(Error::model(
                path,
                format!(
                    "the file is {} bytes, larger than any model this build reads",
                    meta.len()
                ),
            ));
        }
        // The length above is 0 for a pipe or a device (/dev/zero): read at
        // most one byte past the limit, whatever it says.
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_MODEL_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > MAX_MODEL_BYTES {
            return Err(Error::model(
                path,
                "the input goes on past the largest model this build reads; give a model file",
            ));
        }
        Self::from_bytes(&bytes, path)
    }

    /// The model embedded in the library and binary.
    ///
    /// # Errors
    /// Only if the embedded model is damaged (a build problem).
    pub fn embedded() -> Result<Self> {
        let origin = Path::new("<embedded default model>");
        // Its weights stay where they are, in the binary.
        binary::from_binary(EMBEDDED_MODEL, origin)?.build(origin)
    }

    /// Parses and validates model bytes in either format (told apart by
    /// [`FileFormat::of_bytes`]); `origin` names them in errors.
    ///
    /// # Errors
    /// [`Error::Model`] when the bytes are no usable model.
    pub fn from_bytes(bytes: &[u8], origin: &Path) -> Result<Self> {
        match FileFormat::of_bytes(bytes) {
            FileFormat::Binary => binary::from_binary(bytes, origin)?.build_owned(origin),
            FileFormat::Json => json::from_json(bytes, origin)?.build(origin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_weights_are_used_in_place() {
        let model = Model::embedded().unwrap();
        if cfg!(target_endian = "little") {
            assert!(matches!(model.weights, Cow::Borrowed(_)));
        }
        // A model read from a buffer owns its weights.
        let again = Model::from_bytes(EMBEDDED_MODEL, Path::new("m")).unwrap();
        assert!(matches!(again.weights, Cow::Owned(_)));
        assert_eq!(again.weights, model.weights);
    }
}
