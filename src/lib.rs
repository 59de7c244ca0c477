//! # geostance
//!
//! Labels geopolitical statements on two axes: **stance** toward the
//! counterpart (`cooperative`, `neutral`, `tense`) and **sentiment** of the
//! language (`positive`, `neutral`, `negative`), with TF-IDF features and
//! logistic-regression heads (`linfa-logistic`).
//!
//! ## From text to label
//!
//! Data flows one way; each step knows the one before it, never the one after.
//!
//! 1. **Analyzer** ([`tokenize`]): the text is split into words with byte
//!    offsets, lowercased, stemmed (Snowball), negated words marked (`¬`), and
//!    each mention of a state, capital, organisation or office-holder replaced
//!    by a typed placeholder (`⟨country⟩`, `⟨org⟩`, `⟨person⟩`; the gazetteer
//!    is in [`actors`]); word and optional character n-grams become terms.
//!    The analyzer's settings are plain data saved in the model, so a loaded
//!    model tokenizes exactly as it did in training.
//! 2. **Features** ([`vectorize`]): the terms become one sparse TF-IDF row
//!    (feature ids, sublinear term frequency times idf, unit length). A model
//!    trained with word vectors ([`embeddings`]) also scores each word's
//!    share of the pooled vector, folded into one weight per label, so
//!    prediction stays a sparse dot product.
//! 3. **Heads** ([`model`]): one multinomial logistic regression per label
//!    column (`stance`, `sentiment`, or your own), each a weight per
//!    (feature, label) and an intercept per label.
//! 4. **Softmax** ([`Classifier`]): each head's scores become probabilities
//!    that sum to 1; the label is the most probable one. A [`Prediction`]
//!    holds, per head, the label, its confidence and every probability;
//!    [`Classifier::explain`] gives the features behind them with their byte
//!    spans.
//!
//! Around that pipeline:
//! - [`train()`] (module [`train`](mod@train)) fits a [`Model`] from [`LabeledData`]
//!   ([`read_labeled`] reads a CSV file), with cross-validation
//!   ([`cross_validate`]) and grid search ([`tune`]); [`eval`] holds the
//!   metrics and reports.
//! - [`stream`] classifies line or CSV input in parallel, in input order, in
//!   bounded memory (the command line's `classify`); [`corpus`] reads many
//!   articles the same way.
//! - [`quotes`] finds quoted statements, their speakers and targets in news
//!   articles ([`Classifier::classify_article`]); [`dyads`] rolls labeled
//!   statements up per period and (source, target) pair of actors.
//! - [`Error`] is the one error type; every variant a user can cause names
//!   the file, the row and what to do.
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
//!
//! // Why: a head's score for its label is its intercept plus, per feature,
//! // TF-IDF value x weight; softmax over the labels' scores gives the
//! // probabilities above.
//! let why = clf.explain("We are no longer partners.");
//! let head = &why.heads[0];
//! let sum: f32 = head.features.iter().map(|f| f.contribution).sum();
//! assert!((head.intercept + sum - head.score).abs() < 1e-3);
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

#![warn(missing_docs)]

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
