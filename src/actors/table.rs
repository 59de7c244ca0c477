//! The embedded actor table: `gazetteer.tsv`, compiled by
//! `scripts/build_gazetteer.py` (one actor a line:
//! `kind  code  canonical  from  to  patterns`, patterns `|`-separated).

use std::borrow::Cow;

use super::{Actor, ActorKind, Gazetteer};

/// The table's text, compiled into the crate.
pub(crate) const EMBEDDED_TSV: &str = include_str!("gazetteer.tsv");

/// Parses the table. It ships with the crate and a unit test reads every
/// line, so a malformed line is skipped here rather than reported.
pub(crate) fn parse_embedded(tsv: &'static str) -> Gazetteer {
    let mut g = Gazetteer::default();
    let mut patterns: Vec<&str> = Vec::new();
    for line in tsv.split('\n') {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut f = line.splitn(6, '\t');
        let (Some(kind), Some(code), Some(name), Some(from), Some(to), Some(pats)) =
            (f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let Some(kind) = ActorKind::parse(kind) else {
            continue;
        };
        let date = |s: &'static str| (!s.is_empty()).then_some(Cow::Borrowed(s));
        let actor = Actor {
            kind,
            code: Cow::Borrowed(code),
            name: Cow::Borrowed(name),
            from: date(from),
            to: date(to),
        };
        patterns.clear();
        patterns.extend(pats.split('|'));
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
