//! People: who the narrative names, how it describes them, and coreference (names, pronouns, descriptions).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::*;

#[derive(Debug, Default)]
pub(super) struct Person {
    /// The fullest form of the name seen, word by word.
    pub(super) name: Vec<String>,
    pub(super) roles: Vec<String>,
    pub(super) affiliations: Vec<String>,
    pub(super) nationality: Option<&'static str>,
    pub(super) age: Option<u32>,
    pub(super) gender: Option<Gender>,
    /// Offsets where the person is mentioned, in text order.
    pub(super) sightings: Vec<usize>,
}

#[derive(Debug, Default)]
pub(super) struct People {
    pub(super) persons: Vec<Person>,
    /// Every sighting as (offset, person, subject), in text order.
    pub(super) timeline: BTreeSet<(usize, usize, bool)>,
    /// Persons by the last word of their name.
    pub(super) by_surname: FxHashMap<String, Vec<usize>>,
    /// Generic subjects of stories ("A young soldier is asked"), in text
    /// order, each with the end of its block: a "he" of that block after it
    /// means them, not a person named before.
    pub(super) story: Vec<(StoryPerson, usize)>,
}

/// Quotes attributed so far, as (offset of the mention, person).
pub(super) type Speakers = BTreeSet<(usize, usize)>;

/// How many mentions back a pronoun or a description may reach. Walking
/// back a bounded number of mentions, instead of over every person of the
/// text, is what keeps attribution linear in the length of the text.
pub(super) const REACH: usize = 2_000;
/// How far back, in bytes, a "he" or "she" may find the person it means:
/// about a page. Past that, a pronoun of a retold story more likely means
/// someone the narrative never named than a subject pages before. (3,000
/// scored one quote better on each hand-checked corpus but lost the subject
/// of a long profile whose sentences all open with "He".)
pub(super) const PRONOUN_BYTES: usize = 6_000;
/// How near, in bytes, a person named as no subject must be for a "he" or
/// "she" with no subject to refer to to mean them: about two sentences.
pub(super) const NEAR_BYTES: usize = 400;
/// How many distinct persons a description chooses among, most recent first.
pub(super) const RECENT_PERSONS: usize = 64;

impl People {
    pub(super) fn collect(article: &str, blocks: &[Block], spans: &[Span]) -> People {
        // The narrative: stretches of body text between quotes, as (tokens,
        // opens its block). Names inside a quote are the speaker's subject.
        let mut narrative = Vec::new();
        let mut rest = spans;
        for (b, block) in blocks.iter().enumerate() {
            let count = rest.iter().take_while(|s| s.block == b).count();
            let (in_block, after) = rest.split_at(count);
            rest = after;
            let mut from = block.range.start;
            for span in in_block {
                narrative.push((
                    tokenize(article, from..span.open),
                    from == block.range.start,
                    block.range.end,
                ));
                from = span.end();
            }
            narrative.push((
                tokenize(article, from..block.range.end),
                from == block.range.start,
                block.range.end,
            ));
        }
        let runs: Vec<NameRun> = narrative
            .iter()
            .flat_map(|(tokens, opens, _)| name_runs(tokens, *opens))
            .collect();
        let mut people = People::default();
        if let Some(h) = headline(article) {
            let (subject, others) = headline_people(article, h);
            if let Some(run) = subject {
                people.add(&run);
            }
            for run in &others {
                people.add(run);
            }
        }
        let (persons, others): (Vec<_>, Vec<_>) = runs.into_iter().partition(NameRun::is_person);
        for run in &persons {
            people.add(run);
        }
        // A bare surname is a later mention of someone already named in full.
        for run in &others {
            if let [surname] = run.name.as_slice()
                && let Some(p) = people.by_name(std::slice::from_ref(surname), run.at)
            {
                people.sight(p, run.at, run.subject);
            }
        }
        for (tokens, opens_block, block_end) in &narrative {
            let story = story_people(tokens, *opens_block);
            people
                .story
                .extend(story.into_iter().map(|p| (p, *block_end)));
            people.sight_described_subjects(tokens, *opens_block);
            people.sight_office_subjects(tokens, *opens_block);
        }
        people
    }

    /// "The German leader struck a cautious tone": a description as the
    /// subject makes its person the one a following "he" means.
    fn sight_described_subjects(&mut self, tokens: &[Token], opens_block: bool) {
        for s in 0..tokens.len() {
            let starts_sentence = if s == 0 {
                opens_block
            } else {
                ends_sentence(tokens, s - 1)
            };
            if !starts_sentence || tokens[s].lower() != "the" {
                continue;
            }
            let Some(mention) = mention_after(tokens, s) else {
                continue;
            };
            let Referent::Description(description) = &mention.referent else {
                continue;
            };
            let verb_follows = tokens[s..]
                .iter()
                .find(|t| t.start >= mention.range.end)
                .is_some_and(|t| t.is_word() && !t.is_capitalized());
            if verb_follows
                && let Some(p) =
                    self.by_description(description, mention.range.start, &BTreeSet::new())
            {
                self.sight(p, mention.range.start, true);
            }
        }
    }

    /// "The Federal Security Service Director was reporting": an office
    /// holder as a subject is a person seen before who fits it, or else a
    /// person known by the description alone (see [`office_subjects`]).
    fn sight_office_subjects(&mut self, tokens: &[Token], opens_block: bool) {
        for office in office_subjects(tokens, opens_block) {
            let at = office.at;
            if self
                .timeline
                .range((at, 0, false)..=(at, usize::MAX, true))
                .next()
                .is_some()
            {
                continue;
            }
            let description = Description {
                head: office.head.clone(),
                nationality: office.nationality,
                affiliation: None,
                age: None,
            };
            let seen = if office.unknown_state {
                None
            } else {
                self.by_description(&description, at, &BTreeSet::new())
            };
            let p = seen.unwrap_or_else(|| {
                self.persons.push(Person {
                    name: office.words,
                    roles: vec![office.head],
                    nationality: office.nationality,
                    ..Person::default()
                });
                self.persons.len() - 1
            });
            self.sight(p, at, true);
        }
    }

    pub(super) fn add(&mut self, run: &NameRun) {
        let same = |p: &Person| p.name.ends_with(&run.name) || run.name.ends_with(&p.name);
        let surname = run.name.last().cloned().unwrap_or_default();
        let found = self
            .latest(&surname, same, run.at)
            .or_else(|| self.family_name_first(&run.name, run.at));
        let index = match found {
            Some(i) => i,
            None => {
                self.persons.push(Person::default());
                let i = self.persons.len() - 1;
                self.by_surname.entry(surname).or_default().push(i);
                i
            }
        };
        let person = &mut self.persons[index];
        if run.name.len() > person.name.len() {
            person.name.clone_from(&run.name);
        }
        for role in &run.roles {
            if !person.roles.contains(role) {
                person.roles.push(role.clone());
            }
        }
        for affiliation in &run.affiliations {
            if !person.affiliations.contains(affiliation) {
                person.affiliations.push(affiliation.clone());
            }
        }
        person.nationality = person.nationality.or(run.nationality);
        person.age = person.age.or(run.age);
        person.gender = person.gender.or(run.gender);
        self.sight(index, run.at, run.subject);
    }

    /// Records that person `p` is mentioned at `at`, keeping its sightings in
    /// text order (lookups find the last one before an offset by bisection).
    pub(super) fn sight(&mut self, p: usize, at: usize, subject: bool) {
        let sightings = &mut self.persons[p].sightings;
        let k = sightings.partition_point(|&s| s <= at);
        sightings.insert(k, at);
        self.timeline.insert((at, p, subject));
    }

    /// Of the persons with this last name word that `accept`, the one seen
    /// last before `at` (or else the first seen). Every name a lookup can
    /// match ends with the same word, so only those persons are read: a
    /// lookup costs the same at the start and at the end of a long text.
    pub(super) fn latest(
        &self,
        surname: &str,
        accept: impl Fn(&Person) -> bool,
        at: usize,
    ) -> Option<usize> {
        let ids = self.by_surname.get(surname).map_or(&[][..], Vec::as_slice);
        let candidates = || ids.iter().copied().filter(|&i| accept(&self.persons[i]));
        let seen_before = |i: usize| {
            let s = &self.persons[i].sightings;
            s.partition_point(|&s| s < at).checked_sub(1).map(|k| s[k])
        };
        candidates()
            .filter_map(|i| Some((seen_before(i)?, i)))
            .max()
            .map(|(_, i)| i)
            .or_else(|| candidates().next())
    }

    /// The person a name refers to; a surname or a partial name matches the
    /// full one. A single word no name ends with may be a family name
    /// written first ("Mr Hu" for Hu Jintao): among the persons recently
    /// seen, one whose name of two or more words begins with it.
    pub(super) fn by_name(&self, words: &[String], at: usize) -> Option<usize> {
        self.by_ending(words, at)
            .or_else(|| self.family_name_first(words, at))
    }

    /// "Hu" for Hu Jintao: a recently seen person whose name of two or more
    /// words begins with the single word of `words`, when that word is a
    /// family name of a tradition that writes it first (Chinese, Korean,
    /// Vietnamese): "Mr Martin" is not Martin Schulz.
    fn family_name_first(&self, words: &[String], at: usize) -> Option<usize> {
        let [word] = words else { return None };
        if !writes_family_name_first(word) {
            return None;
        }
        self.recent(at, &Speakers::new())
            .into_iter()
            .find(|&i| self.persons[i].name.len() >= 2 && &self.persons[i].name[0] == word)
    }

    fn by_ending(&self, words: &[String], at: usize) -> Option<usize> {
        (1..=words.len()).rev().find_map(|n| {
            let tail = &words[words.len() - n..];
            let whole = n == words.len();
            self.latest(
                words.last()?,
                |p| p.name.ends_with(tail) || (whole && tail.ends_with(&p.name)),
                at,
            )
        })
    }

    /// The last person before `at` named as a subject or as a speaker,
    /// within the last [`REACH`] mentions.
    pub(super) fn by_pronoun(
        &self,
        gender: Gender,
        at: usize,
        speakers: &Speakers,
    ) -> Option<usize> {
        let fits = |i: usize| self.persons[i].gender.is_none_or(|g| g == gender);
        let subject = self
            .timeline
            .range(..(at, 0, false))
            .rev()
            .take(REACH)
            .find(|&&(_, i, subject)| subject && fits(i))
            .map(|&(a, i, _)| (a, i));
        let spoken = speakers
            .range(..(at, 0))
            .rev()
            .take(REACH)
            .find(|&&(_, i)| fits(i))
            .copied();
        let found = subject.max(spoken);
        let found = found.filter(|&(a, _)| at - a <= PRONOUN_BYTES);
        if self.in_story(gender, at, found.map_or(0, |(a, _)| a)) {
            return None;
        }
        found.map(|(_, i)| i)
    }

    /// With no subject for a "he" or "she" at `at` to mean: a person just
    /// named in any role, since `from` (this paragraph or the one before) and within
    /// [`NEAR_BYTES`] ("I talked to Andrii Yermak, and he gave me a report"),
    /// but not the object of a preposition ("a letter addressed to Vladimir
    /// Putin", "the home of Senator Ted Cruz"), who is seldom who speaks next.
    pub(super) fn named_near(
        &self,
        article: &str,
        gender: Gender,
        at: usize,
        from: usize,
    ) -> Option<usize> {
        let (seen, i) = self
            .timeline
            .range(..(at, 0, false))
            .rev()
            .take_while(|&&(a, _, _)| a >= from && at - a <= NEAR_BYTES)
            .find(|&&(a, i, _)| {
                self.persons[i].gender.is_none_or(|g| g == gender)
                    && !after_a_preposition(article, a)
            })
            .map(|&(a, i, _)| (a, i))?;
        // "A young soldier is asked …, he says": the story's subject.
        (!self.in_story(gender, at, seen)).then_some(i)
    }

    /// Whether a story's generic subject ("the old man"), introduced after
    /// `since` in the paragraph of `at`, is who "he" or "she" at `at` means.
    pub(super) fn in_story(&self, gender: Gender, at: usize, since: usize) -> bool {
        let story = self.story[..self.story.partition_point(|(p, _)| p.at < at)]
            .iter()
            .rev()
            .find(|(p, _)| p.gender.is_none_or(|g| g == gender));
        story.is_some_and(|(p, block_end)| at < *block_end && since < p.at)
    }

    /// Distinct persons seen (named, or quoted as speakers) before `at`, the
    /// most recent first: at most [`RECENT_PERSONS`], within [`REACH`] mentions.
    pub(super) fn recent(&self, at: usize, speakers: &Speakers) -> Vec<usize> {
        let mut named = self
            .timeline
            .range(..(at, 0, false))
            .rev()
            .map(|&(a, i, _)| (a, i))
            .peekable();
        let mut spoken = speakers.range(..(at, 0)).rev().copied().peekable();
        let mut order = Vec::new();
        for _ in 0..REACH {
            let next = match (named.peek(), spoken.peek()) {
                (Some(n), Some(s)) if n >= s => named.next(),
                (Some(_), None) => named.next(),
                _ => spoken.next(),
            };
            let Some((_, i)) = next else { break };
            if !order.contains(&i) {
                order.push(i);
                if order.len() == RECENT_PERSONS {
                    break;
                }
            }
        }
        order
    }

    /// The most recent person before `at` that fits the description; a
    /// nationality the article never gave is accepted only if nobody fits better.
    pub(super) fn by_description(
        &self,
        description: &Description,
        at: usize,
        speakers: &Speakers,
    ) -> Option<usize> {
        let Description {
            head,
            nationality,
            affiliation,
            age,
        } = description;
        let recent = self.recent(at, speakers);

        let fits = |p: &Person, strict: bool| {
            let role_fits = match age {
                Some(years) => p.age == Some(*years),
                None => {
                    // "the German leader" may be a chancellor or a president.
                    let covered = ROLE_SYNONYMS.value(head);
                    p.roles.iter().any(|r| match covered {
                        Some(roles) => roles.split(',').any(|role| role == r),
                        None => r == head,
                    })
                }
            };
            let nation_fits = match (nationality, p.nationality) {
                (Some(wanted), Some(known)) => *wanted == known,
                (Some(_), None) => !strict,
                (None, _) => true,
            };
            let affiliation_fits = affiliation
                .as_ref()
                .is_none_or(|a| p.affiliations.contains(a));
            role_fits && nation_fits && affiliation_fits
        };
        [true, false].into_iter().find_map(|strict| {
            recent
                .iter()
                .copied()
                .find(|&i| fits(&self.persons[i], strict))
        })
    }

    pub(super) fn canonical(&self, index: usize) -> String {
        self.persons[index].name.join(" ")
    }
}

/// Whether the name at `at` follows a preposition, over its titles: "to
/// Vladimir Putin", "of Senator Ted Cruz", "of Queen Elizabeth"; not after
/// a comma, where it is in apposition.
fn after_a_preposition(article: &str, at: usize) -> bool {
    let floor = article.ceil_char_boundary(at.saturating_sub(60));
    let before = &article[floor..at];
    // "the former Secretary of State, Madeleine Albright": an apposition.
    if before.trim_end().ends_with(',') {
        return false;
    }
    let word = before
        .split_whitespace()
        .rev()
        .find(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            !(is_role(&w) || is_title(&w) || MODIFIERS.contains(&w))
        })
        .map(str::to_lowercase);
    word.is_some_and(|w| PREPOSITIONS.contains(&w))
}

/// Prepositions whose object is a person spoken of, not to.
static PREPOSITIONS: Words =
    Words::new("to of from for at near about against by on in into behind");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surname_and_description_resolve_to_the_full_name() {
        let article = "Germany's chancellor Olaf Scholz, 66, spoke in Berlin.\n\n\
                       \"We are ready,\" Scholz said. \"We will act,\" the chancellor added.\n\n\
                       \"Nobody doubts it,\" said the 66-year-old.";
        let speakers: Vec<_> = extract(article).into_iter().map(|q| q.speaker).collect();
        assert_eq!(speakers, vec![Some("Olaf Scholz".to_string()); 3]);
    }

    #[test]
    fn the_headline_tells_who_the_president_is() {
        let body = "During the meeting, Mr Putin spoke of Latvia.\n\n\
                    \"We have plenty of resources,\" the President said.";
        assert_eq!(extract(body)[0].speaker, None);
        let article = format!("President Vladimir Putin met with Janis Jurkans\n\n{body}");
        let q = &extract(&article)[0];
        assert_eq!(q.speaker.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn a_person_the_headline_addresses_is_not_its_subject() {
        let article = "Congratulations to President of Italy Giorgio Napolitano\n\n\
                       \"Your experience will help,\" the President said.";
        assert_eq!(extract(article)[0].speaker, None);
    }

    #[test]
    fn a_person_the_headline_names_later_is_known_by_name() {
        let article = "President Vladimir Putin met with President of Italy Giorgio Napolitano\n\n\
                       Mr Napolitano, for his part, said that the \"joint celebrations\" matter.\n\n\
                       \"We agree,\" the President said.";
        let quotes = extract(article);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Giorgio Napolitano"));
        // By name only: "the President" is still the headline's subject.
        assert_eq!(quotes[1].speaker.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn a_family_name_written_first() {
        let article = "Dmitry Medvedev met with President of China Hu Jintao.\n\n\
                       Mr Hu, for his part, said that the \"joint celebrations\" matter.";
        assert_eq!(extract(article)[0].speaker.as_deref(), Some("Hu Jintao"));
        // A given name is no family name: Mr Martin is someone else.
        let article = "Martin Schulz visited Moscow on Monday.\n\n\
                       \"We need a ceasefire,\" Mr Martin told reporters.";
        assert_ne!(
            extract(article)[0].speaker.as_deref(),
            Some("Martin Schulz")
        );
    }

    #[test]
    fn a_question_s_auxiliary_is_no_name() {
        // "Is Russia" is no person, so "He" goes back to the chancellor.
        let article = "Chancellor Olaf Scholz spoke first. Is Russia ready? \
                       He says it is \"not ready at all\".";
        assert_eq!(extract(article)[0].speaker.as_deref(), Some("Olaf Scholz"));
        // The subject of a question is who "he" means next.
        let article = "Olaf Scholz spoke first. Did Emmanuel Macron like it? \
                       He asked, \"Where is the cake?\"";
        assert_eq!(
            extract(article)[0].speaker.as_deref(),
            Some("Emmanuel Macron")
        );
        // "Will Scholz come?": the auxiliary opens the question, Scholz is the name.
        let article = "Olaf Scholz spoke. Will Scholz come? He said: \"Maybe.\"";
        assert_eq!(extract(article)[0].speaker.as_deref(), Some("Olaf Scholz"));
    }

    #[test]
    fn auxiliaries_are_names_outside_questions() {
        // "May", "Can", "Will" are family and first names.
        for (article, who) in [
            ("\"We will leave the EU,\" said Theresa May.", "Theresa May"),
            ("Theresa May said: \"Brexit means Brexit.\"", "Theresa May"),
            ("\"We will leave the EU,\" Theresa May said.", "Theresa May"),
            ("\"Press freedom matters,\" said Can Dundar.", "Can Dundar"),
        ] {
            assert_eq!(
                extract(article)[0].speaker.as_deref(),
                Some(who),
                "{article}"
            );
        }
    }

    #[test]
    fn pronoun_without_antecedent_is_unknown() {
        let q = &extract("\"We are ready,\" he said.")[0];
        assert_eq!(
            (q.speaker.as_deref(), q.speaker_mention.as_deref()),
            (None, Some("he"))
        );
    }

    #[test]
    fn a_pronoun_with_no_subject_means_a_person_just_named() {
        let article = "I talked to my counterpart, Andrii Yermakk, and he gave me a report. \
                       He said, “It is worse than Bucha.”";
        assert_eq!(speakers(article)[0].as_deref(), Some("Andrii Yermakk"));
        // "Secretary of State" names an office, not a person called State.
        let article = "During the ceremony, the former Secretary of State, Madeleine \
                       Albrightt, made this statement — she said, “We stand together.”";
        assert_eq!(speakers(article)[0].as_deref(), Some("Madeleine Albrightt"));
    }

    #[test]
    fn a_person_spoken_of_after_a_preposition_is_not_who_speaks_next() {
        let article = "The letter was addressed to Vladimir Putinn. In it, he wrote: \
                       “I ask you to end this war.”";
        assert_eq!(speakers(article)[0], None);
        let article = "Police arrested a man near the home of Senator Ted Cruzz. \
                       He told officers: “I did nothing wrong.”";
        assert_eq!(speakers(article)[0], None);
    }

    #[test]
    fn a_pronoun_reaches_back_a_page_only() {
        let filler = "Nothing much happened in the city that day. ".repeat(150);
        let article = format!("Olaf Scholzz arrived.\n\n{filler}\n\nHe said, “We agree.”");
        assert_eq!(speakers(&article)[0], None);
        let short = "Nothing much happened in the city that day. ".repeat(8);
        let article = format!("Olaf Scholzz arrived.\n\n{short}He said, “We agree.”");
        assert_eq!(speakers(&article)[0].as_deref(), Some("Olaf Scholzz"));
    }

    #[test]
    fn pronoun_skips_a_person_of_the_other_gender() {
        let article =
            "Mr Scholz arrived first. Ms Baerbock followed him.\n\n\"We agree,\" he said.";
        assert_eq!(extract(article)[0].speaker.as_deref(), Some("Scholz"));
    }
}
