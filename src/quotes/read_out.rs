//! Statements a delegate reads out for their leader: "As His Excellency
//! President Faiez Serraj is unable to attend, he has asked me to deliver
//! the following statement on his behalf: “…”". The words are the
//! leader's, and with a publisher (the delegate's state) they speak for it,
//! even when the gazetteer does not know the leader's name.

use super::is_first_person;

/// Words of a statement read out for someone else.
const ON_BEHALF: &[&str] = &[
    "on his behalf",
    "on her behalf",
    "on behalf of",
    "On behalf of",
];

/// How far before the quote the words of a statement read out may stand,
/// in bytes: such a statement runs on for paragraphs, each opening its own
/// quotation, which inherits the first one's speaker.
const REACH: usize = 1_500;

/// How near the words "on behalf" the leader must be named, in bytes: the
/// sentence that asks the delegate to read ("As President X is unable to
/// attend, he has asked me to deliver ... on his behalf", "on behalf of
/// President X").
const NAMED_NEAR: usize = 300;

/// Whether the quote starting at `at`, spoken by `speaker` (a person, not
/// the narrator), is a statement the narrator reads out for them: the last
/// "on his/her behalf" or "on behalf of" within [`REACH`] bytes before it
/// has the speaker's last name in its sentence, within [`NAMED_NEAR`]
/// bytes: someone else quoted after it is not the one it is read for.
pub(super) fn read_on_behalf(article: &str, speaker: Option<&str>, at: usize) -> bool {
    let Some(surname) = speaker
        .filter(|s| !is_first_person(s))
        .and_then(|s| s.split_whitespace().last())
    else {
        return false;
    };
    let from = article.ceil_char_boundary(at.saturating_sub(REACH));
    let window = &article[from..at];
    // Most quotes have no such words near: one scan decides.
    if !window.contains("behalf") {
        return false;
    }
    let Some(phrase) = ON_BEHALF
        .iter()
        .filter_map(|w| window.match_indices(w).last())
        .map(|(i, _)| from + i)
        .max()
    else {
        return false;
    };
    // The sentence up to the phrase, and the words after it to its sentence's end.
    let before = &article[article.ceil_char_boundary(phrase.saturating_sub(NAMED_NEAR))..phrase];
    let before = before.rsplit(". ").next().unwrap_or(before);
    let after = &article[phrase..article.floor_char_boundary(phrase + NAMED_NEAR).min(at)];
    let after = after.split([':', '\n']).next().unwrap_or(after);
    let after = after.split(". ").next().unwrap_or(after);
    before.contains(surname) || after.contains(surname)
}

#[cfg(test)]
mod tests {
    use super::super::actors::first_speaker_code;

    #[test]
    fn a_statement_read_on_a_leader_s_behalf_is_the_narrator_s_state() {
        let code = |article: &str| first_speaker_code(article, Some("LBY"), None);
        let article = "As His Excellency President Faiez Serraj is unable to attend, he \
                       has asked me to deliver the following statement on his behalf: \
                       “I thank the Assembly for its work.”";
        assert_eq!(code(article).as_deref(), Some("LBY"));
        // Without the words of a statement read out: nobody the gazetteer knows.
        let article = "President Faiez Serraj could not attend. He said: “I thank you.”";
        assert_eq!(code(article), None);
    }

    #[test]
    fn someone_else_quoted_after_it_is_not() {
        let code = |article: &str, publisher| first_speaker_code(article, Some(publisher), None);
        let article = "The ambassador delivered a letter on behalf of President Biden. \
                       Hamas spokesman Hazem Qassem said: “We reject it.”";
        assert_ne!(code(article, "USA").as_deref(), Some("USA"));
        let article = "I speak on behalf of His Excellency the President. As the poet \
                       Rabindranath Tagore wrote: “Let my country awake.”";
        assert_eq!(code(article, "BGD"), None);
    }
}
