//! Feature keys: the integers terms are counted under while the vocabulary
//! is fitted and looked up under while text is vectorized. The one place
//! that knows their layout.
//!
//! - a word: `stem id << 1 | negated` ([`word_key`]), stem ids below 2^31;
//! - a word bigram at prediction time: two word keys in one `u64`
//!   ([`bigram_key`]);
//! - a word n-gram while fitting, and a trigram at prediction time: up to
//!   [`MAX_WORD_NGRAM`] word keys of [`NGRAM_KEY_BITS`] bits packed in a
//!   `u128`, the length in the top four bits ([`pack_ngram`]);
//! - a character n-gram while fitting: [`CHAR_TAG`] plus its id
//!   ([`char_key`]), a length no word n-gram has.

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::tokenize::{CHAR_PREFIX, MAX_WORD_NGRAM, NEGATION_MARK};

/// Where the length (or a tag) of a packed n-gram sits: the top four bits.
const NGRAM_LEN_SHIFT: u32 = 124;
/// Bits per word key in a packed n-gram.
const NGRAM_KEY_BITS: u32 = 40;
/// The key tag of character n-grams: a length no word n-gram has.
const CHAR_TAG: u128 = 15 << NGRAM_LEN_SHIFT;
/// Stem ids must stay below this for a word key to fit in 32 bits.
pub(super) const MAX_STEMS: usize = 1 << 31;

const _: () = assert!(MAX_WORD_NGRAM as u32 * NGRAM_KEY_BITS <= NGRAM_LEN_SHIFT);
const _: () = assert!((MAX_WORD_NGRAM as u128) < 15);

/// The key of a word: its stem id and whether it is negated.
#[inline]
pub(super) fn word_key(stem: u64, negated: bool) -> u64 {
    stem << 1 | negated as u64
}

/// The key of a word bigram at prediction time: two word keys (below 2^32).
#[inline]
pub(super) fn bigram_key(first: u64, second: u64) -> u64 {
    first << 32 | second
}

/// A word n-gram of word keys packed into one integer: the length in the
/// top bits, then up to [`MAX_WORD_NGRAM`] keys of [`NGRAM_KEY_BITS`] bits.
#[inline]
pub(super) fn pack_ngram(keys: &[u64]) -> u128 {
    debug_assert!(!keys.is_empty() && keys.len() <= MAX_WORD_NGRAM);
    let mut packed = (keys.len() as u128) << NGRAM_LEN_SHIFT;
    for (i, &k) in keys.iter().enumerate() {
        packed |= (k as u128) << (NGRAM_KEY_BITS * i as u32);
    }
    packed
}

/// The word keys of a [`pack_ngram`] result, in order.
fn unpack_ngram(packed: u128) -> impl Iterator<Item = u64> {
    let n = (packed >> NGRAM_LEN_SHIFT) as u32;
    (0..n).map(move |i| ((packed >> (NGRAM_KEY_BITS * i)) & ((1u128 << NGRAM_KEY_BITS) - 1)) as u64)
}

/// Calls `f(packed, first_word, n)` for every word n-gram with a length in
/// `range` whose words all have a key; `None` (an unknown word) breaks
/// every n-gram over it.
#[inline]
pub(super) fn for_each_ngram(
    keys: &[Option<u64>],
    range: [usize; 2],
    mut f: impl FnMut(u128, usize, usize),
) {
    let mut buf = [0u64; MAX_WORD_NGRAM];
    for n in range[0]..=range[1] {
        'start: for s in 0..keys.len().saturating_sub(n - 1) {
            for (k, slot) in buf.iter_mut().enumerate().take(n) {
                match keys[s + k] {
                    Some(key) => *slot = key,
                    None => continue 'start,
                }
            }
            f(pack_ngram(&buf[..n]), s, n);
        }
    }
}

/// The counting key of character n-gram number `id`.
#[inline]
pub(super) fn char_key(id: u64) -> u128 {
    CHAR_TAG | id as u128
}

/// The name of the term counted under `key`: `c:gram` for a character
/// n-gram (`gram_names` by id), else the words' stems (`stem_names` by
/// id), `¬`-marked when negated, joined by spaces.
pub(super) fn term_name(key: u128, stem_names: &[String], gram_names: &[String]) -> String {
    if key & CHAR_TAG == CHAR_TAG {
        let id = (key & !CHAR_TAG) as usize;
        return format!("{CHAR_PREFIX}{}", gram_names[id]);
    }
    unpack_ngram(key)
        .map(|k| {
            let stem = &stem_names[(k >> 1) as usize];
            if k & 1 == 1 {
                format!("{NEGATION_MARK}{stem}")
            } else {
                stem.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a word n-gram term (`stem`, `¬stem stem`, ...), as
/// `(negated, stem)`, into `out` (cleared first).
///
/// # Errors
/// [`Error::Vocabulary`] for an empty word or more than [`MAX_WORD_NGRAM`] words.
pub(super) fn split_term<'t>(term: &'t str, out: &mut Vec<(bool, &'t str)>) -> Result<()> {
    out.clear();
    for part in term.split(' ') {
        let word = match part.strip_prefix(NEGATION_MARK) {
            Some(s) => (true, s),
            None => (false, part),
        };
        if word.1.is_empty() || out.len() == MAX_WORD_NGRAM {
            return Err(Error::vocabulary(format!("malformed term {term:?}")));
        }
        out.push(word);
    }
    Ok(())
}

/// The prediction-time tables from terms to feature ids, by kind of term.
#[derive(Default)]
pub(super) struct FeatureIds {
    /// stem string -> stem id (only stems that occur in some word term).
    stems: FxHashMap<Box<str>, u64>,
    /// Word n-grams -> feature id, by length, under their keys.
    unigrams: FxHashMap<u64, u32>,
    bigrams: FxHashMap<u64, u32>,
    trigrams: FxHashMap<u128, u32>,
    /// character n-gram (without prefix) -> feature id.
    chars: FxHashMap<Box<str>, u32>,
}

impl FeatureIds {
    /// The tables of `terms` (feature id = position).
    ///
    /// # Errors
    /// [`Error::Vocabulary`] for a duplicate or malformed term, or more than
    /// 2^31 distinct stems.
    pub fn new(terms: &[String]) -> Result<Self> {
        let n = terms.len();
        let mut ids = FeatureIds {
            stems: FxHashMap::with_capacity_and_hasher(n / 2, Default::default()),
            unigrams: FxHashMap::with_capacity_and_hasher(n / 2, Default::default()),
            bigrams: FxHashMap::with_capacity_and_hasher(n / 2, Default::default()),
            ..Default::default()
        };
        let mut words = Vec::with_capacity(MAX_WORD_NGRAM);
        let mut keys = Vec::with_capacity(MAX_WORD_NGRAM);
        for (id, term) in terms.iter().enumerate() {
            if !ids.insert(term, id as u32, &mut words, &mut keys)? {
                return Err(Error::vocabulary(format!("duplicate term {term:?}")));
            }
        }
        Ok(ids)
    }

    /// Adds one term; false when it was there already.
    fn insert<'t>(
        &mut self,
        term: &'t str,
        id: u32,
        words: &mut Vec<(bool, &'t str)>,
        keys: &mut Vec<u64>,
    ) -> Result<bool> {
        if let Some(gram) = term.strip_prefix(CHAR_PREFIX) {
            return Ok(self.chars.insert(gram.into(), id).is_none());
        }
        split_term(term, words)?;
        keys.clear();
        for &(negated, stem) in words.iter() {
            let next = self.stems.len() as u64;
            let sid = *self.stems.entry(stem.into()).or_insert(next);
            keys.push(word_key(sid, negated));
        }
        if self.stems.len() >= MAX_STEMS {
            return Err(Error::vocabulary("more than 2^31 distinct stems"));
        }
        Ok(match keys[..] {
            [k] => self.unigrams.insert(k, id).is_none(),
            [a, b] => self.bigrams.insert(bigram_key(a, b), id).is_none(),
            _ => self.trigrams.insert(pack_ngram(keys), id).is_none(),
        })
    }

    /// The id of a stem that occurs in some word term.
    #[inline]
    pub fn stem(&self, stem: &str) -> Option<u32> {
        self.stems.get(stem).and_then(|&s| u32::try_from(s).ok())
    }

    /// The unigram feature of a word with stem id `stem`.
    #[inline]
    pub fn unigram(&self, stem: u32, negated: bool) -> Option<u32> {
        self.unigrams
            .get(&word_key(u64::from(stem), negated))
            .copied()
    }

    /// The bigram feature of two consecutive word keys.
    #[inline]
    pub fn bigram(&self, first: u64, second: u64) -> Option<u32> {
        self.bigrams.get(&bigram_key(first, second)).copied()
    }

    /// Calls `f(feature, first_word, 3)` for every trigram of `keys` that
    /// is a feature.
    #[inline]
    pub fn for_each_trigram(&self, keys: &[Option<u64>], mut f: impl FnMut(u32, usize, usize)) {
        for_each_ngram(keys, [3, 3], |packed, s, n| {
            if let Some(&id) = self.trigrams.get(&packed) {
                f(id, s, n);
            }
        });
    }

    /// The feature of a character n-gram (without the `c:` prefix).
    #[inline]
    pub fn char_gram(&self, gram: &str) -> Option<u32> {
        self.chars.get(gram).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngrams_break_at_unknown_words() {
        let mut seen = Vec::new();
        for_each_ngram(&[Some(1), Some(2), None, Some(3)], [1, 2], |_, s, n| {
            seen.push((s, n))
        });
        assert_eq!(seen, [(0, 1), (1, 1), (3, 1), (0, 2)]);
    }

    #[test]
    fn packed_ngrams_unpack_and_name() {
        let keys = [word_key(0, false), word_key(2, true), word_key(1, false)];
        let packed = pack_ngram(&keys);
        assert_eq!(unpack_ngram(packed).collect::<Vec<_>>(), keys);
        let stems = ["a", "b", "c"].map(String::from);
        assert_eq!(term_name(packed, &stems, &[]), "a ¬c b");
        let grams = [" x", "xy"].map(String::from);
        assert_eq!(term_name(char_key(1), &stems, &grams), "c:xy");
        let mut words = Vec::new();
        split_term("a ¬c b", &mut words).unwrap();
        assert_eq!(words, [(false, "a"), (true, "c"), (false, "b")]);
        assert!(split_term("a  b", &mut words).is_err());
        assert!(split_term("a b c d", &mut words).is_err());
    }
}
