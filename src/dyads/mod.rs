//! Dyads: who says what about whom, rolled up per (source, target) and per
//! period. A *statement* is a quote with a speaker actor, or, in an official
//! corpus where the publisher speaks (`source_actor`), any sentence that is
//! not a quote of someone else; its targets are the states and organisations
//! it names (see [`crate::quotes::ActorResolver`]).
//!
//! ```
//! use geostance::dyads::{DyadTable, Period};
//! use geostance::corpus::Article;
//! use geostance::quotes::ActorResolver;
//! use geostance::{Classifier, actors::Gazetteer};
//!
//! let clf = Classifier::embedded()?;
//! let g = Gazetteer::embedded();
//! let resolver = ActorResolver::new(&g);
//! let article = Article {
//!     id: "1".into(), date: Some("2016-08-09".into()), meta: Default::default(), publisher: None,
//!     text: "Russia and Turkey will restore their strategic partnership.".into(),
//! };
//! let statements = geostance::dyads::statements(&clf, &resolver, &article, Some("RUS"));
//! let mut table = DyadTable::new(Period::Year);
//! for s in &statements { table.add(s); }
//! let rows = table.rows();
//! assert_eq!((rows[0].period.as_str(), rows[0].source.as_str(), rows[0].target.as_str()), ("2016", "RUS", "TUR"));
//! # Ok::<(), geostance::Error>(())
//! ```

mod period;
pub mod plot;
pub mod summary;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classifier::{Classifier, Prediction};
use crate::corpus::Article;
use crate::quotes::{ActorResolver, Target, label_is_anonymous, turn_label};

pub use period::{Period, UNDATED};

/// Label counts and mean scores of a group of statements.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RollUp {
    /// How many statements.
    pub quotes: usize,
    /// Per head, per label: how many statements got that label.
    pub labels: BTreeMap<String, BTreeMap<String, usize>>,
    /// Mean P(cooperative) - P(tense), in [-1, 1], when the model has a
    /// `stance` head with those labels.
    pub net_cooperation: Option<f64>,
    /// Mean P(positive) - P(negative), when the model has a `sentiment` head with those labels.
    pub net_sentiment: Option<f64>,
    #[serde(skip)]
    sums: [(f64, usize); 2],
}

/// P(a) - P(b) for a head of a prediction, if it has both labels.
fn net(p: &Prediction, head: &str, a: &str, b: &str) -> Option<f64> {
    let h = p.head(head)?;
    let get = |l: &str| {
        h.probabilities
            .iter()
            .find(|(x, _)| x == l)
            .map(|(_, p)| f64::from(*p))
    };
    Some(get(a)? - get(b)?)
}

impl RollUp {
    /// Counts one statement: its label per head and its net scores.
    pub fn add(&mut self, p: &Prediction) {
        self.quotes += 1;
        for h in &p.heads {
            *self
                .labels
                .entry(h.head.clone())
                .or_default()
                .entry(h.label.clone())
                .or_default() += 1;
        }
        let nets = [
            net(p, "stance", "cooperative", "tense"),
            net(p, "sentiment", "positive", "negative"),
        ];
        for (sum, n) in self.sums.iter_mut().zip(nets) {
            if let Some(n) = n {
                sum.0 += n;
                sum.1 += 1;
            }
        }
        let mean = |(s, n): (f64, usize)| (n > 0).then(|| s / n as f64);
        self.net_cooperation = mean(self.sums[0]);
        self.net_sentiment = mean(self.sums[1]);
    }

    /// How many statements got `label` from `head`.
    pub fn count(&self, head: &str, label: &str) -> usize {
        self.labels
            .get(head)
            .and_then(|l| l.get(label))
            .copied()
            .unwrap_or(0)
    }
}

/// One statement of a source about its targets.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    /// The article's id (or file path).
    pub article: String,
    /// The article's date, as given.
    pub date: Option<String>,
    /// The speaker's state or organisation code.
    pub source: String,
    /// The states and organisations it is about (at least one).
    pub targets: Vec<Target>,
    /// Byte offset where the statement (the quote's context, or the
    /// sentence) starts in the article.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The model's answer for every head.
    #[serde(skip)]
    pub prediction: Prediction,
}

/// The statements of one article. Quotes whose speaker resolves to an actor
/// are statements of that actor. With `source_actor` (an official corpus:
/// the publisher speaks), every other sentence is a statement of
/// `source_actor`, except in a transcript turn of another speaker ("Recep
/// Tayyip Erdogan (retranslated): ..." until the next label): those
/// sentences belong to the speaker the label resolves to, and are dropped if
/// it does not resolve. Statements with no target take the article's
/// counterpart (`inferred`), or are dropped. An article with its own
/// [`Article::publisher`] that the gazetteer knows is read as that
/// publisher's, in place of `source_actor`.
pub fn statements(
    clf: &Classifier,
    resolver: &ActorResolver,
    article: &Article,
    source_actor: Option<&str>,
) -> Vec<Statement> {
    // An article with its own publisher (`--publisher-column`) is its
    // publisher's statement.
    let resolver = &*resolver.for_article(article);
    let source_actor = match &article.publisher {
        Some(_) => resolver.publisher().or(source_actor),
        None => source_actor,
    };
    statements_of(clf, resolver, article, source_actor)
}

/// [`statements`] once the article's resolver and source are chosen.
fn statements_of(
    clf: &Classifier,
    resolver: &ActorResolver,
    article: &Article,
    source_actor: Option<&str>,
) -> Vec<Statement> {
    let text = article.text.as_str();
    let date = article.date.as_deref();
    let counterparts = resolver.counterparts(text, date);
    let mut out = Vec::new();
    let mut quoted: Vec<std::ops::Range<usize>> = Vec::new();
    let push = |source: &str, range: std::ops::Range<usize>, out: &mut Vec<Statement>| {
        let mut targets = resolver.targets_in(text, range.clone(), Some(source), date);
        if targets.is_empty() {
            targets.extend(counterparts.besides(Some(source)));
        }
        if targets.is_empty() {
            return;
        }
        out.push(Statement {
            article: article.id.clone(),
            date: article.date.clone(),
            source: source.to_string(),
            targets,
            start: range.start,
            end: range.end,
            prediction: clf.classify(&text[range]),
        });
    };
    for q in crate::quotes::extract(text) {
        let speaker = resolver.speaker(
            text,
            q.speaker.as_deref(),
            q.speaker_mention.as_deref(),
            date,
        );
        let Some(speaker) = speaker else { continue };
        if source_actor == Some(speaker.code.as_str()) {
            continue; // the publisher's own words: read below as its sentences
        }
        quoted.push(q.context_start..q.context_end);
        push(&speaker.code, q.context_start..q.context_end, &mut out);
    }
    let Some(source) = source_actor else {
        return out;
    };
    // The speaker of the current transcript turn: None = the publisher,
    // Some(None) = a speaker who does not resolve.
    let mut turn: Option<Option<String>> = None;
    let mut paragraph = 0;
    for (range, p) in crate::quotes::sentences(text) {
        if p != paragraph {
            paragraph = p;
            // The label rule of quotes: a name or title before the colon,
            // so "The message reads in part:" opens no turn.
            if let Some(label) = turn_label(&text[range.clone()]) {
                let who = resolver.speaker(text, Some(label), Some(label), date);
                turn = match who {
                    Some(s) if s.code == source => None,
                    Some(s) => Some(Some(s.code)),
                    None if label_is_anonymous(label) => None,
                    None => Some(None),
                };
            }
        }
        if quoted
            .iter()
            .any(|q| q.start < range.end && range.start < q.end)
        {
            continue;
        }
        match &turn {
            None => push(source, range, &mut out),
            Some(Some(code)) => push(&code.clone(), range, &mut out),
            Some(None) => {}
        }
    }
    out
}

/// One row of a dyad table: a period, a source, a target and their roll-up.
#[derive(Debug, Clone, Serialize)]
pub struct DyadRow {
    /// The period label (`2016`, `2016-08`, `2016-W32`, `2016-08-09`, `all`
    /// or `undated`).
    pub period: String,
    /// The speaking state or organisation.
    pub source: String,
    /// The state or organisation spoken about.
    pub target: String,
    /// How many statements of the source name the target in the period.
    pub statements: usize,
    /// Of those, how many the stance head labels cooperative.
    pub cooperative: usize,
    /// How many it labels neutral.
    pub neutral: usize,
    /// How many it labels tense.
    pub tense: usize,
    /// Mean P(cooperative) − P(tense), when the model has a stance head.
    pub net_cooperation: Option<f64>,
    /// Mean P(positive) − P(negative), when the model has a sentiment head.
    pub net_sentiment: Option<f64>,
}

/// Statements rolled up per (period, source, target). A statement counts
/// once for each target it names.
#[derive(Debug, Clone)]
pub struct DyadTable {
    by: Option<Period>,
    cells: BTreeMap<(String, String, String), RollUp>,
    /// Statements whose date could not be read, as (article, message).
    pub bad_dates: Vec<(String, String)>,
}

impl DyadTable {
    /// A table grouped by `by`; `None` groups every statement in one period `all`.
    pub fn new(by: impl Into<Option<Period>>) -> Self {
        DyadTable {
            by: by.into(),
            cells: BTreeMap::new(),
            bad_dates: Vec::new(),
        }
    }

    /// Adds a statement; an unreadable date is kept in `bad_dates` and the
    /// statement counted as undated.
    pub fn add(&mut self, s: &Statement) {
        let period = match (self.by, s.date.as_deref()) {
            (None, _) => "all".to_string(),
            (Some(_), None) => UNDATED.to_string(),
            (Some(by), Some(d)) => by.of(d).unwrap_or_else(|e| {
                self.bad_dates.push((s.article.clone(), e));
                UNDATED.to_string()
            }),
        };
        let mut seen: Vec<&str> = Vec::new();
        for t in &s.targets {
            if seen.contains(&t.code.as_str()) {
                continue;
            }
            seen.push(&t.code);
            self.cells
                .entry((period.clone(), s.source.clone(), t.code.clone()))
                .or_default()
                .add(&s.prediction);
        }
    }

    /// The roll-up of every (source, target) over all periods.
    pub fn totals(&self) -> BTreeMap<(String, String), RollUp> {
        let mut out: BTreeMap<(String, String), RollUp> = BTreeMap::new();
        for ((_, s, t), r) in &self.cells {
            let total = out.entry((s.clone(), t.clone())).or_default();
            merge(total, r);
        }
        out
    }

    /// Rows in (period, source, target) order; `undated` sorts after the dates.
    pub fn rows(&self) -> Vec<DyadRow> {
        let mut rows: Vec<DyadRow> = self
            .cells
            .iter()
            .map(|((period, source, target), r)| DyadRow {
                period: period.clone(),
                source: source.clone(),
                target: target.clone(),
                statements: r.quotes,
                cooperative: r.count("stance", "cooperative"),
                neutral: r.count("stance", "neutral"),
                tense: r.count("stance", "tense"),
                net_cooperation: r.net_cooperation,
                net_sentiment: r.net_sentiment,
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.period == UNDATED, &a.period, &a.source, &a.target).cmp(&(
                b.period == UNDATED,
                &b.period,
                &b.source,
                &b.target,
            ))
        });
        rows
    }
}

fn merge(into: &mut RollUp, r: &RollUp) {
    into.quotes += r.quotes;
    for (h, labels) in &r.labels {
        for (l, n) in labels {
            *into
                .labels
                .entry(h.clone())
                .or_default()
                .entry(l.clone())
                .or_default() += n;
        }
    }
    for k in 0..2 {
        into.sums[k].0 += r.sums[k].0;
        into.sums[k].1 += r.sums[k].1;
    }
    let mean = |(s, n): (f64, usize)| (n > 0).then(|| s / n as f64);
    into.net_cooperation = mean(into.sums[0]);
    into.net_sentiment = mean(into.sums[1]);
}
