//! `classify` output, one renderer per format: `jsonl` one compact object
//! per line, `json` one array of those objects, `csv` through `csv::Writer`,
//! `tsv` through `csv::Writer` without quoting (tabs and line breaks in a
//! field become spaces), `table` for people.

use std::borrow::Cow;
use std::io::Write;

use geostance::Classifier;
use geostance::classifier::argmax;
use geostance::stream::{CsvRecord, Render};

use super::ClassifyFormat as Format;
use crate::cli::json::{push_json_str, push_prob};
use crate::cli::render;

/// The rendered results of one run of statements.
pub struct Run {
    /// How many statements the run holds.
    pub statements: usize,
    out: Output,
}

enum Output {
    /// JSON, JSON Lines or table text.
    Text(Vec<u8>),
    /// CSV or TSV rows.
    Csv(Box<csv::Writer<Vec<u8>>>),
}

impl Run {
    /// The run's bytes.
    pub fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        match self.out {
            Output::Text(b) => Ok(b),
            Output::Csv(w) => w.into_inner().map_err(|e| e.into_error()),
        }
    }
}

/// Renders statements in one format, with the model's heads and labels.
pub struct Renderer {
    format: Format,
    heads: Vec<(String, Vec<String>)>,
}

/// The text of a statement and, for CSV input, every field of its record.
pub trait Statement: Sync {
    /// The text classified.
    fn text(&self) -> &str;
    /// The input fields kept in CSV and TSV output (the text alone for lines).
    fn fields(&self) -> &[String];
}

impl Statement for String {
    fn text(&self) -> &str {
        self
    }
    fn fields(&self) -> &[String] {
        std::slice::from_ref(self)
    }
}

impl Statement for CsvRecord {
    fn text(&self) -> &str {
        CsvRecord::text(self)
    }
    fn fields(&self) -> &[String] {
        &self.fields
    }
}

/// A CSV or TSV writer into memory.
fn csv_writer(format: Format, capacity: usize) -> csv::Writer<Vec<u8>> {
    render::csv_writer(format == Format::Tsv, Vec::with_capacity(capacity))
}

/// A field as the format can hold it.
fn tsv_field(format: Format, s: &str) -> Cow<'_, str> {
    render::tsv_field(format == Format::Tsv, s)
}

impl Renderer {
    pub fn new(clf: &Classifier, format: Format) -> Self {
        let heads = clf
            .model()
            .heads()
            .iter()
            .map(|h| (h.name.clone(), h.labels.clone()))
            .collect();
        Renderer { format, heads }
    }

    /// What comes before the first result: the CSV/TSV header (the input
    /// `columns`, or `text`, then the heads' columns), the table header, or
    /// the opening of the JSON array.
    pub fn header(&self, out: &mut impl Write, columns: Option<&[String]>) -> std::io::Result<()> {
        match self.format {
            Format::Jsonl => Ok(()),
            Format::Json => out.write_all(b"["),
            Format::Table => {
                let names: Vec<String> =
                    self.heads.iter().map(|(n, _)| format!("{n:<22}")).collect();
                writeln!(out, "{}text", names.join(""))
            }
            Format::Csv | Format::Tsv => {
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
                let mut w = csv_writer(self.format, 256);
                for c in &cols {
                    w.write_field(tsv_field(self.format, c).as_bytes())?;
                }
                w.write_record(None::<&[u8]>)?;
                out.write_all(&w.into_inner().map_err(|e| e.into_error())?)
            }
        }
    }

    /// What comes after the last result: the end of the JSON array.
    pub fn footer(&self, out: &mut impl Write) -> std::io::Result<()> {
        match self.format {
            Format::Json => out.write_all(b"\n]\n"),
            _ => Ok(()),
        }
    }

    fn json(&self, s: &mut Vec<u8>, text: &str, probs: Option<&[Vec<f32>]>) {
        s.extend_from_slice(b"{\"text\":");
        push_json_str(s, text);
        for (h, (name, labels)) in self.heads.iter().enumerate() {
            s.push(b',');
            push_json_str(s, name);
            s.push(b':');
            let Some(p) = probs.map(|p| &p[h]) else {
                s.extend_from_slice(b"null");
                continue;
            };
            let best = argmax(p);
            s.extend_from_slice(b"{\"label\":");
            push_json_str(s, &labels[best]);
            s.extend_from_slice(b",\"confidence\":");
            push_prob(s, p[best]);
            s.extend_from_slice(b",\"probabilities\":{");
            for (c, l) in labels.iter().enumerate() {
                if c > 0 {
                    s.push(b',');
                }
                push_json_str(s, l);
                s.push(b':');
                push_prob(s, p[c]);
            }
            s.extend_from_slice(b"}}");
        }
        s.push(b'}');
    }

    fn csv(
        &self,
        w: &mut csv::Writer<Vec<u8>>,
        fields: &[String],
        probs: Option<&[Vec<f32>]>,
    ) -> csv::Result<()> {
        for f in fields {
            w.write_field(tsv_field(self.format, f).as_bytes())?;
        }
        for (h, (_, labels)) in self.heads.iter().enumerate() {
            let Some(p) = probs.map(|p| &p[h]) else {
                for _ in 0..labels.len() + 2 {
                    w.write_field(b"")?;
                }
                continue;
            };
            let best = argmax(p);
            w.write_field(tsv_field(self.format, &labels[best]).as_bytes())?;
            for x in std::iter::once(&p[best]).chain(p) {
                let mut buf = [0u8; 32];
                let mut cur = std::io::Cursor::new(&mut buf[..]);
                write!(cur, "{x:.4}")?;
                let n = cur.position() as usize;
                w.write_field(&buf[..n])?;
            }
        }
        w.write_record(None::<&[u8]>)
    }

    fn table(&self, s: &mut Vec<u8>, text: &str, probs: Option<&[Vec<f32>]>) {
        for (h, (_, labels)) in self.heads.iter().enumerate() {
            let cell = match probs {
                None => "-".to_string(),
                Some(p) => {
                    let b = argmax(&p[h]);
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

impl<R: Statement> Render<R> for Renderer {
    type Run = Run;

    fn start(&self, records: &[R]) -> Run {
        // Room for the texts plus ~300 bytes of labels and probabilities
        // each, so the buffer is not regrown (and copied) mid-run.
        let capacity = records.iter().map(|r| r.text().len() + 320).sum();
        let out = match self.format {
            Format::Csv | Format::Tsv => Output::Csv(Box::new(csv_writer(self.format, capacity))),
            _ => Output::Text(Vec::with_capacity(capacity)),
        };
        Run {
            statements: records.len(),
            out,
        }
    }

    fn statement(&self, run: &mut Run, record: &R, probs: Option<&[Vec<f32>]>) {
        match &mut run.out {
            Output::Csv(w) => {
                // Writing into memory cannot fail; a field count mismatch cannot happen.
                let _ = self.csv(w, record.fields(), probs);
            }
            Output::Text(s) => match self.format {
                Format::Jsonl => {
                    self.json(s, record.text(), probs);
                    s.push(b'\n');
                }
                Format::Json => {
                    // The sink drops the comma before the first object.
                    s.extend_from_slice(b",\n");
                    self.json(s, record.text(), probs);
                }
                _ => self.table(s, record.text(), probs),
            },
        }
    }
}
