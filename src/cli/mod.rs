//! Subcommands, one file each; this module holds the argument types shared
//! between them, the output format choice and the exit-code policy.

mod actors;
mod classify;
mod dyads;
mod evaluate;
mod explain;
mod inspect;
mod io;
mod json;
mod quotes;
mod render;
mod train;
mod vectors;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use geostance::Classifier;

/// Label geopolitical statements: stance (cooperative / neutral / tense) and
/// sentiment (positive / neutral / negative).
#[derive(Debug, Parser)]
#[command(name = "geostance", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Train a model from a labeled CSV file.
    Train(train::Args),
    /// Classify texts: arguments, a file, or stdin (one statement per line, or CSV).
    Classify(classify::Args),
    /// Score a model on a labeled CSV file.
    Evaluate(evaluate::Args),
    /// Show which words drove each label of one text.
    Explain(explain::Args),
    /// Show a model's heads, labels, vocabulary and training metadata.
    Inspect(inspect::Args),
    /// Learn word vectors from unlabeled text (skip-gram), for `train --vectors`.
    Vectors(vectors::Args),
    /// Extract the quoted statements of an article, with speakers, and classify them.
    Quotes(quotes::Args),
    /// Roll statements up per period and (source, target) actor pair; chart them.
    Dyads(dyads::Args),
    /// List the states, capitals, organisations and people a text names.
    Actors(actors::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Train(a) => train::run(a),
        Command::Classify(a) => classify::run(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Quotes(a) => quotes::run(a),
        Command::Vectors(a) => vectors::run(a),
        Command::Actors(a) => actors::run(a),
        Command::Dyads(a) => dyads::run(a),
    }
}

/// Prints the error chain to stderr and picks the exit code: 0 for a closed
/// stdout pipe, 2 for errors the user can fix, 1 for internal failures.
pub fn report(e: anyhow::Error) -> ExitCode {
    if e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        return ExitCode::SUCCESS;
    }
    let mut msg = format!("geostance: error: {}", describe(e.chain().next()));
    for cause in e.chain().skip(1) {
        let c = describe(Some(cause));
        if !msg.contains(&c) {
            msg.push_str(&format!(": {c}"));
        }
    }
    eprintln!("{msg}");
    let internal = e.chain().any(|c| {
        c.downcast_ref::<geostance::Error>()
            .is_some_and(|g| !g.is_user_error())
    });
    let user = e.chain().any(|c| {
        c.downcast_ref::<geostance::Error>().is_some() || c.downcast_ref::<UserError>().is_some()
    });
    if user && !internal {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

/// One error of a chain as users see it: library errors name settings by
/// their command-line flags.
fn describe(e: Option<&(dyn std::error::Error + 'static)>) -> String {
    match e {
        Some(e) => match e.downcast_ref::<geostance::Error>() {
            Some(g) => g.message_with(&|s| s.flag().to_string()),
            None => e.to_string(),
        },
        None => String::new(),
    }
}

/// An error in how the tool was called or in its input (exit 2).
#[derive(Debug)]
pub struct UserError(pub String);
impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UserError {}

pub fn user_error(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(msg.into()))
}

/// Output formats. `table` is for people; the others are for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Jsonl,
    Json,
    Csv,
    Tsv,
}

/// `table` on a terminal, the machine format otherwise.
pub fn default_format(machine: Format) -> Format {
    if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        machine
    }
}

/// Loads `--model PATH` (or the embedded default model) with `--actors FILE`.
pub fn load_classifier(args: &ModelArg) -> anyhow::Result<Classifier> {
    let clf = match &args.model {
        Some(p) => Classifier::from_path(p)?,
        None => Classifier::embedded()?,
    };
    Ok(match &args.actors {
        Some(path) => clf.with_actors(&geostance::actors::read_actor_csv(path)?),
        None => clf,
    })
}

/// `--model PATH` and `--actors FILE`, shared by every subcommand that uses a model.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArg {
    /// Model file written by `geostance train` (default: the embedded model).
    #[arg(long, short = 'm', value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// Your own actors on top of the built-in gazetteer: a CSV with the
    /// header name,code,kind,from,to (kind: country, capital, org, person).
    #[arg(long, value_name = "FILE.csv")]
    pub actors: Option<PathBuf>,
}

/// Parses `1..2` / `1-2` / `2` into an inclusive range.
pub fn parse_range(s: &str) -> Result<[usize; 2], String> {
    let parts: Vec<&str> = s.split(['.', '-', ',']).filter(|p| !p.is_empty()).collect();
    let nums: Result<Vec<usize>, _> = parts.iter().map(|p| p.trim().parse::<usize>()).collect();
    match nums.as_deref() {
        Ok([a]) => Ok([*a, *a]),
        Ok([a, b]) => Ok([*a, *b]),
        _ => Err(format!("{s:?} is not a range: write MIN..MAX, e.g. 1..2")),
    }
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub fn progress(len: Option<u64>, what: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = match len {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    let template = if len.is_some() {
        "{msg} [{bar:30}] {pos}/{len} ({elapsed})"
    } else {
        "{msg} {pos} ({per_sec}, {elapsed})"
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(what.to_string());
    pb
}
