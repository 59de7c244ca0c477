//! End-to-end tests of `geostance vectors` and `train --vectors`.

mod common;

use common::Workdir;

/// A small corpus where approval and disapproval verbs share contexts.
fn corpus() -> String {
    let good = ["welcome", "support", "applaud", "praise"];
    let bad = ["condemn", "reject", "deplore", "denounce"];
    let mut s = String::from("id,sentence\n");
    for i in 0..1200 {
        let (w, rest) = if i % 2 == 0 {
            (
                good[i / 2 % 4],
                "the fruitful partnership and friendly cooperation",
            )
        } else {
            (
                bad[i / 2 % 4],
                "the brutal aggression and illegal occupation",
            )
        };
        let who = if i % 2 == 0 {
            "We warmly"
        } else {
            "They strongly"
        };
        s.push_str(&format!("{i},{who} {w} {rest} of France.\n"));
    }
    s
}

fn vectors(w: &Workdir, out: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "vectors",
        "--input",
        "corpus",
        "--text-column",
        "text",
        "--text-column",
        "sentence",
        "--dim",
        "16",
        "--epochs",
        "5",
        "--sample",
        "0",
        "--output",
        out,
    ];
    args.extend_from_slice(extra);
    w.run(&args)
}

#[test]
fn vectors_are_deterministic_and_feed_a_model() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("corpus")).unwrap();
    w.write("corpus/a.csv", corpus());
    w.write(
        "corpus/notes.txt",
        "We welcome the talks.\nWe reject the claims.\n",
    );
    let (code, _, err) = vectors(&w, "v1.bin", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1202 texts") && err.contains("words/s"),
        "{err}"
    );
    let (code, _, err) = vectors(&w, "v2.bin", &[]);
    assert_eq!(code, 0, "{err}");
    let a = std::fs::read(w.path("v1.bin")).unwrap();
    assert_eq!(
        a,
        std::fs::read(w.path("v2.bin")).unwrap(),
        "same seed, same bytes"
    );
    let (code, _, err) = vectors(&w, "v3.bin", &["--seed", "7", "--f16"]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(w.path("v3.bin")).unwrap().len() < a.len());

    let v = geostance::embeddings::WordVectors::load(&w.path("v1.bin")).unwrap();
    assert_eq!(v.dim(), 16);
    assert!(v.get("⟨country⟩").is_some(), "actors are masked");
    assert!(v.get("france").is_none());
    assert_eq!(v.info.corpus.len(), 2);

    w.write(
        "data.csv",
        "text,position\nWe welcome it.,support\nWe support it.,support\nWe condemn it.,oppose\nWe reject it.,oppose\n",
    );
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "data.csv",
        "--output",
        "m.json",
        "--label-column",
        "position",
        "--alpha",
        "0.01",
        "--vectors",
        "v1.bin",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = w.run(&[
        "classify", "--model", "m.json", "--format", "jsonl", "Applaud.", "Deplore.",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("\"label\":\"support\""), "{out}");
    assert!(lines[1].contains("\"label\":\"oppose\""), "{out}");
    let (code, out, _) = w.run(&["inspect", "--model", "m.json", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("v.bin") || out.contains("v1.bin"),
        "the vectors file is recorded"
    );
}

#[test]
fn json_lines_input_gives_the_vectors_of_its_lines() {
    // Each line of a record's text field (a string, or a list such as
    // `paragraphs`) is one text: the same vectors as those lines in a .txt.
    let w = Workdir::new();
    let lines: Vec<String> = corpus()
        .lines()
        .skip(1)
        .map(|l| l.split_once(',').unwrap().1.to_string())
        .collect();
    std::fs::create_dir_all(w.path("txt")).unwrap();
    std::fs::create_dir_all(w.path("jsonl")).unwrap();
    w.write("txt/all.txt", lines.join("\n") + "\n");
    let mut jsonl = String::new();
    for (i, pair) in lines.chunks(2).enumerate() {
        let record = if i % 2 == 0 {
            serde_json::json!({"id": i, "body": pair.join("\n")})
        } else {
            serde_json::json!({"id": i, "body": pair})
        };
        jsonl.push_str(&format!("{record}\n\n"));
    }
    w.write("jsonl/all.jsonl", jsonl);
    let run = |input: &str, out: &str| {
        let args = [
            "vectors",
            "--input",
            input,
            "--text-column",
            "text",
            "--text-column",
            "body",
            "--dim",
            "8",
            "--epochs",
            "2",
            "--output",
            out,
        ];
        let (code, _, err) = w.run(&args);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("1200 texts"), "{err}");
        geostance::embeddings::WordVectors::load(&w.path(out)).unwrap()
    };
    let (a, b) = (run("txt", "a.bin"), run("jsonl", "b.bin"));
    assert_eq!(a.terms(), b.terms());
    for i in 0..a.len() {
        assert_eq!(a.vector(i), b.vector(i), "{}", a.terms()[i]);
    }
    // A bad input file, read for `columns`: exit 2, and the message.
    let fails = |input: &str, columns: &[&str]| {
        let mut args = vec!["vectors", "--input", input, "--output", "c.bin"];
        for column in columns {
            args.extend(["--text-column", column]);
        }
        let (code, _, err) = w.run(&args);
        assert_eq!(code, 2, "{err}");
        err
    };
    w.write("bad.jsonl", "{\"body\": \"fine\"}\n{\"body\": 5}\n");
    let err = fails("bad.jsonl", &["body"]);
    assert!(err.contains("bad.jsonl") && err.contains("line 2"), "{err}");
    assert!(!w.path("c.bin").exists());
    // Invalid UTF-8 names its line; a file without any of the text columns
    // names them all; `.json` is JSON Lines too.
    w.write(
        "latin1.jsonl",
        b"{\"body\": \"fine\"}\n{\"body\": \"caf\xe9\"}\n",
    );
    let err = fails("latin1.jsonl", &["body"]);
    assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
    w.write("other.json", "{\"x\": \"We agree.\"}\n");
    let err = fails("other.json", &["text", "body"]);
    assert!(
        err.contains("\"text\" or \"body\"") && err.contains("\"x\""),
        "{err}"
    );
}

#[test]
fn bad_vectors_input_is_a_clear_user_error() {
    let w = Workdir::new();
    w.write("corpus.csv", "id,body\n1,Peace.\n");
    let (code, _, err) = w.run(&["vectors", "--input", "corpus.csv", "--output", "v.bin"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("corpus.csv") && err.contains("--text-column"),
        "{err}"
    );
    let (code, _, err) = w.run(&["vectors", "--input", "missing.csv", "--output", "v.bin"]);
    assert_eq!(code, 2, "{err}");
    w.write(
        "data.csv",
        "text,stance\nWe agree.,cooperative\nWe object.,tense\n",
    );
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "data.csv",
        "--output",
        "m.json",
        "--vectors",
        "data.csv",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("data.csv") && err.contains("geostance vectors"),
        "{err}"
    );
    assert!(!w.path("m.json").exists());
}
