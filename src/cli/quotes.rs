//! `geostance quotes`: an article in, its quoted statements out, each with
//! speaker, offsets and labels; `--summary` adds per-speaker roll-ups.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;

use geostance::ClassifiedQuote;
use serde::Serialize;

use super::{Format, ModelArg, default_format, load_classifier, user_error};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article: plain text or Markdown, paragraphs separated by blank lines (`-` = stdin).
    input: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// Output format (default: table on a terminal, jsonl when piped).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Add a per-speaker and per-article roll-up: quotes, label counts,
    /// net cooperation = mean(P(cooperative) - P(tense)).
    #[arg(long)]
    summary: bool,
}

/// Counts and net cooperation of a group of quotes.
#[derive(Debug, Default, Serialize)]
struct RollUp {
    quotes: usize,
    labels: BTreeMap<String, BTreeMap<String, usize>>,
    /// mean(P(cooperative) - P(tense)) in [-1, 1], when the model has those stance labels.
    net_cooperation: Option<f64>,
    #[serde(skip)]
    net_sum: f64,
}

impl RollUp {
    fn add(&mut self, q: &ClassifiedQuote) {
        self.quotes += 1;
        for h in &q.prediction.heads {
            *self
                .labels
                .entry(h.head.clone())
                .or_default()
                .entry(h.label.clone())
                .or_default() += 1;
        }
        if let Some(stance) = q.prediction.head("stance") {
            let p = |l: &str| {
                stance
                    .probabilities
                    .iter()
                    .find(|(x, _)| x == l)
                    .map(|(_, p)| *p as f64)
            };
            if let (Some(c), Some(t)) = (p("cooperative"), p("tense")) {
                self.net_sum += c - t;
                self.net_cooperation = Some(self.net_sum / self.quotes as f64);
            }
        }
    }
}

#[derive(Debug, Serialize)]
struct Summary {
    article: RollUp,
    /// Per canonical speaker name; quotes with no known speaker under "(unknown)".
    speakers: BTreeMap<String, RollUp>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    if args.input.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(&args.input).map_err(|e| geostance::Error::Io {
            path: args.input.clone(),
            source: e,
            hint: " (check the article path)".into(),
        })?;
    }
    let article = String::from_utf8(bytes).map_err(|e| {
        user_error(format!(
            "{}: invalid UTF-8 at byte {}; convert the article to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
            args.input.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let clf = load_classifier(&args.model)?;
    let quotes = clf.classify_article(&article);
    let format = args.format.unwrap_or_else(|| default_format(Format::Jsonl));
    let summary = args.summary.then(|| {
        let mut s = Summary {
            article: RollUp::default(),
            speakers: BTreeMap::new(),
        };
        for q in &quotes {
            s.article.add(q);
            let who = q
                .quote
                .speaker
                .clone()
                .unwrap_or_else(|| "(unknown)".into());
            s.speakers.entry(who).or_default().add(q);
        }
        s
    });
    let mut out = std::io::stdout().lock();
    match format {
        Format::Jsonl | Format::Json => {
            for q in &quotes {
                let mut v = serde_json::to_value(&q.quote)?;
                for h in &q.prediction.heads {
                    v[&h.head] = serde_json::json!({
                        "label": h.label,
                        "confidence": h.confidence,
                        "probabilities": h.probabilities.iter().cloned().collect::<BTreeMap<_, _>>(),
                    });
                }
                writeln!(out, "{v}")?;
            }
            if let Some(s) = &summary {
                writeln!(out, "{}", serde_json::json!({ "summary": s }))?;
            }
        }
        Format::Csv | Format::Tsv => {
            let sep = if format == Format::Csv { b',' } else { b'\t' };
            let mut w = csv::WriterBuilder::new()
                .delimiter(sep)
                .from_writer(&mut out);
            let heads = clf.head_names();
            let mut header: Vec<String> = [
                "quote",
                "speaker",
                "speaker_mention",
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
            for h in &heads {
                header.push(h.to_string());
                header.push(format!("{h}_confidence"));
            }
            w.write_record(&header)?;
            for q in &quotes {
                let t = &q.quote;
                let mut rec = vec![
                    t.quote.replace(['\t', '\n'], " "),
                    t.speaker.clone().unwrap_or_default(),
                    t.speaker_mention.clone().unwrap_or_default(),
                    t.cue.clone().unwrap_or_default(),
                    t.start.to_string(),
                    t.end.to_string(),
                    t.paragraph.to_string(),
                    t.partial.to_string(),
                    match t.context_kind {
                        geostance::quotes::ContextKind::Quote => "quote".to_string(),
                        geostance::quotes::ContextKind::Sentence => "sentence".to_string(),
                    },
                    t.context.replace(['\t', '\n'], " "),
                ];
                for h in &q.prediction.heads {
                    rec.push(h.label.clone());
                    rec.push(format!("{:.4}", h.confidence));
                }
                w.write_record(&rec)?;
            }
            w.flush()?;
            drop(w);
            if summary.is_some() {
                eprintln!("geostance: note: --summary is printed with --format table or jsonl");
            }
        }
        Format::Table => {
            for q in &quotes {
                let labels: Vec<String> = q
                    .prediction
                    .heads
                    .iter()
                    .map(|h| format!("{} ({:.2})", h.label, h.confidence))
                    .collect();
                let shown: String = q.quote.quote.chars().take(90).collect();
                writeln!(
                    out,
                    "¶{:<3} {:<22} {:<44} {}{}",
                    q.quote.paragraph,
                    q.quote.speaker.as_deref().unwrap_or("(unknown)"),
                    labels.join(" "),
                    shown,
                    if shown.len() < q.quote.quote.len() {
                        "…"
                    } else {
                        ""
                    }
                )?;
            }
            if let Some(s) = &summary {
                writeln!(out)?;
                for (who, r) in std::iter::once(("article".to_string(), &s.article))
                    .chain(s.speakers.iter().map(|(k, v)| (k.clone(), v)))
                {
                    let counts: Vec<String> = r
                        .labels
                        .get("stance")
                        .into_iter()
                        .flatten()
                        .map(|(l, n)| format!("{l} {n}"))
                        .collect();
                    let net = r
                        .net_cooperation
                        .map(|n| format!(", net {n:+.2}"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{who}: {} quotes, {}{net}",
                        r.quotes,
                        counts.join(", ")
                    )?;
                }
            }
        }
    }
    if quotes.is_empty() {
        eprintln!(
            "geostance: note: no quoted statement found in {}",
            args.input.display()
        );
    }
    Ok(())
}
