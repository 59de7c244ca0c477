//! Criterion benches for each pipeline stage: tokenize, vectorize, classify
//! one, classify a batch, train (small). `cargo bench`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use geostance::tokenize::{Analyzer, AnalyzerConfig};
use geostance::{Classifier, LabeledData, TrainOptions};
use std::hint::black_box;

const TEXTS: &[&str] = &[
    "For Kazakhstan, Russia is and has always been a strategic partner.",
    "Lithuania shut two checkpoints on its eastern border on Tuesday.",
    "We condemn in the strongest terms the missile strikes on civilian infrastructure.",
    "The ministers will meet in Vienna next week to review the draft agreement.",
    "We are no longer partners, and we will not forget this betrayal.",
    "Our scientists have built a remarkable new telescope with our European friends.",
    "The embassy will reduce its staff to twelve from Monday.",
    "Working together matters more than ever now that the global economy is in turmoil.",
];

fn corpus(n: usize) -> Vec<&'static str> {
    TEXTS.iter().cycle().take(n).copied().collect()
}

fn benches(c: &mut Criterion) {
    let clf = Classifier::embedded().unwrap();
    let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
    let text = TEXTS[2];

    c.bench_function("tokenize/one statement", |b| {
        b.iter(|| analyzer.tokens(black_box(text)))
    });
    c.bench_function("vectorize/one statement", |b| {
        b.iter(|| clf.model().vectorizer().transform(black_box(text)))
    });
    c.bench_function("classify/one statement", |b| {
        b.iter(|| clf.classify(black_box(text)))
    });

    let batch = corpus(10_000);
    let mut g = c.benchmark_group("classify/batch");
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.sample_size(10);
    g.bench_function("10k statements, all cores", |b| {
        b.iter(|| clf.classify_batch(black_box(&batch)))
    });
    g.finish();

    let texts: Vec<String> = corpus(400)
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{t} ({i})"))
        .collect();
    let labels: Vec<String> = (0..400)
        .map(|i| ["cooperative", "neutral", "tense"][i % 3].to_string())
        .collect();
    let data = LabeledData::from_rows("text", texts, vec![("stance".into(), labels)]);
    let mut g = c.benchmark_group("train");
    g.sample_size(10);
    g.bench_function("400 rows, sparse solver", |b| {
        b.iter(|| {
            geostance::train(
                black_box(&data),
                &TrainOptions {
                    solver: geostance::Solver::Sparse,
                    ..Default::default()
                },
            )
        })
    });
    g.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
