//! Word vectors learned from unlabeled text: a skip-gram trainer with
//! negative sampling over the analyzer's terms ([`train_vectors`]), and the
//! `vectors.bin` file that holds them ([`WordVectors`]).
//!
//! A word's term is what the classifier sees of it, without the negation
//! mark: its Snowball stem of the lowercased word, or its actor placeholder
//! (`⟨country⟩`, `⟨org⟩`, `⟨person⟩`) when the analyzer masks actors, so
//! that vectors carry no learned prior about who is named.
//!
//! ```
//! use geostance::embeddings::{Corpus, SkipGramParams, train_vectors};
//! use geostance::tokenize::{Analyzer, AnalyzerConfig};
//!
//! let mut corpus = Corpus::new(Analyzer::new(AnalyzerConfig::default())?);
//! for _ in 0..50 {
//!     corpus.add("We welcome the agreement and support the talks.");
//!     corpus.add("We condemn the attack and reject the annexation.");
//! }
//! let params = SkipGramParams { dim: 8, min_count: 1, epochs: 2, ..Default::default() };
//! let vectors = train_vectors(corpus, &params, |_, _| {})?;
//! assert_eq!(vectors.dim(), 8);
//! assert!(vectors.get("welcom").is_some());
//! # Ok::<(), geostance::Error>(())
//! ```

pub mod file;
mod skipgram;

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::tokenize::{Analyzer, AnalyzerConfig, Word};

pub use file::{VECTORS_MAGIC, VECTORS_VERSION};
pub use skipgram::{SkipGramParams, train_vectors};

/// The term a word contributes to word vectors: its actor placeholder, or
/// the stem of its lowercased surface (`lower` is a reusable buffer).
pub fn word_term<'a>(
    analyzer: &Analyzer,
    text: &str,
    word: &Word,
    lower: &'a mut String,
) -> Cow<'a, str> {
    match word.actor {
        Some(kind) => Cow::Borrowed(kind.placeholder()),
        None => {
            analyzer.lowercase_into(&text[word.start..word.end], lower);
            analyzer.stem(lower)
        }
    }
}

/// Where the vectors came from: one entry per input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusFile {
    /// File name (no directories, so the record is the same on every machine).
    pub name: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Texts (CSV rows or lines) read.
    pub texts: u64,
}

/// How the vectors were trained. Deterministic: no clock times.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VectorsInfo {
    /// The skip-gram options (`None` for vectors not trained here).
    #[serde(default)]
    pub params: Option<SkipGramParams>,
    /// The input files, in reading order.
    #[serde(default)]
    pub corpus: Vec<CorpusFile>,
    /// Words (analyzer terms) in the corpus, before `min_count` pruning.
    #[serde(default)]
    pub corpus_words: u64,
}

/// A table of word vectors over analyzer terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WordVectors {
    /// How the terms were made (language, actor masking).
    pub analyzer: AnalyzerConfig,
    /// How the vectors were trained, and on what.
    pub info: VectorsInfo,
    terms: Vec<String>,
    counts: Vec<u64>,
    dim: usize,
    /// Row-major: the vector of term `i` is `data[i * dim..(i + 1) * dim]`.
    data: Vec<f32>,
    index: FxHashMap<String, u32>,
}

impl WordVectors {
    /// Builds a table from its parts; `data` holds `terms.len() * dim` values.
    ///
    /// # Errors
    /// [`Error::Vocabulary`](crate::Error::Vocabulary) when the parts do not
    /// fit together: a zero dimension, counts or values not matching the
    /// terms, a term given twice, or a value that is not finite.
    pub fn new(
        analyzer: AnalyzerConfig,
        info: VectorsInfo,
        terms: Vec<String>,
        counts: Vec<u64>,
        dim: usize,
        data: Vec<f32>,
    ) -> std::result::Result<Self, crate::Error> {
        let bad = |m: String| Err(crate::Error::vocabulary(m));
        if dim == 0 {
            return bad("the vector dimension is 0".into());
        }
        if counts.len() != terms.len() {
            return bad(format!("{} terms but {} counts", terms.len(), counts.len()));
        }
        if data.len() != terms.len() * dim {
            return bad(format!(
                "{} values for {} terms x {dim} dimensions (shape mismatch)",
                data.len(),
                terms.len()
            ));
        }
        if data.iter().any(|x| !x.is_finite()) {
            return bad("a vector holds NaN or infinity".into());
        }
        let mut index = FxHashMap::with_capacity_and_hasher(terms.len(), Default::default());
        for (i, t) in terms.iter().enumerate() {
            if index.insert(t.clone(), i as u32).is_some() {
                return bad(format!("the term {t:?} appears twice"));
            }
        }
        Ok(WordVectors {
            analyzer,
            info,
            terms,
            counts,
            dim,
            data,
            index,
        })
    }

    /// The vector dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }
    /// How many terms have a vector.
    pub fn len(&self) -> usize {
        self.terms.len()
    }
    /// Whether the table has no term.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
    /// The terms, by id (most frequent first).
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
    /// Corpus occurrences of each term.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
    /// The vector of term number `i`.
    pub fn vector(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }
    /// The number of a term.
    pub fn id(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }
    /// The vector of a term.
    pub fn get(&self, term: &str) -> Option<&[f32]> {
        self.id(term).map(|i| self.vector(i as usize))
    }

    /// Cosine similarity of two terms' vectors.
    pub fn similarity(&self, a: &str, b: &str) -> Option<f32> {
        let (a, b) = (self.get(a)?, self.get(b)?);
        let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
        Some(if na > 0.0 && nb > 0.0 {
            dot / (na * nb)
        } else {
            0.0
        })
    }

    /// The `n` terms nearest to `term` by cosine, nearest first.
    pub fn nearest(&self, term: &str, n: usize) -> Vec<(String, f32)> {
        let Some(id) = self.id(term) else {
            return Vec::new();
        };
        let mut all: Vec<(String, f32)> = (0..self.len())
            .filter(|&i| i != id as usize)
            .filter_map(|i| {
                self.similarity(term, &self.terms[i])
                    .map(|s| (self.terms[i].clone(), s))
            })
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

/// Unlabeled text turned into term ids, ready for [`train_vectors`]:
/// sentences of term ids over a growing vocabulary with counts.
pub struct Corpus {
    analyzer: Analyzer,
    terms: Vec<String>,
    counts: Vec<u64>,
    term_ids: FxHashMap<String, u32>,
    /// surface word -> term id, so each distinct word is stemmed once.
    surface: FxHashMap<String, u32>,
    tokens: Vec<u32>,
    /// Sentence `i` is `tokens[ends[i - 1]..ends[i]]`.
    ends: Vec<usize>,
    words: Vec<Word>,
    lower: String,
    /// The files read so far, in order (for [`VectorsInfo::corpus`]).
    pub files: Vec<CorpusFile>,
}

impl Corpus {
    /// An empty corpus whose texts `analyzer` turns into terms.
    pub fn new(analyzer: Analyzer) -> Self {
        Corpus {
            analyzer,
            terms: Vec::new(),
            counts: Vec::new(),
            term_ids: FxHashMap::default(),
            surface: FxHashMap::default(),
            tokens: Vec::new(),
            ends: Vec::new(),
            words: Vec::new(),
            lower: String::new(),
            files: Vec::new(),
        }
    }

    /// The analyzer that makes the terms.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Words (terms) read so far.
    pub fn words(&self) -> u64 {
        self.tokens.len() as u64
    }

    /// Texts read so far.
    pub fn texts(&self) -> usize {
        self.ends.len()
    }

    /// Adds one text (a sentence or a paragraph: windows do not cross texts).
    pub fn add(&mut self, text: &str) {
        let mut words = std::mem::take(&mut self.words);
        self.analyzer.words(text, &mut words);
        for w in &words {
            let id = match w.actor {
                Some(kind) => self.intern(kind.placeholder()),
                None => {
                    let surface = &text[w.start..w.end];
                    match self.surface.get(surface) {
                        Some(&id) => id,
                        None => {
                            let mut lower = std::mem::take(&mut self.lower);
                            let term = word_term(&self.analyzer, text, w, &mut lower).into_owned();
                            self.lower = lower;
                            let id = self.intern(&term);
                            self.surface.insert(surface.to_string(), id);
                            id
                        }
                    }
                }
            };
            self.counts[id as usize] += 1;
            self.tokens.push(id);
        }
        self.ends.push(self.tokens.len());
        self.words = words;
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.to_string());
        self.counts.push(0);
        self.term_ids.insert(term.to_string(), id);
        id
    }
}

impl Corpus {
    /// Reads one input: a CSV file (`.csv`: the first of `text_columns` it
    /// has), JSON Lines (`.jsonl` or `.json`: the first of `text_columns` its first
    /// record has, a string or a list of strings such as `paragraphs`; each
    /// line of it one text) or plain text (one text per line, blank lines
    /// skipped). `name` names it in errors and in the training record;
    /// `bytes` are its contents. Returns the texts read.
    ///
    /// # Errors
    /// For a CSV file: [`Error::Input`](crate::Error::Input) for malformed
    /// CSV or an unusable header, [`Error::MissingColumn`](crate::Error::MissingColumn)
    /// when it has none of `text_columns`. For JSON Lines: the errors of
    /// [`jsonl_articles`](crate::corpus::jsonl_articles), naming the line.
    /// Plain text never fails (invalid UTF-8 becomes U+FFFD).
    pub fn add_file(
        &mut self,
        name: &std::path::Path,
        bytes: &[u8],
        text_columns: &[String],
    ) -> crate::error::Result<u64> {
        use crate::data::{csv_error, quoted};
        use crate::error::Error;
        use sha2::Digest;
        let before = self.texts();
        let ext = |x: &str| name.extension().is_some_and(|e| e.eq_ignore_ascii_case(x));
        if ext("jsonl") || ext("json") {
            self.add_jsonl(name, bytes, text_columns)?;
        } else if ext("csv") {
            let (mut reader, names) = crate::data::csv_reader(bytes, name)?;
            let Some(col) = text_columns
                .iter()
                .find_map(|c| names.iter().position(|n| n == c))
            else {
                return Err(Error::MissingColumn {
                    path: name.to_path_buf(),
                    location: ", line 1 (header)".into(),
                    wanted: quoted(text_columns, " or "),
                    role: crate::error::ColumnRole::Text,
                    found: quoted(&names, ", "),
                });
            };
            let mut record = csv::ByteRecord::new();
            while reader
                .read_byte_record(&mut record)
                .map_err(|e| csv_error(name, e))?
            {
                let field = record.get(col).unwrap_or(b"");
                let text = String::from_utf8_lossy(field);
                if !text.trim().is_empty() {
                    self.add(&text);
                }
            }
        } else {
            for line in String::from_utf8_lossy(bytes).lines() {
                if !line.trim().is_empty() {
                    self.add(line);
                }
            }
        }
        let texts = (self.texts() - before) as u64;
        self.files.push(CorpusFile {
            name: name
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.display().to_string()),
            sha256: crate::data::hex(&sha2::Sha256::digest(bytes)),
            texts,
        });
        Ok(texts)
    }
}

impl Corpus {
    /// JSON Lines: the text field is the first of `text_columns` that the
    /// first record has; every line of every record's text is one text.
    fn add_jsonl(
        &mut self,
        name: &std::path::Path,
        bytes: &[u8],
        text_columns: &[String],
    ) -> crate::error::Result<()> {
        let first = bytes
            .split(|&b| b == b'\n')
            .find(|l| !l.trim_ascii().is_empty())
            .and_then(|l| serde_json::from_slice::<serde_json::Value>(l).ok());
        // A first line that is no JSON object is reported, with its line, below.
        let field = match first.as_ref().and_then(|v| v.as_object()) {
            None => Some(&text_columns[0]),
            Some(map) => text_columns.iter().find(|c| map.contains_key(c.as_str())),
        };
        let Some(field) = field else {
            let keys: Vec<String> = first
                .as_ref()
                .and_then(|v| v.as_object())
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            return Err(crate::error::Error::MissingColumn {
                path: name.to_path_buf(),
                location: ", line 1".into(),
                wanted: crate::data::quoted(text_columns, " or "),
                role: crate::error::ColumnRole::Text,
                found: crate::data::quoted(&keys, ", "),
            });
        };
        let fields = crate::corpus::Fields {
            text: vec![field.clone()],
            ..Default::default()
        };
        for article in crate::corpus::jsonl_articles(bytes, name.to_path_buf(), fields) {
            for line in article?.text.lines() {
                if !line.trim().is_empty() {
                    self.add(line);
                }
            }
        }
        Ok(())
    }
}

/// The files an input names: the file itself, or every `.csv`, `.jsonl` and
/// `.txt` file under a directory (recursively, in path order).
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when `path` or a folder under it cannot
/// be read.
pub fn input_files(path: &std::path::Path) -> crate::error::Result<Vec<std::path::PathBuf>> {
    use crate::error::Error;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let p = entry.map_err(|e| Error::io(&dir, e))?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| {
                ["csv", "jsonl", "txt"]
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(x))
            }) {
                out.push(p);
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(Error::input(
            path,
            "",
            "the directory holds no .csv, .jsonl or .txt file: give a file, or a directory of them",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::AnalyzerConfig;

    fn corpus() -> Corpus {
        Corpus::new(Analyzer::new(AnalyzerConfig::default()).unwrap())
    }

    #[test]
    fn terms_are_stems_and_actor_placeholders_without_negation() {
        let mut c = corpus();
        c.add("Russia does not support the sanctions.");
        let terms: Vec<&str> = c
            .tokens
            .iter()
            .map(|&t| c.terms[t as usize].as_str())
            .collect();
        assert_eq!(
            terms,
            ["⟨country⟩", "doe", "not", "support", "the", "sanction"]
        );
    }

    #[test]
    fn csv_picks_the_first_text_column_it_has_and_records_the_file() {
        let mut c = corpus();
        let cols = ["text".to_string(), "sentence".to_string()];
        let n = c
            .add_file(
                std::path::Path::new("dir/s.csv"),
                b"id,sentence\n1,Peace talks resume.\n2,\"Talks, again.\"\n",
                &cols,
            )
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(c.words(), 5);
        assert_eq!(c.files[0].name, "s.csv");
        assert_eq!(c.files[0].sha256.len(), 64);
        let e = c
            .add_file(std::path::Path::new("x.csv"), b"id,body\n1,a\n", &cols)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("x.csv") && e.contains("text_column") && e.contains("\"body\""),
            "{e}"
        );
        let e = c
            .add_file(std::path::Path::new("y.csv"), b"id,text\n1,a,b\n", &cols)
            .unwrap_err()
            .to_string();
        assert!(e.contains("y.csv, line 2"), "{e}");
    }

    #[test]
    fn plain_text_is_one_text_per_line() {
        let mut c = corpus();
        let n = c
            .add_file(std::path::Path::new("-"), b"We agree.\n\nWe object.\n", &[])
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(c.ends, [2, 4]);
    }
}
