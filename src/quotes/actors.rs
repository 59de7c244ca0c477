//! Who speaks and whom a statement is about, as actors of the gazetteer:
//! the speaker's state or organisation (by name, title, institution or
//! spokesperson) and the targets a quote or sentence names.
//!
//! Rules (also in `docs/dyads.md`):
//! - a speaker resolved to a person of the gazetteer speaks for that
//!   person's state or organisation, chosen by the article's date when the
//!   name is shared or the role is dated (`via: person`);
//! - otherwise the mention that attributed the quote, or the words before
//!   the speaker's first full mention ("Kremlin spokesman Dmitry Peskov"),
//!   are read for a state, capital or organisation: with a spokesperson word
//!   `via: spokesperson`, with a title ("president", "secretary general")
//!   `via: title`, alone or with an institution word ("ministry", "Ankara")
//!   `via: institution`;
//! - targets are the states and organisations named in the quote's context
//!   (the quote, or its sentence for a partial quote), one per code, first
//!   mention, without the speaker's own code; persons count for their state;
//! - a statement naming no one takes the *counterpart* of the article: when
//!   the first body paragraph reports a meeting, talks or a call ("met",
//!   "talks", "telephone conversation", "visit", ...) and names exactly one
//!   state or organisation besides the speaker's, that one, with
//!   `inferred: true`; otherwise none.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::actors::{Actor, ActorKind, Gazetteer};
use crate::corpus::Article;

use super::offices::*;

/// Whether an actor code is a state or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    /// A state (an ISO 3166 alpha-3 code).
    State,
    /// An international organisation or bloc (`NATO`, `EU`, `UN`).
    Organisation,
}

/// How a speaker was tied to an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// A named office-holder of the gazetteer ("Tokayev").
    Person,
    /// A title with a state or organisation ("the Kazakh president").
    Title,
    /// A capital, seat or body speaking as such ("Ankara said", "China's foreign ministry").
    Institution,
    /// A spokesperson ("a Kremlin spokesman").
    Spokesperson,
}

/// The state or organisation a speaker speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerActor {
    /// The state's or organisation's code: `KAZ`, `NATO`.
    pub code: String,
    /// Its usual name: "Kazakhstan".
    pub name: String,
    /// State or organisation.
    pub kind: Party,
    /// How the speaker was tied to it.
    pub via: Via,
}

/// A state or organisation a statement is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The state's or organisation's code: `RUS`.
    pub code: String,
    /// Its usual name: "Russia".
    pub name: String,
    /// State or organisation.
    pub kind: Party,
    /// The words that name it, as written.
    pub mention: String,
    /// Byte offset where `mention` starts in the article.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// Not named by the statement: the article's counterpart (see the module docs).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// Resolves speakers and targets to actor codes over one gazetteer. Build
/// one per run and share it across threads; a clone (one per article with
/// its own publisher, [`for_article`](Self::for_article)) shares the tables.
#[derive(Debug, Clone)]
pub struct ActorResolver<'g> {
    pub(super) gazetteer: &'g Gazetteer,
    /// Code -> (name of the state or organisation, party).
    pub(super) parties: Arc<FxHashMap<&'g str, (&'g str, Party)>>,
    /// The actor whose site or office publishes the corpus (see
    /// [`with_publisher`](Self::with_publisher)).
    pub(super) publisher: Option<&'g str>,
    /// Persons of the gazetteer whose name has a middle initial, by their
    /// first and last name, lowercase: "franklin roosevelt" for Franklin D.
    /// Roosevelt (see [`without_middle_initials`]).
    pub(super) by_first_last: Arc<FxHashMap<String, Vec<u32>>>,
    /// Persons by their last name, lowercase, built on first use (see
    /// [`label_person`](Self::label_person)).
    pub(super) by_last: Arc<std::sync::OnceLock<FxHashMap<String, Vec<u32>>>>,
}

/// "franklin roosevelt" for "Franklin D. Roosevelt": the first and last
/// words of a name of three or more whose middle words are all initials.
pub(super) fn without_middle_initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let [first, middle @ .., last] = words.as_slice() else {
        return None;
    };
    let initial = |w: &&str| w.trim_end_matches('.').chars().count() == 1;
    (!middle.is_empty() && middle.iter().all(initial))
        .then(|| format!("{} {}", first.to_lowercase(), last.to_lowercase()))
}

/// Who an article's opening paragraph reports meeting or calling.
#[derive(Debug, Clone, Default)]
pub struct Counterparts {
    /// Every state or organisation the first paragraph names, first mention each.
    named: Vec<Target>,
}

impl Counterparts {
    /// The one counterpart besides `speaker`, if the paragraph names exactly one.
    pub fn besides(&self, speaker: Option<&str>) -> Option<Target> {
        let mut others = self
            .named
            .iter()
            .filter(|t| Some(t.code.as_str()) != speaker);
        let one = others.next()?;
        others.next().is_none().then(|| Target {
            inferred: true,
            ..one.clone()
        })
    }
}

impl<'g> ActorResolver<'g> {
    /// A resolver over `gazetteer` (its states and organisations are the
    /// codes speakers and targets resolve to), with no publisher.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        let mut parties = FxHashMap::default();
        for kind in [ActorKind::Country, ActorKind::Org] {
            for a in gazetteer.actors().iter().filter(|a| a.kind == kind) {
                let party = match kind {
                    ActorKind::Country => Party::State,
                    _ => Party::Organisation,
                };
                parties
                    .entry(a.code.as_ref())
                    .or_insert((a.name.as_ref(), party));
            }
        }
        let mut by_first_last: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (id, a) in gazetteer.actors().iter().enumerate() {
            if a.kind == ActorKind::Person
                && let Some(key) = without_middle_initials(&a.name)
                && let Ok(id) = u32::try_from(id)
            {
                by_first_last.entry(key).or_default().push(id);
            }
        }
        ActorResolver {
            gazetteer,
            parties: Arc::new(parties),
            publisher: None,
            by_first_last: Arc::new(by_first_last),
            by_last: Arc::default(),
        }
    }

    /// "SULLIVAN" of the transcript label "MR. SULLIVAN:": the one person of
    /// the gazetteer with that last name in office on `date` (a transcript
    /// names its officials by surname; a bare surname anywhere else is too
    /// common a name to look up). `None` without a date, or with none or
    /// several in office.
    pub(super) fn label_person(&self, surname: &str, date: Option<&str>) -> Option<&'g Actor> {
        let date = date?;
        let by_last = self.by_last.get_or_init(|| {
            let mut map: FxHashMap<String, Vec<u32>> = FxHashMap::default();
            for (id, a) in self.gazetteer.actors().iter().enumerate() {
                if a.kind == ActorKind::Person
                    && let Some(last) = a.name.split_whitespace().last()
                    && let Ok(id) = u32::try_from(id)
                {
                    map.entry(last.to_lowercase()).or_default().push(id);
                }
            }
            map
        });
        let mut active = by_last
            .get(&surname.to_lowercase())?
            .iter()
            .map(|&i| self.gazetteer.actor(i))
            .filter(|a| a.active_on(date));
        let one = active.next()?;
        active.next().is_none().then_some(one)
    }

    /// This resolver for a corpus published by the office of `code` (the
    /// President of Russia's site: `RUS`): an official text names its own
    /// office by title alone ("the President said", "The message said"),
    /// so a bare title or message whose person the article does not name
    /// speaks for the publisher (the publisher rule of `docs/dyads.md`).
    /// `None` if `code` is no state or organisation of the gazetteer.
    #[must_use]
    pub fn with_publisher(mut self, code: &str) -> Option<Self> {
        let (code, _) = self.parties.get_key_value(code)?;
        self.publisher = Some(code);
        Some(self)
    }

    /// A resolver over `gazetteer` with the publisher `code` when one is
    /// given (see [`with_publisher`](Self::with_publisher)): what the
    /// corpus readers (`quotes --publisher`, `dyads --source-actor`, the
    /// Python package) build.
    ///
    /// # Errors
    /// Gives back `code` when it is no state or organisation of the
    /// gazetteer, for the caller's message.
    pub fn for_publisher<'c>(
        gazetteer: &'g Gazetteer,
        code: Option<&'c str>,
    ) -> Result<Self, &'c str> {
        let resolver = ActorResolver::new(gazetteer);
        match code {
            None => Ok(resolver),
            Some(code) => resolver.with_publisher(code).ok_or(code),
        }
    }

    /// This resolver for `article`: with the article's own publisher
    /// ([`Article::publisher`], `--publisher-column`: each speech of the UN
    /// General Debate is its state's) when it has one the gazetteer knows,
    /// else this resolver as it is.
    pub fn for_article(&self, article: &Article) -> Cow<'_, Self> {
        match article.publisher.as_deref() {
            Some(code) if self.publisher != Some(code) => self
                .clone()
                .with_publisher(code)
                .map_or(Cow::Borrowed(self), Cow::Owned),
            _ => Cow::Borrowed(self),
        }
    }

    /// The speaker of "I said" in an official text that is no transcript
    /// (no paragraph opens with a speaker label): the publisher's
    /// office-holder, whose speech or address it is (`via: title`). `None`
    /// without a publisher.
    pub fn narrator(&self) -> Option<SpeakerActor> {
        self.state(self.publisher?, Via::Title)
    }

    /// The publisher set by [`with_publisher`](Self::with_publisher).
    pub fn publisher(&self) -> Option<&'g str> {
        self.publisher
    }

    /// The state or organisation a code stands for: ("Russia", State) for `RUS`.
    pub fn party(&self, code: &str) -> Option<(&'g str, Party)> {
        self.parties.get(code).copied()
    }

    /// Of the actors a mention may name, the first whose role covers `date`
    /// (undated roles always do), else the first.
    pub(super) fn pick(&self, ids: &[u32], date: Option<&str>) -> Option<&'g Actor> {
        let actors = ids.iter().map(|&i| self.gazetteer.actor(i));
        let mut dated = actors
            .clone()
            .filter(|a| date.is_none_or(|d| a.active_on(d)));
        dated.next().or_else(|| actors.clone().next())
    }

    pub(super) fn speaker_actor(&self, actor: &Actor, via: Via) -> Option<SpeakerActor> {
        self.state(&actor.code, via)
    }

    /// The speaker actor for the state or organisation `code`.
    pub(super) fn state(&self, code: &str, via: Via) -> Option<SpeakerActor> {
        let (name, kind) = self.party(code)?;
        Some(SpeakerActor {
            code: code.to_string(),
            name: name.to_string(),
            kind,
            via,
        })
    }

    /// States and organisations named in `range` of the article, one per
    /// code (first mention), without the codes in `exclude`.
    pub fn targets_in(
        &self,
        article: &str,
        range: Range<usize>,
        exclude: Option<&str>,
        date: Option<&str>,
    ) -> Vec<Target> {
        let Some(text) = article.get(range.clone()) else {
            return Vec::new();
        };
        let mut out: Vec<Target> = Vec::new();
        for (m, ids) in self.gazetteer.find_all(text) {
            let Some(actor) = self.pick(&ids, date) else {
                continue;
            };
            let code = actor.code.as_ref();
            if exclude == Some(code) || out.iter().any(|t| t.code == code) {
                continue;
            }
            let Some((name, kind)) = self.party(code) else {
                continue;
            };
            out.push(Target {
                code: code.to_string(),
                name: name.to_string(),
                kind,
                mention: text[m.start..m.end].to_string(),
                start: range.start + m.start,
                end: range.start + m.end,
                inferred: false,
            });
        }
        out
    }

    /// The states and organisations the article's first body paragraph
    /// names, when it reports a meeting, talks or a call.
    pub fn counterparts(&self, article: &str, date: Option<&str>) -> Counterparts {
        let Some((first, paragraph)) = super::sentences(article).first().cloned() else {
            return Counterparts::default();
        };
        let end = super::sentences(article)
            .iter()
            .take_while(|(_, p)| *p == paragraph)
            .last()
            .map_or(first.end, |(r, _)| r.end);
        let range = first.start..end;
        let lower = article[range.clone()].to_lowercase();
        let meeting = lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| MEETING.contains(&w));
        if !meeting {
            return Counterparts::default();
        }
        Counterparts {
            named: self.targets_in(article, range, None, date),
        }
    }
}

/// A resolver over the embedded gazetteer, for tests.
#[cfg(test)]
pub(super) fn test_resolver() -> ActorResolver<'static> {
    static G: std::sync::OnceLock<std::sync::Arc<Gazetteer>> = std::sync::OnceLock::new();
    ActorResolver::new(G.get_or_init(Gazetteer::embedded))
}

/// The speaker actor's code of the first quote of `article`, read with
/// `publisher` on `date`, for tests.
#[cfg(test)]
pub(super) fn first_speaker_code(
    article: &str,
    publisher: Option<&str>,
    date: Option<&str>,
) -> Option<String> {
    let r = match publisher {
        Some(code) => test_resolver().with_publisher(code)?,
        None => test_resolver(),
    };
    let quotes = super::extract(article);
    let triples: Vec<_> = quotes
        .iter()
        .map(|q| (q.speaker.as_deref(), q.speaker_mention.as_deref(), q.start))
        .collect();
    r.speakers_in(article, &triples, date)
        .into_iter()
        .next()
        .and_then(|(a, _)| a)
        .map(|a| a.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver() -> ActorResolver<'static> {
        test_resolver()
    }

    #[test]
    fn a_resolver_for_an_optional_publisher() {
        let g = Gazetteer::embedded();
        let none = ActorResolver::for_publisher(&g, None).map(|r| r.publisher());
        assert_eq!(none, Ok(None));
        let rus = ActorResolver::for_publisher(&g, Some("RUS")).map(|r| r.publisher());
        assert_eq!(rus, Ok(Some("RUS")));
        assert_eq!(
            ActorResolver::for_publisher(&g, Some("XYZ")).map(|r| r.publisher()),
            Err("XYZ")
        );
    }

    #[test]
    fn targets_skip_the_speaker_and_repeat_once() {
        let article = "Russia and China agree, China says, and NATO is wrong.";
        let t = resolver().targets_in(article, 0..article.len(), Some("RUS"), None);
        let codes: Vec<&str> = t.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes, ["CHN", "NATO"]);
        assert_eq!(&article[t[0].start..t[0].end], "China");
        assert_eq!(t[1].kind, Party::Organisation);
    }

    #[test]
    fn counterpart_needs_a_meeting_and_one_other_party() {
        let r = resolver();
        let met = "Vladimir Putin held talks with President of Turkey Recep Tayyip Erdogan.\n\nWe agreed.";
        let c = r.counterparts(met, Some("2016-08-09"));
        let t = c.besides(Some("RUS")).unwrap();
        assert_eq!((t.code.as_str(), t.inferred), ("TUR", true));
        let no_meeting = "Vladimir Putin spoke about Turkey.\n\nWe agreed.";
        assert!(
            r.counterparts(no_meeting, None)
                .besides(Some("RUS"))
                .is_none()
        );
        let two = "Putin met the leaders of Turkey and Iran.\n\nWe agreed.";
        assert!(r.counterparts(two, None).besides(Some("RUS")).is_none());
    }
}
