//! Names and sayings in quotation marks: a quoted span that names a thing
//! (a law's title, a list, a term) rather than reporting what someone said,
//! and a proverb. Such a quote has no speaker: `the law "On Defence"`, `funds
//! known as "future generations funds"`, `removal from the FATF "black
//! list"`, `as the saying goes`.

use super::*;

/// Words right before a quote that introduce a name: `the so-called "…"`,
/// `are called "…"`, `known as "…"`, `a film entitled "…"`.
static NAMING: Words = Words::new("so-called called named dubbed termed entitled titled");

/// Nouns whose name follows them in quotation marks: `the Federal Law "On
/// …"`, `the programme "…"`, `the word "…"`.
static NAMED_THINGS: Words = Words::new(
    "law laws act decree code list programme program project concept doctrine strategy \
     operation award prize order medal festival forum exhibition book film newspaper \
     magazine journal fund company movement slogan motto word term phrase expression \
     title name formula format initiative campaign exercise exercises principle principles",
);

/// Named things that are words: a lowercase quote after them is the word
/// itself (`the word "unanimously"`), after other nouns a predicate (`the
/// project "is dead"`).
static WORD_NOUNS: Words =
    Words::new("word term phrase expression slogan motto name title formula");

/// How many words a quoted name may have.
const NAME_WORDS: usize = 12;
/// A longer quote is never read as a name (a bound on the work per quote).
const NAME_BYTES: usize = 200;
/// How many words a lowercase quoted name may have (`the FATF "black
/// list"`, `the word "unanimously"`).
const SHORT_NAME_WORDS: usize = 3;

/// Whether the quote `quote`, with `before` the words of its sentence up to
/// its opening mark, names a thing rather than reporting speech. It must
/// read like a name (a few words, no sentence punctuation inside, no "I" or
/// "we"), and stand right after a naming word (`so-called`, `called`,
/// `known as`, `entitled`), a noun of a named thing (`law`, `list`,
/// `programme`, `word`), or an organisation's acronym after "the" (`the
/// FATF "black list"`, a short lowercase name).
pub(super) fn names_a_thing(before: &[Token], quote: &str) -> bool {
    if introduces_saying(before) {
        return true;
    }
    // What stands before the quote decides first: most quotes follow no
    // naming word, and are not read further.
    let Some(last) = before.last() else {
        return false;
    };
    // "the principles of "humanitarian intervention"": the noun before "of";
    // "a medical principle, "Do No Harm,"": a capitalised name after a comma.
    let (last, after_of) = match before {
        [.., noun, of] if of.lower() == "of" && NAMED_THINGS.contains(noun.lower().as_str()) => {
            (noun, true)
        }
        [.., noun, comma]
            if comma.is(",")
                && NAMED_THINGS.contains(noun.lower().as_str())
                && quote.starts_with(char::is_uppercase) =>
        {
            (noun, false)
        }
        _ => (last, false),
    };
    let lower = last.lower();
    let known_as = lower == "as"
        && before.len() >= 2
        && matches!(
            before[before.len() - 2].lower().as_str(),
            "known" | "referred" | "concept" | "concepts" | "notion" | "notions" | "terms"
        );
    let naming = NAMING.contains(lower.as_str()) || known_as;
    let named_thing = NAMED_THINGS.contains(lower.as_str());
    // "the FATF "black list"": a short lowercase name an organisation gives.
    let acronym = last.text.len() >= 2
        && last.text.chars().all(|c| c.is_ascii_uppercase())
        && before.len() >= 2
        && before[before.len() - 2].lower() == "the";
    if !(naming || named_thing || acronym) || quote.len() > NAME_BYTES {
        return false;
    }
    let tokens = tokenize(quote, 0..quote.len());
    let words: Vec<&Token> = tokens.iter().filter(|t| t.is_word()).collect();
    let trailing = tokens
        .iter()
        .rposition(Token::is_word)
        .map_or(0, |last| last + 1);
    let inner_stop = tokens[..trailing]
        .iter()
        .any(|t| matches!(t.text, "." | "!" | "?" | ";" | ":" | "…"));
    let personal = words.iter().any(|t| {
        matches!(
            t.lower().as_str(),
            "i" | "we" | "you" | "my" | "our" | "your"
        )
    });
    // "the list "a farce"": a predicate, not a name.
    let predicate = words
        .first()
        .is_some_and(|t| matches!(t.lower().as_str(), "a" | "an"));
    if words.is_empty() || words.len() > NAME_WORDS || inner_stop || personal || predicate {
        return false;
    }
    let capitalised = quote.starts_with(char::is_uppercase);
    if naming {
        return true;
    }
    // "the law "On Defence"", "the word "unanimously"", but not "the law
    // "will come into force in May"" nor "the project "is dead"": a name is
    // capitalised, or a short lowercase one after a noun for words.
    if named_thing {
        // After "of" no predicate can follow the noun: a short lowercase name too.
        return capitalised
            || ((after_of || WORD_NOUNS.contains(lower.as_str()))
                && words.len() <= SHORT_NAME_WORDS);
    }
    words.len() <= SHORT_NAME_WORDS && !capitalised && !words.iter().any(|t| is_determiner(t))
}

/// `the "Caucasian Four" would act`, `within the "Twenty" concept`: a
/// short capitalised quote right after "the" that its sentence goes on from
/// without a pause (`after` starts with a word) is a name the sentence
/// uses, not speech.
pub(super) fn named_in_passing(before: &[Token], quote: &str, after: &[Token]) -> bool {
    let the = before.last().is_some_and(|t| t.lower() == "the");
    let goes_on = after.first().is_some_and(Token::is_word);
    if !(the && goes_on && quote.starts_with(char::is_uppercase)) || quote.len() > NAME_BYTES {
        return false;
    }
    let tokens = tokenize(quote, 0..quote.len());
    let words = tokens.iter().filter(|t| t.is_word()).count();
    let plain = tokens
        .iter()
        .all(|t| t.is_word() || matches!(t.text, "-" | "–"));
    let personal = tokens.iter().any(|t| {
        matches!(
            t.lower().as_str(),
            "i" | "we" | "you" | "my" | "our" | "your"
        )
    });
    plain && !personal && words <= SHORT_NAME_WORDS
}

/// `the "land for peace" principles`, `the "Twenty" format`: a short quote
/// right before a noun of a named thing is that thing's name. And
/// `"On General Principles of Local Government"`: a title in the form of
/// Russian laws (it opens with "On" and ends with no full stop).
pub(super) fn names_before_a_noun(quote: &str, after: &[Token]) -> bool {
    // "On Ukraine, the position is unchanged": a topic, then speech. A
    // title has four words or more and no comma among its first four.
    let title = quote.strip_prefix("On ").is_some_and(|rest| {
        let first: Vec<&str> = rest.split_whitespace().take(3).collect();
        (rest.starts_with(|c: char| c.is_uppercase()) || rest.starts_with("the "))
            && first.len() == 3
            && !first.iter().any(|w| w.contains(','))
    });
    let noun = after
        .first()
        .is_some_and(|t| NAMED_THINGS.contains(t.lower().as_str()));
    if !(title || noun) || quote.len() > NAME_BYTES {
        return false;
    }
    let tokens = tokenize(quote, 0..quote.len());
    let words = tokens.iter().filter(|t| t.is_word()).count();
    let personal = tokens.iter().any(|t| {
        matches!(
            t.lower().as_str(),
            "i" | "we" | "you" | "my" | "our" | "your"
        )
    });
    let ends = quote.trim_end().ends_with(['.', '!', '?', '…']);
    let inner_stop = tokens
        .iter()
        .any(|t| matches!(t.text, "." | "!" | "?" | ";" | ":"));
    // One lowercase word before a noun is a scare-quoted modifier (`the "new"
    // law`), not a name.
    let name_like = words >= 2 || quote.starts_with(char::is_uppercase);
    !personal && !ends && (title || (name_like && words <= SHORT_NAME_WORDS + 1 && !inner_stop))
}

/// `When I say "we all", I mean ...`, `I say "our" with a generalised
/// meaning`: the narrator glossing a word of their own uses it as a term
/// (up to three words after "when/if I say"; one or two after "I say" when
/// the sentence goes on with a word).
pub(super) fn glossed(before: &[Token], quote: &str, after: &[Token]) -> bool {
    let words: Vec<String> = before
        .iter()
        .filter(|t| t.is_word())
        .map(Token::lower)
        .collect();
    let n = words.len();
    let i_say = n >= 2
        && before.last().is_some_and(Token::is_word)
        && matches!(words[n - 1].as_str(), "say" | "says" | "said")
        && matches!(words[n - 2].as_str(), "i" | "we");
    // "I say "our" with ...", not "I said "no" to them".
    let present = i_say && words[n - 1] == "say";
    let when = i_say && n >= 3 && matches!(words[n - 3].as_str(), "when" | "if");
    let quoted = tokenize(quote, 0..quote.len());
    let count = quoted.iter().filter(|t| t.is_word()).count();
    let goes_on = after.first().is_some_and(Token::is_word);
    (when && count <= SHORT_NAME_WORDS)
        || (present && goes_on && count <= 2 && !quote.contains(['.', '!', '?']))
}

/// `If anybody in the UK says: "…"`, `what if Obama had said "…"`,
/// `Imagine he said "…"`: speech in a condition or a supposition, which
/// nobody in the article said. The clause of the last cue before the quote
/// (from the last comma, dash or colon before the cue) opens with "if",
/// "suppose", "imagine" or "unless".
pub(super) fn supposed(before: &[Token]) -> bool {
    static SUPPOSING: Words = Words::new("if suppose supposing imagine unless");
    let Some(cue) = (0..before.len())
        .rev()
        .find(|&i| cue_at(before, i).is_some())
    else {
        return false;
    };
    let start = (0..cue)
        .rev()
        .find(|&i| {
            matches!(
                before[i].text,
                "," | "–" | "—" | "-" | ";" | ":" | "(" | "."
            )
        })
        .map_or(0, |i| i + 1);
    // The clause opens with the word ("If anybody says", "what if Obama had
    // said", "even if"), and "Imagine" is no verb before a name ("Imagine
    // Dragons").
    let clause = &before[start..cue];
    let opener = match clause {
        [what, word, ..] if matches!(what.lower().as_str(), "what" | "even" | "and" | "but") => {
            word
        }
        [word, ..] => word,
        [] => return false,
    };
    let next_is_name = clause
        .iter()
        .find(|t| t.start > opener.start)
        .is_some_and(|t| t.is_capitalized() && t.lower() != "i");
    SUPPOSING.contains(opener.lower().as_str())
        && !(matches!(opener.lower().as_str(), "imagine" | "suppose") && next_is_name)
}

/// Words before "saying" that make it a noun, a proverb nobody in the
/// article says: "a Russian saying", "the old saying", "this saying".
static SAYING_MODIFIERS: Words = Words::new(
    "a an the this that old popular folk famous well-known common wise our their his her \
     proverbial biblical ancient",
);

/// Whether `previous`, the word before "saying", makes it a noun: "a
/// saying", "an old saying", "the Russian saying" (a nationality).
pub(super) fn saying_is_noun(previous: &Token) -> bool {
    let lower = previous.lower();
    SAYING_MODIFIERS.contains(lower.as_str()) || nationality(&lower).is_some()
}

/// Nouns of a proverb: "an old proverb:".
static PROVERBS: Words = Words::new("proverb proverbs adage maxim");

/// "He recalled a Russian saying:", "as the saying goes,", "an old proverb:":
/// the quote after it is a proverb, which nobody in the article says.
fn introduces_saying(before: &[Token]) -> bool {
    let words: Vec<&Token> = before.iter().filter(|t| t.is_word()).collect();
    let Some(last) = before.last() else {
        return false;
    };
    let (n, punctuated) = (words.len(), !last.is_word());
    let word = |k: usize| words.get(n.wrapping_sub(k)).map(|t| t.lower());
    let is = |k: usize, w: &str| word(k).as_deref() == Some(w);
    let saying_noun = |k: usize| is(k, "saying") && n > k && saying_is_noun(words[n - k - 1]);
    // "a Russian saying:", "the biblical saying "…"" (right before the quote).
    let noun = saying_noun(1) || (word(1).is_some_and(|w| PROVERBS.contains(&w)) && punctuated);
    noun || (is(1, "goes") && (is(2, "saying") || word(2).is_some_and(|w| PROVERBS.contains(&w))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker_mention(article: &str) -> Option<String> {
        extract(article)[0].speaker_mention.clone()
    }

    #[test]
    fn a_short_predicate_after_a_noun_is_speech() {
        for article in [
            "Scholz said the project \"is dead\" and left.",
            "Putin said the law \"was adopted\" last week.",
            "Zelensky warned that the exercises \"threaten peace\".",
            "Putin said the list \"keeps growing\".",
        ] {
            assert!(speaker_mention(article).is_some(), "{article}");
        }
        assert_eq!(
            speaker_mention("He used the word \"unanimously\" twice."),
            None
        );
    }

    #[test]
    fn a_law_or_programme_title_has_no_speaker() {
        for article in [
            "The minister said the Federal Law \"On the Flag of the Northern Fleet\" would be amended.",
            "He said the programme \"Clean Rivers\" had been a success.",
            "The President said that in some places such reserves are called \"rainy day funds\".",
            "Smith noted that the so-called \"green list\" had grown.",
            "The governor said that the plan, known as \"Bridge to the North\", was ready.",
            "The envoy said the country's removal from the OECD \"grey list\" was a relief.",
        ] {
            assert_eq!(speaker_mention(article), None, "{article}");
        }
    }

    #[test]
    fn words_someone_said_keep_their_speaker() {
        for article in [
            // A characterisation is the speaker's own word.
            "Scholz said the talks were \"constructive\".",
            "The minister said the law \"will come into force in May.\"",
            "The President said: \"We will sign the law.\"",
            // A full sentence after a named thing is still speech.
            "He said the programme \"We stand together\" had helped.",
            // A capitalised or long phrase after an acronym is speech.
            "Smith said that the EU \"Must act now, and act together\" on trade.",
            "Scholz said he called the list \"a farce\".",
        ] {
            assert!(speaker_mention(article).is_some(), "{article}");
        }
    }

    #[test]
    fn a_saying_has_no_speaker() {
        for article in [
            "He recalled a Russian saying: \"Trust, but count the change.\"",
            "\"Slow and steady wins the race\" – you know how the English saying goes.",
        ] {
            assert_eq!(speaker_mention(article), None, "{article}");
        }
        // The participle still attributes: "he urged calm, saying ..."
        let article = "He urged calm, saying \"we will act.\"";
        assert_eq!(speaker_mention(article).as_deref(), Some("He"));
    }

    #[test]
    fn a_name_in_passing_a_gloss_or_a_supposition_has_no_speaker() {
        for article in [
            "Mr Putin said the “Caucasian Four” would act in line with international law.",
            "Putin replied to a question about coordination within the “Twenty” concept.",
            "The statement said such concepts as “humanitarian intervention” are dangerous.",
            "Vladimir Putin: When I say ‘we all,’ I mean both the state and science.",
            "Vladimir Putin: I say “our” with a generalised meaning.",
            "Vladimir Putin: If anybody in the United Kingdom says: “We want good relations”, we welcome it.",
            "Question: What if Obama had said, “I went a bit too far there”?",
            "Imagine the minister said: “We are leaving.”",
            "It must be based on the immutable “land for peace” principles.",
            "We will act in accordance with a well-known medical principle, “Do No Harm,” he said.",
            "He said that Russia rejected the principles of ‘humanitarian intervention’.",
            "The President noted that the bills “On General Principles of Local Government” helped.",
            "I am sure you know the biblical saying “He who is without sin, let him cast the first stone.”",
        ] {
            assert_eq!(speaker_mention(article), None, "{article}");
        }
        for article in [
            // Speech, not names: lowercase, a pause after, or "if" after the cue.
            "Scholz said the “reset” was over.",
            "Scholz said the “Reset”, as he called it, was over.",
            "He said that if they attack, “we will respond.”",
            "Vladimir Putin: I said: “We will act.”",
            "Vladimir Putin: I say “no”.",
            "When asked if he would resign the minister said: “No, I will stay.”",
            "Imagine Dragons frontman Dan Reynolds said: “We play tonight.”",
            "Vladimir Putin: I said “no” to them and left.",
            "Putin said: “On the whole, we agree.”",
            "Lavrov said: “On Ukraine, the position of Russia is unchanged”.",
            "“On Syria, there is progress”, the minister said.",
            "Scholz said the “new” law was dead.",
        ] {
            assert!(speaker_mention(article).is_some(), "{article}");
        }
    }

    #[test]
    fn a_quote_after_a_name_goes_on_from_the_speaker_before_it() {
        let article = "“A tragedy took place,” said President Putinn on the “Moscow” cruiser, \
                       which is in Italy. “It is clear there are victims.”";
        let quotes = extract(article);
        assert_eq!(quotes[1].speaker, None);
        assert_eq!(quotes[2].speaker.as_deref(), Some("Putinn"));
    }

    #[test]
    fn a_quoted_name_does_not_inherit_a_speaker() {
        let article =
            "Scholz said the talks were \"useful\" and the so-called \"road map\" was dead.";
        let quotes = extract(article);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Scholz"));
        assert_eq!(quotes[1].speaker, None);
    }
}
