//! `geostance classify`: texts from arguments, a file or stdin -> one result
//! per input, in input order. A streaming filter: input is read in chunks,
//! each chunk is classified in parallel, results are written before the next
//! chunk is read, so memory stays bounded whatever the input size.

use std::io::{BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use geostance::Classifier;
use geostance::vectorize::SparseRow;
use rayon::prelude::*;

use super::{Format, ModelArg, default_format, load_classifier, progress, user_error};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Texts to classify (each argument is one statement).
    texts: Vec<String>,
    /// Read statements from FILE, one per line (`-` = stdin). A `.csv` file,
    /// or any file with --text-column, is read as CSV.
    #[arg(long, short = 'i', value_name = "FILE|-")]
    input: Option<PathBuf>,
    /// Read the input as CSV and classify this column; output keeps every
    /// input column and appends the labels.
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    #[command(flatten)]
    model: ModelArg,
    /// Output format (default: table on a terminal, jsonl when piped; csv for CSV input).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 't')]
    threads: Option<usize>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
}

/// Lines per chunk: enough to keep every core busy, small enough to bound memory.
const CHUNK: usize = 4096;

pub fn run(args: Args) -> anyhow::Result<()> {
    if !args.texts.is_empty() && args.input.is_some() {
        return Err(user_error("give texts as arguments or --input, not both"));
    }
    let clf = load_classifier(&args.model)?;
    let threads = args.threads.unwrap_or(0);
    if args.threads == Some(0) {
        return Err(user_error("--threads must be at least 1"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .context("starting worker threads")?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout);
    let csv_input = args.text_column.is_some()
        || args
            .input
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
    (|| -> anyhow::Result<()> {
        if csv_input {
            let input = args.input.clone().ok_or_else(|| {
                user_error("--text-column reads CSV from --input FILE.csv (or --input - for stdin)")
            })?;
            let format = args.format.unwrap_or(Format::Csv);
            let column = args.text_column.clone().unwrap_or_else(|| "text".into());
            classify_csv(&clf, &input, &column, format, args.lossy, &mut out)
        } else if let Some(input) = &args.input {
            let format = args.format.unwrap_or_else(|| default_format(Format::Jsonl));
            let reader: Box<dyn BufRead + Send> = if input.as_os_str() == "-" {
                Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
            } else {
                let f = std::fs::File::open(input).map_err(|e| geostance::Error::Io {
                    path: input.clone(),
                    source: e,
                    hint: " (check the --input path)".into(),
                })?;
                Box::new(std::io::BufReader::with_capacity(1 << 16, f))
            };
            classify_lines(
                &clf,
                reader,
                &input.display().to_string(),
                format,
                args.lossy,
                &mut out,
            )
        } else if !args.texts.is_empty() {
            let format = args.format.unwrap_or_else(|| default_format(Format::Jsonl));
            let w = Writer::new(&clf, format);
            w.header(&mut out, None)?;
            let texts: Vec<&str> = args.texts.iter().map(String::as_str).collect();
            w.chunk(&clf, &texts, None, &mut out)?;
            Ok(())
        } else if !std::io::stdin().is_terminal() {
            let format = args.format.unwrap_or_else(|| default_format(Format::Jsonl));
            classify_lines(
                &clf,
                std::io::BufReader::with_capacity(1 << 16, std::io::stdin()),
                "<stdin>",
                format,
                args.lossy,
                &mut out,
            )
        } else {
            Err(user_error(
                "nothing to classify: give TEXT arguments, --input FILE, or pipe lines on stdin",
            ))
        }
    })()?;
    out.flush()?;
    Ok(())
}

/// Reads up to `CHUNK` lines into `lines` (buffers reused), checking UTF-8.
/// Returns how many were filled; fewer than `CHUNK` means end of input, or
/// an error that the next call returns (see `pending`).
struct LineReader<R> {
    reader: R,
    name: String,
    lossy: bool,
    buf: Vec<u8>,
    line_no: u64,
    offset: u64,
    /// An error met after some lines of the chunk were read: those lines
    /// are returned first (so output stays line-exact up to the bad line),
    /// the error on the next call.
    pending: Option<anyhow::Error>,
}

impl<R: BufRead> LineReader<R> {
    fn fill(&mut self, lines: &mut Vec<String>) -> anyhow::Result<usize> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let mut filled = 0;
        while filled < CHUNK {
            match self.read_line(lines, filled) {
                Ok(true) => filled += 1,
                Ok(false) => break,
                Err(e) if filled == 0 => return Err(e),
                Err(e) => {
                    self.pending = Some(e);
                    break;
                }
            }
        }
        Ok(filled)
    }

    /// Whether there was a line to read into `lines[at]`.
    fn read_line(&mut self, lines: &mut Vec<String>, at: usize) -> anyhow::Result<bool> {
        self.buf.clear();
        let n = self
            .reader
            .read_until(b'\n', &mut self.buf)
            .with_context(|| format!("reading {}", self.name))?;
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
                let e = e.utf8_error();
                return Err(user_error(format!(
                    "{}: line {}: invalid UTF-8 at byte {} of the line (byte {} of the input); \
                     convert the input to UTF-8 (e.g. iconv -f latin1 -t utf-8) or pass --lossy",
                    self.name,
                    self.line_no,
                    e.valid_up_to(),
                    self.offset + e.valid_up_to() as u64
                )));
            }
        }
        self.offset += n as u64;
        Ok(true)
    }
}

/// One statement per line. Empty lines give an empty result (kept, so
/// output line N always answers input line N).
///
/// With one worker everything runs on this thread. With more, reading,
/// classifying and writing overlap: a reader thread fills the next chunk
/// and a writer thread writes the previous one while the workers classify
/// the current one (two chunks in flight at most, so memory stays bounded).
fn classify_lines<W: Write + Send>(
    clf: &Classifier,
    reader: impl BufRead + Send,
    name: &str,
    format: Format,
    lossy: bool,
    out: &mut W,
) -> anyhow::Result<()> {
    let w = Writer::new(clf, format);
    w.header(out, None)?;
    let pb = progress(None, "classified");
    let mut input = LineReader {
        reader,
        name: name.to_string(),
        lossy,
        buf: Vec::new(),
        line_no: 0,
        offset: 0,
        pending: None,
    };
    if rayon::current_num_threads() <= 1 {
        let mut lines: Vec<String> = Vec::with_capacity(CHUNK);
        loop {
            let filled = input.fill(&mut lines)?;
            if filled == 0 {
                break;
            }
            let texts: Vec<&str> = lines[..filled].iter().map(String::as_str).collect();
            for r in w.render_chunk(clf, &texts, None) {
                out.write_all(r.as_bytes())?;
            }
            pb.inc(filled as u64);
            if filled < CHUNK && input.pending.is_none() {
                break;
            }
        }
        pb.finish_and_clear();
        return Ok(());
    }
    use std::sync::mpsc::sync_channel;
    let (full_tx, full_rx) = sync_channel::<anyhow::Result<(Vec<String>, usize)>>(1);
    let (empty_tx, empty_rx) = sync_channel::<Vec<String>>(2);
    let (done_tx, done_rx) = sync_channel::<Vec<String>>(1);
    for _ in 0..2 {
        let _ = empty_tx.send(Vec::with_capacity(CHUNK));
    }
    std::thread::scope(|scope| -> anyhow::Result<()> {
        scope.spawn(move || {
            // Stops when the input ends, on an error, or when the
            // classifying side has hung up (its error wins).
            while let Ok(mut lines) = empty_rx.recv() {
                let r = input.fill(&mut lines);
                // A short chunk ends the input, unless an error is pending
                // (sent on the next round, after the lines before it).
                let last = !matches!(r, Ok(n) if n == CHUNK) && input.pending.is_none();
                if full_tx.send(r.map(|n| (lines, n))).is_err() || last {
                    break;
                }
            }
        });
        let writer = scope.spawn(move || -> std::io::Result<()> {
            for rendered in done_rx {
                for r in rendered {
                    out.write_all(r.as_bytes())?;
                }
            }
            Ok(())
        });
        let result = (|| -> anyhow::Result<()> {
            for chunk in full_rx {
                let (lines, filled) = chunk?;
                if filled > 0 {
                    let texts: Vec<&str> = lines[..filled].iter().map(String::as_str).collect();
                    let rendered = w.render_chunk(clf, &texts, None);
                    if done_tx.send(rendered).is_err() {
                        break; // the writer failed: its error is reported below
                    }
                    pb.inc(filled as u64);
                }
                let _ = empty_tx.send(lines);
            }
            Ok(())
        })();
        drop(done_tx);
        drop(empty_tx);
        let written = writer
            .join()
            .map_err(|_| anyhow::anyhow!("output thread failed"))?;
        result?;
        written?;
        Ok(())
    })?;
    pb.finish_and_clear();
    Ok(())
}

/// CSV in, CSV (or another format) out, with every input column kept.
fn classify_csv(
    clf: &Classifier,
    input: &PathBuf,
    column: &str,
    format: Format,
    lossy: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let reader: Box<dyn Read> = if input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(input).map_err(|e| geostance::Error::Io {
                path: input.clone(),
                source: e,
                hint: " (check the --input path)".into(),
            })?,
        )
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let headers = rdr
        .byte_headers()
        .map_err(|e| geostance::data::csv_error(input, e))?
        .clone();
    let names = geostance::data::check_headers(input, &headers)?;
    let idx =
        geostance::data::column_index(input, &names, column, geostance::error::ColumnRole::Text)?;
    let w = Writer::new(clf, format);
    w.header(out, Some(&names))?;
    let pb = progress(None, "classified");
    let mut records: Vec<Vec<String>> = Vec::with_capacity(CHUNK);
    let mut record = csv::ByteRecord::new();
    // A bad row ends the run after the results of every row before it, so
    // the output is row-exact up to the row the error names.
    let mut failure: Option<anyhow::Error> = None;
    loop {
        records.clear();
        while records.len() < CHUNK {
            let row = match rdr.read_byte_record(&mut record) {
                Ok(true) => (0..record.len())
                    .map(|i| geostance::data::field_str(input, &record, i, &names[i], lossy))
                    .collect::<Result<Vec<String>, _>>()
                    .map_err(anyhow::Error::from),
                Ok(false) => break,
                Err(e) => Err(geostance::data::csv_error(input, e).into()),
            };
            match row {
                Ok(fields) => records.push(fields),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if !records.is_empty() {
            let texts: Vec<&str> = records.iter().map(|r| r[idx].as_str()).collect();
            w.chunk(clf, &texts, Some(&records), out)?;
            pb.inc(records.len() as u64);
        }
        if failure.is_some() || records.len() < CHUNK {
            break;
        }
    }
    pb.finish_and_clear();
    failure.map_or(Ok(()), Err)
}

/// Formats results. Per-thread buffers are reused, so the hot path does not
/// allocate per statement beyond its output text.
struct Writer {
    format: Format,
    heads: Vec<(String, Vec<String>)>,
}

impl Writer {
    fn new(clf: &Classifier, format: Format) -> Self {
        let heads = clf
            .model()
            .heads()
            .iter()
            .map(|h| (h.name.clone(), h.labels.clone()))
            .collect();
        Writer { format, heads }
    }

    fn header(&self, out: &mut impl Write, columns: Option<&[String]>) -> std::io::Result<()> {
        let sep = match self.format {
            Format::Csv => ",",
            Format::Tsv => "\t",
            Format::Table => {
                let names: Vec<String> =
                    self.heads.iter().map(|(n, _)| format!("{n:<22}")).collect();
                return writeln!(out, "{}text", names.join(""));
            }
            _ => return Ok(()),
        };
        let mut cols: Vec<String> = match columns {
            Some(c) => c.to_vec(),
            None => vec!["text".into()],
        };
        for (name, labels) in &self.heads {
            cols.push(name.clone());
            cols.push(format!("{name}_confidence"));
            for l in labels {
                cols.push(format!("{name}_p_{l}"));
            }
        }
        let cols: Vec<String> = cols.iter().map(|c| self.cell(c)).collect();
        writeln!(out, "{}", cols.join(sep))
    }

    fn cell(&self, s: &str) -> String {
        match self.format {
            Format::Csv => {
                if s.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_string()
                }
            }
            // TSV cannot quote: tabs and line breaks become spaces.
            Format::Tsv => s.replace(['\t', '\n', '\r'], " "),
            _ => s.to_string(),
        }
    }

    /// Classifies `texts` in parallel and writes their results in order.
    fn chunk(
        &self,
        clf: &Classifier,
        texts: &[&str],
        records: Option<&[Vec<String>]>,
        out: &mut impl Write,
    ) -> std::io::Result<()> {
        for r in self.render_chunk(clf, texts, records) {
            out.write_all(r.as_bytes())?;
        }
        Ok(())
    }

    /// Classifies `texts` in parallel and renders their results, in order,
    /// as runs of output text.
    fn render_chunk(
        &self,
        clf: &Classifier,
        texts: &[&str],
        records: Option<&[Vec<String>]>,
    ) -> Vec<String> {
        // Workers render runs of statements into one buffer each: one
        // allocation per run, not per statement.
        const RUN: usize = 64;
        let run = |(row, probs): &mut (SparseRow, Vec<Vec<f32>>), (n, sub): (usize, &[&str])| {
            // Room for the texts plus ~300 bytes of labels and probabilities
            // each, so the buffer is not regrown (and copied) mid-run.
            let mut s = String::with_capacity(sub.iter().map(|t| t.len() + 320).sum());
            for (j, text) in sub.iter().enumerate() {
                let i = n * RUN + j;
                // Stops at the first non-blank character (cheaper than trim).
                let empty = text.chars().all(char::is_whitespace);
                if !empty {
                    clf.model().vectorizer().transform_into(text, row);
                    clf.probabilities_into(row, probs);
                }
                self.render(
                    &mut s,
                    text,
                    records.map(|r| r[i].as_slice()),
                    (!empty).then_some(&probs[..]),
                );
            }
            s
        };
        if rayon::current_num_threads() <= 1 {
            // One worker: stay on this thread (no hand-off to the pool).
            let mut scratch = (SparseRow::default(), Vec::new());
            return texts
                .chunks(RUN)
                .enumerate()
                .map(|x| run(&mut scratch, x))
                .collect();
        }
        texts
            .par_chunks(RUN)
            .enumerate()
            .map_init(|| (SparseRow::default(), Vec::new()), run)
            .collect()
    }

    fn render(
        &self,
        s: &mut String,
        text: &str,
        record: Option<&[String]>,
        probs: Option<&[Vec<f32>]>,
    ) {
        use std::fmt::Write;
        match self.format {
            Format::Jsonl | Format::Json => {
                s.push_str("{\"text\":");
                push_json_str(s, text);
                for (h, (name, labels)) in self.heads.iter().enumerate() {
                    s.push(',');
                    push_json_str(s, name);
                    s.push(':');
                    match probs {
                        None => s.push_str("null"),
                        Some(p) => {
                            let p = &p[h];
                            let best = best(p);
                            s.push_str("{\"label\":");
                            push_json_str(s, &labels[best]);
                            s.push_str(",\"confidence\":");
                            push_prob(s, p[best]);
                            s.push_str(",\"probabilities\":{");
                            for (c, l) in labels.iter().enumerate() {
                                if c > 0 {
                                    s.push(',');
                                }
                                push_json_str(s, l);
                                s.push(':');
                                push_prob(s, p[c]);
                            }
                            s.push_str("}}");
                        }
                    }
                }
                s.push_str("}\n");
            }
            Format::Csv | Format::Tsv => {
                let sep = if self.format == Format::Csv {
                    ','
                } else {
                    '\t'
                };
                match record {
                    Some(r) => {
                        for (i, f) in r.iter().enumerate() {
                            if i > 0 {
                                s.push(sep);
                            }
                            s.push_str(&self.cell(f));
                        }
                    }
                    None => s.push_str(&self.cell(text)),
                }
                for (h, (_, labels)) in self.heads.iter().enumerate() {
                    match probs {
                        None => {
                            for _ in 0..labels.len() + 2 {
                                s.push(sep);
                            }
                        }
                        Some(p) => {
                            let p = &p[h];
                            let best = best(p);
                            s.push(sep);
                            s.push_str(&self.cell(&labels[best]));
                            let _ = write!(s, "{sep}{:.4}", p[best]);
                            for x in p {
                                let _ = write!(s, "{sep}{x:.4}");
                            }
                        }
                    }
                }
                s.push('\n');
            }
            Format::Table => {
                for (h, (_, labels)) in self.heads.iter().enumerate() {
                    let cell = match probs {
                        None => "-".to_string(),
                        Some(p) => {
                            let b = best(&p[h]);
                            format!("{} ({:.2})", labels[b], p[h][b])
                        }
                    };
                    let _ = write!(s, "{cell:<22}");
                }
                let shown: String = text.chars().take(100).collect();
                let ellipsis = if shown.len() < text.len() { "…" } else { "" };
                let _ = writeln!(s, "{}{ellipsis}", shown.replace(['\n', '\r', '\t'], " "));
            }
        }
    }
}

fn best(p: &[f32]) -> usize {
    let mut b = 0;
    for (i, &x) in p.iter().enumerate() {
        if x > p[b] {
            b = i;
        }
    }
    b
}

/// Bytes that JSON strings must escape.
const ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Whether any of the eight bytes is a control character, `"` or `\\`
/// (exact: the classic "has zero byte" bit trick, no false negatives).
#[inline]
fn needs_escape(x: u64) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let control = x.wrapping_sub(LO * 0x20) & !x & HI;
    let q = x ^ (LO * b'"' as u64);
    let quote = q.wrapping_sub(LO) & !q & HI;
    let b = x ^ (LO * b'\\' as u64);
    let backslash = b.wrapping_sub(LO) & !b & HI;
    control | quote | backslash != 0
}

/// Appends `v` as a JSON string literal; runs without escapes are copied whole.
fn push_json_str(s: &mut String, v: &str) {
    use std::fmt::Write;
    s.push('"');
    let bytes = v.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping (most text).
        if let Some(word) = bytes.get(i..i + 8)
            && !needs_escape(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        if !ESCAPE[b as usize] {
            i += 1;
            continue;
        }
        s.push_str(&v[start..i]);
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            _ => {
                let _ = write!(s, "\\u{b:04x}");
            }
        }
        i += 1;
        start = i;
    }
    s.push_str(&v[start..]);
    s.push('"');
}

/// Appends a probability in [0, 1] with six decimals ("0.934512"), the
/// precision of f32 probabilities; written by hand because general float
/// formatting is a visible share of the output cost on millions of lines.
fn push_prob(s: &mut String, x: f32) {
    let micro = (f64::from(x).clamp(0.0, 1.0) * 1e6).round() as u32;
    let mut buf = *b"0.000000";
    buf[0] = b'0' + (micro / 1_000_000) as u8;
    let mut frac = micro % 1_000_000;
    for d in buf[2..].iter_mut().rev() {
        *d = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    // Only ASCII digits and a dot were written.
    s.push_str(std::str::from_utf8(&buf).unwrap_or("0"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_have_six_decimals() {
        for (x, want) in [
            (0.0, "0.000000"),
            (1.0, "1.000000"),
            (0.5, "0.500000"),
            (0.934_512_3, "0.934512"),
            (0.000_000_4, "0.000000"),
            (0.999_999_9, "1.000000"),
            (1e-3, "0.001000"),
        ] {
            let mut s = String::new();
            push_prob(&mut s, x);
            assert_eq!(s, want, "{x}");
        }
    }

    #[test]
    fn escape_detection_is_exact() {
        for (b, fill) in (0..=255u8).flat_map(|b| [(b, b'a'), (b, 0xc3), (b, b' '), (b, 0x21)]) {
            for pos in 0..8 {
                let mut w = [fill; 8];
                w[pos] = b;
                assert_eq!(
                    needs_escape(u64::from_le_bytes(w)),
                    ESCAPE[b as usize],
                    "{b} at {pos}"
                );
            }
        }
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut s = String::new();
        push_json_str(&mut s, "a\"b\\c\n\u{1}é");
        assert_eq!(s, r#""a\"b\\c\n\u0001é""#);
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "a\"b\\c\n\u{1}é");
    }
}
