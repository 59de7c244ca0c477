//! Corpora of many publishers (the UN General Debate: each speech is its
//! state's): `Article::publisher` and `--publisher-column`, in the library,
//! the readers and the CLI.

mod common;

use common::Workdir;
use geostance::Classifier;
use geostance::actors::Gazetteer;
use geostance::corpus::{Article, Fields, csv_articles, jsonl_articles};
use geostance::dyads::statements;
use geostance::quotes::ActorResolver;

fn speech(text: &str, publisher: Option<&str>) -> Article {
    Article {
        id: "s".into(),
        date: Some("1999-09-21".into()),
        text: text.to_string(),
        meta: Default::default(),
        publisher: publisher.map(str::to_string),
    }
}

const SPEECH: &str = "We meet in difficult times.\n\n\
                      Last year I said: “Peace in the Middle East is within reach.”";

/// The speaker code of each quote of `article`.
fn codes(article: &Article, r: &ActorResolver) -> Vec<Option<String>> {
    let clf = Classifier::embedded().unwrap();
    clf.classify_article_actors(article, r)
        .into_iter()
        .map(|q| q.speaker_actor.map(|s| s.code))
        .collect()
}

#[test]
fn each_article_speaks_for_its_own_publisher() {
    let g = Gazetteer::embedded();
    let run = ActorResolver::new(&g);
    // "I said" in a speech is its publisher's: per article, over the run's.
    assert_eq!(
        codes(&speech(SPEECH, Some("NOR")), &run),
        [Some("NOR".into())]
    );
    assert_eq!(codes(&speech(SPEECH, None), &run), [None]);
    let site = ActorResolver::new(&g).with_publisher("RUS").unwrap();
    assert_eq!(
        codes(&speech(SPEECH, Some("NOR")), &site),
        [Some("NOR".into())]
    );
    assert_eq!(codes(&speech(SPEECH, None), &site), [Some("RUS".into())]);
    // A code the gazetteer lacks leaves the run's publisher.
    assert_eq!(
        codes(&speech(SPEECH, Some("XYZ")), &site),
        [Some("RUS".into())]
    );
    assert!(
        run.for_article(&speech(SPEECH, Some("XYZ")))
            .publisher()
            .is_none()
    );
}

#[test]
fn an_article_s_publisher_is_the_source_of_its_statements() {
    let clf = Classifier::embedded().unwrap();
    let g = Gazetteer::embedded();
    let r = ActorResolver::new(&g);
    let text = "Norway supports the people of Afghanistan.";
    let sources = |a: &Article, source: Option<&str>| -> Vec<String> {
        statements(&clf, &r, a, source)
            .into_iter()
            .map(|s| s.source)
            .collect()
    };
    assert_eq!(sources(&speech(text, Some("NOR")), None), ["NOR"]);
    assert_eq!(sources(&speech(text, Some("NOR")), Some("SWE")), ["NOR"]);
    assert_eq!(sources(&speech(text, None), Some("SWE")), ["SWE"]);
    assert!(sources(&speech(text, None), None).is_empty());
}

#[test]
fn readers_read_the_publisher_field_as_a_code() {
    let fields = Fields {
        publisher: Some("iso3".into()),
        ..Default::default()
    };
    let jsonl = "{\"id\": \"a\", \"iso3\": \"NOR\", \"text\": \"x\", \"session\": 54}\n\
                 {\"id\": \"b\", \"iso3\": \"\", \"text\": \"y\"}\n";
    let got: Vec<Article> = jsonl_articles(jsonl.as_bytes(), "u.jsonl".into(), fields.clone())
        .map(Result::unwrap)
        .collect();
    assert_eq!(got[0].publisher.as_deref(), Some("NOR"));
    assert!(got[0].meta.contains_key("iso3"));
    assert!(got[0].meta.contains_key("session"));
    assert_eq!(got[1].publisher, None);
    let csv = "id,iso3,text\na, nor ,x\n";
    let got: Vec<Article> = csv_articles(csv.as_bytes(), "u.csv".into(), fields.clone())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got[0].publisher.as_deref(), Some("NOR"));
    // A CSV without the column is an error at its header.
    let Err(e) = csv_articles("id,text\na,x\n".as_bytes(), "u.csv".into(), fields) else {
        panic!("a missing publisher column must fail");
    };
    let msg = e.to_string();
    assert!(
        msg.contains("u.csv, line 1") && msg.contains("name the publisher column"),
        "{msg}"
    );
}

#[test]
fn quotes_and_dyads_cli_read_a_publisher_column() {
    let w = Workdir::new();
    let line = |id: &str, iso3: &str| {
        serde_json::json!({"id": id, "date": "1999-09-21", "iso3": iso3,
                           "text": "Last year I said: “Norway will always support Afghanistan.”"})
        .to_string()
    };
    let input = w.write(
        "speeches.jsonl",
        [line("1", "NOR"), line("2", "XYZ")].join("\n") + "\n",
    );
    let input = input.to_str().unwrap();
    let (code, out, err) = w.run(&[
        "quotes",
        "--input",
        input,
        "--publisher-column",
        "iso3",
        "-f",
        "jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs[0]["speaker_actor"]["code"], "NOR");
    assert!(recs[1]["speaker_actor"].is_null());
    assert!(
        err.contains(
            "1 article(s) name a publisher the gazetteer lacks (XYZ; first: XYZ in article 2)"
        ),
        "{err}"
    );
    // The field stays in the output's meta.
    assert_eq!(recs[0]["meta"]["iso3"], "NOR");
    // A misspelt field on JSON Lines: a warning, not silence.
    let (code, _, err) = w.run(&[
        "quotes",
        "--input",
        input,
        "--publisher-column",
        "iso",
        "-f",
        "jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("no article has a value in field \"iso\""),
        "{err}"
    );
    // Article files have no fields.
    let file = w.write("a.txt", "I said: “Yes.”");
    let (code, _, err) = w.run(&[
        "quotes",
        file.to_str().unwrap(),
        "--publisher-column",
        "iso3",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--publisher-column names a field of --input records"),
        "{err}"
    );
    let (code, out, err) = w.run(&[
        "dyads",
        "--input",
        input,
        "--publisher-column",
        "iso3",
        "-f",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l.starts_with("1999,NOR,AFG,")), "{out}");
}
