//! Any bytes as a model file, in both formats: a clear error or a model
//! that classifies, never a panic. The bytes are tried as they are (JSON,
//! or binary when they start like it), and as the JSON header of a binary
//! file (an 8-byte length put in front), so the safetensors header parser
//! and the checks behind it are reached without a valid seed. Seeds: small
//! valid models in both formats (see docs/fuzzing.md).
#![no_main]
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8]) {
    if let Ok(model) = geostance::Model::from_bytes(bytes, std::path::Path::new("fuzz.model")) {
        let clf = geostance::Classifier::from_model(model);
        let p = clf.classify("We condemn the strikes and thank our partners.");
        for h in &p.heads {
            assert!(h.probabilities.iter().all(|(_, p)| p.is_finite()));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let mut binary = (data.len() as u64).to_le_bytes().to_vec();
    binary.extend_from_slice(data);
    check(&binary);
});
