//! The library's one error type: every variant a user can cause names the file,
//! the row or line, and what to do about it.
//!
//! Messages name settings through [`Setting`], so each front end speaks its
//! own language: [`Error`]'s `Display` uses the library's field names
//! (`min_df`), and [`Error::message_with`] lets the command line say
//! `--min-df` and the Python package `min_df=`.

use std::path::PathBuf;

mod message;
mod setting;

pub use setting::{ColumnRole, InvalidOption, Setting};

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

    /// A line of a text stream is not valid UTF-8 (and lossy decoding is off).
    InvalidUtf8Line {
        /// The file, or `<stdin>`.
        path: PathBuf,
        /// The line.
        line: u64,
        /// Where in the line the bad byte is.
        byte: usize,
        /// Where in the input the bad byte is.
        offset: u64,
    },

    /// Results could not be written (a full disk; a closed pipe).
    Output(std::io::Error),

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

    /// A label column with a class in (nearly) every row: probably an id
    /// column picked by mistake.
    ManyClasses {
        /// The file.
        path: PathBuf,
        /// The column.
        column: String,
        /// Its distinct labels.
        classes: usize,
        /// Its rows.
        rows: usize,
        /// The first few labels.
        examples: Vec<String>,
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
            Error::Io { source, .. } | Error::Output(source) => Some(source),
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
        !matches!(self, Error::Fit { .. } | Error::Output(_))
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
