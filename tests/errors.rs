//! Bad input never panics, exits 2, names the problem, and damages nothing.

mod common;

use common::{Workdir, support_oppose_csv};

/// Runs a command that must fail as a user error, and returns stderr.
fn fails(w: &Workdir, args: &[&str]) -> String {
    let (code, out, err) = w.run(args);
    assert_eq!(code, 2, "args {args:?}: stdout {out} stderr {err}");
    assert!(err.starts_with("geostance: error:"), "{err}");
    err
}

fn train_args<'a>(data: &'a str, out: &'a str) -> Vec<&'a str> {
    vec!["train", "--data", data, "--output", out]
}

#[test]
fn training_csv_problems() {
    let w = Workdir::new();
    let err = fails(&w, &train_args("missing.csv", "m.json"));
    assert!(err.contains("missing.csv"), "{err}");
    w.write("empty.csv", "");
    assert!(fails(&w, &train_args("empty.csv", "m.json")).contains("empty"));
    w.write("header.csv", "text,stance\n");
    assert!(fails(&w, &train_args("header.csv", "m.json")).contains("no rows"));
    w.write("nolabel.csv", "body,label\nhello,x\n");
    let err = fails(&w, &train_args("nolabel.csv", "m.json"));
    assert!(
        err.contains("\"text\"") && err.contains("\"body\", \"label\""),
        "{err}"
    );
    w.write("ragged.csv", "text,stance\na,cooperative\nb,tense,extra\n");
    let err = fails(&w, &train_args("ragged.csv", "m.json"));
    assert!(err.contains("line 3") && err.contains("3 fields"), "{err}");
    w.write(
        "latin1.csv",
        b"text,stance\nok,cooperative\ncaf\xe9 talks,tense\n",
    );
    let err = fails(&w, &train_args("latin1.csv", "m.json"));
    assert!(
        err.contains("line 3") && err.contains("UTF-8") && err.contains("--lossy"),
        "{err}"
    );
    w.write("single.csv", "text,stance\na b,tense\nc d,tense\n");
    let err = fails(&w, &train_args("single.csv", "m.json"));
    assert!(
        err.contains("single class") && err.contains("\"tense\""),
        "{err}"
    );
    w.write("dup.csv", "text,stance,stance\na,b,c\n");
    assert!(fails(&w, &train_args("dup.csv", "m.json")).contains("appears twice"));
    w.write(
        "emptylabel.csv",
        "text,stance\nfirst,cooperative\nsecond,\nthird,tense\n",
    );
    let err = fails(&w, &train_args("emptylabel.csv", "m.json"));
    assert!(
        err.contains("line 3") && err.contains("--skip-invalid"),
        "{err}"
    );
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "emptylabel.csv",
        "--output",
        "m.json",
        "--skip-invalid",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("skipped 1 row"), "{err}");
    assert!(w.files().iter().all(|f| !f.ends_with(".tmp")));
}

#[test]
fn bom_crlf_lossy_and_case_warnings_are_accepted() {
    let w = Workdir::new();
    w.write("bom.csv", "\u{feff}text,stance\r\nWe agree.,cooperative\r\nWe refuse.,tense\r\nWe refuse it.,Tense\r\n");
    let (code, _, err) = w.run(&train_args("bom.csv", "m.json"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("differ only in case"), "{err}");
    w.write(
        "latin1.csv",
        b"text,stance\nok,cooperative\ncaf\xe9 talks,tense\n",
    );
    let (code, _, err) = w.run(&[
        "train",
        "--data",
        "latin1.csv",
        "--output",
        "l.json",
        "--lossy",
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn huge_single_field_is_fine() {
    let w = Workdir::new();
    let big = "peace ".repeat(2_000_000);
    w.write(
        "big.csv",
        format!("text,stance\n\"{big}\",cooperative\nwar,tense\n"),
    );
    let (code, _, err) = w.run(&train_args("big.csv", "m.json"));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn model_file_problems() {
    let w = Workdir::new();
    w.train_position("good.json", &[]);
    let good = std::fs::read_to_string(w.path("good.json")).unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        ("missing.json", String::new(), "missing.json"),
        (
            "truncated.json",
            good[..good.len() / 2].to_string(),
            "truncated",
        ),
        (
            "notjson.json",
            "hello, I am not JSON".into(),
            "not a JSON model",
        ),
        (
            "other.json",
            "{\"name\": \"some other tool\", \"version\": 3}".into(),
            "another program",
        ),
        (
            "newer.json",
            good.replacen("\"format_version\":1", "\"format_version\":99", 1),
            "newer geostance",
        ),
        (
            "nan.json",
            good.replacen("\"intercepts\":[", "\"intercepts\":[1e999,", 1),
            "malformed",
        ),
        (
            "shape.json",
            good.replacen("\"idf\":[", "\"idf\":[1.0,", 1),
            "idf",
        ),
        ("empty.json", String::new(), "empty"),
    ];
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    v["heads"][0]["intercepts"][0] = serde_json::json!(1e30);
    let huge = v.to_string();
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    v["heads"][0]["weights"].as_array_mut().unwrap().pop();
    let short = v.to_string();
    let cases: Vec<(&str, String, &str)> = cases
        .into_iter()
        .chain([
            ("huge.json", huge, "beyond"),
            ("short.json", short, "shape mismatch"),
        ])
        .collect();
    for (name, contents, expect) in cases {
        if name != "missing.json" {
            w.write(name, &contents);
        }
        let err = fails(&w, &["classify", "--model", name, "hello"]);
        assert!(err.contains(name) && err.contains(expect), "{name}: {err}");
    }
}

#[test]
fn outputs_are_atomic_and_old_models_survive() {
    let w = Workdir::new();
    w.write("data.csv", support_oppose_csv());
    let err = fails(
        &w,
        &[
            "train",
            "--data",
            "data.csv",
            "--output",
            "no/such/dir/m.json",
            "--label-column",
            "position",
        ],
    );
    assert!(err.contains("does not exist"), "{err}");
    let (code, _, _) = w.run(&[
        "train",
        "--data",
        "data.csv",
        "--output",
        "m.json",
        "--label-column",
        "position",
    ]);
    assert_eq!(code, 0);
    let before = std::fs::read(w.path("m.json")).unwrap();
    // A failing training run (single class) must not touch the existing model.
    w.write("single.csv", "text,position\na,x\nb,x\n");
    fails(&w, &["train", "--data", "single.csv", "--output", "m.json"]);
    assert_eq!(std::fs::read(w.path("m.json")).unwrap(), before);
    // A read-only directory: clear error, old model intact, no temp files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = w.path("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::copy(w.path("m.json"), ro.join("m.json")).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let (code, _, err) = w.run(&[
            "train",
            "--data",
            "data.csv",
            "--output",
            "ro/m.json",
            "--label-column",
            "position",
            "--alpha",
            "0.2",
        ]);
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        // root can write anywhere; only check when the write was refused.
        if code != 0 {
            assert_eq!(code, 2, "{err}");
            assert_eq!(std::fs::read(ro.join("m.json")).unwrap(), before);
        }
        assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 1);
    }
    assert!(
        w.files().iter().all(|f| !f.ends_with(".tmp")),
        "{:?}",
        w.files()
    );
}

#[test]
fn classify_input_problems() {
    let w = Workdir::new();
    w.write("bad.txt", b"fine line\nbad \xff byte\n");
    let err = fails(&w, &["classify", "--input", "bad.txt", "--format", "jsonl"]);
    assert!(err.contains("line 2") && err.contains("--lossy"), "{err}");
    // Every line before the bad one gets its result (line-exact output up to
    // the failure), whichever chunk the bad line falls in and however many
    // threads run; nothing after it is written.
    for bad_line in [1usize, 2, 4096, 4097, 10_000] {
        let mut input = Vec::new();
        for i in 1..bad_line {
            input.extend_from_slice(format!("statement {i}\n").as_bytes());
        }
        input.extend_from_slice(b"caf\xe9\nafter the bad line\n");
        w.write("late.txt", input);
        for threads in ["1", "2"] {
            let args = [
                "classify",
                "--input",
                "late.txt",
                "--format",
                "jsonl",
                "--threads",
                threads,
            ];
            let (code, out, err) = w.run(&args);
            assert_eq!(code, 2, "{err}");
            assert!(err.contains(&format!("line {bad_line}:")), "{err}");
            assert_eq!(
                out.lines().count(),
                bad_line - 1,
                "bad line {bad_line}, {threads} threads"
            );
            if bad_line > 1 {
                let last = out.lines().last().unwrap_or_default();
                assert!(
                    last.contains(&format!("statement {}", bad_line - 1)),
                    "{last}"
                );
            }
        }
    }
    let (code, out, _) = w.run(&[
        "classify", "--input", "bad.txt", "--format", "jsonl", "--lossy",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2);
    // CSV input too: rows before a bad row keep their results.
    w.write(
        "rows.csv",
        b"id,text\n1,We welcome the agreement.\n2,caf\xe9 talks\n3,never written\n",
    );
    let (code, out, err) = w.run(&["classify", "--input", "rows.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 3") && err.contains("--lossy"), "{err}");
    assert_eq!(out.lines().count(), 2, "{out}"); // header + row 1
    assert!(
        out.lines()
            .nth(1)
            .unwrap_or_default()
            .starts_with("1,We welcome"),
        "{out}"
    );
    let long = "sanctions ".repeat(200_000);
    w.write(
        "odd.txt",
        format!("{long}\nnul\0byte\n中国 и Россия 🇺🇦 🙂\n"),
    );
    let (code, out, _) = w.run(&["classify", "--input", "odd.txt", "--format", "jsonl"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 3);
    let err = fails(&w, &["classify", "--input", "nope.txt"]);
    assert!(err.contains("nope.txt"), "{err}");
}

#[test]
fn json_documents_are_closed_when_a_record_fails() {
    // The results before a bad record stay one readable JSON document (the
    // run still fails): classify's array and quotes' {"quotes": [...]}.
    let w = Workdir::new();
    w.write("rows.csv", b"text\nWe welcome the talks.\nok\nbad\xff\n");
    let (code, out, err) = w.run(&["classify", "--input", "rows.csv", "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 4"), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("classify json is closed");
    assert_eq!(doc.as_array().map(Vec::len), Some(2), "{out}");
    w.write(
        "articles.jsonl",
        "{\"id\": \"a\", \"text\": \"He said: \\\"We are friends.\\\"\"}\n{\"id\": \"b\", \"text\": 5}\n",
    );
    for threads in ["1", "2"] {
        let args = [
            "quotes",
            "--input",
            "articles.jsonl",
            "--format",
            "json",
            "--summary",
            "--threads",
            threads,
        ];
        let (code, out, err) = w.run(&args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("line 2"), "{err}");
        let doc: serde_json::Value = serde_json::from_str(&out).expect("quotes json is closed");
        assert_eq!(doc["quotes"].as_array().map(Vec::len), Some(1), "{out}");
        assert!(
            doc.get("summary").is_none(),
            "a partial summary is not written: {out}"
        );
    }
}

#[test]
fn closed_stdout_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let w = Workdir::new();
    let lines = "We condemn the strikes.\n".repeat(50_000);
    w.write("many.txt", lines);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("geostance"))
        .current_dir(w.dir.path())
        .args(["classify", "--input", "many.txt", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn memory_budget_is_checked_before_allocating() {
    let w = Workdir::new();
    w.write("data.csv", support_oppose_csv());
    let err = fails(
        &w,
        &[
            "train",
            "--data",
            "data.csv",
            "--output",
            "m.json",
            "--label-column",
            "position",
            "--solver",
            "linfa",
            "--memory-budget-mib",
            "0",
        ],
    );
    assert!(
        err.contains("MiB") && err.contains("--max-features"),
        "{err}"
    );
    assert!(!w.path("m.json").exists());
}
