//! The binary model file (format version 3): the `safetensors` layout.
//!
//! ```text
//! u64 little-endian  N, the header's length (a multiple of 8)
//! N bytes            JSON header, padded with spaces:
//!                      "__metadata__": strings only (safetensors' rule), in key order:
//!                        analyzer       the analyzer configuration (JSON)
//!                        crate_version  the geostance version that wrote it
//!                        format         "geostance-model"
//!                        format_version "3"
//!                        heads          [{"name", "labels"}] (JSON)
//!                        training       the training metadata (JSON)
//!                        vectorizer     {"sublinear_tf", "norm", "terms", "words"} (JSON;
//!                                       "words": {"weighting", "terms", "dim"} with vectors)
//!                      and per tensor {"dtype": "F32", "shape", "data_offsets"}
//! the tensors        raw little-endian f32, in name order, back to back:
//!                      idf           [terms]
//!                      intercepts    [labels of every head]
//!                      weights       [terms + vector words, labels of every head]
//!                      word_vectors  [vector words, dim] (only for `l2` word weighting)
//! ```
//!
//! `weights` is the model's own feature-major layout, so the embedded model
//! is scored straight from the bytes compiled into the binary. Reading runs
//! no code from the file: the `safetensors` crate checks the header and the
//! offsets, and every shape, name and value is checked again here.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use safetensors::tensor::Metadata;
use safetensors::{Dtype, SafeTensors};
use serde::{Deserialize, Serialize};

use super::json::WordsFile;
use super::parts::{ModelParts, WordParts};
use super::{FORMAT_NAME, FileFormat, Model, TrainingMetadata};
use crate::error::{Error, Result};
use crate::tokenize::AnalyzerConfig;
use crate::vectorize::WordWeighting;

/// The format version of binary model files.
pub(super) const BINARY_FORMAT_VERSION: u32 = 3;

/// What to do about a file that is no usable binary model.
const RETRAIN: &str = "retrain it with geostance train";

#[derive(Serialize, Deserialize)]
struct VectorizerHeader {
    sublinear_tf: bool,
    norm: String,
    terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    words: Option<WordsFile>,
}

#[derive(Serialize, Deserialize)]
struct HeadHeader {
    name: String,
    labels: Vec<String>,
}

/// True when `bytes` start like a binary model rather than JSON: the
/// header length's high bytes are zero, and JSON text never holds a NUL.
/// Fewer than 8 bytes with a NUL are a binary file cut short (reported as
/// truncated, not as bad JSON).
pub(super) fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.len() >= 8 {
        bytes[7] == 0
    } else {
        bytes.contains(&0)
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("model header serialises")
}

impl Model {
    /// Serialises to the binary model format (deterministic bytes).
    pub fn to_binary(&self) -> Vec<u8> {
        let v = &self.vectorizer;
        let words = self.words_file(false);
        let heads: Vec<HeadHeader> = self
            .heads
            .iter()
            .map(|h| HeadHeader {
                name: h.name.clone(),
                labels: h.labels.clone(),
            })
            .collect();
        let metadata: BTreeMap<&str, String> = BTreeMap::from([
            ("analyzer", to_json(v.analyzer().config())),
            ("crate_version", env!("CARGO_PKG_VERSION").to_string()),
            ("format", FORMAT_NAME.to_string()),
            ("format_version", BINARY_FORMAT_VERSION.to_string()),
            ("heads", to_json(&heads)),
            ("training", to_json(&self.metadata)),
            (
                "vectorizer",
                to_json(&VectorizerHeader {
                    sublinear_tf: true,
                    norm: "l2".into(),
                    terms: v.terms().to_vec(),
                    words,
                }),
            ),
        ]);
        let mut tensors: Vec<(&str, Vec<usize>, &[f32])> = vec![
            ("idf", vec![v.len()], v.idf()),
            ("intercepts", vec![self.intercepts.len()], &self.intercepts),
            (
                "weights",
                vec![v.n_features(), self.intercepts.len()],
                &self.weights,
            ),
        ];
        if let Some(WordWeighting::L2 { dim, vectors }) = v.word_features().map(|w| w.weighting()) {
            tensors.push(("word_vectors", vec![vectors.len() / dim, *dim], vectors));
        }
        write_safetensors(&metadata, &tensors)
    }
}

/// The safetensors bytes of f32 `tensors` (name, shape, values), which must
/// be sorted by name, with `metadata` (sorted by key).
fn write_safetensors(
    metadata: &BTreeMap<&str, String>,
    tensors: &[(&str, Vec<usize>, &[f32])],
) -> Vec<u8> {
    debug_assert!(tensors.windows(2).all(|w| w[0].0 < w[1].0));
    // serde_json's map keeps keys sorted (or in insertion order, which is
    // sorted here too), so the header bytes are deterministic.
    let mut header = serde_json::Map::new();
    header.insert("__metadata__".into(), serde_json::json!(metadata));
    let mut offset = 0usize;
    for (name, shape, values) in tensors {
        let end = offset + 4 * values.len();
        header.insert(
            (*name).into(),
            serde_json::json!({"dtype": "F32", "shape": shape, "data_offsets": [offset, end]}),
        );
        offset = end;
    }
    let mut header = to_json(&header).into_bytes();
    // Padding to 8 bytes keeps every tensor 4-byte aligned in an aligned buffer.
    header.resize(header.len().next_multiple_of(8), b' ');
    let mut out = Vec::with_capacity(8 + header.len() + offset);
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(&header);
    for (_, _, values) in tensors {
        for x in *values {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    out
}

/// The f32 values of a tensor's bytes: borrowed when they are aligned on
/// a little-endian machine, else decoded into a copy.
fn floats(data: &[u8]) -> Cow<'_, [f32]> {
    if cfg!(target_endian = "little")
        && let Ok(values) = bytemuck::try_cast_slice::<u8, f32>(data)
    {
        return Cow::Borrowed(values);
    }
    Cow::Owned(
        data.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

/// Parses a binary model file into its parts (checked for layout, not yet
/// for values); the tensors borrow from `bytes` where they can.
pub(super) fn from_binary<'a>(bytes: &'a [u8], origin: &Path) -> Result<ModelParts<'a>> {
    read(bytes).map_err(|m| Error::model(origin, m))
}

fn read(bytes: &[u8]) -> std::result::Result<ModelParts<'_>, String> {
    // Checks the header length, the JSON, and that the tensors' offsets
    // tile the rest of the file exactly, each as long as its dtype and shape.
    let (n, layout) = SafeTensors::read_metadata(bytes).map_err(|e| {
        format!(
            "a binary file but no readable model ({e}): the file is truncated or damaged, \
             or not a geostance model; copy it again or {RETRAIN}"
        )
    })?;
    let data = bytes.get(8 + n..).unwrap_or_default();
    let header = Header::read(layout.metadata().as_ref())?;
    let v = &header.vectorizer;
    let n_terms = v.terms.len();
    let n_words = v.words.as_ref().map_or(0, |w| w.terms.len());
    let stride: usize = header.heads.iter().map(|h| h.labels.len()).sum();
    let mut expected: Vec<(&str, Vec<usize>)> = vec![
        ("idf", vec![n_terms]),
        ("intercepts", vec![stride]),
        ("weights", vec![n_terms + n_words, stride]),
    ];
    if let Some(w) = v.words.as_ref().filter(|w| w.weighting == "l2") {
        expected.push(("word_vectors", vec![n_words, w.dim.unwrap_or(0)]));
    }
    let mut names = layout.offset_keys();
    names.sort_unstable();
    let wanted: Vec<&str> = expected.iter().map(|e| e.0).collect();
    if names != wanted {
        return Err(format!(
            "the file holds tensors {names:?}, expected {wanted:?}: {RETRAIN}"
        ));
    }
    let tensors = expected
        .iter()
        .map(|(name, shape)| {
            tensor(&layout, data, name, shape).map_err(|found| {
                format!(
                    "tensor {name:?} is {found}, expected F32 {shape:?} for {n_terms} terms + \
                     {n_words} vector words x {stride} labels (shape mismatch): {RETRAIN}"
                )
            })
        })
        .collect::<std::result::Result<Vec<_>, String>>()?;
    // In `expected` order; the three always expected are always there.
    let mut tensors = tensors.into_iter();
    let mut next = || tensors.next().unwrap_or_default();
    let (idf, intercepts, weights) = (next(), next().into_owned(), next());
    let vectors = (expected.len() > 3).then(next);
    Ok(header.into_parts(idf, intercepts, weights, vectors))
}

/// The values of tensor `name` if it has dtype F32 and `shape`; else what it is.
fn tensor<'a>(
    layout: &Metadata,
    data: &'a [u8],
    name: &str,
    shape: &[usize],
) -> std::result::Result<Cow<'a, [f32]>, String> {
    let t = layout.info(name).ok_or("missing")?;
    let raw = data.get(t.data_offsets.0..t.data_offsets.1);
    match raw {
        Some(raw) if t.dtype == Dtype::F32 && t.shape == shape => Ok(floats(raw)),
        Some(_) => Err(format!("{:?} {:?}", t.dtype, t.shape)),
        None => Err("outside the file".into()),
    }
}

/// The JSON parts of a binary model's metadata.
struct Header {
    analyzer: AnalyzerConfig,
    vectorizer: VectorizerHeader,
    heads: Vec<HeadHeader>,
    training: TrainingMetadata,
}

impl Header {
    /// Checks the format name and version, and parses the JSON parts.
    fn read(meta: Option<&HashMap<String, String>>) -> std::result::Result<Self, String> {
        let get = |key: &str| meta.and_then(|m| m.get(key));
        if get("format").map(String::as_str) != Some(FORMAT_NAME) {
            return Err(format!(
                "a safetensors file without \"format\": \"{FORMAT_NAME}\" in its metadata: \
                 not a geostance model (it was written by another program)"
            ));
        }
        match get("format_version").and_then(|v| v.parse::<u32>().ok()) {
            Some(BINARY_FORMAT_VERSION) => {}
            Some(v) if v > BINARY_FORMAT_VERSION => {
                return Err(format!(
                    "model format version {v} was written by a newer geostance; this build reads \
                     binary version {BINARY_FORMAT_VERSION}: upgrade geostance"
                ));
            }
            _ => {
                return Err(format!(
                    "the binary model's format version is missing or invalid: {RETRAIN}"
                ));
            }
        }
        fn parse<T: serde::de::DeserializeOwned>(
            key: &str,
            text: Option<&String>,
        ) -> std::result::Result<T, String> {
            let text =
                text.ok_or_else(|| format!("the model's metadata has no {key:?}: {RETRAIN}"))?;
            serde_json::from_str(text)
                .map_err(|e| format!("the model's {key:?} metadata is malformed ({e}): {RETRAIN}"))
        }
        Ok(Header {
            analyzer: parse("analyzer", get("analyzer"))?,
            vectorizer: parse("vectorizer", get("vectorizer"))?,
            heads: parse("heads", get("heads"))?,
            training: parse("training", get("training"))?,
        })
    }

    fn into_parts<'a>(
        self,
        idf: Cow<'a, [f32]>,
        intercepts: Vec<f32>,
        weights: Cow<'a, [f32]>,
        vectors: Option<Cow<'a, [f32]>>,
    ) -> ModelParts<'a> {
        let v = self.vectorizer;
        ModelParts {
            format: FileFormat::Binary,
            format_version: BINARY_FORMAT_VERSION,
            analyzer: self.analyzer,
            sublinear_tf: v.sublinear_tf,
            norm: v.norm,
            terms: v.terms,
            idf,
            words: v.words.map(|w| WordParts {
                weighting: w.weighting,
                terms: w.terms,
                dim: w.dim,
                vectors,
            }),
            heads: self.heads.into_iter().map(|h| (h.name, h.labels)).collect(),
            weights,
            intercepts,
            training: self.training,
        }
    }
}
