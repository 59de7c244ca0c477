//! The embedded actor table: `gazetteer.tsv`, compiled by
//! `scripts/build_gazetteer.py` (one actor a line:
//! `kind  code  canonical  from  to  patterns`, patterns `|`-separated), and
//! `gazetteer.idx`, the same table built and laid out flat, which the crate
//! borrows instead of building the table at start.
//!
//! `gazetteer.idx` holds, after a 40-byte header (magic, then the TSV's
//! length, the counts of each part and a hash of the TSV as little-endian
//! `u32`s: a blob made from another TSV is never used), each part
//! padded to 8 bytes: per actor the offsets of its fields in the TSV, then the
//! index's slots, heads, patterns, actor ids and text (see `index.rs`). A test
//! fails when it is not what the TSV builds; rewrite it with
//! `GEOSTANCE_WRITE_GAZETTEER_INDEX=1 cargo test --lib actors::table`.

use std::borrow::Cow;

use super::index::Index;
use super::pattern::TableBuilder;
use super::{Actor, ActorKind, Gazetteer};

/// The table's text, compiled into the crate.
pub(crate) const EMBEDDED_TSV: &str = include_str!("gazetteer.tsv");

#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

/// The table built from [`EMBEDDED_TSV`], aligned so its parts are borrowed
/// in place.
static EMBEDDED_INDEX: &Aligned<[u8]> = &Aligned(*include_bytes!("gazetteer.idx"));

/// Magic and layout version of `gazetteer.idx`.
const MAGIC: [u8; 8] = *b"GZIDX\0\0\x03";

/// A hash of the TSV's bytes (FxHash-style over 8-byte words, folded to 32
/// bits): about 1 M instructions for the shipped table, so a blob made from
/// an edited TSV of the same length is still told apart.
fn tsv_hash(tsv: &[u8]) -> u32 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h = tsv.len() as u64;
    let mut words = tsv.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    (h ^ (h >> 32)) as u32
}
const HEADER: usize = 40;

/// Where an actor's fields are in the TSV: `[line start, kind | kind length
/// << 8 | code length << 16 | from length << 24, name length | to length << 16]`.
type ActorRec = [u32; 3];

/// The embedded table: borrowed from `gazetteer.idx`, or built from the TSV
/// where that cannot be borrowed (a big-endian machine).
pub(crate) fn embedded() -> Gazetteer {
    from_blob(&EMBEDDED_INDEX.0, EMBEDDED_TSV).unwrap_or_else(|| parse(EMBEDDED_TSV).0)
}

/// Parses the table, with where each actor's fields are. It ships with the
/// crate and a unit test reads every line, so a malformed line is skipped here
/// rather than reported.
fn parse(tsv: &'static str) -> (Gazetteer, Vec<ActorRec>) {
    let mut g = TableBuilder::default();
    let mut recs = Vec::new();
    let mut patterns: Vec<&str> = Vec::new();
    let mut next_line = 0;
    for line in tsv.split('\n') {
        let line_start = next_line;
        next_line += line.len() + 1;
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut f = line.splitn(6, '\t');
        let (Some(kind_s), Some(code), Some(name), Some(from), Some(to), Some(pats)) =
            (f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let Some(kind) = ActorKind::parse(kind_s) else {
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
        recs.push(actor_rec(line_start, kind_s, &actor));
        patterns.clear();
        patterns.extend(pats.split('|'));
        g.add(actor, &patterns);
    }
    (g.finish(), recs)
}

fn actor_rec(line_start: usize, kind_s: &str, a: &Actor) -> ActorRec {
    let kind = ActorKind::ALL
        .iter()
        .position(|&k| k == a.kind)
        .unwrap_or(0);
    let len = |s: Option<&str>, max: usize| {
        let n = s.map_or(0, str::len);
        assert!(n <= max, "a field of {n} bytes in the actor table");
        n as u32
    };
    [
        u32::try_from(line_start).expect("a table under 4 GB"),
        kind as u32
            | len(Some(kind_s), 255) << 8
            | len(Some(&a.code), 255) << 16
            | len(a.from.as_deref(), 255) << 24,
        len(Some(&a.name), 0xffff) | len(a.to.as_deref(), 0xffff) << 16,
    ]
}

/// The actor that `r` locates in `tsv`.
fn actor_at(tsv: &'static str, r: &ActorRec) -> Option<Actor> {
    let [line, lens, more] = *r;
    let kind = *ActorKind::ALL.get((lens & 0xff) as usize)?;
    let mut at = line as usize + ((lens >> 8) & 0xff) as usize + 1;
    // Each field ends at a tab: offsets that do not fit this TSV fail.
    let mut field = |len: u32| {
        let s = tsv.get(at..at + len as usize)?;
        at += len as usize + 1;
        (tsv.as_bytes().get(at - 1) == Some(&b'\t')).then_some(s)
    };
    let code = field((lens >> 16) & 0xff)?;
    let name = field(more & 0xffff)?;
    let from = field(lens >> 24)?;
    let to = field(more >> 16)?;
    let date = |s: &'static str| (!s.is_empty()).then_some(Cow::Borrowed(s));
    Some(Actor {
        kind,
        code: Cow::Borrowed(code),
        name: Cow::Borrowed(name),
        from: date(from),
        to: date(to),
    })
}

#[cfg(test)]
/// The bytes of `gazetteer.idx` for a table parsed from `tsv`.
fn to_blob(g: &Gazetteer, recs: &[ActorRec], tsv: &str) -> Vec<u8> {
    let ix = &g.index;
    let counts = [
        tsv.len(),
        recs.len(),
        ix.slots.len(),
        ix.heads.len(),
        ix.patterns.len(),
        ix.ids.len(),
        ix.text.len(),
        tsv_hash(tsv.as_bytes()) as usize,
    ];
    let mut out = MAGIC.to_vec();
    for n in counts {
        out.extend_from_slice(&u32::try_from(n).expect("a table under 4 GB").to_le_bytes());
    }
    let mut part = |words: &mut dyn Iterator<Item = u32>| {
        for w in words {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.resize(out.len().next_multiple_of(8), 0);
    };
    part(&mut recs.iter().flatten().copied());
    part(&mut ix.slots.iter().flatten().copied());
    part(&mut ix.heads.iter().flatten().copied());
    part(&mut ix.patterns.iter().flatten().copied());
    part(&mut ix.ids.iter().copied());
    out.extend_from_slice(&ix.text);
    out
}

/// The table that `blob` (made by [`to_blob`] from `tsv`) holds, its index
/// borrowed; `None` when the blob does not fit `tsv` or this machine.
fn from_blob(blob: &'static [u8], tsv: &'static str) -> Option<Gazetteer> {
    if !cfg!(target_endian = "little") || blob.get(..8)? != MAGIC {
        return None;
    }
    let counts: Vec<usize> = blob
        .get(8..HEADER)?
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let &[
        tsv_len,
        n_actors,
        n_slots,
        n_heads,
        n_patterns,
        n_ids,
        text_len,
        hash,
    ] = &counts[..]
    else {
        return None;
    };
    if tsv_len != tsv.len() || hash != tsv_hash(tsv.as_bytes()) as usize {
        return None; // made from another TSV: build from this one
    }
    let mut at = HEADER;
    let mut part = |bytes: usize| {
        let p = blob.get(at..at.checked_add(bytes)?)?;
        at = (at + bytes).next_multiple_of(8);
        Some(p)
    };
    let recs: &[ActorRec] = bytemuck::try_cast_slice(part(n_actors * 12)?).ok()?;
    let slots = bytemuck::try_cast_slice(part(n_slots * 8)?).ok()?;
    let heads = bytemuck::try_cast_slice(part(n_heads * 16)?).ok()?;
    let patterns = bytemuck::try_cast_slice(part(n_patterns * 20)?).ok()?;
    let ids = bytemuck::try_cast_slice(part(n_ids * 4)?).ok()?;
    let text = part(text_len)?;
    let actors = recs
        .iter()
        .map(|r| actor_at(tsv, r))
        .collect::<Option<Vec<_>>>()?;
    Some(Gazetteer {
        actors,
        index: Index {
            slots: Cow::Borrowed(slots),
            heads: Cow::Borrowed(heads),
            patterns: Cow::Borrowed(patterns),
            ids: Cow::Borrowed(ids),
            text: Cow::Borrowed(text),
        },
    })
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
        assert_eq!(n, parse(EMBEDDED_TSV).0.len());
    }

    #[test]
    fn the_shipped_index_is_what_the_table_builds() {
        let (built, recs) = parse(EMBEDDED_TSV);
        let blob = to_blob(&built, &recs, EMBEDDED_TSV);
        if blob != EMBEDDED_INDEX.0 {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/actors/gazetteer.idx");
            if std::env::var_os("GEOSTANCE_WRITE_GAZETTEER_INDEX").is_some() {
                std::fs::write(path, &blob).unwrap();
                eprintln!("wrote {path}: build again to embed it");
                return;
            }
            panic!(
                "{path} is not what gazetteer.tsv builds (the table or the index layout changed): \
                 GEOSTANCE_WRITE_GAZETTEER_INDEX=1 cargo test --lib actors::table, then build again"
            );
        }
        let loaded = from_blob(&EMBEDDED_INDEX.0, EMBEDDED_TSV).expect("the shipped index loads");
        assert_eq!(loaded.actors, built.actors);
        assert!(loaded.index == built.index);
        // A blob made from another TSV is not used.
        assert!(from_blob(&EMBEDDED_INDEX.0, "kind\tcode").is_none());
        assert!(from_blob(&EMBEDDED_INDEX.0[..100], EMBEDDED_TSV).is_none());
        // Nor one made from an edit of the same length (a renamed actor).
        let edited: &'static str = EMBEDDED_TSV
            .replacen("\tDmitry Medvedev\t", "\tDmitri Medvedev\t", 1)
            .leak();
        assert_eq!(edited.len(), EMBEDDED_TSV.len());
        assert_ne!(edited, EMBEDDED_TSV);
        assert!(from_blob(&EMBEDDED_INDEX.0, edited).is_none());
    }
}
