//! Actor recognition: states, capitals and seats of power, international
//! organisations and office-holders, found in text by a case-aware,
//! multi-word, longest-first match over the tokenizer's words.
//!
//! The table ([`Gazetteer::embedded`]) is compiled from the Phoenix /
//! PETRARCH2 dictionaries (MIT) and a small supplement of later office-holders
//! by `scripts/build_gazetteer.py` (see `docs/actors.md`). Users extend or
//! override it with their own CSV (`name,code,kind,from,to`) through
//! [`Gazetteer::with_rows`] and [`read_actor_csv`].
//!
//! ```
//! use geostance::actors::{Gazetteer, ActorKind};
//! let g = Gazetteer::embedded();
//! let text = "For Kazakhstan, Russia is and has always been a strategic partner.";
//! let found = g.find(text);
//! let names: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
//! assert_eq!(names, ["Kazakhstan", "Russia"]);
//! assert_eq!(g.actor(found[1].actor).code, "RUS");
//! assert_eq!(g.actor(found[1].actor).kind, ActorKind::Country);
//! ```

mod csv_rows;
mod index;
mod matcher;
mod pattern;
mod table;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use index::Index;
use matcher::strip_possessive;

pub use csv_rows::{ActorRow, read_actor_csv};

/// What kind of actor a name denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A state: its names, adjectives and demonyms ("Russia", "Russian").
    Country,
    /// A capital or seat of power used for the state ("Moscow", "the Kremlin").
    Capital,
    /// An international organisation or bloc ("NATO", "the EU").
    Org,
    /// A person with a role for a state or organisation ("Vladimir Putin").
    Person,
}

impl ActorKind {
    /// Every kind, in placeholder order.
    pub const ALL: [ActorKind; 4] = [
        ActorKind::Country,
        ActorKind::Capital,
        ActorKind::Org,
        ActorKind::Person,
    ];

    /// The name used in the table and in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Capital => "capital",
            ActorKind::Org => "org",
            ActorKind::Person => "person",
        }
    }

    /// Parses a kind name (`country`, `capital`/`seat`, `org`/`organisation`, `person`).
    pub fn parse(s: &str) -> Option<ActorKind> {
        match s {
            "country" => return Some(ActorKind::Country),
            "capital" => return Some(ActorKind::Capital),
            "org" => return Some(ActorKind::Org),
            "person" => return Some(ActorKind::Person),
            _ => {}
        }
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "country" | "state" => ActorKind::Country,
            "capital" | "seat" => ActorKind::Capital,
            "org" | "organisation" | "organization" => ActorKind::Org,
            "person" => ActorKind::Person,
            _ => return None,
        })
    }

    /// The term that replaces a mention of this kind in actor-blind features.
    /// Capitals and seats stand for their state, so they share `⟨country⟩`.
    pub fn placeholder(self) -> &'static str {
        match self {
            ActorKind::Country | ActorKind::Capital => "⟨country⟩",
            ActorKind::Org => "⟨org⟩",
            ActorKind::Person => "⟨person⟩",
        }
    }

    /// Index of the placeholder (0 country/capital, 1 org, 2 person).
    pub(crate) fn placeholder_index(self) -> u8 {
        match self {
            ActorKind::Country | ActorKind::Capital => 0,
            ActorKind::Org => 1,
            ActorKind::Person => 2,
        }
    }
}

/// The placeholder terms: a country or capital, an organisation, a person.
pub const PLACEHOLDERS: [&str; 3] = ["⟨country⟩", "⟨org⟩", "⟨person⟩"];

/// One actor of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// What kind of actor this is.
    pub kind: ActorKind,
    /// ISO 3166 alpha-3 for states (and for the state of a capital or person);
    /// the organisation's code (`UN`, `NATO`, `EU`, ... see `docs/actors.md`)
    /// for organisations and their officials.
    pub code: Cow<'static, str>,
    /// The usual name: "Russia", "Moscow", "NATO", "Vladimir Putin".
    pub name: Cow<'static, str>,
    /// First day of the role (persons), `YYYY-MM-DD`, if known.
    pub from: Option<Cow<'static, str>>,
    /// Last day of the role (persons), `YYYY-MM-DD`, if it ended.
    pub to: Option<Cow<'static, str>>,
}

impl Actor {
    /// Whether the role covers `date` (`YYYY-MM-DD`); undated roles always do.
    pub fn active_on(&self, date: &str) -> bool {
        self.from.as_deref().is_none_or(|f| f <= date)
            && self.to.as_deref().is_none_or(|t| date <= t)
    }
}

/// A mention of an actor in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Index of the actor in its [`Gazetteer`] ([`Gazetteer::actor`]).
    pub actor: u32,
    /// Byte span of the mention in the text (a possessive `'s` excluded).
    pub start: usize,
    /// End of the byte span (exclusive).
    pub end: usize,
}

/// The actor table and its matcher.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    /// Lowercased first word -> patterns starting with it, by second word
    /// and longest first.
    index: Index,
}

impl Gazetteer {
    /// The table compiled into the crate (shared; its index is borrowed
    /// from the binary, so only the actor list is built, on first use).
    pub fn embedded() -> Arc<Gazetteer> {
        static EMBEDDED: OnceLock<Arc<Gazetteer>> = OnceLock::new();
        EMBEDDED.get_or_init(|| Arc::new(table::embedded())).clone()
    }

    /// This table extended by `rows`: a row whose name is already a pattern
    /// replaces that pattern's actors (an override); any other row adds an
    /// actor. Rows sharing name, code and kind are one actor.
    pub fn with_rows(&self, rows: &[ActorRow]) -> Gazetteer {
        let mut g = self.to_builder();
        for row in rows {
            let actor = Actor {
                kind: row.kind,
                code: Cow::Owned(row.code.clone()),
                name: Cow::Owned(row.name.clone()),
                from: row.from.clone().map(Cow::Owned),
                to: row.to.clone().map(Cow::Owned),
            };
            let id = g.add_actor(actor);
            g.insert_pattern(&row.name, id, true);
        }
        g.finish()
    }

    /// Number of actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// The actor with index `id` (from a [`Mention`]).
    ///
    /// # Panics
    /// If `id` is not an index of this table.
    pub fn actor(&self, id: u32) -> &Actor {
        &self.actors[id as usize]
    }

    /// Every actor, in index order.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The actors a pattern names, e.g. for `"Putin"`.
    pub fn lookup(&self, name: &str) -> Vec<&Actor> {
        let mut words = Vec::new();
        crate::tokenize::split_words(name, &mut words);
        let mut out = Vec::new();
        self.match_words(name, &words, |_, n, ids| {
            if n == words.len() {
                out.extend(ids.iter().map(|&i| &self.actors[i as usize]));
            }
        });
        out
    }

    /// Every mention in `text`, in text order, longest match first at each
    /// position, no overlaps.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut words = Vec::new();
        crate::tokenize::split_words(text, &mut words);
        let mut out = Vec::new();
        self.match_words(text, &words, |first, n, ids| {
            let start = words[first].start;
            let end = strip_possessive(text, words[first + n - 1].start, words[first + n - 1].end);
            out.push(Mention {
                actor: ids[0],
                start,
                end,
            });
        });
        out
    }

    /// Like [`find`](Self::find), with every candidate actor of each mention
    /// (a shared name), for callers that choose by date or context.
    pub fn find_all(&self, text: &str) -> Vec<(Mention, Vec<u32>)> {
        let mut words = Vec::new();
        crate::tokenize::split_words(text, &mut words);
        let mut out = Vec::new();
        self.match_words(text, &words, |first, n, ids| {
            let start = words[first].start;
            let end = strip_possessive(text, words[first + n - 1].start, words[first + n - 1].end);
            out.push((
                Mention {
                    actor: ids[0],
                    start,
                    end,
                },
                ids.to_vec(),
            ));
        });
        out
    }
}
