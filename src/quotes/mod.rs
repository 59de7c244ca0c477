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

pub use actors::{ActorResolver, Party, SpeakerActor, Target, Via};

use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::Range;

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
    /// Byte span of `context` in the article.
    pub context_start: usize,
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
    let ends_sentence = |i: usize| -> bool {
        // `i` is the byte after an end punctuation mark at i-1.
        let before = &text[..i - 1];
        let word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
            .next()
            .unwrap_or("");
        !(text.as_bytes()[i - 1] == b'.' && (ABBREVIATIONS.contains(&word) || word.len() == 1))
    };
    let is_end = |c: char| matches!(c, '.' | '!' | '?');
    let is_close = |c: char| matches!(c, '"' | '”' | '’' | '\'' | '»' | ')');
    // Start: scan back from the quote for "<end>[close]* <space>+".
    let mut start = 0;
    let mut idx: Vec<(usize, char)> = text[..qs].char_indices().collect();
    while let Some((i, c)) = idx.pop() {
        if !c.is_whitespace() {
            continue;
        }
        // whitespace at i: look at what precedes it
        let mut j = i;
        let mut prev = text[..j].chars().next_back();
        while let Some(p) = prev.filter(|&p| is_close(p)) {
            j -= p.len_utf8();
            prev = text[..j].chars().next_back();
        }
        if let Some(p) = prev.filter(|&p| is_end(p)) {
            if ends_sentence(j) || p != '.' {
                start = i + c.len_utf8();
                break;
            }
        }
    }
    let start = start + text[start..qs].len() - text[start..qs].trim_start().len();
    // End: the first end mark at or after the quote's end, not an abbreviation,
    // followed by closing marks and then whitespace or the block's end.
    let mut end = text.len();
    let tail: Vec<(usize, char)> = text[qe..]
        .char_indices()
        .map(|(i, c)| (i + qe, c))
        .collect();
    let mut k = 0;
    // The quote's own last character may be the end mark ("... character."").
    let from = if qe > 0 && text[..qe].ends_with(is_end) {
        qe
    } else {
        usize::MAX
    };
    if from != usize::MAX {
        let mut e = qe;
        while let Some(c) = text[e..].chars().next().filter(|&c| is_close(c)) {
            e += c.len_utf8();
        }
        if text[e..].chars().next().is_none_or(char::is_whitespace) && ends_sentence(qe) {
            end = e;
            k = tail.len();
        }
    }
    while k < tail.len() {
        let (i, c) = tail[k];
        k += 1;
        if !is_end(c) {
            continue;
        }
        let mut e = i + c.len_utf8();
        while let Some(c) = text[e..].chars().next().filter(|&c| is_close(c)) {
            e += c.len_utf8();
        }
        if text[e..].chars().next().is_none_or(char::is_whitespace) && ends_sentence(i + 1) {
            end = e;
            break;
        }
    }
    let end = end.max(qe);
    let end = start + text[start..end].trim_end().len();
    block.start + start..block.start + end.max(qe)
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

// ---------------------------------------------------------------------------
// Layout: paragraphs, page furniture and body blocks
// ---------------------------------------------------------------------------

/// Consecutive body lines of one paragraph. Furniture lines are cut out, so a
/// quote can never run across a link or a "Related article:" line.
#[derive(Debug)]
struct Block {
    range: Range<usize>,
    paragraph: usize,
}

struct Line {
    range: Range<usize>,
    paragraph: usize,
    furniture: bool,
}

fn body_blocks(article: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    let (mut paragraph, mut after_blank, mut offset) = (0, true, 0);
    for raw in article.split_inclusive('\n') {
        let text = raw.trim_end_matches(['\n', '\r']);
        let range = offset..offset + text.len();
        offset += raw.len();
        if text.trim().is_empty() {
            after_blank = true;
            continue;
        }
        if after_blank {
            paragraph += 1;
            after_blank = false;
        }
        let furniture = is_furniture(text);
        lines.push(Line {
            range,
            paragraph,
            furniture,
        });
    }
    if let Some(first) = lines.iter().position(|l| !l.furniture)
        && is_headline(article, &lines[first..])
    {
        lines[first].furniture = true;
    }

    let mut blocks: Vec<Block> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.furniture {
            continue;
        }
        let joins_previous =
            i > 0 && !lines[i - 1].furniture && lines[i - 1].paragraph == line.paragraph;
        match blocks.last_mut() {
            Some(block) if joins_previous => block.range.end = line.range.end,
            _ => blocks.push(Block {
                range: line.range.clone(),
                paragraph: line.paragraph,
            }),
        }
    }
    blocks
}

/// Lines a scraped page carries around the story: links, bylines, teasers, footers.
fn is_furniture(line: &str) -> bool {
    // Line openings, separated by '|'.
    const PREFIXES: &str = "related article|related:|related stories|related content|read more|\
        read also|see also|more on this|original url|source url|url:|title:|headline:|byline:|\
        author:|published:|updated:|posted:|last updated|photo:|image:|picture:|caption:|video:|\
        advertisement|share this|share on|follow us|subscribe|sign up|#";
    let line = line.trim();
    let lower = line.to_lowercase();
    PREFIXES.split('|').any(|p| lower.starts_with(p))
        || lower.contains("://")
        || lower.starts_with("www.")
        || is_byline(line)
}

fn is_byline(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    else {
        return false;
    };
    let first_word = rest.split([' ', ',']).next().unwrap_or("");
    first_word.starts_with(char::is_uppercase)
        && !is_common(&first_word.to_lowercase())
        && line.chars().count() <= 80
        && !line.ends_with(['.', '!', '?'])
        && !line.contains(is_quote_mark)
}

/// The first body line is a headline when it stands alone and does not end like
/// a sentence (headlines drop the full stop, even after a quote).
fn is_headline(article: &str, lines: &[Line]) -> bool {
    let [first, next, ..] = lines else {
        return false;
    };
    let text = article[first.range.clone()].trim_end();
    let text = text.trim_end_matches(|c: char| is_quote_mark(c) || c == ')');
    let ends_like_sentence = text.ends_with(['.', '!', '?', '…', ':', ';', ',']);
    !ends_like_sentence && (next.paragraph != first.paragraph || next.furniture)
}

// ---------------------------------------------------------------------------
// Marks: pairing quotation marks
// ---------------------------------------------------------------------------

/// The kind of quotation a mark opened, which decides what closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marks {
    /// `"…"`
    Straight,
    /// `“…”`, also `”…”`
    English,
    /// `„…“` or `„…”`
    German,
    /// `«…»`
    Guillemets,
    /// `»…«`
    ReversedGuillemets,
    /// `‹…›`
    SingleGuillemets,
    /// `›…‹`
    ReversedSingleGuillemets,
    /// `'…'` or `‘…’`
    Single,
    /// `‚…‘`
    GermanSingle,
}

impl Marks {
    /// The quotation `c` opens, judged by its neighbours. Ambiguous marks (the
    /// straight ones, and `”`, `»`, `›`, which some languages open with) must
    /// stand before a word and after a space or punctuation.
    fn opening(c: char, prev: Option<char>, next: Option<char>) -> Option<Marks> {
        let after_gap =
            prev.is_none_or(|p| p.is_whitespace() || "([{—–-/:;,".contains(p) || is_quote_mark(p));
        let before_text = next.is_some_and(|n| !n.is_whitespace());
        let loose = after_gap && before_text;
        Some(match c {
            '“' => Marks::English,
            '„' => Marks::German,
            '«' => Marks::Guillemets,
            '‹' => Marks::SingleGuillemets,
            '"' if loose => Marks::Straight,
            '”' if loose => Marks::English,
            '»' if loose => Marks::ReversedGuillemets,
            '›' if loose => Marks::ReversedSingleGuillemets,
            // Not "'90s": a single quotation opens on a letter.
            '\'' | '‘' if after_gap && next.is_some_and(char::is_alphabetic) => Marks::Single,
            '‚' if loose => Marks::GermanSingle,
            _ => return None,
        })
    }

    fn closes(self, c: char, prev: Option<char>, next: Option<char>) -> bool {
        match self {
            Marks::Straight => c == '"',
            Marks::English => c == '”',
            Marks::German => matches!(c, '“' | '”'),
            Marks::Guillemets => c == '»',
            Marks::ReversedGuillemets => c == '«',
            Marks::SingleGuillemets => c == '›',
            Marks::ReversedSingleGuillemets => c == '‹',
            // Not an apostrophe: "Russia's" and "don't" have a letter after the mark.
            Marks::Single => {
                matches!(c, '\'' | '’')
                    && prev.is_some_and(|p| !p.is_whitespace())
                    && !next.is_some_and(char::is_alphanumeric)
            }
            Marks::GermanSingle => c == '‘',
        }
    }

    /// Marks that only ever open: seeing one again while open means the
    /// earlier quote lost its closing mark.
    fn only_opens(self) -> bool {
        matches!(
            self,
            Marks::English | Marks::German | Marks::Guillemets | Marks::SingleGuillemets
        )
    }

    /// Quotes nest only across families: single inside double, and so on.
    fn family(self) -> u8 {
        match self {
            Marks::Straight | Marks::English | Marks::German => 0,
            Marks::Guillemets | Marks::ReversedGuillemets => 1,
            Marks::SingleGuillemets | Marks::ReversedSingleGuillemets => 2,
            Marks::Single | Marks::GermanSingle => 3,
        }
    }
}

fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '‹' | '›' | '\'' | '‘' | '’' | '‚'
    )
}

/// One top-level quotation inside a block.
#[derive(Debug)]
struct Span {
    block: usize,
    /// Byte offset of the opening mark.
    open: usize,
    /// The quoted text, trimmed of whitespace, without marks.
    text: Range<usize>,
    /// Byte offset just past the closing mark; `None` when the block ended first.
    close: Option<usize>,
    /// Goes on with the previous span's quote, opened in an earlier paragraph.
    continues: bool,
}

impl Span {
    /// Where the narrative resumes after the quote.
    fn end(&self) -> usize {
        self.close.unwrap_or(self.text.end)
    }
}

fn quote_spans(article: &str, blocks: &[Block]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        let first = spans.len();
        scan_block(article, b, block.range.clone(), &mut spans);
        // The English convention for a quote over several paragraphs: no closing
        // mark at the end of a paragraph, an opening mark at the start of the next.
        let continues = first > 0
            && first < spans.len()
            && spans[first - 1].block + 1 == b
            && spans[first - 1].close.is_none()
            && article[block.range.start..spans[first].open]
                .trim()
                .is_empty();
        if continues {
            spans[first].continues = true;
        }
    }
    spans
}

fn scan_block(article: &str, block: usize, range: Range<usize>, spans: &mut Vec<Span>) {
    let chars: Vec<(usize, char)> = article[range.clone()]
        .char_indices()
        .map(|(i, c)| (range.start + i, c))
        .collect();
    let around = |i: usize| {
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        (prev, chars.get(i + 1).map(|&(_, c)| c))
    };
    // "the allies' mood": a plural possessive, not the end of a single quote.
    let possessive = |i: usize| {
        let letter_before = i.checked_sub(1).is_some_and(|j| chars[j].1.is_alphabetic());
        let space_after = chars.get(i + 1).is_some_and(|&(_, c)| c == ' ');
        letter_before && space_after && chars.get(i + 2).is_some_and(|&(_, c)| c.is_lowercase())
    };
    let closes = |marks: Marks, i: usize| {
        let (prev, next) = around(i);
        marks.closes(chars[i].1, prev, next) && !(marks == Marks::Single && possessive(i))
    };
    // A single-quote opener with no possible closer after it is an apostrophe
    // ("'tis"), not a quotation: it must not swallow the paragraph.
    let last_single_close = (0..chars.len()).rev().find(|&i| closes(Marks::Single, i));
    let last_german_single_close = chars.iter().rposition(|&(_, c)| c == '‘');
    let can_close = |marks: Marks, i: usize| match marks {
        Marks::Single => last_single_close.is_some_and(|j| j > i),
        Marks::GermanSingle => last_german_single_close.is_some_and(|j| j > i),
        _ => true,
    };
    let mut push = |open: usize, text: Range<usize>, close: Option<usize>| {
        let text = trim_range(article, text);
        if !text.is_empty() {
            spans.push(Span {
                block,
                open,
                text,
                close,
                continues: false,
            });
        }
    };

    // (kind, offset of the opening mark, offset where the text starts)
    let mut open: Option<(Marks, usize, usize)> = None;
    let mut inner: Option<Marks> = None;
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let (prev, next) = around(i);
        let after = pos + c.len_utf8();
        let opener = Marks::opening(c, prev, next).filter(|&m| can_close(m, i));
        let Some((marks, mark_at, text_at)) = open else {
            if let Some(m) = opener {
                open = Some((m, pos, after));
            }
            continue;
        };
        if inner.is_some_and(|m| closes(m, i)) {
            inner = None;
        } else if closes(marks, i) {
            push(mark_at, text_at..pos, Some(after));
            open = None;
            inner = None;
        } else if let Some(o) = opener {
            if o == marks && marks.only_opens() {
                push(mark_at, text_at..pos, None);
                open = Some((o, pos, after));
                inner = None;
            } else if inner.is_none() && o.family() != marks.family() {
                inner = Some(o);
            }
        }
    }
    // Unclosed at the end of the paragraph: close it there, never later.
    if let Some((_, mark_at, text_at)) = open {
        push(mark_at, text_at..range.end, None);
    }
}

fn trim_range(article: &str, range: Range<usize>) -> Range<usize> {
    let text = &article[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

// ---------------------------------------------------------------------------
// Tokens and sentences
// ---------------------------------------------------------------------------

/// A word (letters and digits, with inner hyphens and apostrophes) or a single
/// punctuation character, with its byte offset in the article.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    start: usize,
}

impl Token<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
    fn is_word(&self) -> bool {
        self.text.starts_with(char::is_alphanumeric)
    }
    fn is_capitalized(&self) -> bool {
        self.text.starts_with(char::is_uppercase)
    }
    fn lower(&self) -> String {
        self.text.to_lowercase()
    }
    fn is(&self, text: &str) -> bool {
        self.text == text
    }
}

fn tokenize(article: &str, range: Range<usize>) -> Vec<Token<'_>> {
    let text = &article[range.clone()];
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(j, d)) = chars.peek() {
                let joins = "-'’".contains(d)
                    && text[j + d.len_utf8()..].starts_with(char::is_alphanumeric);
                if !(d.is_alphanumeric() || joins) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
        }
        tokens.push(Token {
            text: &text[i..end],
            start: range.start + i,
        });
    }
    tokens
}

/// Whether `tokens[i]` ends a sentence: terminal punctuation followed by a
/// space or the end, and not the full stop of "Mr." or an initial.
fn ends_sentence(tokens: &[Token], i: usize) -> bool {
    static ABBREVIATIONS: Words = Words::new(
        "mr mrs ms dr prof gen lt col sgt capt sen rep gov st jr sr no vs etc inc corp co ltd jan
        feb aug sept oct nov dec",
    );
    let token = &tokens[i];
    if !matches!(token.text, "." | "!" | "?" | "…") {
        return false;
    }
    if token.is(".")
        && let Some(prev) = i.checked_sub(1).map(|j| &tokens[j])
        && prev.end() == token.start
        && (ABBREVIATIONS.contains(prev.lower().as_str())
            || (prev.text.chars().count() == 1 && prev.is_capitalized()))
    {
        return false;
    }
    tokens
        .get(i + 1)
        .is_none_or(|next| next.start > token.end())
}

/// The quote text ends a sentence of its own.
fn ends_like_sentence(text: &str) -> bool {
    text.trim_end_matches(|c: char| is_quote_mark(c) || c == ')')
        .ends_with(['.', '!', '?', '…'])
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/// A word list, written as whitespace-separated words or `key:value` entries.
/// Looked up through a hash set built on first use.
struct Words {
    list: &'static str,
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
    /// `key:value` entries: key -> value, and the set of values.
    pairs: std::sync::OnceLock<(
        FxHashMap<&'static str, &'static str>,
        rustc_hash::FxHashSet<&'static str>,
    )>,
}

impl Words {
    const fn new(list: &'static str) -> Words {
        Words {
            list,
            set: std::sync::OnceLock::new(),
            pairs: std::sync::OnceLock::new(),
        }
    }

    fn pair_maps(
        &self,
    ) -> &(
        FxHashMap<&'static str, &'static str>,
        rustc_hash::FxHashSet<&'static str>,
    ) {
        self.pairs.get_or_init(|| {
            let map: FxHashMap<_, _> = self.pairs().collect();
            let values = map.values().copied().collect();
            (map, values)
        })
    }

    /// The value of a `key:value` entry.
    fn value(&self, key: &str) -> Option<&'static str> {
        self.pair_maps().0.get(key).copied()
    }

    /// `word` as the value of some entry, if it is one.
    fn as_value(&self, word: &str) -> Option<&'static str> {
        self.pair_maps().1.get(word).copied()
    }

    fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.list.split_whitespace().collect())
            .contains(word)
    }

    fn pairs(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.list
            .split_whitespace()
            .filter_map(|w| w.split_once(':'))
    }
}

/// Speech verbs; multi-word cues are matched by [`cue_at`].
static CUES: Words = Words::new(
    "said says say told tells added adds stated warned warns urged urges insisted insists
    stressed stresses noted declared declares wrote writes tweeted posted asked replied
    explained argued claimed announced continued concluded acknowledged admitted vowed
    pledged promised recalled cautioned emphasised emphasized complained conceded saying
    adding telling writing warning insisting stressing noting declaring urging arguing
    explaining",
);

static ROLES: Words = Words::new(
    "chancellor president minister secretary spokesman spokeswoman spokesperson ambassador
    senator governor commissioner chief leader premier king queen prince princess pope mayor
    chairman chairwoman director envoy adviser advisor official general colonel lieutenant
    commander admiral marshal captain sergeant head diplomat lawmaker mp mep negotiator
    prosecutor judge analyst professor politician",
);

static TITLES: Words = Words::new("mr mrs ms miss dr prof sir dame lord lady");

/// Words that qualify a role: "foreign minister", "deputy chief".
static MODIFIERS: Words = Words::new(
    "foreign defence defense prime finance interior deputy vice former acting top senior
    state national security press junior outgoing incoming new veteran",
);

/// Lowercase parts of surnames: "von der Leyen", "al-Sisi", "de Gaulle".
static PARTICLES: Words =
    Words::new("von van der den de del della di da dos du la le al bin ibn ter zu");

/// Capitalized words that are not names: sentence openers, days, months, groups.
static COMMON: Words = Words::new(
    "the a an on in at after before but and or as when while asked speaking meanwhile however
    this that these those it its his her their our we he she they i you for from with by to
    of if since until during despite although though yet so according last next earlier
    later also still now then there here both all some many most such what who why how where
    which not no yes one two today yesterday tomorrow instead indeed moreover without under
    over among against within more less already even only just every each another other
    because whether once nor monday tuesday wednesday thursday friday saturday sunday
    january february march april june july september october november december officials
    diplomats analysts experts critics sources observers residents witnesses authorities
    protesters reporters journalists writing addressing responding reacting interviewed read",
);

/// Words that make a capitalized run an institution or a place, not a person.
static ORG_WORDS: Words = Words::new(
    "union house states ministry council party nations republic bank office department army
    forces force commission parliament government agency court committee kremlin pentagon
    nato times post news institute university group company organisation organization
    alliance federation assembly embassy square street sea ocean river kingdom city region
    oblast airport emirates arabia africa america zealand york east west north south
    bundestag duma senate congress press service fund foundation summit treaty war navy
    guard media",
);

/// Single names that are places or institutions speaking as such: "Moscow said".
static NON_PERSONS: Words = Words::new(
    "kremlin nato pentagon moscow kyiv kiev berlin paris london brussels washington beijing
    warsaw tehran ankara rome madrid reuters bloomberg tass afp europe elysee élysée",
);

/// Country and demonym, for matching "the German leader" to "Germany's chancellor".
static NATIONS: Words = Words::new(
    "germany:german france:french russia:russian ukraine:ukrainian china:chinese
    britain:british uk:british england:english us:american america:american poland:polish
    italy:italian spain:spanish turkey:turkish israel:israeli iran:iranian japan:japanese
    india:indian hungary:hungarian belarus:belarusian finland:finnish sweden:swedish
    netherlands:dutch belgium:belgian austria:austrian canada:canadian syria:syrian
    taiwan:taiwanese korea:korean lithuania:lithuanian latvia:latvian estonia:estonian
    romania:romanian moldova:moldovan serbia:serbian greece:greek egypt:egyptian
    europe:european brazil:brazilian australia:australian",
);

/// Roles a generic description covers: "the German leader" is a chancellor or a president.
static ROLE_SYNONYMS: Words = Words::new(
    "leader:chancellor,president,premier,prime,king,queen,leader,head
    diplomat:ambassador,envoy,diplomat,foreign
    chief:chief,head,leader,secretary,president,chancellor,director,commander,general
    spokesman:spokesman,spokeswoman,spokesperson spokeswoman:spokesman,spokeswoman,spokesperson
    spokesperson:spokesman,spokeswoman,spokesperson",
);

/// Words between a speaker and the cue: "Scholz also said", "he had told".
static FILLERS: Words = Words::new(
    "also later then again previously repeatedly once reportedly recently earlier has had
    have was is would further separately publicly privately bluntly openly flatly angrily
    simply quickly",
);

/// Words that end a noun phrase read forwards ("said Scholz in Berlin").
static STOPS: Words = Words::new(
    "in on at to of for from with by during after before that who which whom whose while and
    or but as when because if than about was is were are had has have would will could
    should this last not it its also then yesterday today",
);

fn is_common(word: &str) -> bool {
    COMMON.contains(word)
}

fn is_role(word: &str) -> bool {
    ROLES.contains(word)
}

fn is_title(word: &str) -> bool {
    TITLES.contains(word)
}

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(word)
}

fn is_determiner(token: &Token) -> bool {
    matches!(token.lower().as_str(), "the" | "a" | "an")
}

fn is_stop(token: &Token) -> bool {
    STOPS.contains(token.lower().as_str())
}

fn is_possessive(token: &Token) -> bool {
    token.text.len() > 2 && (token.text.ends_with("'s") || token.text.ends_with("’s"))
}

/// The demonym a word names: "Germany's", "German", "germany" → "german".
fn nationality(word: &str) -> Option<&'static str> {
    let word = word.trim_end_matches("'s").trim_end_matches("’s");
    NATIONS.value(word).or_else(|| NATIONS.as_value(word))
}

/// "66-year-old" → 66.
fn parse_age(word: &str) -> Option<u32> {
    let (number, rest) = word.split_once('-')?;
    (rest == "year-old").then(|| number.parse().ok()).flatten()
}

/// A capitalized word that can be part of a personal or institutional name.
fn is_name_word(token: &Token) -> bool {
    let lower = token.lower();
    token.is_capitalized()
        && !is_possessive(token)
        && !is_common(&lower)
        && !is_role(&lower)
        && !is_title(&lower)
        && NATIONS.as_value(&lower).is_none()
}

/// A word that can stand in a noun phrase naming or describing a speaker.
fn is_np_word(token: &Token) -> bool {
    let lower = token.lower();
    is_name_word(token)
        || is_role(&lower)
        || is_title(&lower)
        || MODIFIERS.contains(lower.as_str())
        || is_particle(&lower)
        || is_possessive(token)
        || nationality(&lower).is_some()
        || parse_age(&lower).is_some()
}

/// The speech cue starting at `tokens[i]`, as (number of tokens, cue text).
fn cue_at(tokens: &[Token], i: usize) -> Option<(usize, String)> {
    let token = tokens.get(i)?;
    let lower = token.lower();
    let next = tokens.get(i + 1).map(Token::lower);
    let pair = match (lower.as_str(), next.as_deref()) {
        ("according", Some("to")) => true,
        ("called" | "calls" | "calling", Some("for")) => !token.is_capitalized(),
        _ => false,
    };
    if pair {
        return Some((2, format!("{lower} {}", next.unwrap_or_default())));
    }
    // A capitalized "Said" is a name more often than a cue.
    (!token.is_capitalized() && CUES.contains(lower.as_str())).then_some((1, lower))
}

// ---------------------------------------------------------------------------
// Mentions: the noun phrase that names a speaker
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// What a speaker mention refers to, before resolution.
#[derive(Debug, Clone, PartialEq)]
enum Referent {
    /// "he", "she"
    Pronoun(Gender),
    /// "Olaf Scholz", "Scholz", "Germany's chancellor Olaf Scholz" (name part only)
    Name(Vec<String>),
    /// A named institution: "the Kremlin", "the White House"
    Institution(String),
    /// A definite description: "the chancellor", "the German leader", "the 66-year-old"
    Description(Description),
    /// Someone the article does not name: "a Kremlin spokesman", "officials", "they"
    Unnamed,
}

/// What a definite description says about the person it means.
#[derive(Debug, Clone, PartialEq)]
struct Description {
    /// The last word: "chancellor", "leader", "66-year-old".
    head: String,
    nationality: Option<&'static str>,
    /// An institution named in it: "nato" in "the Nato chief".
    affiliation: Option<String>,
    age: Option<u32>,
}

#[derive(Debug, Clone)]
struct Mention {
    range: Range<usize>,
    referent: Referent,
}

impl Mention {
    fn new(tokens: &[Token]) -> Option<Mention> {
        let (first, last) = (tokens.first()?, tokens.last()?);
        Some(Mention {
            range: first.start..last.end(),
            referent: classify(tokens),
        })
    }
}

fn pronoun(token: &Token) -> Option<Referent> {
    match token.lower().as_str() {
        "he" => Some(Referent::Pronoun(Gender::Male)),
        "she" => Some(Referent::Pronoun(Gender::Female)),
        "they" | "we" | "i" | "it" => Some(Referent::Unnamed),
        _ => None,
    }
}

fn classify(np: &[Token]) -> Referent {
    // "Olaf Scholz, the German chancellor," — the apposition only describes.
    let core = np.split(|t| t.is(",")).next().unwrap_or(np);
    if let [token] = core
        && let Some(referent) = pronoun(token)
    {
        return referent;
    }
    let determiner = core.first().filter(|t| is_determiner(t)).map(Token::lower);
    let words = if determiner.is_some() {
        &core[1..]
    } else {
        core
    };
    let Some(last) = words.last() else {
        return Referent::Unnamed;
    };

    let mut name_start = words.len();
    while name_start > 0 {
        let word = &words[name_start - 1];
        let inner_particle = is_particle(&word.lower()) && name_start < words.len();
        if !(is_name_word(word) || inner_particle) {
            break;
        }
        name_start -= 1;
    }
    let (descriptors, name) = words.split_at(name_start);
    let name = &name[leading_non_name(name)..];
    if !name.is_empty() {
        let name: Vec<String> = name.iter().map(|t| t.text.to_string()).collect();
        let described = descriptors
            .iter()
            .any(|t| is_role(&t.lower()) || is_title(&t.lower()));
        return match determiner.as_deref() {
            Some("the") if !described => Referent::Institution(name.join(" ")),
            Some("a" | "an") => Referent::Unnamed,
            _ => Referent::Name(name),
        };
    }
    let definite = determiner.as_deref() == Some("the") || descriptors.iter().any(is_possessive);
    if !definite {
        return Referent::Unnamed;
    }
    let head = last.lower();
    Referent::Description(Description {
        age: parse_age(&head),
        nationality: descriptors.iter().find_map(|t| nationality(&t.lower())),
        affiliation: descriptors
            .iter()
            .find(|t| is_affiliation(t))
            .map(Token::lower),
        head,
    })
}

/// A capitalized word describing someone's institution: "Nato", "Kremlin".
fn is_affiliation(token: &Token) -> bool {
    is_name_word(token) && nationality(&token.lower()).is_none()
}

/// How many words at the front of a capitalized run stand before the name
/// proper: "State" in "(Secretary of) State Antony Blinken", "Berlin" in
/// "(In) Berlin Scholz said". "State Department" keeps its modifier, and a
/// place stays when the rest names an institution ("Moscow City Court").
fn leading_non_name(run: &[Token]) -> usize {
    let lower: Vec<String> = run.iter().map(Token::lower).collect();
    let modifiers = lower.iter().take_while(|w| MODIFIERS.contains(w)).count();
    let modifiers = modifiers.min(run.len().saturating_sub(2));
    let rest = &lower[modifiers..];
    if rest.iter().any(|w| ORG_WORDS.contains(w)) {
        return modifiers;
    }
    let is_place = |w: &String| NON_PERSONS.contains(w) || nationality(w).is_some();
    let places = rest.iter().take_while(|w| is_place(w)).count();
    modifiers + places.min(rest.len().saturating_sub(1))
}

/// The mention right before the cue at `tokens[cue]`: "Scholz said",
/// "Germany's chancellor Olaf Scholz told", "Scholz, 66, said", "the ministry said".
fn mention_before(tokens: &[Token], cue: usize) -> Option<Mention> {
    let mut end = cue;
    while end > 0 && FILLERS.contains(tokens[end - 1].lower().as_str()) {
        end -= 1;
    }
    // "Blinken, who noted": the relative pronoun stands for the name before it.
    let relative = end > 0 && tokens[end - 1].lower() == "who";
    if relative {
        end -= 1;
        if end > 0 && tokens[end - 1].is(",") {
            end -= 1;
        }
    }
    let last = tokens.get(end.checked_sub(1)?)?;
    if pronoun(last).is_some() {
        return Mention::new(&tokens[end - 1..end]);
    }
    if last.is(",") && !relative {
        // An apposition between commas: step over it to the name.
        end = (end.saturating_sub(10)..end - 1)
            .rev()
            .find(|&j| tokens[j].is(","))?;
    }
    let mut start = end;
    while start > 0 && end - start < 8 {
        let token = &tokens[start - 1];
        if is_determiner(token) {
            start -= 1;
            break;
        }
        if !(is_np_word(token) || title_of(tokens, start - 1)) {
            break;
        }
        start -= 1;
    }
    if start == end {
        // Plain words are a mention only behind a determiner: "the ministry said".
        while start > 0 && end - start < 4 {
            let token = &tokens[start - 1];
            if !token.is_word() || is_stop(token) || cue_at(tokens, start - 1).is_some() {
                return None;
            }
            start -= 1;
            if is_determiner(token) || is_possessive(token) {
                break;
            }
        }
        if start == end || !(is_determiner(&tokens[start]) || is_possessive(&tokens[start])) {
            return None;
        }
    }
    Mention::new(&tokens[start..end])
}

/// The "of" in "Secretary of State Antony Blinken".
fn title_of(tokens: &[Token], i: usize) -> bool {
    tokens[i].is("of")
        && i.checked_sub(1)
            .is_some_and(|j| is_role(&tokens[j].lower()))
        && tokens.get(i + 1).is_some_and(Token::is_capitalized)
}

/// The mention starting at `tokens[i]`: "said Scholz in Berlin", "according to the ministry".
fn mention_after(tokens: &[Token], i: usize) -> Option<Mention> {
    let first = tokens.get(i)?;
    if pronoun(first).is_some() {
        return Mention::new(&tokens[i..=i]);
    }
    // After a determiner or a possessive any word may be the head ("the
    // ministry"); the head, or a role, ends the phrase unless a name follows
    // ("the German chancellor Olaf Scholz").
    let loose = is_determiner(first) || is_possessive(first);
    let mut end = i + usize::from(loose);
    let mut head_seen = false;
    while let Some(token) = tokens.get(end)
        && end - i < 7
        && token.is_word()
        && !is_stop(token)
        && cue_at(tokens, end).is_none()
        && (loose || is_np_word(token))
        && (!head_seen || is_name_word(token))
    {
        head_seen |= !is_np_word(token) || is_role(&token.lower());
        end += 1;
    }
    if end == i || (loose && end == i + 1 && is_determiner(first)) {
        return None;
    }
    Mention::new(&tokens[i..end])
}

// ---------------------------------------------------------------------------
// People: who the narrative names, and how it describes them
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Person {
    /// The fullest form of the name seen, word by word.
    name: Vec<String>,
    roles: Vec<String>,
    affiliations: Vec<String>,
    nationality: Option<&'static str>,
    age: Option<u32>,
    gender: Option<Gender>,
    /// Offsets where the person is mentioned, in text order.
    sightings: Vec<usize>,
}

/// A run of name words in the narrative and what its neighbours say about it.
#[derive(Debug)]
struct NameRun {
    at: usize,
    name: Vec<String>,
    roles: Vec<String>,
    affiliations: Vec<String>,
    nationality: Option<&'static str>,
    age: Option<u32>,
    gender: Option<Gender>,
    determiner: bool,
    subject: bool,
    speaks: bool,
}

impl NameRun {
    fn is_person(&self) -> bool {
        let lower: Vec<String> = self.name.iter().map(|w| w.to_lowercase()).collect();
        let institution = lower.iter().any(|w| ORG_WORDS.contains(w.as_str()));
        // "Moscow said", "Russia said", "NATO said": a single name that is no person.
        let acronym = |w: &str| w.chars().count() > 1 && !w.chars().any(char::is_lowercase);
        let non_person = match (lower.as_slice(), self.name.as_slice()) {
            ([w], [original]) => {
                NON_PERSONS.contains(w) || nationality(w).is_some() || acronym(original)
            }
            _ => false,
        };
        // "the Kremlin", but "the chancellor Olaf Scholz".
        let described = !self.roles.is_empty() || self.gender.is_some();
        let institution_with_article = self.determiner && !described;
        let evidence = self.name.len() >= 2 || described || self.speaks;
        !(institution || non_person || institution_with_article) && evidence
    }
}

#[derive(Debug, Default)]
struct People {
    persons: Vec<Person>,
    /// Every sighting as (offset, person, subject), in text order.
    timeline: BTreeSet<(usize, usize, bool)>,
    /// Persons by the last word of their name.
    by_surname: FxHashMap<String, Vec<usize>>,
}

/// Quotes attributed so far, as (offset of the mention, person).
type Speakers = BTreeSet<(usize, usize)>;

/// How many mentions back a pronoun or a description may reach. Walking
/// back a bounded number of mentions, instead of over every person of the
/// text, is what keeps attribution linear in the length of the text.
const REACH: usize = 2_000;
/// How many distinct persons a description chooses among, most recent first.
const RECENT_PERSONS: usize = 64;

impl People {
    fn collect(article: &str, blocks: &[Block], spans: &[Span]) -> People {
        // The narrative: stretches of body text between quotes, as (tokens,
        // opens its block). Names inside a quote are the speaker's subject.
        let mut narrative = Vec::new();
        let mut rest = spans;
        for (b, block) in blocks.iter().enumerate() {
            let count = rest.iter().take_while(|s| s.block == b).count();
            let (in_block, after) = rest.split_at(count);
            rest = after;
            let mut from = block.range.start;
            for span in in_block {
                narrative.push((
                    tokenize(article, from..span.open),
                    from == block.range.start,
                ));
                from = span.end();
            }
            narrative.push((
                tokenize(article, from..block.range.end),
                from == block.range.start,
            ));
        }
        let runs: Vec<NameRun> = narrative
            .iter()
            .flat_map(|(tokens, opens)| name_runs(tokens, *opens))
            .collect();
        let mut people = People::default();
        let (persons, others): (Vec<_>, Vec<_>) = runs.into_iter().partition(NameRun::is_person);
        for run in &persons {
            people.add(run);
        }
        // A bare surname is a later mention of someone already named in full.
        for run in &others {
            if let [surname] = run.name.as_slice()
                && let Some(p) = people.by_name(std::slice::from_ref(surname), run.at)
            {
                people.sight(p, run.at, run.subject);
            }
        }
        // "The German leader struck a cautious tone": a description as the
        // subject makes its person the one a following "he" means.
        for (tokens, opens_block) in &narrative {
            for s in 0..tokens.len() {
                let starts_sentence = if s == 0 {
                    *opens_block
                } else {
                    ends_sentence(tokens, s - 1)
                };
                if !starts_sentence || tokens[s].lower() != "the" {
                    continue;
                }
                let Some(mention) = mention_after(tokens, s) else {
                    continue;
                };
                let Referent::Description(description) = &mention.referent else {
                    continue;
                };
                let verb_follows = tokens[s..]
                    .iter()
                    .find(|t| t.start >= mention.range.end)
                    .is_some_and(|t| t.is_word() && !t.is_capitalized());
                if verb_follows
                    && let Some(p) =
                        people.by_description(description, mention.range.start, &BTreeSet::new())
                {
                    people.sight(p, mention.range.start, true);
                }
            }
        }
        people
    }

    fn add(&mut self, run: &NameRun) {
        let same = |p: &Person| p.name.ends_with(&run.name) || run.name.ends_with(&p.name);
        let surname = run.name.last().cloned().unwrap_or_default();
        let index = match self.latest(&surname, same, run.at) {
            Some(i) => i,
            None => {
                self.persons.push(Person::default());
                let i = self.persons.len() - 1;
                self.by_surname.entry(surname).or_default().push(i);
                i
            }
        };
        let person = &mut self.persons[index];
        if run.name.len() > person.name.len() {
            person.name.clone_from(&run.name);
        }
        for role in &run.roles {
            if !person.roles.contains(role) {
                person.roles.push(role.clone());
            }
        }
        for affiliation in &run.affiliations {
            if !person.affiliations.contains(affiliation) {
                person.affiliations.push(affiliation.clone());
            }
        }
        person.nationality = person.nationality.or(run.nationality);
        person.age = person.age.or(run.age);
        person.gender = person.gender.or(run.gender);
        self.sight(index, run.at, run.subject);
    }

    /// Records that person `p` is mentioned at `at`, keeping its sightings in
    /// text order (lookups find the last one before an offset by bisection).
    fn sight(&mut self, p: usize, at: usize, subject: bool) {
        let sightings = &mut self.persons[p].sightings;
        let k = sightings.partition_point(|&s| s <= at);
        sightings.insert(k, at);
        self.timeline.insert((at, p, subject));
    }

    /// Of the persons with this last name word that `accept`, the one seen
    /// last before `at` (or else the first seen). Every name a lookup can
    /// match ends with the same word, so only those persons are read: a
    /// lookup costs the same at the start and at the end of a long text.
    fn latest(&self, surname: &str, accept: impl Fn(&Person) -> bool, at: usize) -> Option<usize> {
        let ids = self.by_surname.get(surname).map_or(&[][..], Vec::as_slice);
        let candidates = || ids.iter().copied().filter(|&i| accept(&self.persons[i]));
        let seen_before = |i: usize| {
            let s = &self.persons[i].sightings;
            s.partition_point(|&s| s < at).checked_sub(1).map(|k| s[k])
        };
        candidates()
            .filter_map(|i| Some((seen_before(i)?, i)))
            .max()
            .map(|(_, i)| i)
            .or_else(|| candidates().next())
    }

    /// The person a name refers to; a surname or a partial name matches the full one.
    fn by_name(&self, words: &[String], at: usize) -> Option<usize> {
        (1..=words.len()).rev().find_map(|n| {
            let tail = &words[words.len() - n..];
            let whole = n == words.len();
            self.latest(
                words.last()?,
                |p| p.name.ends_with(tail) || (whole && tail.ends_with(&p.name)),
                at,
            )
        })
    }

    /// The last person before `at` named as a subject or as a speaker,
    /// within the last [`REACH`] mentions.
    fn by_pronoun(&self, gender: Gender, at: usize, speakers: &Speakers) -> Option<usize> {
        let fits = |i: usize| self.persons[i].gender.is_none_or(|g| g == gender);
        let subject = self
            .timeline
            .range(..(at, 0, false))
            .rev()
            .take(REACH)
            .find(|&&(_, i, subject)| subject && fits(i))
            .map(|&(a, i, _)| (a, i));
        let spoken = speakers
            .range(..(at, 0))
            .rev()
            .take(REACH)
            .find(|&&(_, i)| fits(i))
            .copied();
        subject.max(spoken).map(|(_, i)| i)
    }

    /// Distinct persons seen (named, or quoted as speakers) before `at`, the
    /// most recent first: at most [`RECENT_PERSONS`], within [`REACH`] mentions.
    fn recent(&self, at: usize, speakers: &Speakers) -> Vec<usize> {
        let mut named = self
            .timeline
            .range(..(at, 0, false))
            .rev()
            .map(|&(a, i, _)| (a, i))
            .peekable();
        let mut spoken = speakers.range(..(at, 0)).rev().copied().peekable();
        let mut order = Vec::new();
        for _ in 0..REACH {
            let next = match (named.peek(), spoken.peek()) {
                (Some(n), Some(s)) if n >= s => named.next(),
                (Some(_), None) => named.next(),
                _ => spoken.next(),
            };
            let Some((_, i)) = next else { break };
            if !order.contains(&i) {
                order.push(i);
                if order.len() == RECENT_PERSONS {
                    break;
                }
            }
        }
        order
    }

    /// The most recent person before `at` that fits the description; a
    /// nationality the article never gave is accepted only if nobody fits better.
    fn by_description(
        &self,
        description: &Description,
        at: usize,
        speakers: &Speakers,
    ) -> Option<usize> {
        let Description {
            head,
            nationality,
            affiliation,
            age,
        } = description;
        let recent = self.recent(at, speakers);

        let fits = |p: &Person, strict: bool| {
            let role_fits = match age {
                Some(years) => p.age == Some(*years),
                None => {
                    // "the German leader" may be a chancellor or a president.
                    let covered = ROLE_SYNONYMS.value(head);
                    p.roles.iter().any(|r| match covered {
                        Some(roles) => roles.split(',').any(|role| role == r),
                        None => r == head,
                    })
                }
            };
            let nation_fits = match (nationality, p.nationality) {
                (Some(wanted), Some(known)) => *wanted == known,
                (Some(_), None) => !strict,
                (None, _) => true,
            };
            let affiliation_fits = affiliation
                .as_ref()
                .is_none_or(|a| p.affiliations.contains(a));
            role_fits && nation_fits && affiliation_fits
        };
        [true, false].into_iter().find_map(|strict| {
            recent
                .iter()
                .copied()
                .find(|&i| fits(&self.persons[i], strict))
        })
    }

    fn canonical(&self, index: usize) -> String {
        self.persons[index].name.join(" ")
    }
}

/// Name runs in a stretch of narrative (text outside quotes).
fn name_runs(tokens: &[Token], opens_block: bool) -> Vec<NameRun> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_name = is_name_word(&tokens[i])
            || (is_particle(&tokens[i].lower())
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| is_name_word(t) || is_particle(&t.lower())));
        if !starts_name {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while let Some(token) = tokens.get(end) {
            let particle = is_particle(&token.lower())
                && tokens
                    .get(end + 1)
                    .is_some_and(|t| is_name_word(t) || is_particle(&t.lower()));
            if !(is_name_word(token) || particle) {
                break;
            }
            end += 1;
        }
        i = end;
        runs.push(name_run(tokens, start..end, opens_block));
    }
    runs
}

fn name_run(tokens: &[Token], name: Range<usize>, opens_block: bool) -> NameRun {
    let mut run = NameRun {
        at: tokens[name.start].start,
        name: tokens[name.clone()]
            .iter()
            .map(|t| t.text.to_string())
            .collect(),
        roles: Vec::new(),
        affiliations: Vec::new(),
        nationality: None,
        age: None,
        gender: None,
        determiner: false,
        subject: false,
        speaks: false,
    };
    let learn = |run: &mut NameRun, token: &Token| {
        let lower = token.lower();
        if is_role(&lower) || MODIFIERS.contains(lower.as_str()) {
            run.roles.push(lower.clone());
        } else if is_affiliation(token) {
            run.affiliations.push(lower.clone());
        }
        match lower.as_str() {
            "mr" | "sir" | "lord" => run.gender = Some(Gender::Male),
            "mrs" | "ms" | "miss" | "dame" | "lady" => run.gender = Some(Gender::Female),
            _ => {}
        }
        run.nationality = run.nationality.or(nationality(&lower));
        run.age = run.age.or(parse_age(&lower));
    };

    // "State Antony Blinken": the modifier belongs to the title before it.
    let skip = leading_non_name(&tokens[name.clone()]);
    for token in &tokens[name.start..name.start + skip] {
        learn(&mut run, token);
    }
    run.name.drain(..skip);
    run.at = tokens[name.start + skip].start;

    // Descriptors before the name: "Germany's chancellor", "Kremlin spokesman".
    let mut start = name.start;
    while start > 0 && name.start - start < 6 {
        let token = &tokens[start - 1];
        if is_determiner(token) {
            run.determiner = true;
            start -= 1;
            break;
        }
        if !(is_np_word(token) || title_of(tokens, start - 1)) {
            break;
        }
        learn(&mut run, token);
        start -= 1;
    }

    // An apposition after it: "Scholz, 66," or "Scholz, the German chancellor,".
    let mut after = name.end;
    if tokens.get(after).is_some_and(|t| t.is(",")) {
        let close = (after + 1..tokens.len().min(after + 10))
            .find(|&j| tokens[j].is(",") || ends_sentence(tokens, j));
        if let Some(close) = close {
            let apposition = &tokens[after + 1..close];
            match apposition {
                [age]
                    if age
                        .text
                        .parse::<u32>()
                        .is_ok_and(|a| (1..=120).contains(&a)) =>
                {
                    run.age = age.text.parse().ok();
                }
                [first, ..] if is_determiner(first) => {
                    for token in apposition {
                        learn(&mut run, token);
                    }
                }
                _ => {}
            }
            if apposition.len() <= 8 && tokens[close].is(",") {
                after = close + 1;
            }
        }
    }
    while tokens
        .get(after)
        .is_some_and(|t| FILLERS.contains(t.lower().as_str()))
    {
        after += 1;
    }
    run.speaks = cue_at(tokens, after).is_some();

    let before = start.checked_sub(1).map(|j| &tokens[j]);
    let sentence_start = match before {
        None => opens_block,
        Some(_) => ends_sentence(tokens, start - 1),
    };
    let verb_follows = tokens.get(after).is_some_and(|t| {
        t.is_word() && !t.is_capitalized() && !matches!(t.text, "and" | "or" | "nor" | "of")
    });
    let possessed = tokens.get(name.end).is_some_and(|t| t.is("'") || t.is("’"));
    run.subject = !possessed
        && (run.speaks || (verb_follows && (sentence_start || before.is_some_and(|t| t.is(",")))));
    run
}

// ---------------------------------------------------------------------------
// Attribution
// ---------------------------------------------------------------------------

/// The text around one quote that may attribute it.
struct Context<'a> {
    /// The quote's sentence up to its opening mark, after any earlier quote.
    before: Vec<Token<'a>>,
    /// From the closing mark to the end of the sentence or the next quote.
    after: Vec<Token<'a>>,
    /// Byte offset where `after` stops.
    after_end: usize,
    /// The sentence before the quote's own, within the block.
    previous_sentence: Vec<Token<'a>>,
    /// Nothing but whitespace between the start of the block and the opening mark.
    opens_block: bool,
    /// The previous quote in the block belongs to the same sentence.
    shares_sentence: bool,
    /// The quoted text ends with a full stop, question or exclamation mark.
    quote_ends_sentence: bool,
}

impl<'a> Context<'a> {
    fn of(article: &'a str, blocks: &[Block], spans: &[Span], k: usize) -> Context<'a> {
        let span = &spans[k];
        let block = &blocks[span.block];
        let prev = k.checked_sub(1).filter(|&j| spans[j].block == span.block);
        let next = spans.get(k + 1).filter(|s| s.block == span.block);

        let from = prev.map_or(block.range.start, |j| spans[j].end());
        let tokens = tokenize(article, from..span.open);
        let cut = (0..tokens.len())
            .rev()
            .find(|&i| ends_sentence(&tokens, i))
            .map_or(0, |i| i + 1);
        let shares_sentence =
            prev.is_some_and(|j| cut == 0 && !ends_like_sentence(&article[spans[j].text.clone()]));
        let opens_block = article[block.range.start..span.open].trim().is_empty();
        let mut before = tokens[cut..].to_vec();
        let previous_sentence = match cut.checked_sub(1) {
            Some(last) => {
                let start = (0..last)
                    .rev()
                    .find(|&i| ends_sentence(&tokens, i))
                    .map_or(0, |i| i + 1);
                tokens[start..cut].to_vec()
            }
            None => Vec::new(),
        };

        // "Scholz told the Bundestag:" closing one paragraph, the quote opening the next.
        if opens_block
            && !span.continues
            && let Some(prev_block) = span.block.checked_sub(1).map(|b| &blocks[b])
        {
            // The quote opens its block, so the span before it is the last of the block before.
            let from = k
                .checked_sub(1)
                .map(|j| &spans[j])
                .filter(|s| s.block + 1 == span.block)
                .map_or(prev_block.range.start, Span::end);
            let tokens = tokenize(article, from..prev_block.range.end);
            if tokens.last().is_some_and(|t| t.is(":")) {
                let cut = (0..tokens.len() - 1)
                    .rev()
                    .find(|&i| ends_sentence(&tokens, i))
                    .map_or(0, |i| i + 1);
                before = tokens[cut..].to_vec();
            }
        }

        let to = next.map_or(block.range.end, |s| s.open);
        let (after, after_end) = match span.close {
            Some(close) if close <= to => {
                let mut tokens = tokenize(article, close..to);
                match (0..tokens.len()).find(|&i| ends_sentence(&tokens, i)) {
                    Some(i) if i + 1 < tokens.len() => {
                        let end = tokens[i].end();
                        tokens.truncate(i + 1);
                        (tokens, end)
                    }
                    _ => (tokens, to),
                }
            }
            _ => (Vec::new(), span.end()),
        };
        Context {
            before,
            after,
            after_end,
            previous_sentence,
            opens_block,
            shares_sentence,
            quote_ends_sentence: ends_like_sentence(&article[span.text.clone()]),
        }
    }

    /// The quote follows its attribution: "Scholz said:" or "he said, ".
    fn introduced(&self) -> bool {
        let Some(last) = self.before.last() else {
            return false;
        };
        last.is(":") || self.ends_with_cue()
    }

    /// The quote is a sentence of its own: none of its sentence lies outside the marks.
    fn stands_alone(&self) -> bool {
        self.before.is_empty()
            && (self.quote_ends_sentence || !self.after.iter().any(Token::is_word))
    }

    /// "Scholz said "…"", "he added, "…"".
    fn ends_with_cue(&self) -> bool {
        let words = self.before.len() - usize::from(self.before.last().is_some_and(|t| t.is(",")));
        (0..words).any(|k| cue_at(&self.before, k).is_some_and(|(n, _)| k + n == words))
    }

    fn attribution(&self, quote: &str) -> Option<(Mention, String)> {
        let direct = if self.introduced() {
            attribution_before(&self.before).or_else(|| self.attribution_after(quote))
        } else {
            self.attribution_after(quote)
                .or_else(|| attribution_before(&self.before))
        };
        // A quote standing as a sentence of its own after reported speech:
        // `Merz said the coalition had failed. "It has wasted months."`
        direct.or_else(|| {
            self.stands_alone()
                .then(|| attribution_before(&self.previous_sentence))
                .flatten()
        })
    }

    /// `"…," Scholz said`, `"…," said the chancellor`, `"…," according to the minister`.
    fn attribution_after(&self, quote: &str) -> Option<(Mention, String)> {
        static TRAILERS: Words =
            Words::new("on in at during after before while to reporters journalists");
        let tokens = &self.after;
        let mut i = 0;
        let mut clause_follows = quote.ends_with([',', '?', '!', '—', '–', '-']);
        while tokens
            .get(i)
            .is_some_and(|t| matches!(t.text, "," | "—" | "–" | "-"))
        {
            clause_follows = true;
            i += 1;
        }
        // After `."` a new sentence begins: only a bare "Scholz said." may attribute it.
        let own_sentence = !clause_follows && ends_like_sentence(quote);
        if !clause_follows && !own_sentence {
            return None;
        }
        if let Some((n, cue)) = cue_at(tokens, i) {
            return Some((mention_after(tokens, i + n)?, cue));
        }
        let cue_index = (i + 1..tokens.len().min(i + 9)).find(|&j| cue_at(tokens, j).is_some())?;
        let (n, cue) = cue_at(tokens, cue_index)?;
        let mut np_end = cue_index;
        while np_end > i && FILLERS.contains(tokens[np_end - 1].lower().as_str()) {
            np_end -= 1;
        }
        let np = &tokens[i..np_end];
        if np.iter().any(|t| !(t.is_word() || t.is(",")) || is_stop(t)) {
            return None;
        }
        if own_sentence {
            let rest: Vec<&Token> = tokens[cue_index + n..]
                .iter()
                .filter(|t| t.is_word())
                .collect();
            // "Scholz said.", "Scholz told reporters.", "he said on Monday."
            let bare = rest.first().is_none_or(|first| {
                rest.len() <= 4
                    && (first.is_capitalized() || TRAILERS.contains(first.lower().as_str()))
            });
            if !bare {
                return None;
            }
        }
        Some((Mention::new(np)?, cue))
    }

    /// A quote is whole when it opens its sentence, follows a colon or an
    /// attribution and comma ("he said, "…""), or is a capitalized sentence
    /// right after a cue; anything else is embedded in reported speech:
    /// `called for "an immediate surge"`, `said that the alliance was "strong"`.
    fn partial(&self, span: &Span, quote: &str) -> bool {
        let Some(last) = self.before.last() else {
            return false;
        };
        if span.continues || last.is(":") {
            return false;
        }
        let cue = (0..self.before.len()).find(|&k| cue_at(&self.before, k).is_some());
        if last.is(",") && cue.is_some() {
            return false;
        }
        let whole_sentence = quote.starts_with(char::is_uppercase)
            && cue.is_some_and(|c| !self.before[c..].iter().any(|t| t.is("that")));
        !whole_sentence
    }
}

/// `Scholz said: "…"`, `Macron told Scholz that the alliance was "…"`,
/// `He urged …, saying this was "…"`, `According to the minister, … "…"`.
fn attribution_before(tokens: &[Token]) -> Option<(Mention, String)> {
    (0..tokens.len()).rev().find_map(|c| {
        let (n, cue) = cue_at(tokens, c)?;
        let mention = if cue == "according to" {
            mention_after(tokens, c + n)
        } else if cue.ends_with("ing") {
            clause_subject(&tokens[..c])
        } else {
            let first_word = tokens.iter().position(Token::is_word) == Some(c);
            mention_before(tokens, c)
                .or_else(|| first_word.then(|| mention_after(tokens, c + n)).flatten())
        };
        Some((mention?, cue))
    })
}

/// The subject of the clause a participle hangs on: "He urged …, saying".
fn clause_subject(tokens: &[Token]) -> Option<Mention> {
    mention_after(tokens, 0).or_else(|| {
        let comma = tokens.iter().take(8).position(|t| t.is(","))?;
        mention_after(tokens, comma + 1)
    })
}

#[derive(Debug, Clone)]
struct Attribution {
    speaker: Option<String>,
    mention: Range<usize>,
    cue: String,
}

fn attribute(article: &str, blocks: &[Block], spans: &[Span], people: &People) -> Vec<Quote> {
    let contexts: Vec<Context> = (0..spans.len())
        .map(|k| Context::of(article, blocks, spans, k))
        .collect();

    // Speakers resolved so far, as (offset of the mention, person): the latest
    // is who a following "he" most likely means.
    let mut speakers = Speakers::new();
    let mut found: Vec<Option<Attribution>> = spans
        .iter()
        .zip(&contexts)
        .map(|(span, context)| {
            let (mention, cue) = context.attribution(&article[span.text.clone()])?;
            let at = mention.range.start;
            let person = match &mention.referent {
                Referent::Pronoun(gender) => people.by_pronoun(*gender, at, &speakers),
                Referent::Name(words) => people.by_name(words, at),
                Referent::Description(description) => {
                    people.by_description(description, at, &speakers)
                }
                Referent::Institution(_) | Referent::Unnamed => None,
            };
            if let Some(p) = person {
                speakers.insert((at, p));
            }
            let speaker = match (&mention.referent, person) {
                (_, Some(p)) => Some(people.canonical(p)),
                (Referent::Name(words), None) => Some(words.join(" ")),
                (Referent::Institution(name), None) => Some(name.clone()),
                _ => None,
            };
            Some(Attribution {
                speaker,
                mention: mention.range,
                cue,
            })
        })
        .collect();

    inherit_attributions(article, blocks, spans, &contexts, &mut found);

    spans
        .iter()
        .zip(&contexts)
        .zip(found)
        .map(|((span, context), attribution)| {
            let quote = &article[span.text.clone()];
            let partial = context.partial(span, quote);
            let ctx = if partial {
                sentence_around(article, blocks[span.block].range.clone(), span.text.clone())
            } else {
                span.text.clone()
            };
            Quote {
                quote: quote.to_string(),
                speaker: attribution.as_ref().and_then(|a| a.speaker.clone()),
                speaker_mention: attribution
                    .as_ref()
                    .map(|a| article[a.mention.clone()].to_string()),
                cue: attribution.map(|a| a.cue),
                start: span.text.start,
                end: span.text.end,
                paragraph: blocks[span.block].paragraph,
                partial,
                context: article[ctx.clone()].to_string(),
                context_kind: if partial {
                    ContextKind::Sentence
                } else {
                    ContextKind::Quote
                },
                context_start: ctx.start,
                context_end: ctx.end,
            }
        })
        .collect()
}

/// Quotes with no cue of their own take the attribution of the quote they go on from.
fn inherit_attributions(
    article: &str,
    blocks: &[Block],
    spans: &[Span],
    contexts: &[Context],
    found: &mut [Option<Attribution>],
) {
    let inherit = |found: &mut [Option<Attribution>], to: usize, from: usize| {
        if found[to].is_none() && found[from].is_some() {
            found[to] = found[from].clone();
        }
    };
    let blank = |range: Range<usize>| article.get(range).is_none_or(|gap| gap.trim().is_empty());
    // `"We are ready." "And we will act," he said.`
    let adjacent =
        |k: usize| spans[k].block == spans[k - 1].block && blank(spans[k - 1].end()..spans[k].open);
    // Quotes of one sentence share a speaker ("called it "absurd" and
    // "dangerous""), and so do the paragraphs of a quote over several paragraphs.
    let linked = |k: usize| contexts[k].shares_sentence || spans[k].continues;
    // A quote opening a sentence right after an attributed quote's sentence —
    // in the same paragraph, or at the start of the next — continues that statement.
    let continues = |k: usize| {
        let (prev, span) = (&spans[k - 1], &spans[k]);
        let after_prev = contexts[k - 1].after_end;
        if prev.block == span.block {
            contexts[k].stands_alone() && blank(after_prev..span.open)
        } else {
            prev.block + 1 == span.block
                && contexts[k].opens_block
                && contexts[k].stands_alone()
                && blank(after_prev..blocks[prev.block].range.end)
        }
    };

    let n = spans.len();
    for k in (1..n).rev() {
        if adjacent(k) {
            inherit(found, k - 1, k);
        }
    }
    for k in 1..n {
        if linked(k) || continues(k) {
            inherit(found, k, k - 1);
        }
    }
    for k in (1..n).rev() {
        if linked(k) {
            inherit(found, k - 1, k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(article: &str) -> Vec<String> {
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
    fn apostrophes_are_not_quotation_marks() {
        assert!(texts("Russia's envoy said he didn't know.").is_empty());
        assert_eq!(
            texts("Mr Johnson said: 'We don't accept Russia's terms.' He left."),
            ["We don't accept Russia's terms."]
        );
        assert!(texts("In the '90s the allies' mood was different.").is_empty());
    }

    #[test]
    fn every_mark_style_pairs() {
        for article in [
            "He said: “Enough.”",
            "He said: „Enough.“",
            "He said: «Enough.»",
            "He said: « Enough. »",
            "He said: »Enough.«",
            "He said: ‹Enough.›",
            "He said: ‘Enough.’",
            "He said: \"Enough.\"",
        ] {
            assert_eq!(texts(article), ["Enough."], "{article}");
        }
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let article = "\"They call it a 'special operation', but it is a war,\" she said.";
        assert_eq!(
            texts(article),
            ["They call it a 'special operation', but it is a war,"]
        );
    }

    #[test]
    fn unclosed_quote_ends_with_its_paragraph() {
        let article = "\"We will never give up, he said.\n\nThe talks resume on Monday.";
        let quotes = extract(article);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].quote, "We will never give up, he said.");
    }

    #[test]
    fn furniture_lines_are_skipped() {
        let article = "Scholz: \"We stand firm\"\n\nBy Anna Weber\n\nRelated article: \"Nato at 75\"\n\n\
                       \"We stand firm,\" Scholz said.\n\nOriginal url: https://example.com/a\n";
        let quotes = extract(article);
        assert_eq!(texts(article), ["We stand firm,"]);
        assert_eq!(quotes[0].paragraph, 4);
    }

    #[test]
    fn headline_needs_a_body_after_it() {
        assert_eq!(texts("Scholz said \"no\""), ["no"]);
    }

    #[test]
    fn mentions_classify() {
        let np = |s: &'static str| classify(&tokenize(s, 0..s.len()));
        assert_eq!(np("He"), Referent::Pronoun(Gender::Male));
        assert_eq!(
            np("Germany's chancellor Olaf Scholz"),
            Referent::Name(vec!["Olaf".into(), "Scholz".into()])
        );
        assert_eq!(np("the Kremlin"), Referent::Institution("Kremlin".into()));
        assert_eq!(np("a Kremlin spokesman"), Referent::Unnamed);
        assert_eq!(
            np("the German leader"),
            Referent::Description(Description {
                head: "leader".into(),
                nationality: Some("german"),
                affiliation: None,
                age: None
            })
        );
        assert_eq!(
            np("the 66-year-old"),
            Referent::Description(Description {
                head: "66-year-old".into(),
                nationality: None,
                affiliation: None,
                age: Some(66)
            })
        );
    }

    #[test]
    fn surname_and_description_resolve_to_the_full_name() {
        let article = "Germany's chancellor Olaf Scholz, 66, spoke in Berlin.\n\n\
                       \"We are ready,\" Scholz said. \"We will act,\" the chancellor added.\n\n\
                       \"Nobody doubts it,\" said the 66-year-old.";
        let speakers: Vec<_> = extract(article).into_iter().map(|q| q.speaker).collect();
        assert_eq!(speakers, vec![Some("Olaf Scholz".to_string()); 3]);
    }

    #[test]
    fn unattributed_quote_after_narrative_stays_unknown() {
        let article =
            "\"We are ready,\" Scholz said.\n\nMarkets fell sharply on Tuesday.\n\n\"It is over.\"";
        let quotes = extract(article);
        assert_eq!(quotes[1].speaker, None);
        assert_eq!(quotes[1].speaker_mention, None);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let tokens = |s: &'static str| tokenize(s, 0..s.len());
        let t = tokens("Mr. Scholz met Gen. Milley. Then");
        let ends: Vec<usize> = (0..t.len()).filter(|&i| ends_sentence(&t, i)).collect();
        assert_eq!(ends.len(), 1);
        assert_eq!(t[ends[0] - 1].text, "Milley");
    }

    #[test]
    fn question_mark_lets_attribution_follow() {
        let quotes = extract("\"Why now?\" Scholz asked. \"It is late.\"");
        assert_eq!(quotes[0].cue.as_deref(), Some("asked"));
        assert_eq!(quotes[1].speaker.as_deref(), Some("Scholz"));
    }

    #[test]
    fn pronoun_without_antecedent_is_unknown() {
        let q = &extract("\"We are ready,\" he said.")[0];
        assert_eq!(
            (q.speaker.as_deref(), q.speaker_mention.as_deref()),
            (None, Some("he"))
        );
    }

    #[test]
    fn partial_quote_is_read_in_its_sentence() {
        let article = "The talks ran late. Putin told Tokayev that relations between their countries have a \"special character\". Both sides then left.";
        let q = &extract(article)[0];
        assert_eq!(q.quote, "special character");
        assert!(q.partial);
        assert_eq!(q.context_kind, ContextKind::Sentence);
        assert_eq!(
            q.context,
            "Putin told Tokayev that relations between their countries have a \"special character\"."
        );
        assert_eq!(&article[q.context_start..q.context_end], q.context);
        // A full-sentence quote is classified alone.
        let article = "\"We will keep talking,\" Mr. Scholz said. Then he left.";
        let q = &extract(article)[0];
        assert!(!q.partial);
        assert_eq!(q.context_kind, ContextKind::Quote);
        assert_eq!(q.context, "We will keep talking,");
    }

    #[test]
    fn sentence_around_skips_abbreviations() {
        let a = "Earlier, Mr. Putin met Dr. Smith. Mr. Putin said the U.S. was \"a partner\" in Syria. Next.";
        let qs = a.find("a partner").unwrap();
        let r = sentence_around(a, 0..a.len(), qs..qs + 9);
        assert_eq!(&a[r], "Mr. Putin said the U.S. was \"a partner\" in Syria.");
    }

    #[test]
    fn pronoun_skips_a_person_of_the_other_gender() {
        let article =
            "Mr Scholz arrived first. Ms Baerbock followed him.\n\n\"We agree,\" he said.";
        assert_eq!(extract(article)[0].speaker.as_deref(), Some("Scholz"));
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
