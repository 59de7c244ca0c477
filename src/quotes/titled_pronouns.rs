//! "A recent statement of the Secretary-General in which he said",
//! "When the President of the General Assembly opened the session, he
//! remarked": a "he" or "she" meaning an organisation's office holder whom
//! the text names by title alone. People are found by name, so such a
//! pronoun would otherwise reach back to the last person named, often the
//! delegate's own leader pages before.

use super::offices::TITLES as OFFICES;
use super::*;

/// Titles of an office holder a pronoun may mean, as written, with the
/// speaker they give (read by the actor rules: the bare head's title is
/// the organisation's the article gives it, see `organisation_titles.rs`;
/// the Assembly's President is the UN's).
const TITLED_SPEAKERS: &[(&str, &str)] = &[
    ("Secretary-General", "Secretary-General"),
    ("Secretary General", "Secretary-General"),
    (
        "President of the General Assembly",
        "the President of the General Assembly",
    ),
];

/// Words before the title, back to its "the", that still leave it the
/// organisation's head: "the UN Secretary-General".
const QUALIFIERS: &[&str] = &["UN", "United Nations", "U.N."];

/// Words right before "the <title>" in the pronoun's sentence that make
/// it the one the sentence is about: its start, "When"/"As" opening a
/// clause it is the subject of, or the author's "of"/"by"/"from" ("a
/// statement of the Secretary-General in which he said", "summed up by
/// the Secretary-General, when he said"). After a verb or another
/// preposition ("After meeting the Secretary-General, he told reporters",
/// "to the Secretary-General") it is an object, and the pronoun means the
/// sentence's subject.
const AUTHOR_BEFORE: &[&str] = &["", "when", "as", "while", "where", "of", "by", "from"];

/// The office title a "he" or "she" at `at` means: the last title of
/// [`TITLED_SPEAKERS`] before it, within [`NEAR_BYTES`], that stands alone
/// (see [`is_bare`]), with no person of `people` mentioned and no other
/// office named ("the Russian ambassador") between it and the pronoun. In
/// the pronoun's own sentence, with nobody named in that sentence, it wins
/// over the person a pronoun would otherwise mean when the sentence is
/// about it ([`AUTHOR_BEFORE`]); before that sentence, it is read only when
/// the pronoun means nobody else (`fallback`).
pub(super) fn titled_before(
    article: &str,
    people: &People,
    at: usize,
    fallback: bool,
) -> Option<&'static str> {
    let from = article.ceil_char_boundary(at.saturating_sub(NEAR_BYTES));
    let window = &article[from..at];
    let (title_at, the, title, speaker) = TITLED_SPEAKERS
        .iter()
        .flat_map(|&(title, speaker)| {
            window
                .match_indices(title)
                .map(move |(i, _)| (from + i, title, speaker))
        })
        .filter_map(|(i, title, speaker)| Some((i, is_bare(article, i, title)?, title, speaker)))
        .max_by_key(|&(i, ..)| i)?;
    let end = title_at + title.len();
    let sentence = from + sentence_start(window, window.len());
    let named_since = |since: usize| {
        people
            .timeline
            .range((since, 0, false)..(at, 0, false))
            .next()
            .is_some()
    };
    // "The Secretary-General opened the meeting. Then the Russian
    // ambassador took the floor. He said": the later office holder.
    let other_office = article[end..at]
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| OFFICES.contains(&w.to_lowercase().as_str()));
    if other_office {
        return None;
    }
    let word_before = article[sentence.min(the)..the]
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let about_it = the >= sentence && AUTHOR_BEFORE.contains(&word_before.as_str());
    let in_sentence = about_it && !named_since(sentence);
    let just_before = fallback && !named_since(end);
    (in_sentence || just_before).then_some(speaker)
}

/// Where the "the" of the title at `i` starts, when the title stands alone:
/// "the Secretary-General" or "the UN Secretary-General", with no name after
/// it ("Secretary-General Kofi Annan" is a person the people rules know, "I"
/// excepted: "the Secretary-General I quoted") and no organisation after
/// it ("the Secretary General of Hezbollah"). "NATO Secretary General",
/// "Deputy Secretary-General" have no "the" right before.
fn is_bare(article: &str, i: usize, title: &str) -> Option<usize> {
    let after = article[i + title.len()..].trim_start_matches([' ', ',']);
    let named = after.starts_with(char::is_uppercase) && !after.starts_with("I ");
    let qualified = after.strip_prefix("of ").is_some_and(|rest| {
        rest.trim_start_matches("the ")
            .starts_with(char::is_uppercase)
    });
    if named || qualified {
        return None;
    }
    let before = article[..i].trim_end();
    let before = QUALIFIERS
        .iter()
        .find_map(|q| before.strip_suffix(q))
        .map_or(before, str::trim_end);
    let the = before
        .strip_suffix("the")
        .or_else(|| before.strip_suffix("The"))?;
    let word_starts = the.is_empty() || the.ends_with(|c: char| !c.is_alphanumeric());
    word_starts.then_some(the.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(article: &str) -> Option<String> {
        speakers(article).into_iter().next().flatten()
    }

    #[test]
    fn he_after_the_secretary_general_in_his_sentence_means_him() {
        let article = "Eric Gairy spoke of women. Permit me to quote a recent \
                       statement of the Secretary-General in which he said: \
                       “The equality of the sexes is a prerequisite.” We agree.";
        assert_eq!(speaker(article).as_deref(), Some("Secretary-General"));
        let article = "This was summed up last year by the Secretary-General in his \
                       report, when he said: “The belief in a common future has \
                       been lost.”";
        assert_eq!(speaker(article).as_deref(), Some("Secretary-General"));
        let article = "When the President of the General Assembly opened the \
                       session, he remarked that “we live in tumultuous times”.";
        assert_eq!(
            speaker(article).as_deref(),
            Some("the President of the General Assembly")
        );
    }

    #[test]
    fn a_named_holder_or_a_person_named_in_between_is_who_it_means() {
        // The title's holder named: the person.
        let article = "I thank Secretary-General Kofi Annan. As he said: “We must act.”";
        assert!(speaker(article).is_some_and(|s| s.ends_with("Kofi Annan")));
        // Someone named in the sentence: the people rules decide.
        let article = "Vladimir Putin met the Secretary-General, and he said: “We agree.”";
        assert_eq!(speaker(article).as_deref(), Some("Vladimir Putin"));
        // A deputy, an organisation's own title, or another organisation's: not the bare title.
        for article in [
            "Lavrov spoke. The Deputy Secretary-General came, and he said: “We agree.”",
            "Lavrov spoke. Later the NATO Secretary General came, where he said: “We agree.”",
            "Lavrov spoke. Then the Secretary General of Hezbollah warned, and he said: “No.”",
        ] {
            assert_ne!(
                speaker(article).as_deref(),
                Some("Secretary-General"),
                "{article}"
            );
        }
        // "the UN Secretary-General" is the head the bare title means.
        let article = "This was said by the UN Secretary-General, when he said: “Act.”";
        assert_eq!(speaker(article).as_deref(), Some("Secretary-General"));
    }

    #[test]
    fn an_object_of_the_sentence_is_not_who_it_means() {
        let article = "Sergei Lavrov arrived in New York on Monday. After meeting the \
                       Secretary-General, he told reporters: “We agree on Syria.”";
        assert_eq!(speaker(article).as_deref(), Some("Sergei Lavrov"));
        let article = "Sergei Lavrov spoke. He wrote to the Secretary-General, and he \
                       said: “We agree.”";
        assert_eq!(speaker(article).as_deref(), Some("Sergei Lavrov"));
    }

    #[test]
    fn before_the_sentence_only_when_the_pronoun_means_nobody_else() {
        let article = "We urge peace. The Secretary-General put it well. \
                       He asked: “By what right do they decide?”";
        assert_eq!(speaker(article).as_deref(), Some("Secretary-General"));
        // Past a sentence that names its own subject, the person.
        let article = "The Secretary-General spoke. Then Eric Gairy stood up. \
                       He said: “By what right do they decide?”";
        assert_eq!(speaker(article).as_deref(), Some("Eric Gairy"));
        // Past another office holder named by office, not the title.
        let article = "The Secretary-General opened the meeting. Then the Russian \
                       ambassador took the floor. He said: “We will veto it.”";
        assert_ne!(speaker(article).as_deref(), Some("Secretary-General"));
    }
}
