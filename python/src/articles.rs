//! Articles in, tables out: the quotes of one article and the dyad roll-up
//! of many, as columns for a pandas DataFrame.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use geostance::actors::{Gazetteer, read_actor_csv};
use geostance::corpus::Article;
use geostance::dyads::{DyadRow, DyadTable, Period};
use geostance::quotes::{ActorResolver, ContextKind};
use geostance::{AttributedQuote, Classifier};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

use crate::batch::on_pool;
use crate::errors::py_err;

/// Sets column `name` of `cols` to `value` of every row, in order.
fn column<'py, R, T>(
    cols: &Bound<'py, PyDict>,
    name: &str,
    rows: &[R],
    value: impl Fn(&R) -> T,
) -> PyResult<()>
where
    T: IntoPyObject<'py>,
{
    cols.set_item(name, rows.iter().map(value).collect::<Vec<_>>())
}

/// `by=`: a period name, or `None` for one period.
pub(crate) fn parse_period(by: Option<&str>) -> PyResult<Option<Period>> {
    match by {
        None => Ok(None),
        Some(b) => Ok(Some(Period::parse(b).ok_or_else(|| {
            PyValueError::new_err(format!(
                "by={b:?} is not a period: use day, week, month or year"
            ))
        })?)),
    }
}

/// The embedded gazetteer, extended by the user's actor CSV if one is given.
pub(crate) fn gazetteer(actors: Option<&Path>) -> PyResult<Arc<Gazetteer>> {
    let base = Gazetteer::embedded();
    Ok(match actors {
        Some(p) => Arc::new(base.with_rows(&read_actor_csv(p).map_err(py_err)?)),
        None => base,
    })
}

/// The message for a `source_actor`/`publisher` code the gazetteer lacks.
fn unknown_party(arg: &str, code: &str) -> String {
    format!(
        "{arg} {code:?} is no state or organisation code of the gazetteer; use an ISO 3166 alpha-3 code (RUS, USA) or an organisation code (NATO, EU)"
    )
}

/// The quotes of one article with their speakers' actors and targets, as
/// `geostance quotes` gives them. Errs with a message when `publisher` is no
/// party code.
pub(crate) fn attributed_quotes(
    clf: &Classifier,
    gazetteer: &Gazetteer,
    text: &str,
    date: Option<String>,
    publisher: Option<&str>,
) -> Result<Vec<AttributedQuote>, String> {
    let resolver = ActorResolver::for_publisher(gazetteer, publisher)
        .map_err(|code| unknown_party("publisher", code))?;
    let article = Article {
        id: String::new(),
        date: date.filter(|d| !d.is_empty()),
        text: text.to_string(),
        meta: Default::default(),
        publisher: None,
    };
    Ok(clf.classify_article_actors(&article, &resolver))
}

/// An article for [`dyad_rows`]: id, date, text and its own publisher (as
/// `geostance dyads --publisher-column`).
pub(crate) type DyadArticle = (String, Option<String>, String, Option<String>);

/// The dyad table of `articles`, classified in parallel. Errs with a
/// message when `source_actor` is no party code.
pub(crate) fn dyad_rows(
    clf: &Classifier,
    gazetteer: &Gazetteer,
    articles: &[DyadArticle],
    by: Option<Period>,
    source_actor: Option<&str>,
    threads: Option<usize>,
) -> Result<Vec<DyadRow>, String> {
    // As `geostance dyads --source-actor`: the publisher's own titles and
    // messages ("the President said") are its statements.
    let resolver = ActorResolver::for_publisher(gazetteer, source_actor)
        .map_err(|code| unknown_party("source_actor", code))?;
    let per_article = on_pool(threads, || {
        articles
            .par_iter()
            .map(|(id, date, text, publisher)| {
                let article = Article {
                    id: id.clone(),
                    date: date.clone().filter(|d| !d.is_empty()),
                    text: text.clone(),
                    meta: Default::default(),
                    publisher: publisher
                        .as_deref()
                        .map(|p| p.trim().to_uppercase())
                        .filter(|p| !p.is_empty()),
                };
                geostance::dyads::statements(clf, &resolver, &article, source_actor)
            })
            .collect::<Vec<_>>()
    });
    let mut table = DyadTable::new(by);
    for statements in &per_article {
        for s in statements {
            table.add(s);
        }
    }
    Ok(table.rows())
}

/// The dyad table as columns, in the CLI's order.
pub(crate) fn dyad_columns<'py>(py: Python<'py>, rows: &[DyadRow]) -> PyResult<Bound<'py, PyDict>> {
    let cols = PyDict::new(py);
    column(&cols, "period", rows, |r| r.period.clone())?;
    column(&cols, "source", rows, |r| r.source.clone())?;
    column(&cols, "target", rows, |r| r.target.clone())?;
    column(&cols, "statements", rows, |r| r.statements)?;
    column(&cols, "cooperative", rows, |r| r.cooperative)?;
    column(&cols, "neutral", rows, |r| r.neutral)?;
    column(&cols, "tense", rows, |r| r.tense)?;
    column(&cols, "net_cooperation", rows, |r| r.net_cooperation)?;
    column(&cols, "net_sentiment", rows, |r| r.net_sentiment)?;
    Ok(cols)
}

/// Character offset of every byte offset where a quote starts or ends, in
/// one pass over the article.
fn char_offsets(article: &str, quotes: &[AttributedQuote]) -> BTreeMap<usize, usize> {
    let mut bounds: Vec<usize> = quotes
        .iter()
        .flat_map(|q| [q.quote.start, q.quote.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut chars = BTreeMap::new();
    let (mut byte, mut count) = (0usize, 0usize);
    for b in bounds {
        count += article[byte..b].chars().count();
        byte = b;
        chars.insert(b, count);
    }
    chars
}

/// The quotes' own columns: text, speaker, cue, offsets and what was classified.
pub(crate) fn quote_columns(
    cols: &Bound<'_, PyDict>,
    article: &str,
    quotes: &[AttributedQuote],
) -> PyResult<()> {
    let chars = char_offsets(article, quotes);
    column(cols, "quote", quotes, |c| c.quote.quote.clone())?;
    column(cols, "speaker", quotes, |c| c.quote.speaker.clone())?;
    column(cols, "speaker_mention", quotes, |c| {
        c.quote.speaker_mention.clone()
    })?;
    column(cols, "cue", quotes, |c| c.quote.cue.clone())?;
    column(cols, "start", quotes, |c| chars[&c.quote.start])?;
    column(cols, "end", quotes, |c| chars[&c.quote.end])?;
    column(cols, "byte_start", quotes, |c| c.quote.start)?;
    column(cols, "byte_end", quotes, |c| c.quote.end)?;
    column(cols, "paragraph", quotes, |c| c.quote.paragraph)?;
    column(cols, "partial", quotes, |c| c.quote.partial)?;
    // What was classified: the quote, or a partial quote's sentence.
    column(cols, "context", quotes, |c| c.quote.context.clone())?;
    column(cols, "context_kind", quotes, |c| {
        match c.quote.context_kind {
            ContextKind::Quote => "quote",
            ContextKind::Sentence => "sentence",
        }
    })
}

/// Who speaks for whom: the speaker's actor (code, name, how it was found)
/// and the codes of the actors the quote is about (`targets_inferred`: none
/// named, the article's counterpart taken; see docs/dyads.md).
pub(crate) fn actor_columns(cols: &Bound<'_, PyDict>, quotes: &[AttributedQuote]) -> PyResult<()> {
    column(cols, "speaker_actor", quotes, |q| {
        q.speaker_actor.as_ref().map(|a| a.code.clone())
    })?;
    column(cols, "speaker_actor_name", quotes, |q| {
        q.speaker_actor.as_ref().map(|a| a.name.clone())
    })?;
    column(cols, "speaker_via", quotes, |q| {
        q.speaker_actor.as_ref().map(|a| {
            serde_json::to_value(a.via)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
    })?;
    column(cols, "targets", quotes, |q| {
        q.targets.iter().map(|t| t.code.clone()).collect::<Vec<_>>()
    })?;
    column(cols, "targets_inferred", quotes, |q| {
        q.targets.iter().any(|t| t.inferred)
    })
}

/// Per head: the label, its confidence and every label's probability.
pub(crate) fn prediction_columns(
    cols: &Bound<'_, PyDict>,
    clf: &Classifier,
    quotes: &[AttributedQuote],
) -> PyResult<()> {
    for (h, head) in clf.model().heads().iter().enumerate() {
        column(cols, &head.name, quotes, |c| {
            c.prediction.heads[h].label.clone()
        })?;
        column(cols, &format!("{}_confidence", head.name), quotes, |c| {
            c.prediction.heads[h].confidence as f64
        })?;
        for (j, l) in head.labels.iter().enumerate() {
            column(cols, &format!("{}_p_{l}", head.name), quotes, |c| {
                c.prediction.heads[h].probabilities[j].1 as f64
            })?;
        }
    }
    Ok(())
}
