//! `geostance dyads`: a corpus in, one row per period and (source, target)
//! out, with label counts and net cooperation; `--plot` draws chosen dyads.

use std::io::Write;
use std::path::PathBuf;

use geostance::corpus::{Article, ArticleSource};
use geostance::dyads::{DyadRow, DyadTable, Period, Statement};
use geostance::quotes::ActorResolver;
use geostance::stream::process_stream;
use rayon::prelude::*;

use super::io::{ArchiveArgs, gazetteer, open_articles, start_threads};
use super::{Format, ModelArg, default_format, load_classifier, render, user_error};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article files or folders (every .txt/.md inside); or use --input.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    archive: ArchiveArgs,
    #[command(flatten)]
    model: ModelArg,
    /// The actor that publishes the corpus (e.g. RUS for kremlin.ru): every
    /// sentence that is not a quote of someone else is its statement.
    #[arg(long, value_name = "CODE")]
    source_actor: Option<String>,
    /// Period of a row: day, week (ISO), month or year.
    #[arg(long, default_value = "year", value_parser = ["day", "week", "month", "year"])]
    by: String,
    /// Output format: csv, jsonl or table (default: table on a terminal, csv when piped).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Write an SVG line chart of net cooperation over time for the --dyad pairs.
    #[arg(long, value_name = "FILE.svg", requires = "dyad")]
    plot: Option<PathBuf>,
    /// A dyad to plot, SOURCE-TARGET (e.g. RUS-USA); repeat for more lines.
    #[arg(long, value_name = "SRC-TGT")]
    dyad: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

/// The `--dyad SRC-TGT` pairs.
fn parse_dyads(dyads: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    dyads
        .iter()
        .map(|d| {
            d.split_once('-')
                .filter(|(s, t)| !s.is_empty() && !t.is_empty())
                .map(|(s, t)| (s.to_string(), t.to_string()))
                .ok_or_else(|| {
                    user_error(format!("--dyad {d:?}: write SOURCE-TARGET, e.g. RUS-USA"))
                })
        })
        .collect()
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let dyads = parse_dyads(&args.dyad)?;
    if !args.dyad.is_empty() && args.plot.is_none() {
        return Err(user_error(
            "--dyad chooses the lines of --plot FILE.svg: add --plot",
        ));
    }
    if let Some(path) = &args.plot {
        // Before reading the corpus, not after.
        super::io::check_output_dir(path, "--plot")?;
    }
    start_threads(args.threads)?;
    let articles = open_articles(&args.paths, &args.archive)?;
    let clf = load_classifier(&args.model)?;
    let g = gazetteer(&args.model)?;
    // The publisher's own titles and messages are its statements.
    let resolver = ActorResolver::for_publisher(&g, args.source_actor.as_deref())
        .map_err(|code| super::quotes::unknown_actor("--source-actor", code))?;
    let by = Period::parse(&args.by).expect("clap checked --by");
    let mut table = DyadTable::new(by);
    let source = args.source_actor.as_deref();
    let mut articles_read = 0usize;
    let unknown = super::io::UnknownPublishers::default();
    let work = |articles: &[Article]| -> Vec<Vec<Statement>> {
        let one = |a: &Article| {
            unknown.check(&resolver, a);
            geostance::dyads::statements(&clf, &resolver, a, source)
        };
        if rayon::current_num_threads() <= 1 {
            articles.iter().map(one).collect()
        } else {
            articles.par_iter().map(one).collect()
        }
    };
    process_stream(ArticleSource::new(articles), &work, |statements| {
        articles_read += 1;
        for s in &statements {
            table.add(s);
        }
        Ok(())
    })?;
    unknown.warn(args.archive.publisher_column.as_deref());
    if let Some((article, e)) = table.bad_dates.first() {
        eprintln!(
            "geostance: warning: {} statement(s) with an unreadable date counted as undated (first: article {article}: {e})",
            table.bad_dates.len()
        );
    }
    let rows = table.rows();
    let format = args.format.unwrap_or_else(|| default_format(Format::Csv));
    let mut out = super::io::stdout();
    write_rows(&mut out, format, &rows)?;
    out.flush()?;
    if let Some(path) = &args.plot {
        let title = format!("Net cooperation by {}", args.by);
        let svg = geostance::dyads::plot::net_cooperation_svg(&rows, &dyads, &title)
            .map_err(|e| user_error(format!("--plot {}: {e}", path.display())))?;
        super::io::write_file(path, "--plot", svg.as_bytes())?;
        for (s, t) in &dyads {
            if !rows.iter().any(|r| &r.source == s && &r.target == t) {
                eprintln!("geostance: warning: --dyad {s}-{t} has no statement; its line is empty");
            }
        }
    }
    if rows.is_empty() {
        eprintln!(
            "geostance: note: no statement with a source and a target in {articles_read} article(s)"
        );
    }
    Ok(())
}

/// The rows in `format`.
fn write_rows(out: &mut impl Write, format: Format, rows: &[DyadRow]) -> anyhow::Result<()> {
    let num = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
    match format {
        Format::Csv | Format::Tsv => {
            let tsv = format == Format::Tsv;
            let mut w = render::csv_writer(tsv, &mut *out);
            w.write_record([
                "period",
                "source",
                "target",
                "statements",
                "cooperative",
                "neutral",
                "tense",
                "net_cooperation",
                "net_sentiment",
            ])?;
            for r in rows {
                w.write_record([
                    r.period.clone(),
                    r.source.clone(),
                    r.target.clone(),
                    r.statements.to_string(),
                    r.cooperative.to_string(),
                    r.neutral.to_string(),
                    r.tense.to_string(),
                    num(r.net_cooperation),
                    num(r.net_sentiment),
                ])?;
            }
            w.flush()?;
        }
        Format::Jsonl => {
            for r in rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        Format::Table => {
            writeln!(
                out,
                "{:<10} {:<6} {:<6} {:>10} {:>6} {:>6} {:>6} {:>8} {:>8}",
                "period",
                "source",
                "target",
                "statements",
                "coop",
                "neut",
                "tense",
                "net_coop",
                "net_sent"
            )?;
            for r in rows {
                writeln!(
                    out,
                    "{:<10} {:<6} {:<6} {:>10} {:>6} {:>6} {:>6} {:>8} {:>8}",
                    r.period,
                    r.source,
                    r.target,
                    r.statements,
                    r.cooperative,
                    r.neutral,
                    r.tense,
                    num(r.net_cooperation),
                    num(r.net_sentiment)
                )?;
            }
        }
    }
    Ok(())
}
