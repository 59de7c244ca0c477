//! The analyzer's configuration: stemming language, negation, n-gram
//! ranges, actor masking. Plain serde data, saved inside every model.

use rust_stemmers::Algorithm;
use serde::{Deserialize, Serialize};

use super::MAX_WORD_NGRAM;
use crate::actors::ActorRow;
use crate::error::{Error, InvalidOption, Result};

/// Snowball stemming languages (those of `rust-stemmers`), or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Snowball's Arabic stemmer.
    Arabic,
    /// Snowball's Danish stemmer.
    Danish,
    /// Snowball's Dutch stemmer.
    Dutch,
    /// Snowball's English stemmer.
    English,
    /// Snowball's Finnish stemmer.
    Finnish,
    /// Snowball's French stemmer.
    French,
    /// Snowball's German stemmer.
    German,
    /// Snowball's Greek stemmer.
    Greek,
    /// Snowball's Hungarian stemmer.
    Hungarian,
    /// Snowball's Italian stemmer.
    Italian,
    /// Snowball's Norwegian stemmer.
    Norwegian,
    /// Snowball's Portuguese stemmer.
    Portuguese,
    /// Snowball's Romanian stemmer.
    Romanian,
    /// Snowball's Russian stemmer.
    Russian,
    /// Snowball's Spanish stemmer.
    Spanish,
    /// Snowball's Swedish stemmer.
    Swedish,
    /// Snowball's Tamil stemmer.
    Tamil,
    /// Snowball's Turkish stemmer.
    Turkish,
    /// No stemming: terms are the lowercased words.
    None,
}

impl Language {
    /// Every accepted name, for error messages and `--help`.
    pub const NAMES: &'static [&'static str] = &[
        "arabic",
        "danish",
        "dutch",
        "english",
        "finnish",
        "french",
        "german",
        "greek",
        "hungarian",
        "italian",
        "norwegian",
        "portuguese",
        "romanian",
        "russian",
        "spanish",
        "swedish",
        "tamil",
        "turkish",
        "none",
    ];

    pub(super) fn algorithm(self) -> Option<Algorithm> {
        use Language::*;
        Some(match self {
            Arabic => Algorithm::Arabic,
            Danish => Algorithm::Danish,
            Dutch => Algorithm::Dutch,
            English => Algorithm::English,
            Finnish => Algorithm::Finnish,
            French => Algorithm::French,
            German => Algorithm::German,
            Greek => Algorithm::Greek,
            Hungarian => Algorithm::Hungarian,
            Italian => Algorithm::Italian,
            Norwegian => Algorithm::Norwegian,
            Portuguese => Algorithm::Portuguese,
            Romanian => Algorithm::Romanian,
            Russian => Algorithm::Russian,
            Spanish => Algorithm::Spanish,
            Swedish => Algorithm::Swedish,
            Tamil => Algorithm::Tamil,
            Turkish => Algorithm::Turkish,
            None => return Option::None,
        })
    }

    /// Words that open a negation scope in this language (besides English
    /// `n't` endings, which always count).
    pub fn default_negators(self) -> Vec<String> {
        let words: &[&str] = match self {
            Language::Russian => &[
                "не",
                "нет",
                "ни",
                "без",
                "никогда",
                "никак",
                "ничего",
                "нельзя",
            ],
            Language::French => &[
                "ne", "pas", "non", "jamais", "sans", "aucun", "aucune", "ni",
            ],
            Language::German => &[
                "nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals", "ohne",
                "weder",
            ],
            Language::Spanish | Language::Portuguese | Language::Italian => &[
                "no", "nunca", "sin", "ni", "jamás", "não", "sem", "nem", "non", "mai", "senza",
                "né",
            ],
            _ => &[],
        };
        let english = [
            "not", "no", "never", "without", "nor", "neither", "cannot", "none", "nobody",
            "nothing", "nowhere", "hardly",
        ];
        let mut all: Vec<String> = english.iter().chain(words).map(|w| w.to_string()).collect();
        all.sort();
        all.dedup();
        all
    }
}

impl std::str::FromStr for Language {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let name = s.trim().to_lowercase();
        serde_json::from_value(serde_json::Value::String(name.clone()))
            .map_err(|_| Error::UnknownLanguage(s.to_string()))
    }
}

/// How text becomes terms. Saved inside the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzerConfig {
    /// Snowball stemmer. Default: english.
    pub language: Language,
    /// Mark the words after a negator, up to the next clause punctuation. Default: true.
    pub negation: bool,
    /// Words that open a negation scope (lowercase). Default: per language.
    pub negators: Vec<String>,
    /// Word n-gram lengths, inclusive. Default: [1, 2].
    pub word_ngrams: [usize; 2],
    /// Character n-gram lengths inside word boundaries (like scikit-learn's
    /// `char_wb`), or none. Default: none.
    pub char_ngrams: Option<[usize; 2]>,
    /// Replace every actor mention (state, capital, organisation, person) by
    /// a typed placeholder term (`⟨country⟩`, `⟨org⟩`, `⟨person⟩`) before
    /// stemming and n-grams, so that the model learns what is said, not who
    /// is named. Default: true; models saved before this option read as false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mask_actors: bool,
    /// Actor rows added to the embedded gazetteer for masking (a user's
    /// `--actors` file at training time). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ActorRow>,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        Self::for_language(Language::English)
    }
}

impl AnalyzerConfig {
    /// Defaults with the given stemming language and its negators.
    pub fn for_language(language: Language) -> Self {
        AnalyzerConfig {
            language,
            negation: true,
            negators: language.default_negators(),
            word_ngrams: [1, 2],
            char_ngrams: None,
            mask_actors: true,
            actors: Vec::new(),
        }
    }

    /// Checks ranges; every analyzer is built from a checked config.
    ///
    /// # Errors
    /// [`crate::Error::InvalidOption`] for an n-gram range outside
    /// `1 <= min <= max <= MAX_WORD_NGRAM` or an invalid character n-gram range.
    pub fn validate(&self) -> Result<()> {
        let [lo, hi] = self.word_ngrams;
        if lo < 1 || hi < lo || hi > MAX_WORD_NGRAM {
            return Err(InvalidOption::WordNgrams([lo, hi]).into());
        }
        if let Some([lo, hi]) = self.char_ngrams
            && (lo < 1 || hi < lo || hi > 10)
        {
            return Err(InvalidOption::CharNgrams([lo, hi]).into());
        }
        Ok(())
    }
}
