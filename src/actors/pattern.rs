//! Building the table: each name becomes a [`Pattern`] (its lowercased words
//! and a case rule per word), filed under its first word.

use std::cell::RefCell;

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

#[derive(Debug, Clone)]
pub(super) struct Pattern {
    /// Lowercased words after the first, separated by `REST_SEP` (one
    /// allocation per pattern: loading the table is part of cold start).
    pub(super) rest: Box<str>,
    /// How many words `rest` holds.
    pub(super) n_rest: u8,
    /// Byte length of the second word (the start of `rest`; 0 for one word).
    pub(super) second_len: u8,
    /// Case rule of every word, the first included, 2 bits each.
    pub(super) case: u32,
    /// Actors it names; several when a name is shared (two people named "Bush").
    pub(super) actors: Vec<u32>,
}

pub(super) const REST_SEP: char = '\u{1}';
/// Words a pattern may have (2 bits of `Pattern::case` each).
const MAX_PATTERN_WORDS: usize = 16;

impl Pattern {
    pub(super) fn case_of(&self, k: usize) -> Case {
        match (self.case >> (2 * k)) & 3 {
            0 => Case::Any,
            1 => Case::Capital,
            _ => Case::Upper,
        }
    }
    /// The second word (lowercased), or "" for a one-word pattern.
    pub(super) fn second(&self) -> &[u8] {
        &self.rest.as_bytes()[..self.second_len as usize]
    }
}

thread_local! {
    static BUILD: RefCell<(Vec<Word>, String)> = const { RefCell::new((Vec::new(), String::new())) };
}

impl Gazetteer {
    pub(crate) fn add(&mut self, actor: Actor, patterns: &[&str]) {
        let id = self.actors.len() as u32;
        self.actors.push(actor);
        for p in patterns {
            self.insert_pattern(p, id, false);
        }
    }

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
