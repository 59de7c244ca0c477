//! Speakers as actors, targets, dyad roll-ups, periods and the chart: library
//! and CLI, on the fixtures in `tests/fixtures/dyads/`.

mod common;

use common::Workdir;
use geostance::Classifier;
use geostance::actors::Gazetteer;
use geostance::corpus::Article;
use geostance::dyads::{DyadTable, Period, statements};
use geostance::quotes::{ActorResolver, Via};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/dyads/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn article(text: &str, date: Option<&str>) -> Article {
    Article {
        id: "t".into(),
        date: date.map(str::to_string),
        text: text.to_string(),
        meta: Default::default(),
        publisher: None,
    }
}

/// The start of a quote, its speaker's code and how it was found, and its
/// target codes (with whether each is inferred).
type Attributed = (String, Option<(String, Via)>, Vec<(String, bool)>);

/// (start of the quote, speaker code and via, target codes) for each quote of a fixture.
fn attributed(name: &str, date: Option<&str>) -> Vec<Attributed> {
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    let r = ActorResolver::new(&g);
    clf.classify_article_actors(&article(&fixture(name), date), &r)
        .into_iter()
        .map(|q| {
            (
                q.quote.quote.chars().take(20).collect(),
                q.speaker_actor.map(|s| (s.code, s.via)),
                q.targets
                    .into_iter()
                    .map(|t| (t.code, t.inferred))
                    .collect(),
            )
        })
        .collect()
}

fn s(code: &str, via: Via) -> Option<(String, Via)> {
    Some((code.to_string(), via))
}
fn t(codes: &[&str]) -> Vec<(String, bool)> {
    codes.iter().map(|c| (c.to_string(), false)).collect()
}

#[test]
fn speakers_by_name_title_spokesperson_and_metonym() {
    let got = attributed("speakers.txt", Some("2023-05-01"));
    let expected = vec![
        (
            "For Kazakhstan, Russ".to_string(),
            s("KAZ", Via::Person),
            t(&["RUS"]),
        ),
        (
            "Our two countries wi".into(),
            s("KAZ", Via::Person),
            vec![("RUS".into(), true)],
        ),
        (
            "Moscow values the pa".into(),
            s("RUS", Via::Spokesperson),
            t(&["KAZ"]),
        ),
        (
            "We are ready to work".into(),
            s("RUS", Via::Institution),
            t(&["KAZ"]),
        ),
        (
            "watching closely".into(),
            s("USA", Via::Institution),
            t(&["RUS"]),
        ),
        (
            "We will not accept u".into(),
            s("CHN", Via::Institution),
            t(&["RUS"]),
        ),
        (
            "The alliance will ke".into(),
            s("NATO", Via::Title),
            t(&["KAZ"]),
        ),
        (
            "NATO is a relic of t".into(),
            s("RUS", Via::Institution),
            t(&["NATO"]),
        ),
        ("This is a good day,".into(), None, vec![]),
    ];
    assert_eq!(got, expected);
}

/// Kremlin readouts and transcripts: a message speaks for its sender (named
/// in the headline), "the President" is the headline's president, and "I
/// said" in a transcript turn is the turn's speaker (none after "Remark:").
#[test]
fn messages_titles_and_transcript_turns() {
    let got: Vec<(String, Option<String>)> = attributed("kremlin_style.txt", Some("2003-05-31"))
        .into_iter()
        .map(|(quote, speaker, _)| (quote, speaker.map(|(code, _)| code)))
        .collect();
    let rus = Some("RUS".to_string());
    assert_eq!(
        got,
        vec![
            ("Russia will continue".to_string(), rus.clone()),
            ("We have plenty of re".into(), rus.clone()),
            ("But ISIS and Jabhat ".into(), rus.clone()),
            ("When exactly do you ".into(), rus),
            ("It was good.".into(), None),
            ("Nobody knows.".into(), None),
        ]
    );
}

#[test]
fn a_title_alone_gives_the_state() {
    let text = "\"We will not give up our claims,\" the Turkish president said.";
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    let q = clf.classify_article_actors(&article(text, None), &ActorResolver::new(&g));
    let a = q[0].speaker_actor.as_ref().unwrap();
    assert_eq!(
        (a.code.as_str(), a.name.as_str(), a.via),
        ("TUR", "Turkey", Via::Title)
    );
}

#[test]
fn a_quote_about_no_one_takes_the_counterpart_of_the_call() {
    let got = attributed("no_one.txt", Some("2016-07-01"));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, s("RUS", Via::Person));
    assert_eq!(got[0].2, vec![("TUR".to_string(), true)]);
}

#[test]
fn target_offsets_point_into_the_article() {
    let text = fixture("speakers.txt");
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    for q in clf.classify_article_actors(&article(&text, None), &ActorResolver::new(&g)) {
        for t in &q.targets {
            assert_eq!(&text[t.start..t.end], t.mention);
        }
    }
}

#[test]
fn dyad_roll_up_counts_each_statement_once_per_target() {
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    let r = ActorResolver::new(&g);
    let docs = [
        article(
            "Russia and China will deepen their strategic partnership.",
            Some("2019-03-31"),
        ),
        article(
            "Russia condemns the sanctions of the United States and China.",
            Some("2019-04-01"),
        ),
        article("Russia welcomes the talks with China.", None),
    ];
    let mut month = DyadTable::new(Period::Month);
    let mut all = Vec::new();
    for d in &docs {
        for st in statements(&clf, &r, d, Some("RUS")) {
            month.add(&st);
            all.push(st);
        }
    }
    assert_eq!(all.len(), 3);
    let rows = month.rows();
    let keys: Vec<(&str, &str, &str, usize)> = rows
        .iter()
        .map(|r| {
            (
                r.period.as_str(),
                r.source.as_str(),
                r.target.as_str(),
                r.statements,
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("2019-03", "RUS", "CHN", 1),
            ("2019-04", "RUS", "CHN", 1),
            ("2019-04", "RUS", "USA", 1),
            ("undated", "RUS", "CHN", 1),
        ]
    );
    for r in &rows {
        assert_eq!(r.cooperative + r.neutral + r.tense, r.statements);
        let n = r.net_cooperation.unwrap();
        assert!((-1.0..=1.0).contains(&n));
    }
    // The month's net cooperation is the mean of its statements' P(coop) - P(tense).
    let april: Vec<_> = all
        .iter()
        .filter(|s| s.date.as_deref() == Some("2019-04-01"))
        .collect();
    let stance = april[0].prediction.head("stance").unwrap();
    let p = |l: &str| stance.probabilities.iter().find(|(x, _)| x == l).unwrap().1 as f64;
    let want = p("cooperative") - p("tense");
    assert!((rows[1].net_cooperation.unwrap() - want).abs() < 1e-9);
    let totals = month.totals();
    assert_eq!(totals[&("RUS".to_string(), "CHN".to_string())].quotes, 3);
}

/// "The message reads in part:" names a message, not a speaker: it opens no
/// transcript turn, so the publisher's sentences after it stay its
/// statements; a real label ("Recep Tayyip Erdogan:") still opens a turn.
#[test]
fn a_message_line_is_no_speaker_label() {
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    let r = ActorResolver::new(&g);
    let text = "Vladimir Putin sent a message to the President of Turkey.\n\n\
                The message reads in part:\n\n\
                Russia and Turkey will restore their strategic partnership.\n\n\
                Recep Tayyip Erdogan: Turkey and Russia will work together.";
    let got: Vec<(String, String)> =
        statements(&clf, &r, &article(text, Some("2016-08-09")), Some("RUS"))
            .into_iter()
            .map(|s| (text[s.start..s.end].chars().take(17).collect(), s.source))
            .collect();
    let want = |sentence: &str, source: &str| (sentence.to_string(), source.to_string());
    assert!(got.contains(&want("Russia and Turkey", "RUS")), "{got:?}");
    assert_eq!(
        got.last(),
        Some(&want("Recep Tayyip Erdo", "TUR")),
        "{got:?}"
    );
}

/// On a publisher's site ("President of Russia"), "the President said" and
/// "The message said" with nobody named speak for the publisher.
#[test]
fn the_publisher_s_own_title_and_message() {
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    let text = "Greetings to the participants of the forum\n\n\
                The President said, in particular, in his message:\n\n\
                “Your forum is important for Russia and China.”";
    let codes = |r: &ActorResolver| -> Vec<Option<(String, Via)>> {
        clf.classify_article_actors(&article(text, Some("2016-09-15")), r)
            .into_iter()
            .map(|q| q.speaker_actor.map(|s| (s.code, s.via)))
            .collect()
    };
    assert_eq!(codes(&ActorResolver::new(&g)), [None]);
    let site = ActorResolver::new(&g).with_publisher("RUS").unwrap();
    assert_eq!(codes(&site), [s("RUS", Via::Title)]);
}

/// "I said" in a speech on the publisher's site, which has no transcript
/// labels, is the publisher's office-holder; in a transcript "I" is whoever
/// holds the turn, and an anonymous turn ("Question:") speaks for no state.
#[test]
fn the_narrator_of_an_official_speech_is_the_publisher() {
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    let site = ActorResolver::new(&g).with_publisher("RUS").unwrap();
    let codes = |text: &str, r: &ActorResolver| -> Vec<Option<(String, Via)>> {
        clf.classify_article_actors(&article(text, Some("2018-03-01")), r)
            .into_iter()
            .map(|q| q.speaker_actor.map(|s| (s.code, s.via)))
            .collect()
    };
    let speech = "Address to the Federal Assembly\n\n\
                  In 2004 I said the following at a meeting with the press:\n\n\
                  So, I said: “Russia will need new generation weapons.”";
    assert_eq!(codes(speech, &site), [s("RUS", Via::Title)]);
    assert_eq!(codes(speech, &ActorResolver::new(&g)), [None]);
    let interview = "Interview\n\nQuestion: On my way here, I asked people: \
                     “What would you ask the President?”\n\nVladimir Putin: Thank you.";
    assert_eq!(codes(interview, &site), [None]);
}

#[test]
fn quotes_cli_reads_folders_in_order_and_archives_with_meta() {
    let w = Workdir::new();
    let folder = format!("{}/tests/fixtures/dyads/folder", env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = w.run(&["quotes", &folder, "-f", "jsonl", "--threads", "2"]);
    assert_eq!(code, 0, "{err}");
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["article"].as_str().unwrap().ends_with("a.md"));
    assert!(recs[1]["article"].as_str().unwrap().ends_with("b.txt"));
    assert_eq!(recs[0]["speaker_actor"]["code"], "IRN");
    assert_eq!(recs[0]["targets"][0]["code"], "USA");
    assert_eq!(recs[1]["speaker_actor"]["code"], "CHN");

    let mut jsonl = String::new();
    for i in 0..40 {
        let text = if i % 2 == 0 {
            "\"We value our partnership with China,\" Putin said."
        } else {
            "\"We condemn the strikes on Syria,\" the Russian foreign ministry said."
        };
        jsonl.push_str(&serde_json::json!({"id": format!("n{i}"), "date": "2018-04-14", "text": text, "source": "wire"}).to_string());
        jsonl.push('\n');
    }
    w.write("a.jsonl", &jsonl);
    let (code, out, err) = w.run(&[
        "quotes",
        "--input",
        "a.jsonl",
        "-f",
        "jsonl",
        "--summary",
        "--threads",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 41);
    for (i, r) in lines[..40].iter().enumerate() {
        assert_eq!(r["article"], format!("n{i}"));
        assert_eq!(r["date"], "2018-04-14");
        assert_eq!(r["meta"]["source"], "wire");
    }
    let dyads = &lines[40]["summary"]["dyads"];
    let pairs: Vec<(String, String, u64)> = dyads
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["source"].as_str().unwrap().into(),
                d["target"].as_str().unwrap().into(),
                d["quotes"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("RUS".into(), "CHN".into(), 20),
            ("RUS".into(), "SYR".into(), 20)
        ]
    );
    assert!(
        dyads[0]["net_cooperation"].as_f64().unwrap()
            > dyads[1]["net_cooperation"].as_f64().unwrap()
    );
    assert!(dyads[0]["net_sentiment"].is_number());
}

#[test]
fn quotes_cli_bad_archive_line_names_the_line_and_fix() {
    let w = Workdir::new();
    w.write(
        "bad.jsonl",
        "{\"id\": 1, \"text\": \"\\\"We agree,\\\" Putin said.\"}\n{\"id\": 2, \"body\": \"no text\"}\n",
    );
    let (code, out, err) = w.run(&["quotes", "--input", "bad.jsonl", "-f", "jsonl"]);
    assert_eq!(code, 2, "{err}");
    // The stream writes the articles before the bad record, then stops.
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("\"article\":\"1\""), "{out}");
    assert!(err.contains("bad.jsonl, line 2"), "{err}");
    assert!(err.contains("--text-column"), "{err}");
    let (code, _, err) = w.run(&["quotes", "-f", "jsonl"]);
    assert_eq!(code, 2);
    assert!(err.contains("--input"), "{err}");
}

#[test]
fn dyads_cli_buckets_weeks_reads_list_fields_and_plots_one_series_per_dyad() {
    let w = Workdir::new();
    let docs = [
        (
            Some("2021-01-03"),
            vec![
                "Russia and China will deepen their strategic partnership.",
                "We thank our Chinese friends.",
            ],
        ),
        (
            Some("2021-01-04"),
            vec!["Russia condemns the new sanctions of the United States."],
        ),
        (None, vec!["Russia welcomes the talks with Turkey."]),
    ];
    let mut jsonl = String::new();
    for (i, (date, paragraphs)) in docs.iter().enumerate() {
        jsonl.push_str(
            &serde_json::json!({"id": i, "date": date, "paragraphs": paragraphs}).to_string(),
        );
        jsonl.push('\n');
    }
    w.write("k.jsonl", &jsonl);
    let (code, out, err) = w.run(&[
        "dyads",
        "--input",
        "k.jsonl",
        "--text-field",
        "paragraphs",
        "--source-actor",
        "RUS",
        "--by",
        "week",
        "-f",
        "csv",
        "--plot",
        "chart.svg",
        "--dyad",
        "RUS-CHN",
        "--dyad",
        "RUS-USA",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "period",
            "source",
            "target",
            "statements",
            "cooperative",
            "neutral",
            "tense",
            "net_cooperation",
            "net_sentiment"
        ]
    );
    let keys: Vec<(&str, &str, &str, &str)> =
        rows[1..].iter().map(|r| (r[0], r[1], r[2], r[3])).collect();
    // "We thank our Chinese friends." names China itself: two statements in week 53 of 2020.
    assert_eq!(
        keys,
        [
            ("2020-W53", "RUS", "CHN", "2"),
            ("2021-W01", "RUS", "USA", "1"),
            ("undated", "RUS", "TUR", "1"),
        ]
    );
    let svg = std::fs::read_to_string(w.path("chart.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the chart is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(
        texts.contains(&"RUS → CHN") && texts.contains(&"RUS → USA"),
        "{texts:?}"
    );
    // One series per dyad, in its own colour: its points and its legend mark;
    // no third series.
    let with = |tag: &str, attr: &str, color: &str| {
        doc.descendants()
            .filter(|n| n.tag_name().name() == tag && n.attribute(attr) == Some(color))
            .count()
    };
    for color in ["#1F77B4", "#D62728"] {
        assert_eq!(with("circle", "fill", color), 1, "{color}");
        assert!(with("polyline", "stroke", color) >= 1, "{color}");
    }
    assert_eq!(
        with("circle", "fill", "#2CA02C") + with("polyline", "stroke", "#2CA02C"),
        0
    );
    assert!(texts.iter().any(|t| t.contains("net cooperation")));
    assert!(texts.contains(&"period"));

    let (code, _, err) = w.run(&[
        "dyads",
        "--input",
        "k.jsonl",
        "--text-field",
        "paragraphs",
        "--source-actor",
        "XYZ",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("XYZ"), "{err}");
    let (code, _, err) = w.run(&[
        "dyads", "--input", "k.jsonl", "--plot", "x.svg", "--dyad", "RUSUSA",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("SOURCE-TARGET"), "{err}");
    // A --plot that cannot be written fails before the corpus is read, and
    // no table is printed; a directory is not a file name.
    for (plot, says) in [("no/such/dir/x.svg", "does not exist"), (".", "directory")] {
        let (code, out, err) = w.run(&[
            "dyads", "--input", "k.jsonl", "--plot", plot, "--dyad", "RUS-USA",
        ]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("--plot") && err.contains(says), "{err}");
        assert!(out.is_empty(), "{out}");
    }
}

#[test]
fn quotes_cli_reads_csv_archives_by_named_columns() {
    let w = Workdir::new();
    w.write(
        "a.csv",
        "id,published,body\nx1,2020-05-01,\"\"\"We support China,\"\" Putin said.\"\nx2,,\"\"\"We condemn NATO,\"\" Lavrov said.\"\n",
    );
    let (code, out, err) = w.run(&[
        "quotes",
        "--input",
        "a.csv",
        "--text-column",
        "body",
        "--date-column",
        "published",
        "-f",
        "jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    assert_eq!(
        (recs[0]["article"].as_str(), recs[0]["date"].as_str()),
        (Some("x1"), Some("2020-05-01"))
    );
    assert_eq!(recs[0]["targets"][0]["code"], "CHN");
    assert!(recs[1]["date"].is_null());
    assert_eq!(recs[1]["targets"][0]["code"], "NATO");
    let (code, _, err) = w.run(&["quotes", "--input", "a.csv", "-f", "jsonl"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a.csv, line 1") && err.contains("--text-column"),
        "{err}"
    );
}

/// Text made of what speaker actors read: offices, appositions, glosses,
/// transcript labels, pronouns and characters of several bytes next to
/// the delimiters that byte windows stop at.
fn speaker_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("the Chancellor of Germany".to_string()),
        Just("The French ambassador’s report".to_string()),
        Just("my counterpart, the Ukrainian Chief of Staff, Andrii Yermak".to_string()),
        Just(", Andrii Yermak".to_string()),
        Just("“aide, Andrii Yermak said".to_string()),
        Just("Mr Zorkin [President of the Constitutional Court]".to_string()),
        Just("THE PRESIDENT: ".to_string()),
        Just("SENIOR ADMINISTRATION OFFICIAL: ".to_string()),
        Just("the President said".to_string()),
        Just(" he said, “".to_string()),
        Just("She said: “".to_string()),
        Just("I’ve said “".to_string()),
        Just("”".to_string()),
        Just("“".to_string()),
        Just("—".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just("[".to_string()),
        Just("(".to_string()),
        Just("é".to_string()),
        "[a-zA-Z]{1,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Attribution and speaker actors never panic, with or without a publisher.
    #[test]
    fn speaker_actors_never_panic(text in speaker_text()) {
        static CLF: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
        let clf = CLF.get_or_init(|| Classifier::embedded().unwrap());
        let g = Gazetteer::embedded();
        for r in [ActorResolver::new(&g), ActorResolver::new(&g).with_publisher("USA").unwrap()] {
            for q in clf.classify_article_actors(&article(&text, Some("2022-09-20")), &r) {
                proptest::prop_assert!(q.quote.end <= text.len());
            }
        }
    }
}
