//! Scores -> labels: the [`Classifier`] users embed, its [`Prediction`]s and
//! their [`Explanation`]s.

use std::path::Path;

use serde::Serialize;

use crate::corpus::Article;
use crate::error::Result;
use crate::model::{Head, Model, softmax};
use crate::quotes::{ActorResolver, SpeakerActor, Target};
use crate::vectorize::SparseRow;

/// A loaded model ready to classify text. Cheap to share across threads
/// (`&Classifier` is `Sync`).
#[derive(Debug)]
pub struct Classifier {
    model: Model,
}

/// One head's answer: the label, its probability, and every label's probability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadPrediction {
    /// The head's name (its label column, e.g. `stance`).
    pub head: String,
    /// The most probable label.
    pub label: String,
    /// The probability of `label`, in [0, 1].
    pub confidence: f32,
    /// `(label, probability)` in the head's label order; sums to 1.
    pub probabilities: Vec<(String, f32)>,
}

/// Every head's answer for one text, in the model's head order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// One answer per head, in the model's head order.
    pub heads: Vec<HeadPrediction>,
}

impl Prediction {
    /// The answer of the head named `head`.
    pub fn head(&self, head: &str) -> Option<&HeadPrediction> {
        self.heads.iter().find(|h| h.head == head)
    }

    /// The label of the head named `head`.
    pub fn label(&self, head: &str) -> Option<&str> {
        self.head(head).map(|h| h.label.as_str())
    }
}

/// A quoted statement from an article, with its speaker and every head's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassifiedQuote {
    /// The quote: its text, speaker, cue and byte offsets.
    #[serde(flatten)]
    pub quote: crate::quotes::Quote,
    /// Every head's answer for the quote (or a partial quote's sentence).
    pub prediction: Prediction,
}

/// A quote of a corpus article with its actors: who speaks for whom, and about whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributedQuote {
    /// The article's id (or file path).
    pub article: String,
    /// The article's date as given (`YYYY-MM-DD` or longer), if it has one.
    pub date: Option<String>,
    /// The quote: its text, speaker, cue and byte offsets.
    #[serde(flatten)]
    pub quote: crate::quotes::Quote,
    /// The actor the speaker speaks for (a state or organisation), if known.
    pub speaker_actor: Option<SpeakerActor>,
    /// The states and organisations the quote is about, with their offsets.
    pub targets: Vec<Target>,
    /// Every head's answer for the quote (or a partial quote's sentence).
    #[serde(skip)]
    pub prediction: Prediction,
}

/// A feature's part in one head's decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The feature's term (stemmed, `¬` for negated words, `c:` for character
    /// n-grams, `v:` for a word's share of the pooled word vector).
    pub term: String,
    /// The feature's TF-IDF value in this text.
    pub value: f32,
    /// Its weight for the predicted label.
    pub weight: f32,
    /// value x weight: how far it pushed toward (>0) or away from (<0) the predicted label.
    pub contribution: f32,
    /// Byte spans of the words it came from.
    pub spans: Vec<(usize, usize)>,
    /// The words themselves, as written.
    pub words: Vec<String>,
}

/// Why a head chose its label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadExplanation {
    /// The head's name (its label column).
    pub head: String,
    /// The predicted label.
    pub label: String,
    /// The probability of `label`, in [0, 1].
    pub confidence: f32,
    /// Raw score (logit) of the predicted label: intercept + sum of its features' value x weight.
    pub score: f32,
    /// The predicted label's intercept (its score for a text with no known feature).
    pub intercept: f32,
    /// Every label's raw score, in the head's label order.
    pub scores: Vec<(String, f32)>,
    /// Features by contribution to the predicted label's score, largest first
    /// (`value * weight of the predicted label`). Their sum plus `intercept`
    /// equals `score`.
    pub features: Vec<Contribution>,
}

/// The explanation of every head for one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The text explained.
    pub text: String,
    /// One explanation per head, in the model's head order.
    pub heads: Vec<HeadExplanation>,
}

impl Classifier {
    /// The default model embedded in the crate (trained on `training-data/`).
    ///
    /// ```
    /// let clf = geostance::Classifier::embedded().unwrap();
    /// let p = clf.classify("For Kazakhstan, Russia is and has always been a strategic partner.");
    /// assert_eq!(p.label("stance"), Some("cooperative"));
    /// ```
    ///
    /// # Errors
    /// [`Error::Model`](crate::Error::Model) if the embedded model does not
    /// load (a broken build; a test guards against it).
    pub fn embedded() -> Result<Self> {
        Ok(Classifier {
            model: Model::embedded()?,
        })
    }

    /// Loads a model file written by `geostance train` or [`crate::train()`].
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) when the file cannot be read, and
    /// [`Error::Model`](crate::Error::Model) when it is a directory, too large,
    /// or not a usable geostance model (the message says why).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        Ok(Classifier {
            model: Model::load(path.as_ref())?,
        })
    }

    /// This classifier with extra actor rows (a user's `--actors` file) on
    /// top of the embedded gazetteer, for models that mask actors.
    pub fn with_actors(mut self, rows: &[crate::actors::ActorRow]) -> Self {
        self.model.vectorizer.add_actors(rows);
        self
    }

    /// Wraps an already trained or loaded model.
    pub fn from_model(model: Model) -> Self {
        Classifier { model }
    }

    /// The model: analyzer, vectorizer, heads and training metadata.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The head names, e.g. `["stance", "sentiment"]`.
    pub fn head_names(&self) -> Vec<&str> {
        self.model.heads().iter().map(|h| h.name.as_str()).collect()
    }

    /// Classifies one text with every head.
    pub fn classify(&self, text: &str) -> Prediction {
        let row = self.model.vectorizer().transform(text);
        self.predict_row(&row)
    }

    /// Classifies many texts, in parallel across cores; output order = input order.
    pub fn classify_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Prediction> {
        use rayon::prelude::*;
        texts
            .par_iter()
            .map(|t| self.classify(t.as_ref()))
            .collect()
    }

    /// Extracts the quoted statements of an article (see [`crate::quotes`])
    /// and classifies each one, in document order.
    pub fn classify_article(&self, article: &str) -> Vec<ClassifiedQuote> {
        crate::quotes::extract(article)
            .into_iter()
            .map(|quote| {
                let prediction = self.classify(&quote.context);
                ClassifiedQuote { quote, prediction }
            })
            .collect()
    }

    /// Like [`classify_article`](Self::classify_article) for an [`Article`]
    /// of a corpus: each quote also carries the article's id and date, the
    /// actor its speaker speaks for and the actors it is about (see
    /// [`crate::quotes::ActorResolver`]).
    pub fn classify_article_actors(
        &self,
        article: &Article,
        resolver: &ActorResolver,
    ) -> Vec<AttributedQuote> {
        let resolver = &*resolver.for_article(article);
        let text = article.text.as_str();
        let date = article.date.as_deref();
        let counterparts = std::cell::OnceCell::new();
        let quotes = crate::quotes::extract(text);
        let pairs: Vec<(Option<&str>, Option<&str>, usize)> = quotes
            .iter()
            .map(|q| (q.speaker.as_deref(), q.speaker_mention.as_deref(), q.start))
            .collect();
        let actors = resolver.speakers_in(text, &pairs, date);
        quotes
            .into_iter()
            .zip(actors)
            .map(|(mut quote, (speaker_actor, someone_else))| {
                // "the President" on an official site is the publisher's own:
                // not the foreign president the article named last.
                if someone_else {
                    quote.speaker = None;
                }
                let own = speaker_actor.as_ref().map(|s| s.code.as_str());
                let mut targets =
                    resolver.targets_in(text, quote.context_start..quote.context_end, own, date);
                if targets.is_empty() {
                    let c = counterparts.get_or_init(|| resolver.counterparts(text, date));
                    targets.extend(c.besides(own));
                }
                let prediction = self.classify(&quote.context);
                AttributedQuote {
                    article: article.id.clone(),
                    date: article.date.clone(),
                    quote,
                    speaker_actor,
                    targets,
                    prediction,
                }
            })
            .collect()
    }

    /// Probabilities of every head for a vectorized row, into `out` (one Vec
    /// per head, reused). The allocation-free core of [`classify`](Self::classify).
    /// Each head's probabilities are in its label order and sum to 1.
    ///
    /// # Panics
    /// May panic when `row` holds a feature id beyond this model's features:
    /// make rows with this model's vectorizer.
    pub fn probabilities_into(&self, row: &SparseRow, out: &mut Vec<Vec<f32>>) {
        let heads = self.model.heads();
        out.resize_with(heads.len(), Vec::new);
        SCORES.with(|cell| {
            let mut all = cell.borrow_mut();
            self.model.scores_all_into(row, &mut all);
            let mut at = 0;
            for (head, probs) in heads.iter().zip(out.iter_mut()) {
                let k = head.labels.len();
                probs.clear();
                probs.extend_from_slice(&all[at..at + k]);
                softmax(probs);
                at += k;
            }
        });
    }

    fn predict_row(&self, row: &SparseRow) -> Prediction {
        let mut probs = Vec::new();
        self.probabilities_into(row, &mut probs);
        Prediction {
            heads: self
                .model
                .heads()
                .iter()
                .zip(probs)
                .map(|(head, p)| head_prediction(head, &p))
                .collect(),
        }
    }

    /// Explains every head's decision: the features that pushed toward and
    /// against the predicted label, with their spans in `text`.
    pub fn explain(&self, text: &str) -> Explanation {
        let (row, hits) = self.model.vectorizer().transform_with_spans(text);
        let vectorizer = self.model.vectorizer();
        let heads = self
            .model
            .heads()
            .iter()
            .enumerate()
            .map(|(i, head)| {
                let weights = self.model.head_weights(i);
                let mut scores = Vec::new();
                weights.scores_into(&row, &mut scores);
                let mut probs = scores.clone();
                softmax(&mut probs);
                let best = argmax(&probs);
                let mut features: Vec<Contribution> = row
                    .indices
                    .iter()
                    .zip(&row.values)
                    .zip(&hits)
                    .map(|((&f, &v), hit)| {
                        let w = weights.weight(f, best);
                        Contribution {
                            term: vectorizer.feature_name(f),
                            value: v,
                            weight: w,
                            contribution: v * w,
                            spans: hit.spans.clone(),
                            words: hit
                                .spans
                                .iter()
                                .map(|&(s, e)| text[s..e].to_string())
                                .collect(),
                        }
                    })
                    .collect();
                features.sort_by(|a, b| {
                    b.contribution
                        .total_cmp(&a.contribution)
                        .then_with(|| a.term.cmp(&b.term))
                });
                HeadExplanation {
                    head: head.name.clone(),
                    label: head.labels[best].clone(),
                    confidence: probs[best],
                    score: scores[best],
                    intercept: weights.intercepts()[best],
                    scores: head
                        .labels
                        .iter()
                        .cloned()
                        .zip(scores.iter().copied())
                        .collect(),
                    features,
                }
            })
            .collect();
        Explanation {
            text: text.to_string(),
            heads,
        }
    }
}

thread_local! {
    static SCORES: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The index of the largest value (the first on ties; 0 when empty): the
/// label a head predicts from its probabilities.
pub fn argmax(xs: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in xs.iter().enumerate() {
        if x > xs[best] {
            best = i;
        }
    }
    best
}

fn head_prediction(head: &Head, probs: &[f32]) -> HeadPrediction {
    let best = argmax(probs);
    HeadPrediction {
        head: head.name.clone(),
        label: head.labels[best].clone(),
        confidence: probs[best],
        probabilities: head
            .labels
            .iter()
            .cloned()
            .zip(probs.iter().copied())
            .collect(),
    }
}
