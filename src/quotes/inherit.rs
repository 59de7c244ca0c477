//! Quotes that inherit a speaker: a quote with no cue of its own takes the
//! attribution of the quote it goes on from (the same sentence, a quote
//! printed right before or after it, or a quote over several paragraphs).

use std::ops::Range;

use super::*;

/// Quotes with no cue of their own take the attribution of the quote they go on from.
pub(super) fn inherit_attributions(
    article: &str,
    blocks: &[Block],
    spans: &[Span],
    contexts: &[Context],
    found: &mut [Option<Attribution>],
) {
    let inherit = |found: &mut [Option<Attribution>], to: usize, from: usize| {
        if found[to].is_none() && found[from].is_some() && !contexts[to].names_thing {
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
        if linked(k) {
            inherit(found, k, k - 1);
        } else if continues(k) {
            // Over a name in the sentence before (`"…," said Putin on the
            // "Moscow" cruiser. "…"`) to the quote of that sentence.
            let mut from = k - 1;
            while from > 0 && contexts[from].names_thing && linked(from) {
                from -= 1;
            }
            inherit(found, k, from);
        }
    }
    for k in (1..n).rev() {
        if linked(k) {
            inherit(found, k - 1, k);
        }
    }
}
