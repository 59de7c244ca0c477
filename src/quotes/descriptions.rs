//! Speakers known by a description: "the Kazakh president", "a Kremlin
//! spokesman", "China's foreign ministry", "Ankara", "NATO's statement": the
//! actor the words name, and how it speaks.

use crate::actors::ActorKind;

use super::actors::{ActorResolver, Party, SpeakerActor, Via};
use super::offices::*;

impl ActorResolver<'_> {
    /// "the Kazakh president", "a Kremlin spokesman", "China's foreign
    /// ministry", "Ankara", "NATO's secretary general": the last actor the
    /// words name, and how.
    pub fn description(&self, words: &str, date: Option<&str>) -> Option<SpeakerActor> {
        let words = without_portfolio(words);
        let found = self.gazetteer.find_all(words);
        let (mention, ids) = found.last()?;
        let actor = self.pick(ids, date)?;
        if actor.kind == ActorKind::Person {
            // "Trump's son", "the president's wife": a relative or friend of an
            // office-holder speaks for no state.
            let relative = words[mention.end..]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| RELATIVES.contains(&w.to_lowercase().as_str()));
            return if relative {
                None
            } else {
                self.speaker_actor(actor, Via::Person)
            };
        }
        let lower = words.to_lowercase();
        let has = |list: &[&str]| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| list.contains(&w))
        };
        let via = if has(SPOKES) {
            Via::Spokesperson
        } else if has(TITLES) {
            Via::Title
        } else {
            Via::Institution
        };
        // The actor must head the phrase or qualify its title: nothing but
        // title and institution words may follow it ("Ankara said", not
        // "the man from Ankara's market").
        let rest = &words[mention.end..];
        // A text it issues: an organisation's ("the UN Charter") or a
        // possessor's ("Russia's letter"); "the China report" may be anyone's.
        let issues = rest.starts_with(['’', '\''])
            || matches!(self.party(&actor.code), Some((_, Party::Organisation)));
        let office_word = |w: &str| {
            let w = w.to_lowercase();
            w == "s"
                || w == "and"
                || SPOKES.contains(&w.as_str())
                || TITLES.contains(&w.as_str())
                || INSTITUTIONS.contains(&w.as_str())
                || COLLEAGUES.contains(&w.as_str())
                || MODIFIERS.contains(&w.as_str())
                || (issues
                    && (OWN_DOCUMENTS.contains(&w.as_str()) || ADOPTED_TEXTS.contains(&w.as_str())))
        };
        let words: Vec<&str> = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // The office's words, then maybe the holder's name ("Britain's
        // Foreign Secretary Lord Halifax"): capitalised words after a title.
        let office = words.iter().take_while(|w| office_word(w)).count();
        let titled = words[..office]
            .iter()
            .any(|w| TITLES.contains(&w.to_lowercase().as_str()));
        let named = titled
            && words[office..]
                .iter()
                .all(|w| w.starts_with(char::is_uppercase));
        let qualifies = office == words.len() || named;
        qualifies.then(|| self.speaker_actor(actor, via)).flatten()
    }
}

/// "The US Special Envoy for Ukraine", "the UN High Commissioner for
/// Refugees": the words before the office's portfolio, which names what the
/// office deals with, not whom it serves.
fn without_portfolio(words: &str) -> &str {
    words
        .match_indices(" for ")
        .find(|&(i, _)| {
            let title = words[..i].rsplit(' ').next().unwrap_or("").to_lowercase();
            TITLES.contains(&title.as_str())
        })
        .map_or(words, |(i, _)| &words[..i])
}

#[cfg(test)]
mod tests {
    use super::super::actors::test_resolver;

    #[test]
    fn an_office_s_portfolio_is_not_whom_it_serves() {
        let r = test_resolver();
        let code = |words: &str| r.description(words, Some("2020-01-01")).map(|a| a.code);
        assert_eq!(
            code("The United Nations High Commissioner for Refugees").as_deref(),
            Some("UN")
        );
        assert_eq!(
            code("The US Special Envoy for Ukraine").as_deref(),
            Some("USA")
        );
        assert_eq!(
            code("The UN Special Envoy for Syria").as_deref(),
            Some("UN")
        );
    }
}
