//! Building a table: each name becomes a pattern (its lowercased words and a
//! case rule per word), filed under its first word; the lists are then laid
//! out flat as an [`Index`].

use std::borrow::Cow;
use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::index::{Index, Pattern};
use super::{Actor, Gazetteer};
use crate::tokenize::Word;

/// How a pattern word must be written in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    /// Any case ("of", "the").
    Any,
    /// First letter upper case ("Russia": also "RUSSIA", not "russia").
    Capital,
    /// Every letter upper case: short acronyms ("US", "UN": not "us", "Un").
    Upper,
}

impl Case {
    /// The rule in the low 2 bits of `bits` (see [`Case::bits`]).
    #[inline]
    pub(super) fn from_bits(bits: u32) -> Case {
        match bits & 3 {
            0 => Case::Any,
            1 => Case::Capital,
            _ => Case::Upper,
        }
    }

    fn bits(self) -> u32 {
        match self {
            Case::Any => 0,
            Case::Capital => 1,
            Case::Upper => 2,
        }
    }
}

/// A pattern while the table is built.
#[derive(Debug, Clone)]
struct Draft {
    /// Lowercased words after the first, each followed by `REST_SEP`.
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

impl Draft {
    fn second(&self) -> &[u8] {
        &self.rest.as_bytes()[..self.second_len as usize]
    }
}

pub(super) const REST_SEP: char = '\u{1}';
/// Words a pattern may have (2 bits of `Pattern::case` each).
const MAX_PATTERN_WORDS: usize = 16;

thread_local! {
    static BUILD: RefCell<(Vec<Word>, String)> = const { RefCell::new((Vec::new(), String::new())) };
}

/// A table being built: actors and, per lowercased first word, its patterns.
/// [`finish`](Self::finish) orders them and lays them out flat.
#[derive(Debug, Default)]
pub(crate) struct TableBuilder {
    actors: Vec<Actor>,
    lists: FxHashMap<Box<str>, Vec<Draft>>,
}

impl TableBuilder {
    /// Adds an actor and the names it is written as.
    pub(crate) fn add(&mut self, actor: Actor, patterns: &[&str]) {
        let id = self.add_actor(actor);
        for p in patterns {
            self.insert_pattern(p, id, false);
        }
    }

    pub(super) fn add_actor(&mut self, actor: Actor) -> u32 {
        let id = self.actors.len() as u32;
        self.actors.push(actor);
        id
    }

    /// Files `pattern` for actor `id`; with `replace`, a pattern already
    /// there names `id` alone instead (a user's override).
    pub(super) fn insert_pattern(&mut self, pattern: &str, id: u32, replace: bool) {
        BUILD.with(|cell| {
            let mut cell = cell.borrow_mut();
            let (words, lower) = &mut *cell;
            crate::tokenize::split_words(pattern, words);
            if words.is_empty() || words.len() > MAX_PATTERN_WORDS {
                return;
            }
            let mut case = 0u32;
            for (k, w) in words.iter().enumerate() {
                case |= case_rule(&pattern[w.start..w.end]).bits() << (2 * k);
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
            if words.iter().any(|w| w.end - w.start > 255) || rest.len() > usize::from(u16::MAX) {
                return; // nor is a name of such words (the index packs lengths)
            }
            let first = &pattern[words[0].start..words[0].end];
            lowercase_into(first, lower);
            let list = match self.lists.get_mut(lower.as_str()) {
                Some(l) => l,
                None => self.lists.entry(lower.as_str().into()).or_default(),
            };
            if replace && let Some(p) = list.iter_mut().find(|p| *p.rest == *rest) {
                p.actors = vec![id];
                p.case = case;
                return;
            }
            list.push(Draft {
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
    /// and tries them in that order; one-word patterns sort first), merges
    /// repeated patterns into one that names every actor (in insertion
    /// order), and lays the lists out flat.
    pub(crate) fn finish(mut self) -> Gazetteer {
        for list in self.lists.values_mut() {
            if list.len() < 2 {
                continue;
            }
            list.sort_by(|a, b| {
                a.second()
                    .cmp(b.second())
                    .then_with(|| b.n_rest.cmp(&a.n_rest))
                    .then_with(|| a.rest.cmp(&b.rest))
            });
            let mut merged: Vec<Draft> = Vec::with_capacity(list.len());
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
        Gazetteer {
            actors: self.actors,
            index: flatten(self.lists),
        }
    }
}

/// The lists laid out as an [`Index`], first words in byte order (so the
/// same table always gives the same bytes).
fn flatten(lists: FxHashMap<Box<str>, Vec<Draft>>) -> Index {
    let mut lists: Vec<(Box<str>, Vec<Draft>)> = lists.into_iter().collect();
    lists.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (mut heads, mut patterns, mut ids, mut text) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let offset = |v: usize| u32::try_from(v).expect("an actor table under 4 GB");
    for (key, list) in &lists {
        let start = offset(text.len());
        text.extend_from_slice(key.as_bytes());
        let first = offset(patterns.len());
        for d in list {
            let p = Pattern {
                rest: offset(text.len()),
                rest_len: u16::try_from(d.rest.len()).expect("16 words of at most 255 bytes"),
                n_rest: d.n_rest,
                second_len: d.second_len,
                case: d.case,
                actors: offset(ids.len()),
                n_actors: offset(d.actors.len()),
            };
            text.extend_from_slice(d.rest.as_bytes());
            ids.extend_from_slice(&d.actors);
            patterns.push(p.pack());
        }
        heads.push([start, offset(key.len()), first, offset(patterns.len())]);
    }
    Index {
        slots: Cow::Owned(Index::slots_for(&heads, &text)),
        heads: Cow::Owned(heads),
        patterns: Cow::Owned(patterns),
        ids: Cow::Owned(ids),
        text: Cow::Owned(text),
    }
}

impl Gazetteer {
    /// A builder holding this table (its lists as `finish` left them), to
    /// extend it.
    pub(super) fn to_builder(&self) -> TableBuilder {
        let t = self.index.table();
        let text = |b: &[u8]| {
            std::str::from_utf8(b)
                .expect("the index holds UTF-8")
                .into()
        };
        let lists = t
            .lists()
            .map(|(key, list)| {
                let drafts = list
                    .iter()
                    .map(|r| {
                        let p = Pattern::unpack(r);
                        Draft {
                            rest: text(t.rest(&p)),
                            n_rest: p.n_rest,
                            second_len: p.second_len,
                            case: p.case,
                            actors: t.actors(&p).to_vec(),
                        }
                    })
                    .collect();
                (text(key), drafts)
            })
            .collect();
        TableBuilder {
            actors: self.actors.clone(),
            lists,
        }
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

/// Lowercases with typographic apostrophes and hyphens folded to ASCII
/// (as the analyzer does).
pub(super) fn lowercase_into(s: &str, buf: &mut String) {
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
