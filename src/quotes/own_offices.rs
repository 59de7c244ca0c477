//! The narrator's own state's offices: "a policy which my President, Mr.
//! J. R. Jayewardene, has said …", "our Government has stated",
//! "President Faiez Serraj … has asked me to deliver the following
//! statement on his behalf: “…”". On a site or in a speech whose publisher
//! is known (a state's site, `--publisher-column` for a delegate's speech),
//! such a speaker speaks for the publisher, even when the gazetteer does
//! not know their name.

use super::is_first_person;

/// Office words a speaker mention may end with.
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

/// Words of a statement read out for someone else, in the sentence before
/// the quote.
const ON_BEHALF: &[&str] = &[
    "on his behalf",
    "on her behalf",
    "on behalf of president",
    "on behalf of prime minister",
    "on behalf of his excellency",
    "on behalf of her excellency",
];

/// How far before the quote the mention or the words of a statement read
/// out may stand, in bytes: a statement read out runs on for paragraphs,
/// each opening its own quotation, which inherits the first one's mention.
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

/// Whether the quote starting at `at`, spoken by `speaker` (not the
/// narrator), is a statement the narrator reads out on their behalf.
pub(super) fn read_on_behalf(article: &str, speaker: Option<&str>, at: usize) -> bool {
    if speaker.is_none_or(is_first_person) {
        return false;
    }
    let window = &article[article.ceil_char_boundary(at.saturating_sub(REACH))..at];
    let window = window.to_lowercase();
    ON_BEHALF.iter().any(|w| window.contains(w))
}

#[cfg(test)]
mod tests {
    use super::super::actors::test_resolver as resolver;
    use super::*;

    fn code(article: &str, publisher: &str) -> Option<String> {
        let r = resolver().with_publisher(publisher).unwrap();
        let q = crate::quotes::extract(article);
        let triples: Vec<_> = q
            .iter()
            .map(|q| (q.speaker.as_deref(), q.speaker_mention.as_deref(), q.start))
            .collect();
        r.speakers_in(article, &triples, None)
            .into_iter()
            .next()
            .and_then(|(a, _)| a)
            .map(|a| a.code)
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
    }

    #[test]
    fn a_statement_read_on_a_leader_s_behalf_is_the_narrator_s_state() {
        let article = "As His Excellency President Faiez Serraj is unable to attend, he \
                       has asked me to deliver the following statement on his behalf: \
                       “I thank the Assembly for its work.”";
        assert_eq!(code(article, "LBY").as_deref(), Some("LBY"));
        // Without the words of a statement read out: nobody the gazetteer knows.
        let article = "President Faiez Serraj could not attend. He said: “I thank you.”";
        assert_eq!(code(article, "LBY"), None);
    }
}
