//! The saved artefact: analyzer configuration + TF-IDF vectorizer + one
//! linear head per label column + training metadata, as one versioned JSON
//! file. Loading validates everything; saving is atomic.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::tokenize::{Analyzer, AnalyzerConfig};
use crate::vectorize::{SparseRow, TfIdf, WordFeatures, WordWeighting};

/// The `format` field of every model file.
pub const FORMAT_NAME: &str = "geostance-model";
/// The newest model format this build reads. Version 2 adds word-vector
/// features; a model without them is still written as version 1, so older
/// builds keep reading it.
pub const FORMAT_VERSION: u32 = 2;
/// Largest magnitude of a weight or idf a model file may hold.
pub const MAX_WEIGHT: f32 = 1e6;
/// Largest model file we agree to read (a hostile file cannot make us read more).
pub const MAX_MODEL_BYTES: u64 = 1 << 31;

/// The default model, trained from `training-data/` (see its README).
pub const EMBEDDED_MODEL: &str = include_str!("../../models/default.json");

/// One label column's classifier: a weight per (feature, label) and an intercept per label.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub name: String,
    pub labels: Vec<String>,
    /// Feature-major: `weights[f * labels.len() + c]`.
    pub weights: Vec<f32>,
    pub intercepts: Vec<f32>,
}

impl Head {
    pub fn n_labels(&self) -> usize {
        self.labels.len()
    }

    /// Weight of feature `f` for label `c`.
    pub fn weight(&self, f: u32, c: usize) -> f32 {
        self.weights[f as usize * self.labels.len() + c]
    }

    /// Raw scores (logits) of a sparse row into `out` (one per label).
    pub fn scores_into(&self, row: &SparseRow, out: &mut Vec<f32>) {
        linear_scores(row, &self.weights, &self.intercepts, out);
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
    pub folds: usize,
    pub macro_f1_mean: f64,
    pub macro_f1_std: f64,
    pub accuracy_mean: f64,
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
    pub rows: usize,
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
    /// Every head's weights side by side, feature-major
    /// (`joint[f * total + offset_of_head + c]`): scoring all heads touches
    /// one cache line per feature instead of one per feature and head.
    joint: Vec<f32>,
    joint_intercepts: Vec<f32>,
}

fn joint_weights(heads: &[Head], n_features: usize) -> (Vec<f32>, Vec<f32>) {
    let total: usize = heads.iter().map(|h| h.labels.len()).sum();
    let mut joint = Vec::with_capacity(n_features * total);
    for f in 0..n_features {
        for h in heads {
            let k = h.labels.len();
            joint.extend_from_slice(&h.weights[f * k..f * k + k]);
        }
    }
    let intercepts = heads
        .iter()
        .flat_map(|h| h.intercepts.iter().copied())
        .collect();
    (joint, intercepts)
}

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
struct VectorizerFile {
    sublinear_tf: bool,
    norm: String,
    terms: Vec<String>,
    idf: Vec<f32>,
    /// Word-vector features (format version 2): their weights follow the
    /// terms' in every head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    words: Option<WordsFile>,
}

#[derive(Serialize, Deserialize)]
struct WordsFile {
    /// `mean`, `sqrt-n` or `l2`.
    weighting: String,
    /// Analyzer terms without negation marks.
    terms: Vec<String>,
    /// For `l2`: the vectors, row-major.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dim: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vectors: Option<Vec<f32>>,
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
    pub(crate) fn new(vectorizer: TfIdf, heads: Vec<Head>, metadata: TrainingMetadata) -> Self {
        let (joint, joint_intercepts) = joint_weights(&heads, vectorizer.n_features());
        Model {
            vectorizer,
            heads,
            metadata,
            joint,
            joint_intercepts,
        }
    }

    /// Raw scores of every head for a row, heads one after another in `out`
    /// (the first head's labels, then the second's, ...).
    pub fn scores_all_into(&self, row: &SparseRow, out: &mut Vec<f32>) {
        linear_scores(row, &self.joint, &self.joint_intercepts, out);
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

    pub fn heads(&self) -> &[Head] {
        &self.heads
    }
    pub fn vectorizer(&self) -> &TfIdf {
        &self.vectorizer
    }
    pub fn metadata(&self) -> &TrainingMetadata {
        &self.metadata
    }
    pub fn analyzer(&self) -> &Analyzer {
        self.vectorizer.analyzer()
    }

    /// Serialises to the model file format (deterministic bytes).
    pub fn to_json(&self) -> String {
        let words = self.vectorizer.word_features().map(|w| {
            let (weighting, dim, vectors) = match w.weighting() {
                WordWeighting::Mean => ("mean", None, None),
                WordWeighting::SqrtN => ("sqrt-n", None, None),
                WordWeighting::L2 { dim, vectors } => ("l2", Some(*dim), Some(vectors.clone())),
            };
            WordsFile {
                weighting: weighting.into(),
                terms: w.terms().to_vec(),
                dim,
                vectors,
            }
        });
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
            heads: self
                .heads
                .iter()
                .map(|h| HeadFile {
                    name: h.name.clone(),
                    labels: h.labels.clone(),
                    intercepts: h.intercepts.clone(),
                    weights: h.weights.clone(),
                })
                .collect(),
            training: self.metadata.clone(),
        };
        let mut s = serde_json::to_string(&file).expect("model serialises");
        s.push('\n');
        s
    }

    /// Writes the model atomically: a temporary file in the same directory,
    /// flushed to disk, then renamed over `path`. On any failure the old file
    /// (if any) is untouched and no partial file is left.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomically(path, self.to_json().as_bytes())
    }

    /// Reads and validates a model file.
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
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes, path)
    }

    /// The model embedded in the library and binary.
    pub fn embedded() -> Result<Self> {
        Self::from_bytes(
            EMBEDDED_MODEL.as_bytes(),
            Path::new("<embedded default model>"),
        )
    }

    /// Parses and validates model bytes; `origin` names them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &Path) -> Result<Self> {
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
            Err(full) => return Err(bad(Self::diagnose(text, Some(full)))),
        };
        if file.format != FORMAT_NAME {
            return Err(bad(format!(
                "this JSON has \"format\": {:?}, not \"{FORMAT_NAME}\": it was written by another program",
                file.format
            )));
        }
        if file.format_version == 0 || file.format_version > FORMAT_VERSION {
            return Err(bad(Self::diagnose(text, None)));
        }
        Self::from_file(file, origin)
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
            Some(v) if v > FORMAT_VERSION as u64 => format!(
                "model format version {v} was written by a newer geostance; this build reads \
                 version {FORMAT_VERSION}: upgrade geostance"
            ),
            Some(v) if (1..=FORMAT_VERSION as u64).contains(&v) => match full {
                Some(e) => format!("the model's contents are malformed ({e}); train it again"),
                None => "the model's contents are malformed; train it again".into(),
            },
            _ => "the model format version is missing or invalid".into(),
        }
    }

    /// Checks a parsed model file and builds the model; `origin` names it in errors.
    fn from_file(file: ModelFile, origin: &Path) -> Result<Self> {
        let bad = |m: String| Error::model(origin, m);
        file.analyzer.validate().map_err(|e| bad(e.to_string()))?;
        let v = &file.vectorizer;
        if !v.sublinear_tf || v.norm != "l2" {
            return Err(bad(
                "unsupported vectorizer settings (expected sublinear_tf and l2 norm)".into(),
            ));
        }
        let n = v.terms.len();
        if n == 0 {
            return Err(bad("the vocabulary is empty".into()));
        }
        if v.idf.len() != n {
            return Err(bad(format!("{n} terms but {} idf values", v.idf.len())));
        }
        if let Some(i) = v
            .idf
            .iter()
            .position(|x| !x.is_finite() || *x <= 0.0 || *x > MAX_WEIGHT)
        {
            return Err(bad(format!(
                "idf of term {i} is not a plausible positive number"
            )));
        }
        if file.heads.is_empty() {
            return Err(bad("the model has no heads".into()));
        }
        let n_words = v.words.as_ref().map_or(0, |w| w.terms.len());
        if file.format_version < 2 && v.words.is_some() {
            return Err(bad(
                "word-vector features in a version 1 model file: the file is damaged".into(),
            ));
        }
        let n_features = n + n_words;
        let mut heads = Vec::with_capacity(file.heads.len());
        let mut names = std::collections::BTreeSet::new();
        for h in file.heads {
            let k = h.labels.len();
            if !names.insert(h.name.clone()) {
                return Err(bad(format!("two heads are named {:?}", h.name)));
            }
            if k < 2 {
                return Err(bad(format!(
                    "head {:?} has {k} labels; at least 2 are needed",
                    h.name
                )));
            }
            let unique: std::collections::BTreeSet<_> = h.labels.iter().collect();
            if unique.len() != k {
                return Err(bad(format!("head {:?} repeats a label", h.name)));
            }
            if h.intercepts.len() != k {
                return Err(bad(format!(
                    "head {:?}: {k} labels but {} intercepts",
                    h.name,
                    h.intercepts.len()
                )));
            }
            if h.weights.len() != n_features * k {
                return Err(bad(format!(
                    "head {:?}: {} weights for {n} terms + {n_words} vector words x {k} labels (shape mismatch)",
                    h.name,
                    h.weights.len()
                )));
            }
            let weights = h.weights;
            if weights.iter().chain(&h.intercepts).any(|w| !w.is_finite()) {
                return Err(bad(format!(
                    "head {:?} has a NaN or infinite weight",
                    h.name
                )));
            }
            // Scores must stay finite in f32 whatever the text: no trained
            // model comes near this bound.
            if weights
                .iter()
                .chain(&h.intercepts)
                .any(|w| w.abs() > MAX_WEIGHT)
            {
                return Err(bad(format!(
                    "head {:?} has a weight beyond {MAX_WEIGHT:e}: the file is damaged",
                    h.name
                )));
            }
            heads.push(Head {
                name: h.name,
                labels: h.labels,
                weights,
                intercepts: h.intercepts,
            });
        }
        let analyzer = Analyzer::new(file.analyzer).map_err(|e| bad(e.to_string()))?;
        let mut vectorizer =
            TfIdf::from_parts(analyzer, file.vectorizer.terms, file.vectorizer.idf)
                .map_err(|e| bad(e.to_string()))?;
        if let Some(w) = file.vectorizer.words {
            let weighting = match (w.weighting.as_str(), w.dim, w.vectors) {
                ("mean", None, None) => WordWeighting::Mean,
                ("sqrt-n", None, None) => WordWeighting::SqrtN,
                ("l2", Some(dim), Some(vectors)) => {
                    if vectors
                        .iter()
                        .any(|x| !x.is_finite() || x.abs() > MAX_WEIGHT)
                    {
                        return Err(bad(
                            "a word vector holds NaN, infinity or a huge value".into()
                        ));
                    }
                    WordWeighting::L2 { dim, vectors }
                }
                (other, _, _) => {
                    return Err(bad(format!(
                        "unknown or incomplete word weighting {other:?} (expected mean, or l2 with dim and vectors)"
                    )));
                }
            };
            let words = WordFeatures::new(w.terms, weighting).map_err(|e| bad(e.to_string()))?;
            vectorizer = vectorizer.with_word_features(words);
        }
        Ok(Model::new(vectorizer, heads, file.training))
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// fsynced and renamed, so readers see the old file or the new one, never a
/// partial one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir: PathBuf = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(Error::input(
            path,
            "",
            "this is a directory; give a file name for the output, e.g. model.json",
        ));
    }
    if !dir.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "cannot write the output"),
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".geostance-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    // Temporary files are private (0600); a model is an ordinary file: keep
    // the permissions of the file it replaces, or use 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
