//! Mentions: the noun phrase that names or describes a speaker, and what it refers to.

use std::ops::Range;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    Male,
    Female,
}

/// What a speaker mention refers to, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Referent {
    /// "he", "she"
    Pronoun(Gender),
    /// "Olaf Scholz", "Scholz", "Germany's chancellor Olaf Scholz" (name part only)
    Name(Vec<String>),
    /// A named institution: "the Kremlin", "the White House"
    Institution(String),
    /// A definite description: "the chancellor", "the German leader", "the 66-year-old"
    Description(Description),
    /// Someone the article does not name: "a Kremlin spokesman", "officials", "they"
    Unnamed,
}

/// What a definite description says about the person it means.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Description {
    /// The last word: "chancellor", "leader", "66-year-old".
    pub(super) head: String,
    pub(super) nationality: Option<&'static str>,
    /// An institution named in it: "nato" in "the Nato chief".
    pub(super) affiliation: Option<String>,
    pub(super) age: Option<u32>,
}

#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) range: Range<usize>,
    pub(super) referent: Referent,
}

impl Mention {
    pub(super) fn new(tokens: &[Token]) -> Option<Mention> {
        let (first, last) = (tokens.first()?, tokens.last()?);
        Some(Mention {
            range: first.start..last.end(),
            referent: classify(tokens),
        })
    }
}

pub(super) fn pronoun(token: &Token) -> Option<Referent> {
    pronoun_of(&token.lower())
}

/// The referent of a lowercase word that is a pronoun, or a contraction of
/// one ("I’ve", "he’d", "she’s").
pub(super) fn pronoun_of(lower: &str) -> Option<Referent> {
    // The longest is "they’ve" (9 bytes): most words end the search here.
    if lower.len() > 9 {
        return None;
    }
    match without_contraction(lower) {
        "he" => Some(Referent::Pronoun(Gender::Male)),
        "she" => Some(Referent::Pronoun(Gender::Female)),
        "they" | "we" | "i" | "it" => Some(Referent::Unnamed),
        _ => None,
    }
}

pub(super) fn classify(np: &[Token]) -> Referent {
    // "Olaf Scholz, the German chancellor," — the apposition only describes.
    let core = np.split(|t| t.is(",")).next().unwrap_or(np);
    if let [token] = core
        && let Some(referent) = pronoun(token)
    {
        return referent;
    }
    let determiner = core.first().filter(|t| is_determiner(t)).map(Token::lower);
    let words = if determiner.is_some() {
        &core[1..]
    } else {
        core
    };
    let Some(last) = words.last() else {
        return Referent::Unnamed;
    };

    let mut name_start = words.len();
    while name_start > 0 {
        let word = &words[name_start - 1];
        let inner_particle = is_particle(&word.lower()) && name_start < words.len();
        if !(is_name_word(word) || inner_particle) {
            break;
        }
        name_start -= 1;
    }
    let (descriptors, name) = words.split_at(name_start);
    let name = &name[leading_non_name(name)..];
    if !name.is_empty() {
        let name: Vec<String> = name.iter().map(|t| t.text.to_string()).collect();
        let described = descriptors
            .iter()
            .any(|t| is_role(&t.lower()) || is_title(&t.lower()));
        return match determiner.as_deref() {
            Some("the") if !described => Referent::Institution(name.join(" ")),
            Some("a" | "an") => Referent::Unnamed,
            _ => Referent::Name(name),
        };
    }
    let definite = determiner.as_deref() == Some("the") || descriptors.iter().any(is_possessive);
    if !definite {
        return Referent::Unnamed;
    }
    let head = last.lower();
    Referent::Description(Description {
        age: parse_age(&head),
        nationality: descriptors.iter().find_map(|t| nationality(&t.lower())),
        affiliation: descriptors
            .iter()
            .find(|t| is_affiliation(t))
            .map(Token::lower),
        head,
    })
}

/// A capitalized word describing someone's institution: "Nato", "Kremlin".
pub(super) fn is_affiliation(token: &Token) -> bool {
    is_name_word(token) && nationality(&token.lower()).is_none()
}

/// How many words at the front of a capitalized run stand before the name
/// proper: "State" in "(Secretary of) State Antony Blinken", "Berlin" in
/// "(In) Berlin Scholz said". "State Department" keeps its modifier, and a
/// place stays when the rest names an institution ("Moscow City Court").
pub(super) fn leading_non_name(run: &[Token]) -> usize {
    let lower: Vec<String> = run.iter().map(Token::lower).collect();
    let modifiers = lower.iter().take_while(|w| MODIFIERS.contains(w)).count();
    let modifiers = modifiers.min(run.len().saturating_sub(2));
    let rest = &lower[modifiers..];
    if rest.iter().any(|w| ORG_WORDS.contains(w)) {
        return modifiers;
    }
    let is_place = |w: &String| NON_PERSONS.contains(w) || nationality(w).is_some();
    let places = rest.iter().take_while(|w| is_place(w)).count();
    modifiers + places.min(rest.len().saturating_sub(1))
}

/// How many tokens an apposition between commas may have: "Scholz, 66, said".
const APPOSITION: usize = 9;
/// How many tokens a phrase between commas opened by a preposition may
/// have: "the Secretary-General, in his report on the work of the
/// Organization, said".
const INSERTED: usize = 16;
/// Prepositions that open a phrase inserted between a speaker and the cue.
const INSERT_OPENERS: &[&str] = &["in", "at", "on", "during", "after", "before", "speaking"];

/// The mention right before the cue at `tokens[cue]`: "Scholz said",
/// "Germany's chancellor Olaf Scholz told", "Scholz, 66, said", "the ministry said".
pub(super) fn mention_before(tokens: &[Token], cue: usize) -> Option<Mention> {
    let mut end = cue;
    while end > 0 && FILLERS.contains(tokens[end - 1].lower().as_str()) {
        end -= 1;
    }
    // "Blinken, who noted": the relative pronoun stands for the name before it.
    let relative = end > 0 && tokens[end - 1].lower() == "who";
    if relative {
        end -= 1;
        if end > 0 && tokens[end - 1].is(",") {
            end -= 1;
        }
    }
    // "the British leaders of the time admitted": a time after "of" only
    // dates the noun phrase before it, which is the speaker.
    if end >= 3
        && tokens[end - 3].is("of")
        && matches!(tokens[end - 2].lower().as_str(), "the" | "that")
        && !tokens[end - 1].is_capitalized() // "of The Times" is a newspaper
        && TIMES.contains(tokens[end - 1].lower().as_str())
    {
        return mention_before(tokens, end - 3);
    }
    let last = tokens.get(end.checked_sub(1)?)?;
    if pronoun(last).is_some() {
        return Mention::new(&tokens[end - 1..end]);
    }
    // "Security Council resolution 2334 (2016) says".
    if let Some(resolution) = resolution_before(tokens, end) {
        return Some(resolution);
    }
    if last.is(",") && !relative {
        end = before_apposition(tokens, end)?;
    }
    let mut start = end;
    while start > 0 && end - start < 8 {
        let token = &tokens[start - 1];
        if is_determiner(token) {
            start -= 1;
            break;
        }
        if !(is_np_word(token) || title_of(tokens, start - 1)) {
            break;
        }
        start -= 1;
    }
    if let Some(head) = head_of_state(tokens, end) {
        start = head;
    }
    if let Some(document) = document_before(tokens, start) {
        return Some(document);
    }
    if start == end {
        // Plain words are a mention only behind a determiner: "the ministry said".
        while start > 0 && end - start < 4 {
            let token = &tokens[start - 1];
            if !token.is_word() || is_stop(token) || cue_at(tokens, start - 1).is_some() {
                return None;
            }
            start -= 1;
            if is_determiner(token) || is_possessive(token) {
                break;
            }
        }
        if start == end || !(is_determiner(&tokens[start]) || is_possessive(&tokens[start])) {
            return None;
        }
    }
    Mention::new(&tokens[start..end])
}

/// An apposition between commas ending right before `tokens[end]`: where
/// the name before it ends (its comma). A long one only when a preposition
/// opens it ("in his report on ..."): "Asked about Biden, the Chinese
/// foreign ministry spokesman at a regular briefing on Tuesday, said" has
/// its speaker inside.
fn before_apposition(tokens: &[Token], end: usize) -> Option<usize> {
    let comma = (end.saturating_sub(INSERTED)..end - 1)
        .rev()
        .find(|&j| tokens[j].is(","))?;
    let inserted = tokens
        .get(comma + 1)
        .is_some_and(|t| INSERT_OPENERS.contains(&t.lower().as_str()));
    (end - 1 - comma <= APPOSITION || inserted).then_some(comma)
}

/// "The head of the state", "the Russian head of state" ending right
/// before `tokens[end]`: where the phrase starts (its determiner, or the
/// first of the words that qualify "head").
fn head_of_state(tokens: &[Token], end: usize) -> Option<usize> {
    let state = end.checked_sub(1)?;
    if tokens[state].lower() != "state" {
        return None;
    }
    let of = state.checked_sub(if tokens.get(state.checked_sub(1)?)?.lower() == "the" {
        2
    } else {
        1
    })?;
    let head = of.checked_sub(1)?;
    if !tokens[of].is("of") || tokens[head].lower() != "head" {
        return None;
    }
    let mut start = head;
    while start > 0 && end - start < 8 {
        let token = &tokens[start - 1];
        if is_determiner(token) {
            return Some(start - 1);
        }
        if !(is_np_word(token) || nationality(&token.lower()).is_some()) {
            break;
        }
        start -= 1;
    }
    Some(start)
}

/// Nouns of a time that date a noun phrase: "the leaders of the time".
static TIMES: Words = Words::new("time times day days era period");

/// "The message to Jiang Zemin said", "Mr Putin's message to US President
/// George Bush said": a name after "to" or "for" that follows a written
/// message is its addressee, the object of the preposition, not the
/// subject of the cue. The subject is the message, and so the mention
/// (from its determiner or possessive to the noun) names the message.
pub(super) fn document_before(tokens: &[Token], name_start: usize) -> Option<Mention> {
    let preposition = tokens.get(name_start.checked_sub(1)?)?;
    if !matches!(preposition.lower().as_str(), "to" | "for") {
        return None;
    }
    let noun = name_start.checked_sub(2)?;
    if !is_document_noun(&tokens[noun]) {
        return None;
    }
    // Back over its modifiers: "The congratulatory message", "Mr Putin's message".
    let mut start = noun;
    while start > 0 && noun - start < 4 {
        let token = &tokens[start - 1];
        // "His message to President Hu said": a possessive pronoun ends the phrase too.
        let pronoun = matches!(token.lower().as_str(), "his" | "her" | "its" | "their");
        if is_determiner(token) || is_possessive(token) || pronoun {
            start -= 1;
            if is_determiner(token) || pronoun {
                break;
            }
            continue;
        }
        // A modifier: a title word, or a plain lowercase word ("congratulatory").
        let plain = token.is_word() && !is_stop(token) && !token.is_capitalized();
        if !(is_np_word(token) || plain) {
            break;
        }
        start -= 1;
    }
    let first = &tokens[start];
    let definite = (start..noun).any(|i| is_determiner(&tokens[i]) || is_possessive(&tokens[i]))
        || matches!(first.lower().as_str(), "his" | "her" | "its" | "their");
    definite.then(|| Mention {
        range: first.start..tokens[noun].end(),
        referent: Referent::Description(Description {
            head: tokens[noun].lower(),
            nationality: None,
            affiliation: None,
            age: None,
        }),
    })
}

/// The "of" in "Secretary of State Antony Blinken", the "for" in "High
/// Commissioner for Refugees" and "Minister for Foreign Affairs" (after a
/// capitalised title only: "a spokesman for Gazprom" is Gazprom's).
pub(super) fn title_of(tokens: &[Token], i: usize) -> bool {
    let role = |j: usize| is_role(&tokens[j].lower());
    let of = tokens[i].is("of") && i.checked_sub(1).is_some_and(role);
    let title_for = tokens[i].is("for")
        && i.checked_sub(1)
            .is_some_and(|j| role(j) && tokens[j].is_capitalized());
    (of || title_for) && tokens.get(i + 1).is_some_and(Token::is_capitalized)
}

/// The mention starting at `tokens[i]`: "said Scholz in Berlin", "according to the ministry".
pub(super) fn mention_after(tokens: &[Token], i: usize) -> Option<Mention> {
    let first = tokens.get(i)?;
    if pronoun(first).is_some() {
        return Mention::new(&tokens[i..=i]);
    }
    // After a determiner or a possessive any word may be the head ("the
    // ministry"); the head, or a role, ends the phrase unless a name follows
    // ("the German chancellor Olaf Scholz").
    let loose = is_determiner(first) || is_possessive(first);
    let mut end = i + usize::from(loose);
    let mut head_seen = false;
    while let Some(token) = tokens.get(end)
        && end - i < 7
        && token.is_word()
        && !is_stop(token)
        && cue_at(tokens, end).is_none()
        && (loose || is_np_word(token))
        && (!head_seen || is_name_word(token))
    {
        head_seen |= !is_np_word(token) || is_role(&token.lower());
        end += 1;
    }
    if end == i || (loose && end == i + 1 && is_determiner(first)) {
        return None;
    }
    Mention::new(&tokens[i..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contraction_is_its_pronoun() {
        let referent = |s: &str| pronoun(&tokenize(s, 0..s.len())[0]);
        assert!(matches!(
            referent("He’d"),
            Some(Referent::Pronoun(Gender::Male))
        ));
        assert!(matches!(
            referent("she's"),
            Some(Referent::Pronoun(Gender::Female))
        ));
        assert!(matches!(referent("I’ve"), Some(Referent::Unnamed)));
        assert!(referent("Hem").is_none());
        assert!(is_first_person("I’m") && is_first_person("we've") && !is_first_person("It’s"));
    }

    #[test]
    fn the_head_of_state_is_one_mention() {
        let mention = |s: &str| {
            let tokens = tokenize(s, 0..s.len());
            let cue = tokens.iter().position(|t| t.is("said")).unwrap();
            mention_before(&tokens, cue).map(|m| s[m.range].to_string())
        };
        assert_eq!(
            mention("The head of the state said").as_deref(),
            Some("The head of the state")
        );
        assert_eq!(
            mention("The Russian head of state said").as_deref(),
            Some("The Russian head of state")
        );
        assert_eq!(mention("the state said").as_deref(), Some("the state"));
    }

    #[test]
    fn a_name_after_a_message_to_is_its_addressee() {
        let mention = |s: &str| {
            let tokens = tokenize(s, 0..s.len());
            let cue = tokens.iter().position(|t| t.is("said")).unwrap();
            let m = mention_before(&tokens, cue).unwrap();
            (s[m.range].to_string(), m.referent)
        };
        let (text, referent) = mention("The message to Chinese President Jiang Zemin said");
        assert_eq!(text, "The message");
        assert!(matches!(referent, Referent::Description(d) if d.head == "message"));
        let (text, _) = mention("Mr Putin's message to US President George Bush said");
        assert_eq!(text, "Mr Putin's message");
        let (text, _) = mention("In Moscow, his message to President Hu said");
        assert_eq!(text, "his message");
        // A name that is the subject stays the mention.
        let (text, _) = mention("He spoke to Chinese President Jiang Zemin, who said");
        assert_eq!(text, "Chinese President Jiang Zemin");
    }

    #[test]
    fn a_time_after_of_dates_the_speaker() {
        let s = "the British leaders of the time admitted";
        let tokens = tokenize(s, 0..s.len());
        let m = mention_before(&tokens, tokens.len() - 1).unwrap();
        assert_eq!(&s[m.range], "the British leaders");
    }

    #[test]
    fn a_phrase_between_commas_is_stepped_over() {
        let mention = |s: &str| {
            let tokens = tokenize(s, 0..s.len());
            let m = mention_before(&tokens, tokens.len() - 1).unwrap();
            s[m.range].to_string()
        };
        assert_eq!(
            mention("The Secretary-General, in his report on the work of the Organization, said"),
            "The Secretary-General"
        );
        // A long phrase that opens no preposition is not stepped over.
        let s = "Asked about Biden, the Chinese foreign ministry spokesman at a regular \
                 briefing in Beijing on Tuesday, said";
        let tokens = tokenize(s, 0..s.len());
        assert!(
            mention_before(&tokens, tokens.len() - 1).is_none_or(|m| !s[m.range].contains("Biden"))
        );
    }

    #[test]
    fn mentions_classify() {
        let np = |s: &'static str| classify(&tokenize(s, 0..s.len()));
        assert_eq!(np("He"), Referent::Pronoun(Gender::Male));
        assert_eq!(
            np("Germany's chancellor Olaf Scholz"),
            Referent::Name(vec!["Olaf".into(), "Scholz".into()])
        );
        assert_eq!(np("the Kremlin"), Referent::Institution("Kremlin".into()));
        assert_eq!(np("a Kremlin spokesman"), Referent::Unnamed);
        assert_eq!(
            np("the German leader"),
            Referent::Description(Description {
                head: "leader".into(),
                nationality: Some("german"),
                affiliation: None,
                age: None
            })
        );
        assert_eq!(
            np("the 66-year-old"),
            Referent::Description(Description {
                head: "66-year-old".into(),
                nationality: None,
                affiliation: None,
                age: Some(66)
            })
        );
    }
}
