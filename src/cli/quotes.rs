//! `geostance quotes`: articles in (files, folders, or a JSON Lines / CSV
//! archive), their quoted statements out, each with speaker, speaker actor,
//! targets, offsets and labels; `--summary` adds roll-ups per speaker and
//! per (source, target) dyad.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use geostance::AttributedQuote;
use geostance::corpus::{Article, ArticleSource};
use geostance::dyads::RollUp;
use geostance::dyads::summary::{QuoteSummary, UNKNOWN_SPEAKER};
use geostance::quotes::{ActorResolver, ContextKind};
use geostance::stream::process_stream;
use rayon::prelude::*;
use serde_json::{Value, json};

use super::io::{ArchiveArgs, UnknownPublishers, gazetteer, open_articles, start_threads};
use super::{Format, ModelArg, default_format, load_classifier, render, user_error};

/// The usage error for a flag naming no state or organisation of the gazetteer.
pub(super) fn unknown_actor(flag: &str, code: &str) -> anyhow::Error {
    user_error(format!(
        "{flag} {code:?} is no state or organisation code of the gazetteer; use an ISO 3166 alpha-3 code (RUS, USA) or an organisation code (NATO, EU); see `geostance actors`"
    ))
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article files (plain text or Markdown, paragraphs separated by blank
    /// lines) or folders (every .txt/.md inside, sorted); `-` = one article on stdin.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    archive: ArchiveArgs,
    #[command(flatten)]
    model: ModelArg,
    /// Output format (default: table on a terminal, jsonl when piped).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Add roll-ups: the whole input, per speaker, and per (source, target)
    /// dyad: quotes, label counts, net cooperation = mean(P(cooperative) -
    /// P(tense)), net sentiment = mean(P(positive) - P(negative)).
    #[arg(long)]
    summary: bool,
    /// Worker threads (default: all cores). Articles are processed in
    /// parallel and written in input order.
    #[arg(long)]
    threads: Option<usize>,
    /// The state or organisation whose site or office publishes the articles
    /// (e.g. RUS for kremlin.ru): a quote attributed to a bare title or
    /// message ("the President said", "The message said") whose person the
    /// article does not name speaks for it.
    #[arg(long, value_name = "CODE")]
    publisher: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    start_threads(args.threads)?;
    let articles = open_articles(&args.paths, &args.archive)?;
    let clf = load_classifier(&args.model)?;
    let g = gazetteer(&args.model)?;
    let resolver = ActorResolver::for_publisher(&g, args.publisher.as_deref())
        .map_err(|code| unknown_actor("--publisher", code))?;
    let format = args.format.unwrap_or_else(|| default_format(Format::Jsonl));
    let heads: Vec<String> = clf.head_names().iter().map(|s| s.to_string()).collect();
    let mut writer = QuoteWriter::new(format, heads, args.summary);
    let mut out = super::io::stdout();
    writer.start(&mut out)?;
    // Workers extract and classify a chunk of articles; the writer renders
    // them in input order and keeps the roll-ups.
    let unknown = UnknownPublishers::default();
    let work = |articles: &[Article]| -> Vec<ArticleQuotes> {
        let one = |a: &Article| {
            unknown.check(&resolver, a);
            (a.meta.clone(), clf.classify_article_actors(a, &resolver))
        };
        if rayon::current_num_threads() <= 1 {
            articles.iter().map(one).collect()
        } else {
            articles.par_iter().map(one).collect()
        }
    };
    let streamed = process_stream(ArticleSource::new(articles), &work, |(meta, quotes)| {
        writer.article(&mut out, &meta, &quotes)
    });
    if streamed.is_err() {
        // A bad record mid-stream: close the JSON document (no roll-ups, they
        // would be partial), so that the quotes written stay readable; the
        // error still ends the run. A failed write here changes nothing.
        let _ =
            write_summary(&mut out, format, None, &writer.heads).and_then(|()| Ok(out.flush()?));
    }
    streamed?;
    unknown.warn(args.archive.publisher_column.as_deref());
    writer.finish(&mut out)?;
    out.flush()?;
    if writer.written == 0 {
        eprintln!(
            "geostance: note: no quoted statement found in {} article(s)",
            writer.summary.articles
        );
    }
    Ok(())
}

/// An article's `meta` and its quotes, as the workers hand them on.
type ArticleQuotes = (serde_json::Map<String, Value>, Vec<AttributedQuote>);

/// Writes quotes in one format as articles come, and keeps the roll-ups.
struct QuoteWriter {
    format: Format,
    heads: Vec<String>,
    /// Whether the roll-ups are printed at the end (`--summary`).
    with_summary: bool,
    summary: QuoteSummary,
    /// Quotes written so far.
    written: usize,
}

impl QuoteWriter {
    fn new(format: Format, heads: Vec<String>, with_summary: bool) -> Self {
        QuoteWriter {
            format,
            heads,
            with_summary,
            summary: QuoteSummary::default(),
            written: 0,
        }
    }

    /// One record as a CSV or TSV line.
    fn csv_line(&self, fields: &[String]) -> anyhow::Result<Vec<u8>> {
        let tsv = self.format == Format::Tsv;
        let mut w = render::csv_writer(tsv, Vec::new());
        render::write_record(&mut w, tsv, fields)?;
        w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// What comes before the first quote: the JSON document's opening, the CSV header.
    fn start(&self, out: &mut impl Write) -> anyhow::Result<()> {
        match self.format {
            Format::Json => write!(out, "{{\"quotes\": [")?,
            Format::Csv | Format::Tsv => {
                out.write_all(&self.csv_line(&csv_header(&self.heads))?)?
            }
            _ => {}
        }
        Ok(())
    }

    /// The quotes of one article. Write errors come back as they are (a
    /// closed pipe ends the run quietly).
    fn article(
        &mut self,
        out: &mut impl Write,
        meta: &serde_json::Map<String, Value>,
        quotes: &[AttributedQuote],
    ) -> std::io::Result<()> {
        self.summary.add_article();
        for q in quotes {
            if self.with_summary {
                self.summary.add(q);
            }
            let json = || record(q, meta).map_err(std::io::Error::other);
            match self.format {
                Format::Jsonl => writeln!(out, "{}", json()?)?,
                Format::Json => {
                    let comma = if self.written > 0 { "," } else { "" };
                    write!(out, "{comma}\n  {}", json()?)?;
                }
                Format::Csv | Format::Tsv => {
                    let line = self
                        .csv_line(&csv_record(q))
                        .map_err(std::io::Error::other)?;
                    out.write_all(&line)?;
                }
                Format::Table => writeln!(out, "{}", table_line(q))?,
            }
            self.written += 1;
        }
        Ok(())
    }

    /// The end of the JSON document and the `--summary` roll-ups.
    fn finish(&mut self, out: &mut impl Write) -> anyhow::Result<()> {
        self.summary.finish();
        let summary = self.with_summary.then_some(&self.summary);
        write_summary(out, self.format, summary, &self.heads)
    }
}

/// A quote as a line of the table: paragraph, speaker, actor, targets,
/// labels and the start of the quote.
fn table_line(q: &AttributedQuote) -> String {
    let labels: Vec<String> = q
        .prediction
        .heads
        .iter()
        .map(|h| format!("{} ({:.2})", h.label, h.confidence))
        .collect();
    let shown: String = q.quote.quote.chars().take(80).collect();
    let actor = q.speaker_actor.as_ref().map_or("-", |s| s.code.as_str());
    let targets: Vec<&str> = q.targets.iter().map(|t| t.code.as_str()).collect();
    format!(
        "¶{:<3} {:<22} {:<5} → {:<12} {:<44} {}{}",
        q.quote.paragraph,
        q.quote.speaker.as_deref().unwrap_or(UNKNOWN_SPEAKER),
        actor,
        if targets.is_empty() {
            "-".to_string()
        } else {
            targets.join(",")
        },
        labels.join(" "),
        shown,
        if shown.len() < q.quote.quote.len() {
            "…"
        } else {
            ""
        }
    )
}

/// The jsonl record of a quote: its fields, `meta` when the archive had
/// other fields, and one object per head.
fn record(q: &AttributedQuote, meta: &serde_json::Map<String, Value>) -> anyhow::Result<Value> {
    let mut v = serde_json::to_value(q)?;
    if !meta.is_empty() {
        v["meta"] = Value::Object(meta.clone());
    }
    for h in &q.prediction.heads {
        v[&h.head] = json!({
            "label": h.label,
            "confidence": h.confidence,
            "probabilities": h.probabilities.iter().cloned().collect::<BTreeMap<_, _>>(),
        });
    }
    Ok(v)
}

fn csv_record(q: &AttributedQuote) -> Vec<String> {
    let t = &q.quote;
    let mut rec = vec![
        q.article.clone(),
        q.date.clone().unwrap_or_default(),
        t.quote.replace(['\t', '\n'], " "),
        t.speaker.clone().unwrap_or_default(),
        t.speaker_mention.clone().unwrap_or_default(),
        q.speaker_actor
            .as_ref()
            .map(|s| s.code.clone())
            .unwrap_or_default(),
        q.speaker_actor
            .as_ref()
            .map(|s| {
                serde_json::to_value(s.via)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .unwrap_or_default(),
        q.targets
            .iter()
            .map(|t| {
                if t.inferred {
                    format!("{}*", t.code)
                } else {
                    t.code.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(";"),
        t.cue.clone().unwrap_or_default(),
        t.start.to_string(),
        t.end.to_string(),
        t.paragraph.to_string(),
        t.partial.to_string(),
        match t.context_kind {
            ContextKind::Quote => "quote".to_string(),
            ContextKind::Sentence => "sentence".to_string(),
        },
        t.context.replace(['\t', '\n'], " "),
    ];
    for h in &q.prediction.heads {
        rec.push(h.label.clone());
        rec.push(format!("{:.4}", h.confidence));
    }
    rec
}

/// What follows the quotes: the end of the JSON document, and the
/// `--summary` roll-ups in the format's way.
fn write_summary(
    out: &mut impl Write,
    format: Format,
    summary: Option<&QuoteSummary>,
    heads: &[String],
) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            write!(out, "\n]")?;
            if let Some(summary) = summary {
                write!(out, ", \"summary\": {}", serde_json::to_string(summary)?)?;
            }
            writeln!(out, "}}")?;
        }
        Format::Jsonl if summary.is_some() => writeln!(out, "{}", json!({ "summary": summary }))?,
        Format::Table if summary.is_some() => {
            writeln!(out)?;
            let line = |who: &str, r: &RollUp| {
                // The first head's label counts.
                let counts: Vec<String> = r
                    .labels
                    .get(heads.first().map_or("stance", String::as_str))
                    .into_iter()
                    .flatten()
                    .map(|(l, n)| format!("{l} {n}"))
                    .collect();
                let net = r
                    .net_cooperation
                    .map(|n| format!(", net {n:+.2}"))
                    .unwrap_or_default();
                format!("{who}: {} quotes, {}{net}", r.quotes, counts.join(", "))
            };
            let summary = summary.expect("matched on is_some");
            writeln!(out, "{}", line("all", &summary.all))?;
            for (who, r) in &summary.speakers {
                writeln!(out, "{}", line(who, r))?;
            }
            for d in &summary.dyads {
                let who = format!("{} → {}", d.source, d.target);
                writeln!(out, "{}", line(&who, &d.rollup))?;
            }
        }
        Format::Csv | Format::Tsv if summary.is_some() => {
            eprintln!("geostance: note: --summary is printed with --format table, json or jsonl");
        }
        _ => {}
    }
    Ok(())
}

/// The CSV/TSV header: the quote's columns, then two per head.
fn csv_header(heads: &[String]) -> Vec<String> {
    let mut header: Vec<String> = [
        "article",
        "date",
        "quote",
        "speaker",
        "speaker_mention",
        "speaker_actor",
        "speaker_via",
        "targets",
        "cue",
        "start",
        "end",
        "paragraph",
        "partial",
        "context_kind",
        "context",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for h in heads {
        header.push(h.clone());
        header.push(format!("{h}_confidence"));
    }
    header
}
