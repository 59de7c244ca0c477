//! Feature occurrences -> row values: sublinear tf times idf, and the
//! word-vector features, L2-normalised.

use super::{Scratch, SparseRow, WordFeatures, WordWeighting};

/// Appends the word-vector features of the words in `scratch.word_ids`
/// (see [`WordWeighting`]), in feature order.
pub(super) fn weigh_words(
    words: &WordFeatures,
    offset: usize,
    scratch: &mut Scratch,
    row: &mut SparseRow,
) {
    let ids = &scratch.word_ids;
    if ids.is_empty() {
        return;
    }
    // Count occurrences in `counts` (all zero between rows, as in `weigh`)
    // and sort only the distinct ids: cheaper than sorting every occurrence.
    let counts = &mut scratch.counts;
    if counts.len() < offset + words.terms.len() {
        counts.resize(offset + words.terms.len(), 0);
    }
    let n = ids.len() as f32;
    let start = row.indices.len();
    for &(f, _) in ids {
        let c = &mut counts[f as usize];
        if *c == 0 {
            row.indices.push(f);
        }
        *c += 1;
    }
    row.indices[start..].sort_unstable();
    for &f in &row.indices[start..] {
        let c = &mut counts[f as usize];
        row.values.push(*c as f32);
        *c = 0;
    }
    let denominator = match &words.weighting {
        WordWeighting::Mean => n,
        WordWeighting::SqrtN => n.sqrt(),
        WordWeighting::L2 { dim, vectors } => {
            let sum = &mut scratch.pooled;
            sum.clear();
            sum.resize(*dim, 0.0);
            for (&f, &c) in row.indices[start..].iter().zip(&row.values[start..]) {
                let w = f as usize - offset;
                for (s, v) in sum.iter_mut().zip(&vectors[w * dim..(w + 1) * dim]) {
                    *s += c * v;
                }
            }
            sum.iter().map(|x| x * x).sum::<f32>().sqrt()
        }
    };
    if denominator > 0.0 {
        for v in &mut row.values[start..] {
            *v /= denominator;
        }
    }
}

/// `1 + ln(tf)` for small term counts, the common case, without a libm call.
pub(super) const SUBLINEAR_TF: [f32; 8] = [
    0.0,
    1.0,
    1.693_147_2,
    2.098_612_4,
    2.386_294_4,
    2.609_438,
    2.791_759_5,
    2.945_91,
];

/// Turns feature occurrences into a sublinear-tf x idf, L2-normalised row,
/// features in order of first occurrence. Occurrences are counted in
/// `counts` (indexed by feature id, all zero on entry and on return), which
/// is cheaper than sorting the ids of every document.
pub(super) fn weigh(ids: &[u32], idf: &[f32], counts: &mut Vec<u32>, row: &mut SparseRow) {
    if counts.len() < idf.len() {
        counts.resize(idf.len(), 0);
    }
    row.indices.clear();
    row.values.clear();
    for &f in ids {
        let c = &mut counts[f as usize];
        if *c == 0 {
            row.indices.push(f);
        }
        *c += 1;
    }
    let mut sum = 0.0f32;
    for &f in &row.indices {
        let c = &mut counts[f as usize];
        let tf = *c as usize;
        *c = 0;
        let sublinear = match SUBLINEAR_TF.get(tf) {
            Some(&s) => s,
            None => 1.0 + (tf as f32).ln(),
        };
        let v = sublinear * idf[f as usize];
        sum += v * v;
        row.values.push(v);
    }
    let norm = sum.sqrt();
    if norm > 0.0 {
        for v in &mut row.values {
            *v /= norm;
        }
    }
}
