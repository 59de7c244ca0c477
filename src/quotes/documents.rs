//! Written messages: "The message said, in part: ...", "The telegram
//! reads": a quote attributed to a message, letter or telegram is the
//! sender's, named in the nearest sentence before that tells of sending or
//! writing it ("President Vladimir Putin sent a message to ...").

use super::*;

/// Nouns of a written message that speaks for its sender.
static DOCUMENTS: Words = Words::new(
    "message messages letter letters telegram telegrams document instructions \
     greetings greeting address cable note condolences congratulations",
);
/// Verbs of sending or writing a message: the sender is their subject.
static SENDING: Words = Words::new(
    "sent send sends sending forwarded forwards addressed addresses wrote writes \
     congratulated congratulates issued issues expressed expresses offered offers",
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

/// The sender of the message mentioned at `at`: in the nearest of the
/// [`SENDER_REACH`] sentences before it that has a sending word, the person
/// after "from" ("a letter from Mr Bush"), else the first person named (the
/// subject: "Mr Putin sent Mr Hu a message"). The headline counts: the
/// sender of a readout is often named only there.
pub(super) fn sender(article: &str, at: usize) -> Option<Sender> {
    let mut from = at.saturating_sub(SENDER_WINDOW);
    while !article.is_char_boundary(from) {
        from += 1;
    }
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
    let sentence = sentences
        .iter()
        .skip(whole)
        .rev()
        .take(SENDER_REACH)
        .find(|s| s.iter().any(tells))?;
    sender_in(sentence)
}

/// The sender a sentence about a message names: the person named last
/// before the sending verb ("Mr Putin sent Mr Hu a message", "Putin sent a
/// reply to a message from Bush"); else the person right after "from" ("Mr
/// Putin received a letter from Mr Bush"); else, with no verb of sending or
/// carrying, the first person named ("In his message, Mr Putin thanked ...").
fn sender_in(sentence: &[Token]) -> Option<Sender> {
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
        return Some(Sender::Name(r.name.clone()));
    }
    // "The President forwarded a message": a description as the subject.
    if verb != usize::MAX
        && let Some(m) = mention_after(sentence, 0).filter(|m| m.range.end <= verb)
        && let Referent::Description(d) = m.referent
    {
        return Some(Sender::Description(d, m.range.start));
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
            .map(|r| Sender::Name(r.name.clone()));
    }
    if position(&CARRYING).is_some() || verb != usize::MAX {
        return None;
    }
    // With no verb, a person after "to" or "of" is the addressee
    // ("Congratulations to President of Italy Giorgio Napolitano").
    let addressed = |r: &NameRun| {
        sentence
            .iter()
            .take_while(|t| t.start < r.at)
            .any(|t| matches!(t.lower().as_str(), "to" | "of" | "for"))
    };
    persons
        .first()
        .filter(|r| !addressed(r))
        .map(|r| Sender::Name(r.name.clone()))
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
    fn no_sender_no_speaker() {
        let q = &extract("The message said, in part:\n\n“We mourn with you.”")[0];
        assert_eq!(q.speaker, None);
    }
}
