//! Numbered resolutions as speakers: "resolution 242 (1967) calls for",
//! "Security Council resolution 2334 says:", "General Assembly resolution
//! 1911 (XVIII) expressed the hope". In diplomatic text a resolution cited by
//! number is a UN organ's (the Security Council's, the General Assembly's);
//! an adopted text speaks for the organisation that adopts it, as the
//! guideline says, so its words are the UN's unless the mention names
//! another organisation ("the OAS resolution 1080").

use super::*;

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
    Some(Mention {
        range: tokens[start].start..tokens[end - 1].end(),
        referent: Referent::Institution(name),
    })
}

/// Whether `mention` is a numbered resolution (see [`resolution_before`])
/// that names no organ: the UN's.
pub(super) fn is_numbered_resolution(mention: &str) -> bool {
    let words: Vec<&str> = mention.split_whitespace().collect();
    words.windows(2).any(|w| {
        w[0].eq_ignore_ascii_case("resolution") && w[1].starts_with(|c: char| c.is_ascii_digit())
    })
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
        assert!(is_numbered_resolution("Security Council resolution 2334"));
        assert!(!is_numbered_resolution("the resolution"));
    }

    #[test]
    fn its_words_are_the_un_s() {
        let r = super::super::actors::test_resolver();
        let code = |article: &str| {
            let quotes = extract(article);
            let triples: Vec<_> = quotes
                .iter()
                .map(|q| (q.speaker.as_deref(), q.speaker_mention.as_deref(), q.start))
                .collect();
            r.speakers_in(article, &triples, None)
                .into_iter()
                .next()
                .and_then(|(a, _)| a)
                .map(|a| a.code)
        };
        assert_eq!(
            code("Resolution 242 (1967) says: “Withdrawal of armed forces.”").as_deref(),
            Some("UN")
        );
        assert_eq!(
            code("Security Council resolution 2334 says: “It has no legal validity.”").as_deref(),
            Some("UN")
        );
    }
}
