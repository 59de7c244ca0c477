//! Transcript turns: "Vladimir Putin: ..." opens a turn of that speaker,
//! which lasts until the next label; "I said" or "we told them" inside a
//! turn is the turn's speaker.

use std::ops::Range;

use super::*;

/// "Vladimir Putin: ..." or "Recep Tayyip Erdogan (retranslated): ...": the
/// speaker label opening a transcript paragraph: one to six words before a
/// colon, starting with a capital and ending in a name ("al-Assad"; "The
/// letter said:" is no label),
/// without sentence punctuation or quotation marks.
pub(crate) fn turn_label(paragraph: &str) -> Option<&str> {
    let (label, _) = paragraph.split_once(':')?;
    let label = label.split(" (").next().unwrap_or(label).trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase);
    // The last word is a name's: "Putin", "al-Assad", not "said" or "reads".
    let name_like = |w: &&str| w.chars().any(char::is_uppercase);
    ((1..=6).contains(&words.len())
        && words.first().is_some_and(capitalised)
        && words.last().is_some_and(name_like)
        && honorific_label_is_a_name(label)
        && !without_honorific(label).contains(['.', ',', '"', '“', '”', '«']))
    .then_some(label)
}

/// After an honorific the label must be a name, every word capitalised:
/// "MR. SULLIVAN:", not "Mr. Putin said on Tuesday:" (news copy that puts
/// "Mr." before every name).
fn honorific_label_is_a_name(label: &str) -> bool {
    let rest = without_honorific(label);
    rest.len() == label.len()
        || rest.split_whitespace().all(|w| {
            w.starts_with(char::is_uppercase)
                || matches!(w, "al" | "de" | "bin" | "van" | "von" | "da" | "del")
        })
}

/// "SULLIVAN" for "MR. SULLIVAN", the White House transcripts' labels: the
/// label after a leading "Mr.", "Ms.", "Mrs." or "Dr." (any case), whose
/// period is no sentence's.
fn without_honorific(label: &str) -> &str {
    let Some((first, rest)) = label.split_once(". ") else {
        return label;
    };
    match first.to_lowercase().as_str() {
        "mr" | "ms" | "mrs" | "dr" | "gen" | "adm" | "sen" | "rep" | "gov" | "amb" | "sec" => rest,
        _ => label,
    }
}

/// Whether any paragraph of `article` (text between blank lines) opens
/// with a speaker label: a
/// transcript, where "I" is whoever's turn it is.
pub(crate) fn has_turns(article: &str) -> bool {
    article
        .split("\n\n")
        .any(|paragraph| turn_label(paragraph.trim_start()).is_some())
}

/// Labels of the host's side that name no person: "Question", "Remark".
pub(crate) fn label_is_anonymous(label: &str) -> bool {
    matches!(label, "Question" | "Remark" | "Reply" | "Answer")
}

/// The speaker label of the turn each block belongs to, as a byte range of
/// the article (None before the first label, or in the turn of an anonymous
/// label).
pub(super) fn block_turns(article: &str, blocks: &[Block]) -> Vec<Option<Range<usize>>> {
    let mut turn = None;
    let mut paragraph = 0;
    blocks
        .iter()
        .map(|b| {
            if b.paragraph != paragraph {
                paragraph = b.paragraph;
                let text = &article[b.range.clone()];
                if let Some(label) = turn_label(text) {
                    // `label` is a slice of `text`: its offset in the block.
                    let at = b.range.start + (label.as_ptr() as usize - text.as_ptr() as usize);
                    turn = (!label_is_anonymous(label)).then_some(at..at + label.len());
                }
            }
            turn.clone()
        })
        .collect()
}

/// The name a label gives: "Vladimir Putin" for "President of Russia
/// Vladimir Putin", else the label as written.
pub(super) fn label_speaker(article: &str, label: Range<usize>) -> String {
    match classify(&tokenize(article, label.clone())) {
        Referent::Name(words) => words.join(" "),
        _ => article[label].to_string(),
    }
}

/// "I", "we", "me", "us": the speaker of the turn, in a transcript.
pub(crate) fn is_first_person(mention: &str) -> bool {
    // "I’ve", "we’re": the pronoun of a contraction.
    let lower = mention.to_lowercase();
    matches!(
        super::words::without_contraction(&lower),
        "i" | "we" | "me" | "us"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_names_or_titles_before_a_colon() {
        assert_eq!(turn_label("Vladimir Putin: Look."), Some("Vladimir Putin"));
        assert_eq!(
            turn_label("Recep Tayyip Erdogan (retranslated): Thank you."),
            Some("Recep Tayyip Erdogan")
        );
        assert_eq!(
            turn_label("Bashar al-Assad: Thank you."),
            Some("Bashar al-Assad")
        );
        assert_eq!(
            turn_label("MR. SULLIVAN: Well, I don’t know."),
            Some("MR. SULLIVAN")
        );
        assert_eq!(turn_label("Ms. Psaki: Go ahead."), Some("Ms. Psaki"));
        assert_eq!(turn_label("He left. Then Putin: no."), None);
        assert_eq!(turn_label("ADM. KIRBY: Thanks."), Some("ADM. KIRBY"));
        // News copy with "Mr." before a name opens no turn.
        assert_eq!(
            turn_label("Mr. Putin said on Tuesday: Russia will not stop."),
            None
        );
        assert_eq!(turn_label("Mr. Lavrov told reporters in Moscow: no."), None);
        assert_eq!(turn_label("The letter said: “Yes.”"), None);
        assert_eq!(turn_label("The message reads in part:"), None);
        assert_eq!(turn_label("He added, as before: no."), None);
    }

    #[test]
    fn first_person_in_a_turn_is_the_turn_speaker() {
        let article = "Megyn Kelly: What did you say?\n\n\
                       Vladimir Putin: We argued with our colleagues. \
                       We say: “But ISIS is still there.”\n\n\
                       It went on. I asked: “When exactly do you want to start it?”";
        let quotes = extract(article);
        assert_eq!(quotes.len(), 2);
        for q in &quotes {
            assert_eq!(q.speaker.as_deref(), Some("Vladimir Putin"), "{}", q.quote);
        }
    }

    #[test]
    fn a_label_with_a_title_gives_the_name() {
        let article =
            "Federal Chancellor of Austria Sebastian Kurz: Thank you.\n\nI said: “We agree.”";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Sebastian Kurz")
        );
    }

    #[test]
    fn first_person_outside_a_turn_stays_unknown() {
        let quotes = extract("I told them: “We will come back.”");
        assert_eq!(quotes[0].speaker, None);
        let quotes = extract("Question: Was it hard?\n\nI said: “It was.”");
        assert_eq!(quotes[0].speaker, None);
    }
}
