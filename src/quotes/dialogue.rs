//! Retold dialogue: a narrator who tells what they said to someone and
//! what that person answered (`I asked: "…" He said: "…"`).
//!
//! In such a paragraph "he" or "she" is the narrator's interlocutor: the
//! person the narrative named last, as subject or object ("I talked to
//! George Bush. He said"), other than the narrator. Outside a dialogue a
//! pronoun means the last person named as a subject or quoted, as before
//! (see [`People::by_pronoun`]).

use std::ops::Range;

use super::*;

/// For each block, whether its narrative has the narrator in a dialogue: a
/// first-person speech cue ("I said", "we asked", "I replied") or a cue
/// addressed to the narrator ("he asked me", "they told us").
pub(super) fn first_person_dialogue(article: &str, blocks: &[Block], spans: &[Span]) -> Vec<bool> {
    let mut rest = spans;
    blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let count = rest.iter().take_while(|s| s.block == b).count();
            let (in_block, after) = rest.split_at(count);
            rest = after;
            let mut from = block.range.start;
            let mut pieces: Vec<Range<usize>> = Vec::with_capacity(count + 1);
            for span in in_block {
                pieces.push(from..span.open);
                from = span.end();
            }
            pieces.push(from..block.range.end);
            pieces
                .into_iter()
                .any(|piece| has_first_person_cue(&tokenize(article, piece)))
        })
        .collect()
}

fn has_first_person_cue(tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| {
        let Some((n, _)) = cue_at(tokens, i) else {
            return false;
        };
        let before = i
            .checked_sub(1)
            .is_some_and(|j| matches!(tokens[j].lower().as_str(), "i" | "we"));
        let after = tokens
            .get(i + n)
            .is_some_and(|t| matches!(t.lower().as_str(), "me" | "us" | "i" | "we"));
        before || after
    })
}

impl People {
    /// The person "he" or "she" at `at` means in a retold dialogue: the
    /// last person named since `from` (the start of the paragraph before),
    /// in any role, who is not the `narrator`; `None` if there is none.
    pub(super) fn interlocutor(
        &self,
        gender: Gender,
        at: usize,
        from: usize,
        narrator: Option<usize>,
    ) -> Option<usize> {
        let (seen, i) = self
            .timeline
            .range((from, 0, false)..(at, 0, false))
            .rev()
            .map(|&(seen, i, _)| (seen, i))
            .find(|&(_, i)| {
                let person = &self.persons[i];
                // "Nazi Germany", "Moscow": a place taken for a name speaks to nobody.
                let place = person.name.iter().any(|w| {
                    let w = w.to_lowercase();
                    nationality(&w).is_some() || NON_PERSONS.contains(w.as_str())
                });
                Some(i) != narrator && !place && person.gender.is_none_or(|g| g == gender)
            })?;
        (!self.in_story(gender, at, seen)).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(article: &str) -> Vec<Option<String>> {
        extract(article).into_iter().map(|q| q.speaker).collect()
    }

    #[test]
    fn he_in_a_retold_dialogue_is_the_interlocutor() {
        // Bush is named as an object; Kudrinn, the last subject, is not meant.
        let article = "Alexei Kudrinn opposed the plan.\n\n\
                       I once talked to former President George Bushh. He said, \
                       “What are you worried about?” I said, “We will respond.” \
                       He said, “You can do what you want.”";
        let s = speakers(article);
        assert_eq!(s[0].as_deref(), Some("George Bushh"));
        // A place named since is nobody's interlocutor.
        let article =
            "I talked to Mr Bushh about Nazi Germany. He said, “We agree.” I said, “Good.”";
        assert_eq!(speakers(article)[0].as_deref(), Some("Bushh"));
        assert_eq!(s[2].as_deref(), Some("George Bushh"));
    }

    #[test]
    fn the_narrator_of_a_turn_is_not_their_own_interlocutor() {
        let article = "Maxim Oreshkinn spoke first.\n\n\
                       Vladimir Putin: So you speak the same language as Oreshkinn.\n\n\
                       Sergei Ludinn: Yes, I do. He asked me: “Why did you choose me?” \
                       I said: “You are young.” He said: “The same as you.”";
        let s = speakers(article);
        assert_eq!(s[0].as_deref(), Some("Maxim Oreshkinn"));
        assert_eq!(s[1].as_deref(), Some("Sergei Ludinn"));
        assert_eq!(s[2].as_deref(), Some("Maxim Oreshkinn"));
    }

    #[test]
    fn outside_a_dialogue_he_is_the_last_subject() {
        let article = "Olaf Scholzz met Emmanuel Macronn in Paris. He said: “We agree.”";
        assert_eq!(speakers(article)[0].as_deref(), Some("Olaf Scholzz"));
        let blocks = [Block {
            range: 0..article.len(),
            paragraph: 0,
        }];
        let spans = quote_spans(article, &blocks);
        assert_eq!(first_person_dialogue(article, &blocks, &spans), [false]);
        let article = "He asked me: “Why?” I said: “Because.”";
        let blocks = [Block {
            range: 0..article.len(),
            paragraph: 0,
        }];
        let spans = quote_spans(article, &blocks);
        assert_eq!(first_person_dialogue(article, &blocks, &spans), [true]);
    }
}
