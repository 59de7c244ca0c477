//! Fitting the vocabulary and idf on training texts.
//!
//! Terms are counted under integer keys (see [`super::keys`]): a word
//! n-gram packed, a character n-gram tagged. Only the kept terms get names
//! and feature ids.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::keys::{char_key, for_each_ngram, term_name, word_key};
use super::{SparseRow, TfIdf, VocabularyParams, weigh};
use crate::error::{Error, Result};
use crate::tokenize::Analyzer;

/// A term that passed the vocabulary limits.
struct KeptTerm {
    /// Its count key.
    key: u128,
    /// Training rows it occurs in.
    df: u32,
    /// Occurrences over all training rows.
    total: u64,
    /// Its name (`stem`, `¬stem stem`, `c:gram`).
    term: String,
}

/// Every term of the training texts, counted.
#[derive(Default)]
struct TermCounts {
    stems: FxHashMap<String, u64>,
    stem_names: Vec<String>,
    grams: FxHashMap<String, u64>,
    gram_names: Vec<String>,
    /// Per text, its term keys, sorted (repeated per occurrence).
    doc_keys: Vec<Vec<u128>>,
    /// Per key: (document frequency, total frequency).
    counts: FxHashMap<u128, (u32, u64)>,
}

impl TermCounts {
    /// Interns stems and character n-grams; counts document frequency and
    /// total frequency of every term key.
    fn count(analyzer: &Analyzer, texts: &[&str]) -> Self {
        let mut c = TermCounts {
            doc_keys: Vec::with_capacity(texts.len()),
            ..Default::default()
        };
        let mut words = Vec::new();
        let mut lower = String::new();
        let mut keys: Vec<Option<u64>> = Vec::new();
        for text in texts {
            analyzer.words(text, &mut words);
            keys.clear();
            let mut doc: Vec<u128> = Vec::new();
            for w in &words {
                analyzer.lowercase_into(&text[w.start..w.end], &mut lower);
                let stem = match w.actor {
                    Some(kind) => Cow::Borrowed(kind.placeholder()),
                    None => analyzer.stem(&lower),
                };
                let sid = intern(&mut c.stems, &mut c.stem_names, stem);
                keys.push(Some(word_key(sid, w.negated)));
                if w.actor.is_some() {
                    continue; // a placeholder has no characters of its own
                }
                analyzer.char_grams(&lower, |g| {
                    let gid = intern(&mut c.grams, &mut c.gram_names, Cow::Borrowed(g));
                    doc.push(char_key(gid));
                });
            }
            for_each_ngram(&keys, analyzer.config().word_ngrams, |packed, _, _| {
                doc.push(packed)
            });
            doc.sort_unstable();
            for run in doc.chunk_by(|a, b| a == b) {
                let e = c.counts.entry(run[0]).or_insert((0, 0));
                e.0 += 1;
                e.1 += run.len() as u64;
            }
            c.doc_keys.push(doc);
        }
        c
    }

    /// The name of the term under `key`.
    fn term(&self, key: u128) -> String {
        term_name(key, &self.stem_names, &self.gram_names)
    }

    /// The terms within the limits of `params`, sorted by name.
    fn kept(&self, params: &VocabularyParams) -> Result<Vec<KeptTerm>> {
        let n_docs = self.doc_keys.len();
        let max_df_docs = (params.max_df * n_docs as f64).floor() as u32;
        let mut kept: Vec<KeptTerm> = self
            .counts
            .iter()
            .filter(|&(_, &(df, _))| df as usize >= params.min_df && df <= max_df_docs.max(1))
            .map(|(&key, &(df, total))| KeptTerm {
                key,
                df,
                total,
                term: self.term(key),
            })
            .collect();
        if let Some(max) = params.max_features
            && kept.len() > max
        {
            // Most frequent over the corpus first; ties by term for determinism.
            kept.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.term.cmp(&b.term)));
            kept.truncate(max);
        }
        kept.sort_by(|a, b| a.term.cmp(&b.term));
        if kept.is_empty() {
            return Err(Error::EmptyVocabulary {
                rows: n_docs,
                min_df: params.min_df,
                max_df: params.max_df,
            });
        }
        Ok(kept)
    }
}

/// The id of `name` in `ids`, added (and named in `names`) when new.
fn intern(ids: &mut FxHashMap<String, u64>, names: &mut Vec<String>, name: Cow<'_, str>) -> u64 {
    if let Some(&id) = ids.get(name.as_ref()) {
        return id;
    }
    let id = names.len() as u64;
    names.push(name.to_string());
    ids.insert(name.into_owned(), id);
    id
}

/// Fits the vocabulary and idf on training texts and returns the vectorizer
/// with the training rows already transformed.
///
/// # Errors
/// Invalid `params`, or [`Error::EmptyVocabulary`] when no term is within
/// the limits.
pub fn fit(
    analyzer: Analyzer,
    texts: &[&str],
    params: &VocabularyParams,
) -> Result<(TfIdf, Vec<SparseRow>)> {
    params.validate()?;
    let counts = TermCounts::count(&analyzer, texts);
    let kept = counts.kept(params)?;
    let n_docs = texts.len();
    let feature_of: FxHashMap<u128, u32> = kept
        .iter()
        .enumerate()
        .map(|(i, k)| (k.key, i as u32))
        .collect();
    let idf: Vec<f32> = kept
        .iter()
        .map(|k| (((1 + n_docs) as f64 / (1 + k.df) as f64).ln() + 1.0) as f32)
        .collect();
    let terms: Vec<String> = kept.into_iter().map(|k| k.term).collect();
    let mut scratch = Vec::new();
    let rows = counts
        .doc_keys
        .iter()
        .map(|doc| {
            let mut ids: Vec<u32> = doc
                .iter()
                .filter_map(|k| feature_of.get(k).copied())
                .collect();
            // Training rows are sorted by feature id (the solvers' CSR order).
            ids.sort_unstable();
            let mut row = SparseRow::default();
            weigh(&ids, &idf, &mut scratch, &mut row);
            row
        })
        .collect();
    let tfidf = TfIdf::from_parts(analyzer, terms, idf)?;
    Ok((tfidf, rows))
}
