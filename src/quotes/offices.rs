//! Words of offices: titles, spokespersons, institutions and meetings, as
//! the speaker-actor rules of [`super::ActorResolver`] read them, and the
//! publisher rule's bare titles and messages.

use super::Via;

/// People who are someone's relatives or friends: after an office-holder's
/// name they are another, private person ("Trump's son").
pub(super) const RELATIVES: &[&str] = &[
    "son",
    "sons",
    "daughter",
    "daughters",
    "wife",
    "husband",
    "widow",
    "widower",
    "brother",
    "brothers",
    "sister",
    "sisters",
    "father",
    "mother",
    "parents",
    "children",
    "child",
    "grandson",
    "granddaughter",
    "nephew",
    "niece",
    "cousin",
    "family",
    "relatives",
    "friend",
    "friends",
    "lawyer",
    "lawyers",
];

/// Words of a spokesperson: "a Kremlin spokesman", "the press service".
pub(super) const SPOKES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "spokesmen",
    "press",
];
/// Title words: a speaker with one speaks `via: title`.
pub(super) const TITLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "leader",
    "king",
    "queen",
    "prince",
    "ambassador",
    "envoy",
    "chief",
    "head",
    "general",
    "official",
    "officials",
    "leaders",
    "politician",
    "statesman",
    "stateswoman",
    "diplomat",
    "diplomats",
    "emir",
    "sultan",
    "chairman",
    "commissioner",
    "representative",
    "adviser",
    "advisor",
    "aide",
    "counterpart",
    "governor",
    "mayor",
];
/// Words of a state's people at the table: "our US colleagues", "the
/// American side", "Ukrainian partners" speak as an institution of their state.
pub(super) const COLLEAGUES: &[&str] = &[
    "colleagues",
    "colleague",
    "partners",
    "partner",
    "counterparts",
    "negotiators",
    "delegation",
    "representatives",
    "friends",
    "observers",
    "leadership",
];
/// Words of a meeting, talks or a call: the first paragraph names the counterpart.
pub(super) const MEETING: &[&str] = &[
    "met",
    "meet",
    "meets",
    "meeting",
    "talks",
    "talked",
    "call",
    "telephone",
    "phone",
    "conversation",
    "visit",
    "visited",
    "visiting",
    "summit",
    "negotiations",
    "received",
    "counterpart",
    "hosted",
    "bilateral",
];

/// Titles an official text gives its own office without naming a state:
/// "the President", "the Acting President", "the head of state".
pub(super) const OWN_TITLES: &[&str] = &[
    "president",
    "premier",
    "chancellor",
    "prime minister",
    "head of state",
    "head of the state",
];
/// What an office sends in its own name: "The message said", "the decree reads".
pub(super) const OWN_DOCUMENTS: &[&str] = &[
    "message",
    "letter",
    "telegram",
    "greetings",
    "greeting",
    "address",
    "decree",
    "statement",
    "instructions",
    "directive",
    "condolences",
    "congratulations",
    "document",
];

/// Whether a speaker mention is a bare title or message of an office
/// ("the President", "The Acting President", "the President's message",
/// "The message"): a definite article or possessive title, only
/// modifiers ("acting", "congratulatory"), and an [`OWN_TITLES`] or
/// [`OWN_DOCUMENTS`] head; no state, no name, no other words. Gives how the
/// publisher speaks: by title, or as an institution (its messages).
pub(super) fn publisher_office(mention: &str) -> Option<Via> {
    let lower = mention.trim().to_lowercase().replace(['’', '\''], "'");
    // "The Press Secretary said", "your Press Secretary said" (a reporter
    // to the President): the office's spokesperson, by its capitalised title.
    let spokes = ["", "the ", "your "]
        .iter()
        .filter_map(|p| lower.strip_prefix(p))
        .any(|rest| matches!(rest, "press secretary" | "presidential press secretary"));
    if spokes && mention.contains("Press Secretary") {
        return Some(Via::Spokesperson);
    }
    // "president's message" (after "The acting"): the office's document.
    if let Some((title, document)) = lower.split_once("'s ")
        && OWN_TITLES.contains(&title)
        && OWN_DOCUMENTS.contains(&document)
    {
        return Some(Via::Title);
    }
    // Only "the": "his statement" points back to a person the article
    // names, who need not be the publisher's.
    let rest = lower.strip_prefix("the ")?;
    let rest = rest.strip_prefix("acting ").unwrap_or(rest);
    // "the President's message": the office's document.
    if let Some((title, document)) = rest.split_once("'s ") {
        let document = document.strip_prefix("congratulatory ").unwrap_or(document);
        return (OWN_TITLES.contains(&title) && OWN_DOCUMENTS.contains(&document))
            .then_some(Via::Title);
    }
    if OWN_TITLES.contains(&rest) {
        return Some(Via::Title);
    }
    let document = ["congratulatory ", "written ", "official ", "greetings "]
        .iter()
        .find_map(|m| rest.strip_prefix(m))
        .unwrap_or(rest);
    OWN_DOCUMENTS
        .contains(&document)
        .then_some(Via::Institution)
}

/// Texts an actor adopts or issues, besides [`OWN_DOCUMENTS`]: "the UN
/// Charter says", "the Security Council resolution reads", "NATO's
/// communiqué said".
pub(super) const ADOPTED_TEXTS: &[&str] = &[
    "charter",
    "resolution",
    "resolutions",
    "declaration",
    "communique",
    "communiqué",
    "report",
    "memorandum",
    "constitution",
];

/// Words of an institution speaking: "China's foreign ministry said".
pub(super) const INSTITUTIONS: &[&str] = &[
    "ministry",
    "government",
    "office",
    "administration",
    "foreign",
    "defence",
    "defense",
    "department",
    "embassy",
    "mission",
    "cabinet",
    "presidency",
    "palace",
    "side",
    "authorities",
    "leadership",
    "delegation",
    "military",
    "army",
    "officials",
    "kremlin",
    "state",
];
/// Words that may stand between an actor and its title ("the Russian deputy prime minister").
pub(super) const MODIFIERS: &[&str] = &[
    "deputy", "vice", "prime", "foreign", "defence", "defense", "top", "senior", "former",
    "acting", "first", "high", "special", "of", "the", "a", "an", "affairs", "security",
    "national", "press",
];
