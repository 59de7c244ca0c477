//! Layout: paragraphs, page furniture (headlines, bylines, links) and body blocks.

use std::ops::Range;

use super::*;

/// Consecutive body lines of one paragraph. Furniture lines are cut out, so a
/// quote can never run across a link or a "Related article:" line.
#[derive(Debug)]
pub(super) struct Block {
    pub(super) range: Range<usize>,
    pub(super) paragraph: usize,
}

pub(super) struct Line {
    pub(super) range: Range<usize>,
    pub(super) paragraph: usize,
    pub(super) furniture: bool,
}

/// The non-blank lines of an article with their paragraph and whether they
/// are furniture (the headline is not marked here).
fn page_lines(article: &str) -> impl Iterator<Item = Line> + '_ {
    let (mut paragraph, mut after_blank, mut offset) = (0, true, 0);
    article.split_inclusive('\n').filter_map(move |raw| {
        let text = raw.trim_end_matches(['\n', '\r']);
        let range = offset..offset + text.len();
        offset += raw.len();
        if text.trim().is_empty() {
            after_blank = true;
            return None;
        }
        if after_blank {
            paragraph += 1;
            after_blank = false;
        }
        Some(Line {
            range,
            paragraph,
            furniture: is_furniture(text),
        })
    })
}

/// The article's headline line, if it opens with one (see [`is_headline`]).
/// Its quotes are not extracted, but it names the article's people.
pub(super) fn headline(article: &str) -> Option<Range<usize>> {
    let mut lines = page_lines(article).skip_while(|l| l.furniture);
    let first = lines.next()?;
    let next = lines.next()?;
    let range = first.range.clone();
    is_headline(article, &[first, next]).then_some(range)
}

pub(super) fn body_blocks(article: &str) -> Vec<Block> {
    let mut lines: Vec<Line> = page_lines(article).collect();
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
pub(super) fn is_furniture(line: &str) -> bool {
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

pub(super) fn is_byline(line: &str) -> bool {
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
pub(super) fn is_headline(article: &str, lines: &[Line]) -> bool {
    let [first, next, ..] = lines else {
        return false;
    };
    let text = article[first.range.clone()].trim_end();
    let text = text.trim_end_matches(|c: char| is_quote_mark(c) || c == ')');
    let ends_like_sentence = text.ends_with(['.', '!', '?', '…', ':', ';', ',']);
    !ends_like_sentence && (next.paragraph != first.paragraph || next.furniture)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::tests::texts;

    #[test]
    fn furniture_lines_are_skipped() {
        let article = "Scholz: \"We stand firm\"\n\nBy Anna Weber\n\nRelated article: \"Nato at 75\"\n\n\
                       \"We stand firm,\" Scholz said.\n\nOriginal url: https://example.com/a\n";
        let quotes = extract(article);
        assert_eq!(texts(article), ["We stand firm,"]);
        assert_eq!(quotes[0].paragraph, 4);
    }

    #[test]
    fn the_headline_is_found_and_skipped() {
        let article =
            "By Anna Weber\n\nPutin sent a message to Mubarak\n\nThe message said: \"Yes.\"";
        let h = headline(article).unwrap();
        assert_eq!(&article[h], "Putin sent a message to Mubarak");
        assert_eq!(headline("One sentence.\n\nAnother one."), None);
    }

    #[test]
    fn headline_needs_a_body_after_it() {
        assert_eq!(texts("Scholz said \"no\""), ["no"]);
    }
}
