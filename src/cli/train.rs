//! `geostance train`: labeled CSV in, one model file out (written atomically).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use geostance::LabeledData;
use geostance::data::{ReadOptions, read_labeled};
use geostance::eval::format_report;
use geostance::tokenize::{AnalyzerConfig, Language};
use geostance::train::{
    self, ALPHA_GRID, MIN_DF_GRID, NGRAM_GRID, Solver, TrainOptions, ValidTrainOptions,
};

use super::{parse_range, progress, user_error};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labeled CSV file (UTF-8, header row).
    #[arg(long, short = 'd', value_name = "FILE.csv")]
    data: PathBuf,
    /// Where to write the model: a name ending in `.json` gets the JSON
    /// format, any other name the binary format (`.safetensors` by
    /// convention; smaller and faster to load). Written atomically: an
    /// existing file is replaced only when training succeeded.
    #[arg(long, short = 'o', value_name = "PATH")]
    output: PathBuf,
    /// Column holding the statement text.
    #[arg(long, default_value = "text")]
    text_column: String,
    /// Label column to train a head on; repeat for several heads
    /// (default: stance and/or sentiment, whichever exist).
    #[arg(long = "label-column", value_name = "NAME")]
    label_columns: Vec<String>,
    /// Snowball stemming language (or none).
    #[arg(long, default_value = "english")]
    language: String,
    /// Word n-gram range, e.g. 1..2.
    #[arg(long, default_value = "1..2", value_parser = parse_range)]
    ngrams: [usize; 2],
    /// Character n-gram range inside words, e.g. 2..5 (default: none).
    #[arg(long, value_parser = parse_range)]
    char_ngrams: Option<[usize; 2]>,
    /// Do not mark negated words.
    #[arg(long)]
    no_negation: bool,
    /// Keep actor names as words instead of replacing each mention of a
    /// state, capital, organisation or person by a typed placeholder.
    #[arg(long)]
    keep_names: bool,
    /// Your own actors on top of the built-in gazetteer (CSV with the header
    /// name,code,kind,from,to); saved in the model.
    #[arg(long, value_name = "FILE.csv")]
    actors: Option<PathBuf>,
    /// Keep terms found in at least N rows.
    #[arg(long, default_value_t = 1)]
    min_df: usize,
    /// Drop terms found in more than this share of rows.
    #[arg(long, default_value_t = 1.0)]
    max_df: f64,
    /// Keep at most N terms (most frequent first).
    #[arg(long, default_value_t = 50_000)]
    max_features: usize,
    /// L2 penalty (scikit-learn's C is about 1/alpha).
    #[arg(long, default_value_t = 0.5)]
    alpha: f64,
    /// L-BFGS iterations at most.
    #[arg(long, default_value_t = 500)]
    max_iterations: u64,
    /// Optimiser: auto picks dense linfa for small data, sparse otherwise.
    #[arg(long, value_enum, default_value = "auto")]
    solver: SolverArg,
    /// Refuse dense training matrices larger than this.
    #[arg(long, default_value_t = 4096)]
    memory_budget_mib: u64,
    /// Oversample rare classes to the size of the largest (per head).
    #[arg(long)]
    balance: bool,
    /// Run stratified K-fold cross-validation first and print its scores.
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Pick n-grams, min_df and alpha by cross-validation (5 folds unless
    /// --cv says otherwise): alpha per head by out-of-fold log loss (the grid
    /// extended past an edge while the best sits there), then the cheapest
    /// n-gram range and min_df within half a point of the best macro-F1.
    #[arg(long)]
    tune: bool,
    /// Column naming each row's group (e.g. its source document): the rows
    /// of a group stay in one cross-validation fold, so CV is not flattered
    /// by near-neighbours from the same document.
    #[arg(long, value_name = "NAME")]
    group_column: Option<String>,
    /// Word vectors from `geostance vectors`: each statement's pooled vector
    /// is added to its TF-IDF features (the model keeps them, folded into
    /// per-word weights).
    #[arg(long, value_name = "vectors.bin")]
    vectors: Option<PathBuf>,
    /// How word vectors are pooled: mean, unit-mean (mean of unit-length
    /// vectors), unit-sqrt (their sum over the square root of their number)
    /// or l2 (the mean scaled to unit length; the model then holds
    /// the vectors).
    #[arg(long, value_enum, default_value = "unit-sqrt", requires = "vectors")]
    pooling: PoolingArg,
    /// Multiplies the pooled vector (the TF-IDF part has length 1).
    #[arg(long, default_value_t = 1.0, requires = "vectors")]
    vector_scale: f32,
    /// Fit on the pooled vectors alone, without TF-IDF features (to compare).
    #[arg(long, requires = "vectors")]
    vectors_only: bool,
    /// Seed for fold shuffling.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Skip rows with an empty text or label instead of failing.
    #[arg(long)]
    skip_invalid: bool,
    /// Train even on a label column with more than 100 classes covering
    /// more than half its rows (refused by default: that is usually an id
    /// column named by mistake).
    #[arg(long)]
    allow_many_classes: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PoolingArg {
    Mean,
    UnitMean,
    UnitSqrt,
    L2,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SolverArg {
    Auto,
    Linfa,
    Sparse,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut options = options(&args)?.check()?;
    super::io::check_output_dir(&args.output, "--output")?;
    let data = read_labeled(
        &args.data,
        &args.text_column,
        &args.label_columns,
        &ReadOptions {
            lossy: args.lossy,
            skip_invalid: args.skip_invalid,
            group_column: args.group_column.clone(),
        },
    )?;
    for w in &data.warnings {
        eprintln!("geostance: warning: {w}");
    }
    let mut tuning = None;
    if args.tune {
        let (chosen, result) = tune(&args, &data, &options)?;
        options = chosen;
        tuning = Some(serde_json::to_value(&result)?);
    }
    let mut cv_summaries = std::collections::BTreeMap::new();
    if let Some(k) = args.cv.or(args.tune.then_some(5)) {
        cv_summaries = cross_validate(&args, &data, &options, k)?;
    }
    let pb = progress(None, "training");
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    let mut model = geostance::train(&data, &options)?;
    pb.finish_and_clear();
    model.set_evaluation(cv_summaries, tuning);
    model
        .save(&args.output)
        .with_context(|| format!("writing the model to {}", args.output.display()))?;
    report_model(&args, &data, &model);
    eprintln!(
        "wrote {} in {:.2}s",
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The training options the arguments give (not yet checked).
fn options(args: &Args) -> anyhow::Result<TrainOptions> {
    let language: Language = args.language.parse()?;
    let mut analyzer = AnalyzerConfig::for_language(language);
    analyzer.word_ngrams = args.ngrams;
    analyzer.char_ngrams = args.char_ngrams;
    analyzer.negation = !args.no_negation;
    analyzer.mask_actors = !args.keep_names;
    if let Some(path) = &args.actors {
        if args.keep_names {
            return Err(user_error(
                "--actors adds names to mask, but --keep-names turns masking off: drop one of them",
            ));
        }
        analyzer.actors = geostance::actors::read_actor_csv(path)?;
    }
    let mut options = TrainOptions {
        analyzer,
        vocabulary: geostance::vectorize::VocabularyParams {
            min_df: args.min_df,
            max_df: args.max_df,
            max_features: Some(args.max_features),
        },
        alpha: args.alpha,
        max_iterations: args.max_iterations,
        solver: match args.solver {
            SolverArg::Auto => Solver::Auto,
            SolverArg::Linfa => Solver::Linfa,
            SolverArg::Sparse => Solver::Sparse,
        },
        memory_budget_mib: args.memory_budget_mib,
        balance: args.balance,
        allow_many_classes: args.allow_many_classes,
        ..TrainOptions::default()
    };
    if let Some(path) = &args.vectors {
        let table = geostance::embeddings::WordVectors::load(path)?;
        let mut v = train::VectorOptions::new(
            table,
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            geostance::data::sha256_file(path)?,
        );
        v.pooling = match args.pooling {
            PoolingArg::Mean => train::Pooling::Mean,
            PoolingArg::UnitMean => train::Pooling::UnitMean,
            PoolingArg::UnitSqrt => train::Pooling::UnitSqrt,
            PoolingArg::L2 => train::Pooling::L2,
        };
        v.scale = args.vector_scale;
        v.vectors_only = args.vectors_only;
        options.vectors = Some(v);
    }
    Ok(options)
}

/// `--tune`: searches the grid, prints it and the choice.
fn tune(
    args: &Args,
    data: &LabeledData,
    options: &ValidTrainOptions,
) -> anyhow::Result<(ValidTrainOptions, train::TuningResult)> {
    let k = args.cv.unwrap_or(5);
    let points = NGRAM_GRID.len() * MIN_DF_GRID.len() * ALPHA_GRID.len();
    eprintln!(
        "tuning: {points} grid points x {k} folds (ngrams {NGRAM_GRID:?}, min_df {MIN_DF_GRID:?}, alpha {ALPHA_GRID:?})"
    );
    let (chosen, result) = train::tune(
        data,
        options,
        k,
        args.seed,
        ALPHA_GRID,
        NGRAM_GRID,
        MIN_DF_GRID,
    )?;
    for p in &result.grid {
        let scores: Vec<String> = p
            .macro_f1
            .iter()
            .map(|(h, f)| format!("{h} {f:.4}"))
            .collect();
        eprintln!(
            "  ngrams {}..{}  min_df {}  alpha {:<5}  macro-F1 {}",
            p.word_ngrams[0],
            p.word_ngrams[1],
            p.min_df,
            p.alpha,
            scores.join("  ")
        );
    }
    eprintln!(
        "chosen: ngrams {}..{}, min_df {}, alpha {:?}",
        result.word_ngrams[0], result.word_ngrams[1], result.min_df, result.head_alpha
    );
    Ok((chosen, result))
}

/// `--cv K`: cross-validates, prints the scores, returns the summaries the
/// model keeps.
fn cross_validate(
    args: &Args,
    data: &LabeledData,
    options: &ValidTrainOptions,
    k: usize,
) -> anyhow::Result<std::collections::BTreeMap<String, geostance::model::CvSummary>> {
    let mut cv_summaries = std::collections::BTreeMap::new();
    let pb = progress(None, &format!("cross-validating ({k} folds)"));
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    let cv = train::cross_validate(data, options, k, args.seed)?;
    pb.finish_and_clear();
    match &args.group_column {
        Some(g) => eprintln!(
            "{k}-fold stratified cross-validation, grouped by {g:?} (seed {}):",
            args.seed
        ),
        None => eprintln!("{k}-fold stratified cross-validation (seed {}):", args.seed),
    }
    for (head, r) in &cv.heads {
        eprintln!(
            "  {head}: macro-F1 {:.4} ± {:.4}  accuracy {:.4} ± {:.4}  (majority baseline macro-F1 {:.4})",
            r.summary.macro_f1_mean,
            r.summary.macro_f1_std,
            r.summary.accuracy_mean,
            r.accuracy_std,
            r.summary.baseline_macro_f1
        );
        eprint!(
            "{}",
            indent(&format_report(
                &format!("{head} (pooled out-of-fold)"),
                &r.pooled
            ))
        );
        cv_summaries.insert(head.clone(), r.summary.clone());
    }
    Ok(cv_summaries)
}

/// What was trained, on stderr.
fn report_model(args: &Args, data: &LabeledData, model: &geostance::Model) {
    eprintln!(
        "trained on {} rows of {} ({} skipped): {} terms",
        data.texts.len(),
        args.data.display(),
        data.skipped,
        model.vectorizer().len()
    );
    for head in model.heads() {
        eprintln!(
            "  head {:?}: {} classes ({}), solver {}",
            head.name,
            head.labels.len(),
            shorten(&head.labels, 10),
            model
                .metadata()
                .solver
                .get(&head.name)
                .map(String::as_str)
                .unwrap_or("?")
        );
    }
}

/// The first `max` names, comma-separated, and how many more there are.
fn shorten(names: &[String], max: usize) -> String {
    let shown = names[..names.len().min(max)].join(", ");
    match names.len().saturating_sub(max) {
        0 => shown,
        more => format!("{shown}, … and {more} more"),
    }
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}
