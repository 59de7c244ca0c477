//! Tests of word-vector features: pooling, folding, the model round trip.

use std::sync::Arc;

use super::*;
use crate::classifier::Classifier;
use crate::embeddings::{VectorsInfo, WordVectors};
use crate::model::Model;

/// Hand-made 2-d vectors: approval words point one way, disapproval the
/// other; "applaud" and "deplor" never occur in the labeled rows.
fn vectors() -> WordVectors {
    let words = [
        ("welcom", [1.0, 0.1]),
        ("applaud", [0.9, 0.2]),
        ("condemn", [-1.0, 0.1]),
        ("deplor", [-0.9, 0.2]),
        ("we", [0.0, 1.0]),
        ("it", [0.05, 0.9]),
        ("⟨country⟩", [0.0, 0.5]),
    ];
    WordVectors::new(
        crate::tokenize::AnalyzerConfig::default(),
        VectorsInfo::default(),
        words.iter().map(|w| w.0.to_string()).collect(),
        vec![1; words.len()],
        2,
        words.iter().flat_map(|w| w.1).collect(),
    )
    .unwrap()
}

fn data() -> LabeledData {
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    for i in 0..12 {
        let (t, l) = if i % 2 == 0 {
            ("We welcome it.", "support")
        } else {
            ("We condemn it.", "oppose")
        };
        texts.push(t.to_string());
        labels.push(l.to_string());
    }
    LabeledData::from_rows("text", texts, vec![("position".into(), labels)])
}

fn options(pooling: Pooling) -> TrainOptions {
    TrainOptions {
        alpha: 0.01,
        vectors: Some(VectorOptions {
            table: Arc::new(vectors()),
            file: "v.bin".into(),
            sha256: "0".repeat(64),
            pooling,
            scale: 2.0,
            vectors_only: false,
        }),
        ..Default::default()
    }
}

#[test]
fn vectors_label_words_the_labeled_rows_never_had() {
    for pooling in [
        Pooling::Mean,
        Pooling::UnitMean,
        Pooling::UnitSqrt,
        Pooling::L2,
    ] {
        let clf = Classifier::from_model(train(&data(), &options(pooling)).unwrap());
        assert_eq!(
            clf.classify("They applaud.").label("position"),
            Some("support"),
            "{pooling:?}"
        );
        assert_eq!(
            clf.classify("They deplore.").label("position"),
            Some("oppose"),
            "{pooling:?}"
        );
        // Without vectors the unseen words carry nothing: the same answer for both.
        let plain = Classifier::from_model(
            train(
                &data(),
                &TrainOptions {
                    alpha: 0.01,
                    ..Default::default()
                },
            )
            .unwrap(),
        );
        assert_eq!(
            plain.classify("They applaud.").heads[0].probabilities,
            plain.classify("They deplore.").heads[0].probabilities
        );
    }
}

#[test]
fn folded_weights_give_the_scores_of_the_pooled_vector() {
    // A head over 3 terms + 2 pooled dimensions, 2 labels.
    let dense_w = [0.5f32, -1.0, 2.0, 0.25];
    let mut head = FittedHead {
        name: "h".into(),
        labels: vec!["a".into(), "b".into()],
        weights: vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
            .into_iter()
            .chain(dense_w)
            .collect(),
        intercepts: vec![0.0, 0.0],
    };
    let unit = [1.0f32, 0.0, 0.6, 0.8, -0.6, 0.8];
    fold_word_vectors(&mut head, 3, &unit, 2, 1.5);
    assert_eq!(head.weights.len(), (3 + 3) * 2);
    // Word 1 twice and word 2 once, mean pooling: a = [0, 2/3, 1/3].
    let a = [0.0f32, 2.0 / 3.0, 1.0 / 3.0];
    let pooled: Vec<f32> = (0..2)
        .map(|j| (0..3).map(|w| a[w] * unit[w * 2 + j]).sum::<f32>() * 1.5)
        .collect();
    for c in 0..2 {
        let direct = pooled[0] * dense_w[c] + pooled[1] * dense_w[2 + c];
        let folded: f32 = (0..3).map(|w| a[w] * head.weight((3 + w) as u32, c)).sum();
        assert!(
            (direct - folded).abs() < 1e-6,
            "label {c}: {direct} vs {folded}"
        );
    }
}

#[test]
fn pooling_weighs_words_by_count_over_the_words_with_vectors() {
    let model = train(&data(), &options(Pooling::Mean)).unwrap();
    let v = model.vectorizer();
    let n = v.len() as u32;
    // "we" twice, "welcom" once, "zebra" has no vector: 2/3 and 1/3.
    let row = v.transform("We we welcome zebras.");
    let words: Vec<(String, f32)> = row
        .indices
        .iter()
        .zip(&row.values)
        .filter(|(f, _)| **f >= n)
        .map(|(&f, &x)| (v.feature_name(f), x))
        .collect();
    assert_eq!(words.len(), 2, "{words:?}");
    assert!(
        words.contains(&("v:we".to_string(), 2.0 / 3.0)),
        "{words:?}"
    );
    assert!(
        words.contains(&("v:welcom".to_string(), 1.0 / 3.0)),
        "{words:?}"
    );
    // unit-sqrt: count / sqrt(3).
    let model = train(&data(), &options(Pooling::UnitSqrt)).unwrap();
    let row = model.vectorizer().transform("We we welcome zebras.");
    let mut values: Vec<f32> = row.values[row.values.len() - 2..].to_vec();
    values.sort_by(f32::total_cmp);
    assert!((values[0] - 1.0 / 3f32.sqrt()).abs() < 1e-6, "{values:?}");
    assert!((values[1] - 2.0 / 3f32.sqrt()).abs() < 1e-6, "{values:?}");
    // l2: count / |sum of vectors| = 1 / |(1, 0.1) + 2 (0, 1)|.
    let model = train(&data(), &options(Pooling::L2)).unwrap();
    let v = model.vectorizer();
    let row = v.transform("We we welcome zebras.");
    let norm = (1.0f32 + 2.1 * 2.1).sqrt();
    let welcome = v.len() as u32;
    let at = row.indices.iter().position(|&f| f == welcome).unwrap();
    assert!((row.values[at] - 1.0 / norm).abs() < 1e-6);
    // a placeholder has its vector too
    let row = v.transform("France.");
    assert_eq!(row.indices.len(), 1, "{:?}", row);
}

#[test]
fn model_with_vectors_round_trips_and_old_format_stays() {
    for pooling in [Pooling::UnitMean, Pooling::UnitSqrt, Pooling::L2] {
        let model = train(&data(), &options(pooling)).unwrap();
        let json = model.to_json();
        assert!(json.contains("\"format_version\":2"));
        let again = Model::from_bytes(json.as_bytes(), std::path::Path::new("m.json")).unwrap();
        assert_eq!(again.to_json(), json);
        let (a, b) = (Classifier::from_model(model), Classifier::from_model(again));
        for t in ["They applaud.", "We condemn France.", "", "zebra"] {
            assert_eq!(a.classify(t), b.classify(t), "{t}");
        }
        let e = b.explain("They applaud.");
        assert!(
            e.heads[0]
                .features
                .iter()
                .any(|f| f.term == "v:applaud" && f.words == ["applaud"])
        );
        // A version 1 header on a file with word features is refused.
        let bad = json.replace("\"format_version\":2", "\"format_version\":1");
        let err = Model::from_bytes(bad.as_bytes(), std::path::Path::new("m.json")).unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
    }
    let plain = train(&data(), &TrainOptions::default()).unwrap();
    assert!(plain.to_json().contains("\"format_version\":1"));
}

#[test]
fn vectors_of_another_language_are_refused() {
    let mut o = options(Pooling::Mean);
    o.analyzer = crate::tokenize::AnalyzerConfig::for_language(crate::tokenize::Language::French);
    let e = train(&data(), &o).unwrap_err().to_string();
    assert!(e.contains("same language"), "{e}");
}
