//! `geostance inspect`: what a model is: heads, labels, vocabulary, how it
//! was trained and how good it claims to be; `--top N` adds the strongest
//! features per class.

use std::io::Write;

use super::render::{DocFormat, write_document};
use super::{ModelArg, load_classifier};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    model: ModelArg,
    /// Also list the N strongest features of every class.
    #[arg(long, default_value_t = 0)]
    top: usize,
    /// table (default), json (one document) or jsonl (one line).
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    format: DocFormat,
}

/// The `top` highest-weighted terms of each label of each head.
fn top_features(model: &geostance::Model, top: usize) -> serde_json::Value {
    // TF-IDF terms, then word-vector words (`v:`), by weight.
    let v = model.vectorizer();
    let mut heads = serde_json::Map::new();
    for (i, h) in model.heads().iter().enumerate() {
        let w = model.head_weights(i);
        let mut per_label = serde_json::Map::new();
        for (c, label) in h.labels.iter().enumerate() {
            let mut idx: Vec<u32> = (0..v.n_features() as u32).collect();
            idx.sort_by(|&a, &b| w.weight(b, c).total_cmp(&w.weight(a, c)).then(a.cmp(&b)));
            let list: Vec<serde_json::Value> = idx
                .iter()
                .take(top)
                .map(|&f| serde_json::json!({"term": v.feature_name(f), "weight": w.weight(f, c)}))
                .collect();
            per_label.insert(label.clone(), list.into());
        }
        heads.insert(h.name.clone(), per_label.into());
    }
    heads.into()
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let clf = load_classifier(&args.model)?;
    let model = clf.model();
    let meta = model.metadata();
    let mut out = std::io::stdout().lock();
    let source = args
        .model
        .model
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<embedded default model>".into());
    match args.format {
        DocFormat::Table => table(&mut out, model, &source, args.top)?,
        _ => {
            let heads: Vec<serde_json::Value> = model
                .heads()
                .iter()
                .map(|h| serde_json::json!({"name": h.name, "labels": h.labels}))
                .collect();
            let (file_format, format_version) = file_format(model);
            let mut v = serde_json::json!({
                "model": source,
                "file_format": file_format,
                "format_version": format_version,
                "analyzer": model.analyzer().config(),
                "vocabulary_size": model.vectorizer().len(),
                "heads": heads,
                "training": meta,
            });
            if args.top > 0 {
                v["top_features"] = top_features(model, args.top);
            }
            write_document(&mut out, args.format, &v)?;
        }
    }
    Ok(())
}

/// The format and format version of the model's file.
fn file_format(model: &geostance::Model) -> (&'static str, u32) {
    model
        .file_format()
        .map_or(("unsaved", geostance::model::FORMAT_VERSION), |(f, v)| {
            (f.name(), v)
        })
}

/// The model, for people.
fn table(
    out: &mut impl Write,
    model: &geostance::Model,
    source: &str,
    top: usize,
) -> anyhow::Result<()> {
    let meta = model.metadata();
    let a = model.analyzer().config();
    let (file_format, format_version) = file_format(model);
    writeln!(
        out,
        "model: {source} ({file_format} format, version {format_version})"
    )?;
    writeln!(
        out,
        "analyzer: language {:?}, word n-grams {}..{}, char n-grams {}, negation {}",
        a.language,
        a.word_ngrams[0],
        a.word_ngrams[1],
        a.char_ngrams
            .map(|[l, h]| format!("{l}..{h}"))
            .unwrap_or_else(|| "none".into()),
        if a.negation { "marked" } else { "off" }
    )?;
    writeln!(out, "vocabulary: {} terms", model.vectorizer().len())?;
    writeln!(
        out,
        "trained on: {} ({} rows, text column {:?}, sha256 {})",
        meta.data_file, meta.rows, meta.text_column, meta.data_sha256
    )?;
    for h in model.heads() {
        let counts = meta.label_counts.get(&h.name);
        let labels: Vec<String> = h
            .labels
            .iter()
            .map(|l| {
                format!(
                    "{l} ({})",
                    counts.and_then(|c| c.get(l)).copied().unwrap_or(0)
                )
            })
            .collect();
        writeln!(
            out,
            "head {}: {}; solver {}",
            h.name,
            labels.join(", "),
            meta.solver.get(&h.name).map(String::as_str).unwrap_or("?")
        )?;
        if let Some(cv) = meta.cv.get(&h.name) {
            writeln!(
                out,
                "  claimed: {}-fold CV macro-F1 {:.4} ± {:.4}, accuracy {:.4} (majority baseline macro-F1 {:.4})",
                cv.folds, cv.macro_f1_mean, cv.macro_f1_std, cv.accuracy_mean, cv.baseline_macro_f1
            )?;
        }
    }
    writeln!(out, "options: {}", meta.options)?;
    if top > 0 {
        let top = top_features(model, top);
        for (head, labels) in top.as_object().into_iter().flatten() {
            for (label, list) in labels.as_object().into_iter().flatten() {
                let terms: Vec<String> = list
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| {
                        format!(
                            "{} ({:+.2})",
                            v["term"].as_str().unwrap_or(""),
                            v["weight"].as_f64().unwrap_or(0.0)
                        )
                    })
                    .collect();
                writeln!(out, "top {head}/{label}: {}", terms.join(", "))?;
            }
        }
    }
    Ok(())
}
