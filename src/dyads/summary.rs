//! Roll-ups of a stream of attributed quotes: the whole input, per speaker,
//! and per (source, target) dyad (`quotes --summary`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::RollUp;
use crate::classifier::AttributedQuote;

/// The name quotes with no known speaker are counted under.
pub const UNKNOWN_SPEAKER: &str = "(unknown)";

/// Roll-ups of every quote added, and of the articles they came from.
#[derive(Debug, Default, Serialize)]
pub struct QuoteSummary {
    /// Articles read.
    pub articles: usize,
    /// Every quote.
    pub all: RollUp,
    /// Per canonical speaker name; quotes with no known speaker under
    /// [`UNKNOWN_SPEAKER`].
    pub speakers: BTreeMap<String, RollUp>,
    /// Per (source, target) of quotes with a speaker actor and targets, in
    /// code order (filled by [`QuoteSummary::finish`]).
    pub dyads: Vec<DyadRollUp>,
    #[serde(skip)]
    pairs: BTreeMap<(String, String), RollUp>,
}

/// The roll-up of one (source, target) dyad.
#[derive(Debug, Serialize)]
pub struct DyadRollUp {
    /// The speaker's actor code.
    pub source: String,
    /// The target's actor code.
    pub target: String,
    /// Its quotes.
    #[serde(flatten)]
    pub rollup: RollUp,
}

impl QuoteSummary {
    /// Counts one article.
    pub fn add_article(&mut self) {
        self.articles += 1;
    }

    /// Adds one quote to the whole, its speaker's and its dyads' roll-ups
    /// (each target once).
    pub fn add(&mut self, q: &AttributedQuote) {
        self.all.add(&q.prediction);
        let who = q.quote.speaker.as_deref().unwrap_or(UNKNOWN_SPEAKER);
        self.speakers
            .entry(who.to_string())
            .or_default()
            .add(&q.prediction);
        if let Some(s) = &q.speaker_actor {
            let mut seen = Vec::new();
            for t in &q.targets {
                if !seen.contains(&&t.code) {
                    seen.push(&t.code);
                    self.pairs
                        .entry((s.code.clone(), t.code.clone()))
                        .or_default()
                        .add(&q.prediction);
                }
            }
        }
    }

    /// Moves the dyad roll-ups into [`QuoteSummary::dyads`].
    pub fn finish(&mut self) {
        self.dyads = std::mem::take(&mut self.pairs)
            .into_iter()
            .map(|((source, target), rollup)| DyadRollUp {
                source,
                target,
                rollup,
            })
            .collect();
    }
}
