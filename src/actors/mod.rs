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
mod table;

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::tokenize::Word;

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

/// The placeholder terms, by [`ActorKind::placeholder_index`].
pub const PLACEHOLDERS: [&str; 3] = ["⟨country⟩", "⟨org⟩", "⟨person⟩"];

/// One actor of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub kind: ActorKind,
    /// ISO 3166 alpha-3 for states (and for the state of a capital or person);
    /// the organisation's code (`UN`, `NATO`, `EU`, ... see `docs/actors.md`)
    /// for organisations and their officials.
    pub code: String,
    /// The usual name: "Russia", "Moscow", "NATO", "Vladimir Putin".
    pub name: String,
    /// First day of the role (persons), `YYYY-MM-DD`, if known.
    pub from: Option<String>,
    /// Last day of the role (persons), `YYYY-MM-DD`, if it ended.
    pub to: Option<String>,
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
    pub end: usize,
}

/// How a pattern word must be written in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Any case ("of", "the").
    Any,
    /// First letter upper case ("Russia": also "RUSSIA", not "russia").
    Capital,
    /// Every letter upper case: short acronyms ("US", "UN": not "us", "Un").
    Upper,
}

#[derive(Debug, Clone)]
struct Pattern {
    /// Lowercased words after the first.
    rest: Box<[Box<str>]>,
    /// Case rule of every word, the first included.
    case: Box<[Case]>,
    /// Actors it names; several when a name is shared (two people named "Bush").
    actors: Box<[u32]>,
}

/// The actor table and its matcher.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    /// Lowercased first word -> patterns starting with it, longest first.
    index: FxHashMap<Box<str>, Vec<Pattern>>,
    /// Longest pattern in words.
    max_words: usize,
}

impl Gazetteer {
    /// The table compiled into the crate (shared; built on first use).
    pub fn embedded() -> Arc<Gazetteer> {
        static EMBEDDED: OnceLock<Arc<Gazetteer>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Arc::new(table::parse_embedded(table::EMBEDDED_TSV)))
            .clone()
    }

    /// This table extended by `rows`: a row whose name is already a pattern
    /// replaces that pattern's actors (an override); any other row adds an
    /// actor. Rows sharing name, code and kind are one actor.
    pub fn with_rows(&self, rows: &[ActorRow]) -> Gazetteer {
        let mut g = self.clone();
        for row in rows {
            let actor = Actor {
                kind: row.kind,
                code: row.code.clone(),
                name: row.name.clone(),
                from: row.from.clone(),
                to: row.to.clone(),
            };
            let id = g.actors.len() as u32;
            g.actors.push(actor);
            g.insert_pattern(&row.name, id, true);
        }
        g.finish();
        g
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

    pub(crate) fn add(&mut self, actor: Actor, patterns: &[&str]) {
        let id = self.actors.len() as u32;
        self.actors.push(actor);
        for p in patterns {
            self.insert_pattern(p, id, false);
        }
    }

    fn insert_pattern(&mut self, pattern: &str, id: u32, replace: bool) {
        let mut words = Vec::new();
        crate::tokenize::split_words(pattern, &mut words);
        if words.is_empty() {
            return;
        }
        let lower: Vec<String> = words
            .iter()
            .map(|w| lowercase(&pattern[w.start..w.end]))
            .collect();
        let case: Box<[Case]> = words
            .iter()
            .map(|w| case_rule(&pattern[w.start..w.end]))
            .collect();
        if case[0] == Case::Any {
            return; // a name starts with a capital; "the Kremlin" is "Kremlin"
        }
        let rest: Box<[Box<str>]> = lower[1..].iter().map(|s| s.as_str().into()).collect();
        self.max_words = self.max_words.max(words.len());
        let list = self.index.entry(lower[0].as_str().into()).or_default();
        if let Some(p) = list.iter_mut().find(|p| p.rest == rest) {
            if replace {
                p.actors = Box::new([id]);
                p.case = case;
            } else if !p.actors.contains(&id) {
                let mut a = p.actors.to_vec();
                a.push(id);
                p.actors = a.into();
            }
            return;
        }
        list.push(Pattern {
            rest,
            case,
            actors: Box::new([id]),
        });
    }

    /// Orders every pattern list longest first (matching tries them in that
    /// order). Called once after a batch of insertions.
    pub(crate) fn finish(&mut self) {
        for list in self.index.values_mut() {
            list.sort_by(|a, b| b.rest.len().cmp(&a.rest.len()));
        }
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

    /// Calls `f(first_word, n_words, actors)` for every match over `words`
    /// (spans into `text`), left to right, longest first, no overlaps.
    pub(crate) fn match_words(
        &self,
        text: &str,
        words: &[Word],
        mut f: impl FnMut(usize, usize, &[u32]),
    ) {
        let mut buf = String::new();
        let mut i = 0;
        while i < words.len() {
            let w = words[i];
            let surface = &text[w.start..w.end];
            if !starts_upper(surface) {
                i += 1;
                continue;
            }
            lowercase_into(surface, &mut buf);
            let bare = without_possessive(&buf);
            let mut matched = None;
            // The whole word, then without a possessive (one-word names only).
            if let Some(list) = self.index.get(buf.as_str()) {
                matched = self.best(text, words, i, surface, list, false);
            }
            if matched.is_none() && bare.len() < buf.len() {
                if let Some(list) = self.index.get(bare) {
                    matched = self.best(text, words, i, surface, list, true);
                }
            }
            match matched {
                Some((n, ids)) => {
                    f(i, n, ids);
                    i += n;
                }
                None => i += 1,
            }
        }
    }

    fn best<'a>(
        &self,
        text: &str,
        words: &[Word],
        i: usize,
        first: &str,
        list: &'a [Pattern],
        possessive_first: bool,
    ) -> Option<(usize, &'a [u32])> {
        let mut buf = String::new();
        'pattern: for p in list {
            if possessive_first && !p.rest.is_empty() {
                continue;
            }
            let n = p.rest.len() + 1;
            if i + n > words.len() || !case_ok(first, p.case[0]) {
                continue;
            }
            for (k, want) in p.rest.iter().enumerate() {
                let w = words[i + 1 + k];
                // Words of a name are adjacent: at most one space or joiner between.
                let gap = &text[words[i + k].end..w.start];
                if gap.len() > 2
                    || gap
                        .chars()
                        .any(|c| !(c == ' ' || c == '-' || c == '\u{a0}'))
                {
                    continue 'pattern;
                }
                let surface = &text[w.start..w.end];
                lowercase_into(surface, &mut buf);
                let last = k + 1 == p.rest.len();
                let got = if last {
                    without_possessive(&buf)
                } else {
                    buf.as_str()
                };
                if (got != &**want && buf != **want) || !case_ok(surface, p.case[k + 1]) {
                    continue 'pattern;
                }
            }
            return Some((n, &p.actors));
        }
        None
    }
}

fn starts_upper(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => s.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

fn case_rule(word: &str) -> Case {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return Case::Capital; // "G7", "2020"? digits: treat as written
    }
    if letters.iter().all(|c| c.is_uppercase()) && letters.len() <= 3 {
        return Case::Upper;
    }
    if letters[0].is_uppercase() || word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Case::Capital;
    }
    Case::Any
}

fn case_ok(surface: &str, case: Case) -> bool {
    match case {
        Case::Any => true,
        Case::Capital => {
            starts_upper(surface) || surface.chars().next().is_some_and(|c| c.is_ascii_digit())
        }
        Case::Upper => surface
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase),
    }
}

fn lowercase(s: &str) -> String {
    let mut b = String::new();
    lowercase_into(s, &mut b);
    b
}

/// Lowercases with typographic apostrophes and hyphens folded to ASCII
/// (as the analyzer does).
fn lowercase_into(s: &str, buf: &mut String) {
    buf.clear();
    for c in s.chars() {
        match c {
            '’' | 'ʼ' => buf.push('\''),
            '‐' | '‑' => buf.push('-'),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// "russia's" -> "russia"; other words unchanged.
fn without_possessive(lower: &str) -> &str {
    lower.strip_suffix("'s").unwrap_or(lower)
}

/// The end of a word without its possessive `'s`/`’s`.
fn strip_possessive(text: &str, start: usize, end: usize) -> usize {
    let w = &text[start..end];
    for suffix in ["'s", "’s", "'S", "’S"] {
        if w.len() > suffix.len() && w.ends_with(suffix) {
            return end - suffix.len();
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Gazetteer {
        let mut g = Gazetteer::default();
        let a = |kind, code: &str, name: &str| Actor {
            kind,
            code: code.into(),
            name: name.into(),
            from: None,
            to: None,
        };
        g.add(
            a(ActorKind::Country, "USA", "United States"),
            &["United States", "US", "U.S.", "American"],
        );
        g.add(
            a(ActorKind::Country, "RUS", "Russia"),
            &["Russia", "Russian", "Russian Federation"],
        );
        g.add(a(ActorKind::Capital, "RUS", "Kremlin"), &["Kremlin"]);
        g.add(
            a(ActorKind::Org, "NATO", "NATO"),
            &["NATO", "North Atlantic Treaty Organization"],
        );
        g.add(
            a(ActorKind::Person, "RUS", "Vladimir Putin"),
            &["Vladimir Putin", "Putin"],
        );
        g.finish();
        g
    }

    fn spans(g: &Gazetteer, text: &str) -> Vec<String> {
        g.find(text)
            .iter()
            .map(|m| format!("{}={}", &text[m.start..m.end], g.actor(m.actor).code))
            .collect()
    }

    #[test]
    fn longest_first_multi_word_and_possessive() {
        let g = small();
        assert_eq!(
            spans(
                &g,
                "The Russian Federation's envoy met Vladimir Putin’s aide in the Kremlin."
            ),
            [
                "Russian Federation=RUS",
                "Vladimir Putin=RUS",
                "Kremlin=RUS"
            ]
        );
        assert_eq!(spans(&g, "Russia's stance"), ["Russia=RUS"]);
    }

    #[test]
    fn case_aware() {
        let g = small();
        // "us" is a pronoun, "US" the country; "RUSSIA" in a headline counts.
        assert_eq!(
            spans(&g, "Let us talk to the US and to RUSSIA."),
            ["US=USA", "RUSSIA=RUS"]
        );
        assert_eq!(spans(&g, "russia and nato"), Vec::<String>::new());
        assert_eq!(spans(&g, "The U.S. and Nato"), ["U.S=USA", "Nato=NATO"]);
    }

    #[test]
    fn words_of_a_name_must_be_adjacent() {
        let g = small();
        assert_eq!(spans(&g, "United. States"), Vec::<String>::new());
        assert_eq!(spans(&g, "United States"), ["United States=USA"]);
    }

    #[test]
    fn user_rows_override_and_extend() {
        let g = small().with_rows(&[
            ActorRow {
                name: "Putin".into(),
                code: "XXX".into(),
                kind: ActorKind::Person,
                from: None,
                to: None,
            },
            ActorRow {
                name: "Astana".into(),
                code: "KAZ".into(),
                kind: ActorKind::Capital,
                from: None,
                to: None,
            },
        ]);
        assert_eq!(
            spans(&g, "Putin flew to Astana."),
            ["Putin=XXX", "Astana=KAZ"]
        );
        // the full name still resolves to the dictionary's entry
        assert_eq!(spans(&g, "Vladimir Putin"), ["Vladimir Putin=RUS"]);
    }

    #[test]
    fn embedded_table_knows_the_usual_actors() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 10_000, "{}", g.len());
        let text =
            "Tokayev told Xi Jinping in Beijing that NATO, the EU and the White House were wrong.";
        let got = spans(&g, text);
        assert_eq!(
            got,
            [
                "Tokayev=KAZ",
                "Xi Jinping=CHN",
                "Beijing=CHN",
                "NATO=NATO",
                "EU=EU",
                "White House=USA"
            ]
        );
        let kinds: Vec<ActorKind> = g.find(text).iter().map(|m| g.actor(m.actor).kind).collect();
        assert_eq!(
            kinds,
            [
                ActorKind::Person,
                ActorKind::Person,
                ActorKind::Capital,
                ActorKind::Org,
                ActorKind::Org,
                ActorKind::Capital
            ]
        );
        // common words that are also surnames stay words
        assert!(g.find("Rice and wheat prices rose in May.").is_empty());
    }

    #[test]
    fn dated_roles() {
        let g = Gazetteer::embedded();
        let biden = g.lookup("Biden");
        assert!(
            biden
                .iter()
                .any(|a| a.code == "USA" && a.active_on("2022-06-01"))
        );
        assert!(!biden.iter().any(|a| a.active_on("2026-06-01")
            && a.kind == ActorKind::Person
            && a.from.as_deref() == Some("2021-01-20")));
    }
}
