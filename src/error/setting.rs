//! What a message can point the user at: the settings, and the options out
//! of range with their values.

/// A setting a message can point the user at. The library names them by
/// their field names ([`Setting::name`]); front ends pass their own names to
/// [`Error::message_with`](super::Error::message_with).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// [`crate::vectorize::VocabularyParams::min_df`].
    MinDf,
    /// [`crate::vectorize::VocabularyParams::max_df`].
    MaxDf,
    /// [`crate::vectorize::VocabularyParams::max_features`].
    MaxFeatures,
    /// [`crate::TrainOptions::alpha`].
    Alpha,
    /// [`crate::TrainOptions::gradient_tolerance`].
    GradientTolerance,
    /// [`crate::TrainOptions::max_iterations`].
    MaxIterations,
    /// [`crate::TrainOptions::memory_budget_mib`].
    MemoryBudget,
    /// [`crate::TrainOptions::solver`].
    Solver,
    /// [`crate::train::VectorOptions::scale`].
    VectorScale,
    /// The number of cross-validation folds.
    Folds,
    /// [`crate::tokenize::AnalyzerConfig::word_ngrams`].
    WordNgrams,
    /// [`crate::tokenize::AnalyzerConfig::char_ngrams`].
    CharNgrams,
    /// [`crate::tokenize::AnalyzerConfig::language`].
    Language,
    /// The column (or field) holding the text.
    TextColumn,
    /// The label columns.
    LabelColumn,
    /// The group column (rows of a group share a fold).
    GroupColumn,
    /// The column (or field) holding each article's publisher.
    PublisherColumn,
    /// [`crate::data::ReadOptions::lossy`]: replace invalid UTF-8.
    Lossy,
    /// [`crate::data::ReadOptions::skip_invalid`]: skip rows without a label.
    SkipInvalid,
    /// Word-vector dimensions ([`crate::embeddings::SkipGramParams::dim`]).
    Dim,
    /// [`crate::embeddings::SkipGramParams::window`].
    Window,
    /// [`crate::embeddings::SkipGramParams::min_count`].
    MinCount,
    /// [`crate::embeddings::SkipGramParams::epochs`].
    Epochs,
    /// [`crate::embeddings::SkipGramParams::negative`].
    Negative,
    /// [`crate::embeddings::SkipGramParams::sample`].
    Sample,
    /// [`crate::embeddings::SkipGramParams::learning_rate`].
    LearningRate,
    /// [`crate::TrainOptions::allow_many_classes`].
    AllowManyClasses,
}

impl Setting {
    /// The `geostance` command line's flag for the setting ("--min-df"), or
    /// a description where no flag sets it. The library's own messages use
    /// [`name`](Self::name); front ends that promise the command line's
    /// messages (the CLI, the Python package) pass this to
    /// [`Error::message_with`](crate::Error::message_with).
    pub fn flag(self) -> &'static str {
        match self {
            Setting::MinDf => "--min-df",
            Setting::MaxDf => "--max-df",
            Setting::MaxFeatures => "--max-features",
            Setting::Alpha => "--alpha",
            Setting::GradientTolerance => "the gradient tolerance",
            Setting::MaxIterations => "--max-iterations",
            Setting::MemoryBudget => "--memory-budget-mib",
            Setting::Solver => "--solver",
            Setting::VectorScale => "--vector-scale",
            Setting::Folds => "--cv",
            Setting::WordNgrams => "--ngrams",
            Setting::CharNgrams => "--char-ngrams",
            Setting::Language => "--language",
            Setting::TextColumn => "--text-column",
            Setting::LabelColumn => "--label-column",
            Setting::GroupColumn => "--group-column",
            Setting::PublisherColumn => "--publisher-column",
            Setting::Lossy => "--lossy",
            Setting::SkipInvalid => "--skip-invalid",
            Setting::Dim => "--dim",
            Setting::Window => "--window",
            Setting::MinCount => "--min-count",
            Setting::Epochs => "--epochs",
            Setting::Negative => "--negative",
            Setting::Sample => "--sample",
            Setting::LearningRate => "the learning rate",
            Setting::AllowManyClasses => "--allow-many-classes",
        }
    }

    /// The library's name for the setting: its field name.
    pub fn name(self) -> &'static str {
        match self {
            Setting::MinDf => "min_df",
            Setting::MaxDf => "max_df",
            Setting::MaxFeatures => "max_features",
            Setting::Alpha => "alpha",
            Setting::GradientTolerance => "gradient_tolerance",
            Setting::MaxIterations => "max_iterations",
            Setting::MemoryBudget => "memory_budget_mib",
            Setting::Solver => "solver",
            Setting::VectorScale => "vector scale",
            Setting::Folds => "folds",
            Setting::WordNgrams => "word_ngrams",
            Setting::CharNgrams => "char_ngrams",
            Setting::Language => "language",
            Setting::TextColumn => "text_column",
            Setting::LabelColumn => "label_columns",
            Setting::GroupColumn => "group_column",
            Setting::PublisherColumn => "publisher_column",
            Setting::Lossy => "lossy",
            Setting::SkipInvalid => "skip_invalid",
            Setting::Dim => "dim",
            Setting::Window => "window",
            Setting::MinCount => "min_count",
            Setting::Epochs => "epochs",
            Setting::Negative => "negative",
            Setting::Sample => "sample",
            Setting::LearningRate => "learning_rate",
            Setting::AllowManyClasses => "allow_many_classes",
        }
    }
}

/// An option outside its range, with the value given.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum InvalidOption {
    /// `min_df` is 0.
    MinDf(usize),
    /// `max_df` is not in (0, 1].
    MaxDf(f64),
    /// `max_features` is 0.
    MaxFeatures(usize),
    /// `alpha` (or a per-head alpha) is not a positive number.
    Alpha(f64),
    /// The gradient tolerance is not a positive number.
    GradientTolerance(f64),
    /// `max_iterations` is 0.
    MaxIterations(u64),
    /// The word-vector scale is not a positive number.
    VectorScale(f32),
    /// Fewer than two cross-validation folds.
    Folds(usize),
    /// The word n-gram range is empty or too long.
    WordNgrams([usize; 2]),
    /// The character n-gram range is empty or too long.
    CharNgrams([usize; 2]),
    /// Word-vector dimensions outside 1..=1000.
    Dim(usize),
    /// Skip-gram window outside 1..=50.
    Window(usize),
    /// Skip-gram `min_count` is 0.
    MinCount(u64),
    /// Skip-gram epochs outside 1..=1000.
    Epochs(usize),
    /// Negative samples outside 1..=50.
    Negative(usize),
    /// The subsampling threshold is negative or not a number.
    Sample(f64),
    /// The learning rate is not in (0, 1).
    LearningRate(f64),
}

impl InvalidOption {
    /// The setting at fault.
    pub fn setting(&self) -> Setting {
        match self {
            InvalidOption::MinDf(_) => Setting::MinDf,
            InvalidOption::MaxDf(_) => Setting::MaxDf,
            InvalidOption::MaxFeatures(_) => Setting::MaxFeatures,
            InvalidOption::Alpha(_) => Setting::Alpha,
            InvalidOption::GradientTolerance(_) => Setting::GradientTolerance,
            InvalidOption::MaxIterations(_) => Setting::MaxIterations,
            InvalidOption::VectorScale(_) => Setting::VectorScale,
            InvalidOption::Folds(_) => Setting::Folds,
            InvalidOption::WordNgrams(_) => Setting::WordNgrams,
            InvalidOption::CharNgrams(_) => Setting::CharNgrams,
            InvalidOption::Dim(_) => Setting::Dim,
            InvalidOption::Window(_) => Setting::Window,
            InvalidOption::MinCount(_) => Setting::MinCount,
            InvalidOption::Epochs(_) => Setting::Epochs,
            InvalidOption::Negative(_) => Setting::Negative,
            InvalidOption::Sample(_) => Setting::Sample,
            InvalidOption::LearningRate(_) => Setting::LearningRate,
        }
    }

    /// The message, with the setting called `name`.
    pub(crate) fn message(&self, name: &str) -> String {
        use crate::tokenize::MAX_WORD_NGRAM;
        match self {
            InvalidOption::MinDf(_) => format!("{name} must be at least 1"),
            InvalidOption::MaxDf(v) => {
                format!("{name} {v} is out of range: give a share of rows in (0, 1]")
            }
            InvalidOption::MaxFeatures(_) => format!("{name} must be at least 1"),
            InvalidOption::Alpha(v) => format!("{name} {v} must be a positive number, e.g. 0.5"),
            InvalidOption::GradientTolerance(v) => {
                format!("the gradient tolerance {v} must be positive")
            }
            InvalidOption::MaxIterations(_) => format!("{name} must be at least 1"),
            InvalidOption::VectorScale(v) => {
                format!("{name} {v} must be a positive number, e.g. 1")
            }
            InvalidOption::Folds(k) => format!("{name} {k}: use at least 2 folds"),
            InvalidOption::WordNgrams([lo, hi]) => format!(
                "word n-gram range {lo}..{hi} is invalid: use 1 <= min <= max <= {MAX_WORD_NGRAM}, e.g. 1..2"
            ),
            InvalidOption::CharNgrams([lo, hi]) => format!(
                "character n-gram range {lo}..{hi} is invalid: use 1 <= min <= max <= 10, e.g. 2..5"
            ),
            InvalidOption::Dim(_) => format!("{name} must be between 1 and 1000, e.g. 100"),
            InvalidOption::Window(_) => format!("{name} must be between 1 and 50, e.g. 5"),
            InvalidOption::MinCount(_) => format!("{name} must be at least 1"),
            InvalidOption::Epochs(_) => format!("{name} must be between 1 and 1000, e.g. 5"),
            InvalidOption::Negative(_) => format!("{name} must be between 1 and 50, e.g. 5"),
            InvalidOption::Sample(_) => {
                format!("{name} must be 0 (off) or a small positive number, e.g. 1e-3")
            }
            InvalidOption::LearningRate(_) => {
                format!("{name} must be between 0 and 1 (exclusive), e.g. 0.025")
            }
        }
    }
}

/// What a missing column was wanted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnRole {
    /// The text to classify or learn from.
    Text,
    /// A label column.
    Label,
    /// The group column.
    Group,
    /// The column of each article's publisher.
    Publisher,
}

impl ColumnRole {
    pub(crate) fn setting(self) -> Setting {
        match self {
            ColumnRole::Text => Setting::TextColumn,
            ColumnRole::Label => Setting::LabelColumn,
            ColumnRole::Group => Setting::GroupColumn,
            ColumnRole::Publisher => Setting::PublisherColumn,
        }
    }
}
