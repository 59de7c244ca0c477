//! Written messages: "The message said, in part: ...", "The telegram
//! reads": a quote attributed to a message, letter or telegram is the
//! sender's, named in the nearest sentence before that tells of sending or
//! writing it ("President Vladimir Putin sent a message to ...").

use std::ops::Range;

use super::*;

/// Nouns of a written message that speaks for its sender.
static DOCUMENTS: Words = Words::new(
    "message messages letter letters telegram telegrams document instructions \
     greetings greeting address cable note condolences congratulations decree",
);
/// Verbs of sending or writing a message: the sender is their subject.
static SENDING: Words = Words::new(
    "sent send sends sending forwarded forwards addressed addresses wrote writes \
     congratulated congratulates issued issues expressed expresses offered offers \
     wished wishes signed signs",
);
/// Verbs of a messenger carrying someone else's message ("Poltavchenko
/// conveyed the message", "handed a letter from the Russian President").
static CARRYING: Words = Words::new(
    "conveyed conveys handed hands delivered delivers passed passes read reads received receives",
);
/// Who sent a message: a name, or a description of the sender ("The
/// President forwarded a message") at an offset, to resolve among the
/// article's people.
pub(super) enum Sender {
    Name(Vec<String>),
    Description(Description, usize),
}

/// How many sentences before the mention the sender may be named in.
const SENDER_REACH: usize = 4;
/// How far back (bytes) the sentences are read.
const SENDER_WINDOW: usize = 1_500;

/// "the message", "the telegram", "his letter": a mention naming a written message.
pub(super) fn is_document(mention: &Mention) -> bool {
    matches!(&mention.referent, Referent::Description(d) if DOCUMENTS.contains(d.head.as_str()))
}

/// "It is also noted that "…"", "It was stressed that": an impersonal
/// passive cue, which in a readout of a message speaks for the message (its
/// sender is then searched like a message's).
pub(super) fn is_impersonal(article: &str, mention: &Range<usize>) -> bool {
    static ADVERBS: Words = Words::new("also further particularly specially in addition");
    if !article[mention.clone()].eq_ignore_ascii_case("it") {
        return false;
    }
    let end = article.floor_char_boundary((mention.end + 64).min(article.len()));
    let tokens = tokenize(article, mention.end..end);
    let mut k = match tokens.first().map(Token::lower).as_deref() {
        Some("is" | "was") => 1,
        _ => return false,
    };
    while tokens
        .get(k)
        .is_some_and(|t| ADVERBS.contains(t.lower().as_str()))
    {
        k += 1;
    }
    tokens.get(k).is_some_and(|t| {
        let w = t.lower();
        (w.ends_with("ed") || w == "said") && cue_at(&tokens, k).is_some()
    })
}

/// A noun of a written message: "message", "letter", "telegram", ...
pub(super) fn is_document_noun(token: &Token) -> bool {
    DOCUMENTS.contains(token.lower().as_str())
}

/// The sender a message mention names itself, as a possessive: "Mr
/// Putin's message" gives "Putin".
pub(super) fn possessor(article: &str, mention: Range<usize>) -> Option<Vec<String>> {
    let tokens = tokenize(article, mention);
    let k = tokens.iter().position(is_possessive)?;
    let stem = |t: &Token<'_>| without_possessive(t.text).to_string();
    let capitalised = tokens[k].text.starts_with(char::is_uppercase);
    let mut name: Vec<String> = tokens[..k]
        .iter()
        .rev()
        .take_while(|t| is_name_word(t))
        .map(|t| t.text.to_string())
        .collect();
    name.reverse();
    name.push(stem(&tokens[k]));
    (capitalised && !is_role(&name[name.len() - 1].to_lowercase())).then_some(name)
}

/// The sender of the message mentioned at `at`: in the nearest of the
/// [`SENDER_REACH`] sentences before it that has a sending word, the person
/// after "from" ("a letter from Mr Bush"), else the first person named (the
/// subject: "Mr Putin sent Mr Hu a message"). The headline counts: the
/// sender of a readout is often named only there.
pub(super) fn sender(article: &str, at: usize) -> Option<Sender> {
    let from = article.ceil_char_boundary(at.saturating_sub(SENDER_WINDOW));
    let tokens = tokenize(article, from..at);
    let mut sentences: Vec<&[Token]> = Vec::new();
    let mut first = 0;
    for i in 0..tokens.len() {
        let line_break = tokens
            .get(i + 1)
            .is_some_and(|next| article[tokens[i].end()..next.start].contains('\n'));
        if ends_sentence(&tokens, i) || line_break || i + 1 == tokens.len() {
            sentences.push(&tokens[first..=i]);
            first = i + 1;
        }
    }
    let tells = |t: &Token| {
        let w = t.lower();
        DOCUMENTS.contains(w.as_str())
            || SENDING.contains(w.as_str())
            || CARRYING.contains(w.as_str())
    };
    // The first sentence may be cut by the window.
    let whole = usize::from(from > 0);
    // The nearest sentence that tells who sent it; one that only names a
    // message ("The message said, in part:") lets the search go on.
    sentences
        .iter()
        .skip(whole)
        .rev()
        .take(SENDER_REACH)
        .filter(|s| s.iter().any(tells))
        .find_map(|s| match sender_in(s) {
            Found::Sender(sender) => Some(Some(sender)),
            Found::Unnamed => Some(None),
            Found::NotHere => None,
        })
        .flatten()
}

/// What a sentence about a message says of its sender.
enum Found {
    Sender(Sender),
    /// It tells of the sending, or of a messenger, but names no sender:
    /// the search stops.
    Unnamed,
    /// It only names a message: an earlier sentence may tell more.
    NotHere,
}

/// The sender a sentence about a message names: the person named last
/// before the sending verb ("Mr Putin sent Mr Hu a message", "Putin sent a
/// reply to a message from Bush"); else the person right after "from" ("Mr
/// Putin received a letter from Mr Bush"); else, with no verb of sending or
/// carrying, the first person named ("In his message, Mr Putin thanked ...").
fn sender_in(sentence: &[Token]) -> Found {
    let persons: Vec<NameRun> = name_runs(sentence, true)
        .into_iter()
        .filter(NameRun::is_person)
        .collect();
    let position = |words: &Words| {
        sentence
            .iter()
            .find(|t| words.contains(t.lower().as_str()))
            .map(|t| t.start)
    };
    let verb = position(&SENDING).unwrap_or(usize::MAX);
    // The subject: the person named last before the verb ("Having examined
    // a report of the Directorate, Vladimir Putin issued instructions").
    if verb != usize::MAX
        && let Some(r) = persons.iter().rev().find(|r| r.at < verb)
    {
        return Found::Sender(Sender::Name(r.name.clone()));
    }
    // "The President forwarded a message": a description as the subject.
    if verb != usize::MAX
        && let Some(m) = mention_after(sentence, 0).filter(|m| m.range.end <= verb)
        && let Referent::Description(d) = m.referent
    {
        return Found::Sender(Sender::Description(d, m.range.start));
    }
    if let Some(k) = sentence.iter().position(|t| t.lower() == "from") {
        // Only determiners and capitalised words (titles, names) between.
        let np_end = sentence[k + 1..]
            .iter()
            .find(|t| !(t.is_capitalized() || is_determiner(t)))
            .map_or(usize::MAX, |t| t.start);
        return persons
            .iter()
            .find(|r| r.at > sentence[k].start && r.at < np_end)
            .map_or(Found::Unnamed, |r| {
                Found::Sender(Sender::Name(r.name.clone()))
            });
    }
    if position(&CARRYING).is_some() || verb != usize::MAX {
        return Found::Unnamed;
    }
    // With no verb, a person right after "to", "of" or "for" (titles
    // between) is the addressee ("Congratulations to President of Italy
    // Giorgio Napolitano", "In his message to Prime Minister Vajpayee, Mr
    // Putin said"): the sender is the first person who is not.
    let addressed = |r: &NameRun| {
        let before: Vec<&Token> = sentence.iter().take_while(|t| t.start < r.at).collect();
        let mut k = before.len();
        // Back over titles and their "of" ("President of Italy").
        while k > 0
            && (before[k - 1].is_capitalized()
                || is_determiner(before[k - 1])
                || (before[k - 1].is("of") && k > 1 && before[k - 2].is_capitalized()))
        {
            k -= 1;
        }
        k.checked_sub(1)
            .is_some_and(|j| matches!(before[j].lower().as_str(), "to" | "for" | "of"))
    };
    persons
        .iter()
        .find(|r| !addressed(r))
        .map_or(Found::NotHere, |r| {
            Found::Sender(Sender::Name(r.name.clone()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_speaks_for_its_sender() {
        let article = "Earlier, Mr Putin sent Mr Hu a congratulatory message on his birthday.\n\n\
                       The message said, in part:\n\n“We appreciate your strive.”";
        let q = &extract(article)[0];
        assert_eq!(q.speaker_mention.as_deref(), Some("The message"));
        assert_eq!(q.speaker.as_deref(), Some("Putin"));
    }

    #[test]
    fn the_sender_may_be_named_in_the_headline() {
        let article = "President Vladimir Putin sent a telegram of condolences to the family\n\n\
                       The telegram said:\n\n“Please accept my deepest condolences.”";
        let q = &extract(article)[0];
        assert_eq!(q.speaker.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn a_letter_from_someone_is_theirs() {
        let article = "Mr Putin received a letter from President George Bush. \
                       The letter said: “We are ready to talk.”";
        let q = &extract(article)[0];
        assert_eq!(q.speaker.as_deref(), Some("George Bush"));
    }

    #[test]
    fn condolences_expressed_are_the_sender_s() {
        let article = "President Vladimir Putin expressed his condolences to Kofi Annan\n\n\
                       The message said, in part:\n\n“Terrorism has no justification.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
    }

    #[test]
    fn a_reply_is_the_replier_s() {
        let article = "President Vladimir Putin sent a response to a message from President George Bush\n\n\
                       The message said:\n\n“I fully agree with you.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
        let article = "Having examined a report of the Directorate for Public Feedback, \
                       Vladimir Putin issued instructions.\n\nThe instructions said: “Act quickly.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
    }

    #[test]
    fn a_described_sender_is_the_person_described() {
        let article = "President Vladimir Putin attended a service\n\n\
                       The President forwarded a telegram to the families. The message says:\n\n\
                       “Our grief is immeasurable.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
    }

    #[test]
    fn a_messenger_or_an_object_is_no_sender() {
        let article = "Mr Voloshin handed a letter from the Russian President to Mr Karimov.\n\n\
                       The letter said: “We value your contribution.”";
        assert_eq!(extract(article)[0].speaker, None);
        let article = "The President forwarded a message to the meeting on Organised Crime Control.\n\n\
                       The message said: “We must pool our efforts.”";
        assert_eq!(extract(article)[0].speaker, None);
    }

    #[test]
    fn an_addressee_is_no_sender() {
        let article = "Congratulations to President of Italy Giorgio Napolitano\n\n\
                       The telegram said:\n\n“Your experience will help Italy.”";
        assert_eq!(extract(article)[0].speaker, None);
    }

    #[test]
    fn the_search_goes_past_a_sentence_that_only_names_the_message() {
        let article = "President Putin sent his regards to President K R Narayan\n\n\
                       The message said, in part:\n\n“We are friends.”\n\n\
                       “We trust each other,” says the message to K R Narayan.";
        let quotes = extract(article);
        assert_eq!(quotes[1].speaker_mention.as_deref(), Some("the message"));
        assert_eq!(quotes[1].speaker.as_deref(), Some("Putin"));
    }

    #[test]
    fn a_message_to_someone_is_not_theirs() {
        let article = "Mr Putin sent New Year greetings to foreign leaders.\n\n\
                       Mr Putin's message to US President George Bush said, in part:\n\n\
                       “Russian-US relations are true partnership.”\n\n\
                       In his message to Indian Prime Minister Atal Vajpayee, Mr Putin said:\n\n\
                       “The past year has been fruitful.”\n\n\
                       The message to Chinese President Jiang Zemin said, in part:\n\n\
                       “I am delighted.”";
        let speakers: Vec<_> = extract(article).into_iter().map(|q| q.speaker).collect();
        assert_eq!(speakers, vec![Some("Putin".to_string()); 3]);
    }

    #[test]
    fn wishes_and_decrees_are_the_sender_s() {
        let article = "President Vladimir Putin wished Prime Minister Atal Vajpayee a happy birthday\n\n\
                       The message said, in part:\n\n“I recall our meeting.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
        let article = "President Vladimir Putin signed the decree on the Chechen Republic\n\n\
                       The decree says:\n\n“Bodies are established.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Vladimir Putin")
        );
    }

    #[test]
    fn it_is_noted_in_a_message_is_the_sender_s() {
        let article = "In his letter, Mr Scholz praised the talks.\n\n\
                       It is also noted that \"our ties are strong.\"";
        let q = &extract(article)[0];
        assert_eq!(q.speaker_mention.as_deref(), Some("It"));
        assert_eq!(q.speaker.as_deref(), Some("Scholz"));
        // No message before: nobody.
        let article = "Mr Scholz praised the talks.\n\nIt was noted that \"ties are strong.\"";
        assert_eq!(extract(article)[0].speaker, None);
        // An active "it" is no impersonal cue.
        let s = "It noted";
        assert!(!is_impersonal(s, &(0..2)));
    }

    #[test]
    fn no_sender_no_speaker() {
        let q = &extract("The message said, in part:\n\n“We mourn with you.”")[0];
        assert_eq!(q.speaker, None);
    }
}
