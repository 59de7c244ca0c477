//! Output formats mean the same in every subcommand (issue 15): `json` is
//! one JSON document, `jsonl` one compact value per line; a format a
//! subcommand does not write is a usage error (exit 2) before any work.

mod common;

use common::{Workdir, support_oppose_csv};
use serde_json::Value;

fn ok(w: &Workdir, args: &[&str]) -> String {
    let (code, out, err) = w.run(args);
    assert_eq!(code, 0, "args {args:?}: {err}");
    out
}

/// Every line of `out` is one JSON value.
fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn classify_json_is_one_array_of_the_jsonl_records() {
    let w = Workdir::new();
    w.write(
        "in.txt",
        "We welcome the agreement.\n\nWe condemn the strikes.\n",
    );
    let jsonl = lines(&ok(&w, &["classify", "-i", "in.txt", "-f", "jsonl"]));
    assert_eq!(jsonl.len(), 3);
    assert_eq!(jsonl[1]["stance"], Value::Null);
    let keys: Vec<&String> = jsonl[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["sentiment", "stance", "text"]);
    let stance = jsonl[0]["stance"].as_object().unwrap();
    let keys: Vec<&String> = stance.keys().collect();
    assert_eq!(keys, ["confidence", "label", "probabilities"]);
    let json: Value = serde_json::from_str(&ok(&w, &["classify", "-i", "in.txt", "-f", "json"]))
        .expect("one JSON document");
    assert_eq!(json, Value::Array(jsonl));
    let empty = w.write("empty.txt", "");
    let json: Value = serde_json::from_str(&ok(
        &w,
        &["classify", "-i", empty.to_str().unwrap(), "-f", "json"],
    ))
    .unwrap();
    assert_eq!(json, Value::Array(vec![]));
}

#[test]
fn reports_are_one_document_in_json_and_one_line_in_jsonl() {
    let w = Workdir::new();
    w.write("data.csv", support_oppose_csv());
    let text = "We welcome the agreement.";
    for args in [
        vec!["explain", text],
        vec!["inspect"],
        vec!["evaluate", "--data", "data.csv", "--model", "m.json"],
    ] {
        if args[0] == "evaluate" {
            ok(
                &w,
                &[
                    "train",
                    "--data",
                    "data.csv",
                    "--output",
                    "m.json",
                    "--label-column",
                    "position",
                ],
            );
        }
        let mut a = args.clone();
        a.extend(["-f", "jsonl"]);
        let out = ok(&w, &a);
        assert_eq!(out.lines().count(), 1, "{args:?}: {out}");
        let one: Value = serde_json::from_str(&out).unwrap();
        let mut a = args.clone();
        a.extend(["-f", "json"]);
        let pretty: Value = serde_json::from_str(&ok(&w, &a)).unwrap();
        assert_eq!(one, pretty, "{args:?}");
        assert!(one.is_object(), "{args:?}");
    }
}

#[test]
fn unsupported_formats_are_usage_errors() {
    let w = Workdir::new();
    for args in [
        vec!["explain", "x", "-f", "csv"],
        vec!["inspect", "-f", "tsv"],
        vec!["evaluate", "--data", "missing.csv", "-f", "csv"],
        vec!["actors", "x", "-f", "json"],
        vec!["classify", "x", "-f", "yaml"],
    ] {
        let (code, out, err) = w.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains("invalid value"), "{args:?}: {err}");
    }
}

#[test]
fn csv_and_tsv_shapes() {
    let w = Workdir::new();
    w.write("in.txt", "We say \"no\", firmly.\n");
    let csv = ok(&w, &["classify", "-i", "in.txt", "-f", "csv"]);
    let mut rows = csv.lines();
    assert_eq!(
        rows.next().unwrap(),
        "text,stance,stance_confidence,stance_p_cooperative,stance_p_neutral,stance_p_tense,\
         sentiment,sentiment_confidence,sentiment_p_negative,sentiment_p_neutral,sentiment_p_positive"
    );
    assert!(
        rows.next()
            .unwrap()
            .starts_with("\"We say \"\"no\"\", firmly.\",")
    );
    let tsv = ok(&w, &["classify", "-i", "in.txt", "-f", "tsv"]);
    assert!(
        tsv.lines()
            .nth(1)
            .unwrap()
            .starts_with("We say \"no\", firmly.\t")
    );
}

#[test]
fn clearly_worded_statements_get_their_labels() {
    let w = Workdir::new();
    let out = ok(
        &w,
        &[
            "classify",
            "-f",
            "jsonl",
            "For Kazakhstan, Russia is and has always been a strategic partner.",
            "We strongly condemn the missile strikes and the aggression against our country.",
        ],
    );
    let r = lines(&out);
    assert_eq!(r[0]["stance"]["label"], "cooperative", "{out}");
    assert_eq!(r[1]["stance"]["label"], "tense", "{out}");
    assert_eq!(r[1]["sentiment"]["label"], "negative", "{out}");
}

#[test]
fn an_id_column_as_labels_is_refused_with_a_way_on() {
    let w = Workdir::new();
    let mut csv = String::from("text,id\n");
    for i in 0..300 {
        csv.push_str(&format!("statement number {i} about trade,row{i}\n"));
    }
    w.write("ids.csv", &csv);
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "ids.csv",
        "--label-column",
        "id",
        "--output",
        "m.json",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("300 distinct labels in 300 rows")
            && err.contains("is this the label column?")
            && err.contains("--allow-many-classes"),
        "{err}"
    );
    assert!(!w.path("m.json").exists());
}
