//! `geostance vectors`: unlabeled text in, word vectors out (written atomically).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use geostance::embeddings::file::Encoding;
use geostance::embeddings::{Corpus, SkipGramParams, input_files, train_vectors};
use geostance::tokenize::{Analyzer, AnalyzerConfig, Language};

use super::progress;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Unlabeled text: a CSV file, a JSON Lines file (`.jsonl` or `.json`,
    /// one record per line; each line of its text field is a text), a text file (one
    /// text per line), a directory (every .csv, .jsonl and .txt under it) or
    /// - for stdin (lines). Repeat for several inputs.
    #[arg(long, short = 'i', value_name = "FILE|DIR|-", required = true)]
    input: Vec<PathBuf>,
    /// Where to write the vectors.
    #[arg(long, short = 'o', value_name = "PATH")]
    output: PathBuf,
    /// CSV column or JSON field holding the text; repeat to accept several
    /// names (each file uses the first it has).
    #[arg(long = "text-column", value_name = "NAME", default_values_t = vec!["text".to_string()])]
    text_columns: Vec<String>,
    /// Vector dimension.
    #[arg(long, default_value_t = 100)]
    dim: usize,
    /// Context window (words on each side, at most).
    #[arg(long, default_value_t = 5)]
    window: usize,
    /// Drop terms seen fewer times.
    #[arg(long, default_value_t = 3)]
    min_count: u64,
    /// Passes over the corpus.
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    /// Negative samples per pair.
    #[arg(long, default_value_t = 5)]
    negative: usize,
    /// Subsampling threshold for frequent words (0 = off).
    #[arg(long, default_value_t = 1e-3)]
    sample: f64,
    /// Seed: the same input, options and seed give the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Snowball stemming language (or none); must match the classifier's.
    #[arg(long, default_value = "english")]
    language: String,
    /// Keep actor names as words instead of their placeholders.
    #[arg(long)]
    keep_names: bool,
    /// Store half-precision values (half the size).
    #[arg(long)]
    f16: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let language: Language = args.language.parse()?;
    let mut config = AnalyzerConfig::for_language(language);
    config.negation = false;
    config.word_ngrams = [1, 1];
    config.mask_actors = !args.keep_names;
    let params = SkipGramParams {
        dim: args.dim,
        window: args.window,
        min_count: args.min_count,
        epochs: args.epochs,
        negative: args.negative,
        sample: args.sample,
        seed: args.seed,
        ..SkipGramParams::default()
    };
    params.validate()?;
    super::io::check_output_dir(&args.output, "--output")?;
    let mut corpus = Corpus::new(Analyzer::new(config)?);
    let pb = progress(None, "reading");
    for input in &args.input {
        if input.as_os_str() == "-" {
            let bytes = super::io::read_all(input, "--input")?;
            corpus.add_file(std::path::Path::new("-"), &bytes, &args.text_columns)?;
            continue;
        }
        for file in input_files(input)? {
            pb.set_message(format!("reading {}", file.display()));
            let bytes = super::io::read_all(&file, "--input")?;
            let n = corpus.add_file(&file, &bytes, &args.text_columns)?;
            pb.set_position(corpus.words());
            eprintln!("read {n} texts from {}", file.display());
        }
    }
    pb.finish_and_clear();
    eprintln!(
        "{} texts, {} words in {:.1}s; training {} epochs",
        corpus.texts(),
        corpus.words(),
        started.elapsed().as_secs_f64(),
        args.epochs
    );
    let pb = progress(Some(0), "training");
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {percent}% {human_pos}/{human_len} words ({per_sec}, eta {eta})",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    let trained = Instant::now();
    let vectors = train_vectors(corpus, &params, |done, total| {
        pb.set_length(total);
        pb.set_position(done);
    })?;
    pb.finish_and_clear();
    let seconds = trained.elapsed().as_secs_f64();
    let words = vectors.info.corpus_words as f64 * args.epochs as f64;
    vectors
        .save(
            &args.output,
            if args.f16 {
                Encoding::F16
            } else {
                Encoding::F32
            },
        )
        .with_context(|| format!("writing the vectors to {}", args.output.display()))?;
    eprintln!(
        "{} terms x {} dimensions; trained in {seconds:.1}s ({:.0} words/s); wrote {} in {:.1}s",
        vectors.len(),
        vectors.dim(),
        words / seconds.max(1e-9),
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
