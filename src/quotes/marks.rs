//! Quotation marks: which mark opens and closes which quotation, and the quoted spans of a block.

use std::ops::Range;

use super::*;

/// The kind of quotation a mark opened, which decides what closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marks {
    /// `"…"`
    Straight,
    /// `“…”`
    English,
    /// `”…“` and `”…”`: some sites print the marks the wrong way round
    /// (kremlin.ru in 2000). Closed by either mark standing after text.
    ReversedEnglish,
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
    pub(super) fn opening(c: char, prev: Option<char>, next: Option<char>) -> Option<Marks> {
        let after_gap =
            prev.is_none_or(|p| p.is_whitespace() || "([{—–-/:;,".contains(p) || is_quote_mark(p));
        let before_text = next.is_some_and(|n| !n.is_whitespace());
        let loose = after_gap && before_text;
        Some(match c {
            // An opening mark stands before text: `situation,“ he said` closes
            // a quote whose marks are printed the wrong way round.
            // `: “ We will respond. ”` (spaced marks) still opens: it follows a space.
            '“' if before_text || prev.is_none_or(char::is_whitespace) => Marks::English,
            '„' => Marks::German,
            '«' => Marks::Guillemets,
            '‹' => Marks::SingleGuillemets,
            '"' if loose => Marks::Straight,
            '”' if loose => Marks::ReversedEnglish,
            '»' if loose => Marks::ReversedGuillemets,
            '›' if loose => Marks::ReversedSingleGuillemets,
            // Not "'90s": a single quotation opens on a letter.
            '\'' | '‘' if after_gap && next.is_some_and(char::is_alphabetic) => Marks::Single,
            '‚' if loose => Marks::GermanSingle,
            _ => return None,
        })
    }

    pub(super) fn closes(self, c: char, prev: Option<char>, next: Option<char>) -> bool {
        match self {
            Marks::Straight => c == '"',
            Marks::English => c == '”',
            Marks::ReversedEnglish => {
                matches!(c, '“' | '”')
                    && prev.is_some_and(|p| !p.is_whitespace())
                    && !next.is_some_and(char::is_alphanumeric)
            }
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
    pub(super) fn only_opens(self) -> bool {
        matches!(
            self,
            Marks::English | Marks::German | Marks::Guillemets | Marks::SingleGuillemets
        )
    }

    /// Quotes nest only across families: single inside double, and so on.
    pub(super) fn family(self) -> u8 {
        match self {
            Marks::Straight | Marks::English | Marks::ReversedEnglish | Marks::German => 0,
            Marks::Guillemets | Marks::ReversedGuillemets => 1,
            Marks::SingleGuillemets | Marks::ReversedSingleGuillemets => 2,
            Marks::Single | Marks::GermanSingle => 3,
        }
    }
}

pub(super) fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '‹' | '›' | '\'' | '‘' | '’' | '‚'
    )
}

/// One top-level quotation inside a block.
#[derive(Debug)]
pub(super) struct Span {
    pub(super) block: usize,
    /// Byte offset of the opening mark.
    pub(super) open: usize,
    /// The quoted text, trimmed of whitespace, without marks.
    pub(super) text: Range<usize>,
    /// Byte offset just past the closing mark; `None` when the block ended first.
    pub(super) close: Option<usize>,
    /// Goes on with the previous span's quote, opened in an earlier paragraph.
    pub(super) continues: bool,
}

impl Span {
    /// Where the narrative resumes after the quote.
    pub(super) fn end(&self) -> usize {
        self.close.unwrap_or(self.text.end)
    }
}

pub(super) fn quote_spans(article: &str, blocks: &[Block]) -> Vec<Span> {
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

pub(super) fn scan_block(article: &str, block: usize, range: Range<usize>, spans: &mut Vec<Span>) {
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

pub(super) fn trim_range(article: &str, range: Range<usize>) -> Range<usize> {
    let text = &article[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::tests::texts;

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
            "He said: ”Enough.”",
            "He said: ”Enough.“",
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
    fn marks_printed_the_wrong_way_round_pair_by_where_they_stand() {
        // ”…“: the narration between two quotes is not a quote.
        assert_eq!(
            texts("He said: “ We will respond. ” Then he left."),
            ["We will respond."]
        );
        let article = "”We agree,“ the president said later. ”And we will sign.“ He left.";
        assert_eq!(texts(article), ["We agree,", "And we will sign."]);
        let quotes = extract(article);
        assert_eq!(quotes[0].speaker_mention.as_deref(), Some("the president"));
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
}
