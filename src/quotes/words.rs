//! Word lists (cues, roles, titles, nations, ...) as hash sets built on first use.

use rustc_hash::FxHashMap;

use super::*;

/// A word list, written as whitespace-separated words or `key:value` entries.
/// Looked up through a hash set built on first use.
pub(super) struct Words {
    list: &'static str,
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
    /// `key:value` entries: key -> value, and the set of values.
    pairs: std::sync::OnceLock<(
        FxHashMap<&'static str, &'static str>,
        rustc_hash::FxHashSet<&'static str>,
    )>,
}

impl Words {
    pub(super) const fn new(list: &'static str) -> Words {
        Words {
            list,
            set: std::sync::OnceLock::new(),
            pairs: std::sync::OnceLock::new(),
        }
    }

    pub(super) fn pair_maps(
        &self,
    ) -> &(
        FxHashMap<&'static str, &'static str>,
        rustc_hash::FxHashSet<&'static str>,
    ) {
        self.pairs.get_or_init(|| {
            let map: FxHashMap<_, _> = self.pairs().collect();
            let values = map.values().copied().collect();
            (map, values)
        })
    }

    /// The value of a `key:value` entry.
    pub(super) fn value(&self, key: &str) -> Option<&'static str> {
        self.pair_maps().0.get(key).copied()
    }

    /// `word` as the value of some entry, if it is one.
    pub(super) fn as_value(&self, word: &str) -> Option<&'static str> {
        self.pair_maps().1.get(word).copied()
    }

    pub(super) fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.list.split_whitespace().collect())
            .contains(word)
    }

    pub(super) fn pairs(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.list
            .split_whitespace()
            .filter_map(|w| w.split_once(':'))
    }
}

/// Speech verbs; multi-word cues are matched by [`cue_at`].
pub(super) static CUES: Words = Words::new(
    "said says say told tells added adds stated warned warns urged urges insisted insists
    stressed stresses noted declared declares wrote writes tweeted posted asked replied
    explained argued claimed announced continued concluded acknowledged admitted vowed
    pledged promised recalled cautioned emphasised emphasized complained conceded saying
    adding telling writing warning insisting stressing noting declaring urging arguing
    explaining commented remarked answered responded",
);

/// Verbs of what a text says, cues only after a text and before a colon or
/// "that" (see [`cue_at`]): "the NATO states that called it" is a noun.
static TEXT_CUES: Words =
    Words::new("states stipulates proclaims provides reads affirms reaffirms");

/// Texts that say things: "The Charter states:", "The message reads:".
static TEXTS: Words = Words::new(
    "charter article paragraph section clause provision preamble message telegram letter
    address decree law resolution declaration document text constitution treaty statement
    report communique communiqué agreement convention act code order note inscription
    plaque sign protocol memorandum",
);

/// Whether a text ends right before `tokens[i]`: a text noun ("The Charter
/// states"), or a number after one ("Article 51 provides", "resolution 242
/// (1967) states").
fn text_before(tokens: &[Token], i: usize) -> bool {
    let mut k = i;
    if k >= 3 && tokens[k - 1].is(")") && tokens[k - 3].is("(") {
        k -= 3;
    }
    if k >= 1 && tokens[k - 1].text.starts_with(|c: char| c.is_ascii_digit()) {
        k -= 1;
    }
    k.checked_sub(1)
        .is_some_and(|j| TEXTS.contains(without_possessive(&tokens[j].lower())))
}

pub(super) static ROLES: Words = Words::new(
    "chancellor president minister secretary spokesman spokeswoman spokesperson ambassador
    senator governor commissioner chief leader premier king queen prince princess pope mayor
    chairman chairwoman director envoy adviser advisor official general colonel lieutenant
    commander admiral marshal captain sergeant head diplomat lawmaker mp mep negotiator
    prosecutor judge analyst professor politician",
);

pub(super) static TITLES: Words = Words::new("mr mrs ms miss dr prof sir dame lord lady");

/// Words that qualify a role: "foreign minister", "deputy chief".
pub(super) static MODIFIERS: Words = Words::new(
    "foreign defence defense prime finance interior deputy vice former acting top senior
    state national security press junior outgoing incoming new veteran",
);

/// Lowercase parts of surnames: "von der Leyen", "al-Sisi", "de Gaulle".
pub(super) static PARTICLES: Words =
    Words::new("von van der den de del della di da dos du la le al bin ibn ter zu");

/// Capitalized words that are not names: sentence openers, days, months, groups.
pub(super) static COMMON: Words = Words::new(
    "the a an on in at after before but and or as when while asked speaking meanwhile however
    this that these those it its his her their our we he she they i you for from with by to
    of if since until during despite although though yet so according last next earlier
    later also still now then there here both all some many most such what who why how where
    which not no yes one two today yesterday tomorrow instead indeed moreover without under
    over among against within more less already even only just every each another other
    because whether once nor monday tuesday wednesday thursday friday saturday sunday
    january february march april june july september october november december officials
    diplomats analysts experts critics sources observers residents witnesses authorities
    protesters reporters journalists writing addressing responding reacting interviewed read
    is are was were does did could would should shall might has have had my your nobody
    everybody somebody anybody everyone someone anyone nothing everything having being",
);

/// Words that make a capitalized run an institution or a place, not a person.
pub(super) static ORG_WORDS: Words = Words::new(
    "union house states ministry council party nations republic bank office department army
    forces force commission parliament government agency court committee kremlin pentagon
    nato times post news institute university group company organisation organization
    alliance federation assembly embassy square street sea ocean river kingdom city region
    oblast airport emirates arabia africa america zealand york east west north south
    bundestag duma senate congress press service fund foundation summit treaty war navy
    guard media motors airlines airways corporation inc industries technologies holdings",
);

/// Single names that are places or institutions speaking as such: "Moscow said".
pub(super) static NON_PERSONS: Words = Words::new(
    "kremlin nato pentagon moscow kyiv kiev berlin paris london brussels washington beijing
    warsaw tehran ankara rome madrid reuters bloomberg tass afp europe elysee élysée",
);

/// Country and demonym, for matching "the German leader" to "Germany's chancellor".
pub(super) static NATIONS: Words = Words::new(
    "germany:german france:french russia:russian ukraine:ukrainian china:chinese
    britain:british uk:british england:english us:american america:american poland:polish
    italy:italian spain:spanish turkey:turkish israel:israeli iran:iranian japan:japanese
    india:indian hungary:hungarian belarus:belarusian finland:finnish sweden:swedish
    netherlands:dutch belgium:belgian austria:austrian canada:canadian syria:syrian
    taiwan:taiwanese korea:korean lithuania:lithuanian latvia:latvian estonia:estonian
    romania:romanian moldova:moldovan serbia:serbian greece:greek egypt:egyptian
    europe:european brazil:brazilian australia:australian",
);

/// Roles a generic description covers: "the German leader" is a chancellor or a president.
pub(super) static ROLE_SYNONYMS: Words = Words::new(
    "leader:chancellor,president,premier,prime,king,queen,leader,head
    diplomat:ambassador,envoy,diplomat,foreign
    chief:chief,head,leader,secretary,president,chancellor,director,commander,general
    spokesman:spokesman,spokeswoman,spokesperson spokeswoman:spokesman,spokeswoman,spokesperson
    spokesperson:spokesman,spokeswoman,spokesperson",
);

/// Words between a speaker and the cue: "Scholz also said", "he had told".
pub(super) static FILLERS: Words = Words::new(
    "also later then again previously repeatedly once reportedly recently earlier has had
    have was is would further separately publicly privately bluntly openly flatly angrily
    simply quickly",
);

/// Words that end a noun phrase read forwards ("said Scholz in Berlin").
pub(super) static STOPS: Words = Words::new(
    "in on at to of for from with by during after before that who which whom whose while and
    or but as when because if than about was is were are had has have would will could
    should this last not it its also then yesterday today",
);

pub(super) fn is_common(word: &str) -> bool {
    COMMON.contains(word)
}

pub(super) fn is_role(word: &str) -> bool {
    ROLES.contains(word)
}

pub(super) fn is_title(word: &str) -> bool {
    TITLES.contains(word)
}

pub(super) fn is_particle(word: &str) -> bool {
    PARTICLES.contains(word)
}

pub(super) fn is_determiner(token: &Token) -> bool {
    matches!(token.lower().as_str(), "the" | "a" | "an")
}

pub(super) fn is_stop(token: &Token) -> bool {
    STOPS.contains(token.lower().as_str())
}

pub(super) fn is_possessive(token: &Token) -> bool {
    token.text.len() > 2 && (token.text.ends_with("'s") || token.text.ends_with("’s"))
}

/// A word without its possessive ending: "Germany's" → "Germany".
pub(super) fn without_possessive(word: &str) -> &str {
    word.trim_end_matches("'s").trim_end_matches("’s")
}

/// The pronoun a contraction starts with: "I’ve" → "I", "he'd" → "he".
pub(super) fn without_contraction(word: &str) -> &str {
    word.split(['\'', '’']).next().unwrap_or_default()
}

/// The demonym a word names: "Germany's", "German", "germany" → "german".
pub(super) fn nationality(word: &str) -> Option<&'static str> {
    let word = without_possessive(word);
    NATIONS.value(word).or_else(|| NATIONS.as_value(word))
}

/// "66-year-old" → 66.
pub(super) fn parse_age(word: &str) -> Option<u32> {
    let (number, rest) = word.split_once('-')?;
    (rest == "year-old").then(|| number.parse().ok()).flatten()
}

/// A capitalized word that can be part of a personal or institutional name.
pub(super) fn is_name_word(token: &Token) -> bool {
    let lower = token.lower();
    token.is_capitalized()
        && !is_possessive(token)
        && !is_common(&lower)
        && pronoun_of(&lower).is_none()
        && !is_role(&lower)
        && !is_title(&lower)
        && NATIONS.as_value(&lower).is_none()
}

/// A word that can stand in a noun phrase naming or describing a speaker.
pub(super) fn is_np_word(token: &Token) -> bool {
    let lower = token.lower();
    is_name_word(token)
        || is_role(&lower)
        || is_title(&lower)
        || MODIFIERS.contains(lower.as_str())
        || is_particle(&lower)
        || is_possessive(token)
        || nationality(&lower).is_some()
        || parse_age(&lower).is_some()
}

/// The speech cue starting at `tokens[i]`, as (number of tokens, cue text).
pub(super) fn cue_at(tokens: &[Token], i: usize) -> Option<(usize, String)> {
    let token = tokens.get(i)?;
    let lower = token.lower();
    let next = tokens.get(i + 1).map(Token::lower);
    let pair = match (lower.as_str(), next.as_deref()) {
        ("according", Some("to")) => true,
        ("called" | "calls" | "calling", Some("for")) => !token.is_capitalized(),
        _ => false,
    };
    if pair {
        return Some((2, format!("{lower} {}", next.unwrap_or_default())));
    }
    // "The Charter states:", "Article 51 provides that": verbs of a text,
    // which are nouns too ("the two states"), only before a colon or "that".
    if TEXT_CUES.contains(lower.as_str())
        && matches!(next.as_deref(), Some(":" | "that"))
        && text_before(tokens, i)
    {
        return Some((1, lower));
    }
    // "In the words of the Charter, …": like "according to".
    if lower == "words"
        && next.as_deref() == Some("of")
        && i >= 2
        && tokens[i - 1].lower() == "the"
        && tokens[i - 2].lower() == "in"
    {
        return Some((2, "according to".into()));
    }
    // "a Russian saying", "as the saying goes": a proverb, said by nobody.
    if lower == "saying" && i.checked_sub(1).is_some_and(|j| saying_is_noun(&tokens[j])) {
        return None;
    }
    // A capitalized "Said" is a name more often than a cue.
    (!token.is_capitalized() && CUES.contains(lower.as_str())).then_some((1, lower))
}

#[cfg(test)]
mod tests {
    fn mention(article: &str) -> Option<String> {
        super::super::extract(article)
            .into_iter()
            .next()
            .and_then(|q| q.speaker_mention)
    }

    #[test]
    fn a_text_s_verbs_are_cues_after_a_text_before_a_colon_or_that() {
        assert_eq!(
            mention("The Charter states: “All Members shall settle disputes.”").as_deref(),
            Some("The Charter")
        );
        assert_eq!(
            mention("The message reads: “Please accept my congratulations.”").as_deref(),
            Some("The message")
        );
        // "states" a noun, "that" a relative pronoun or a determiner.
        assert_eq!(
            mention("Hungary is one of the NATO states that called the plan “a disaster”."),
            None
        );
        assert_eq!(
            mention("Iran provides that “axis of resistance” with drones."),
            None
        );
    }

    #[test]
    fn in_the_words_of_reads_like_according_to() {
        assert_eq!(
            mention("In the words of the Charter, “to save succeeding generations”.").as_deref(),
            Some("the Charter")
        );
    }

    #[test]
    fn a_portfolio_after_a_capitalised_title_is_part_of_it() {
        assert_eq!(
            mention("The UN High Commissioner for Refugees said: “We need funds.”").as_deref(),
            Some("The UN High Commissioner for Refugees")
        );
        assert_eq!(
            mention("A spokesman for Gazprom said: “We need funds.”").as_deref(),
            Some("Gazprom")
        );
    }
}
