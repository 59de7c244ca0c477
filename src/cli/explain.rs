//! `geostance explain`: for each head, the label and the features that
//! pushed toward and against it, with the words they came from.

use std::io::Write;

use super::render::{DocFormat, write_document};
use super::{ModelArg, load_classifier, user_error};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The statement to explain.
    text: String,
    #[command(flatten)]
    model: ModelArg,
    /// How many features to show on each side.
    #[arg(long, default_value_t = 8)]
    top: usize,
    /// table (default), json (one document) or jsonl (one line).
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    format: DocFormat,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.text.trim().is_empty() {
        return Err(user_error("the text to explain is empty"));
    }
    let clf = load_classifier(&args.model)?;
    let explanation = clf.explain(&args.text);
    let mut out = std::io::stdout().lock();
    match args.format {
        DocFormat::Json | DocFormat::Jsonl => {
            write_document(&mut out, args.format, &explanation)?;
        }
        DocFormat::Table => {
            for h in &explanation.heads {
                writeln!(
                    out,
                    "{}: {} (confidence {:.2}; score {:.3} = intercept {:.3} + features)",
                    h.head, h.label, h.confidence, h.score, h.intercept
                )?;
                let toward: Vec<_> = h
                    .features
                    .iter()
                    .filter(|f| f.contribution > 0.0)
                    .take(args.top)
                    .collect();
                let mut against: Vec<_> =
                    h.features.iter().filter(|f| f.contribution < 0.0).collect();
                against.reverse();
                against.truncate(args.top);
                for (side, features) in [("toward", toward), ("against", against)] {
                    writeln!(out, "  {side} {}:", h.label)?;
                    for f in features {
                        writeln!(
                            out,
                            "    {:+.4}  {:<28} {}",
                            f.contribution,
                            f.term,
                            describe(f)
                        )?;
                    }
                }
                let others: Vec<String> = h
                    .scores
                    .iter()
                    .map(|(l, s)| format!("{l} {s:.3}"))
                    .collect();
                writeln!(out, "  scores: {}\n", others.join(", "))?;
            }
        }
    }
    Ok(())
}

fn describe(f: &geostance::Contribution) -> String {
    let spans: Vec<String> = f
        .spans
        .iter()
        .zip(&f.words)
        .map(|((s, e), w)| format!("{w:?}@{s}..{e}"))
        .collect();
    spans.join(" ")
}
