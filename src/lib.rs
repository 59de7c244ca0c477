//! # geostance
//!
//! Labels geopolitical statements on two axes: **stance** toward the
//! counterpart (`cooperative`, `neutral`, `tense`) and **sentiment** of the
//! language (`positive`, `neutral`, `negative`), with TF-IDF features and
//! logistic-regression heads (`linfa-logistic`).
//!
//! The pipeline runs one way: text -> [`tokenize`] -> [`vectorize`] ->
//! [`model`] heads -> [`Prediction`]s.
//!
//! ## Classify with the embedded default model
//!
//! ```
//! use geostance::Classifier;
//!
//! let clf = Classifier::embedded()?;
//! let p = clf.classify("For Kazakhstan, Russia is and has always been a strategic partner.");
//! assert_eq!(p.label("stance"), Some("cooperative"));
//! let stance = p.head("stance").unwrap();
//! let total: f32 = stance.probabilities.iter().map(|(_, p)| p).sum();
//! assert!((total - 1.0).abs() < 1e-5);
//! # Ok::<(), geostance::Error>(())
//! ```
//!
//! ## Train your own labels, save, load
//!
//! ```
//! use geostance::{Classifier, LabeledData, TrainOptions, train};
//!
//! let texts = ["We back the accord.", "We support the partnership.",
//!              "We reject the accord.", "We oppose the annexation."];
//! let labels = ["support", "support", "oppose", "oppose"];
//! let data = LabeledData::from_rows(
//!     "text",
//!     texts.iter().map(|s| s.to_string()).collect(),
//!     vec![("position".into(), labels.iter().map(|s| s.to_string()).collect())],
//! );
//! let model = train(&data, &TrainOptions { alpha: 0.1, ..Default::default() })?;
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("model.json");
//! model.save(&path)?;
//! let clf = Classifier::from_path(&path)?;
//! assert_eq!(clf.classify("They reject it.").label("position"), Some("oppose"));
//! # Ok::<(), geostance::Error>(())
//! ```

// Lead's and helpers' work in progress: their `if` nests are collapsed there.
pub mod actors;
pub mod classifier;
pub mod corpus;
pub mod data;
pub mod dyads;
pub mod embeddings;
pub mod error;
pub mod eval;
pub mod model;
pub mod quotes;
pub mod stream;

pub mod tokenize;
pub mod train;
pub mod vectorize;

pub use classifier::{
    AttributedQuote, ClassifiedQuote, Classifier, Contribution, Explanation, HeadExplanation,
    HeadPrediction, Prediction,
};
pub use data::{LabeledData, ReadOptions, read_labeled};
pub use error::{Error, Result};
pub use model::Model;
pub use train::{Solver, TrainOptions, cross_validate, train, tune};
