//! Fitting the vocabulary and idf on training texts.

use rustc_hash::FxHashMap;

use super::{SparseRow, TfIdf, VocabularyParams, weigh};
use crate::error::{Error, Result};
use crate::tokenize::{Analyzer, CHAR_PREFIX, NEGATION_MARK, for_each_ngram};

/// Fits the vocabulary and idf on training texts and returns the vectorizer
/// with the training rows already transformed.
pub fn fit(
    analyzer: Analyzer,
    texts: &[&str],
    params: &VocabularyParams,
) -> Result<(TfIdf, Vec<SparseRow>)> {
    params.validate()?;
    // Intern stems and character n-grams; count document frequency and total
    // frequency of every term key.
    let mut stems: FxHashMap<String, u64> = FxHashMap::default();
    let mut stem_names: Vec<String> = Vec::new();
    let mut grams: FxHashMap<String, u64> = FxHashMap::default();
    let mut gram_names: Vec<String> = Vec::new();
    let mut doc_keys: Vec<Vec<u128>> = Vec::with_capacity(texts.len());
    let mut counts: FxHashMap<u128, (u32, u64)> = FxHashMap::default();
    let mut words = Vec::new();
    let mut lower = String::new();
    let mut keys: Vec<Option<u64>> = Vec::new();
    const CHAR_TAG: u128 = 15 << 124;
    for text in texts {
        analyzer.words(text, &mut words);
        keys.clear();
        let mut doc: Vec<u128> = Vec::new();
        for w in &words {
            analyzer.lowercase_into(&text[w.start..w.end], &mut lower);
            let stem = match w.actor {
                Some(kind) => std::borrow::Cow::Borrowed(kind.placeholder()),
                None => analyzer.stem(&lower),
            };
            let sid = match stems.get(stem.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = stem_names.len() as u64;
                    stem_names.push(stem.to_string());
                    stems.insert(stem.into_owned(), id);
                    id
                }
            };
            keys.push(Some(sid << 1 | w.negated as u64));
            if w.actor.is_some() {
                continue; // a placeholder has no characters of its own
            }
            analyzer.char_grams(&lower, |g| {
                let gid = match grams.get(g) {
                    Some(&id) => id,
                    None => {
                        let id = gram_names.len() as u64;
                        gram_names.push(g.to_string());
                        grams.insert(g.to_string(), id);
                        id
                    }
                };
                doc.push(CHAR_TAG | gid as u128);
            });
        }
        for_each_ngram(&keys, analyzer.config().word_ngrams, |packed, _, _| {
            doc.push(packed)
        });
        doc.sort_unstable();
        let mut i = 0;
        while i < doc.len() {
            let mut j = i;
            while j < doc.len() && doc[j] == doc[i] {
                j += 1;
            }
            let c = counts.entry(doc[i]).or_insert((0, 0));
            c.0 += 1;
            c.1 += (j - i) as u64;
            i = j;
        }
        doc_keys.push(doc);
    }

    let term_of = |key: u128| -> String {
        if key >> 124 == 15 {
            return format!(
                "{CHAR_PREFIX}{}",
                gram_names[(key & 0xFFFF_FFFF_FFFF) as usize]
            );
        }
        let n = (key >> 124) as usize;
        (0..n)
            .map(|i| {
                let k = ((key >> (40 * i)) & ((1u128 << 40) - 1)) as u64;
                let stem = &stem_names[(k >> 1) as usize];
                if k & 1 == 1 {
                    format!("{NEGATION_MARK}{stem}")
                } else {
                    stem.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };

    let n_docs = texts.len();
    let max_df_docs = (params.max_df * n_docs as f64).floor() as u32;
    let mut kept: Vec<(u128, u32, u64, String)> = counts
        .into_iter()
        .filter(|&(_, (df, _))| df as usize >= params.min_df && df <= max_df_docs.max(1))
        .map(|(k, (df, tf))| (k, df, tf, term_of(k)))
        .collect();
    if let Some(max) = params.max_features
        && kept.len() > max
    {
        // Most frequent over the corpus first; ties by term for determinism.
        kept.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.3.cmp(&b.3)));
        kept.truncate(max);
    }
    kept.sort_by(|a, b| a.3.cmp(&b.3));
    if kept.is_empty() {
        return Err(Error::EmptyVocabulary {
            rows: n_docs,
            min_df: params.min_df,
            max_df: params.max_df,
        });
    }
    let feature_of: FxHashMap<u128, u32> = kept
        .iter()
        .enumerate()
        .map(|(i, k)| (k.0, i as u32))
        .collect();
    let idf: Vec<f32> = kept
        .iter()
        .map(|k| (((1 + n_docs) as f64 / (1 + k.1) as f64).ln() + 1.0) as f32)
        .collect();
    let terms: Vec<String> = kept.into_iter().map(|k| k.3).collect();
    let mut counts = Vec::new();
    let rows = doc_keys
        .iter()
        .map(|doc| {
            let mut ids: Vec<u32> = doc
                .iter()
                .filter_map(|k| feature_of.get(k).copied())
                .collect();
            // Training rows are sorted by feature id (the solvers' CSR order).
            ids.sort_unstable();
            let mut row = SparseRow::default();
            weigh(&ids, &idf, &mut counts, &mut row);
            row
        })
        .collect();
    let tfidf = TfIdf::from_parts(analyzer, terms, idf)?;
    Ok((tfidf, rows))
}
