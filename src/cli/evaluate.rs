//! `geostance evaluate`: scores a model on a labeled CSV, per head whose
//! label column the file has, beside the majority-class baseline.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use geostance::data::{ReadOptions, read_labeled};
use geostance::eval::{HeadReport, format_report, report};

use super::io::Input;
use super::render::{DocFormat, write_document};
use super::{ModelArg, load_classifier, user_error};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labeled CSV file with a text column and one column per head to score.
    #[arg(long, short = 'd', value_name = "FILE.csv")]
    data: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// Column holding the statement text.
    #[arg(long, default_value = "text")]
    text_column: String,
    /// table (default), json (one document) or jsonl (one line).
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    format: DocFormat,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Skip rows with an empty text or label instead of failing.
    #[arg(long)]
    skip_invalid: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let clf = load_classifier(&args.model)?;
    let columns = header_columns(&args.data)?;
    let heads: Vec<String> = clf
        .head_names()
        .into_iter()
        .filter(|h| columns.iter().any(|c| c == h))
        .map(String::from)
        .collect();
    if heads.is_empty() {
        return Err(user_error(format!(
            "{}: no column is named after a head of the model ({}); the columns are: {}",
            args.data.display(),
            clf.head_names().join(", "),
            columns.join(", ")
        )));
    }
    let data = read_labeled(
        &args.data,
        &args.text_column,
        &heads,
        &ReadOptions {
            lossy: args.lossy,
            skip_invalid: args.skip_invalid,
            ..Default::default()
        },
    )?;
    for w in &data.warnings {
        eprintln!("geostance: warning: {w}");
    }
    let predictions = clf.classify_batch(&data.texts);
    let mut reports: BTreeMap<String, HeadReport> = BTreeMap::new();
    for (name, gold) in &data.heads {
        let head = clf
            .model()
            .heads()
            .iter()
            .find(|h| &h.name == name)
            .expect("head exists");
        let g: Vec<&str> = gold.iter().map(String::as_str).collect();
        let p: Vec<&str> = predictions
            .iter()
            .map(|p| p.label(name).expect("head"))
            .collect();
        reports.insert(name.clone(), report(&head.labels, &g, &p)?);
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        DocFormat::Json | DocFormat::Jsonl => {
            write_document(&mut out, args.format, &reports)?;
        }
        DocFormat::Table => {
            for (name, r) in &reports {
                write!(out, "{}", format_report(name, r))?;
            }
        }
    }
    Ok(())
}

/// The column names of a CSV file (to find which heads it can score).
fn header_columns(path: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let input = Input::open(path, "--data")?;
    Ok(geostance::data::csv_columns(input.reader, &input.name)?)
}
