//! Cross-validation folds: stratified, and stratified by group.

use std::collections::BTreeMap;

/// A tiny deterministic generator (SplitMix64) for fold shuffling.
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Stratified K-fold assignment on `labels` (the first head's): each class's
/// rows are shuffled with `seed` and dealt round-robin, so every fold gets
/// its share of every class. Returns the fold of each row.
pub fn stratified_folds(labels: &[String], k: usize, seed: u64) -> Vec<usize> {
    let mut by_class: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in labels.iter().enumerate() {
        by_class.entry(l).or_default().push(i);
    }
    let mut rng = SplitMix(seed);
    let mut fold = vec![0; labels.len()];
    let mut next = 0;
    for rows in by_class.values_mut() {
        for i in (1..rows.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            rows.swap(i, j);
        }
        for &r in rows.iter() {
            fold[r] = next % k;
            next += 1;
        }
    }
    fold
}

/// Grouped, stratified K-fold assignment: every row of a group lands in the
/// same fold, and folds get about equal shares of every class of `labels`.
/// Groups are shuffled with `seed`, then taken largest first, each into the
/// fold where adding it best keeps every class near its even share (the
/// greedy rule of scikit-learn's `StratifiedGroupKFold`, with squared error).
/// Returns the fold of each row.
pub fn stratified_group_folds(
    labels: &[String],
    groups: &[String],
    k: usize,
    seed: u64,
) -> Vec<usize> {
    let classes: Vec<&str> = {
        let s: std::collections::BTreeSet<&str> = labels.iter().map(String::as_str).collect();
        s.into_iter().collect()
    };
    let class_of = |l: &str| classes.iter().position(|c| *c == l).unwrap_or(0);
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    let mut order: Vec<Vec<usize>> = members.into_values().collect();
    let mut rng = SplitMix(seed);
    for i in (1..order.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order.sort_by_key(|g| std::cmp::Reverse(g.len())); // stable: ties keep the shuffle
    let mut total = vec![0f64; classes.len()];
    for l in labels {
        total[class_of(l)] += 1.0;
    }
    let target: Vec<f64> = total.iter().map(|t| t / k as f64).collect();
    let mut count = vec![vec![0f64; classes.len()]; k];
    let mut size = vec![0usize; k];
    let mut fold = vec![0; labels.len()];
    for g in order {
        let mut add = vec![0f64; classes.len()];
        for &i in &g {
            add[class_of(&labels[i])] += 1.0;
        }
        let cost = |f: usize| -> f64 {
            (0..classes.len())
                .map(|c| {
                    let after = count[f][c] + add[c] - target[c];
                    let before = count[f][c] - target[c];
                    after * after - before * before
                })
                .sum()
        };
        let best = (0..k)
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)).then(size[a].cmp(&size[b])))
            .unwrap_or(0);
        for &i in &g {
            fold[i] = best;
        }
        for c in 0..classes.len() {
            count[best][c] += add[c];
        }
        size[best] += g.len();
    }
    fold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stratified_and_deterministic() {
        let labels: Vec<String> = ["a"; 10]
            .iter()
            .chain(["b"; 5].iter())
            .map(|s| s.to_string())
            .collect();
        let f = stratified_folds(&labels, 5, 7);
        assert_eq!(f, stratified_folds(&labels, 5, 7));
        for fold in 0..5 {
            let a = (0..10).filter(|&i| f[i] == fold).count();
            let b = (10..15).filter(|&i| f[i] == fold).count();
            assert_eq!((a, b), (2, 1));
        }
    }

    #[test]
    fn group_folds_keep_groups_together_and_balance_classes() {
        let mut labels = Vec::new();
        let mut groups = Vec::new();
        for g in 0..60 {
            for j in 0..(1 + g % 4) {
                labels.push(["a", "b", "c"][(g + j) % 3].to_string());
                groups.push(format!("doc{g}"));
            }
        }
        let f = stratified_group_folds(&labels, &groups, 5, 7);
        assert_eq!(f, stratified_group_folds(&labels, &groups, 5, 7));
        for (i, g) in groups.iter().enumerate() {
            for (j, h) in groups.iter().enumerate() {
                if g == h {
                    assert_eq!(f[i], f[j]);
                }
            }
        }
        let n = labels.len() as f64;
        for k in 0..5 {
            let share = f.iter().filter(|&&x| x == k).count() as f64 / n;
            assert!((share - 0.2).abs() < 0.05, "fold {k} holds {share:.2}");
        }
    }
}
