//! Any bytes as a model file: a clear error or a model that classifies, never
//! a panic. Seeds: small valid models (see docs/fuzzing.md).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = geostance::Model::from_bytes(data, std::path::Path::new("fuzz.json")) {
        let clf = geostance::Classifier::from_model(model);
        let p = clf.classify("We condemn the strikes and thank our partners.");
        for h in &p.heads {
            assert!(h.probabilities.iter().all(|(_, p)| p.is_finite()));
        }
    }
});
