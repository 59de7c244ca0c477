//! Embedding geostance: load the default model, classify, explain.
//! Run: cargo run --release --example embed -- "Your statement here."

use geostance::Classifier;

fn main() -> Result<(), geostance::Error> {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "For Kazakhstan, Russia is and has always been a strategic partner.".into()
    });
    let clf = Classifier::embedded()?;
    let prediction = clf.classify(&text);
    for head in &prediction.heads {
        println!("{}: {} ({:.2})", head.head, head.label, head.confidence);
    }
    // Why: the three features that pushed hardest toward the stance label.
    let why = clf.explain(&text);
    for f in why.heads[0].features.iter().take(3) {
        println!("  {:+.3} {} {:?}", f.contribution, f.term, f.words);
    }
    Ok(())
}
