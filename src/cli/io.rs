//! Input and output for every subcommand, in the manner of xsv's `Config`:
//! `-` means stdin, files are opened here and only here (their I/O errors
//! name the file and the flag to fix), stdout is buffered here; and the
//! article sources of `quotes` and `dyads` (files and folders, or one
//! archive, JSON Lines or CSV, read as a stream).

use std::io::{BufRead, BufReader, BufWriter};
use std::path::{Path, PathBuf};

use geostance::corpus::{self, Article, Fields};
use geostance::quotes::ActorResolver;

use super::user_error;

/// A file named on the command line, or stdin for `-`, opened for reading.
pub struct Input {
    /// The file, or `<stdin>`: how errors name it.
    pub name: PathBuf,
    /// Its bytes, buffered.
    pub reader: Box<dyn BufRead + Send>,
}

impl Input {
    /// Opens `path` (`-` = stdin); an error names the file and `flag`.
    pub fn open(path: &Path, flag: &str) -> Result<Input, geostance::Error> {
        Self::with_capacity(path, flag, 1 << 16)
    }

    /// [`Input::open`] with a read buffer of `capacity` bytes.
    pub fn with_capacity(
        path: &Path,
        flag: &str,
        capacity: usize,
    ) -> Result<Input, geostance::Error> {
        if path.as_os_str() == "-" {
            return Ok(Input {
                name: "<stdin>".into(),
                reader: Box::new(BufReader::with_capacity(capacity, std::io::stdin())),
            });
        }
        let file = std::fs::File::open(path).map_err(|e| geostance::Error::Io {
            path: path.to_path_buf(),
            source: e,
            hint: format!(" (check the {flag} path)"),
        })?;
        Ok(Input {
            name: path.to_path_buf(),
            reader: Box::new(BufReader::with_capacity(capacity, file)),
        })
    }
}

/// Standard output, buffered: results only (messages go to stderr).
pub fn stdout() -> BufWriter<std::io::Stdout> {
    BufWriter::with_capacity(1 << 16, std::io::stdout())
}

/// Writes `bytes` to `path` atomically, naming the file and `flag` on failure.
pub fn write_file(path: &Path, flag: &str, bytes: &[u8]) -> Result<(), geostance::Error> {
    // Atomic: a reader (or a failed run) never sees half a file.
    geostance::model::write_atomically(path, bytes).map_err(|e| match e {
        geostance::Error::Io { path, source, .. } => geostance::Error::Io {
            path,
            source,
            hint: format!(" (check that the {flag} folder exists and is writable)"),
        },
        other => other,
    })
}

/// The whole of `path` (`-` = stdin); an error names the file and `flag`.
pub fn read_all(path: &Path, flag: &str) -> Result<Vec<u8>, geostance::Error> {
    let mut input = Input::open(path, flag)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut input.reader, &mut bytes).map_err(|e| {
        geostance::Error::Io {
            path: input.name.clone(),
            source: e,
            hint: String::new(),
        }
    })?;
    Ok(bytes)
}

/// `--input`, `--text-column`, `--id-column`, `--date-column`.
#[derive(Debug, Clone, clap::Args)]
pub struct ArchiveArgs {
    /// An archive of articles, one per record: JSON Lines (`.jsonl`, `.json`,
    /// or stdin starting with `{`) or CSV (`.csv`, or anything else). `-` = stdin.
    #[arg(long, short = 'i', value_name = "FILE|-")]
    pub input: Option<PathBuf>,
    /// Field or column holding the text. Several, comma-separated
    /// (`title,paragraphs`), are joined with a blank line, and so are the
    /// items of a JSON list of strings (`paragraphs`).
    #[arg(
        long,
        alias = "text-field",
        default_value = "text",
        value_name = "NAME[,NAME...]"
    )]
    pub text_column: String,
    /// Field or column holding the article id (default: the record's line).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_column: String,
    /// Field or column holding the date, `YYYY-MM-DD` (missing dates are allowed).
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_column: String,
    /// Field or column of an --input archive holding each article's
    /// publisher, a state or organisation code (`iso3` for UN General Debate
    /// speeches; trimmed, any case): it takes the place of --publisher /
    /// --source-actor for that article. Articles whose field is empty keep
    /// the run's.
    #[arg(long, value_name = "NAME")]
    pub publisher_column: Option<String>,
}

impl ArchiveArgs {
    fn fields(&self) -> Fields {
        Fields {
            text: self
                .text_column
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            id: self.id_column.clone(),
            date: self.date_column.clone(),
            publisher: self.publisher_column.clone(),
        }
    }
}

pub type Articles = Box<dyn Iterator<Item = geostance::Result<Article>> + Send>;

/// The articles of `--input`, or of the PATHs (files, folders; `-` = one
/// article on stdin), as one stream.
pub fn open_articles(paths: &[PathBuf], archive: &ArchiveArgs) -> anyhow::Result<Articles> {
    if archive.input.is_none() && archive.publisher_column.is_some() {
        return Err(user_error(
            "--publisher-column names a field of --input records; article files have none: use --publisher CODE, or --input FILE",
        ));
    }
    match (&archive.input, paths.is_empty()) {
        (Some(_), false) => Err(user_error(
            "give either article PATHs or --input FILE, not both",
        )),
        (None, true) => Err(user_error(
            "no articles: give article files or folders (every .txt/.md inside), or --input FILE|- with one article per record (JSON Lines or CSV)",
        )),
        (None, false) if paths.len() == 1 && paths[0].as_os_str() == "-" => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .map_err(|e| user_error(format!("stdin: {e}; give the article as UTF-8 text")))?;
            Ok(Box::new(std::iter::once(Ok(Article {
                id: "-".into(),
                date: None,
                text,
                meta: Default::default(),
                publisher: None,
            }))))
        }
        (None, false) => {
            let files = corpus::article_files(paths)?;
            if files.is_empty() {
                return Err(user_error(format!(
                    "no .txt or .md file in {}; point at article files or at folders that hold them",
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            Ok(Box::new(
                files.into_iter().map(|f| corpus::read_article_file(&f)),
            ))
        }
        (Some(input), true) => {
            let fields = archive.fields();
            let Input { name, mut reader } = Input::with_capacity(input, "--input", 1 << 20)?;
            let ext = input.extension().and_then(|e| e.to_str()).unwrap_or("");
            let jsonl = match ext {
                "jsonl" | "json" | "ndjson" => true,
                "csv" => false,
                _ => {
                    let head = reader.fill_buf()?;
                    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
                }
            };
            if jsonl {
                Ok(Box::new(corpus::jsonl_articles(reader, name, fields)))
            } else {
                Ok(Box::new(corpus::csv_articles(reader, name, fields)?))
            }
        }
    }
}

/// The gazetteer for speaker and target actors: the embedded one, with
/// `--actors` rows on top.
pub fn gazetteer(
    model: &super::ModelArg,
) -> anyhow::Result<std::sync::Arc<geostance::actors::Gazetteer>> {
    let g = geostance::actors::Gazetteer::embedded();
    Ok(match &model.actors {
        Some(path) => std::sync::Arc::new(g.with_rows(&geostance::actors::read_actor_csv(path)?)),
        None => g,
    })
}

/// Starts the worker pool (`--threads`, default all cores).
pub fn start_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if threads == Some(0) {
        return Err(user_error("--threads must be at least 1"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build_global()
        .map_err(|e| anyhow::anyhow!("starting worker threads: {e}"))
}

/// Fails before any work when the directory of `output` (given by `flag`,
/// e.g. `--output`) does not exist, or `output` is itself a directory.
pub fn check_output_dir(output: &std::path::Path, flag: &str) -> anyhow::Result<()> {
    if output.is_dir() {
        return Err(user_error(format!(
            "{}: this is a directory; give {flag} a file name",
            output.display()
        )));
    }
    if let Some(dir) = output.parent()
        && !dir.as_os_str().is_empty()
        && !dir.is_dir()
    {
        return Err(user_error(format!(
            "{}: the directory {} does not exist; create it or choose another {flag}",
            output.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// What `--publisher-column` found, counted as the workers meet the
/// articles, for one warning at the end of the run: codes the gazetteer
/// lacks (those articles are read with the run's publisher), or a field that
/// no article had (a misspelt name, on JSON Lines where a record may lack it).
#[derive(Default)]
pub struct UnknownPublishers(std::sync::Mutex<PublisherCounts>);

#[derive(Default)]
pub struct PublisherCounts {
    articles: usize,
    with_publisher: usize,
    /// Unknown code -> (articles, the first article's id).
    unknown: std::collections::BTreeMap<String, (usize, String)>,
}

impl UnknownPublishers {
    /// Counts `article`'s publisher, and whether `resolver` knows it.
    pub fn check(&self, resolver: &ActorResolver, article: &Article) {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        counts.articles += 1;
        let Some(code) = &article.publisher else {
            return;
        };
        counts.with_publisher += 1;
        if resolver.party(code).is_none() {
            let entry = counts
                .unknown
                .entry(code.clone())
                .or_insert_with(|| (0, article.id.clone()));
            entry.0 += 1;
        }
    }

    /// The warnings for `--publisher-column column`, if any.
    pub fn warn(self, column: Option<&str>) {
        let Some(column) = column else {
            return;
        };
        let counts = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        if counts.articles > 0 && counts.with_publisher == 0 {
            eprintln!(
                "geostance: warning: no article has a value in field {column:?} (--publisher-column): every article was read with the run's publisher; check the field's name"
            );
        }
        let Some((code, (_, first))) = counts.unknown.iter().next() else {
            return;
        };
        let articles: usize = counts.unknown.values().map(|(n, _)| n).sum();
        let codes: Vec<&str> = counts.unknown.keys().map(String::as_str).take(12).collect();
        eprintln!(
            "geostance: warning: {articles} article(s) name a publisher the gazetteer lacks ({}{}; first: {code} in article {first}): read with the run's publisher; add it with --actors FILE.csv (kind country or org)",
            codes.join(", "),
            if counts.unknown.len() > codes.len() {
                ", ..."
            } else {
                ""
            }
        );
    }
}
