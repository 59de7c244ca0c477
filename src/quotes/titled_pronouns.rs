//! "A recent statement of the Secretary-General in which he said",
//! "When the President of the General Assembly opened the session, he
//! remarked": a "he" or "she" meaning an organisation's office holder whom
//! the text names by title alone. People are found by name, so such a
//! pronoun would otherwise reach back to the last person named, often the
//! delegate's own leader pages before.

use super::*;

/// Titles of an office holder a pronoun may mean, as written, with the
/// speaker they give (read by the actor rules: the bare head's title is
/// the organisation's the article gives it, see `organisation_titles.rs`;
/// the Assembly's President is the UN's).
const TITLES: &[(&str, &str)] = &[
    ("Secretary-General", "Secretary-General"),
    ("Secretary General", "Secretary-General"),
    (
        "President of the General Assembly",
        "the President of the General Assembly",
    ),
];

/// Words before the title that make it another office.
const OTHER_OFFICES: &[&str] = &["Deputy", "Assistant", "Under-", "Under"];

/// The office title a "he" or "she" at `at` means: the last title of
/// [`TITLES`] before it, within [`NEAR_BYTES`], that no name follows
/// ("Secretary-General Kofi Annan" is a person the people rules know),
/// with no person of `people` mentioned between it and the pronoun. In
/// the pronoun's own sentence, with nobody named in that sentence, it wins
/// over the person a pronoun would otherwise mean; before that sentence,
/// it is read only when the pronoun means nobody else (`fallback`).
pub(super) fn titled_before(
    article: &str,
    people: &People,
    at: usize,
    fallback: bool,
) -> Option<&'static str> {
    let from = article.ceil_char_boundary(at.saturating_sub(NEAR_BYTES));
    let window = &article[from..at];
    let sentence = from + sentence_start(window, window.len());
    let (title_at, title, speaker) = TITLES
        .iter()
        .flat_map(|&(title, speaker)| {
            window
                .match_indices(title)
                .map(move |(i, _)| (from + i, title, speaker))
        })
        .filter(|&(i, title, _)| is_bare(article, i, title))
        .max_by_key(|&(i, _, _)| i)?;
    let named_since = |since: usize| {
        people
            .timeline
            .range((since, 0, false)..(at, 0, false))
            .next()
            .is_some()
    };
    let in_sentence = title_at >= sentence && !named_since(sentence);
    let just_before = fallback && !named_since(title_at + title.len());
    (in_sentence || just_before).then_some(speaker)
}

/// Whether the title at `i` stands alone: no name after it, no deputy's
/// word before it.
fn is_bare(article: &str, i: usize, title: &str) -> bool {
    let after = article[i + title.len()..].trim_start_matches([' ', ',']);
    let named = after.starts_with(char::is_uppercase) && !after.starts_with("I ");
    let before = article[..i].trim_end();
    let deputy = OTHER_OFFICES.iter().any(|w| before.ends_with(w));
    !named && !deputy
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
        // A deputy is another office.
        let article = "Lavrov spoke. The Deputy Secretary-General came, and he \
                       said: “We agree.”";
        assert_ne!(speaker(article).as_deref(), Some("Secretary-General"));
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
    }
}
