//! The office a speaker's name is given in the article: the words before
//! its first mention ("Kremlin spokesman Dmitry Peskov"), an apposition
//! ("the Ukrainian Chief of Staff, Andrii Yermak"), a gloss in brackets
//! ("Mr Zorkin [President of the Constitutional Court]"), the publisher's
//! own officials named by a bare office, and a state that opens a name the
//! gazetteer does not know ("President of Bulgaria Rumen Radev").

use crate::actors::ActorKind;

use super::offices::*;
use super::{ActorResolver, SpeakerActor, Via};

/// Words that end the clause of an office said of someone ("an advisor to
/// the Kremlin when it comes to cyber issues").
const CLAUSE_ENDS: &[&str] = &[
    "when",
    "which",
    "that",
    "who",
    "whom",
    "whose",
    "while",
    "but",
    "and",
    "since",
    "until",
    "because",
    "after",
    "before",
    "during",
    "if",
    "on",
    "about",
    "regarding",
    "towards",
    "toward",
];

/// How many words after a determiner an office phrase's title may stand at
/// ("the Ukrainian Chief of Staff", "Prime Minister in the Soviet Government").
const TITLE_WITHIN: usize = 3;

/// Where the words before `end` start: after the last delimiter (full stop,
/// newline, comma, semicolon, colon, quote mark, bracket, dash) within
/// `reach` bytes, or `reach` bytes back.
fn clause_start(article: &str, end: usize, reach: usize) -> usize {
    let floor = article.ceil_char_boundary(end.saturating_sub(reach));
    article[floor..end]
        .rfind(['.', '\n', ',', ';', ':', '"', '“', '(', '—'])
        .map_or(floor, |i| {
            let delimiter = article[floor + i..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            floor + i + delimiter
        })
}

impl ActorResolver<'_> {
    /// "Andrei Krutskikh is an advisor to the Kremlin when …", "Alexei
    /// Kosygin, who was Prime Minister in the Soviet Government": an office
    /// said of the name's first mention (ending at `end`) with "is" or
    /// "was", up to the end of the clause; it needs a title word.
    pub(super) fn office_said_of(
        &self,
        article: &str,
        end: usize,
        date: Option<&str>,
    ) -> Option<SpeakerActor> {
        let rest = &article[end..article.floor_char_boundary(end + 160)];
        let rest = rest
            .strip_prefix(", who ")
            .or_else(|| rest.strip_prefix(" "))?;
        let rest = ["is ", "was ", "has been ", "had been "]
            .iter()
            .find_map(|verb| rest.strip_prefix(verb))?;
        let clause = &rest[..rest
            .find(['.', ',', ';', ':', '(', '“', '"', '—', '\n'])
            .unwrap_or(rest.len())];
        let mut words = Vec::new();
        for word in clause.split_whitespace() {
            if CLAUSE_ENDS.contains(&word.to_lowercase().as_str()) {
                break;
            }
            words.push(word);
        }
        self.office_phrase(&words.join(" "), date)
    }

    /// The state of an office phrase said of a person elsewhere than right
    /// before the name: a title word opens it (after a determiner), it is
    /// not a former office, and no person it names is taken for the office
    /// ("a critic of President Emmanuel Macron", "due to meet President Xi").
    fn office_phrase(&self, phrase: &str, date: Option<&str>) -> Option<SpeakerActor> {
        let lower: Vec<String> = phrase
            .split_whitespace()
            .map(|w| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                super::words::without_possessive(&w).to_string()
            })
            .collect();
        let determiner = lower.first().is_some_and(|w| {
            matches!(
                w.as_str(),
                "a" | "an" | "the" | "our" | "his" | "her" | "my" | "their"
            )
        });
        let rest = &lower[usize::from(determiner)..];
        if rest.first().is_some_and(|w| w == "former" || w == "ex") {
            return None;
        }
        let titled = rest
            .iter()
            .take(TITLE_WITHIN)
            .any(|w| TITLES.contains(&w.as_str()));
        if !titled {
            return None;
        }
        self.description(phrase, date)
            .filter(|a| a.via != Via::Person)
            .or_else(|| self.own_official(phrase))
    }

    /// "Mr Zorkin [President of the Constitutional Court]", "Andrii Yermak
    /// (Ukraine's chief of staff)": an office in brackets right after the
    /// name's first mention, which ends at `end`.
    pub(super) fn office_glossed(
        &self,
        article: &str,
        end: usize,
        date: Option<&str>,
    ) -> Option<SpeakerActor> {
        let rest = article[end..].trim_start_matches(' ');
        let close = match rest.chars().next()? {
            '[' => ']',
            '(' => ')',
            _ => return None,
        };
        let gloss = &rest[1..rest[..rest.floor_char_boundary(120)].find(close)?];
        self.office_phrase(gloss, date)
    }

    /// "Kremlin spokesman Dmitry Peskov said ...", later "Peskov said": the
    /// office in the words before the name's first mention.
    pub(super) fn office_before(
        &self,
        article: &str,
        at: usize,
        date: Option<&str>,
    ) -> Option<SpeakerActor> {
        // Within the 300 bytes before the name: an office is a few words.
        let from = clause_start(article, at, 300);
        let before = &article[from..at];
        // "my counterpart, the Ukrainian Chief of Staff, Andrii Yermak": the
        // apposition before the comma.
        if before.trim().is_empty() && article[..from].ends_with(',') {
            let comma = from - 1;
            let start = clause_start(article, comma, 200);
            return self.office_phrase(&article[start..comma], date);
        }
        let words: Vec<&str> = before.split_whitespace().collect();
        // An office in apposition ("Kremlin spokesman"), not another person
        // joined to it: "Vladimir Putin and Gianni Infantino inspected" gives
        // Infantino no state.
        // "politician and statesman" is one office; "Putin and" another person.
        let joined = words.windows(2).any(|w| {
            w[0].starts_with(char::is_uppercase)
                && matches!(w[1].to_lowercase().as_str(), "and" | "with" | "&")
        });
        if words.len() > 6 || joined {
            return None;
        }
        self.description(before, date)
            .or_else(|| self.own_official(before))
    }

    /// "Governor Mironov", "our Foreign Minister Maxim Litvinov",
    /// "[Economic Development Minister] Maxim Oreshkin": on an official
    /// site, an office named right before a person with no state or
    /// organisation in it is the publisher's own (its ministers, governors
    /// and mayors; any office after "our"). Heads of state and government
    /// are left out: the site names foreign ones by bare title too
    /// ("President Napolitano"), and its own are in the gazetteer.
    pub(super) fn own_official(&self, before: &str) -> Option<SpeakerActor> {
        let code = self.publisher?;
        if !self.gazetteer.find_all(before).is_empty() {
            return None;
        }
        // The words right before the name that may belong to its office:
        // capitalized words, office words, "of" and "the"; "our" may open them.
        let words: Vec<String> = before
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        let raw: Vec<&str> = before.split_whitespace().collect();
        let mut start = words.len();
        while start > 0 {
            let (w, r) = (&words[start - 1], raw[start - 1]);
            let office = r.starts_with(|c: char| c.is_uppercase() || c == '[')
                || TITLES.contains(&w.as_str())
                || matches!(w.as_str(), "of" | "the" | "deputy" | "first" | "acting");
            if !office || w == "our" {
                break;
            }
            start -= 1;
        }
        let office = &words[start..];
        let ours = start > 0 && words[start - 1] == "our";
        let own_title = office.iter().enumerate().any(|(i, w)| {
            matches!(w.as_str(), "governor" | "mayor")
                || (w == "minister" && (i == 0 || office[i - 1] != "prime"))
        });
        let any_title = office.iter().any(|w| TITLES.contains(&w.as_str()));
        // "Governor of Texas", "Minister of Trade": an office "of" somewhere
        // may be anyone's; only "our" makes it the publisher's.
        let of_somewhere = office.iter().any(|w| w == "of");
        if !(own_title && !of_somewhere || ours && any_title) {
            return None;
        }
        self.state(code, Via::Title)
    }

    /// "President Carter was the first … he said": a name the gazetteer
    /// knows with the title the article gives it at `at`, its first
    /// mention ("President Carter", "Prime Minister Meir"), when the name
    /// alone is no one's. Not "former President Carter": out of office.
    pub(super) fn titled_name(
        &self,
        article: &str,
        at: usize,
        name: &str,
        date: Option<&str>,
    ) -> Option<SpeakerActor> {
        let before = &article[article.floor_char_boundary(at.saturating_sub(40))..at];
        let words: Vec<&str> = before.split_whitespace().collect();
        let title_words = words
            .iter()
            .rev()
            .take_while(|w| w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic))
            .count()
            .min(3);
        let titled = words
            .last()
            .is_some_and(|w| TITLES.contains(&w.to_lowercase().as_str()));
        // "former President Carter", "Former President Carter".
        let former = words
            .iter()
            .rev()
            .take(title_words + 1)
            .any(|w| w.eq_ignore_ascii_case("former"));
        if !titled || former {
            return None;
        }
        (1..=title_words).rev().find_map(|k| {
            let titled_name = format!("{} {name}", words[words.len() - k..].join(" "));
            self.known_person(&titled_name, date)
        })
    }

    /// "Bulgaria Rumen Radev", the name taken from "President of Bulgaria
    /// Rumen Radev": a state opens the name, two or more capitalised words
    /// follow it, and the article first names it after a title and "of"
    /// (`via: title`); "Jordan B. Peterson" or "Georgia May Jagger" is no
    /// state's.
    pub(super) fn state_before_a_person(
        &self,
        article: &str,
        at: usize,
        name: &str,
    ) -> Option<SpeakerActor> {
        let mut words = article[..at].split_whitespace().rev();
        let titled = words.next().is_some_and(|w| w == "of")
            && words
                .next()
                .is_some_and(|w| TITLES.contains(&w.to_lowercase().as_str()));
        if !titled {
            return None;
        }
        let found = self.gazetteer.find_all(name);
        let (first, ids) = found.first()?;
        let actor = self.pick(ids, None)?;
        if first.start != 0 || actor.kind != ActorKind::Country {
            return None;
        }
        let rest: Vec<&str> = name[first.end..].split_whitespace().collect();
        let person = rest.len() >= 2 && rest.iter().all(|w| w.starts_with(char::is_uppercase));
        person
            .then(|| self.speaker_actor(actor, Via::Title))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::super::actors::test_resolver as resolver;
    use super::*;

    #[test]
    fn a_surname_with_the_title_it_is_first_named_with() {
        let r = resolver().with_publisher("USA").unwrap();
        let code = |article: &str| {
            r.speaker(article, Some("Carter"), Some("he"), Some("2024-05-23"))
                .map(|s| s.code)
        };
        let article = "You know, President Carter was the first president to host them. \
                       And in his toast, he said: “neighbors.”";
        assert_eq!(code(article).as_deref(), Some("USA"));
        // Out of office, or no office: nobody.
        assert_eq!(code("Then former President Carter spoke."), None);
        assert_eq!(code("Former President Carter spoke."), None);
        assert_eq!(code("Then Mr Carter spoke."), None);
    }

    #[test]
    fn an_office_glossed_or_in_apposition_gives_the_state() {
        let r = resolver().with_publisher("USA").unwrap();
        let article = "I talked to my counterpart, the Ukrainian Chief of Staff, Andrii Yermakk.";
        let code = r
            .speaker(
                article,
                Some("Andrii Yermakk"),
                Some("He"),
                Some("2022-09-20"),
            )
            .map(|s| s.code);
        assert_eq!(code.as_deref(), Some("UKR"));
        let article = "I met Ms Petrenkko [Minister of Health of Ukraine] in Kyiv.";
        let code = r
            .speaker(article, Some("Petrenkko"), Some("she"), Some("2022-09-20"))
            .map(|s| s.code);
        assert_eq!(code.as_deref(), Some("UKR"));
    }

    #[test]
    fn an_office_with_no_state_before_a_name_is_the_publisher_s() {
        let r = resolver().with_publisher("RUS").unwrap();
        let code = |article: &str, name: &str| {
            r.speaker(article, Some(name), Some("he"), Some("2019-05-01"))
                .map(|s| (s.code, s.via))
        };
        let rus = Some(("RUS".to_string(), Via::Title));
        assert_eq!(
            code(
                "I was speaking with Governor Mirronov, and he said",
                "Mirronov"
            ),
            rus
        );
        assert_eq!(
            code(
                "At the League, our Foreign Minister Maxim Litvinnov said",
                "Maxim Litvinnov"
            ),
            rus
        );
        assert_eq!(
            code(
                "We talked with [Economic Development Minister] Maxim Oreshkinn.",
                "Maxim Oreshkinn"
            ),
            rus
        );
        // "our" before any office.
        assert_eq!(
            code("Later our ambassador Ivan Petrovv said", "Ivan Petrovv"),
            rus
        );
        // A state in the office, a head of government, or no office: not the publisher's.
        assert_eq!(
            code("Then Polish Ambassador Jozef Lipskki said", "Jozef Lipskki").map(|s| s.0),
            Some("POL".into())
        );
        assert_eq!(
            code("Then Prime Minister Ivan Petrovv said", "Ivan Petrovv"),
            None
        );
        for (article, name) in [
            (
                "The talks involved Minister of Trade Nguyen Van Binhh.",
                "Nguyen Van Binhh",
            ),
            (
                "Officials met with Governor of Texas Greg Abbottt.",
                "Texas Greg Abbottt",
            ),
        ] {
            assert_eq!(code(article, name), None, "{article}");
        }
        assert_eq!(
            code("Then President Ivan Petrovv said", "Ivan Petrovv"),
            None
        );
        assert_eq!(
            code("Then the writer Ivan Petrovv said", "Ivan Petrovv"),
            None
        );
        // Without a publisher, nobody's.
        let article = "I was speaking with Governor Mirronov, and he said";
        assert_eq!(
            resolver().speaker(article, Some("Mirronov"), None, None),
            None
        );
    }

    #[test]
    fn words_before_a_name_give_its_office() {
        let article = "Kremlin spokesman Dmitry Peskovv told reporters the talks went well.";
        let s = resolver()
            .speaker(article, Some("Dmitry Peskovv"), Some("he"), None)
            .unwrap();
        assert_eq!((s.code.as_str(), s.via), ("RUS", Via::Spokesperson));
    }

    #[test]
    fn two_office_words_joined_by_and_are_one_office() {
        let article =
            "Prominent British politician and statesman David Lloyd Georgge emphasised it.";
        let s = resolver().speaker(
            article,
            Some("David Lloyd Georgge"),
            None,
            Some("1939-10-01"),
        );
        assert_eq!(s.map(|s| (s.code, s.via)), Some(("GBR".into(), Via::Title)));
    }

    #[test]
    fn another_person_before_a_name_is_no_office() {
        let article = "Vladimir Putin and Gianni Infantinno inspected the stadium.";
        let s = resolver().speaker(article, Some("Gianni Infantinno"), Some("I"), None);
        assert_eq!(s, None);
    }

    #[test]
    fn words_before_a_name_may_end_in_a_wide_mark() {
        let article = "They said “Kremlin spokesman Dmitry Peskovv” twice.";
        let s = resolver().speaker(article, Some("Dmitry Peskovv"), None, None);
        assert_eq!(s.map(|s| s.code), Some("RUS".to_string()));
    }

    #[test]
    fn an_office_said_of_a_name_gives_its_state() {
        let r = resolver();
        let code = |article: &str, name: &str| {
            r.speaker(article, Some(name), Some("he"), Some("2018-01-01"))
                .map(|s| s.code)
        };
        let article = "Andrei Krutskikkh is an advisor to the Kremlin when it comes to cyber.";
        assert_eq!(code(article, "Andrei Krutskikkh").as_deref(), Some("RUS"));
        let article = "Alexei Kosyginn, who was Prime Minister in the Soviet Government, spoke.";
        assert_eq!(code(article, "Alexei Kosyginn").as_deref(), Some("RUS"));
        // No title: a place said of someone is not their state.
        let article = "Ivan Petrovv was in Germany when it happened.";
        assert_eq!(code(article, "Ivan Petrovv"), None);
    }

    #[test]
    fn words_around_a_name_that_are_no_office_give_no_state() {
        let r = resolver();
        let code = |article: &str, name: &str| {
            r.speaker(article, Some(name), Some("she"), Some("2020-01-01"))
                .map(|s| s.code)
        };
        for (article, name) in [
            (
                "In Moscow, Sarah Rainsfordd told the BBC.",
                "Sarah Rainsfordd",
            ),
            ("After talks with China, Tom Bakerr said so.", "Tom Bakerr"),
            (
                "Tom Bakerr (pictured with Vladimir Putin in 2015) spoke.",
                "Tom Bakerr",
            ),
            (
                "Marie Dupontt (a critic of President Emmanuel Macron) spoke.",
                "Marie Dupontt",
            ),
            (
                "Anna Kowalskka (Poland) won the gold medal.",
                "Anna Kowalskka",
            ),
            (
                "Tom Bakerr is due to meet President Xi Jinping next week.",
                "Tom Bakerr",
            ),
            (
                "Sarah Leee was fiercely critical of the Russian president.",
                "Sarah Leee",
            ),
            (
                "Michael McFaulx is a former US ambassador to Russia.",
                "Michael McFaulx",
            ),
        ] {
            assert_eq!(code(article, name), None, "{article}");
        }
        let article = "Fiona Hilll was an adviser to the White House on Russia.";
        assert_eq!(code(article, "Fiona Hilll").as_deref(), Some("USA"));
    }
}
