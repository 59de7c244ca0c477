//! Words nobody said: "We have not said “no” to the Chinese government",
//! "Nobody said, “Oh, gee.”", "I didn't say: “…”". A quotation introduced
//! by a negated speech verb is no one's utterance, so it speaks for no
//! state, whoever the clause's subject is.

use super::tokenize;

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

/// Words that negate the verb group they stand in.
const NEGATIONS: &[&str] = &["not", "never", "nobody", "cannot", "no-one"];

/// Words of a verb group between a negation and its verb: auxiliaries and
/// adverbs ("have not said", "would never really say", "did not even say").
const VERB_GROUP: &[&str] = &[
    "have",
    "has",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "be",
    "been",
    "is",
    "are",
    "was",
    "were",
    "am",
    "just",
    "even",
    "ever",
    "really",
    "actually",
    "yet",
    "once",
    "publicly",
    "explicitly",
];

/// Objects a speech verb may have before the quotation.
const OBJECTS: &[&str] = &["him", "her", "them", "me", "us", "you", "reporters"];

/// How far back the introducing words are read, in bytes.
const REACH: usize = 200;

/// Whether the words right before `at` (the start of a quotation) are a
/// negated speech verb: the last word before the opening mark (a comma,
/// colon or object pronoun between allowed) is a speech verb, and its verb
/// group, read back over auxiliaries and adverbs only, starts with a
/// negation ("have not said", "didn't say", "never told them") or its
/// subject is "nobody" or "no one". A negation of another clause ("We will
/// never forget the day Putin said", "Nobody can deny that Putin said", "It
/// was not until 2007 that he said") leaves the words said.
pub(super) fn unsaid(article: &str, at: usize) -> bool {
    let from = article.ceil_char_boundary(at.saturating_sub(REACH));
    let before = &article[from..at];
    // Back to the start of the clause: a sentence end, a semicolon, a dash.
    let clause = before
        .rsplit(['.', '!', '?', ';', '\n', '”', '»', '—', '–'])
        .next()
        .unwrap_or(before);
    let words: Vec<String> = tokenize(article, at - clause.len()..at)
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.lower().replace('’', "'"))
        .collect();
    // "never told them": the verb's object may follow it.
    let objects = usize::from(words.last().is_some_and(|w| OBJECTS.contains(&w.as_str())));
    let Some((verb, rest)) = words[..words.len() - objects].split_last() else {
        return false;
    };
    if !SPEECH.contains(&verb.as_str()) {
        return false;
    }
    let group = rest
        .iter()
        .rev()
        .take_while(|w| VERB_GROUP.contains(&w.as_str()))
        .count();
    let Some(word) = rest.len().checked_sub(group + 1).map(|k| rest[k].as_str()) else {
        return false;
    };
    // "no one said": the two words of "no one".
    let no_one = word == "one" && rest.len() >= group + 2 && rest[rest.len() - group - 2] == "no";
    NEGATIONS.contains(&word) || word.ends_with("n't") || no_one
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
        assert!(at_end("I didn't say “"));
        assert!(at_end("I would never really say: “"));
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
        assert!(!at_end("We will never forget the day Putin said: “"));
        assert!(!at_end("No one was surprised when Lavrov said: “"));
        assert!(!at_end("It was not until 2007 that Putin said: “"));
        assert!(!at_end("Not only has Lavrov said “"));
        assert!(!at_end("Nobody can deny that Putin said: “"));
        assert!(!at_end("Putin never tires of saying: “"));
        // The verb must introduce the quote.
        assert!(!at_end("He did not say it was “"));
    }

    #[test]
    fn a_known_speaker_s_unsaid_words_speak_for_no_state() {
        let code = |article: &str| {
            super::super::actors::first_speaker_code(article, None, Some("2020-01-01"))
        };
        assert_eq!(code("Vladimir Putin never said: “Russia is back.”"), None);
        assert_eq!(
            code("Vladimir Putin said: “Russia is back.”").as_deref(),
            Some("RUS")
        );
    }
}
