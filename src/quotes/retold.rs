//! First-person stories from out of office: "Years ago, as a senator, I
//! said, “You don't have to be a Jew to be a Zionist.”", "in the private
//! life — before politics — I said, “You have to be kidding.”". The words
//! are the narrator's, but said in no state role, so they speak for no
//! state, however the narrator is known today. Read only when the story
//! says so in the words before the quote, within the narrator's turn.

use super::turn_label;

/// How far back a story's setting may stand from its quote, in bytes.
const REACH: usize = 1200;

/// Settings of a story that put the narrator out of state office: a
/// legislator, a candidate, a private person.
const OUT_OF_OFFICE: &[&str] = &[
    "as a senator",
    "as a young senator",
    "as a freshman senator",
    "as a congressman",
    "as a young congressman",
    "as a candidate for",
    "as a private citizen",
    "as a businessman",
    "as a student",
    "as a kid",
    "as a young man",
    "as a young lawyer",
    "when i was a senator",
    "when i was a young senator",
    "when i was a congressman",
    "when i was a candidate",
    "when i was running",
    "when i was a student",
    "when i was a kid",
    "when i was in business",
    "when i was in the private sector",
    "before politics",
    "in the private life",
    "in private life",
    "my private life",
    "before i was president",
    "before i became president",
    "before i ran for president",
    "before i took office",
    "during my campaign",
];

/// Words after such a setting that bring the story back into office, or to
/// the present ("So this morning I called ... And I said").
const BACK_IN_OFFICE: &[&str] = &[
    "today",
    "this morning",
    "this week",
    "yesterday",
    "last week",
    "now",
    "as president",
    "as vice president",
    "when i became president",
    "when i became vice president",
    "when i came in",
    "when i took office",
    "after i took office",
    "in my first term",
    "in office",
];

/// Whether the words before `at` (the start of a first-person quote) set
/// the story out of office: a setting of [`OUT_OF_OFFICE`] within
/// [`REACH`] bytes, in the same transcript turn, not followed by one of
/// [`BACK_IN_OFFICE`].
pub(super) fn told_out_of_office(article: &str, at: usize) -> bool {
    let window = &article[article.ceil_char_boundary(at.saturating_sub(REACH))..at];
    // Only the narrator's own turn: back to the last speaker label.
    let turn_start = window
        .match_indices("\n\n")
        .map(|(i, sep)| i + sep.len())
        .filter(|&p| turn_label(&window[p..]).is_some())
        .last()
        .unwrap_or(0);
    let story = window[turn_start..].to_lowercase();
    // Whole words only: "as a kid" is not in "as a kidnapping".
    let word_at = |i: usize, p: &str| {
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        edge(story[..i].chars().next_back()) && edge(story[i + p.len()..].chars().next())
    };
    let last = |phrases: &[&str]| {
        phrases
            .iter()
            .flat_map(|p| story.match_indices(p).filter(|&(i, _)| word_at(i, p)))
            .map(|(i, _)| i)
            .max()
    };
    match (last(OUT_OF_OFFICE), last(BACK_IN_OFFICE)) {
        (Some(out), Some(back)) => out > back,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_quote(article: &str) -> bool {
        told_out_of_office(article, article.find('“').unwrap() + '“'.len_utf8())
    }

    #[test]
    fn a_story_set_out_of_office() {
        assert!(at_quote(
            "And I remember — years ago, as a senator, I said, “You don’t have to be a Jew to be a Zionist.”"
        ));
        assert!(at_quote(
            "In the private life, I had a big project in Ireland.\n\nAnd I said, “You have to be kidding.”"
        ));
        assert!(at_quote(
            "Fifty years ago, as a young senator, I met her.\n\nShe asked me. And I said, “Worried?”"
        ));
    }

    #[test]
    fn a_story_in_office_or_of_another_turn() {
        assert!(!at_quote("I said to him, “We will never accept it.”"));
        // Back in office after the setting.
        assert!(!at_quote(
            "As a senator I opposed it. But when I became president, I said, “We will do it.”"
        ));
        // The setting was another speaker's turn.
        assert!(!at_quote(
            "PRESIDENT HERZOG: As a young man, I admired you.\n\nPRESIDENT BIDEN: I said, “Thank you.”"
        ));
        // Too far back.
        let far = format!(
            "As a senator I went there. {}\n\nI said, “Yes.”",
            "We talked. ".repeat(150)
        );
        assert!(!at_quote(&far));
        // Inside a word, or a story brought back to the present.
        assert!(!at_quote(
            "It was treated as a kidnapping. I said, “We will bring them home.”"
        ));
        assert!(!at_quote(
            "When I was a kid, my dad told me things. So this morning I called him. And I said, “We stand with Israel.”"
        ));
        assert!(!at_quote(
            "Ukraine's status as a candidate country is clear. I said, “Ukraine will meet every condition.”"
        ));
        assert!(!at_quote(
            "During the campaign against ISIS, I said, “America will not abandon you.”"
        ));
        // Multi-byte text at the window's edge.
        let wide = format!("{}I said, “Да.”", "Россия. ".repeat(200));
        assert!(!at_quote(&wide));
    }
}
