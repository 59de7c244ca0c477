//! Finding names in text: a case-aware, multi-word, longest-first match over
//! the tokenizer's words, with no allocation once its buffers are warm.

use std::cell::RefCell;

use super::Gazetteer;
use super::index::{Pattern, PatternRec, Table};
use super::pattern::{Case, REST_SEP, lowercase_into};
use crate::tokenize::Word;

thread_local! {
    /// The matcher's buffers, reused from text to text.
    static SCRATCH: RefCell<(String, Following)> = RefCell::new((String::new(), Following::default()));
}

impl Gazetteer {
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
        let t = self.index.table();
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
            if let Some(list) = t.get(buf.as_bytes()) {
                matched = best(&t, text, words, i, surface, list, next);
            }
            if matched.is_none()
                && bare.len() < buf.len()
                && let Some(list) = t.get(bare.as_bytes())
            {
                matched = one_word(&t, surface, list);
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
fn with_second<'a>(t: &Table<'a>, list: &'a [PatternRec], second: &[u8]) -> &'a [PatternRec] {
    let lo = list.partition_point(|r| t.second(&Pattern::unpack(r)) < second);
    let len = list[lo..].partition_point(|r| t.second(&Pattern::unpack(r)) == second);
    &list[lo..lo + len]
}

/// The longest pattern of `list` (patterns sharing word `i` as their first
/// word) that matches at word `i`.
fn best<'a>(
    t: &Table<'a>,
    text: &str,
    words: &[Word],
    i: usize,
    first: &str,
    list: &'a [PatternRec],
    next: &mut Following,
) -> Option<(usize, &'a [u32])> {
    // `first` starts upper case (the caller checked): only an all-caps rule
    // can reject it, and a list of acronyms ("IT", "IN") rejects "It", "In".
    let all_upper = case_ok(first, Case::Upper);
    let first_ok = |p: &Pattern| all_upper || p.case_of(0) != Case::Upper;
    if !list.iter().any(|r| first_ok(&Pattern::unpack(r))) {
        return None;
    }
    let multi = list.last().is_some_and(|r| Pattern::unpack(r).n_rest > 0);
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
        let exact = with_second(t, list, &next.words[0].as_bytes()[..whole]);
        let possessive = if bare < whole {
            with_second(t, list, &next.words[0].as_bytes()[..bare])
        } else {
            &[]
        };
        let mut two: Option<Pattern> = None;
        for p in exact.iter().map(Pattern::unpack) {
            if !first_ok(&p) || !second_ok(&p) {
                continue;
            }
            if p.n_rest == 1 {
                two = Some(p);
                break;
            }
            if rest_matches(t, text, words, i, &p, next) {
                return Some((p.n_rest as usize + 1, t.actors(&p)));
            }
        }
        // At two words, the pattern that sorts first wins (as one list did).
        for p in possessive
            .iter()
            .map(Pattern::unpack)
            .filter(|p| p.n_rest == 1)
        {
            if first_ok(&p) && second_ok(&p) && two.is_none_or(|w| t.rest(&p) < t.rest(&w)) {
                two = Some(p);
                break;
            }
        }
        if let Some(p) = two {
            return Some((2, t.actors(&p)));
        }
    }
    one_word(t, first, list)
}

/// The one-word pattern of `list` that `first` matches.
fn one_word<'a>(t: &Table<'a>, first: &str, list: &'a [PatternRec]) -> Option<(usize, &'a [u32])> {
    // One-word patterns sort first.
    list.iter()
        .map(Pattern::unpack)
        .take_while(|p| p.n_rest == 0)
        .find(|p| case_ok(first, p.case_of(0)))
        .map(|p| (1, t.actors(&p)))
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
fn rest_matches(
    t: &Table<'_>,
    text: &str,
    words: &[Word],
    i: usize,
    p: &Pattern,
    next: &mut Following,
) -> bool {
    let after_second = &t.rest(p)[p.second_len as usize + 1..];
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

/// "russia's" -> "russia"; other words unchanged.
fn without_possessive(lower: &str) -> &str {
    lower.strip_suffix("'s").unwrap_or(lower)
}

/// The end of a word without its possessive `'s`/`’s`.
pub(super) fn strip_possessive(text: &str, start: usize, end: usize) -> usize {
    let w = &text[start..end];
    for suffix in ["'s", "’s", "'S", "’S"] {
        if w.len() > suffix.len() && w.ends_with(suffix) {
            return end - suffix.len();
        }
    }
    end
}
