//! Office holders the narrative never names: "The Federal Security Service
//! Director was reporting to me once", "After that, the Chancellor of
//! Germany posed the following question". Such a subject joins the
//! article's people as a person known by the description alone, so a "he"
//! or "she" after it means them and the quote's speaker is the description
//! (whose state the speaker actor then reads from it).

use super::*;

/// Words that head a description of a state office.
static OFFICE_HEADS: Words = Words::new(
    "president chancellor minister secretary spokesman spokeswoman spokesperson ambassador
    governor commissioner premier king queen mayor director envoy prosecutor chairman",
);

/// Words after a noun phrase that go on with it rather than start a verb.
static LINKS: Words = Words::new("and or of in at on to for from with by as than nor");

/// What an office holder writes: "the ambassador's report".
static WRITINGS: Words = Words::new("report letter message telegram cable note memo statement");

/// How many words a sentence may open with before ", the …" ("After that,").
const OPENER: usize = 5;

/// An office holder named only by the office, as a sentence's subject.
#[derive(Debug, PartialEq)]
pub(super) struct OfficeSubject {
    pub(super) at: usize,
    /// The description as written, "the" lowercased: "the Chancellor of Germany".
    pub(super) words: Vec<String>,
    pub(super) head: String,
    pub(super) nationality: Option<&'static str>,
    /// It serves a state ("of …") that gives no nationality to match.
    pub(super) unknown_state: bool,
}

/// The office holders that open a sentence of `tokens` (or follow a short
/// opener and a comma) with "the", a description of an office and a
/// lowercase word after it: a verb, not a name ("the President Vladimir
/// Putin" is a named person) nor a possessive ("the ambassador's wife").
/// The author of a writing counts when the sentence presents it ("It is
/// the French ambassador's report"). The office must be a particular one:
/// capitalised ("The Federal Security Service Director") or of a state
/// ("the French ambassador", "the president of Kenya"); "the president
/// was greeted" is left to the people the article named.
pub(super) fn office_subjects(tokens: &[Token], opens_block: bool) -> Vec<OfficeSubject> {
    let starts = |i: usize| {
        if i == 0 {
            opens_block
        } else {
            ends_sentence(tokens, i - 1)
        }
    };
    let subject_position = |s: usize| {
        starts(s)
            || (s >= 2
                && tokens[s - 1].is(",")
                && (s.saturating_sub(1 + OPENER)..s - 1)
                    .rev()
                    .take_while(|&j| tokens[j].is_word())
                    .any(starts))
    };
    (0..tokens.len())
        .filter(|&s| tokens[s].text.eq_ignore_ascii_case("the"))
        .filter_map(|s| {
            let (office, authors) = office_after(tokens, s)?;
            let presented = s >= 2
                && matches!(
                    tokens[s - 2].lower().as_str(),
                    "it" | "this" | "that" | "here"
                )
                && matches!(tokens[s - 1].lower().as_str(), "is" | "was");
            (subject_position(s) || authors && presented).then_some(office)
        })
        .collect()
}

/// The office description opened by "the" at `tokens[s]`, if a verb
/// follows it, and whether it is the author of a writing ("the
/// ambassador's report"), which makes it a subject wherever it stands.
fn office_after(tokens: &[Token], s: usize) -> Option<(OfficeSubject, bool)> {
    let modifier = |t: &Token| {
        let w = t.lower();
        t.is_word() && (t.is_capitalized() || MODIFIERS.contains(&w) || OFFICE_HEADS.contains(&w))
    };
    let mut end = s + 1;
    while end < tokens.len()
        && end - s <= 6
        && modifier(&tokens[end])
        && !is_possessive(&tokens[end])
    {
        end += 1;
    }
    // "the French ambassador’s report … he writes": the author of a document.
    let possessive = tokens
        .get(end)
        .filter(|t| is_possessive(t))
        .map(|t| without_possessive(&t.lower()).to_string());
    let authors = possessive.is_some();
    if let Some(stem) = &possessive {
        let document = tokens
            .get(end + 1)
            .is_some_and(|t| WRITINGS.contains(&t.lower()));
        if !(OFFICE_HEADS.contains(stem) && document) {
            return None;
        }
        end += 1;
    }
    let head = match possessive {
        Some(stem) => stem,
        None => tokens
            .get(end.checked_sub(1)?)
            .filter(|_| end > s + 1)?
            .lower(),
    };
    if !OFFICE_HEADS.contains(&head) {
        return None;
    }
    let mut nationality = tokens[s + 1..end]
        .iter()
        .find_map(|t| nationality(&t.lower()));
    // "of Germany", "of the Russian Federation": the state it serves.
    let served = (!is_possessive(&tokens[end - 1]))
        .then(|| state_served(tokens, end))
        .flatten();
    if let Some((state_end, state)) = served {
        nationality = nationality.or(state);
        end = state_end;
    }
    let next = tokens.get(end)?;
    let verb = next.is_word() && !next.is_capitalized() && !LINKS.contains(&next.lower());
    if !verb {
        return None;
    }
    let particular = tokens[s + 1..end].iter().any(Token::is_capitalized) || nationality.is_some();
    if !particular {
        return None;
    }
    let mut words: Vec<String> = tokens[s..end].iter().map(|t| t.text.to_string()).collect();
    words[0] = "the".into();
    if let Some(last) = words.last_mut() {
        let stem = without_possessive(last).len();
        last.truncate(stem);
    }
    let office = OfficeSubject {
        at: tokens[s].start,
        words,
        head,
        // "the President of the United States": a state the word lists do
        // not know; the description is nobody seen before with that role.
        unknown_state: served.is_some() && nationality.is_none(),
        nationality,
    };
    Some((office, authors))
}

/// "of Germany", "of the Russian Federation" at `tokens[of]`: where the
/// words of the state end, and its nationality if the word lists know it.
fn state_served(tokens: &[Token], of: usize) -> Option<(usize, Option<&'static str>)> {
    if !tokens.get(of)?.is("of") {
        return None;
    }
    let mut j = of + 1;
    if tokens
        .get(j)
        .is_some_and(|t| t.text.eq_ignore_ascii_case("the"))
    {
        j += 1;
    }
    let names = tokens[j.min(tokens.len())..]
        .iter()
        .take(4)
        .take_while(|t| t.is_word() && t.is_capitalized() && !is_possessive(t))
        .count();
    (names > 0).then(|| {
        let nationality = tokens[j..j + names]
            .iter()
            .find_map(|t| nationality(&t.lower()));
        (j + names, nationality)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects(text: &str) -> Vec<String> {
        office_subjects(&tokenize(text, 0..text.len()), true)
            .into_iter()
            .map(|o| o.words.join(" "))
            .collect()
    }

    #[test]
    fn an_office_opening_a_sentence_is_a_subject() {
        assert_eq!(
            subjects("The Federal Security Service Director was reporting to me once."),
            ["the Federal Security Service Director"]
        );
        assert_eq!(
            subjects("We agreed. After that, the Chancellor of Germany posed a question."),
            ["the Chancellor of Germany"]
        );
        assert_eq!(
            subjects("The French ambassador wrote to Paris."),
            ["the French ambassador"]
        );
    }

    #[test]
    fn he_after_an_unnamed_office_holder_means_them() {
        let article = "We agreed. After that, the Chancellor of Germany posed a question. \
                       She said, “Why not the border?”";
        assert_eq!(
            speakers(article)[0].as_deref(),
            Some("the Chancellor of Germany")
        );
        let article = "The Federal Security Service Director was reporting to me once. \
                       And he said, “It was not us.”";
        assert_eq!(
            speakers(article)[0].as_deref(),
            Some("the Federal Security Service Director")
        );
        // A person seen before who holds the office is who it means.
        let article = "Chancellor Angela Merkell arrived. The Chancellor was tired. \
                       She said, “Thank you.”";
        assert_eq!(speakers(article)[0].as_deref(), Some("Angela Merkell"));
    }

    #[test]
    fn an_office_holder_s_report_has_them_as_author() {
        assert_eq!(
            subjects("Next, it is the French ambassador’s report to Paris; he writes."),
            ["the French ambassador"]
        );
    }

    #[test]
    fn a_named_holder_an_object_or_a_possessive_is_not() {
        assert!(subjects("The President Vladimir Putin said it.").is_empty());
        assert!(subjects("I met the Chancellor of Germany yesterday.").is_empty());
        assert!(subjects("The French ambassador’s wife says it.").is_empty());
        // Not a writing the sentence presents: its reader is the subject.
        assert!(subjects("He read the French ambassador’s statement aloud.").is_empty());
        // A generic office is whoever the article named.
        assert!(subjects("The president was greeted at the airport.").is_empty());
        assert!(subjects("The governor has declared an emergency.").is_empty());
        assert!(subjects("The ministry said nothing.").is_empty());
        assert!(subjects("It was a long day, the minister of finance said.").is_empty());
        assert!(subjects("The President and the Chancellor met.").is_empty());
    }
}
