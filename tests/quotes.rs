//! Integration tests for quote extraction: one expected list per fixture
//! article, property tests for offsets, and the unbalanced-quote guarantee.

use geostance::quotes::{ContextKind, Quote, extract};
use proptest::prelude::*;

/// One expected quote: its text, speaker, mention, cue, paragraph, partial flag.
type Expected = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    usize,
    bool,
);

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/articles/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Checks that `extract` finds exactly the expected quotes, spans included.
fn check(name: &str, expected: &[Expected]) {
    let article = fixture(name);
    let expected: Vec<Quote> = expected
        .iter()
        .map(|&(quote, speaker, mention, cue, paragraph, partial)| {
            assert_eq!(
                article.matches(quote).count(),
                1,
                "{name}: {quote:?} is ambiguous"
            );
            let start = article
                .find(quote)
                .expect("expected quote is in the fixture");
            Quote {
                quote: quote.to_string(),
                speaker: speaker.map(str::to_string),
                speaker_mention: mention.map(str::to_string),
                cue: cue.map(str::to_string),
                start,
                end: start + quote.len(),
                paragraph,
                partial,
                context: quote.to_string(),
                context_kind: ContextKind::Quote,
                context_start: start,
                context_end: start + quote.len(),
            }
        })
        .collect();
    let found = extract(&article);
    for q in &found {
        assert_eq!(&article[q.start..q.end], q.quote, "{name}");
    }
    let summary = |quotes: &[Quote]| -> Vec<String> {
        quotes
            .iter()
            .map(|q| format!("{:?} <- {:?}", q.quote, q.speaker))
            .collect()
    };
    assert_eq!(summary(&found), summary(&expected), "{name}: quotes found");
    for (found, expected) in found.iter().zip(&expected) {
        let mut expected = expected.clone();
        if expected.partial {
            // A partial quote is classified in its sentence: the sentence
            // holds the quote and lies in the article where it says.
            assert_eq!(found.context_kind, ContextKind::Sentence, "{name}");
            assert!(
                found.context_start <= found.start && found.end <= found.context_end,
                "{name}: {found:?}"
            );
            assert_eq!(
                &article[found.context_start..found.context_end],
                found.context,
                "{name}"
            );
            assert!(found.context.len() > found.quote.len(), "{name}: {found:?}");
            expected.context = found.context.clone();
            expected.context_kind = ContextKind::Sentence;
            expected.context_start = found.context_start;
            expected.context_end = found.context_end;
        }
        assert_eq!(found, &expected, "{name}");
    }
}

const SCHOLZ: Option<&str> = Some("Olaf Scholz");

#[test]
fn chancellor_names_surname_description_and_age() {
    check(
        "chancellor_bundestag.txt",
        &[
            (
                "for as long as it takes.",
                SCHOLZ,
                Some("Germany's chancellor Olaf Scholz"),
                Some("told"),
                2,
                true,
            ),
            (
                "We will not be blackmailed by threats from the Kremlin,",
                SCHOLZ,
                Some("Scholz"),
                Some("said"),
                3,
                false,
            ),
            (
                "Nobody in this chamber should be in any doubt about that.",
                SCHOLZ,
                Some("Scholz"),
                Some("said"),
                3,
                false,
            ),
            // A quote paragraph without attribution continues Scholz's statement.
            (
                "Germany stands with its partners in Nato, and it will continue to do so.",
                SCHOLZ,
                Some("Scholz"),
                Some("said"),
                4,
                false,
            ),
            (
                "wasted months in endless debate.",
                Some("Friedrich Merz"),
                Some("Friedrich Merz"),
                Some("said"),
                5,
                true,
            ),
            (
                "The chancellor talks, but he does not deliver,",
                Some("Friedrich Merz"),
                Some("Merz"),
                Some("told"),
                6,
                false,
            ),
            (
                "I will not take lessons from those who spent sixteen years buying Russian gas.",
                SCHOLZ,
                Some("the chancellor"),
                Some("said"),
                7,
                false,
            ),
            (
                "Our policy is clear and it is working,",
                SCHOLZ,
                Some("the 66-year-old"),
                Some("added"),
                8,
                false,
            ),
        ],
    );
}

#[test]
fn curly_quotes_partials_and_pronouns() {
    let macron = Some("Emmanuel Macron");
    check(
        "elysee_talks.txt",
        &[
            (
                "stronger than ever.",
                macron,
                Some("Macron"),
                Some("told"),
                3,
                true,
            ),
            // "He" is the last named speaker, Macron, not Scholz whom he told.
            (
                "more urgent than ever before.",
                macron,
                Some("He"),
                Some("saying"),
                3,
                true,
            ),
            (
                "Europe must be able to defend itself,",
                macron,
                Some("the French president"),
                Some("told"),
                4,
                false,
            ),
            (
                "We cannot wait for others to do it for us.",
                macron,
                Some("the French president"),
                Some("told"),
                4,
                false,
            ),
            // "The German leader" names Scholz as the subject; "he" follows him.
            (
                "We are doing a great deal already,",
                SCHOLZ,
                Some("he"),
                Some("said"),
                5,
                false,
            ),
            (
                "and we will do more when it is necessary.",
                SCHOLZ,
                Some("he"),
                Some("said"),
                5,
                false,
            ),
            (
                "carefully examine",
                SCHOLZ,
                Some("Scholz"),
                Some("added"),
                6,
                true,
            ),
        ],
    );
}

#[test]
fn german_guillemet_and_reversed_marks() {
    let baerbock = Some("Annalena Baerbock");
    let szijjarto = Some("Péter Szijjártó");
    check(
        "brussels_marks.txt",
        &[
            (
                "Wir werden nicht nachlassen.",
                baerbock,
                Some("Germany's Foreign Minister Annalena Baerbock"),
                Some("told"),
                3,
                false,
            ),
            (
                "La Russie ne gagnera pas cette guerre.",
                Some("Stéphane Séjourné"),
                Some("Stéphane Séjourné"),
                Some("saying"),
                3,
                false,
            ),
            (
                "Sanctions have not worked",
                szijjarto,
                Some("Szijjártó"),
                Some("said"),
                4,
                false,
            ),
            (
                "not support anything that hurts our economy",
                szijjarto,
                Some("Szijjártó"),
                Some("adding"),
                4,
                true,
            ),
            (
                "Wir stehen fest an der Seite der Ukraine.",
                baerbock,
                Some("Baerbock"),
                Some("wrote"),
                5,
                false,
            ),
        ],
    );
}

#[test]
fn single_quotes_beside_apostrophes() {
    let johnson = Some("Boris Johnson");
    check(
        "johnson_single_quotes.txt",
        &[
            (
                "take any hesitation as weakness",
                johnson,
                Some("Former prime minister Boris Johnson"),
                Some("warning"),
                3,
                true,
            ),
            (
                "We don't get to choose the moment history tests us. This is that moment.",
                johnson,
                Some("Mr Johnson"),
                Some("said"),
                4,
                false,
            ),
            (
                "If Putin's gamble pays off,",
                johnson,
                Some("he"),
                Some("added"),
                5,
                false,
            ),
            (
                "every autocrat in the world will take note.",
                johnson,
                Some("he"),
                Some("added"),
                5,
                false,
            ),
            (
                "Mr Johnson's fantasies are not worth commenting on,",
                Some("Dmitry Peskov"),
                Some("Kremlin spokesman Dmitry Peskov"),
                Some("according to"),
                6,
                false,
            ),
            // An unnamed source: the mention is kept, the speaker is unknown.
            (
                "has not changed and will not change",
                None,
                Some("a government source"),
                Some("said"),
                7,
                true,
            ),
        ],
    );
}

#[test]
fn quote_over_several_paragraphs() {
    let zelensky = Some("Volodymyr Zelensky");
    check(
        "zelensky_congress.txt",
        &[
            (
                "Your money is not charity,",
                zelensky,
                Some("Zelensky"),
                Some("said"),
                3,
                false,
            ),
            (
                "It is an investment in global security and democracy that we handle in the most \
                 responsible way.",
                zelensky,
                Some("Zelensky"),
                Some("said"),
                3,
                false,
            ),
            (
                "Every dollar you send is accounted for. Every shell is used to defend our cities, \
                 our schools and our hospitals.",
                zelensky,
                Some("Zelensky"),
                Some("said"),
                4,
                false,
            ),
            (
                "We do not ask American soldiers to fight for us. We ask only for the tools to \
                 finish the job.",
                zelensky,
                Some("Zelensky"),
                Some("said"),
                5,
                false,
            ),
            // Introduced by a colon closing the previous paragraph.
            (
                "We are grateful to both parties.",
                zelensky,
                Some("the Ukrainian leader"),
                Some("told"),
                7,
                false,
            ),
            (
                "But time is not on our side,",
                zelensky,
                Some("he"),
                Some("added"),
                8,
                false,
            ),
        ],
    );
}

#[test]
fn scraped_page_furniture_and_missing_closing_mark() {
    let tusk = Some("Donald Tusk");
    check(
        "scraped_poland_border.txt",
        &[
            (
                "deliberate provocations",
                tusk,
                Some("Polish Prime Minister Donald Tusk"),
                Some("said"),
                3,
                true,
            ),
            (
                "We will shoot down any object that threatens our citizens,",
                tusk,
                Some("Tusk"),
                Some("told"),
                4,
                false,
            ),
            // No closing mark: the quote ends with its paragraph, and the link
            // line between does not break Tusk's statement.
            (
                "Nobody should test our patience.",
                tusk,
                Some("Tusk"),
                Some("told"),
                6,
                false,
            ),
        ],
    );
}

#[test]
fn unknown_speakers_are_not_guessed() {
    let kremlin = Some("Kremlin");
    check(
        "kremlin_ceasefire.txt",
        &[
            // "dismissed ... as" is no speech cue.
            ("unrealistic.", None, None, None, 2, true),
            (
                "There are no conditions for such talks at the moment,",
                kremlin,
                Some("the Kremlin"),
                Some("said"),
                3,
                false,
            ),
            (
                "The goals of the special military operation remain unchanged.",
                kremlin,
                Some("the Kremlin"),
                Some("said"),
                3,
                false,
            ),
            // Follows the official's reported speech in the same paragraph.
            (
                "They are not interested in peace. They never were.",
                None,
                Some("A senior Ukrainian official"),
                Some("said"),
                4,
                false,
            ),
            // A narrative paragraph stands between it and the last quote.
            (
                "Nobody is going to sit at the table this year.",
                None,
                None,
                None,
                6,
                false,
            ),
            ("Western trick", None, None, None, 7, true),
        ],
    );
}

#[test]
fn speech_verbs_beyond_said() {
    let rutte = Some("Mark Rutte");
    let blinken = Some("Antony Blinken");
    let landsbergis = Some("Gabrielius Landsbergis");
    check(
        "nato_air_defence.txt",
        &[
            (
                "stretched to the limit",
                rutte,
                Some("Nato Secretary General Mark Rutte"),
                Some("warned"),
                2,
                true,
            ),
            (
                "an immediate and sustained surge",
                blinken,
                Some("US Secretary of State Antony Blinken"),
                Some("called for"),
                3,
                true,
            ),
            (
                "half measures will cost lives.",
                landsbergis,
                Some("Lithuanian Foreign Minister Gabrielius Landsbergis"),
                Some("insisted"),
                3,
                true,
            ),
            (
                "Every system we send saves a city,",
                rutte,
                Some("Rutte"),
                Some("stressed"),
                4,
                false,
            ),
            (
                "We have heard many promises,",
                landsbergis,
                Some("Landsbergis"),
                Some("wrote"),
                5,
                false,
            ),
            (
                "Now we need deliveries.",
                landsbergis,
                Some("Landsbergis"),
                Some("wrote"),
                5,
                false,
            ),
            (
                "must not blink.",
                Some("Andrzej Duda"),
                Some("Polish President Andrzej Duda"),
                Some("tweeted"),
                6,
                true,
            ),
            (
                "This is a test of our credibility,",
                blinken,
                Some("Blinken"),
                Some("stated"),
                7,
                false,
            ),
            (
                "more than doubled",
                blinken,
                Some("Blinken"),
                Some("noted"),
                7,
                true,
            ),
            (
                "The Netherlands will deliver two more Patriot batteries.",
                Some("Dick Schoof"),
                Some("Dutch Prime Minister Dick Schoof"),
                Some("declared"),
                8,
                false,
            ),
            (
                "united as never before.",
                rutte,
                Some("Rutte"),
                Some("according to"),
                9,
                true,
            ),
            (
                "We will do whatever it takes,",
                rutte,
                Some("the Nato chief"),
                Some("urged"),
                10,
                false,
            ),
        ],
    );
}

#[test]
fn quotes_sharing_a_sentence_or_an_attribution() {
    let erdogan = Some("Recep Tayyip Erdogan");
    let full = Some("Turkish President Recep Tayyip Erdogan");
    check(
        "erdogan_grain.txt",
        &[
            ("a lifeline", erdogan, full, Some("said"), 2, true),
            (
                "a model for diplomacy",
                erdogan,
                full,
                Some("said"),
                2,
                true,
            ),
            (
                "The world needs this grain. The poor need this grain,",
                erdogan,
                Some("Erdogan"),
                Some("said"),
                3,
                false,
            ),
            (
                "We are ready.",
                erdogan,
                Some("he"),
                Some("added"),
                4,
                false,
            ),
            (
                "We have always been ready,",
                erdogan,
                Some("he"),
                Some("added"),
                4,
                false,
            ),
        ],
    );
}

#[test]
fn every_fixture_has_exact_spans_in_document_order() {
    let dir = format!("{}/tests/fixtures/articles", env!("CARGO_MANIFEST_DIR"));
    let mut fixtures = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let article = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let quotes = extract(&article);
        assert!(!quotes.is_empty());
        for pair in quotes.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
        for q in &quotes {
            assert_eq!(&article[q.start..q.end], q.quote);
        }
        fixtures += 1;
    }
    assert!(fixtures >= 8);
}

#[test]
fn unbalanced_quote_never_swallows_the_next_paragraph() {
    for open in ["\"", "“", "„", "«", "‘", "'"] {
        let article = format!(
            "{open}We will never surrender, Scholz said.\n\n\
             The talks resume on Monday. \"Not before then,\" Scholz said.\n\n\
             Markets were calm."
        );
        let quotes = extract(&article);
        let texts: Vec<&str> = quotes.iter().map(|q| q.quote.as_str()).collect();
        let expected: &[&str] = if matches!(open, "‘" | "'") {
            // A single mark with no closing mark anywhere is read as an apostrophe.
            &["Not before then,"]
        } else {
            &["We will never surrender, Scholz said.", "Not before then,"]
        };
        assert_eq!(texts, expected, "opening mark {open}");
        let last = quotes.last().unwrap();
        assert_eq!(
            (last.paragraph, last.speaker.as_deref()),
            (2, Some("Scholz"))
        );
    }
}

#[test]
fn furniture_is_never_quoted() {
    let article = "Merkel: \"We will manage\"\n\n\
                   By Jan Müller\n\n\
                   Related article: \"A summer of hope\"\n\n\
                   See https://example.com/\"quoted\"\n\n\
                   \"We will manage,\" Angela Merkel said.\n\n\
                   Original url: https://example.com/merkel-\"summer\"";
    let quotes = extract(article);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].quote, "We will manage,");
    assert_eq!(quotes[0].speaker.as_deref(), Some("Angela Merkel"));
    assert_eq!(quotes[0].paragraph, 5);
}

#[test]
fn quote_serializes() {
    fn assert_serialize<T: serde::Serialize>() {}
    assert_serialize::<Quote>();
}

/// Text made mostly of the characters the extractor cares about.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("’".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("„".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("‹".to_string()),
        Just("›".to_string()),
        Just("‚".to_string()),
        Just("‘".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just(":".to_string()),
        Just("Scholz said".to_string()),
        Just("the chancellor".to_string()),
        Just("he told".to_string()),
        Just("according to".to_string()),
        Just("By ".to_string()),
        Just("https://".to_string()),
        Just("Related article:".to_string()),
        Just("Olaf".to_string()),
        Just("é".to_string()),
        Just("👍".to_string()),
        "[a-zA-Z]{1,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn check_spans(article: &str) {
    let quotes = extract(article);
    let mut previous_end = 0;
    for q in &quotes {
        assert!(q.start <= q.end && q.end <= article.len());
        assert!(article.is_char_boundary(q.start) && article.is_char_boundary(q.end));
        assert_eq!(&article[q.start..q.end], q.quote);
        assert!(!q.quote.is_empty());
        assert!(
            q.start >= previous_end,
            "quotes overlap or are out of order"
        );
        previous_end = q.end;
        assert!(q.paragraph >= 1);
        // A quote never runs over a blank line.
        let lines: Vec<&str> = q.quote.lines().collect();
        assert!(lines.iter().all(|l| !l.trim().is_empty()), "{:?}", q.quote);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_any_text(article in any::<String>()) {
        check_spans(&article);
    }

    #[test]
    fn spans_are_exact_on_quote_heavy_text(article in tricky_text()) {
        check_spans(&article);
    }
}
