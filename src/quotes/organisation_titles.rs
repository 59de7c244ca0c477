//! "The Secretary-General said", "As the Charter says": an international
//! organisation's head or founding text known by the bare title. It is that
//! of the one organisation the article names with the title ("NATO
//! Secretary General Mark Rutte", "the Charter of the United Nations");
//! with the title qualified nowhere, the UN's, which the bare title means in
//! diplomatic text; and nobody's when the article qualifies it with several
//! organisations or with something else ("the Secretary General of the
//! Communist Party", "the Charter of Paris").

use crate::actors::ActorKind;

use super::actors::{ActorResolver, Party, Via};

/// Capitalised words before a title that qualify nothing.
const OPENERS: &[&str] = &[
    "When",
    "As",
    "If",
    "And",
    "But",
    "So",
    "Then",
    "While",
    "After",
    "Before",
    "Since",
    "Mr",
    "Madam",
    "Madame",
    "Mister",
    "Dear",
    "Today",
    "Yesterday",
];
/// Words that make the title another office.
const DEPUTIES: &[&str] = &["deputy", "under", "assistant", "under-secretary"];

/// How many bytes before the title may name its organisation ("NATO’s ").
const BEFORE: usize = 24;
/// How many bytes after it ("of the North Atlantic Treaty Organization").
const AFTER: usize = 64;

/// An organisation's title that the bare word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OrgTitle {
    /// Its head, who speaks by title.
    SecretaryGeneral = 0,
    /// Its founding text, which speaks as an institution.
    Charter = 1,
}

impl OrgTitle {
    /// How the title is written.
    pub(super) fn spellings(self) -> &'static [&'static str] {
        match self {
            OrgTitle::SecretaryGeneral => &["Secretary-General", "Secretary General"],
            OrgTitle::Charter => &["Charter"],
        }
    }

    /// How the organisation speaks through it.
    pub(super) fn via(self) -> Via {
        match self {
            OrgTitle::SecretaryGeneral => Via::Title,
            OrgTitle::Charter => Via::Institution,
        }
    }
}

/// The organisation's title `mention` is when it is the capitalised title
/// alone: "the Secretary-General", "The Secretary General",
/// "Secretary-General", "the Charter".
pub(super) fn bare_organisation_title(mention: &str) -> Option<OrgTitle> {
    let m = mention.trim();
    let m = m
        .strip_prefix("the ")
        .or_else(|| m.strip_prefix("The "))
        .unwrap_or(m);
    match m {
        "Secretary-General" | "Secretary General" => Some(OrgTitle::SecretaryGeneral),
        "Charter" => Some(OrgTitle::Charter),
        _ => None,
    }
}

impl ActorResolver<'_> {
    /// The code of the organisation whose office or text `article` means by
    /// the bare `title` (see the module's documentation).
    pub(super) fn organisation_titled(&self, article: &str, title: OrgTitle) -> Option<&str> {
        // On an organisation's own site the bare title is its own.
        if let Some(own) = self
            .publisher
            .filter(|p| matches!(self.party(p), Some((_, Party::Organisation))))
        {
            return Some(own);
        }
        let mut found: Option<&str> = None;
        let titles = title
            .spellings()
            .iter()
            .flat_map(|s| article.match_indices(s));
        for (at, title) in titles {
            let end = at + title.len();
            let before = &article[article.floor_char_boundary(at.saturating_sub(BEFORE))..at];
            let after = &article[end..article.ceil_char_boundary(end + AFTER)];
            // The capitalised words right before the title ("NATO" of
            // "Trump and NATO Secretary General"), back to "the" or a stop.
            let before = before
                .rsplit(['.', ',', ';', ':', '\n', '“', '"', '('])
                .next()
                .unwrap_or("");
            let words: Vec<&str> = before.split_whitespace().collect();
            let run = words
                .iter()
                .rev()
                .take_while(|w| w.starts_with(char::is_uppercase) && **w != "The")
                .count();
            let mut start = words.len() - run;
            // "When Secretary-General Guterres", "Mr Secretary-General": an
            // opener or an address, no qualifier.
            while start < words.len() && OPENERS.contains(&words[start].trim_end_matches('.')) {
                start += 1;
            }
            // "Deputy Secretary-General": another office.
            if words[start..]
                .last()
                .is_some_and(|w| DEPUTIES.contains(&w.to_lowercase().as_str()))
            {
                continue;
            }
            let before = words[start..].join(" ");
            let before = before.as_str();
            let of = after
                .strip_prefix(" of ")
                .map(|rest| rest.split([',', '.', ';', ':', '\n']).next().unwrap_or(""));
            for qualifier in [Some(before), of].into_iter().flatten() {
                let qualifier = qualifier.trim();
                let qualifier = qualifier.strip_prefix("the ").unwrap_or(qualifier);
                if qualifier.is_empty() || !qualifier.starts_with(char::is_uppercase) {
                    continue;
                }
                let Some(code) = self.organisation_in(qualifier) else {
                    return None; // "of the Communist Party", "Deputy"
                };
                if found.is_some_and(|f| f != code) {
                    return None;
                }
                found = Some(code);
            }
        }
        found.or_else(|| self.unqualified(article))
    }

    /// The organisation a title qualified nowhere in `article` belongs to:
    /// the UN when the article names it, else the one organisation it names
    /// ("NATO chief Jens Stoltenberg ... the Secretary General said"), else
    /// nobody (the UN is not assumed in text about NATO and the EU), and
    /// the UN when it names none (a speech to the General Assembly).
    fn unqualified(&self, article: &str) -> Option<&str> {
        let mut named: Vec<&str> = Vec::new();
        for (_, ids) in self.gazetteer.find_all(article) {
            for &i in &ids {
                let actor = self.gazetteer.actor(i);
                if actor.kind != ActorKind::Org {
                    continue;
                }
                let code = actor.code.as_ref();
                if let Some((k, (_, Party::Organisation))) = self.parties.get_key_value(code)
                    && !named.contains(k)
                {
                    named.push(k);
                }
            }
        }
        match named.as_slice() {
            [] => self.parties.get_key_value("UN").map(|(k, _)| *k),
            [one] => Some(one),
            many => many.iter().find(|c| **c == "UN").copied(),
        }
    }

    /// The organisation `words` name, if they name one and nothing else.
    fn organisation_in(&self, words: &str) -> Option<&str> {
        let found = self.gazetteer.find_all(words);
        let [(_, ids)] = found.as_slice() else {
            return None;
        };
        let actor = ids
            .iter()
            .map(|&i| self.gazetteer.actor(i))
            .find(|a| a.kind == ActorKind::Org)?;
        match self.party(&actor.code)? {
            (_, Party::Organisation) => self
                .parties
                .get_key_value(actor.code.as_ref())
                .map(|(k, _)| *k),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::actors::test_resolver as resolver;
    use super::*;

    const SG: OrgTitle = OrgTitle::SecretaryGeneral;

    #[test]
    fn the_bare_title_is_the_capitalised_title_alone() {
        assert_eq!(bare_organisation_title("the Secretary-General"), Some(SG));
        assert_eq!(bare_organisation_title("The Secretary General"), Some(SG));
        assert_eq!(
            bare_organisation_title("the Charter"),
            Some(OrgTitle::Charter)
        );
        assert_eq!(bare_organisation_title("the secretary general"), None);
        assert_eq!(bare_organisation_title("NATO Secretary General"), None);
    }

    #[test]
    fn the_charter_is_the_organisation_s_the_article_names_with_it() {
        let r = resolver();
        let of = |article: &str| {
            r.organisation_titled(article, OrgTitle::Charter)
                .map(str::to_string)
        };
        assert_eq!(of("As the Charter says"), Some("UN".into()));
        assert_eq!(
            of("the NATO Charter. As the Charter says"),
            Some("NATO".into())
        );
        assert_eq!(of("the Charter of Paris. As the Charter says"), None);
    }

    #[test]
    fn the_organisation_the_article_names_with_the_title() {
        let r = resolver();
        let of = |article: &str| r.organisation_titled(article, SG).map(str::to_string);
        assert_eq!(
            of(
                "Remarks by President Trump and NATO Secretary General Mark Rutte. The Secretary General said"
            ),
            Some("NATO".into())
        );
        assert_eq!(
            of(
                "He met the Secretary-General of the United Nations. Later the Secretary-General said"
            ),
            Some("UN".into())
        );
        assert_eq!(of("As the Secretary-General has said"), Some("UN".into()));
        // Openers, addresses and deputies qualify nothing.
        assert_eq!(
            of(
                "When Secretary-General Antonio Guterres arrived, Mr Secretary-General was thanked. \
                Deputy Secretary-General Amina Mohammed spoke. The Secretary-General said"
            ),
            Some("UN".into())
        );
        // Unqualified in text about other organisations: theirs, or nobody's.
        assert_eq!(
            of("NATO chief Jens Stoltenberg met EU leaders. The Secretary General said"),
            None
        );
        assert_eq!(
            of("NATO chief Jens Stoltenberg spoke. The Secretary General said"),
            Some("NATO".into())
        );
        let nato = resolver().with_publisher("NATO").unwrap();
        assert_eq!(
            nato.organisation_titled("The Secretary General said", SG),
            Some("NATO")
        );
        // Two organisations, or a party's: nobody's.
        assert_eq!(
            of(
                "NATO Secretary General Rutte and UN Secretary-General Guterres. The Secretary-General said"
            ),
            None
        );
        assert_eq!(
            of(
                "Xi, the Secretary General of the Communist Party, spoke. The Secretary General said"
            ),
            None
        );
        // Multi-byte text around the title; a capitalised word before it
        // that names no organisation makes it nobody's.
        assert_eq!(of("«Генеральный» Secretary-General «»"), None);
        assert_eq!(of("Генеральный секретарь ООН Secretary-General"), None);
        assert_eq!(of("Secretary-General «»"), Some("UN".into()));
    }
}
