//! End-to-end tests of the real binary: train -> classify -> inspect,
//! formats, stdin, CSV passthrough, determinism, other languages and label sets.

mod common;

use common::{Workdir, support_oppose_csv};

fn train_support_oppose(w: &Workdir) -> std::path::PathBuf {
    w.write("data.csv", support_oppose_csv());
    let (code, out, err) = w.run(&[
        "train",
        "--data",
        "data.csv",
        "--output",
        "model.json",
        "--label-column",
        "position",
        "--label-column",
        "tone",
        "--alpha",
        "0.1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "train writes its summary to stderr only");
    assert!(
        err.contains("16 rows") && err.contains("\"position\": 2 classes"),
        "{err}"
    );
    w.path("model.json")
}

#[test]
fn train_classify_inspect_round_trip_with_custom_labels() {
    let w = Workdir::new();
    train_support_oppose(&w);
    let (code, out, err) = w.run(&[
        "classify",
        "--model",
        "model.json",
        "--format",
        "jsonl",
        "We reject and condemn this illegal accord.",
        "We welcome and support the accord.",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["position"]["label"], "oppose");
    assert_eq!(lines[1]["position"]["label"], "support");
    assert_eq!(lines[0]["tone"]["label"], "negative");
    let (code, out, _) = w.run(&["inspect", "--model", "model.json", "--top", "3"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("head position: oppose (8), support (8)"),
        "{out}"
    );
    assert!(out.contains("top position/oppose:"), "{out}");
    let (code, out, _) = w.run(&["inspect", "--model", "model.json", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["training"]["rows"], 16);
    assert_eq!(
        v["heads"][0]["labels"],
        serde_json::json!(["oppose", "support"])
    );
}

#[test]
fn jsonl_schema_probabilities_sum_to_one() {
    let w = Workdir::new();
    let (code, out, _) = w.run(&["classify", "--format", "jsonl", "Talks resume in Geneva."]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["text"], "Talks resume in Geneva.");
    for head in ["stance", "sentiment"] {
        let h = &v[head];
        let probs = h["probabilities"].as_object().unwrap();
        assert_eq!(probs.len(), 3);
        let sum: f64 = probs.values().map(|p| p.as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-4);
        let label = h["label"].as_str().unwrap();
        assert_eq!(h["confidence"], probs[label]);
    }
    assert_eq!(
        v["stance"]["probabilities"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["cooperative", "neutral", "tense"]
    );
}

#[test]
fn seed_statement_is_cooperative_with_the_embedded_model() {
    let w = Workdir::new();
    let (code, out, _) = w.run(&[
        "classify",
        "--format",
        "jsonl",
        "For Kazakhstan, Russia is and has always been a strategic partner.",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["stance"]["label"], "cooperative");
}

#[test]
fn stdin_lines_in_order_with_empty_lines_kept() {
    let w = Workdir::new();
    let out = w
        .cmd()
        .args(["classify", "--format", "jsonl"])
        .write_stdin("We condemn the strikes.\n\nWe thank our partners.\r\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = s
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["text"], "We condemn the strikes.");
    assert!(
        lines[1]["stance"].is_null(),
        "an empty line gives an empty result"
    );
    assert_eq!(lines[2]["text"], "We thank our partners.");
    // --input - is the same as piping
    let out2 = w
        .cmd()
        .args(["classify", "--format", "jsonl", "--input", "-"])
        .write_stdin("We condemn the strikes.\n\nWe thank our partners.\r\n")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out2.stdout).unwrap(), s);
}

#[test]
fn csv_input_keeps_columns_and_appends_labels() {
    let w = Workdir::new();
    w.write("in.csv", "id,text,date\n1,\"We welcome the ceasefire, finally.\",2024-01-01\n2,The embassy will close.,2024-01-02\n");
    let (code, out, err) = w.run(&["classify", "--input", "in.csv"]);
    assert_eq!(code, 0, "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &headers[..5],
        ["id", "text", "date", "stance", "stance_confidence"]
    );
    assert!(headers.contains(&"sentiment_p_positive".to_string()));
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "We welcome the ceasefire, finally.");
    assert_eq!(&rows[1][2], "2024-01-02");
    assert!(["cooperative", "neutral", "tense"].contains(&&rows[0][3]));
    // A missing text column names the columns that exist.
    let (code, _, err) = w.run(&["classify", "--input", "in.csv", "--text-column", "body"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("\"body\"") && err.contains("\"id\", \"text\", \"date\""),
        "{err}"
    );
}

#[test]
fn line_file_input_and_other_formats() {
    let w = Workdir::new();
    w.write(
        "in.txt",
        "Sanctions will follow.\nWe look forward to the visit.\n",
    );
    let (code, out, _) = w.run(&["classify", "--input", "in.txt", "--format", "tsv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("text\tstance\tstance_confidence"));
    assert!(lines[1].starts_with("Sanctions will follow.\t"));
    let (code, out, _) = w.run(&["classify", "--input", "in.txt", "--format", "table"]);
    assert_eq!(code, 0);
    assert!(out.lines().next().unwrap().starts_with("stance"));
}

#[test]
fn training_is_deterministic_byte_for_byte() {
    let w = Workdir::new();
    w.write("data.csv", support_oppose_csv());
    for (out, solver) in [
        ("a.json", "sparse"),
        ("b.json", "sparse"),
        ("c.json", "linfa"),
        ("d.json", "linfa"),
    ] {
        let (code, _, err) = w.run(&[
            "train",
            "--data",
            "data.csv",
            "--output",
            out,
            "--label-column",
            "position",
            "--solver",
            solver,
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let a = std::fs::read(w.path("a.json")).unwrap();
    assert_eq!(a, std::fs::read(w.path("b.json")).unwrap());
    assert_eq!(
        std::fs::read(w.path("c.json")).unwrap(),
        std::fs::read(w.path("d.json")).unwrap()
    );
    let meta: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(meta["training"]["solver"]["position"], "sparse");
}

#[test]
fn russian_model_with_cyrillic_text() {
    let w = Workdir::new();
    w.write(
        "ru.csv",
        "text,stance\n\
        \"Россия и Казахстан — стратегические партнёры.\",cooperative\n\
        \"Мы приветствуем сотрудничество и дружбу.\",cooperative\n\
        \"Мы благодарим партнёров за помощь.\",cooperative\n\
        \"Мы осуждаем агрессию и вводим санкции.\",tense\n\
        \"Посол был выслан из страны.\",tense\n\
        \"Мы не партнёры и осуждаем эти угрозы.\",tense\n",
    );
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "ru.csv",
        "--output",
        "ru.json",
        "--language",
        "russian",
        "--alpha",
        "0.05",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = w.run(&[
        "classify",
        "--model",
        "ru.json",
        "--format",
        "jsonl",
        "Мы осуждаем санкции и угрозы.",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["stance"]["label"], "tense");
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.path("ru.json")).unwrap()).unwrap();
    assert_eq!(model["analyzer"]["language"], "russian");
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "ru.csv",
        "--output",
        "x.json",
        "--language",
        "klingon",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("klingon") && err.contains("russian"), "{err}");
}

#[test]
fn explain_shows_spans_and_evaluate_reports_metrics() {
    let w = Workdir::new();
    train_support_oppose(&w);
    let (code, out, err) = w.run(&[
        "explain",
        "--model",
        "model.json",
        "--format",
        "json",
        "We reject the accord.",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let head = &v["heads"][0];
    assert_eq!(head["head"], "position");
    assert_eq!(head["label"], "oppose");
    let reject = head["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["term"] == "reject")
        .unwrap();
    assert_eq!(reject["spans"], serde_json::json!([[3, 9]]));
    assert_eq!(reject["words"], serde_json::json!(["reject"]));
    let (code, out, err) = w.run(&[
        "evaluate",
        "--model",
        "model.json",
        "--data",
        "data.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["position"]["rows"], 16);
    assert!(r["position"]["macro_f1"].as_f64().unwrap() > 0.9);
    assert_eq!(
        r["position"]["baseline_macro_f1"].as_f64().unwrap(),
        1.0 / 3.0
    );
    assert_eq!(
        r["position"]["confusion"]["labels"],
        serde_json::json!(["oppose", "support"])
    );
    assert!(r.get("tone").is_some() && r.get("stance").is_none());
}

#[test]
fn cv_and_tune_record_scores_in_the_model() {
    let w = Workdir::new();
    let err = w.train_position("m.json", &["--cv", "4"]);
    assert!(
        err.contains("4-fold stratified cross-validation") && err.contains("macro-F1"),
        "{err}"
    );
    let (code, out, _) = w.run(&["inspect", "--model", "m.json"]);
    assert_eq!(code, 0);
    assert!(out.contains("claimed: 4-fold CV macro-F1"), "{out}");
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "data.csv",
        "--output",
        "t.json",
        "--label-column",
        "position",
        "--tune",
        "--cv",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("chosen: ngrams"), "{err}");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.path("t.json")).unwrap()).unwrap();
    // 30 grid points, plus alphas past an edge where a head's best sat there.
    let grid = m["training"]["tuning"]["grid"].as_array().unwrap();
    assert!(grid.len() >= 30, "{}", grid.len());
    for p in &grid[30..] {
        let a = p["alpha"].as_f64().unwrap();
        assert!(
            !(0.03..=3.0).contains(&a),
            "extension {a} lies inside the grid"
        );
    }
    // Too many folds for the smallest class.
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "data.csv",
        "--output",
        "x.json",
        "--label-column",
        "position",
        "--cv",
        "9",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("fewer than the 9 folds"), "{err}");
    assert!(!w.path("x.json").exists());
}

#[test]
fn quotes_from_an_article_with_summary() {
    let w = Workdir::new();
    let article = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles/chancellor_bundestag.txt");
    let text = std::fs::read_to_string(&article).unwrap();
    let (code, out, err) = w.run(&[
        "quotes",
        article.to_str().unwrap(),
        "--format",
        "jsonl",
        "--summary",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, quotes) = lines.split_last().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], q["quote"].as_str().unwrap());
        assert!(q["stance"]["label"].is_string() && q["sentiment"]["probabilities"].is_object());
    }
    assert!(quotes.iter().any(|q| q["speaker"] == "Olaf Scholz"));
    let s = &summary["summary"];
    assert_eq!(s["all"]["quotes"].as_u64().unwrap() as usize, quotes.len());
    let net = s["speakers"]["Olaf Scholz"]["net_cooperation"]
        .as_f64()
        .unwrap();
    assert!((-1.0..=1.0).contains(&net));
    assert_eq!(s["articles"], 1);
    assert!(s["dyads"].is_array());
    let (code, _, err) = w.run(&["quotes", "no-such-article.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-article.txt"), "{err}");
}
