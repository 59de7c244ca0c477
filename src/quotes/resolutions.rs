//! Numbered resolutions as speakers: "resolution 242 (1967) calls for",
//! "Security Council resolution 2334 says:", "General Assembly resolution
//! 1911 (XVIII) expressed the hope". In diplomatic text a resolution cited by
//! number is a UN organ's (the Security Council's, the General Assembly's);
//! an adopted text speaks for the organisation that adopts it, as the
//! guideline says, so its words are the UN's unless the mention names
//! another organisation ("the OAS resolution 1080", the organisation's) or
//! another body ("The Senate resolution 94", nobody's).

use super::actors::{ActorResolver, SpeakerActor, Via};
use super::*;

/// Prepositions whose object a resolution is, not a speaker: "The sponsors
/// of resolution 2334 said".
const PREPOSITIONS: &[&str] = &[
    "of", "to", "in", "under", "with", "by", "for", "on", "against", "from", "about",
];

/// The numbered resolution ending right before `tokens[end]`: "resolution"
/// (any case), a number ("242", "1911"), and the session or year in
/// brackets ("(1967)", "(XVIII)"), with the organ's capitalised name
/// before it ("Security Council", "General Assembly") and a determiner.
pub(super) fn resolution_before(tokens: &[Token], end: usize) -> Option<Mention> {
    let mut k = end;
    // "(1967)", "(XVIII)", "(V)": the year or session.
    if k >= 3 && tokens[k - 1].is(")") && tokens[k - 3].is("(") && tokens[k - 2].is_word() {
        k -= 3;
    }
    let number = tokens.get(k.checked_sub(1)?)?;
    if !number.text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let word = tokens.get(k.checked_sub(2)?)?;
    if !word.text.eq_ignore_ascii_case("resolution") {
        return None;
    }
    let mut start = k - 2;
    // "Security Council resolution", "the General Assembly's resolution".
    while start > 0 && k - start < 8 {
        let t = &tokens[start - 1];
        if is_determiner(t) {
            start -= 1;
            break;
        }
        if !(t.is_word() && t.is_capitalized()) || is_stop(t) {
            break;
        }
        start -= 1;
    }
    // The words as written: no space inside the brackets.
    let mut name = String::new();
    for (j, t) in tokens[start..end].iter().enumerate() {
        let joined = j == 0 || t.is(")") || tokens[start + j - 1].is("(");
        if !joined {
            name.push(' ');
        }
        name.push_str(t.text);
    }
    let object = start
        .checked_sub(1)
        .is_some_and(|j| PREPOSITIONS.contains(&tokens[j].lower().as_str()));
    if object {
        return None;
    }
    Some(Mention {
        range: tokens[start].start..tokens[end - 1].end(),
        referent: Referent::Institution(name),
    })
}

/// The words naming the organ of the numbered resolution `mention` is
/// (see [`resolution_before`]), before the word "resolution" and without
/// "the": "Security Council" of "Security Council resolution 2334", ""
/// of "Resolution 242 (1967)"; `None` when it is no numbered resolution.
pub(super) fn resolution_organ(mention: &str) -> Option<&str> {
    let lower = mention.to_ascii_lowercase();
    let at = lower.match_indices("resolution").find(|&(i, w)| {
        mention[i + w.len()..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    })?;
    let organ = mention[..at.0].trim();
    let organ = organ
        .strip_prefix("the ")
        .or_else(|| organ.strip_prefix("The "))
        .unwrap_or(organ);
    // "the General Assembly's resolution 1911"
    let organ = organ
        .strip_suffix("’s")
        .or_else(|| organ.strip_suffix("'s"))
        .unwrap_or(organ);
    Some(organ.trim())
}

impl ActorResolver<'_> {
    /// Who a numbered resolution speaks for: with no organ named, the UN;
    /// with an organ, the organisation its words name ("Security Council":
    /// the UN, "the G7": the G7); another body's ("The Senate") nobody.
    pub(super) fn resolution_speaker(
        &self,
        organ: &str,
        date: Option<&str>,
    ) -> Option<SpeakerActor> {
        if organ.is_empty() {
            return self.state("UN", Via::Institution);
        }
        self.description(organ, date)
            .filter(|a| a.kind == super::Party::Organisation)
            .map(|a| SpeakerActor {
                via: Via::Institution,
                ..a
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str) -> Option<String> {
        let tokens = tokenize(text, 0..text.len());
        resolution_before(&tokens, tokens.len()).map(|m| text[m.range].to_string())
    }

    #[test]
    fn a_resolution_cited_by_number_is_a_mention() {
        assert_eq!(mention("Resolution 242").as_deref(), Some("Resolution 242"));
        assert_eq!(
            mention("As Security Council resolution 2334").as_deref(),
            Some("Security Council resolution 2334")
        );
        assert_eq!(
            mention("and the General Assembly resolution 1911 (XVIII)").as_deref(),
            Some("the General Assembly resolution 1911 (XVIII)")
        );
        assert_eq!(mention("the resolution"), None);
        assert_eq!(mention("in 1967"), None);
        assert_eq!(mention("The sponsors of resolution 2334"), None);
        assert_eq!(
            resolution_organ("Security Council resolution 2334"),
            Some("Security Council")
        );
        assert_eq!(resolution_organ("The G7 resolution 3"), Some("G7"));
        assert_eq!(resolution_organ("the OAS resolution 1080"), Some("OAS"));
        assert_eq!(
            resolution_organ("the General Assembly’s resolution 1911"),
            Some("General Assembly")
        );
        assert_eq!(resolution_organ("Resolution 242 (1967)"), Some(""));
        assert_eq!(resolution_organ("the resolution"), None);
    }

    #[test]
    fn its_words_are_the_un_s() {
        let code = |article: &str| super::super::actors::first_speaker_code(article, None, None);
        assert_eq!(
            code("Resolution 242 (1967) says: “Withdrawal of armed forces.”").as_deref(),
            Some("UN")
        );
        assert_eq!(
            code("Security Council resolution 2334 says: “It has no legal validity.”").as_deref(),
            Some("UN")
        );
        // Another organisation's, or another body's.
        assert_eq!(
            code("The G7 resolution 3 says: “We stand with Ukraine.”").as_deref(),
            Some("G7")
        );
        assert_eq!(
            code("The Senate resolution 94 says: “We stand with Ukraine.”"),
            None
        );
        assert_eq!(
            code("House Resolution 5 states: “We stand with Ukraine.”"),
            None
        );
        // Of a resolution: its sponsors speak.
        assert_ne!(
            code("The sponsors of resolution 2334 said: “It is a victory.”").as_deref(),
            Some("UN")
        );
    }
}
