//! Retold dialogue: a narrator who tells what they said to someone and
//! what that person answered (`I asked: "…" He said: "…"`).
//!
//! In such a paragraph "he" or "she" is the narrator's interlocutor: the
//! person the narrative named last, as subject or object ("I talked to
//! George Bush. He said"), other than the narrator. Outside a dialogue a
//! pronoun means the last person named as a subject or quoted, as before
//! (see [`People::by_pronoun`]).
//!
//! And quotes printed one after another with no cue of their own take
//! turns: `We say: "But ISIS is there." "Yes, but everything is
//! intermingled." "Well, separate them then."` is us, them, us (see
//! [`take_turns`]).

use std::ops::Range;

use super::*;

/// For each block with a quote, whether its narrative retells a dialogue of
/// the narrator's: a cue of the narrator's ("I said", "we asked") and a cue
/// of a "he" or "she" ("he replied", "he asked me"). Blocks without a quote are `false`: no speaker is looked for
/// there.
pub(super) fn first_person_dialogue(article: &str, blocks: &[Block], spans: &[Span]) -> Vec<bool> {
    let mut rest = spans;
    blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let count = rest.iter().take_while(|s| s.block == b).count();
            let (in_block, after) = rest.split_at(count);
            rest = after;
            // Only a quote's own block is asked about: skip the others.
            if in_block.is_empty() {
                return false;
            }
            let mut from = block.range.start;
            let mut pieces: Vec<Range<usize>> = Vec::with_capacity(count + 1);
            for span in in_block {
                pieces.push(from..span.open);
                from = span.end();
            }
            pieces.push(from..block.range.end);
            // Both sides speak: the narrator and a "he" or "she".
            let (narrator, other) = pieces.into_iter().fold((false, false), |(n, o), piece| {
                let (n2, o2) = cue_sides(&tokenize(article, piece));
                (n || n2, o || o2)
            });
            narrator && other
        })
        .collect()
}

/// The sides a piece of narrative gives cues to: (the narrator: "I said",
/// "we asked"; someone else: "he said", "she replied", "he asked me").
fn cue_sides(tokens: &[Token]) -> (bool, bool) {
    let (mut narrator, mut other) = (false, false);
    for i in 0..tokens.len() {
        let Some((n, _)) = cue_at(tokens, i) else {
            continue;
        };
        let word = |j: Option<usize>| j.and_then(|j| tokens.get(j)).map(Token::lower);
        let (before, after) = (word(i.checked_sub(1)), word(Some(i + n)));
        let is = |w: &Option<String>, set: &[&str]| w.as_deref().is_some_and(|w| set.contains(&w));
        // "I said", "we asked" (a "he told me" alone is an interview's).
        narrator |= is(&before, &["i", "we"]);
        // "he said", "she replied"; `," said he`.
        other |= is(&before, &["he", "she"]) || is(&after, &["he", "she"]);
    }
    (narrator, other)
}

/// How many sightings back an interlocutor is looked for (a paragraph or
/// two names far fewer people): bounds the work per pronoun.
const INTERLOCUTOR_REACH: usize = 200;

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
            .take(INTERLOCUTOR_REACH)
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

/// One side of a retold dialogue: an attributed quote's attribution, or
/// the narrative's other party ("we argued with our US colleagues").
type Party = Attribution;

/// Quotes with no cue of their own in a run of quotes that take turns.
///
/// A *run* is quotes of one paragraph with nothing between them but blank
/// space or a short cue ("We say:", `," he replied.`). It is a dialogue
/// when two different speakers are attributed in it, or the narrator is
/// one side ("I asked", "we say") and the sentence before the run names
/// the other ("we argued with our US colleagues", "my colleagues ask me").
/// Then each quote with no cue is the other side from the quote next to
/// it, counting turns from the nearest attributed quote.
pub(super) fn take_turns(
    article: &str,
    spans: &[Span],
    contexts: &[Context],
    found: &mut [Option<Attribution>],
) {
    let mut k = 0;
    while k < spans.len() {
        let mut end = k + 1;
        while end < spans.len() && in_turn(article, spans, contexts, end) {
            end += 1;
        }
        if end - k >= 2 {
            // A quote attributed only through the sentence before ("we argued
            // with them." "No.") has no turn of its own in a dialogue.
            let cued: Vec<bool> = (k..end)
                .map(|j| contexts[j].has_own_cue(&article[spans[j].text.clone()]))
                .collect();
            // `"…," he said.`: the cue comes after the quote.
            let trailing: Vec<bool> = (k..end)
                .map(|j| {
                    !contexts[j].introduced()
                        && contexts[j]
                            .attribution_after(&article[spans[j].text.clone()])
                            .is_some()
                })
                .collect();
            let leading: Vec<bool> = (k..end).map(|j| contexts[j].introduced()).collect();
            turns_of_run(article, spans, k..end, &cued, (&trailing, &leading), found);
        }
        k = end;
    }
}

/// Whether quote `k` follows quote `k - 1` in one run of turns.
fn in_turn(article: &str, spans: &[Span], contexts: &[Context], k: usize) -> bool {
    let (prev, span) = (&spans[k - 1], &spans[k]);
    if prev.block != span.block || contexts[k].names_thing || contexts[k - 1].names_thing {
        return false;
    }
    let gap = tokenize(article, prev.end()..span.open);
    let words = gap.iter().filter(|t| t.is_word()).count();
    let cue = (0..gap.len()).any(|i| cue_at(&gap, i).is_some());
    words == 0 || (words <= 6 && cue)
}

fn turns_of_run(
    article: &str,
    spans: &[Span],
    run: Range<usize>,
    cued: &[bool],
    (trailing, leading): (&[bool], &[bool]),
    found: &mut [Option<Attribution>],
) {
    let own = |j: usize| found[j].as_ref().filter(|_| cued[j - run.start]);
    let side = |a: &Attribution| side_of(article, a);
    let Some(parties) = parties_of(article, spans, run.clone(), own) else {
        return;
    };
    let [a, b] = parties.as_slice() else {
        return;
    };
    // Each quote's side (true: `a`), attributed quotes first; then each
    // bare quote from the one before it. After `"…," he said.` the speaker
    // goes on (English goes on with a speaker that way), and so do the
    // bare quotes after it; after a question or a cue before the quote
    // (`We say: "…"`) the other side answers, and the bare quotes after
    // that take turns.
    let mut sides: Vec<Option<bool>> = run
        .clone()
        .map(|j| own(j).map(|f| side(f) == side(a)))
        .collect();
    let mut taking_turns = false;
    for j in run.clone().skip(1) {
        let (i, prev) = (j - run.start, j - run.start - 1);
        if sides[i].is_some() {
            continue;
        }
        let Some(prev_side) = sides[prev] else {
            continue;
        };
        let asked = asks(article, &spans[j - 1]);
        if own(j - 1).is_some() {
            taking_turns = !trailing[prev] || asked;
        }
        let goes_on = !(taking_turns || asked);
        sides[i] = Some(prev_side == goes_on);
    }
    // Bare quotes before the first attributed one take turns back from it
    // when its cue comes first (`"No." "Why?" We say: "…"`).
    if let Some(first) = sides.iter().position(Option::is_some)
        && leading[first]
    {
        let first_side = sides[first].unwrap_or(true);
        for (i, side) in sides.iter_mut().enumerate().take(first) {
            *side = Some(first_side ^ ((first - i) % 2 == 1));
        }
    }
    let bare: Vec<(usize, bool)> = run
        .clone()
        .zip(sides)
        .filter_map(|(j, side)| own(j).is_none().then_some((j, side?)))
        .collect();
    let (a, b) = (a.clone(), b.clone());
    for (j, is_a) in bare {
        found[j] = Some(if is_a { &a } else { &b }.clone());
    }
}

/// The two sides of a run: its attributed speakers, or the narrator and
/// the other side named before the run. `None` with more than two.
fn parties_of<'f>(
    article: &str,
    spans: &[Span],
    run: Range<usize>,
    own: impl Fn(usize) -> Option<&'f Attribution>,
) -> Option<Vec<Party>> {
    let first_person = |a: &Attribution| is_first_person(&article[a.mention.clone()]);
    let side = |a: &Attribution| side_of(article, a);
    let mut parties: Vec<Party> = Vec::new();
    for a in run.clone().filter_map(own) {
        if parties.iter().all(|p| side(p) != side(a)) {
            parties.push(a.clone());
            if parties.len() > 2 {
                return None; // more than two sides: no turns to count
            }
        }
    }
    if parties.len() == 1 && first_person(&parties[0]) {
        // The sentence before the run (within its last 1,000 bytes).
        let start = article[..spans[run.start].open]
            .trim_end()
            .trim_end_matches(['.', '!', '?', ':'])
            .len();
        let floor = article.ceil_char_boundary(start.saturating_sub(1_000));
        let from = article[floor..start]
            .rfind(['.', '!', '?', '\n'])
            .map_or(floor, |i| floor + i + 1);
        if let Some(other) = other_party(article, from..start) {
            parties.push(other);
        }
    }
    Some(parties)
}

/// Who an attribution's side is: its speaker, or its mention as written.
fn side_of(article: &str, a: &Attribution) -> String {
    a.speaker
        .clone()
        .unwrap_or_else(|| article[a.mention.clone()].to_lowercase())
}

/// The quote ends with a question mark.
fn asks(article: &str, span: &Span) -> bool {
    article[span.text.clone()]
        .trim_end_matches(|c: char| is_quote_mark(c) || c.is_whitespace())
        .ends_with('?')
}

/// The other side of the narrator's dialogue in the sentence before it:
/// the talk partner after "with" ("we argued with our US colleagues") or
/// the subject of a cue addressed to the narrator ("The president asks
/// me", "my colleagues ask me").
fn other_party(article: &str, sentence: Range<usize>) -> Option<Party> {
    let tokens = tokenize(article, sentence);
    let at = |i: usize| tokens.get(i).map(Token::lower);
    for i in (0..tokens.len()).rev() {
        let word = tokens[i].lower();
        let np = if word == "with" && i > 0 && cue_or_talk(&tokens, i - 1) {
            noun_phrase(&tokens, i + 1)
        } else if let Some((n, _)) = cue_at(&tokens, i)
            && matches!(at(i + n).as_deref(), Some("me" | "us"))
        {
            noun_phrase_before(&tokens, i)
        } else {
            None
        };
        if let Some(range) = np {
            return Some(Attribution {
                speaker: None,
                mention: range,
                cue: "dialogue".to_string(),
            });
        }
    }
    None
}

/// "argued with", "talked with", "said with": a verb of talk before "with".
fn cue_or_talk(tokens: &[Token], i: usize) -> bool {
    static TALK: Words =
        Words::new("argued talked spoke negotiated discussed debated agreed disagreed met");
    cue_at(tokens, i).is_some() || TALK.contains(tokens[i].lower().as_str())
}

/// The noun phrase from `tokens[i]`: an optional determiner or possessive
/// pronoun ("our", "my", "the"), then up to four words, ending at the
/// first plural or title ("our US colleagues", "the French minister").
fn noun_phrase(tokens: &[Token], i: usize) -> Option<Range<usize>> {
    let first = tokens.get(i)?;
    let det = matches!(
        first.lower().as_str(),
        "our" | "my" | "the" | "their" | "his" | "her"
    );
    let mut end = i + usize::from(det);
    while end < tokens.len() && end - i < 5 && tokens[end].is_word() && !is_stop(&tokens[end]) {
        let word = tokens[end].lower();
        end += 1;
        if is_head_noun(&word) {
            break;
        }
    }
    (end > i + usize::from(det)).then(|| first.start..tokens[end - 1].end())
}

/// A plural ("colleagues") or a title ("minister"): where a noun phrase ends.
fn is_head_noun(word: &str) -> bool {
    (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss")) || is_role(word)
}

/// The noun phrase that ends right before `tokens[end]`: "The president",
/// "my colleagues".
fn noun_phrase_before(tokens: &[Token], end: usize) -> Option<Range<usize>> {
    let mut start = end;
    while start > 0 && end - start < 5 {
        let t = &tokens[start - 1];
        if !t.is_word() || is_stop(t) || matches!(t.lower().as_str(), "then" | "and" | "now") {
            break;
        }
        start -= 1;
        if matches!(
            t.lower().as_str(),
            "our" | "my" | "the" | "their" | "his" | "her"
        ) {
            break;
        }
    }
    (start < end).then(|| tokens[start].start..tokens[end - 1].end())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn quotes_with_no_cue_take_turns_with_the_narrator() {
        let article = "Vladimir Putin: We argued with our US colleagues for weeks. \
                       “No, that is off limits.” “Why?” “The opposition is there.” \
                       We say: “But ISIS is there too.” “Yes, but everything is mixed.” \
                       “Well, separate them.” “No, do not touch them.”";
        let q = extract(article);
        let mentions: Vec<Option<&str>> = q.iter().map(|q| q.speaker_mention.as_deref()).collect();
        let (us, them) = (Some("We"), Some("our US colleagues"));
        assert_eq!(mentions, [them, us, them, us, them, us, them]);
        assert_eq!(q[1].speaker.as_deref(), Some("Vladimir Putin"));
        assert_eq!(q[0].speaker, None);
    }

    #[test]
    fn a_reply_with_no_cue_is_the_other_speaker_s() {
        let article = "Vladimir Putin: Daniil Graninn came to see me. He said: “Look.” \
                       I asked: “What?” “We are tired of it,” he replied. \
                       “What do you mean?” I asked. “The channels show only theft.”";
        let q = extract(article);
        assert_eq!(q[4].speaker.as_deref(), Some("Daniil Graninn"));
        assert_eq!(q[3].speaker.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn one_speaker_s_quotes_in_a_row_stay_his() {
        // No narrator and one speaker: no dialogue.
        let q = extract("“We are ready.” “And we will act,” he said.");
        assert_eq!(q[0].speaker_mention.as_deref(), Some("he"));
        let q = extract("“Why now?” Scholz asked. “It is late.”");
        assert_eq!(q[1].speaker.as_deref(), Some("Scholz"));
        // `"…," he said. "…"` goes on with him; a question's answer is the other's.
        let article = "Vladimir Putin: I asked Arkady Rotenbergg about it. I said, “You may lose it.” \
                       “I do not care,” he said. “I have been everywhere.” “Really?” I asked. \
                       “Yes.”";
        let q = extract(article);
        assert_eq!(q[2].speaker.as_deref(), Some("Arkady Rotenbergg"));
        assert_eq!(q[4].speaker.as_deref(), Some("Arkady Rotenbergg"));
        // A cue between two whole quotes that runs into the second is the second's.
        let article = "Back then we were told, “We are not against you.” We responded, \
                       “Then we will modernise.” Then the Prime Minister of Malaysia asked you, \
                       “Is it possible?” He answered, “We can.”";
        let q = extract(article);
        assert_eq!(q[0].speaker_mention, None);
        assert_eq!(q[1].speaker_mention.as_deref(), Some("We"));
        assert_eq!(
            q[2].speaker_mention.as_deref(),
            Some("the Prime Minister of Malaysia")
        );
        assert_eq!(q[3].speaker_mention.as_deref(), Some("He"));
        // The narrator alone, with nobody to answer: still the narrator.
        let q = extract("Vladimir Putin: I said: “We will act.” “And we will win.”");
        assert_eq!(q[1].speaker.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn news_quotes_keep_their_speakers() {
        // "told me" alone is no retold dialogue: "he" is the last subject.
        let article = "Senator John Smithh, who criticised President Joe Biden last week, \
                       spoke to me on Tuesday. “We will fight this,” he told me.";
        assert_eq!(speakers(article)[0].as_deref(), Some("John Smithh"));
        let article = "Olaf Scholzz met Emmanuel Macronn in Paris. He said: “We agree on \
                       everything.” A spokesman said we should expect a statement later.";
        assert_eq!(speakers(article)[0].as_deref(), Some("Olaf Scholzz"));
        // After `"…," Smith said.` his bare quotes go on with him.
        let article = "“Will you resign?” a reporter asked. “No,” Smithh said. \
                       “I have work to do.” “The party supports me.”";
        let s = speakers(article);
        assert_eq!(s[2].as_deref(), Some("Smithh"));
        assert_eq!(s[3].as_deref(), Some("Smithh"));
        let article = "“This is a disaster,” Joness said. “We are ready,” Smithh said. \
                       “We have the votes.” “And we will act.”";
        assert_eq!(speakers(article)[3].as_deref(), Some("Smithh"));
        // A cue runs into the next quote only when that quote opens a sentence.
        let article = "“Why should we pay?” Trumpp said, “when they do not?”";
        assert_eq!(speakers(article)[0].as_deref(), Some("Trumpp"));
        // "plan B. Putin": a sentence's end is no middle initial.
        let article = "Vladimir Putinn spoke. The United States has no plan B. Putinn said: “Yes.”";
        assert_eq!(speakers(article)[0].as_deref(), Some("Vladimir Putinn"));
    }
}
