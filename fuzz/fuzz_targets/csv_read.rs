//! Any bytes as a training CSV: an error or data, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use geostance::data::{ReadOptions, parse_labeled};

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz.csv");
    for options in [ReadOptions::default(), ReadOptions { lossy: true, skip_invalid: true, ..Default::default() }] {
        if let Ok(d) = parse_labeled(data, path, "text", &[], &options) {
            assert!(!d.texts.is_empty());
            for (_, labels) in &d.heads {
                assert_eq!(labels.len(), d.texts.len());
            }
        }
    }
});
