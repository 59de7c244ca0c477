//! Tests of the vectorizer.

use super::weigh::SUBLINEAR_TF;
use super::*;

#[test]
fn sublinear_table_matches_ln() {
    for (tf, &v) in SUBLINEAR_TF.iter().enumerate().skip(1) {
        assert_eq!(v.to_bits(), (1.0 + (tf as f32).ln()).to_bits(), "tf {tf}");
    }
}
use crate::tokenize::AnalyzerConfig;

fn analyzer(chars: bool) -> Analyzer {
    let mut c = AnalyzerConfig::default();
    if chars {
        c.char_ngrams = Some([2, 4]);
    }
    Analyzer::new(c).unwrap()
}

#[test]
fn transform_reproduces_training_rows() {
    for chars in [false, true] {
        let texts = [
            "Russia is a strategic partner.",
            "We are not partners anymore; sanctions follow.",
            "The ministers will meet in Vienna.",
        ];
        let (v, rows) = fit(analyzer(chars), &texts, &VocabularyParams::default()).unwrap();
        for (t, r) in texts.iter().zip(&rows) {
            // Same features and values; transform lists them in order of
            // first occurrence, training rows by id.
            let again = v.transform(t);
            let mut pairs: Vec<(u32, f32)> = again
                .indices
                .iter()
                .copied()
                .zip(again.values.iter().copied())
                .collect();
            pairs.sort_by_key(|p| p.0);
            let indices: Vec<u32> = pairs.iter().map(|p| p.0).collect();
            assert_eq!(indices, r.indices);
            for ((_, a), b) in pairs.iter().zip(&r.values) {
                assert!((a - b).abs() < 1e-6);
            }
        }
        // and the string analyzer agrees with the keyed one
        let mut from_strings: Vec<&str> = Vec::new();
        let all = v.analyzer().terms(texts[1]);
        for t in &all {
            from_strings.push(t);
        }
        let mut expected: Vec<u32> = from_strings
            .iter()
            .map(|t| v.terms().iter().position(|x| x == t).unwrap() as u32)
            .collect();
        expected.sort();
        expected.dedup();
        let mut got = v.transform(texts[1]).indices;
        got.sort();
        assert_eq!(got, expected);
    }
}

#[test]
fn rows_are_l2_normalised_with_smooth_idf_and_sublinear_tf() {
    let texts = ["war war peace", "peace"];
    let c = AnalyzerConfig {
        word_ngrams: [1, 1],
        ..Default::default()
    };
    let (v, rows) = fit(
        Analyzer::new(c).unwrap(),
        &texts,
        &VocabularyParams::default(),
    )
    .unwrap();
    assert_eq!(v.terms(), ["peac", "war"]);
    // idf(peace) = ln(3/3)+1 = 1; idf(war) = ln(3/2)+1
    let w_war = (1.0 + 2f32.ln()) * ((1.5f32).ln() + 1.0);
    let w_peace = 1.0f32;
    let norm = (w_war * w_war + w_peace * w_peace).sqrt();
    assert!((rows[0].values[0] - w_peace / norm).abs() < 1e-6);
    assert!((rows[0].values[1] - w_war / norm).abs() < 1e-6);
    assert_eq!(rows[1].values, [1.0]);
    // transform counts repeats the same way (first occurrence order), and
    // leaves its counters clean for the next text.
    let again = v.transform("war war peace");
    assert_eq!(again.indices, [1, 0]);
    assert!((again.values[0] - w_war / norm).abs() < 1e-6);
    assert!((again.values[1] - w_peace / norm).abs() < 1e-6);
    assert_eq!(v.transform("peace").values, [1.0]);
}

#[test]
fn min_df_and_max_features_prune() {
    let texts = ["a b c", "a b", "a"];
    let c = AnalyzerConfig {
        word_ngrams: [1, 1],
        ..Default::default()
    };
    let p = VocabularyParams {
        min_df: 2,
        ..Default::default()
    };
    let (v, _) = fit(Analyzer::new(c.clone()).unwrap(), &texts, &p).unwrap();
    assert_eq!(v.terms(), ["a", "b"]);
    let p = VocabularyParams {
        max_features: Some(1),
        ..Default::default()
    };
    let (v, _) = fit(Analyzer::new(c).unwrap(), &texts, &p).unwrap();
    assert_eq!(v.terms(), ["a"]);
}

#[test]
fn spans_point_at_the_words() {
    let texts = ["not a partner", "a partner"];
    let (v, _) = fit(analyzer(false), &texts, &VocabularyParams::default()).unwrap();
    let text = "Not a partner";
    let (_, hits) = v.transform_with_spans(text);
    let neg = v.terms().iter().position(|t| t == "¬a ¬partner").unwrap() as u32;
    let hit = hits.iter().find(|h| h.feature == neg).unwrap();
    assert_eq!(hit.spans, [(4, 5), (6, 13)]);
}
