//! Streaming classification: statements in (lines of text, or a CSV
//! column), one result per statement out, in input order, in bounded
//! memory. Input is read in chunks; each chunk is classified in parallel on
//! the current rayon pool and handed to a sink before the chunk after next
//! is read.
//!
//! ```
//! use geostance::Classifier;
//! use geostance::stream::{LineSource, Render, classify_stream};
//!
//! /// The first head's label of each line, `None` for a blank line.
//! struct Labels<'a>(&'a Classifier);
//! impl Render<String> for Labels<'_> {
//!     type Run = Vec<Option<String>>;
//!     fn start(&self, records: &[String]) -> Self::Run {
//!         Vec::with_capacity(records.len())
//!     }
//!     fn statement(&self, run: &mut Self::Run, _: &String, probs: Option<&[Vec<f32>]>) {
//!         let head = &self.0.model().heads()[0];
//!         run.push(probs.map(|p| head.labels[geostance::classifier::argmax(&p[0])].clone()));
//!     }
//! }
//!
//! let clf = Classifier::embedded()?;
//! let input = "We welcome the agreement.\n\nWe condemn the strikes.\n";
//! let mut labels = Vec::new();
//! classify_stream(
//!     &clf,
//!     LineSource::new(input.as_bytes(), "<memory>", false),
//!     &Labels(&clf),
//!     |run| {
//!         labels.extend(run);
//!         Ok(())
//!     },
//! )?;
//! assert_eq!(labels.len(), 3);
//! assert_eq!(labels[1], None);
//! # Ok::<(), geostance::Error>(())
//! ```

use std::io::BufRead;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::classifier::Classifier;
use crate::data::{column_index, csv_error, csv_reader, field_str};
use crate::error::{ColumnRole, Error, Result};
use crate::vectorize::SparseRow;

/// Statements per chunk: enough to keep every core busy, small enough to
/// bound memory.
pub const CHUNK: usize = 4096;

/// Statements per run: a worker scores and renders a run into one buffer,
/// so output costs one allocation per run, not per statement.
pub const RUN: usize = 64;

/// Where statements come from, a chunk at a time.
pub trait Source: Send {
    /// One input record (a line, or a CSV record).
    type Record: Default + Send + Sync;

    /// Fills `records` from the front (buffers are reused) with up to
    /// [`chunk`](Self::chunk) records; returns how many were filled. Fewer
    /// than a chunk ends the input. An error met after some records of the chunk were
    /// read is returned by the next call, so output stays exact up to the
    /// record at fault.
    ///
    /// # Errors
    /// The input could not be read or a record is malformed.
    fn fill(&mut self, records: &mut Vec<Self::Record>) -> Result<usize>;

    /// Whether an error is waiting for the next [`fill`](Self::fill).
    fn pending(&self) -> bool;

    /// How many records [`fill`](Self::fill) reads at most (a chunk):
    /// [`CHUNK`] statements, fewer for bigger records such as articles.
    fn chunk(&self) -> usize {
        CHUNK
    }

    /// The statement of a record.
    fn text(record: &Self::Record) -> &str;
}

/// One statement per line, UTF-8 checked (or decoded lossily).
pub struct LineSource<R> {
    reader: R,
    name: PathBuf,
    lossy: bool,
    buf: Vec<u8>,
    line_no: u64,
    offset: u64,
    pending: Option<Error>,
}

impl<R: BufRead + Send> LineSource<R> {
    /// Lines of `reader`; `name` names it in errors; `lossy` replaces
    /// invalid UTF-8 with U+FFFD instead of failing.
    pub fn new(reader: R, name: impl Into<PathBuf>, lossy: bool) -> Self {
        LineSource {
            reader,
            name: name.into(),
            lossy,
            buf: Vec::new(),
            line_no: 0,
            offset: 0,
            pending: None,
        }
    }

    /// Whether there was a line to read into `lines[at]`.
    fn read_line(&mut self, lines: &mut Vec<String>, at: usize) -> Result<bool> {
        self.buf.clear();
        let n = self
            .reader
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Error::io(&self.name, e))?;
        if n == 0 {
            return Ok(false);
        }
        self.line_no += 1;
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        if at == lines.len() {
            lines.push(String::new());
        }
        // The line's bytes move into the String when they are valid UTF-8
        // (no copy), and the String's old buffer becomes the next read buffer.
        let spare = std::mem::take(&mut lines[at]).into_bytes();
        let bytes = std::mem::replace(&mut self.buf, spare);
        match String::from_utf8(bytes) {
            Ok(s) => lines[at] = s,
            Err(e) if self.lossy => lines[at] = String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Err(e) => {
                let byte = e.utf8_error().valid_up_to();
                return Err(Error::InvalidUtf8Line {
                    path: self.name.clone(),
                    line: self.line_no,
                    byte,
                    offset: self.offset + byte as u64,
                });
            }
        }
        self.offset += n as u64;
        Ok(true)
    }
}

/// Reads up to `chunk` records, `read(at)` filling slot `at` (false at
/// the end of input). An error after some records were read is kept in
/// `pending` and returned by the next call, so those records still go out
/// first; an error left from the last call is returned at once.
pub fn fill_chunk(
    pending: &mut Option<Error>,
    chunk: usize,
    mut read: impl FnMut(usize) -> Result<bool>,
) -> Result<usize> {
    if let Some(e) = pending.take() {
        return Err(e);
    }
    let mut filled = 0;
    while filled < chunk {
        match read(filled) {
            Ok(true) => filled += 1,
            Ok(false) => break,
            Err(e) if filled == 0 => return Err(e),
            Err(e) => {
                *pending = Some(e);
                break;
            }
        }
    }
    Ok(filled)
}

impl<R: BufRead + Send> Source for LineSource<R> {
    type Record = String;

    fn fill(&mut self, lines: &mut Vec<String>) -> Result<usize> {
        let mut pending = self.pending.take();
        let filled = fill_chunk(&mut pending, CHUNK, |at| self.read_line(lines, at));
        self.pending = pending;
        filled
    }

    fn pending(&self) -> bool {
        self.pending.is_some()
    }

    fn text(record: &String) -> &str {
        record
    }
}

/// Statements given one by one (command-line arguments, a list).
pub struct Texts {
    texts: std::vec::IntoIter<String>,
}

impl Texts {
    /// The statements, in order.
    pub fn new(texts: Vec<String>) -> Self {
        Texts {
            texts: texts.into_iter(),
        }
    }
}

impl Source for Texts {
    type Record = String;

    fn fill(&mut self, records: &mut Vec<String>) -> Result<usize> {
        records.clear();
        records.extend(self.texts.by_ref().take(CHUNK));
        Ok(records.len())
    }

    fn pending(&self) -> bool {
        false
    }

    fn text(record: &String) -> &str {
        record
    }
}

/// A CSV record: every field, and which one is the text.
#[derive(Debug, Default, Clone)]
pub struct CsvRecord {
    /// The fields, decoded.
    pub fields: Vec<String>,
    text: usize,
}

impl CsvRecord {
    /// The statement: the text column's field.
    pub fn text(&self) -> &str {
        &self.fields[self.text]
    }
}

/// CSV with a header; one statement per record, from the text column.
pub struct CsvSource<R: std::io::Read> {
    reader: csv::Reader<R>,
    path: PathBuf,
    names: Vec<String>,
    text: usize,
    lossy: bool,
    record: csv::ByteRecord,
    pending: Option<Error>,
}

impl<R: std::io::Read + Send> CsvSource<R> {
    /// Reads the header of `reader` (named `path` in errors) and finds
    /// `text_column`; `lossy` replaces invalid UTF-8 instead of failing.
    ///
    /// # Errors
    /// A malformed header, or [`Error::MissingColumn`].
    pub fn new(reader: R, path: &Path, text_column: &str, lossy: bool) -> Result<Self> {
        let (reader, names) = csv_reader(reader, path)?;
        let text = column_index(path, &names, text_column, ColumnRole::Text)?;
        Ok(CsvSource {
            reader,
            path: path.to_path_buf(),
            names,
            text,
            lossy,
            record: csv::ByteRecord::new(),
            pending: None,
        })
    }

    /// The column names of the header.
    pub fn columns(&self) -> &[String] {
        &self.names
    }

    fn read_record(&mut self, into: &mut CsvRecord) -> Result<bool> {
        if !self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| csv_error(&self.path, e))?
        {
            return Ok(false);
        }
        into.fields.clear();
        into.text = self.text;
        for (i, name) in self.names.iter().enumerate() {
            let f = field_str(&self.path, &self.record, i, name, self.lossy)?;
            into.fields.push(f);
        }
        Ok(true)
    }
}

impl<R: std::io::Read + Send> Source for CsvSource<R> {
    type Record = CsvRecord;

    fn fill(&mut self, records: &mut Vec<CsvRecord>) -> Result<usize> {
        let mut pending = self.pending.take();
        let filled = fill_chunk(&mut pending, CHUNK, |at| {
            if at == records.len() {
                records.push(CsvRecord::default());
            }
            self.read_record(&mut records[at])
        });
        self.pending = pending;
        filled
    }

    fn pending(&self) -> bool {
        self.pending.is_some()
    }

    fn text(record: &CsvRecord) -> &str {
        record.text()
    }
}

/// Reusable buffers for scoring one statement after another without
/// allocating.
#[derive(Debug, Default)]
pub struct Scratch {
    row: SparseRow,
    probs: Vec<Vec<f32>>,
}

impl Classifier {
    /// The probabilities of every head for `text` (one `Vec` per head, in
    /// the order of [`Model::heads`](crate::Model::heads)), computed in
    /// `scratch`; `None` for a blank text. The allocation-free core of
    /// [`classify`](Classifier::classify).
    pub fn probabilities_in<'s>(
        &self,
        text: &str,
        scratch: &'s mut Scratch,
    ) -> Option<&'s [Vec<f32>]> {
        // Stops at the first non-blank character (cheaper than trim).
        if text.chars().all(char::is_whitespace) {
            return None;
        }
        self.model()
            .vectorizer()
            .transform_into(text, &mut scratch.row);
        self.probabilities_into(&scratch.row, &mut scratch.probs);
        Some(&scratch.probs)
    }
}

/// Turns scored statements into output, a run of up to [`RUN`] statements
/// at a time (on worker threads): one implementation per output format.
pub trait Render<R>: Sync {
    /// The output of one run (e.g. its text).
    type Run: Send;

    /// An empty output for `records` (sized for them, to avoid regrowing).
    fn start(&self, records: &[R]) -> Self::Run;

    /// Appends one statement's result: `probs` holds the probabilities of
    /// every head, `None` for a blank statement.
    fn statement(&self, run: &mut Self::Run, record: &R, probs: Option<&[Vec<f32>]>);
}

/// Classifies every statement of `source`, renders the results with
/// `render` and hands them to `sink` in input order, one run at a time
/// (see [`process_stream`]).
///
/// # Errors
/// The first input error (after the results of every statement before it
/// were written), or [`Error::Output`] when the sink fails.
pub fn classify_stream<S, F, K>(clf: &Classifier, source: S, render: &F, sink: K) -> Result<()>
where
    S: Source,
    F: Render<S::Record>,
    K: FnMut(F::Run) -> std::io::Result<()> + Send,
{
    let work = |records: &[S::Record]| render_chunk::<S, F>(clf, records, render);
    process_stream(source, &work, sink)
}

/// The pipeline every corpus command shares: reads `source` a chunk at a
/// time, turns each chunk into outputs with `work` (which may use the
/// current rayon pool, and must keep the records' order), and hands the
/// outputs to `sink` in input order.
///
/// With one worker everything runs on this thread. With more, reading,
/// working and writing overlap: a reader thread fills the next chunk and a
/// writer thread writes the previous one while the workers do the current
/// one (two chunks in flight at most, so memory stays bounded). Either way
/// the input ends at the first short chunk with no error pending.
///
/// # Errors
/// The first input error (after the outputs of every record before it
/// were written), or [`Error::Output`] when the sink fails.
pub fn process_stream<S, W, O, K>(mut source: S, work: &W, mut sink: K) -> Result<()>
where
    S: Source,
    W: Fn(&[S::Record]) -> Vec<O> + Sync,
    O: Send,
    K: FnMut(O) -> std::io::Result<()> + Send,
{
    if rayon::current_num_threads() <= 1 {
        let mut records = Vec::with_capacity(source.chunk());
        loop {
            let filled = source.fill(&mut records)?;
            for out in work(&records[..filled]) {
                sink(out).map_err(Error::Output)?;
            }
            if input_ended(&source, filled) {
                return Ok(());
            }
        }
    }
    threaded(source, work, sink)
}

/// A chunk of `filled` records ends the input when it is short and no
/// error waits to be returned after it.
fn input_ended<S: Source>(source: &S, filled: usize) -> bool {
    filled < source.chunk() && !source.pending()
}

/// [`process_stream`] with a reader thread, the workers, and a writer thread.
fn threaded<S, W, O, K>(mut source: S, work: &W, mut sink: K) -> Result<()>
where
    S: Source,
    W: Fn(&[S::Record]) -> Vec<O> + Sync,
    O: Send,
    K: FnMut(O) -> std::io::Result<()> + Send,
{
    use std::sync::mpsc::sync_channel;
    type Chunk<T> = Result<(Vec<T>, usize)>;
    let (full_tx, full_rx) = sync_channel::<Chunk<S::Record>>(1);
    let (empty_tx, empty_rx) = sync_channel::<Vec<S::Record>>(2);
    let (done_tx, done_rx) = sync_channel::<Vec<O>>(1);
    for _ in 0..2 {
        let _ = empty_tx.send(Vec::with_capacity(source.chunk()));
    }
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            // Stops when the input ends, on an error, or when the
            // working side has hung up (its error wins).
            while let Ok(mut records) = empty_rx.recv() {
                let r = source.fill(&mut records);
                // A short chunk ends the input, unless an error is pending
                // (sent on the next round, after the records before it).
                let last = match &r {
                    Ok(n) => input_ended(&source, *n),
                    Err(_) => !source.pending(),
                };
                if full_tx.send(r.map(|n| (records, n))).is_err() || last {
                    break;
                }
            }
        });
        let writer = scope.spawn(move || -> std::io::Result<()> {
            for outputs in done_rx {
                for out in outputs {
                    sink(out)?;
                }
            }
            Ok(())
        });
        let result = (|| -> Result<()> {
            for chunk in full_rx {
                let (records, filled) = chunk?;
                if filled > 0 {
                    let outputs = work(&records[..filled]);
                    if done_tx.send(outputs).is_err() {
                        break; // the writer failed: its error is reported below
                    }
                }
                let _ = empty_tx.send(records);
            }
            Ok(())
        })();
        drop(done_tx);
        drop(empty_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the output thread failed")));
        result?;
        written.map_err(Error::Output)
    })
}

/// Scores and renders a chunk run by run, in parallel when there are
/// several workers.
fn render_chunk<S, F>(clf: &Classifier, records: &[S::Record], render: &F) -> Vec<F::Run>
where
    S: Source,
    F: Render<S::Record>,
{
    let run = |scratch: &mut Scratch, sub: &[S::Record]| -> F::Run {
        let mut out = render.start(sub);
        for r in sub {
            let probs = clf.probabilities_in(S::text(r), scratch);
            render.statement(&mut out, r, probs);
        }
        out
    };
    if rayon::current_num_threads() <= 1 {
        // One worker: stay on this thread (no hand-off to the pool).
        let mut scratch = Scratch::default();
        return records
            .chunks(RUN)
            .map(|sub| run(&mut scratch, sub))
            .collect();
    }
    records
        .par_chunks(RUN)
        .map_init(Scratch::default, run)
        .collect()
}
