//! The library's one error type: every variant a user can cause names the file,
//! the row or line, and what to do about it.

use std::path::PathBuf;

/// Errors from reading data, training, and loading or saving models.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}{hint}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
        /// Extra advice, e.g. "the directory does not exist".
        hint: String,
    },

    /// The input data (CSV or text stream) is not usable as given.
    #[error("{path}{location}: {message}")]
    Input {
        path: PathBuf,
        /// ", row 12" / ", line 3, byte 17" / "" when the whole file is at fault.
        location: String,
        message: String,
    },

    /// The model file is missing parts, damaged, or from another program or version.
    #[error("{path}: not a usable geostance model: {message}")]
    Model { path: PathBuf, message: String },

    /// Options that cannot work together or are out of range.
    #[error("{0}")]
    Config(String),

    /// Training would need more memory than the budget allows.
    #[error(
        "training the {head:?} head with the dense linfa solver needs a {rows} x {features} matrix \
         ({needed_mib} MiB), above the memory budget of {budget_mib} MiB; lower --max-features \
         (to about {suggest_features}), use fewer rows, raise --memory-budget-mib, or use --solver sparse"
    )]
    MemoryBudget {
        head: String,
        rows: usize,
        features: usize,
        needed_mib: u64,
        budget_mib: u64,
        suggest_features: usize,
    },

    /// The optimiser failed.
    #[error("training the {head:?} head failed: {message}")]
    Fit { head: String, message: String },
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

    /// True when the user can fix this by changing input, options or files
    /// (the CLI exits 2), false for internal failures (exit 1).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Fit { .. })
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
