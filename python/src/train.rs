//! `geostance.train`: the CLI's `train`, with its options, defaults and
//! order of steps, so the same data gives the same model bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use geostance::data::{LabeledData, ReadOptions, parse_labeled, read_labeled};
use geostance::tokenize::{AnalyzerConfig, Language};
use geostance::train::{
    self, ALPHA_GRID, MIN_DF_GRID, NGRAM_GRID, Solver, TrainOptions, ValidTrainOptions,
};
use geostance::vectorize::VocabularyParams;
use geostance::{Error, Model};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::batch::on_pool;
use crate::classifier::PyClassifier;
use crate::errors::{check_threads, py_err};

fn parse_solver(s: &str) -> PyResult<Solver> {
    match s.to_ascii_lowercase().as_str() {
        "auto" => Ok(Solver::Auto),
        "linfa" => Ok(Solver::Linfa),
        "sparse" => Ok(Solver::Sparse),
        _ => Err(PyValueError::new_err(format!(
            "solver {s:?} is not known: use \"auto\", \"linfa\" or \"sparse\""
        ))),
    }
}

fn parse_pooling(pooling: &str) -> PyResult<train::Pooling> {
    Ok(match pooling {
        "mean" => train::Pooling::Mean,
        "unit-mean" => train::Pooling::UnitMean,
        "unit-sqrt" => train::Pooling::UnitSqrt,
        "l2" => train::Pooling::L2,
        other => {
            return Err(PyValueError::new_err(format!(
                "pooling {other:?} is not one of mean, unit-mean, unit-sqrt, l2"
            )));
        }
    })
}

/// The analyzer as `geostance train` builds it from its flags; reads the
/// user's actor CSV.
fn analyzer_config(
    language: &str,
    ngrams: [usize; 2],
    char_ngrams: Option<[usize; 2]>,
    negation: bool,
    keep_names: bool,
    actors: Option<&Path>,
) -> PyResult<AnalyzerConfig> {
    let language: Language = language.parse().map_err(py_err)?;
    let mut analyzer = AnalyzerConfig::for_language(language);
    analyzer.word_ngrams = ngrams;
    analyzer.char_ngrams = char_ngrams;
    analyzer.negation = negation;
    analyzer.mask_actors = !keep_names;
    if let Some(path) = actors {
        if keep_names {
            return Err(PyValueError::new_err(
                "--actors adds names to mask, but --keep-names turns masking off: drop one of them",
            ));
        }
        analyzer.actors = geostance::actors::read_actor_csv(path).map_err(py_err)?;
    }
    Ok(analyzer)
}

/// Word-vector options: the vectors file loaded and fingerprinted, or none.
fn vector_options(
    vectors: Option<PathBuf>,
    pooling: &str,
    vector_scale: f32,
    vectors_only: bool,
) -> PyResult<Option<train::VectorOptions>> {
    match vectors {
        Some(path) => {
            let table = geostance::embeddings::WordVectors::load(&path).map_err(py_err)?;
            let mut v = train::VectorOptions::new(
                table,
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                geostance::data::sha256_file(&path).map_err(py_err)?,
            );
            v.pooling = parse_pooling(pooling)?;
            v.scale = vector_scale;
            v.vectors_only = vectors_only;
            Ok(Some(v))
        }
        None if vectors_only => Err(PyValueError::new_err(
            "vectors_only=True needs vectors= (a file from `geostance vectors`)",
        )),
        None => Ok(None),
    }
}

/// Where the labeled rows come from: a CSV file, or CSV bytes named `source`.
struct TrainingInput<'a> {
    path: Option<PathBuf>,
    data: Option<Vec<u8>>,
    source: Option<String>,
    text_column: &'a str,
    label_columns: Vec<String>,
    lossy: bool,
    skip_invalid: bool,
    group_column: Option<String>,
}

impl TrainingInput<'_> {
    fn read(self) -> Result<LabeledData, Error> {
        let read = &ReadOptions {
            lossy: self.lossy,
            skip_invalid: self.skip_invalid,
            group_column: self.group_column,
        };
        let (text, labels) = (self.text_column, &self.label_columns);
        match (self.path, self.data) {
            (Some(p), None) => read_labeled(&p, text, labels, read),
            (None, Some(bytes)) => {
                let name = self.source.unwrap_or_else(|| "<DataFrame>".into());
                parse_labeled(&bytes, Path::new(&name), text, labels, read)
            }
            _ => Err(Error::Input {
                path: "<arguments>".into(),
                location: String::new(),
                message: "give either a CSV path or CSV bytes".into(),
            }),
        }
    }
}

/// Tuning and cross-validation before the final fit, as `geostance train`
/// runs them.
struct Evaluation {
    cv: Option<usize>,
    tune: bool,
    seed: u64,
}

/// Tunes (if asked), cross-validates (if asked, or after tuning), then fits
/// on all rows and records the scores in the model. Returns the model and
/// the tuning and CV results as JSON text.
fn fit(
    data: &LabeledData,
    mut options: ValidTrainOptions,
    plan: &Evaluation,
) -> Result<(Model, String), Error> {
    let Evaluation { cv, tune, seed } = *plan;
    let mut cv_summaries = BTreeMap::new();
    let mut tuning = None;
    let mut report = serde_json::Map::new();
    if tune {
        let k = cv.unwrap_or(5);
        let (chosen, result) =
            train::tune(data, &options, k, seed, ALPHA_GRID, NGRAM_GRID, MIN_DF_GRID)?;
        options = chosen;
        let value = serde_json::to_value(&result).expect("tuning result serialises");
        report.insert("tuning".into(), value.clone());
        tuning = Some(value);
    }
    if let Some(k) = cv.or(tune.then_some(5)) {
        let result = train::cross_validate(data, &options, k, seed)?;
        for (head, r) in &result.heads {
            cv_summaries.insert(head.clone(), r.summary.clone());
        }
        report.insert(
            "cv".into(),
            serde_json::to_value(&result).expect("cv result serialises"),
        );
    }
    let mut model = geostance::train(data, &options)?;
    model.set_evaluation(cv_summaries, tuning);
    Ok((model, serde_json::Value::Object(report).to_string()))
}

/// Reads the data and trains on it: the model, the data's warnings, and
/// the tuning and CV results as JSON text.
fn read_and_fit(
    input: TrainingInput,
    options: ValidTrainOptions,
    plan: &Evaluation,
) -> Result<(Model, Vec<String>, String), Error> {
    let data = input.read()?;
    let (model, report) = fit(&data, options, plan)?;
    Ok((model, data.warnings, report))
}

/// Trains like `geostance train` (same options, defaults, order of steps and
/// metadata, so the same data gives the same model bytes). The data is a CSV
/// file at `path`, or CSV bytes in `data` named `source` in messages and in
/// the model's `data_file`. Returns `(classifier, warnings, cv report)`.
#[pyfunction]
#[pyo3(signature = (
    path=None, data=None, source=None, text_column="text", label_columns=Vec::new(),
    language="english", ngrams=[1, 2], char_ngrams=None, negation=true, min_df=1,
    max_df=1.0, max_features=50_000, alpha=0.5, max_iterations=500, solver="auto",
    memory_budget_mib=4096, balance=false, cv=None, tune=false, seed=42, lossy=false,
    skip_invalid=false, threads=None, keep_names=false, actors=None, group_column=None,
    vectors=None, pooling="unit-sqrt", vector_scale=1.0, vectors_only=false,
    allow_many_classes=false
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn train_model(
    py: Python<'_>,
    path: Option<PathBuf>,
    data: Option<Vec<u8>>,
    source: Option<String>,
    text_column: &str,
    label_columns: Vec<String>,
    language: &str,
    ngrams: [usize; 2],
    char_ngrams: Option<[usize; 2]>,
    negation: bool,
    min_df: usize,
    max_df: f64,
    max_features: usize,
    alpha: f64,
    max_iterations: u64,
    solver: &str,
    memory_budget_mib: u64,
    balance: bool,
    cv: Option<usize>,
    tune: bool,
    seed: u64,
    lossy: bool,
    skip_invalid: bool,
    threads: Option<usize>,
    keep_names: bool,
    actors: Option<PathBuf>,
    group_column: Option<String>,
    vectors: Option<PathBuf>,
    pooling: &str,
    vector_scale: f32,
    vectors_only: bool,
    allow_many_classes: bool,
) -> PyResult<(PyClassifier, Vec<String>, String)> {
    check_threads(threads)?;
    // Options are built and checked in the CLI's order, so a bad option
    // gives the CLI's message before the data is read.
    let analyzer = analyzer_config(
        language,
        ngrams,
        char_ngrams,
        negation,
        keep_names,
        actors.as_deref(),
    )?;
    let options = TrainOptions {
        analyzer,
        vocabulary: VocabularyParams {
            min_df,
            max_df,
            max_features: Some(max_features),
        },
        alpha,
        max_iterations,
        solver: parse_solver(solver)?,
        memory_budget_mib,
        balance,
        allow_many_classes,
        vectors: vector_options(vectors, pooling, vector_scale, vectors_only)?,
        ..TrainOptions::default()
    }
    .check()
    .map_err(py_err)?;
    let input = TrainingInput {
        path,
        data,
        source,
        text_column,
        label_columns,
        lossy,
        skip_invalid,
        group_column,
    };
    let plan = Evaluation { cv, tune, seed };
    let (model, warnings, report) = py
        .detach(|| on_pool(threads, || read_and_fit(input, options, &plan)))
        .map_err(py_err)?;
    Ok((PyClassifier::from_model(model), warnings, report))
}
