//! Any UTF-8 text: tokens never panic, spans are in bounds on char boundaries,
//! and classification gives finite probabilities that sum to 1.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn clf() -> &'static geostance::Classifier {
    static C: OnceLock<geostance::Classifier> = OnceLock::new();
    C.get_or_init(|| geostance::Classifier::embedded().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut cfg = geostance::tokenize::AnalyzerConfig::default();
    cfg.char_ngrams = Some([2, 4]);
    let a = geostance::tokenize::Analyzer::new(cfg).unwrap();
    for t in a.tokens(text) {
        assert!(t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
    let _ = a.terms(text);
    let p = clf().classify(text);
    for h in &p.heads {
        let sum: f32 = h.probabilities.iter().map(|(_, p)| *p).sum();
        assert!((sum - 1.0).abs() < 1e-4);
    }
    let e = clf().explain(text);
    assert_eq!(e.heads.len(), p.heads.len());
});
