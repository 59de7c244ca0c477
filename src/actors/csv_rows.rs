//! Users' own actor rows: a CSV with the header `name,code,kind,from,to`
//! (`from`/`to` optional `YYYY-MM-DD`), read with clear errors.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ActorKind;
use crate::error::{Error, Result};

/// One user row: a name as written in text, and who it denotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRow {
    /// The name as it is written in text, e.g. "Kassym-Jomart Tokayev".
    pub name: String,
    /// The actor's code: ISO 3166 alpha-3 for states, the organisation's code otherwise.
    pub code: String,
    /// What the name denotes.
    pub kind: ActorKind,
    /// First day of the role, `YYYY-MM-DD` (persons; `None`: no known start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day of the role, `YYYY-MM-DD` (persons; `None` while it lasts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Reads an actor CSV (`name,code,kind,from,to`; `from` and `to` may be
/// left out or empty).
///
/// # Errors
/// [`Error::Input`] naming the file, row and fix for a missing column, an
/// unknown kind, a bad date, an empty name or code, or invalid UTF-8; an I/O
/// error when the file cannot be read.
pub fn read_actor_csv(path: &Path) -> Result<Vec<ActorRow>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_actor_csv(&bytes, path)
}

pub(crate) fn parse_actor_csv(bytes: &[u8], path: &Path) -> Result<Vec<ActorRow>> {
    let bad = |line: u64, message: String| Error::input(path, format!(", line {line}"), message);
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = rdr
        .byte_headers()
        .map_err(|e| bad(1, format!("cannot read the header: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_ascii().eq_ignore_ascii_case(name.as_bytes()))
    };
    let (Some(name), Some(code), Some(kind)) = (col("name"), col("code"), col("kind")) else {
        return Err(bad(
            1,
            format!(
                "the header must name the columns name,code,kind (and optionally from,to); found {:?}",
                String::from_utf8_lossy(headers.as_slice())
            ),
        ));
    };
    let (from, to) = (col("from"), col("to"));
    let mut rows = Vec::new();
    for (i, rec) in rdr.byte_records().enumerate() {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| {
            bad(
                line,
                format!("malformed CSV row: {e}; every row needs the header's columns"),
            )
        })?;
        let field = |c: Option<usize>| -> Result<String> {
            match c.and_then(|c| rec.get(c)) {
                None => Ok(String::new()),
                Some(b) => std::str::from_utf8(b)
                    .map(|s| s.trim().to_string())
                    .map_err(|_| bad(line, "invalid UTF-8: save the file as UTF-8".into())),
            }
        };
        let n = field(Some(name))?;
        let c = field(Some(code))?;
        let k = field(Some(kind))?;
        if n.is_empty() || c.is_empty() {
            return Err(bad(line, "empty name or code: every row needs both".into()));
        }
        let Some(k) = ActorKind::parse(&k) else {
            return Err(bad(
                line,
                format!("unknown kind {k:?}: use country, capital, org or person"),
            ));
        };
        let mut dates = [None, None];
        for (slot, c) in dates.iter_mut().zip([from, to]) {
            let d = field(c)?;
            if !d.is_empty() {
                if !is_date(&d) {
                    return Err(bad(
                        line,
                        format!("date {d:?} is not YYYY-MM-DD (leave it empty if open)"),
                    ));
                }
                *slot = Some(d);
            }
        }
        let [f, t] = dates;
        rows.push(ActorRow {
            name: n,
            code: c,
            kind: k,
            from: f,
            to: t,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<ActorRow>> {
        parse_actor_csv(s.as_bytes(), Path::new("my_actors.csv"))
    }

    #[test]
    fn reads_rows_with_optional_dates() {
        let rows = parse(
            "name,code,kind,from,to\nAstana,KAZ,capital,,\nJane Doe,FRA,person,2027-01-01,\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].from.as_deref(), Some("2027-01-01"));
        assert_eq!(rows[1].to, None);
        let rows = parse("name,code,kind\nAstana,KAZ,seat\n").unwrap();
        assert_eq!(rows[0].kind, ActorKind::Capital);
    }

    #[test]
    fn errors_name_file_row_and_fix() {
        let e = parse("name,code\nAstana,KAZ\n").unwrap_err().to_string();
        assert!(
            e.contains("my_actors.csv") && e.contains("name,code,kind"),
            "{e}"
        );
        let e = parse("name,code,kind\nAstana,KAZ,city\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 2") && e.contains("country, capital, org or person"),
            "{e}"
        );
        let e = parse("name,code,kind,from\nX,KAZ,person,2020/01/01\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        let e = parse("name,code,kind\nX,KAZ\n").unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
        let e = parse_actor_csv(b"name,code,kind\n\xff,KAZ,person\n", Path::new("a.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-8"), "{e}");
    }
}
