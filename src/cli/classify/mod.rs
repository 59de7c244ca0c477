//! `geostance classify`: texts from arguments, a file or stdin -> one result
//! per input, in input order. A streaming filter (see
//! [`geostance::stream`]): memory stays bounded whatever the input size.

mod render;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use geostance::Classifier;
use geostance::stream::{CsvSource, LineSource, Source, Texts, classify_stream};

use super::io::{Input, start_threads, stdout};
use super::{ModelArg, load_classifier, progress, user_error};
use render::{Renderer, Run, Statement};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Texts to classify (each argument is one statement).
    texts: Vec<String>,
    /// Read statements from FILE, one per line (`-` = stdin). A `.csv` file,
    /// or any file with --text-column, is read as CSV.
    #[arg(long, short = 'i', value_name = "FILE|-")]
    input: Option<PathBuf>,
    /// Read the input as CSV and classify this column; output keeps every
    /// input column and appends the labels.
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    #[command(flatten)]
    model: ModelArg,
    /// Output format (default: table on a terminal, jsonl when piped; csv
    /// for CSV input). json is one array; jsonl one object per line.
    #[arg(long, short = 'f', value_enum)]
    format: Option<ClassifyFormat>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 't')]
    threads: Option<usize>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
}

/// The formats `classify` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClassifyFormat {
    Table,
    Jsonl,
    Json,
    Csv,
    Tsv,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if !args.texts.is_empty() && args.input.is_some() {
        return Err(user_error("give texts as arguments or --input, not both"));
    }
    let clf = load_classifier(&args.model)?;
    start_threads(args.threads)?;
    let csv_input = args.text_column.is_some()
        || args
            .input
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
    let format = |csv: bool| {
        args.format.unwrap_or(if csv {
            ClassifyFormat::Csv
        } else if std::io::stdout().is_terminal() {
            ClassifyFormat::Table
        } else {
            ClassifyFormat::Jsonl
        })
    };
    let mut out = stdout();
    if csv_input {
        let path = args.input.as_ref().ok_or_else(|| {
            user_error("--text-column reads CSV from --input FILE.csv (or --input - for stdin)")
        })?;
        let input = Input::open(path, "--input")?;
        let column = args.text_column.as_deref().unwrap_or("text");
        let source = CsvSource::new(input.reader, &input.name, column, args.lossy)?;
        let columns = source.columns().to_vec();
        write_all(&clf, source, format(true), Some(&columns), &mut out)?;
    } else if let Some(path) = &args.input {
        let input = Input::open(path, "--input")?;
        let source = LineSource::new(input.reader, input.name, args.lossy);
        write_all(&clf, source, format(false), None, &mut out)?;
    } else if !args.texts.is_empty() {
        let source = Texts::new(args.texts.clone());
        write_all(&clf, source, format(false), None, &mut out)?;
    } else if !std::io::stdin().is_terminal() {
        let input = Input::open("-".as_ref(), "--input")?;
        let source = LineSource::new(input.reader, input.name, args.lossy);
        write_all(&clf, source, format(false), None, &mut out)?;
    } else {
        return Err(user_error(
            "nothing to classify: give TEXT arguments, --input FILE, or pipe lines on stdin",
        ));
    }
    out.flush()?;
    Ok(())
}

/// Classifies every statement of `source` and writes the results to `out`
/// in `format`, header and footer included.
fn write_all<S>(
    clf: &Classifier,
    source: S,
    format: ClassifyFormat,
    columns: Option<&[String]>,
    out: &mut (impl Write + Send),
) -> anyhow::Result<()>
where
    S: Source,
    S::Record: Statement,
{
    let renderer = Renderer::new(clf, format);
    renderer.header(out, columns)?;
    let pb = progress(None, "classified");
    let mut first = format == ClassifyFormat::Json;
    let streamed = classify_stream(clf, source, &renderer, |run: Run| {
        pb.inc(run.statements as u64);
        let bytes = run.into_bytes()?;
        // JSON objects come as ",\n{...}": the first drops its comma.
        let skip = if first && !bytes.is_empty() {
            first = false;
            1
        } else {
            0
        };
        out.write_all(&bytes[skip..])
    });
    pb.finish_and_clear();
    if streamed.is_err() {
        // A bad record mid-stream: close the JSON array, so that what was
        // written stays a readable document; the error still ends the run
        // (non-zero exit). A failed write here (a closed pipe) changes nothing.
        let _ = renderer.footer(out).and_then(|()| out.flush());
    }
    streamed?;
    renderer.footer(out)?;
    Ok(())
}
