//! Tests of the analyzer.

use super::*;

fn terms(text: &str) -> Vec<String> {
    Analyzer::new(AnalyzerConfig::default())
        .unwrap()
        .tokens(text)
        .into_iter()
        .map(|t| t.term)
        .collect()
}

#[test]
fn negation_scope_runs_to_punctuation() {
    assert_eq!(
        terms("They are not friends, but rivals"),
        ["they", "are", "not", "¬friend", "but", "rival"]
    );
    assert_eq!(
        terms("We don't trust them"),
        ["we", "don't", "¬trust", "¬them"]
    );
    assert_eq!(terms("no longer partners."), ["no", "¬longer", "¬partner"]);
}

#[test]
fn apostrophes_hyphens_and_abbreviations_stay_inside_words() {
    let a = Analyzer::new(AnalyzerConfig::default()).unwrap();
    let text = "Russia’s U.S.-backed cease-fire, 3.5 percent";
    let spans: Vec<&str> = a
        .tokens(text)
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect();
    assert_eq!(
        spans,
        ["Russia’s", "U.S", "backed", "cease-fire", "3.5", "percent"]
    );
}

#[test]
fn cyrillic_is_stemmed_with_russian() {
    let a = Analyzer::new(AnalyzerConfig::for_language(Language::Russian)).unwrap();
    let t: Vec<String> = a
        .tokens("Россия не является партнёром")
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert_eq!(t[0], "росс");
    assert!(t[2].starts_with('¬'), "{t:?}");
    assert!(t[3].starts_with("¬партн"), "{t:?}");
}

#[test]
fn cjk_and_emoji_do_not_panic_and_keep_offsets() {
    let a = Analyzer::new(AnalyzerConfig::default()).unwrap();
    let text = "中国和俄罗斯 🇺🇦 peace 🙂 é\u{301}";
    for t in a.tokens(text) {
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
    assert_eq!(a.tokens("中国").len(), 2);
}

#[test]
fn char_grams_match_scikit_learn_char_wb() {
    let cfg = AnalyzerConfig {
        char_ngrams: Some([2, 3]),
        ..Default::default()
    };
    let a = Analyzer::new(cfg).unwrap();
    let mut g = Vec::new();
    a.char_grams("war", |s| g.push(s.to_string()));
    assert_eq!(g, [" w", "wa", "ar", "r ", " wa", "war", "ar "]);
}
