//! The messages of [`Error`], with settings named by the caller.

use super::{ColumnRole, Error, Setting};

impl Error {
    /// The message, naming settings with `name` (the command line passes
    /// its flags, `--min-df`; `Display` uses [`Setting::name`]).
    pub fn message_with(&self, name: &dyn Fn(Setting) -> String) -> String {
        self.file_message(name)
            .or_else(|| self.content_message(name))
            .or_else(|| self.option_message(name))
            .or_else(|| self.training_message(name))
            .or_else(|| self.model_message())
            .unwrap_or_else(|| format!("{self:?}"))
    }

    /// Messages about input files and their columns.
    fn file_message(&self, n: &dyn Fn(Setting) -> String) -> Option<String> {
        Some(match self {
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
                    ColumnRole::Publisher => "publisher",
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
            _ => return None,
        })
    }

    /// Messages about the bytes and fields of what was read, and writing results.
    fn content_message(&self, n: &dyn Fn(Setting) -> String) -> Option<String> {
        Some(match self {
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
            Error::InvalidUtf8Line {
                path,
                line,
                byte,
                offset,
            } => format!(
                "{}: line {line}: invalid UTF-8 at byte {byte} of the line (byte {offset} of the input); \
                 convert the input to UTF-8 (e.g. iconv -f latin1 -t utf-8) or pass {}",
                path.display(),
                n(Setting::Lossy)
            ),
            Error::Output(e) => format!("writing the results: {e}"),
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
            Error::GroupCount { groups, rows } => {
                format!("{groups} groups for {rows} rows: give one group per row")
            }
            _ => return None,
        })
    }

    /// Messages about options that are invalid or do not fit the data.
    fn option_message(&self, n: &dyn Fn(Setting) -> String) -> Option<String> {
        Some(match self {
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
            _ => return None,
        })
    }

    /// Messages about training refused for its data, or failed.
    fn training_message(&self, n: &dyn Fn(Setting) -> String) -> Option<String> {
        Some(match self {
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
            Error::ManyClasses {
                path,
                column,
                classes,
                rows,
                examples,
            } => format!(
                "{}: column {column:?} has {classes} distinct labels in {rows} rows (first: {}, ...): \
                 is this the label column? A classifier needs several rows of each class; name the \
                 label column with {}, or pass {} to train on it anyway",
                path.display(),
                examples
                    .iter()
                    .map(|e| format!("{e:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                n(Setting::LabelColumn),
                n(Setting::AllowManyClasses)
            ),
            Error::NoHeads => "no label column to train on".into(),
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
            _ => return None,
        })
    }

    /// Messages about model files and vocabularies.
    fn model_message(&self) -> Option<String> {
        Some(match self {
            Error::Model { path, message } => {
                format!(
                    "{}: not a usable geostance model: {message}",
                    path.display()
                )
            }
            Error::Vocabulary { message } => message.clone(),
            _ => return None,
        })
    }
}
