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

use std::borrow::Cow;
use std::cell::RefCell;
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
    /// Lowercased words after the first, separated by `REST_SEP` (one
    /// allocation per pattern: loading the table is part of cold start).
    rest: Box<str>,
    /// How many words `rest` holds.
    n_rest: u8,
    /// Byte length of the second word (the start of `rest`; 0 for one word).
    second_len: u8,
    /// Case rule of every word, the first included, 2 bits each.
    case: u32,
    /// Actors it names; several when a name is shared (two people named "Bush").
    actors: Vec<u32>,
}

const REST_SEP: char = '\u{1}';
/// Words a pattern may have (2 bits of `Pattern::case` each).
const MAX_PATTERN_WORDS: usize = 16;

impl Pattern {
    fn case_of(&self, k: usize) -> Case {
        match (self.case >> (2 * k)) & 3 {
            0 => Case::Any,
            1 => Case::Capital,
            _ => Case::Upper,
        }
    }
    /// The second word (lowercased), or "" for a one-word pattern.
    fn second(&self) -> &[u8] {
        &self.rest.as_bytes()[..self.second_len as usize]
    }
}

thread_local! {
    /// The matcher's buffers, reused from text to text.
    static SCRATCH: RefCell<(String, Following)> = RefCell::new((String::new(), Following::default()));
    static BUILD: RefCell<(Vec<Word>, String)> = const { RefCell::new((Vec::new(), String::new())) };
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
                code: Cow::Owned(row.code.clone()),
                name: Cow::Owned(row.name.clone()),
                from: row.from.clone().map(Cow::Owned),
                to: row.to.clone().map(Cow::Owned),
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
        BUILD.with(|cell| {
            let mut cell = cell.borrow_mut();
            let (words, lower) = &mut *cell;
            crate::tokenize::split_words(pattern, words);
            if words.is_empty() || words.len() > MAX_PATTERN_WORDS {
                return;
            }
            let mut case = 0u32;
            for (k, w) in words.iter().enumerate() {
                let c = match case_rule(&pattern[w.start..w.end]) {
                    Case::Any => 0,
                    Case::Capital => 1,
                    Case::Upper => 2,
                };
                case |= c << (2 * k);
            }
            if case & 3 == 0 {
                return; // a name starts with a capital; "the Kremlin" is "Kremlin"
            }
            let mut rest = String::with_capacity(pattern.len() + words.len());
            for w in &words[1..] {
                lowercase_into(&pattern[w.start..w.end], lower);
                rest.push_str(lower);
                rest.push(REST_SEP);
            }
            let second_len = rest.find(REST_SEP).unwrap_or(0);
            let Ok(second_len) = u8::try_from(second_len) else {
                return; // a 256-byte word is no name
            };
            let first = &pattern[words[0].start..words[0].end];
            lowercase_into(first, lower);
            self.max_words = self.max_words.max(words.len());
            let list = match self.index.get_mut(lower.as_str()) {
                Some(l) => l,
                None => self.index.entry(lower.as_str().into()).or_default(),
            };
            if replace && let Some(p) = list.iter_mut().find(|p| *p.rest == *rest) {
                p.actors = vec![id];
                p.case = case;
                return;
            }
            list.push(Pattern {
                rest: rest.into_boxed_str(),
                n_rest: (words.len() - 1) as u8,
                second_len,
                case,
                actors: vec![id],
            });
        })
    }

    /// Orders every pattern list by second word, then longest first (matching
    /// finds the patterns that share the text's second word by binary search
    /// and tries them in that order; one-word patterns sort first) and merges repeated patterns into one that names every actor
    /// (in insertion order). Called once after a batch of insertions.
    pub(crate) fn finish(&mut self) {
        for list in self.index.values_mut() {
            if list.len() < 2 {
                continue;
            }
            list.sort_by(|a, b| {
                a.second()
                    .cmp(b.second())
                    .then_with(|| b.n_rest.cmp(&a.n_rest))
                    .then_with(|| a.rest.cmp(&b.rest))
            });
            let mut merged: Vec<Pattern> = Vec::with_capacity(list.len());
            for p in list.drain(..) {
                match merged.last_mut() {
                    Some(last) if last.rest == p.rest => {
                        for a in p.actors {
                            if !last.actors.contains(&a) {
                                last.actors.push(a);
                            }
                        }
                    }
                    _ => merged.push(p),
                }
            }
            *list = merged;
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
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let (buf, next) = &mut *scratch;
                self.match_with(text, words, buf, next, &mut f);
            }
            // Called again from inside `f`: fresh buffers.
            Err(_) => self.match_with(
                text,
                words,
                &mut String::new(),
                &mut Following::default(),
                &mut f,
            ),
        })
    }

    fn match_with(
        &self,
        text: &str,
        words: &[Word],
        buf: &mut String,
        next: &mut Following,
        f: &mut impl FnMut(usize, usize, &[u32]),
    ) {
        let mut i = 0;
        while i < words.len() {
            let w = words[i];
            let surface = &text[w.start..w.end];
            if !starts_upper(surface) {
                i += 1;
                continue;
            }
            lowercase_into(surface, buf);
            let bare = without_possessive(buf);
            let mut matched = None;
            next.filled = 0;
            // The whole word, then without a possessive (one-word names only).
            if let Some(list) = self.index.get(buf.as_str()) {
                matched = best(text, words, i, surface, list, next);
            }
            if matched.is_none()
                && bare.len() < buf.len()
                && let Some(list) = self.index.get(bare)
            {
                matched = one_word(surface, list);
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
}

/// The lowercased words after a candidate first word, filled on demand and
/// reused from position to position (no allocation once warm).
#[derive(Default)]
struct Following {
    words: Vec<String>,
    filled: usize,
}

impl Following {
    /// The `k`-th word after word `i`, lowercased (`None` past the end).
    fn get(&mut self, text: &str, words: &[Word], i: usize, k: usize) -> Option<&str> {
        while self.filled <= k {
            let w = *words.get(i + 1 + self.filled)?;
            if self.words.len() == self.filled {
                self.words.push(String::new());
            }
            lowercase_into(&text[w.start..w.end], &mut self.words[self.filled]);
            self.filled += 1;
        }
        Some(&self.words[k])
    }
}

/// The patterns of `list` (sorted by [`Gazetteer::finish`]) whose second word
/// is `second` ("" for one-word patterns), longest first.
fn with_second<'a>(list: &'a [Pattern], second: &[u8]) -> &'a [Pattern] {
    let lo = list.partition_point(|p| p.second() < second);
    let len = list[lo..].partition_point(|p| p.second() == second);
    &list[lo..lo + len]
}

/// The longest pattern of `list` (patterns sharing word `i` as their first
/// word) that matches at word `i`.
fn best<'a>(
    text: &str,
    words: &[Word],
    i: usize,
    first: &str,
    list: &'a [Pattern],
    next: &mut Following,
) -> Option<(usize, &'a [u32])> {
    // `first` starts upper case (the caller checked): only an all-caps rule
    // can reject it, and a list of acronyms ("IT", "IN") rejects "It", "In".
    let all_upper = case_ok(first, Case::Upper);
    let first_ok = |p: &Pattern| all_upper || p.case_of(0) != Case::Upper;
    if !list.iter().any(first_ok) {
        return None;
    }
    let multi = list.last().is_some_and(|p| p.n_rest > 0);
    if multi
        && adjacent(text, words, i)
        && let Some(second) = next.get(text, words, i, 0)
    {
        let second_ok =
            |p: &Pattern| case_ok(&text[words[i + 1].start..words[i + 1].end], p.case_of(1));
        let whole = second.len();
        let bare = without_possessive(second).len();
        // Patterns whose second word is the text's word as written
        // (longest first), and two-word patterns whose last word is the
        // text's word without a possessive ("Vladimir Putin's").
        let exact: &'a [Pattern] = { with_second(list, &next.words[0].as_bytes()[..whole]) };
        let possessive: &'a [Pattern] = if bare < whole {
            with_second(list, &next.words[0].as_bytes()[..bare])
        } else {
            &[]
        };
        let mut two: Option<&'a Pattern> = None;
        for p in exact {
            if !first_ok(p) || !second_ok(p) {
                continue;
            }
            if p.n_rest == 1 {
                two = Some(p);
                break;
            }
            if rest_matches(text, words, i, p, next) {
                return Some((p.n_rest as usize + 1, &p.actors));
            }
        }
        // At two words, the pattern that sorts first wins (as one list did).
        for p in possessive.iter().filter(|p| p.n_rest == 1) {
            if first_ok(p) && second_ok(p) && two.is_none_or(|t| p.rest < t.rest) {
                two = Some(p);
                break;
            }
        }
        if let Some(p) = two {
            return Some((2, &p.actors));
        }
    }
    one_word(first, list)
}

/// The one-word pattern of `list` that `first` matches.
fn one_word<'a>(first: &str, list: &'a [Pattern]) -> Option<(usize, &'a [u32])> {
    // One-word patterns sort first.
    list.iter()
        .take_while(|p| p.n_rest == 0)
        .find(|p| case_ok(first, p.case_of(0)))
        .map(|p| (1, &p.actors[..]))
}

/// Whether words `i` and `i + 1` are adjacent, as the words of a name are:
/// at most one space or joiner between them.
fn adjacent(text: &str, words: &[Word], i: usize) -> bool {
    let Some(w) = words.get(i + 1) else {
        return false;
    };
    let gap = &text[words[i].end..w.start];
    gap.len() <= 2 && gap.chars().all(|c| c == ' ' || c == '-' || c == '\u{a0}')
}

/// Whether the third and later words of `p` follow word `i + 1` (its first
/// two words already matched).
fn rest_matches(text: &str, words: &[Word], i: usize, p: &Pattern, next: &mut Following) -> bool {
    let after_second = &p.rest.as_bytes()[p.second_len as usize + 1..];
    let third_on = after_second
        .split(|&b| b == REST_SEP as u8)
        .filter(|w| !w.is_empty());
    for (k, want) in third_on.enumerate().map(|(k, w)| (k + 1, w)) {
        if !adjacent(text, words, i + k) {
            return false;
        }
        let Some(buf) = next.get(text, words, i, k) else {
            return false;
        };
        let last = k + 1 == p.n_rest as usize;
        let got = if last { without_possessive(buf) } else { buf };
        if got.as_bytes() != want && buf.as_bytes() != want {
            return false;
        }
        let w = words[i + 1 + k];
        if !case_ok(&text[w.start..w.end], p.case_of(k + 1)) {
            return false;
        }
    }
    true
}

fn starts_upper(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => s.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

fn case_rule(word: &str) -> Case {
    let (mut letters, mut upper) = (0usize, 0usize);
    let mut first_upper = None;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += c.is_uppercase() as usize;
        first_upper.get_or_insert(c.is_uppercase());
    }
    if letters == 0 {
        return Case::Capital; // "G7", "2020"? digits: treat as written
    }
    if upper == letters && letters <= 3 {
        return Case::Upper;
    }
    if first_upper == Some(true) || word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
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

/// Lowercases with typographic apostrophes and hyphens folded to ASCII
/// (as the analyzer does).
fn lowercase_into(s: &str, buf: &mut String) {
    buf.clear();
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
        return;
    }
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
            code: Cow::Owned(code.into()),
            name: Cow::Owned(name.into()),
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
    fn many_patterns_share_a_first_word() {
        // As in the real table, where thousands of names start "President":
        // the match is found by the second word, longest first, and falls
        // back to shorter patterns and to the one-word name.
        let mut g = small();
        let a = |code: &str, name: &str| Actor {
            kind: ActorKind::Person,
            code: Cow::Owned(code.into()),
            name: Cow::Owned(name.into()),
            from: None,
            to: None,
        };
        g.add(
            a("KAZ", "Tokayev"),
            &["President Tokayev", "President Kassym-Jomart Tokayev"],
        );
        g.add(
            a("FRA", "Macron"),
            &["President Macron", "President Emmanuel Macron"],
        );
        g.add(a("USA", "Biden"), &["President Joe Biden"]);
        g.add(a("XXX", "President"), &["President"]);
        g.add(
            a("GBR", "Prime Minister"),
            &["Prime Minister", "Prime Minister of Britain"],
        );
        g.finish();
        assert_eq!(
            spans(
                &g,
                "President Kassym-Jomart Tokayev met President Macron's team."
            ),
            [
                "President Kassym-Jomart Tokayev=KAZ",
                "President Macron=FRA"
            ]
        );
        assert_eq!(
            spans(&g, "President Emmanuel Macron and President Joe Biden"),
            ["President Emmanuel Macron=FRA", "President Joe Biden=USA"]
        );
        // "President Joe" is no pattern: the one-word name matches.
        assert_eq!(spans(&g, "President Joe said"), ["President=XXX"]);
        assert_eq!(
            spans(
                &g,
                "the Prime Minister of Britain, the Prime Minister of Spain"
            ),
            ["Prime Minister of Britain=GBR", "Prime Minister=GBR"]
        );
        // A name starts upper case.
        assert_eq!(spans(&g, "president Macron"), Vec::<String>::new());
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
