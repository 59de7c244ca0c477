//! The narrator's own state's offices: "a policy which my President, Mr.
//! J. R. Jayewardene, has said …", "our Government has stated". On a site
//! or in a speech whose publisher is known (a state's site,
//! `--publisher-column` for a delegate's speech), such a speaker speaks for
//! the publisher, even when the gazetteer does not know their name. Not in
//! a transcript, where "our" is whichever guest's turn it is.

/// Office words a speaker mention may be.
const OFFICES: &[&str] = &[
    "president",
    "prime minister",
    "premier",
    "foreign minister",
    "minister",
    "minister for foreign affairs",
    "minister of foreign affairs",
    "chancellor",
    "king",
    "queen",
    "emir",
    "sultan",
    "head of state",
    "head of government",
    "government",
    "leader",
    "leadership",
    "parliament",
];

/// Words that make the office the narrator's own, right before it.
const OWN: &[&str] = &["my", "our"];

/// How far before the quote the mention may stand, in bytes: a statement
/// runs on for paragraphs, each opening its own quotation, which inherits
/// the first one's mention.
const REACH: usize = 1_500;

/// Whether `mention` (which attributed the quote starting at `at`) is an
/// office of the narrator's own state: "my President", "our Government".
pub(super) fn own_office(article: &str, mention: &str, at: usize) -> bool {
    let office = mention.trim().to_lowercase();
    if !OFFICES.contains(&office.as_str()) {
        return false;
    }
    let window = &article[article.ceil_char_boundary(at.saturating_sub(REACH))..at];
    let Some(found) = window.rfind(mention.trim()) else {
        return false;
    };
    // The words right before it, lowercase, last first: "my", "our own".
    let mut before = window[..found]
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    match before.next().as_deref() {
        Some("own") => before.next().is_some_and(|w| OWN.contains(&w.as_str())),
        Some(w) => OWN.contains(&w),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::actors::first_speaker_code;
    use super::*;

    fn code(article: &str, publisher: &str) -> Option<String> {
        first_speaker_code(article, Some(publisher), None)
    }

    #[test]
    fn my_president_is_the_narrator_s_state() {
        let own = |text: &str, mention: &str| own_office(text, mention, text.len());
        assert!(own(
            "a policy which my President, Mr. J. R. Jayewardene, has said “",
            "President"
        ));
        assert!(own("Our Government has said: “", "Government"));
        assert!(own("our own Government has said: “", "Government"));
        assert!(!own("The President has said: “", "President"));
        assert!(!own("their President has said: “", "President"));
        assert!(!own("my friend has said: “", "friend"));
        assert_eq!(
            code(
                "Few leaders did as much; a policy which my President, Mr. J. R. \
                 Jayewardene, has said “runs like a golden thread”.",
                "LKA"
            )
            .as_deref(),
            Some("LKA")
        );
        // In a transcript "our" is the guest's whose turn it is.
        let transcript = "PRESIDENT BIDEN: Welcome.\n\nPRIME MINISTER MODI: Thank you, Mr. \
                          President. Our Government has said: “India will stand by you.”";
        assert_ne!(code(transcript, "USA").as_deref(), Some("USA"));
    }
}
