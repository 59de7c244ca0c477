//! Speaker names: each attribution's mention (a name, a pronoun, a
//! description, "I" in a transcript turn, a document) resolved to the
//! person it means among the article's people, in text order.

use super::*;

/// Resolves speaker mentions to names, in text order.
pub(super) struct Resolver<'a> {
    pub(super) article: &'a str,
    pub(super) people: &'a People,
    /// Speakers resolved so far, as (offset of the mention, person): the
    /// latest is who a following "he" most likely means.
    pub(super) speakers: Speakers,
    /// The transcript turn of each block (see [`block_turns`]).
    pub(super) turns: Vec<Option<Range<usize>>>,
    /// Whether each block retells a dialogue of the narrator's (see
    /// [`first_person_dialogue`]).
    pub(super) dialogue: Vec<bool>,
    pub(super) blocks: &'a [Block],
}

impl Resolver<'_> {
    /// The speaker's name for `mention` in block `block`: the person it
    /// refers to, the name or institution as written, the turn's speaker for
    /// "I"/"we", or a message's sender.
    pub(super) fn speaker(&mut self, mention: &Mention, block: usize) -> Option<String> {
        let (people, at) = (self.people, mention.range.start);
        let paragraph_before = self.blocks[block.saturating_sub(1)].range.start;
        let near = |gender| people.named_near(self.article, gender, at, paragraph_before);
        // "a statement of the Secretary-General in which he said"
        let pronoun = matches!(mention.referent, Referent::Pronoun(_));
        if pronoun && let Some(title) = titled_before(self.article, people, at, false) {
            return Some(title.to_string());
        }
        let person = match &mention.referent {
            Referent::Pronoun(gender) if self.dialogue[block] => {
                // The paragraph before may name the interlocutor.
                let from = self.blocks[block.saturating_sub(1)].range.start;
                people
                    .interlocutor(*gender, at, from, self.narrator(block))
                    .or_else(|| people.by_pronoun(*gender, at, &self.speakers))
                    .or_else(|| near(*gender))
            }
            Referent::Pronoun(gender) => people
                .by_pronoun(*gender, at, &self.speakers)
                .or_else(|| near(*gender)),
            Referent::Name(words) => people.by_name(words, at),
            Referent::Description(description) => {
                people.by_description(description, at, &self.speakers)
            }
            Referent::Institution(_) | Referent::Unnamed => None,
        };
        if let Some(p) = person {
            self.speakers.insert((at, p));
        } else if pronoun && let Some(title) = titled_before(self.article, people, at, true) {
            return Some(title.to_string());
        }
        match (&mention.referent, person) {
            (_, Some(p)) => Some(people.canonical(p)),
            (Referent::Name(words), None) => Some(words.join(" ")),
            (Referent::Institution(name), None) => Some(name.clone()),
            _ => self.unnamed(mention, block),
        }
    }

    /// The person whose transcript turn `block` is in, if the article names them.
    fn narrator(&self, block: usize) -> Option<usize> {
        let label = self.turns[block].clone()?;
        let words: Vec<String> = label_speaker(self.article, label)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        self.people.by_name(&words, self.blocks[block].range.start)
    }

    /// "I asked: "…"" in a transcript turn is the turn's speaker; "The
    /// message said: "…"" is the sender's.
    fn unnamed(&self, mention: &Mention, block: usize) -> Option<String> {
        let (article, people, at) = (self.article, self.people, mention.range.start);
        let named = |words: Vec<String>| {
            people
                .by_name(&words, at)
                .map_or_else(|| words.join(" "), |p| people.canonical(p))
        };
        if is_first_person(&article[mention.range.clone()]) {
            let label = self.turns[block].clone()?;
            return Some(label_speaker(article, label));
        }
        if is_impersonal(article, &mention.range) {
            return match sender(article, at)? {
                Sender::Name(words) => Some(named(words)),
                Sender::Description(d, at) => people
                    .by_description(&d, at, &self.speakers)
                    .map(|p| people.canonical(p)),
            };
        }
        // "They told us": the group of a state's people named last.
        if article[mention.range.clone()].eq_ignore_ascii_case("they")
            && tells_the_narrator(article, mention.range.end)
        {
            let from = self.blocks[block.saturating_sub(1)].range.start;
            return group_before(article, from..at);
        }
        if !is_document(mention) {
            return None;
        }
        // "Mr Putin's message said": the possessor sent it.
        if let Some(words) = possessor(article, mention.range.clone()) {
            return Some(named(words));
        }
        match sender(article, at) {
            Some(Sender::Name(words)) => Some(named(words)),
            Some(Sender::Description(d, at)) => people
                .by_description(&d, at, &self.speakers)
                .map(|p| people.canonical(p)),
            // "His letter to the Speaker says:" after a sentence that tells
            // of no sending: the letter is the person "his" means.
            None => {
                let owner = tokenize(article, mention.range.clone()).first()?.lower();
                let gender = match owner.as_str() {
                    "his" => Gender::Male,
                    "her" => Gender::Female,
                    _ => return None,
                };
                let p = people.by_pronoun(gender, at, &self.speakers)?;
                Some(people.canonical(p))
            }
        }
    }
}
