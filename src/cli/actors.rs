//! `geostance actors`: the states, capitals, organisations and people a
//! text names, from the built-in gazetteer plus `--actors FILE`.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use geostance::actors::{Gazetteer, read_actor_csv};
use serde::Serialize;

use super::{Format, default_format, user_error};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Texts to search (default: one text per line from --input or stdin).
    texts: Vec<String>,
    /// File with one text per line, or - for stdin.
    #[arg(long, short = 'i', value_name = "FILE")]
    input: Option<PathBuf>,
    /// Your own actors on top of the built-in gazetteer (CSV with the header
    /// name,code,kind,from,to).
    #[arg(long, value_name = "FILE.csv")]
    actors: Option<PathBuf>,
    /// table (default on a terminal) or jsonl (one line per text).
    #[arg(long, short = 'f', value_enum)]
    format: Option<ActorsFormat>,
}

/// The formats `actors` writes: one result per input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ActorsFormat {
    Table,
    Jsonl,
}

#[derive(Serialize)]
struct Found<'a> {
    mention: &'a str,
    start: usize,
    end: usize,
    kind: &'static str,
    code: &'a str,
    name: &'a str,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let base = Gazetteer::embedded();
    let g = match &args.actors {
        Some(p) => std::sync::Arc::new(base.with_rows(&read_actor_csv(p)?)),
        None => base,
    };
    let format = args.format.unwrap_or(match default_format(Format::Jsonl) {
        Format::Table => ActorsFormat::Table,
        _ => ActorsFormat::Jsonl,
    });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut emit = |text: &str| -> anyhow::Result<()> {
        let found: Vec<Found> = g
            .find(text)
            .into_iter()
            .map(|m| {
                let a = g.actor(m.actor);
                Found {
                    mention: &text[m.start..m.end],
                    start: m.start,
                    end: m.end,
                    kind: a.kind.as_str(),
                    code: &a.code,
                    name: &a.name,
                }
            })
            .collect();
        if format == ActorsFormat::Jsonl {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"text": text, "actors": found}),
            )?;
            writeln!(out)?;
        } else {
            writeln!(out, "{text}")?;
            for f in &found {
                writeln!(
                    out,
                    "  {:<24} {:<8} {:<6} {} @{}..{}",
                    f.mention, f.kind, f.code, f.name, f.start, f.end
                )?;
            }
        }
        Ok(())
    };
    if !args.texts.is_empty() {
        for t in &args.texts {
            emit(t)?;
        }
    } else {
        let reader: Box<dyn BufRead> = match args.input.as_deref() {
            None => Box::new(std::io::stdin().lock()),
            Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
            Some(p) => Box::new(std::io::BufReader::new(std::fs::File::open(p).map_err(
                |e| user_error(format!("{}: {e} (check the path)", p.display())),
            )?)),
        };
        let name = args
            .input
            .as_ref()
            .map_or("stdin".to_string(), |p| p.display().to_string());
        for (i, line) in reader.split(b'\n').enumerate() {
            let line = line?;
            let text = std::str::from_utf8(&line).map_err(|_| {
                user_error(format!(
                    "{name}, line {}: invalid UTF-8: save the file as UTF-8",
                    i + 1
                ))
            })?;
            emit(text.strip_suffix('\r').unwrap_or(text))?;
        }
    }
    out.flush()?;
    Ok(())
}
