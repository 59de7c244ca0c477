//! Print the analyzer's terms of each input line, space-separated: the words
//! `geostance vectors` learns vectors for (lowercased, English stems, actor
//! names replaced by `⟨country⟩` `⟨org⟩` `⟨person⟩`, no negation marks).
//! Used to give scikit-learn and fastText the same terms as the vectors
//! (scripts/vectors_peers.py).
//! Run: cargo run --release --example analyze -- [--keep-names] < lines.txt

use std::io::{BufRead, BufWriter, Write};

use geostance::tokenize::{Analyzer, AnalyzerConfig, Language};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keep_names = std::env::args().skip(1).any(|a| a == "--keep-names");
    // The configuration of `geostance vectors` (src/cli/vectors.rs).
    let mut config = AnalyzerConfig::for_language(Language::English);
    config.negation = false;
    config.word_ngrams = [1, 1];
    config.mask_actors = !keep_names;
    let analyzer = Analyzer::new(config)?;
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let terms: Vec<String> = analyzer.tokens(&line).into_iter().map(|t| t.term).collect();
        writeln!(out, "{}", terms.join(" "))?;
    }
    Ok(())
}
