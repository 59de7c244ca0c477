//! Text -> words -> terms: Unicode word segmentation, lowercasing, Snowball
//! stemming, negation marking and n-grams.
//!
//! The [`AnalyzerConfig`] is plain serde data saved inside every model, so a
//! loaded model tokenizes exactly as it did in training. Words keep byte
//! offsets into the original text; no step changes them.
//!
//! ```
//! use geostance::tokenize::{Analyzer, AnalyzerConfig};
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let tokens = analyzer.tokens("We are not partners.");
//! let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
//! assert_eq!(terms, ["we", "are", "not", "¬partner"]);
//! assert_eq!(&"We are not partners."[tokens[3].start..tokens[3].end], "partners");
//! ```

use std::borrow::Cow;

use std::sync::{Arc, OnceLock};

use rust_stemmers::Stemmer;

use crate::actors::{ActorKind, ActorRow, Gazetteer};
use crate::error::Result;

mod config;

pub use config::{AnalyzerConfig, Language};

/// The mark put in front of a term inside a negation scope: `¬partner`.
pub const NEGATION_MARK: char = '¬';
/// The prefix of character n-gram terms: `c:art`.
pub const CHAR_PREFIX: &str = "c:";
/// Largest word n-gram length (the vectorizer's feature keys hold up to this many words).
pub const MAX_WORD_NGRAM: usize = 3;

/// A word of the text: its byte span and whether it sits in a negation scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the word's first byte in the text.
    pub start: usize,
    /// Byte offset just past the word's last byte.
    pub end: usize,
    /// True inside a negation scope (after a negator, up to clause punctuation).
    pub negated: bool,
    /// The kind of actor this word (or run of words) names, when the
    /// analyzer masks actors; the word's term is then the kind's placeholder.
    pub actor: Option<ActorKind>,
}

/// A word with its term (lowercased, stemmed, `¬`-marked when negated; an
/// actor's placeholder when the word names one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The term the model sees: stem, `¬stem`, or an actor placeholder.
    pub term: String,
    /// Byte offset of the word's first byte in the text.
    pub start: usize,
    /// Byte offset just past the word's last byte.
    pub end: usize,
    /// True inside a negation scope.
    pub negated: bool,
    /// The kind of actor the word names, when actors are masked.
    pub actor: Option<ActorKind>,
}

/// A configured analyzer: segmentation, lowercasing, stemming, negation.
pub struct Analyzer {
    config: AnalyzerConfig,
    stemmer: Option<Stemmer>,
    negators: Vec<String>,
    /// Longest negator in bytes (x2 for case changes): longer words are
    /// rejected without lowercasing.
    max_negator_len: usize,
    /// ASCII first bytes of the negators: a word starting with any other
    /// ASCII byte is no negator.
    negator_first: [bool; 128],
    /// The actor table, when actors are masked.
    gazetteer: Option<Arc<Gazetteer>>,
}

thread_local! {
    static NEGATOR_BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("config", &self.config)
            .finish()
    }
}

impl Clone for Analyzer {
    fn clone(&self) -> Self {
        let mut a = Analyzer::new(self.config.clone()).expect("config was validated");
        a.gazetteer = self.gazetteer.clone();
        a
    }
}

/// Splits `text` into words (no negation, no actor masking): the word
/// boundaries every part of the crate shares.
pub fn split_words(text: &str, out: &mut Vec<Word>) {
    static PLAIN: OnceLock<Analyzer> = OnceLock::new();
    PLAIN
        .get_or_init(|| {
            let mut c = AnalyzerConfig::for_language(Language::None);
            c.negation = false;
            c.mask_actors = false;
            Analyzer::new(c).expect("plain config is valid")
        })
        .words(text, out)
}

/// Where the word that continues at byte `end` stops: extends over word
/// characters, and over a joiner ("U.S", "don't", "cease-fire") when a word
/// character follows it. Runs of ASCII letters and digits are skipped a
/// byte at a time without decoding.
fn word_end(text: &str, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        end += bytes[end..]
            .iter()
            .position(|&d| d >= 0x80 || ASCII_CLASS[d as usize] != A_WORD)
            .unwrap_or(bytes.len() - end);
        let Some(&d) = bytes.get(end) else {
            return end;
        };
        if d < 0x80 && !matches!(d, b'\'' | b'-' | b'.') {
            return end; // ASCII, neither word character nor joiner
        }
        let Some((d, dlen)) = char_at(text, end) else {
            return end;
        };
        if is_cjk(d) {
            return end;
        }
        if is_word_char(d) {
            end += dlen;
        } else if is_joiner(d) {
            match char_at(text, end + dlen) {
                Some((e, elen)) if is_word_char(e) && !is_cjk(e) => end += dlen + elen,
                _ => return end,
            }
        } else {
            return end;
        }
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '-' | '‐' | '‑' | '.')
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Scripts written without spaces: every character is a word of its own.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Classes of ASCII bytes for the tokenizer's fast path.
const A_OTHER: u8 = 0;
const A_WORD: u8 = 1;
const A_CLAUSE: u8 = 2;
const ASCII_CLASS: [u8; 128] = {
    let mut t = [A_OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = A_WORD;
        }
        b += 1;
    }
    let clause = b".,;:!?()[]{}\"\n";
    let mut i = 0;
    while i < clause.len() {
        t[clause[i] as usize] = A_CLAUSE;
        i += 1;
    }
    t
};

/// The character starting at byte `i` and its length, ASCII fast.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some((b as char, 1))
    } else {
        let c = text[i..].chars().next()?;
        Some((c, c.len_utf8()))
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining(c)
}

/// Punctuation that closes a negation scope.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '—'
            | '–'
            | '…'
            | '¡'
            | '¿'
            | '\n'
            | '。'
            | '，'
            | '、'
            | '！'
            | '？'
            | '；'
            | '：'
    )
}

impl Analyzer {
    /// Builds an analyzer from a configuration (checked first).
    ///
    /// # Errors
    /// When the configuration is invalid (see [`AnalyzerConfig::validate`]).
    pub fn new(config: AnalyzerConfig) -> Result<Self> {
        config.validate()?;
        let stemmer = config.language.algorithm().map(Stemmer::create);
        let mut negators: Vec<String> = config.negators.iter().map(|w| w.to_lowercase()).collect();
        negators.sort();
        negators.dedup();
        let max_negator_len = negators.iter().map(|n| n.len() * 2).max().unwrap_or(0);
        let mut negator_first = [false; 128];
        for n in &negators {
            if let Some(&b) = n.as_bytes().first()
                && b < 0x80
            {
                negator_first[b as usize] = true;
            }
        }
        let gazetteer = config.mask_actors.then(|| {
            let g = Gazetteer::embedded();
            if config.actors.is_empty() {
                g
            } else {
                Arc::new(g.with_rows(&config.actors))
            }
        });
        Ok(Analyzer {
            config,
            stemmer,
            negators,
            max_negator_len,
            negator_first,
            gazetteer,
        })
    }

    /// The configuration the analyzer was built from (saved in models).
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// The actor table used for masking, if actors are masked.
    pub fn gazetteer(&self) -> Option<&Arc<Gazetteer>> {
        self.gazetteer.as_ref()
    }

    /// Adds actor rows at prediction time (a user's `--actors` file) on top
    /// of the embedded table and the rows saved in the model. Has no effect
    /// when the model does not mask actors.
    pub fn add_actors(&mut self, rows: &[ActorRow]) {
        if self.config.mask_actors && !rows.is_empty() {
            let mut all = self.config.actors.clone();
            all.extend_from_slice(rows);
            self.gazetteer = Some(Arc::new(Gazetteer::embedded().with_rows(&all)));
        }
    }

    /// The term of a word: its placeholder when it names an actor, else its
    /// stem of `lower` (the lowercased word), `¬`-marked when negated.
    pub fn term_of(&self, word: &Word, lower: &str) -> String {
        let base: Cow<str> = match word.actor {
            Some(kind) => Cow::Borrowed(kind.placeholder()),
            None => self.stem(lower),
        };
        if word.negated {
            format!("{NEGATION_MARK}{base}")
        } else {
            base.into_owned()
        }
    }

    /// Merges the words of each actor mention into one word that carries
    /// the actor's kind.
    fn mask_actors(&self, g: &Gazetteer, text: &str, words: &mut Vec<Word>) {
        let mut found: Vec<(usize, usize, ActorKind)> = Vec::new();
        g.match_words(text, words, |first, n, ids| {
            found.push((first, n, g.actor(ids[0]).kind))
        });
        if found.is_empty() {
            return;
        }
        let mut out = 0;
        let mut read = 0;
        for (first, n, kind) in found {
            while read < first {
                words[out] = words[read];
                out += 1;
                read += 1;
            }
            let last = words[first + n - 1];
            words[out] = Word {
                start: words[first].start,
                end: last.end,
                negated: words[first].negated,
                actor: Some(kind),
            };
            out += 1;
            read = first + n;
        }
        while read < words.len() {
            words[out] = words[read];
            out += 1;
            read += 1;
        }
        words.truncate(out);
    }

    /// Splits `text` into words with byte spans, marking negation scopes.
    /// Appends to `out` (cleared first) so a caller can reuse the buffer.
    pub fn words(&self, text: &str, out: &mut Vec<Word>) {
        out.clear();
        let bytes = text.as_bytes();
        let mut negated = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let start = i;
            // ASCII fast path: most of the input. An ASCII letter or digit
            // starts a word and is neither CJK nor a separator.
            if b < 0x80 {
                match ASCII_CLASS[b as usize] {
                    A_WORD => {}
                    class => {
                        if class == A_CLAUSE {
                            negated = false;
                        }
                        i += 1;
                        continue;
                    }
                }
                i += 1;
            } else {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                let len = c.len_utf8();
                if is_cjk(c) {
                    out.push(Word {
                        start: i,
                        end: i + len,
                        negated,
                        actor: None,
                    });
                    i += len;
                    continue;
                }
                if !is_word_char(c) {
                    // Separators; clause punctuation also ends a negation scope.
                    if ends_clause(c) {
                        negated = false;
                    }
                    i += len;
                    continue;
                }
                i += len;
            }
            let end = word_end(text, i);
            out.push(Word {
                start,
                end,
                negated,
                actor: None,
            });
            if self.config.negation && self.is_negator(&text[start..end]) {
                negated = true;
            }
            i = end;
        }
        if let Some(g) = &self.gazetteer {
            self.mask_actors(g, text, out);
        }
    }

    fn is_negator(&self, surface: &str) -> bool {
        // Called for every word, so no allocation: "n't" endings are checked
        // on the characters, ASCII words are compared without lowercasing, and
        // only short non-ASCII words are lowercased into a reused buffer.
        let bytes = surface.as_bytes();
        let mut tail = surface.chars().rev();
        if matches!(bytes.last(), Some(b't' | b'T'))
            && matches!(tail.next(), Some('t' | 'T'))
            && matches!(tail.next(), Some('\'' | '\u{2019}' | '\u{2bc}'))
            && matches!(tail.next(), Some('n' | 'N'))
        {
            return true;
        }
        if surface.len() > self.max_negator_len {
            return false;
        }
        let first = bytes[0];
        if first < 0x80 && !self.negator_first[first.to_ascii_lowercase() as usize] {
            return false;
        }
        if surface.is_ascii() {
            return self
                .negators
                .iter()
                .any(|n| n.len() == surface.len() && n.eq_ignore_ascii_case(surface));
        }
        NEGATOR_BUF.with(|cell| {
            let mut lower = cell.borrow_mut();
            self.lowercase_into(surface, &mut lower);
            self.negators.binary_search(&*lower).is_ok()
        })
    }

    /// Lowercases a word into `buf` (cleared first), folding typographic
    /// apostrophes and hyphens to ASCII.
    pub fn lowercase_into(&self, surface: &str, buf: &mut String) {
        buf.clear();
        for c in surface.chars() {
            match c {
                '’' | 'ʼ' => buf.push('\''),
                '‐' | '‑' => buf.push('-'),
                c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
                c => buf.extend(c.to_lowercase()),
            }
        }
    }

    /// Stems a lowercased word.
    pub fn stem<'a>(&self, lower: &'a str) -> Cow<'a, str> {
        match &self.stemmer {
            Some(s) => {
                let stemmed = s.stem(lower);
                // Snowball may return an empty stem for odd input; keep the word then.
                if stemmed.is_empty() {
                    Cow::Borrowed(lower)
                } else {
                    stemmed
                }
            }
            None => Cow::Borrowed(lower),
        }
    }

    /// Calls `f` with every character n-gram of a lowercased word, padded with
    /// a space on each side (scikit-learn's `char_wb`).
    pub fn char_grams(&self, lower: &str, mut f: impl FnMut(&str)) {
        let Some([lo, hi]) = self.config.char_ngrams else {
            return;
        };
        let padded = format!(" {lower} ");
        let bounds: Vec<usize> = padded
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(padded.len()))
            .collect();
        let nchars = bounds.len() - 1;
        for n in lo..=hi {
            if n > nchars {
                break;
            }
            for s in 0..=nchars - n {
                f(&padded[bounds[s]..bounds[s + n]]);
            }
            // scikit-learn stops after the whole padded word when it is shorter than n.
        }
    }

    /// The words of `text` with their terms: what the model sees, with spans.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut words = Vec::new();
        self.words(text, &mut words);
        let mut lower = String::new();
        words
            .iter()
            .map(|w| {
                self.lowercase_into(&text[w.start..w.end], &mut lower);
                Token {
                    term: self.term_of(w, &lower),
                    start: w.start,
                    end: w.end,
                    negated: w.negated,
                    actor: w.actor,
                }
            })
            .collect()
    }

    /// Every term of `text` as a string (word n-grams joined by a space, then
    /// character n-grams with the `c:` prefix), in text order, repeats kept.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let tokens = self.tokens(text);
        let [lo, hi] = self.config.word_ngrams;
        let mut out = Vec::new();
        for n in lo..=hi {
            for window in tokens.windows(n) {
                let parts: Vec<&str> = window.iter().map(|t| t.term.as_str()).collect();
                out.push(parts.join(" "));
            }
        }
        let mut lower = String::new();
        for t in tokens.iter().filter(|t| t.actor.is_none()) {
            self.lowercase_into(&text[t.start..t.end], &mut lower);
            self.char_grams(&lower, |g| out.push(format!("{CHAR_PREFIX}{g}")));
        }
        out
    }
}

#[cfg(test)]
mod tests;
