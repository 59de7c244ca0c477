//! Model files: the binary format and the JSON formats (versions 1 and 2)
//! load to the same model, the writers are deterministic, and every kind of
//! damage to a binary file is a clear error, never a panic.

mod common;

use std::path::Path;

use common::Workdir;
use geostance::model::{FileFormat, Model};
use geostance::{Classifier, LabeledData, TrainOptions};

const TEXTS: [&str; 5] = [
    "For Kazakhstan, Russia is and has always been a strategic partner.",
    "We condemn the strikes and will not accept this provocation.",
    "The ministers will meet in Geneva on Monday.",
    "We are no longer partners.",
    "",
];

/// The embedded model as a JSON (version 2) file's bytes.
fn embedded_json() -> String {
    Model::embedded().unwrap().to_json()
}

fn same_predictions(a: &Classifier, b: &Classifier) {
    for t in TEXTS {
        assert_eq!(a.classify(t), b.classify(t), "{t}");
        assert_eq!(a.explain(t), b.explain(t), "{t}");
    }
}

#[test]
fn the_embedded_model_is_binary_and_rewrites_to_its_own_bytes() {
    let model = Model::embedded().unwrap();
    assert_eq!(model.file_format(), Some((FileFormat::Binary, 3)));
    assert_eq!(
        FileFormat::of_bytes(geostance::model::EMBEDDED_MODEL),
        FileFormat::Binary
    );
    assert_eq!(model.to_binary(), geostance::model::EMBEDDED_MODEL);
}

#[test]
fn json_version_2_and_binary_load_to_the_same_model() {
    let json = embedded_json();
    assert!(json.contains("\"format_version\":2"));
    let from_json = Model::from_bytes(json.as_bytes(), Path::new("m.json")).unwrap();
    assert_eq!(from_json.file_format(), Some((FileFormat::Json, 2)));
    // Both writers give back the bytes they read, from either format.
    assert_eq!(from_json.to_json(), json);
    assert_eq!(from_json.to_binary(), geostance::model::EMBEDDED_MODEL);
    let binary = Model::embedded().unwrap().to_binary();
    let from_binary = Model::from_bytes(&binary, Path::new("m.safetensors")).unwrap();
    assert_eq!(from_binary.to_json(), json);
    same_predictions(
        &Classifier::from_model(from_json),
        &Classifier::from_model(from_binary),
    );
}

#[test]
fn json_version_1_and_binary_load_to_the_same_model() {
    let texts: Vec<String> = [
        "We welcome the agreement.",
        "We condemn the attack.",
        "The talks resume on Monday.",
        "Our partners thank us.",
    ]
    .map(String::from)
    .to_vec();
    let labels = ["cooperative", "tense", "neutral", "cooperative"];
    let data = LabeledData::from_rows(
        "text",
        texts,
        vec![("stance".into(), labels.map(String::from).to_vec())],
    );
    let model = geostance::train(&data, &TrainOptions::default()).unwrap();
    let json = model.to_json();
    assert!(json.contains("\"format_version\":1"));
    let binary = model.to_binary();
    let a = Model::from_bytes(json.as_bytes(), Path::new("m.json")).unwrap();
    assert_eq!(a.file_format(), Some((FileFormat::Json, 1)));
    let b = Model::from_bytes(&binary, Path::new("m.safetensors")).unwrap();
    assert_eq!(b.to_json(), json);
    assert_eq!(a.to_binary(), binary);
    same_predictions(&Classifier::from_model(a), &Classifier::from_model(b));
}

#[test]
fn the_file_name_picks_the_format() {
    for (name, format) in [
        ("m.json", FileFormat::Json),
        ("M.JSON", FileFormat::Json),
        ("m.safetensors", FileFormat::Binary),
        ("m.gst", FileFormat::Binary),
        ("model", FileFormat::Binary),
    ] {
        assert_eq!(FileFormat::for_path(Path::new(name)), format, "{name}");
    }
}

#[test]
fn train_writes_binary_deterministically_and_classify_agrees_with_json() {
    let w = Workdir::new();
    for out in ["a.safetensors", "b.safetensors", "c.json"] {
        w.train_position(out, &[]);
    }
    let a = std::fs::read(w.path("a.safetensors")).unwrap();
    assert_eq!(a, std::fs::read(w.path("b.safetensors")).unwrap());
    assert_eq!(FileFormat::of_bytes(&a), FileFormat::Binary);
    let json = std::fs::read(w.path("c.json")).unwrap();
    assert_eq!(json.first(), Some(&b'{'));
    w.write("texts.txt", TEXTS.join("\n"));
    let classify = |model: &str| {
        let (code, out, err) = w.run(&[
            "classify",
            "--model",
            model,
            "--input",
            "texts.txt",
            "-f",
            "jsonl",
        ]);
        assert_eq!(code, 0, "{err}");
        out
    };
    assert_eq!(classify("a.safetensors"), classify("c.json"));
    for model in ["a.safetensors", "c.json"] {
        let (code, out, err) = w.run(&["inspect", "--model", model, "-f", "json"]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let expected = if model.ends_with("json") {
            "json"
        } else {
            "binary"
        };
        assert_eq!(v["file_format"], expected);
    }
}

/// A safetensors file by hand: `header` JSON, then `data`.
fn safetensors(header: &serde_json::Value, data: &[u8]) -> Vec<u8> {
    let mut h = header.to_string().into_bytes();
    h.resize(h.len().next_multiple_of(8), b' ');
    let mut out = (h.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(&h);
    out.extend_from_slice(data);
    out
}

/// The binary file's header and data section.
fn split(binary: &[u8]) -> (serde_json::Value, Vec<u8>) {
    let n = u64::from_le_bytes(binary[..8].try_into().unwrap()) as usize;
    let header = serde_json::from_slice(&binary[8..8 + n]).unwrap();
    (header, binary[8 + n..].to_vec())
}

#[test]
fn damaged_binary_models_are_clear_errors() {
    let w = Workdir::new();
    w.train_position("good.safetensors", &[]);
    let good = std::fs::read(w.path("good.safetensors")).unwrap();
    let (header, data) = split(&good);
    let with_meta = |key: &str, value: &str| {
        let mut h = header.clone();
        h["__metadata__"][key] = value.into();
        safetensors(&h, &data)
    };
    // A NaN in the first weight.
    let weights_at = header["weights"]["data_offsets"][0].as_u64().unwrap() as usize;
    let mut nan = data.clone();
    nan[weights_at..weights_at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    // A weights tensor one feature longer than the vocabulary.
    let mut longer = header.clone();
    let k = header["intercepts"]["shape"][0].as_u64().unwrap() as usize;
    let rows = header["weights"]["shape"][0].as_u64().unwrap() as usize;
    let end = header["weights"]["data_offsets"][1].as_u64().unwrap() as usize;
    longer["weights"]["shape"] = serde_json::json!([rows + 1, k]);
    longer["weights"]["data_offsets"][1] = (end + 4 * k).into();
    let mut longer_data = data.clone();
    longer_data.splice(end..end, vec![0u8; 4 * k]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.safetensors",
            good[..good.len() / 2].to_vec(),
            "truncated",
        ),
        ("header.safetensors", good[..20].to_vec(), "retrain"),
        // Cut inside the 8-byte header length: still a binary file, cut short.
        ("five.safetensors", good[..5].to_vec(), "truncated"),
        (
            "foreign.safetensors",
            safetensors(
                &serde_json::json!({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}),
                &[0; 4],
            ),
            "not a geostance model",
        ),
        (
            "newer.safetensors",
            with_meta("format_version", "99"),
            "upgrade geostance",
        ),
        (
            "heads.safetensors",
            with_meta("heads", "[{\"name\": 1}]"),
            "retrain",
        ),
        ("nan.safetensors", safetensors(&header, &nan), "NaN"),
        (
            "shape.safetensors",
            safetensors(&longer, &longer_data),
            "shape mismatch",
        ),
    ];
    for (name, bytes, expect) in cases {
        let err = Model::from_bytes(&bytes, Path::new(name))
            .unwrap_err()
            .to_string();
        assert!(err.contains(name) && err.contains(expect), "{name}: {err}");
        w.write(name, &bytes);
        let (code, _, err) = w.run(&["classify", "--model", name, "hello"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(name) && err.contains(expect), "{name}: {err}");
    }
}
