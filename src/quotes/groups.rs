//! "They said": the group the narrative named last.
//!
//! A speaker mention "they" means the last group of a state's people that
//! the paragraph, or the one before, names: "our American friends and
//! partners", "US observers", "the Obama Administration". The group is
//! the speaker as written, and the actor resolver reads its state (see
//! [`super::ActorResolver::speaker`]). Groups of no state ("the doctors",
//! "some Russians") are not looked for: their "they" keeps no speaker.

use std::ops::Range;

use super::*;

/// Nouns of a state's people as a group.
static GROUPS: Words = Words::new(
    "colleagues partners friends officials representatives authorities administration \
     government leadership side negotiators diplomats observers delegation military",
);

/// The last group of a state's people named in `range` of the article: a
/// group noun after a nationality or a capitalised name (`US observers`,
/// `the Obama Administration`, `our American friends`), from its
/// determiner or "our"; as written.
pub(super) fn group_before(article: &str, range: Range<usize>) -> Option<String> {
    let tokens = tokenize(article, range);
    let head = (0..tokens.len())
        .rev()
        .find(|&i| GROUPS.contains(tokens[i].lower().as_str()) && of_a_state(&tokens, i))?;
    let mut start = head;
    while start > 0 && head - start < 4 {
        let t = &tokens[start - 1];
        let lower = t.lower();
        if matches!(lower.as_str(), "our" | "the" | "their") {
            start -= 1;
            break;
        }
        if !(t.is_capitalized() || nationality(&lower).is_some()) || !t.is_word() {
            break;
        }
        start -= 1;
    }
    Some(article[tokens[start].start..tokens[head].end()].to_string())
}

/// Whether the words right before the group noun at `head` name a state:
/// a nationality ("American", "US") or a capitalised name ("Obama").
fn of_a_state(tokens: &[Token], head: usize) -> bool {
    tokens[head.saturating_sub(2)..head].iter().any(|t| {
        t.is_capitalized()
            && t.is_word()
            && !is_stop(t)
            && !matches!(t.text, "The" | "Our" | "I" | "We")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(text: &str) -> Option<String> {
        group_before(text, 0..text.len())
    }

    #[test]
    fn the_last_group_of_a_state_is_who_they_are() {
        assert_eq!(
            group("We are talking with our American friends and partners, and when they"),
            Some("our American friends".to_string())
        );
        assert_eq!(
            group("We had US observers at our plants. They were there."),
            Some("US observers".to_string())
        );
        assert_eq!(
            group("The first reaction of the Obama Administration was negative, but then"),
            Some("the Obama Administration".to_string())
        );
        // No state in the group: nobody.
        assert_eq!(group("The doctors and our colleagues came, and"), None);
    }

    #[test]
    fn they_said_speaks_for_the_group_s_state() {
        let article = "Vladimir Putin: We had US observers at our plants. \
                       They keep telling us, “It is not against you.”";
        let q = &extract(article)[0];
        assert_eq!(q.speaker_mention.as_deref(), Some("They"));
        assert_eq!(q.speaker.as_deref(), Some("US observers"));
        let article = "Vladimir Putin: The doctors came to see me. They said, “We need help.”";
        assert_eq!(extract(article)[0].speaker, None);
    }
}
