//! Quote extraction and speaker attribution for news articles.
//!
//! [`extract`] finds the direct quotations in an article — straight, curly,
//! German, guillemet and single quotation marks — skips page furniture (the
//! headline, bylines, links, "Related article:" lines, `Original url:`
//! footers) and attributes each quote to a speaker through the speech cue
//! around it ("said", "told", "according to", ...). Mentions of the speaker —
//! full names, surnames, pronouns, descriptions such as "the chancellor" — are
//! resolved to the fullest name the article gives that person.
//!
//! The work is done in three passes:
//! 1. layout: split the article into paragraphs and drop furniture lines,
//!    leaving body *blocks*;
//! 2. marks: pair quotation marks inside each block (an unclosed quote ends
//!    with its paragraph, and may go on in the next one);
//! 3. attribution: collect the people the narrative names, then read each
//!    quote's sentence for a cue and the mention next to it.
//!
//! The rules and their known limits are described in `docs/quotes.md`.

mod actors;
mod attribution;
mod described;
mod descriptions;
mod dialogue;
mod documents;
mod groups;
mod historical;
mod inherit;
mod layout;
mod marks;
mod mentions;
mod name_office;
mod names;
mod offices;
mod organisation_titles;
mod own_offices;
mod people;
mod read_out;
mod resolutions;
mod retold;
mod speaker_actor;
mod speaker_names;
mod stories;
mod terms;
mod titled_pronouns;
mod tokens;
mod turns;
mod unsaid;
mod words;

pub use actors::{ActorResolver, Party, SpeakerActor, Target, Via};
pub(crate) use turns::{has_turns, is_first_person, label_is_anonymous, turn_label};

use serde::Serialize;
use std::ops::Range;

use attribution::*;
use described::*;
use dialogue::*;
use documents::*;
use groups::*;
use inherit::*;
use layout::*;
use marks::*;
use mentions::*;
use names::*;
use people::*;
use resolutions::resolution_before;
use speaker_names::*;
use stories::*;
use terms::*;
use titled_pronouns::*;
use tokens::*;
use turns::*;
use words::*;

/// A direct quotation and the speaker it is attributed to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The quoted text exactly as in the article, without the quotation marks.
    pub quote: String,
    /// Canonical name of the speaker (the fullest form the article gives), if known.
    pub speaker: Option<String>,
    /// The text that attributed the quote: "the chancellor", "Scholz", "He".
    pub speaker_mention: Option<String>,
    /// The speech cue, lowercased: "said", "told", "according to", ...
    pub cue: Option<String>,
    /// Byte offset where the quoted text starts.
    pub start: usize,
    /// Byte offset where the quoted text ends.
    pub end: usize,
    /// 1-based paragraph number; paragraphs are separated by blank lines.
    pub paragraph: usize,
    /// The quote is embedded in reported speech ("said the alliance was "strong"").
    pub partial: bool,
    /// The text that is classified: the quote itself, or for a partial quote
    /// its whole sentence (a fragment alone, such as `special character.`,
    /// says too little).
    pub context: String,
    /// Whether `context` is the `quote` or its `sentence`.
    pub context_kind: ContextKind,
    /// Byte offset where `context` starts in the article.
    pub context_start: usize,
    /// Byte offset where `context` ends.
    pub context_end: usize,
}

/// What a quote record's `context` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextKind {
    /// The quote itself (a full-sentence quote).
    Quote,
    /// The sentence around a partial quote.
    Sentence,
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Prof",
    "Jr", "Sr", "No", "Vol", "U.S", "U.K", "U.N", "E.U", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept",
    "Sep", "Oct", "Nov", "Dec", "Inc", "Ltd", "Co", "Corp", "vs", "etc", "e.g", "i.e",
];

/// The sentence of `range` (a quote's span) inside `block`: from the end of
/// the previous sentence (., ! or ? and a space before a capital or opening
/// quote, an abbreviation excepted) to the end of the sentence the quote is
/// in (its end punctuation and a closing quote mark included).
pub(crate) fn sentence_around(
    article: &str,
    block: Range<usize>,
    range: Range<usize>,
) -> Range<usize> {
    let text = &article[block.clone()];
    let (qs, qe) = (range.start - block.start, range.end - block.start);
    let start = sentence_start(text, qs);
    let end = sentence_end(text, qe).max(qe);
    let end = start + text[start..end].trim_end().len();
    block.start + start..block.start + end.max(qe)
}

/// Whether the end punctuation mark at `i - 1` of `text` ends a sentence:
/// always for ! and ?, for a full stop unless it closes an abbreviation
/// ("Mr.") or an initial.
fn ends_sentence_at(text: &str, i: usize) -> bool {
    let before = &text[..i - 1];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    !(text.as_bytes()[i - 1] == b'.' && (ABBREVIATIONS.contains(&word) || word.len() == 1))
}

fn is_end_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»' | ')')
}

/// Where the sentence holding byte `qs` of `text` starts: after the last
/// "<end>[close]* <space>+" before it (leading space skipped), else 0.
fn sentence_start(text: &str, qs: usize) -> usize {
    let mut start = 0;
    let mut idx: Vec<(usize, char)> = text[..qs].char_indices().collect();
    while let Some((i, c)) = idx.pop() {
        if !c.is_whitespace() {
            continue;
        }
        // whitespace at i: look at what precedes it
        let mut j = i;
        let mut prev = text[..j].chars().next_back();
        while let Some(p) = prev.filter(|&p| is_closing(p)) {
            j -= p.len_utf8();
            prev = text[..j].chars().next_back();
        }
        if let Some(p) = prev.filter(|&p| is_end_mark(p))
            && (ends_sentence_at(text, j) || p != '.')
        {
            start = i + c.len_utf8();
            break;
        }
    }
    start + text[start..qs].len() - text[start..qs].trim_start().len()
}

/// Where the sentence of a quote ending at byte `qe` of `text` ends: after
/// the first end mark at or after the quote's end (the quote's own last
/// character counts: "... character."), not an abbreviation, with its
/// closing marks, before whitespace or the end of the text.
fn sentence_end(text: &str, qe: usize) -> usize {
    // The end mark at `i` with the closing marks after it, if it ends the sentence.
    let closes_at = |i: usize, mark_len: usize| -> Option<usize> {
        let mut e = i + mark_len;
        while let Some(c) = text[e..].chars().next().filter(|&c| is_closing(c)) {
            e += c.len_utf8();
        }
        (text[e..].chars().next().is_none_or(char::is_whitespace) && ends_sentence_at(text, i + 1))
            .then_some(e)
    };
    if qe > 0
        && text[..qe].ends_with(is_end_mark)
        && let Some(e) = closes_at(qe - 1, 1)
    {
        return e;
    }
    text[qe..]
        .char_indices()
        .filter(|&(_, c)| is_end_mark(c))
        .find_map(|(i, c)| closes_at(qe + i, c.len_utf8()))
        .unwrap_or(text.len())
}

/// Extracts the quotes of `article` in document order.
///
/// Never panics; every quote satisfies `&article[q.start..q.end] == q.quote`.
#[must_use]
pub fn extract(article: &str) -> Vec<Quote> {
    let blocks = body_blocks(article);
    let spans = quote_spans(article, &blocks);
    let people = People::collect(article, &blocks, &spans);
    attribute(article, &blocks, &spans, &people)
}

/// The sentences of an article's body (furniture lines skipped), as byte
/// ranges with their 1-based paragraph, in document order. A sentence ends
/// at `.`, `!`, `?` or `…` followed by a space, except after an abbreviation
/// ("Mr.") or an initial, and always at the end of a paragraph.
#[must_use]
pub fn sentences(article: &str) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    for block in body_blocks(article) {
        let tokens = tokenize(article, block.range.clone());
        let mut first = 0;
        for i in 0..tokens.len() {
            let last = i + 1 == tokens.len();
            if last || ends_sentence(&tokens, i) {
                let mut end = tokens[i].end();
                // Closing quotation marks and brackets belong to the sentence they end.
                let closing =
                    |t: &&Token| t.start == end && (t.text.starts_with(is_quote_mark) || t.is(")"));
                if let Some(t) = tokens.get(i + 1).filter(closing) {
                    end = t.end();
                }
                if first <= i {
                    out.push((tokens[first].start..end, block.paragraph));
                }
                first = i + 1;
                while tokens.get(first).is_some_and(|t| t.start < end) {
                    first += 1;
                }
            }
        }
    }
    out
}

/// The speaker of each quote of `article`, for the rule tests.
#[cfg(test)]
fn speakers(article: &str) -> Vec<Option<String>> {
    extract(article).into_iter().map(|q| q.speaker).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn texts(article: &str) -> Vec<String> {
        extract(article).into_iter().map(|q| q.quote).collect()
    }

    #[test]
    fn straight_quote_with_trailing_attribution() {
        let quotes = extract("\"We will not be blackmailed,\" Scholz said.");
        assert_eq!(quotes.len(), 1);
        let q = &quotes[0];
        assert_eq!(q.quote, "We will not be blackmailed,");
        assert_eq!(q.speaker.as_deref(), Some("Scholz"));
        assert_eq!(q.speaker_mention.as_deref(), Some("Scholz"));
        assert_eq!(q.cue.as_deref(), Some("said"));
        assert_eq!((q.start, q.end, q.paragraph, q.partial), (1, 28, 1, false));
    }

    #[test]
    fn sentence_around_skips_abbreviations() {
        let a = "Earlier, Mr. Putin met Dr. Smith. Mr. Putin said the U.S. was \"a partner\" in Syria. Next.";
        let qs = a.find("a partner").unwrap();
        let r = sentence_around(a, 0..a.len(), qs..qs + 9);
        assert_eq!(&a[r], "Mr. Putin said the U.S. was \"a partner\" in Syria.");
    }

    #[test]
    fn quote_on_wrapped_lines_keeps_its_line_break() {
        let article = "Scholz said the talks had been \"difficult but\nnecessary\".";
        let q = &extract(article)[0];
        assert_eq!(q.quote, "difficult but\nnecessary");
        assert!(q.partial);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for article in [
            "",
            "\"",
            "'",
            "„",
            "«»",
            "\"\"",
            "\n\n\"\n\n\"",
            "é\"ü'‘’",
            "By \"\n\nx",
        ] {
            for q in extract(article) {
                assert_eq!(&article[q.start..q.end], q.quote);
            }
        }
    }
}
