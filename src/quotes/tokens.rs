//! Tokens (words and punctuation with byte offsets) and sentence ends.

use std::ops::Range;

use super::*;

/// A word (letters and digits, with inner hyphens and apostrophes) or a single
/// punctuation character, with its byte offset in the article.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
}

impl Token<'_> {
    pub(super) fn end(&self) -> usize {
        self.start + self.text.len()
    }
    pub(super) fn is_word(&self) -> bool {
        self.text.starts_with(char::is_alphanumeric)
    }
    pub(super) fn is_capitalized(&self) -> bool {
        self.text.starts_with(char::is_uppercase)
    }
    pub(super) fn lower(&self) -> String {
        self.text.to_lowercase()
    }
    pub(super) fn is(&self, text: &str) -> bool {
        self.text == text
    }
}

pub(super) fn tokenize(article: &str, range: Range<usize>) -> Vec<Token<'_>> {
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
pub(super) fn ends_sentence(tokens: &[Token], i: usize) -> bool {
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
pub(super) fn ends_like_sentence(text: &str) -> bool {
    text.trim_end_matches(|c: char| is_quote_mark(c) || c == ')')
        .ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let tokens = |s: &'static str| tokenize(s, 0..s.len());
        let t = tokens("Mr. Scholz met Gen. Milley. Then");
        let ends: Vec<usize> = (0..t.len()).filter(|&i| ends_sentence(&t, i)).collect();
        assert_eq!(ends.len(), 1);
        assert_eq!(t[ends[0] - 1].text, "Milley");
    }
}
