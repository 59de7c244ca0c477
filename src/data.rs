//! Labeled CSV files in: one text column and one or more label columns,
//! checked row by row with errors that name the file, row, column and fix.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{ColumnRole, Error, Result};

/// How forgiving reading is.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub lossy: bool,
    /// Skip rows with an empty text or label (counted) instead of failing.
    pub skip_invalid: bool,
    /// A column naming each row's group (e.g. its source document): rows of
    /// one group stay in one cross-validation fold. Default: none.
    pub group_column: Option<String>,
}

/// A labeled data set: texts and, per head, one gold label per text.
#[derive(Debug, Clone)]
pub struct LabeledData {
    /// The file read (`<memory>` for [`LabeledData::from_rows`]).
    pub path: PathBuf,
    /// The name of the text column.
    pub text_column: String,
    /// One text per row, in file order.
    pub texts: Vec<String>,
    /// `(column name, labels)` per label column, in the order asked for.
    pub heads: Vec<(String, Vec<String>)>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Rows skipped under `skip_invalid`.
    pub skipped: usize,
    /// Things worth telling the user that are not errors.
    pub warnings: Vec<String>,
    /// Each row's group (from `ReadOptions::group_column`): cross-validation
    /// keeps a group in one fold. `None`: every row is its own group.
    pub groups: Option<Vec<String>>,
}

impl LabeledData {
    /// Builds a data set in memory (library use, tests).
    pub fn from_rows(
        text_column: &str,
        texts: Vec<String>,
        heads: Vec<(String, Vec<String>)>,
    ) -> Self {
        let mut h = Sha256::new();
        for t in &texts {
            h.update(t.as_bytes());
            h.update([0]);
        }
        for (name, labels) in &heads {
            h.update(name.as_bytes());
            for l in labels {
                h.update(l.as_bytes());
                h.update([0]);
            }
        }
        LabeledData {
            path: PathBuf::from("<memory>"),
            text_column: text_column.into(),
            texts,
            heads,
            sha256: hex(&h.finalize()),
            skipped: 0,
            warnings: Vec::new(),
            groups: None,
        }
    }

    /// The same data with a group per row (rows of a group share a CV fold).
    ///
    /// # Errors
    /// [`Error::GroupCount`] when there is not one group per row.
    pub fn with_groups(mut self, groups: Vec<String>) -> Result<Self> {
        if groups.len() != self.texts.len() {
            return Err(Error::GroupCount {
                groups: groups.len(),
                rows: self.texts.len(),
            });
        }
        self.groups = Some(groups);
        Ok(self)
    }

    /// Label counts per head.
    pub fn label_counts(&self) -> BTreeMap<String, BTreeMap<String, usize>> {
        self.heads
            .iter()
            .map(|(name, labels)| {
                let mut c = BTreeMap::new();
                for l in labels {
                    *c.entry(l.clone()).or_insert(0) += 1;
                }
                (name.clone(), c)
            })
            .collect()
    }

    /// Keeps only the rows at `idx` (in that order; an index may repeat).
    ///
    /// # Panics
    /// If an index is not a row of this data set.
    pub fn subset(&self, idx: &[usize]) -> LabeledData {
        LabeledData {
            path: self.path.clone(),
            text_column: self.text_column.clone(),
            texts: idx.iter().map(|&i| self.texts[i].clone()).collect(),
            heads: self
                .heads
                .iter()
                .map(|(n, l)| (n.clone(), idx.iter().map(|&i| l[i].clone()).collect()))
                .collect(),
            sha256: self.sha256.clone(),
            skipped: 0,
            warnings: Vec::new(),
            groups: self
                .groups
                .as_ref()
                .map(|g| idx.iter().map(|&i| g[i].clone()).collect()),
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a file's bytes, hex.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read.
pub fn sha256_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(hex(&Sha256::digest(&bytes)))
}

/// Reads the CSV header and checks it: not empty, no duplicate names. BOM removed.
pub(crate) fn check_headers(path: &Path, headers: &csv::ByteRecord) -> Result<Vec<String>> {
    let mut names = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let h = if i == 0 {
            h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h)
        } else {
            h
        };
        let name = std::str::from_utf8(h).map_err(|e| {
            Error::input(path, ", line 1 (header)", format!(
                "column {} name is not valid UTF-8 (byte {}); re-save the file as UTF-8, e.g. iconv -f latin1 -t utf-8",
                i + 1,
                e.valid_up_to()
            ))
        })?;
        names.push(name.trim().to_string());
    }
    if names.iter().all(|n| n.is_empty()) {
        return Err(Error::input(
            path,
            "",
            "the file is empty; it needs a header row, e.g. text,stance",
        ));
    }
    // A set, not a scan of the names before each: a header of 100,000
    // columns took 12 s to check that way.
    let mut seen = std::collections::HashSet::with_capacity(names.len());
    for n in &names {
        if !seen.insert(n.as_str()) {
            return Err(Error::input(
                path,
                ", line 1 (header)",
                format!(
                    "column {n:?} appears twice; rename one of them so every column name is unique"
                ),
            ));
        }
    }
    Ok(names)
}

/// The column names of CSV data (its header), checked as
/// the training reader does (not empty, no duplicate names); `path` names it in errors.
///
/// # Errors
/// An unreadable, empty or duplicate-named header.
pub fn csv_columns(reader: impl std::io::Read, path: &Path) -> Result<Vec<String>> {
    csv_reader(reader, path).map(|(_, names)| names)
}

/// A strict CSV reader over `reader` (every row as wide as the header) and
/// its column names, checked by [`check_headers`]: how every CSV input
/// (training data, classify input, vector corpora) is opened.
pub(crate) fn csv_reader<R: std::io::Read>(
    reader: R,
    path: &Path,
) -> Result<(csv::Reader<R>, Vec<String>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let headers = rdr.byte_headers().map_err(|e| csv_error(path, e))?.clone();
    let names = check_headers(path, &headers)?;
    Ok((rdr, names))
}

/// Finds a column by name, or says which columns exist.
///
/// # Errors
/// [`Error::MissingColumn`] when no column is called `want`.
pub fn column_index(path: &Path, names: &[String], want: &str, role: ColumnRole) -> Result<usize> {
    names
        .iter()
        .position(|n| n == want)
        .ok_or_else(|| Error::MissingColumn {
            path: path.to_path_buf(),
            location: String::new(),
            wanted: format!("{want:?}"),
            role,
            found: quoted(names, ", "),
        })
}

/// The names, each in quotes, joined with `sep`.
pub(crate) fn quoted(names: &[String], sep: &str) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// Turns a csv error into one that names the file and line and says what to do.
pub(crate) fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e
        .position()
        .map(|p| format!(", line {}", p.line()))
        .unwrap_or_default();
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::input(
            path,
            line,
            format!(
                "this row has {len} fields but the header has {expected_len}; quote fields that contain commas (\"a, b\") and check for missing or extra separators"
            ),
        ),
        csv::ErrorKind::Io(_) => Error::input(path, line, format!("read failed: {e}")),
        _ => Error::input(path, line, format!("malformed CSV: {e}")),
    }
}

/// Decodes one field, naming row, column and byte offset when it is not UTF-8.
pub(crate) fn field_str(
    path: &Path,
    record: &csv::ByteRecord,
    i: usize,
    column: &str,
    lossy: bool,
) -> Result<String> {
    let bytes = record.get(i).unwrap_or(b"");
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes).into_owned()),
        Err(e) => {
            let pos = record.position();
            Err(Error::InvalidUtf8 {
                path: path.to_path_buf(),
                line: pos.map(|p| p.line()).unwrap_or(0),
                column: column.to_string(),
                byte: e.valid_up_to(),
                row_start: pos.map(|p| p.byte()).unwrap_or(0),
            })
        }
    }
}

/// Reads a labeled CSV. `label_columns` empty means `stance` and/or
/// `sentiment`, whichever the file has.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Input`] for an empty,
/// UTF-16, header-only or malformed file; [`Error::MissingColumn`],
/// [`Error::NoLabelColumn`] or [`Error::LabelColumn`] when the columns named
/// are not there or clash; [`Error::InvalidUtf8`] for a field that is not
/// UTF-8 (unless `lossy`); [`Error::EmptyField`] for an empty text or label
/// (unless `skip_invalid`). Every error names the file and, where it
/// applies, the line, row and column.
pub fn read_labeled(
    path: &Path,
    text_column: &str,
    label_columns: &[String],
    options: &ReadOptions,
) -> Result<LabeledData> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_labeled(&bytes, path, text_column, label_columns, options)
}

/// Parses labeled CSV bytes; `path` names them in messages.
///
/// # Errors
/// As [`read_labeled`], without the file read.
pub fn parse_labeled(
    bytes: &[u8],
    path: &Path,
    text_column: &str,
    label_columns: &[String],
    options: &ReadOptions,
) -> Result<LabeledData> {
    let sha256 = hex(&Sha256::digest(bytes));
    check_encoding(bytes, path)?;
    let (mut reader, names) = csv_reader(bytes, path)?;
    let columns = Columns::find(path, &names, text_column, label_columns, options)?;
    let rows = read_rows(&mut reader, path, &columns, options)?;
    if rows.texts.is_empty() {
        return Err(Error::input(
            path,
            "",
            if rows.skipped > 0 {
                format!(
                    "all {} rows were skipped as invalid; no labeled row is left",
                    rows.skipped
                )
            } else {
                "the file has a header but no rows; add labeled rows".to_string()
            },
        ));
    }
    let warnings = read_warnings(path, rows.skipped, &rows.heads);
    Ok(LabeledData {
        path: path.to_path_buf(),
        text_column: text_column.to_string(),
        texts: rows.texts,
        heads: rows.heads,
        sha256,
        skipped: rows.skipped,
        warnings,
        groups: columns.group.map(|_| rows.groups),
    })
}

/// Refuses input that cannot be a UTF-8 CSV file: empty, or UTF-16.
fn check_encoding(bytes: &[u8], path: &Path) -> Result<()> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(
            path,
            "",
            "the file is empty; it needs a header row and labeled rows, e.g. text,stance",
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::input(
            path,
            "",
            "the file is UTF-16; re-save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8 in > out)",
        ));
    }
    Ok(())
}

/// The columns a labeled file is read for, found in its header.
struct Columns<'a> {
    /// The text column: index and name.
    text: (usize, &'a str),
    /// The label columns: indexes and names, in the order asked for.
    labels: Vec<(usize, String)>,
    /// The group column, if one was asked for.
    group: Option<(usize, &'a str)>,
    /// How many columns the header has.
    width: usize,
}

impl<'a> Columns<'a> {
    /// Finds the text, label and group columns, in that order (so the first
    /// missing one is the one reported). No label columns means `stance`
    /// and/or `sentiment`, whichever the header has.
    fn find(
        path: &Path,
        names: &[String],
        text_column: &'a str,
        label_columns: &[String],
        options: &'a ReadOptions,
    ) -> Result<Self> {
        let text_idx = column_index(path, names, text_column, ColumnRole::Text)?;
        let label_columns: Vec<String> = if label_columns.is_empty() {
            let found: Vec<String> = ["stance", "sentiment"]
                .iter()
                .filter(|c| names.iter().any(|n| n == *c))
                .map(|c| c.to_string())
                .collect();
            if found.is_empty() {
                return Err(Error::NoLabelColumn {
                    path: path.to_path_buf(),
                    found: names.join(", "),
                });
            }
            found
        } else {
            label_columns.to_vec()
        };
        let mut labels = Vec::new();
        for (i, c) in label_columns.iter().enumerate() {
            if label_columns[..i].contains(c) {
                return Err(Error::LabelColumn {
                    column: c.clone(),
                    is_text_column: false,
                });
            }
            if c == text_column {
                return Err(Error::LabelColumn {
                    column: c.clone(),
                    is_text_column: true,
                });
            }
            labels.push((column_index(path, names, c, ColumnRole::Label)?, c.clone()));
        }
        let group = match &options.group_column {
            Some(g) => Some((column_index(path, names, g, ColumnRole::Group)?, g.as_str())),
            None => None,
        };
        Ok(Columns {
            text: (text_idx, text_column),
            labels,
            group,
            width: names.len(),
        })
    }
}

/// The rows read from a labeled file.
struct Rows {
    texts: Vec<String>,
    /// `(column name, labels)` per label column.
    heads: Vec<(String, Vec<String>)>,
    /// Each row's group (empty without a group column).
    groups: Vec<String>,
    /// Rows skipped for an empty text or label.
    skipped: usize,
}

/// Reads every row: text, labels and group, each checked; an empty text or
/// label fails (or is skipped and counted under `skip_invalid`).
fn read_rows(
    reader: &mut csv::Reader<&[u8]>,
    path: &Path,
    columns: &Columns,
    options: &ReadOptions,
) -> Result<Rows> {
    let mut rows = Rows {
        texts: Vec::new(),
        heads: columns
            .labels
            .iter()
            .map(|(_, c)| (c.clone(), Vec::new()))
            .collect(),
        groups: Vec::new(),
        skipped: 0,
    };
    let (text_idx, text_column) = columns.text;
    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(path, e)),
        }
        row += 1;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        // A blank line at the end of a file is not a row.
        if record.len() == 1 && record.get(0) == Some(b"") && columns.width > 1 {
            continue;
        }
        let text = field_str(path, &record, text_idx, text_column, options.lossy)?;
        let mut labels = Vec::with_capacity(columns.labels.len());
        // The first empty field: (column, whether it is a label column).
        let mut problem = None;
        if text.trim().is_empty() {
            problem = Some((text_column.to_string(), false));
        }
        for (i, c) in &columns.labels {
            let l = field_str(path, &record, *i, c, options.lossy)?
                .trim()
                .to_string();
            if l.is_empty() && problem.is_none() {
                problem = Some((c.clone(), true));
            }
            labels.push(l);
        }
        if let Some((column, label)) = problem {
            if options.skip_invalid {
                rows.skipped += 1;
                continue;
            }
            return Err(Error::EmptyField {
                path: path.to_path_buf(),
                line,
                row,
                column,
                label,
            });
        }
        if let Some((i, g)) = columns.group {
            rows.groups.push(
                field_str(path, &record, i, g, options.lossy)?
                    .trim()
                    .to_string(),
            );
        }
        rows.texts.push(text);
        for (h, l) in rows.heads.iter_mut().zip(labels) {
            h.1.push(l);
        }
    }
    Ok(rows)
}

/// What is worth telling about data that was read: skipped rows, and labels
/// that differ only in case (they are different classes).
fn read_warnings(path: &Path, skipped: usize, heads: &[(String, Vec<String>)]) -> Vec<String> {
    let mut warnings = Vec::new();
    if skipped > 0 {
        warnings.push(format!(
            "{}: skipped {skipped} row(s) with an empty text or label",
            path.display()
        ));
    }
    for (name, labels) in heads {
        let distinct: std::collections::BTreeSet<&str> =
            labels.iter().map(String::as_str).collect();
        let mut folded: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for l in &distinct {
            folded.entry(l.to_lowercase()).or_default().push(l);
        }
        for variants in folded.values().filter(|v| v.len() > 1) {
            warnings.push(format!(
                "{}: column {name:?} has labels that differ only in case: {}; they are treated as different classes",
                path.display(),
                variants.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    warnings
}
