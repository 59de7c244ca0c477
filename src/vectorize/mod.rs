//! Words -> sparse TF-IDF rows: vocabulary fitting (min_df, max_df,
//! max_features), smooth idf, sublinear tf, L2-normalised rows.
//!
//! Prediction goes straight from text to feature ids through a per-thread
//! cache (surface word -> stem key and character n-gram ids), so a word is
//! lowercased and stemmed once per thread, not once per occurrence.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

mod fit;
mod keys;
mod weigh;

use crate::error::{Error, InvalidOption, Result};
use crate::tokenize::{Analyzer, Word};
pub use fit::fit;
use keys::{FeatureIds, word_key};
use weigh::{weigh, weigh_words};

/// A sparse row: distinct feature ids and their values. Rows made by
/// [`TfIdf::transform`] list features in order of first occurrence in the
/// text; training rows are sorted by id. Scores do not depend on the order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    /// Feature ids, each at most once.
    pub indices: Vec<u32>,
    /// The value of each feature in `indices`.
    pub values: Vec<f32>,
}

impl SparseRow {
    /// Number of non-zero features.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }
}

/// Vocabulary limits. Builder-style, each with its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VocabularyParams {
    /// Keep terms found in at least this many training rows. Default: 1.
    pub min_df: usize,
    /// Drop terms found in more than this share of training rows. Default: 1.0 (keep all).
    pub max_df: f64,
    /// Keep at most this many terms, the most frequent first. Default: 50,000.
    pub max_features: Option<usize>,
}

impl Default for VocabularyParams {
    fn default() -> Self {
        VocabularyParams {
            min_df: 1,
            max_df: 1.0,
            max_features: Some(50_000),
        }
    }
}

impl VocabularyParams {
    /// Checks the limits.
    ///
    /// # Errors
    /// [`crate::Error::InvalidOption`] for `min_df` 0, `max_df` outside
    /// (0, 1] or `max_features` 0.
    pub fn validate(&self) -> Result<()> {
        if self.min_df < 1 {
            return Err(InvalidOption::MinDf(self.min_df).into());
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(InvalidOption::MaxDf(self.max_df).into());
        }
        if self.max_features == Some(0) {
            return Err(InvalidOption::MaxFeatures(0).into());
        }
        Ok(())
    }
}

/// The fitted vectorizer: terms, idf, and the lookup tables built from them.
pub struct TfIdf {
    analyzer: Analyzer,
    terms: Vec<String>,
    idf: Vec<f32>,
    /// Terms -> feature ids. Unigrams are also copied into the word cache,
    /// so the hot path looks up bigrams and trigrams only.
    ids: FeatureIds,
    /// Identifies this vectorizer's entries in the per-thread word cache.
    cache_id: u64,
    /// The cache entries of the actor placeholders (`⟨country⟩`, `⟨org⟩`,
    /// `⟨person⟩`), which stand for a masked mention of any spelling.
    placeholders: [CachedWord; 3],
    /// Word features after the TF-IDF ones (pooled word vectors), if any.
    words: Option<WordFeatures>,
}

/// The prefix of word-vector feature names: `v:partner`.
pub const WORD_PREFIX: &str = "v:";

/// How the word-vector part of a row weighs the words of a text that have
/// vectors: feature `len() + w` gets `count(w) / n` under `Mean` (n = words
/// with vectors), `count(w) / sqrt(n)` under `SqrtN`, `count(w) / |sum of
/// their vectors|` under `L2`. A linear
/// head over these features is a linear head over the pooled vector, with
/// each word's vector folded into its weights.
#[derive(Debug, Clone, PartialEq)]
pub enum WordWeighting {
    /// `count(w) / n`: the mean of the words' vectors.
    Mean,
    /// `count(w) / sqrt(n)`: the length a sum of n unrelated unit vectors has.
    SqrtN,
    /// Needs the vectors (row-major, `dim` each) to take the norm of the sum.
    L2 {
        /// Dimensions per vector.
        dim: usize,
        /// One vector per word, row-major (`dim` values each).
        vectors: Vec<f32>,
    },
}

/// The words that carry vector features, and how they are weighed.
#[derive(Debug, Clone, PartialEq)]
pub struct WordFeatures {
    terms: Vec<String>,
    ids: FxHashMap<Box<str>, u32>,
    weighting: WordWeighting,
}

impl WordFeatures {
    /// `terms` are analyzer terms without negation marks (stems, placeholders).
    ///
    /// # Errors
    /// [`crate::Error::Vocabulary`] when a word repeats or `L2` vectors do
    /// not match the words.
    pub fn new(terms: Vec<String>, weighting: WordWeighting) -> Result<Self> {
        if let WordWeighting::L2 { dim, vectors } = &weighting
            && (*dim == 0 || vectors.len() != terms.len() * dim)
        {
            return Err(Error::vocabulary(format!(
                "{} vector values for {} words x {dim} dimensions",
                vectors.len(),
                terms.len()
            )));
        }
        let mut ids = FxHashMap::with_capacity_and_hasher(terms.len(), Default::default());
        for (i, t) in terms.iter().enumerate() {
            if ids.insert(t.as_str().into(), i as u32).is_some() {
                return Err(Error::vocabulary(format!("the word {t:?} appears twice")));
            }
        }
        Ok(WordFeatures {
            terms,
            ids,
            weighting,
        })
    }
    /// The words, in feature order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
    /// How a text's words are weighed.
    pub fn weighting(&self) -> &WordWeighting {
        &self.weighting
    }
}

impl std::fmt::Debug for TfIdf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TfIdf")
            .field("analyzer", &self.analyzer)
            .field("features", &self.terms.len())
            .finish()
    }
}

static NEXT_CACHE_ID: AtomicU64 = AtomicU64::new(1);

/// What the cache knows about one surface word: 16 bytes, so a cache
/// bucket (key and value) is 32 and more of the cache stays in CPU cache.
#[derive(Clone, Copy)]
struct CachedWord {
    /// Stem id, or `UNKNOWN_STEM` when the stem is in no term.
    stem: u32,
    /// Unigram feature of the word, plain and negated (NO_FEATURE if none).
    unigram: [u32; 2],
    /// Where the word's character n-gram features start in the cache's
    /// arena (`arena[chars]` is their count, the ids follow); 0 = none.
    chars: u32,
    /// Word-vector feature number (NO_FEATURE if none).
    word: u32,
}

const NO_FEATURE: u32 = u32::MAX;

/// The stem id of `stem` (`UNKNOWN_STEM` when no word term has it) and the
/// unigram features of its word, plain and negated.
fn stem_and_unigrams(ids: &FeatureIds, stem: &str) -> (u32, [u32; 2]) {
    match ids.stem(stem) {
        Some(s) => (
            s,
            [false, true].map(|neg| ids.unigram(s, neg).unwrap_or(NO_FEATURE)),
        ),
        None => (UNKNOWN_STEM, [NO_FEATURE; 2]),
    }
}

const UNKNOWN_STEM: u32 = u32::MAX;
/// Words cached per thread and vectorizer before the cache starts over.
const CACHE_LIMIT: usize = 1 << 20;

/// Per-thread cache of surface words. Words of up to 16 bytes (nearly all)
/// are keyed by their bytes packed into two u64, zero-padded (a word never
/// holds a NUL), so a lookup is one integer hash and compare.
#[derive(Default)]
struct WordCache {
    owner: u64,
    short: FxHashMap<[u64; 2], CachedWord>,
    long: FxHashMap<Box<str>, CachedWord>,
    /// Character n-gram ids of cached words (see `CachedWord::chars`).
    arena: Vec<u32>,
}

thread_local! {
    static WORD_CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
}

/// A word of at most 16 bytes as a key.
#[inline]
fn short_key(surface: &str) -> Option<[u64; 2]> {
    let b = surface.as_bytes();
    if b.len() > 16 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..b.len()].copy_from_slice(b);
    let (lo, hi) = k.split_at(8);
    Some([
        u64::from_le_bytes(lo.try_into().unwrap_or_default()),
        u64::from_le_bytes(hi.try_into().unwrap_or_default()),
    ])
}

/// Reusable buffers for turning one text into a row.
#[derive(Default)]
struct Scratch {
    words: Vec<Word>,
    keys: Vec<Option<u64>>,
    ids: Vec<u32>,
    /// Word-vector features of the text, one per occurrence, with the word.
    word_ids: Vec<(u32, usize)>,
    pooled: Vec<f32>,
    /// Occurrences per feature id while a row is weighed; all zero between
    /// rows. Grown to the largest vocabulary seen on this thread.
    counts: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Where a feature of a document came from: the word span(s) it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureHit {
    /// The feature id.
    pub feature: u32,
    /// Byte spans of the words behind this occurrence.
    pub spans: Vec<(usize, usize)>,
}

impl TfIdf {
    /// Rebuilds the lookup tables from saved terms and idf (model loading).
    ///
    /// # Errors
    /// [`crate::Error::Vocabulary`] when the lengths differ or a term is
    /// duplicated or malformed.
    pub fn from_parts(analyzer: Analyzer, terms: Vec<String>, idf: Vec<f32>) -> Result<Self> {
        if terms.len() != idf.len() {
            return Err(Error::vocabulary(format!(
                "{} terms but {} idf values",
                terms.len(),
                idf.len()
            )));
        }
        let ids = FeatureIds::new(&terms)?;
        let placeholders = crate::actors::PLACEHOLDERS.map(|p| {
            let (stem, unigram) = stem_and_unigrams(&ids, p);
            CachedWord {
                stem,
                unigram,
                chars: 0,
                word: NO_FEATURE,
            }
        });
        Ok(TfIdf {
            analyzer,
            terms,
            idf,
            ids,
            cache_id: NEXT_CACHE_ID.fetch_add(1, Ordering::Relaxed),
            placeholders,
            words: None,
        })
    }

    /// Adds word-vector features after the TF-IDF ones.
    pub fn with_word_features(mut self, words: WordFeatures) -> Self {
        for (i, p) in crate::actors::PLACEHOLDERS.iter().enumerate() {
            self.placeholders[i].word = words
                .ids
                .get(*p)
                .map_or(NO_FEATURE, |&w| w + self.terms.len() as u32);
        }
        self.words = Some(words);
        // Cached words of this vectorizer lack their word features.
        self.cache_id = NEXT_CACHE_ID.fetch_add(1, Ordering::Relaxed);
        self
    }

    /// The word-vector features, if any.
    pub fn word_features(&self) -> Option<&WordFeatures> {
        self.words.as_ref()
    }

    /// Every feature: the TF-IDF terms, then the word-vector words.
    pub fn n_features(&self) -> usize {
        self.terms.len() + self.words.as_ref().map_or(0, |w| w.terms.len())
    }

    /// The name of feature `f`: its term, or `v:` and the word for a
    /// word-vector feature.
    pub fn feature_name(&self, f: u32) -> String {
        let f = f as usize;
        match self.terms.get(f) {
            Some(t) => t.clone(),
            None => match &self.words {
                Some(w) => format!("{WORD_PREFIX}{}", w.terms[f - self.terms.len()]),
                None => String::new(),
            },
        }
    }

    /// Adds actor rows at prediction time (see [`Analyzer::add_actors`]).
    pub fn add_actors(&mut self, rows: &[crate::actors::ActorRow]) {
        self.analyzer.add_actors(rows);
    }

    /// The analyzer texts are split with.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }
    /// The TF-IDF terms, in feature order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
    /// The idf of each term.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }
    /// Number of TF-IDF terms (without word-vector features).
    pub fn len(&self) -> usize {
        self.terms.len()
    }
    /// True when there are no TF-IDF terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn lookup_word(&self, surface: &str, arena: &mut Vec<u32>) -> CachedWord {
        let mut lower = String::with_capacity(surface.len());
        self.analyzer.lowercase_into(surface, &mut lower);
        let stem = self.analyzer.stem(&lower);
        let word = match &self.words {
            Some(w) => w
                .ids
                .get(stem.as_ref())
                .map_or(NO_FEATURE, |&i| i + self.terms.len() as u32),
            None => NO_FEATURE,
        };
        let (stem, unigram) = stem_and_unigrams(&self.ids, &stem);
        if arena.is_empty() {
            arena.push(0); // offset 0 means "no character n-grams"
        }
        let start = arena.len();
        arena.push(0);
        self.analyzer.char_grams(&lower, |g| {
            if let Some(id) = self.ids.char_gram(g) {
                arena.push(id);
            }
        });
        let n = arena.len() - start - 1;
        let chars = if n == 0 {
            arena.truncate(start);
            0
        } else {
            arena[start] = n as u32;
            start as u32
        };
        CachedWord {
            stem,
            unigram,
            chars,
            word,
        }
    }

    /// Feature ids of `text`, one per occurrence, with the first word and
    /// length of each (for spans). `emit(feature, first_word, n_words)`.
    fn features(&self, text: &str, scratch: &mut Scratch, mut emit: impl FnMut(u32, usize, usize)) {
        self.analyzer.words(text, &mut scratch.words);
        scratch.keys.clear();
        scratch.word_ids.clear();
        let [lo, hi] = self.analyzer.config().word_ngrams;
        let with_unigrams = lo == 1;
        WORD_CACHE.with(|cell| {
            let mut cache = cell.borrow_mut();
            let cache = &mut *cache;
            if cache.owner != self.cache_id
                || cache.short.len() + cache.long.len() > CACHE_LIMIT
                || cache.arena.len() > u32::MAX as usize / 2
            {
                cache.short.clear();
                cache.long.clear();
                cache.arena.clear();
                cache.owner = self.cache_id;
            }
            let WordCache {
                short, long, arena, ..
            } = cache;
            for (i, w) in scratch.words.iter().enumerate() {
                let surface = &text[w.start..w.end];
                let entry = if let Some(kind) = w.actor {
                    self.placeholders[kind.placeholder_index() as usize]
                } else {
                    match short_key(surface) {
                        Some(key) => match short.get(&key) {
                            Some(&e) => e,
                            None => *short.entry(key).or_insert(self.lookup_word(surface, arena)),
                        },
                        None => match long.get(surface) {
                            Some(&e) => e,
                            None => *long
                                .entry(surface.into())
                                .or_insert(self.lookup_word(surface, arena)),
                        },
                    }
                };
                if entry.chars != 0 {
                    let start = entry.chars as usize;
                    let n = arena[start] as usize;
                    for &c in &arena[start + 1..start + 1 + n] {
                        emit(c, i, 1);
                    }
                }
                if entry.word != NO_FEATURE {
                    scratch.word_ids.push((entry.word, i));
                }
                if with_unigrams {
                    let f = entry.unigram[w.negated as usize];
                    if f != NO_FEATURE {
                        emit(f, i, 1);
                    }
                }
                scratch.keys.push(if entry.stem == UNKNOWN_STEM {
                    None
                } else {
                    Some(word_key(u64::from(entry.stem), w.negated))
                });
            }
        });
        let keys = &scratch.keys;
        if lo <= 2 && hi >= 2 {
            for (s, pair) in keys.windows(2).enumerate() {
                if let [Some(a), Some(b)] = *pair
                    && let Some(f) = self.ids.bigram(a, b)
                {
                    emit(f, s, 2);
                }
            }
        }
        if hi >= 3 {
            self.ids.for_each_trigram(keys, &mut emit);
        }
    }

    /// The TF-IDF row of one text. Unknown terms are ignored.
    pub fn transform(&self, text: &str) -> SparseRow {
        let mut row = SparseRow::default();
        self.transform_into(text, &mut row);
        row
    }

    /// Like [`transform`](Self::transform), reusing `row`'s buffers.
    pub fn transform_into(&self, text: &str, row: &mut SparseRow) {
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let scratch = &mut *scratch;
            let mut ids = std::mem::take(&mut scratch.ids);
            ids.clear();
            self.features(text, scratch, |f, _, _| ids.push(f));
            weigh(&ids, &self.idf, &mut scratch.counts, row);
            scratch.ids = ids;
            if let Some(words) = &self.words {
                weigh_words(words, self.terms.len(), scratch, row);
            }
        });
    }

    /// The row of `text` and, per feature, the word spans it came from.
    pub fn transform_with_spans(&self, text: &str) -> (SparseRow, Vec<FeatureHit>) {
        let mut scratch = Scratch::default();
        let mut ids = Vec::new();
        let mut hits: FxHashMap<u32, Vec<(usize, usize)>> = FxHashMap::default();
        let mut occurrences: Vec<(u32, usize, usize)> = Vec::new();
        self.features(text, &mut scratch, |f, s, n| {
            ids.push(f);
            occurrences.push((f, s, n));
        });
        for (f, s, n) in occurrences {
            let spans = hits.entry(f).or_default();
            for w in &scratch.words[s..s + n] {
                if !spans.contains(&(w.start, w.end)) {
                    spans.push((w.start, w.end));
                }
            }
        }
        let mut row = SparseRow::default();
        weigh(&ids, &self.idf, &mut scratch.counts, &mut row);
        if let Some(words) = &self.words {
            for &(f, i) in &scratch.word_ids {
                let w = &scratch.words[i];
                let spans = hits.entry(f).or_default();
                if !spans.contains(&(w.start, w.end)) {
                    spans.push((w.start, w.end));
                }
            }
            weigh_words(words, self.terms.len(), &mut scratch, &mut row);
        }
        let hits = row
            .indices
            .iter()
            .map(|&f| {
                let mut spans = hits.remove(&f).unwrap_or_default();
                spans.sort();
                FeatureHit { feature: f, spans }
            })
            .collect();
        (row, hits)
    }
}

#[cfg(test)]
mod tests;
