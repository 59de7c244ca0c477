//! Words nobody said: "We have not said “no” to the Chinese government",
//! "Nobody said, “Oh, gee.”", "I'm not going to get into the business of
//! saying, “On this date, this side added this.”". A quotation introduced
//! by a negated speech verb is no one's utterance, so it speaks for no
//! state, whoever the clause's subject is.

/// Speech verbs whose negation makes the words unsaid.
const SPEECH: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "ask",
    "asked",
    "asking",
    "claim",
    "claimed",
    "claiming",
    "declare",
    "declared",
    "declaring",
];

/// Words that negate the clause they stand in.
const NEGATIONS: &[&str] = &[
    "not", "never", "nobody", "noone", "neither", "nor", "cannot", "no-one",
];

/// Objects a speech verb may have before the quotation.
const OBJECTS: &[&str] = &["him", "her", "them", "me", "us", "you", "reporters"];

/// Words that end the negated clause: a new clause's verb may follow.
const CLAUSE_BREAKS: &[&str] = &["and", "but", "or", "then", "so", "because", "while"];

/// How many words a negation may stand before the speech verb.
const WORDS: usize = 8;

/// How far back the introducing words are read, in bytes.
const REACH: usize = 200;

/// Whether the words right before `at` (the start of a quotation) are a
/// negated speech verb: the last word before the opening mark (a comma or
/// colon between allowed) is a speech verb, and a negation ("not",
/// "never", "nobody", "no one", "-n't") stands within [`WORDS`] words
/// before it in the same clause.
pub(super) fn unsaid(article: &str, at: usize) -> bool {
    let from = article.ceil_char_boundary(at.saturating_sub(REACH));
    let before = &article[from..at];
    // Back to the start of the clause: a sentence end, a semicolon, a dash.
    let clause = before
        .rsplit(['.', '!', '?', ';', '\n', '”', '»', '—', '–'])
        .next()
        .unwrap_or(before);
    let words: Vec<String> = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    // "never told them": the verb's object may follow it.
    let objects = usize::from(words.last().is_some_and(|w| OBJECTS.contains(&w.as_str())));
    let Some((verb, rest)) = words[..words.len() - objects].split_last() else {
        return false;
    };
    if !SPEECH.contains(&verb.as_str()) {
        return false;
    }
    let negated = |w: &str| NEGATIONS.contains(&w) || w.ends_with("n't");
    for (k, w) in rest.iter().rev().take(WORDS).enumerate() {
        if CLAUSE_BREAKS.contains(&w.as_str()) {
            return false;
        }
        // "no one said": the two words of "no one".
        let no_one = w == "one" && rest.len() >= k + 2 && rest[rest.len() - k - 2] == "no";
        if negated(w) || no_one {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(text: &str) -> bool {
        unsaid(text, text.len())
    }

    #[test]
    fn a_negated_speech_verb_introduces_nobody_s_words() {
        assert!(at_end(
            "So long as this is pending, we cannot vote. We have not said “"
        ));
        assert!(at_end("There was no nepotism either. Nobody said, “"));
        assert!(at_end("No one said: “"));
        assert!(at_end(
            "So, I’m just not going to get into the business of saying, “"
        ));
        assert!(at_end("I didn't say “"));
        assert!(at_end("He never told them: “"));
    }

    #[test]
    fn an_affirmed_verb_or_a_negation_of_another_clause_does_not() {
        assert!(!at_end("We have said “"));
        assert!(!at_end("We have not said “no”; we have said “"));
        assert!(!at_end("He did not hesitate and said: “"));
        assert!(!at_end("It is not over. He said: “"));
        assert!(!at_end("I did not agree, and I told him: “"));
        assert!(!at_end("because I’m not going to talk — I said, “"));
        // A negation far back in a long clause is another verb's.
        assert!(!at_end(
            "Not one of the many delegations that came here this year to the hall said “"
        ));
        // The verb must introduce the quote.
        assert!(!at_end("He did not say it was “"));
    }
}
