//! The library's one error type: every variant a user can cause names the file,
//! the row or line, and what to do about it.
//!
//! Messages name settings through [`Setting`], so each front end speaks its
//! own language: [`Error`]'s `Display` uses the library's field names
//! (`min_df`), and [`Error::message_with`] lets the command line say
//! `--min-df` and the Python package `min_df=`.

use std::path::PathBuf;

/// A setting a message can point the user at. The library names them by
/// their field names ([`Setting::name`]); front ends pass their own names to
/// [`Error::message_with`].
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
}

impl Setting {
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
            Setting::Lossy => "lossy",
            Setting::SkipInvalid => "skip_invalid",
            Setting::Dim => "dim",
            Setting::Window => "window",
            Setting::MinCount => "min_count",
            Setting::Epochs => "epochs",
            Setting::Negative => "negative",
            Setting::Sample => "sample",
            Setting::LearningRate => "learning_rate",
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
    fn message(&self, name: &str) -> String {
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
}

impl ColumnRole {
    fn setting(self) -> Setting {
        match self {
            ColumnRole::Text => Setting::TextColumn,
            ColumnRole::Label => Setting::LabelColumn,
            ColumnRole::Group => Setting::GroupColumn,
        }
    }
}

/// Errors from reading data, training, and loading or saving models.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
        /// Extra advice, e.g. " (the directory does not exist)".
        hint: String,
    },

    /// The input data (CSV or text stream) is not usable as given.
    Input {
        /// The file (or a name such as `<stdin>`).
        path: PathBuf,
        /// ", row 12" / ", line 3, byte 17" / "" when the whole file is at fault.
        location: String,
        /// What is wrong and what to do.
        message: String,
    },

    /// A column (or JSON field) the options name is not in the input.
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// ", line 1 (header)", ", line 7" or "".
        location: String,
        /// The column(s) asked for, quoted, joined with " or ".
        wanted: String,
        /// What it was wanted for.
        role: ColumnRole,
        /// The columns (or fields) the input has, quoted, comma-separated.
        found: String,
    },

    /// No label column was named and none is called `stance` or `sentiment`.
    NoLabelColumn {
        /// The file.
        path: PathBuf,
        /// The columns the file has, quoted, comma-separated.
        found: String,
    },

    /// A label column is named twice, or is also the text column.
    LabelColumn {
        /// The column.
        column: String,
        /// True when it is the text column, false when it is named twice.
        is_text_column: bool,
    },

    /// A CSV field is not valid UTF-8 (and lossy decoding is off).
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// The line the row starts on.
        line: u64,
        /// The column.
        column: String,
        /// Where in the field the bad byte is.
        byte: usize,
        /// Where in the file the row starts.
        row_start: u64,
    },

    /// A row has an empty text or label (and skipping such rows is off).
    EmptyField {
        /// The file.
        path: PathBuf,
        /// The line the row starts on.
        line: u64,
        /// The data row (1 = first row after the header).
        row: usize,
        /// The column.
        column: String,
        /// Whether it is a label column (else the text column).
        label: bool,
    },

    /// A class has fewer rows than there are cross-validation folds.
    FewerRowsThanFolds {
        /// The file.
        path: PathBuf,
        /// The label column.
        column: String,
        /// The class.
        label: String,
        /// Its rows.
        rows: usize,
        /// The folds asked for.
        folds: usize,
    },

    /// No term is frequent enough to enter the vocabulary.
    EmptyVocabulary {
        /// Training rows.
        rows: usize,
        /// The `min_df` used.
        min_df: usize,
        /// The `max_df` used.
        max_df: f64,
    },

    /// No word is frequent enough to get a vector.
    NoFrequentWords {
        /// The `min_count` used.
        min_count: u64,
        /// Words read.
        words: u64,
    },

    /// Word vectors and the model stem words differently.
    VectorsLanguage {
        /// The vectors file.
        file: String,
        /// The vectors' stemming language.
        vectors: crate::tokenize::Language,
        /// The model's stemming language.
        model: crate::tokenize::Language,
    },

    /// A language name that is not one of [`crate::tokenize::Language::NAMES`].
    UnknownLanguage(String),

    /// An option outside its range.
    InvalidOption(InvalidOption),

    /// A group list whose length is not the number of rows.
    GroupCount {
        /// Groups given.
        groups: usize,
        /// Rows.
        rows: usize,
    },

    /// There is no label column to train on.
    NoHeads,

    /// The model file is missing parts, damaged, or from another program or version.
    Model {
        /// The file (or `<embedded default model>`).
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },

    /// A vocabulary or word list handed to the vectorizer is inconsistent
    /// (a duplicate or malformed term, lengths that do not match).
    Vocabulary {
        /// What is wrong.
        message: String,
    },

    /// Training would need more memory than the budget allows.
    MemoryBudget {
        /// The head.
        head: String,
        /// Training rows.
        rows: usize,
        /// Features.
        features: usize,
        /// Memory the dense matrix needs.
        needed_mib: u64,
        /// The budget.
        budget_mib: u64,
        /// A feature count that would fit.
        suggest_features: usize,
    },

    /// The optimiser failed.
    Fit {
        /// The head.
        head: String,
        /// What the optimiser said.
        message: String,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_with(&|s| s.name().to_string()))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<InvalidOption> for Error {
    fn from(o: InvalidOption) -> Self {
        Error::InvalidOption(o)
    }
}

impl Error {
    /// The message, naming settings with `name` (the command line passes
    /// its flags, `--min-df`; `Display` uses [`Setting::name`]).
    pub fn message_with(&self, name: &dyn Fn(Setting) -> String) -> String {
        let n = |s: Setting| name(s);
        match self {
            Error::Io { path, source, hint } => format!("{}: {source}{hint}", path.display()),
            Error::Input {
                path,
                location,
                message,
            } => format!("{}{location}: {message}", path.display()),
            Error::MissingColumn {
                path,
                location,
                wanted,
                role,
                found,
            } => format!(
                "{}{location}: no column named {wanted}; the columns are: {found}; name the {} column with {}",
                path.display(),
                match role {
                    ColumnRole::Text => "text",
                    ColumnRole::Label => "label",
                    ColumnRole::Group => "group",
                },
                n(role.setting())
            ),
            Error::NoLabelColumn { path, found } => format!(
                "{}: no label column given and none named \"stance\" or \"sentiment\"; the columns are: {found}; name them with {}",
                path.display(),
                n(Setting::LabelColumn)
            ),
            Error::LabelColumn {
                column,
                is_text_column: true,
            } => format!("{column:?} is both the text column and a label column"),
            Error::LabelColumn { column, .. } => {
                format!("{} {column:?} is given twice", n(Setting::LabelColumn))
            }
            Error::InvalidUtf8 {
                path,
                line,
                column,
                byte,
                row_start,
            } => format!(
                "{}, line {line}, column {column:?}: invalid UTF-8 at byte {byte} of the field (the row starts at byte {row_start} of the file); \
                 re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 in > out) or pass {} to replace bad bytes",
                path.display(),
                n(Setting::Lossy)
            ),
            Error::EmptyField {
                path,
                line,
                row,
                column,
                label,
            } => format!(
                "{}, line {line} (row {row}): {}; fill it in, delete the row, or pass {} to skip such rows",
                path.display(),
                if *label {
                    format!("the label column {column:?} is empty")
                } else {
                    format!("the {column:?} column is empty")
                },
                n(Setting::SkipInvalid)
            ),
            Error::FewerRowsThanFolds {
                path,
                column,
                label,
                rows,
                folds,
            } => format!(
                "{}: class {label:?} of column {column:?} has {rows} rows, fewer than the {folds} folds: lower {} to {rows} or add rows of that class",
                path.display(),
                n(Setting::Folds)
            ),
            Error::EmptyVocabulary {
                rows,
                min_df,
                max_df,
            } => {
                let (lo, hi) = (n(Setting::MinDf), n(Setting::MaxDf));
                format!(
                    "no term is left in the vocabulary of {rows} rows with {lo} {min_df} and {hi} {max_df}: \
                     lower {lo} or raise {hi}"
                )
            }
            Error::NoFrequentWords { min_count, words } => format!(
                "no term occurs {min_count} times or more in the {words} words read: lower {} or give more text",
                n(Setting::MinCount)
            ),
            Error::VectorsLanguage {
                file,
                vectors,
                model,
            } => {
                let lang = n(Setting::Language);
                format!(
                    "the vectors in {file} were trained on {vectors:?} stems but the model uses {lang} {model:?}: \
                     train vectors with the same {lang}"
                )
            }
            Error::UnknownLanguage(s) => format!(
                "unknown language {s:?}; use one of: {}",
                crate::tokenize::Language::NAMES.join(", ")
            ),
            Error::InvalidOption(o) => o.message(&n(o.setting())),
            Error::GroupCount { groups, rows } => {
                format!("{groups} groups for {rows} rows: give one group per row")
            }
            Error::NoHeads => "no label column to train on".into(),
            Error::Model { path, message } => {
                format!(
                    "{}: not a usable geostance model: {message}",
                    path.display()
                )
            }
            Error::Vocabulary { message } => message.clone(),
            Error::MemoryBudget {
                head,
                rows,
                features,
                needed_mib,
                budget_mib,
                suggest_features,
            } => format!(
                "training the {head:?} head with the dense linfa solver needs a {rows} x {features} matrix \
                 ({needed_mib} MiB), above the memory budget of {budget_mib} MiB; lower {} \
                 (to about {suggest_features}), use fewer rows, raise {}, or use {} sparse",
                n(Setting::MaxFeatures),
                n(Setting::MemoryBudget),
                n(Setting::Solver)
            ),
            Error::Fit { head, message } => format!("training the {head:?} head failed: {message}"),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        let hint = match source.kind() {
            std::io::ErrorKind::NotFound => match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => {
                    format!(" (the directory {} does not exist)", dir.display())
                }
                _ => " (check the path)".to_string(),
            },
            std::io::ErrorKind::PermissionDenied => {
                " (permission denied: choose a location you can write to)".to_string()
            }
            _ => String::new(),
        };
        Error::Io { path, source, hint }
    }

    pub(crate) fn input(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::Input {
            path: path.into(),
            location: location.into(),
            message: message.into(),
        }
    }

    pub(crate) fn model(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Model {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn vocabulary(message: impl Into<String>) -> Self {
        Error::Vocabulary {
            message: message.into(),
        }
    }

    /// True when the user can fix this by changing input, options or files
    /// (the CLI exits 2), false for internal failures (exit 1).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Fit { .. })
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
