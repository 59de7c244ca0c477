//! "They told us": the group the narrative named last.
//!
//! When "they" tell the narrator something ("they told us", "They keep
//! telling us", "they said to me"), "they" are the other side of the
//! narrator's talks: the last group of a state's people that the last 600
//! bytes of the paragraph, or the one before, name ("our American friends
//! and partners", "US observers", "the Obama Administration"). The group is
//! the speaker as written, and the actor resolver reads its state (see
//! [`super::ActorResolver::speaker`]). Groups of no state ("the doctors")
//! are not looked for, and a "they" that tells no one ("They said, ...")
//! keeps no speaker: in news it is as often the group named last as
//! another ("Ukrainian officials accused Russian diplomats. They said").

use std::ops::Range;

use super::*;

/// How far back (bytes) a group is looked for.
const WINDOW: usize = 600;

/// Whether the cue after "they" (ending at `after`) addresses the narrator:
/// "they told us", "They keep telling us", "they said to me".
pub(super) fn tells_the_narrator(article: &str, after: usize) -> bool {
    let end = article.floor_char_boundary((after + 40).min(article.len()));
    let tokens = tokenize(article, after..end);
    tokens
        .iter()
        .take(5)
        .take_while(|t| t.is_word())
        .any(|t| matches!(t.lower().as_str(), "us" | "me"))
}

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
    // A bounded window keeps the work per "they" constant.
    let from = article.ceil_char_boundary(range.start.max(range.end.saturating_sub(WINDOW)));
    let tokens = tokenize(article, from..range.end);
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
        let article = "Vladimir Putin: The doctors came to see me. They told me, “We need help.”";
        assert_eq!(extract(article)[0].speaker, None);
        // A "they" that tells no one is not resolved: in news it may be any group.
        for article in [
            "Ukrainian officials accused Russian diplomats of lying. They said, “We have evidence.”",
            "Farmers met EU officials in Brussels. They said, “Prices are too low.”",
        ] {
            assert_eq!(extract(article)[0].speaker, None, "{article}");
        }
    }
}
