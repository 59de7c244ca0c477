//! Many articles in, one at a time: files and folders, JSON Lines or CSV
//! archives, read as a stream of [`Article`]s, and [`ArticleSource`], which
//! feeds them to the library's streaming pipeline
//! ([`crate::stream::process_stream`]: chunks in bounded memory, results in
//! input order).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{ColumnRole, Error, Result};

/// One article: its id (given, or the file path), date and text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The record's id, or the file's path for a file.
    pub id: String,
    /// `YYYY-MM-DD` (or longer, e.g. a timestamp), as given; `None` if absent or empty.
    pub date: Option<String>,
    /// The article's text (plain text or Markdown).
    pub text: String,
    /// Other fields of a JSON Lines record, passed through.
    pub meta: Map<String, Value>,
    /// The code of the state or organisation that published this article
    /// (a speech's state in a corpus of many states' speeches), from
    /// [`Fields::publisher`]; it overrides the run's publisher for this
    /// article (see [`crate::quotes::ActorResolver::for_article`]).
    pub publisher: Option<String>,
}

/// Which fields of a record hold the text, id and date.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Text fields, joined with a blank line when several are named (or when
    /// a field holds a list of strings, such as `paragraphs`).
    pub text: Vec<String>,
    /// Id field. Default: `id`.
    pub id: String,
    /// Date field. Default: `date`.
    pub date: String,
    /// Field holding each article's publisher code (`iso3` in the UN General
    /// Debate corpus), if any. Default: none.
    pub publisher: Option<String>,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            text: vec!["text".into()],
            id: "id".into(),
            date: "date".into(),
            publisher: None,
        }
    }
}

/// Every `.txt` and `.md` file under `paths` (folders walked recursively,
/// files kept as named), folders' files sorted by path.
///
/// # Errors
/// [`Error::Io`] when a folder cannot be listed.
pub fn article_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut found = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            if path.is_dir() {
                walk(&path, &mut found)?;
            } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                found.push(path);
            }
        }
        found.sort();
        out.extend(found);
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Reads one article file (UTF-8 text or Markdown); its id is the path.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Input`] when it is
/// not UTF-8 (naming the byte).
pub fn read_article_file(path: &Path) -> Result<Article> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::input(
            path,
            format!(", byte {}", e.utf8_error().valid_up_to()),
            "invalid UTF-8; convert the article to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
        )
    })?;
    Ok(Article {
        id: path.display().to_string(),
        date: None,
        text,
        meta: Map::new(),
        publisher: None,
    })
}

/// Articles from JSON Lines, one object per line; `name` is used in errors.
///
/// Each item is one line's article or that line's error, naming the line:
/// [`Error::Input`] for a line that is not a JSON object or a field of the
/// wrong type, [`Error::MissingColumn`] when a text field is missing, and
/// [`Error::Io`] when reading fails (invalid UTF-8 included). Blank lines
/// are skipped.
pub fn jsonl_articles<R: BufRead>(
    reader: R,
    name: PathBuf,
    fields: Fields,
) -> impl Iterator<Item = Result<Article>> {
    reader.split(b'\n').enumerate().filter_map(move |(i, line)| {
        let mut line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(Error::io(&name, e))),
        };
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let line = match String::from_utf8(line) {
            Ok(l) => l,
            Err(e) => {
                let byte = e.utf8_error().valid_up_to();
                return Some(Err(Error::input(
                    &name,
                    format!(", line {}", i + 1),
                    format!(
                        "invalid UTF-8 at byte {byte} of the line; convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8 in > out)"
                    ),
                )));
            }
        };
        if line.trim().is_empty() {
            return None;
        }
        Some(jsonl_article(&line, &name, i + 1, &fields))
    })
}

fn jsonl_article(line: &str, name: &Path, n: usize, fields: &Fields) -> Result<Article> {
    let at = || format!(", line {n}");
    let value: Value = serde_json::from_str(line).map_err(|e| {
        Error::input(
            name,
            at(),
            format!("not a JSON object ({e}); write one article per line as {{\"id\": ..., \"date\": ..., \"text\": ...}}"),
        )
    })?;
    let Value::Object(mut map) = value else {
        return Err(Error::input(
            name,
            at(),
            "not a JSON object; write one article per line as {\"id\": ..., \"text\": ...}",
        ));
    };
    let mut parts = Vec::new();
    for field in &fields.text {
        match map.remove(field) {
            Some(Value::String(s)) => parts.push(s),
            Some(Value::Array(items)) => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => list.push(s),
                        other => {
                            return Err(Error::input(
                                name,
                                at(),
                                format!(
                                    "field {field:?} holds a list with a non-text item ({other}); give a list of strings"
                                ),
                            ));
                        }
                    }
                }
                parts.push(list.join("\n\n"));
            }
            Some(Value::Null) | None if fields.text.len() > 1 => {}
            None => {
                let keys: Vec<String> = map.keys().cloned().collect();
                return Err(Error::MissingColumn {
                    path: name.to_path_buf(),
                    location: at(),
                    wanted: format!("{field:?}"),
                    role: ColumnRole::Text,
                    found: crate::data::quoted(&keys, ", "),
                });
            }
            Some(other) => {
                return Err(Error::input(
                    name,
                    at(),
                    format!("field {field:?} is {other}, not text or a list of strings"),
                ));
            }
        }
    }
    let scalar = |v: Option<Value>| match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::Number(x)) => Some(x.to_string()),
        _ => None,
    };
    let id = scalar(map.remove(&fields.id)).unwrap_or_else(|| format!("{}:{n}", name.display()));
    let date = scalar(map.remove(&fields.date));
    // Kept in `meta` too, so the output still carries it.
    let publisher = fields
        .publisher
        .as_ref()
        .and_then(|f| scalar(map.get(f).cloned()))
        .and_then(|p| publisher_code(&p));
    Ok(Article {
        id,
        date,
        text: parts.join("\n\n"),
        meta: map,
        publisher,
    })
}

/// Articles from CSV with a header naming the text, id and date columns
/// (id and date optional).
///
/// # Errors
/// [`Error::Input`] for an unreadable header, [`Error::MissingColumn`] when
/// a text column is not in it. Each item is then one row's article, or an
/// [`Error::Input`] naming the row (malformed CSV).
pub fn csv_articles<R: std::io::Read>(
    reader: R,
    name: PathBuf,
    fields: Fields,
) -> Result<impl Iterator<Item = Result<Article>>> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let header = csv
        .headers()
        .map_err(|e| Error::input(&name, ", line 1", format!("unreadable CSV header ({e})")))?
        .clone();
    let column = |c: &str| header.iter().position(|h| h == c);
    // A column the header must have: its index, or the error naming it.
    let required = |c: &str, role: ColumnRole| {
        column(c).ok_or_else(|| Error::MissingColumn {
            path: name.clone(),
            location: ", line 1".into(),
            wanted: format!("{c:?}"),
            role,
            found: header
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
    };
    let text = fields
        .text
        .iter()
        .map(|f| required(f, ColumnRole::Text))
        .collect::<Result<Vec<_>>>()?;
    let (id, date) = (column(&fields.id), column(&fields.date));
    let publisher = fields
        .publisher
        .as_deref()
        .map(|f| required(f, ColumnRole::Publisher))
        .transpose()?;
    Ok(csv.into_records().enumerate().map(move |(i, rec)| {
        let rec = rec.map_err(|e| {
            Error::input(
                &name,
                format!(", row {}", i + 1),
                format!("{e}; check the quoting and the number of fields"),
            )
        })?;
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
        };
        Ok(Article {
            id: get(id).unwrap_or_else(|| format!("{}:{}", name.display(), i + 2)),
            date: get(date),
            text: text
                .iter()
                .filter_map(|&c| rec.get(c))
                .collect::<Vec<_>>()
                .join("\n\n"),
            meta: Map::new(),
            publisher: get(publisher).and_then(|p| publisher_code(&p)),
        })
    }))
}

/// A publisher field as a code: trimmed and uppercased (" chl" is CHL);
/// `None` when blank.
fn publisher_code(field: &str) -> Option<String> {
    let code = field.trim().to_uppercase();
    (!code.is_empty()).then_some(code)
}

/// Articles read and processed per chunk of the stream: bounds memory.
pub const ARTICLE_CHUNK: usize = 256;

/// Articles as a [`Source`](crate::stream::Source) of the streaming
/// pipeline ([`crate::stream::process_stream`]): the records are the
/// articles, read [`ARTICLE_CHUNK`] at a time; an error after some
/// articles of a chunk is returned after them.
pub struct ArticleSource<I> {
    articles: I,
    pending: Option<Error>,
}

impl<I: Iterator<Item = Result<Article>> + Send> ArticleSource<I> {
    /// The articles of `articles` (from [`jsonl_articles`], [`csv_articles`]
    /// or files read with [`read_article_file`]), in order.
    pub fn new(articles: I) -> Self {
        ArticleSource {
            articles,
            pending: None,
        }
    }
}

impl<I: Iterator<Item = Result<Article>> + Send> crate::stream::Source for ArticleSource<I> {
    type Record = Article;

    fn fill(&mut self, records: &mut Vec<Article>) -> Result<usize> {
        let mut pending = self.pending.take();
        let filled = crate::stream::fill_chunk(&mut pending, ARTICLE_CHUNK, |at| {
            let Some(article) = self.articles.next() else {
                return Ok(false);
            };
            let article = article?;
            if at == records.len() {
                records.push(article);
            } else {
                records[at] = article;
            }
            Ok(true)
        });
        self.pending = pending;
        filled
    }

    fn pending(&self) -> bool {
        self.pending.is_some()
    }

    fn chunk(&self) -> usize {
        ARTICLE_CHUNK
    }

    fn text(record: &Article) -> &str {
        &record.text
    }
}
