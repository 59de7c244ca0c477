//! People in a story: an unnamed, generic subject ("A young soldier is
//! asked ...", "An oligarch has gone bankrupt ...", "the man sitting with
//! me was telling ...") is who a following "he" or "she" of its paragraph
//! means, so the lines of a joke or an anecdote are that person's, not the
//! narrator's or the last person named. Such a person speaks for no state.

use super::*;

/// Nouns of a private person in a story. Office words (`official`,
/// `spokesman`) are left out: "A Kremlin spokesman said ... He added" still
/// speaks for a state.
static STORY_PEOPLE: Words = Words::new(
    "man woman boy girl guy fellow gentleman lady husband wife father mother son daughter \
     brother sister grandfather grandmother grandson granddaughter friend neighbour neighbor \
     soldier student teacher doctor driver farmer peasant worker oligarch businessman \
     stranger passenger child kid person citizen resident villager pensioner examiner",
);
static MALE: Words =
    Words::new("man boy guy fellow gentleman husband father son brother grandfather grandson");
static FEMALE: Words =
    Words::new("woman girl lady wife mother daughter sister grandmother granddaughter");

/// How many words may stand between the article and the noun: "a young
/// soldier", "an old Soviet general".
const MODIFIER_WORDS: usize = 3;

/// A generic person opening a sentence of a story, at its offset, with the
/// gender its noun gives.
#[derive(Debug, Clone, Copy)]
pub(super) struct StoryPerson {
    pub(super) at: usize,
    pub(super) gender: Option<Gender>,
}

/// The generic subjects of the sentences of `tokens` (a stretch of
/// narrative; `opens_block` when it starts its block): an indefinite or
/// definite noun phrase, at the start of a sentence or after its opening
/// phrase ("As they came in, the man ..."), whose noun is a private person
/// of a story, followed by its verb. An indefinite one with any other noun
/// counts when its sentence goes on with "he", "his", "she" or "her" ("A
/// young recruit is asked what he would do").
pub(super) fn story_people(tokens: &[Token], opens_block: bool) -> Vec<StoryPerson> {
    let mut found = Vec::new();
    // A stretch that begins after a quote, mid-sentence, starts with its second sentence.
    let mut s = if opens_block {
        0
    } else {
        (0..tokens.len())
            .find(|&i| ends_sentence(tokens, i))
            .map_or(tokens.len(), |e| e + 1)
    };
    while s < tokens.len() {
        let end = (s..tokens.len())
            .find(|&i| ends_sentence(tokens, i))
            .unwrap_or(tokens.len() - 1);
        let sentence = &tokens[s..=end];
        let opener = sentence.iter().take(8).position(|t| t.is(","));
        let subject = std::iter::once(0)
            .chain(opener.map(|c| c + 1))
            .find_map(|k| story_subject(sentence, k));
        found.extend(subject);
        s = end + 1;
    }
    found
}

/// The story person whose noun phrase starts at `sentence[k]`.
fn story_subject(sentence: &[Token], k: usize) -> Option<StoryPerson> {
    let article = sentence.get(k)?.lower();
    let indefinite = matches!(article.as_str(), "a" | "an");
    if !(indefinite || article == "the") {
        return None;
    }
    let words = sentence[k + 1..]
        .iter()
        .take(MODIFIER_WORDS + 1)
        .take_while(|t| t.is_word() && !is_stop(t) && !t.is_capitalized())
        .count();
    let phrase = &sentence[k + 1..k + 1 + words];
    let listed = phrase
        .iter()
        .position(|t| STORY_PEOPLE.contains(t.lower().as_str()));
    let (head, noun_end) = match listed {
        Some(h) => (&phrase[h], k + 2 + h),
        // Any noun, if an indefinite subject is taken up by a pronoun.
        None if indefinite && words > 0 => (&phrase[words - 1], k + 1 + words),
        None => return None,
    };
    let lower = head.lower();
    if is_role(&lower) {
        return None;
    }
    let verb_follows = sentence
        .get(noun_end)
        .is_some_and(|t| t.is_word() && !t.is_capitalized());
    let pronoun_follows = sentence[noun_end.min(sentence.len())..]
        .iter()
        .any(|t| matches!(t.lower().as_str(), "he" | "his" | "him" | "she" | "her"));
    (verb_follows && (listed.is_some() || pronoun_follows)).then(|| StoryPerson {
        at: head.start,
        gender: if MALE.contains(&lower) {
            Some(Gender::Male)
        } else if FEMALE.contains(&lower) {
            Some(Gender::Female)
        } else {
            None
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_joke_told_by_a_named_person_is_not_his() {
        let article = "Vladimir Putin: Let me tell you a story. A young recruit is asked what he \
                       would do if the enemy came. \u{201c}I will hide,\u{201d} he says. \
                       \u{201c}And then?\u{201d} \u{201c}I will run,\u{201d} he says.";
        assert_eq!(speakers(article), vec![None, None, None]);
    }

    #[test]
    fn the_man_of_an_anecdote_speaks_for_himself() {
        let article = "Olaf Scholz visited the village in May. As we sat down, the old man \
                       sitting with me was telling a story. I asked him, \"Shall we go?\" \
                       He said, \"Yes, please.\"";
        assert_eq!(speakers(article)[1], None);
        // A named person after the story's subject is who "he" means again.
        let article = "A farmer came to the meeting. Olaf Scholz spoke first. \
                       \"We will help,\" he said.";
        assert_eq!(speakers(article)[0].as_deref(), Some("Olaf Scholz"));
    }

    #[test]
    fn a_story_ends_with_its_paragraph_and_an_office_is_no_story() {
        let article = "An oligarch went bankrupt and told his wife.\n\n\
                       Olaf Scholz arrived late. \"We will act,\" he said.";
        assert_eq!(speakers(article)[0].as_deref(), Some("Olaf Scholz"));
        let article = "Olaf Scholz arrived late.\n\n\
                       A government spokesman was asked about it. \"We will act,\" he said.";
        assert_eq!(speakers(article)[0].as_deref(), Some("Olaf Scholz"));
    }

    #[test]
    fn a_story_person_is_found_after_an_opening_phrase() {
        let s = "So, the man sitting with me was narrating. A meeting was held.";
        let found = story_people(&tokenize(s, 0..s.len()), true);
        assert_eq!(found.len(), 1);
        assert_eq!(&s[found[0].at..found[0].at + 3], "man");
        assert_eq!(found[0].gender, Some(Gender::Male));
    }
}
