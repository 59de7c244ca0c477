//! The embedded actor table: `gazetteer.tsv`, compiled by
//! `scripts/build_gazetteer.py` (one actor a line:
//! `kind  code  canonical  from  to  patterns`, patterns `|`-separated).

use super::{Actor, ActorKind, Gazetteer};

/// The table's text, compiled into the crate.
pub(crate) const EMBEDDED_TSV: &str = include_str!("gazetteer.tsv");

/// Parses the table. It ships with the crate and a unit test reads every
/// line, so a malformed line is skipped here rather than reported.
pub(crate) fn parse_embedded(tsv: &str) -> Gazetteer {
    let mut g = Gazetteer::default();
    for line in tsv.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [kind, code, name, from, to, patterns] = f[..] else {
            continue;
        };
        let Some(kind) = ActorKind::parse(kind) else {
            continue;
        };
        let date = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let actor = Actor {
            kind,
            code: code.to_string(),
            name: name.to_string(),
            from: date(from),
            to: date(to),
        };
        let patterns: Vec<&str> = patterns.split('|').collect();
        g.add(actor, &patterns);
    }
    g.finish();
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_shipped_table_is_well_formed() {
        let mut n = 0;
        for (i, line) in EMBEDDED_TSV.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 6, "line {}: {line:?}", i + 1);
            assert!(
                ActorKind::parse(f[0]).is_some(),
                "line {}: kind {:?}",
                i + 1,
                f[0]
            );
            assert!(
                !f[1].is_empty() && !f[2].is_empty() && !f[5].is_empty(),
                "line {}",
                i + 1
            );
            for d in [f[3], f[4]] {
                assert!(
                    d.is_empty() || (d.len() == 10 && d.as_bytes()[4] == b'-'),
                    "line {}: date {d:?}",
                    i + 1
                );
            }
            n += 1;
        }
        assert_eq!(n, parse_embedded(EMBEDDED_TSV).len());
    }
}
