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
    let clf = load_classifier(args.model.model.as_deref())?;
    let threads = args.threads.unwrap_or(0);
    if args.threads == Some(0) {
        return Err(user_error("--threads must be at least 1"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .context("starting worker threads")?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
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
            let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
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
            let mut w = Writer::new(&clf, format);
            w.header(&mut out, None)?;
            let texts: Vec<&str> = args.texts.iter().map(String::as_str).collect();
            w.chunk(&clf, &texts, None, &mut out)?;
            Ok(())
        } else if !std::io::stdin().is_terminal() {
            let format = args.format.unwrap_or_else(|| default_format(Format::Jsonl));
            classify_lines(
                &clf,
                std::io::stdin().lock(),
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

/// One statement per line. Empty lines give an empty result (kept, so
/// output line N always answers input line N).
fn classify_lines(
    clf: &Classifier,
    mut reader: impl BufRead,
    name: &str,
    format: Format,
    lossy: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut w = Writer::new(clf, format);
    w.header(out, None)?;
    let pb = progress(None, "classified");
    // Line buffers are reused from chunk to chunk.
    let mut lines: Vec<String> = Vec::with_capacity(CHUNK);
    let mut filled;
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut offset = 0u64;
    loop {
        filled = 0;
        while filled < CHUNK {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .with_context(|| format!("reading {name}"))?;
            if n == 0 {
                break;
            }
            line_no += 1;
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            if filled == lines.len() {
                lines.push(String::new());
            }
            let line = &mut lines[filled];
            line.clear();
            match std::str::from_utf8(&buf) {
                Ok(s) => line.push_str(s),
                Err(_) if lossy => line.push_str(&String::from_utf8_lossy(&buf)),
                Err(e) => {
                    return Err(user_error(format!(
                        "{name}: line {line_no}: invalid UTF-8 at byte {} of the line (byte {} of the input); \
                         convert the input to UTF-8 (e.g. iconv -f latin1 -t utf-8) or pass --lossy",
                        e.valid_up_to(),
                        offset + e.valid_up_to() as u64
                    )));
                }
            }
            offset += n as u64;
            filled += 1;
        }
        if filled == 0 {
            break;
        }
        let texts: Vec<&str> = lines[..filled].iter().map(String::as_str).collect();
        w.chunk(clf, &texts, None, out)?;
        pb.inc(filled as u64);
        if filled < CHUNK {
            break;
        }
    }
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
    let idx = geostance::data::column_index(input, &names, column, "--text-column")?;
    let mut w = Writer::new(clf, format);
    w.header(out, Some(&names))?;
    let pb = progress(None, "classified");
    let mut records: Vec<Vec<String>> = Vec::with_capacity(CHUNK);
    let mut record = csv::ByteRecord::new();
    loop {
        records.clear();
        while records.len() < CHUNK {
            if !rdr
                .read_byte_record(&mut record)
                .map_err(|e| geostance::data::csv_error(input, e))?
            {
                break;
            }
            let fields: Vec<String> = (0..record.len())
                .map(|i| geostance::data::field_str(input, &record, i, &names[i], lossy))
                .collect::<Result<_, _>>()?;
            records.push(fields);
        }
        if records.is_empty() {
            break;
        }
        let texts: Vec<&str> = records.iter().map(|r| r[idx].as_str()).collect();
        w.chunk(clf, &texts, Some(&records), out)?;
        pb.inc(records.len() as u64);
        if records.len() < CHUNK {
            break;
        }
    }
    pb.finish_and_clear();
    Ok(())
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
                return writeln!(out, "{}{}", names.join(""), "text");
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
        &mut self,
        clf: &Classifier,
        texts: &[&str],
        records: Option<&[Vec<String>]>,
        out: &mut impl Write,
    ) -> std::io::Result<()> {
        let this = &*self;
        // Workers render runs of statements into one buffer each: one
        // allocation per run, not per statement.
        const RUN: usize = 64;
        let rendered: Vec<String> = texts
            .par_chunks(RUN)
            .enumerate()
            .map_init(
                || (SparseRow::default(), Vec::new()),
                |(row, probs), (run, sub)| {
                    let mut s = String::with_capacity(sub.len() * 320);
                    for (j, text) in sub.iter().enumerate() {
                        let i = run * RUN + j;
                        let empty = text.trim().is_empty();
                        if !empty {
                            clf.model().vectorizer().transform_into(text, row);
                            clf.probabilities_into(row, probs);
                        }
                        this.render(
                            &mut s,
                            text,
                            records.map(|r| r[i].as_slice()),
                            (!empty).then_some(&probs[..]),
                        );
                    }
                    s
                },
            )
            .collect();
        for r in rendered {
            out.write_all(r.as_bytes())?;
        }
        Ok(())
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
                            push_f32(s, p[best]);
                            s.push_str(",\"probabilities\":{");
                            for (c, l) in labels.iter().enumerate() {
                                if c > 0 {
                                    s.push(',');
                                }
                                push_json_str(s, l);
                                s.push(':');
                                push_f32(s, p[c]);
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

/// Appends `v` as a JSON string literal; runs without escapes are copied whole.
fn push_json_str(s: &mut String, v: &str) {
    use std::fmt::Write;
    s.push('"');
    let bytes = v.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
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

/// Appends a probability in its shortest round-trip form (ryu).
fn push_f32(s: &mut String, x: f32) {
    s.push_str(ryu::Buffer::new().format_finite(x));
}
