//! Output shared by every subcommand, so a format means the same
//! everywhere: `json` is one JSON document, `jsonl` one compact JSON value
//! per line, `csv` goes through `csv::Writer`, `tsv` through `csv::Writer`
//! without quoting (tabs and line breaks inside a field become spaces, as
//! TSV cannot quote), `table` is for people.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

/// Formats of the subcommands that print one report (`evaluate`,
/// `explain`, `inspect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    Table,
    Json,
    Jsonl,
}

/// Writes `value` as one pretty JSON document (`json`) or one compact
/// line (`jsonl`); `table` is the caller's.
pub fn write_document(
    out: &mut impl Write,
    format: DocFormat,
    value: &impl Serialize,
) -> anyhow::Result<()> {
    match format {
        DocFormat::Json => serde_json::to_writer_pretty(&mut *out, value)?,
        DocFormat::Jsonl => serde_json::to_writer(&mut *out, value)?,
        DocFormat::Table => anyhow::bail!("a table is rendered by its subcommand"),
    }
    writeln!(out)?;
    Ok(())
}

/// A CSV writer, or a TSV one (tab-separated, never quoted: pass fields
/// through [`tsv_field`]).
pub fn csv_writer<W: Write>(tsv: bool, out: W) -> csv::Writer<W> {
    let mut b = csv::WriterBuilder::new();
    if tsv {
        b.delimiter(b'\t').quote_style(csv::QuoteStyle::Never);
    }
    b.from_writer(out)
}

/// A field as TSV can hold it: tabs and line breaks become spaces. CSV
/// fields (`tsv` false) are returned as they are.
pub fn tsv_field(tsv: bool, s: &str) -> Cow<'_, str> {
    if tsv && s.contains(['\t', '\n', '\r']) {
        Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        Cow::Borrowed(s)
    }
}

/// Writes one record of `fields` (TSV fields cleaned).
pub fn write_record<W: Write>(
    w: &mut csv::Writer<W>,
    tsv: bool,
    fields: &[String],
) -> csv::Result<()> {
    for f in fields {
        w.write_field(tsv_field(tsv, f).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}
