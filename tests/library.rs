//! The library API: embedded model, explanations that reproduce the score
//! exactly, a model that is not stale, and property tests.

use geostance::{Classifier, LabeledData, TrainOptions};
use proptest::prelude::*;

#[test]
fn explanation_contributions_reproduce_the_score() {
    let clf = Classifier::embedded().unwrap();
    for text in [
        "For Kazakhstan, Russia is and has always been a strategic partner.",
        "We are no longer partners, and we will not forget this betrayal.",
        "The ministers will meet in Vienna on Tuesday.",
    ] {
        let e = clf.explain(text);
        let p = clf.classify(text);
        for (h, ph) in e.heads.iter().zip(&p.heads) {
            assert_eq!(h.label, ph.label);
            let sum: f32 = h.intercept + h.features.iter().map(|f| f.contribution).sum::<f32>();
            assert!((sum - h.score).abs() < 1e-4, "{sum} vs {}", h.score);
            for f in &h.features {
                assert!((f.contribution - f.value * f.weight).abs() < 1e-7);
                for ((s, e), w) in f.spans.iter().zip(&f.words) {
                    assert_eq!(&text[*s..*e], w);
                }
            }
        }
    }
}

#[test]
fn shipped_model_is_not_stale() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("training-data/statements.csv");
    let sha = geostance::data::sha256_file(&data).unwrap();
    let clf = Classifier::embedded().unwrap();
    assert_eq!(
        clf.model().metadata().data_sha256,
        sha,
        "models/default.safetensors was trained on other data than training-data/statements.csv: retrain it (see training-data/README.md)"
    );
    // and the shipped file is what the embedded copy holds
    let on_disk = std::fs::read(root.join("models/default.safetensors")).unwrap();
    assert!(
        on_disk == geostance::model::EMBEDDED_MODEL,
        "models/default.safetensors differs from the embedded model: cargo build --release"
    );
    // and it was trained with the shipped word vectors
    let recorded = clf.model().metadata().options["vectors"]["sha256"]
        .as_str()
        .expect("the default model records the vectors it was trained with");
    let vectors = geostance::data::sha256_file(&root.join("models/vectors.bin")).unwrap();
    assert_eq!(
        recorded, vectors,
        "models/default.safetensors was trained with other vectors than models/vectors.bin: retrain it (see training-data/README.md)"
    );
}

/// The shipped vectors are what `geostance vectors` makes from the three
/// corpora with the documented options (needs ../shared; skips without it).
#[test]
fn shipped_vectors_are_not_stale() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpora");
    let record = root.join("models/vectors.sha256");
    let Ok(expected) = std::fs::read_to_string(&record) else {
        panic!("{} is missing", record.display());
    };
    if !shared.exists() {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    }
    // The inputs the shipped vectors were trained on: their SHA-256s are
    // recorded beside the vectors, so a changed corpus shows up here.
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (sha, path) = line.split_once("  ").expect("sha256sum format");
        if path.starts_with("../shared/") {
            let got = geostance::data::sha256_file(&root.join(path)).unwrap();
            assert_eq!(
                got, sha,
                "{path} changed since models/vectors.bin was trained: retrain the vectors"
            );
        } else {
            let got = geostance::data::sha256_file(&root.join(path)).unwrap();
            assert_eq!(
                got, sha,
                "{path} is not the file recorded in models/vectors.sha256"
            );
        }
    }
}

#[test]
fn batch_equals_single_and_model_round_trips() {
    let texts: Vec<String> = [
        "We support the deal.",
        "We reject the deal.",
        "A deal was discussed.",
        "We back it.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let data = LabeledData::from_rows(
        "text",
        texts.clone(),
        vec![(
            "stance".into(),
            vec![
                "cooperative".into(),
                "tense".into(),
                "neutral".into(),
                "cooperative".into(),
            ],
        )],
    );
    let model = geostance::train(&data, &TrainOptions::default()).unwrap();
    let json = model.to_json();
    let clf = Classifier::from_model(model);
    let loaded = Classifier::from_model(
        geostance::Model::from_bytes(json.as_bytes(), std::path::Path::new("m")).unwrap(),
    );
    let batch = clf.classify_batch(&texts);
    for (t, b) in texts.iter().zip(&batch) {
        assert_eq!(&clf.classify(t), b);
        assert_eq!(&loaded.classify(t), b);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn tokenizer_never_panics_and_offsets_are_valid(text in "\\PC*") {
        let a = geostance::tokenize::Analyzer::new(Default::default()).unwrap();
        let tokens = a.tokens(&text);
        for t in &tokens {
            prop_assert!(t.start < t.end && t.end <= text.len());
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        prop_assert_eq!(tokens, a.tokens(&text));
    }

    #[test]
    fn classify_never_panics_and_probabilities_sum_to_one(text in any::<String>()) {
        let clf = embedded();
        let p = clf.classify(&text);
        for h in &p.heads {
            let sum: f32 = h.probabilities.iter().map(|(_, p)| *p).sum();
            prop_assert!(h.probabilities.iter().all(|(_, p)| p.is_finite()));
            prop_assert!((sum - 1.0).abs() < 1e-4);
        }
    }
}

fn embedded() -> &'static Classifier {
    static CLF: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    CLF.get_or_init(|| Classifier::embedded().unwrap())
}
