//! The pattern index laid out flat: an open-addressing table of first words
//! pointing into one array of patterns, their lowercased words in one byte
//! string and their actors in one id array. Every part is a `Cow`, so the
//! embedded table borrows it from the compiled-in blob (nothing to build at
//! start) while a table extended by user rows owns its copy.

use std::borrow::Cow;

use super::pattern::Case;

/// `[hash tag, head + 1]`; `[_, 0]` is an empty slot.
pub(super) type Slot = [u32; 2];
/// `[key start, key length, first pattern, end of patterns]`: a first word
/// (its bytes in `text`) and its patterns.
pub(super) type Head = [u32; 4];
/// A [`Pattern`], packed (see [`Pattern::pack`]).
pub(super) type PatternRec = [u32; 5];

/// The flat index. The patterns of a first word are ordered as
/// [`TableBuilder::finish`](super::pattern::TableBuilder::finish) leaves
/// them: by second word, then longest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Index {
    /// Power-of-two open-addressing table over `heads`, probed linearly.
    pub(super) slots: Cow<'static, [Slot]>,
    /// First words, sorted by their bytes.
    pub(super) heads: Cow<'static, [Head]>,
    pub(super) patterns: Cow<'static, [PatternRec]>,
    /// Actor ids of the patterns, each pattern's in one run.
    pub(super) ids: Cow<'static, [u32]>,
    /// First words and patterns' `rest` strings, back to back.
    pub(super) text: Cow<'static, [u8]>,
}

/// One pattern: its words after the first, their case rules, its actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pattern {
    /// Start in `text` of the lowercased words after the first, each
    /// followed by `REST_SEP` (empty for a one-word pattern).
    pub(super) rest: u32,
    pub(super) rest_len: u16,
    /// How many words `rest` holds.
    pub(super) n_rest: u8,
    /// Byte length of the second word (the start of `rest`; 0 for one word).
    pub(super) second_len: u8,
    /// Case rule of every word, the first included, 2 bits each.
    pub(super) case: u32,
    /// Start of its actors in `ids`.
    pub(super) actors: u32,
    /// How many actors it names (several when a name is shared).
    pub(super) n_actors: u32,
}

impl Pattern {
    #[inline]
    pub(super) fn unpack(r: &PatternRec) -> Pattern {
        Pattern {
            rest: r[0],
            rest_len: r[1] as u16,
            n_rest: (r[1] >> 16) as u8,
            second_len: (r[1] >> 24) as u8,
            case: r[2],
            actors: r[3],
            n_actors: r[4],
        }
    }

    pub(super) fn pack(&self) -> PatternRec {
        let lens =
            self.rest_len as u32 | (self.n_rest as u32) << 16 | (self.second_len as u32) << 24;
        [self.rest, lens, self.case, self.actors, self.n_actors]
    }

    #[inline]
    pub(super) fn case_of(&self, k: usize) -> Case {
        Case::from_bits(self.case >> (2 * k))
    }
}

/// An [`Index`] seen through plain slices (taken once per text, so the
/// matcher's loops see no `Cow`).
#[derive(Clone, Copy)]
pub(super) struct Table<'a> {
    slots: &'a [Slot],
    heads: &'a [Head],
    patterns: &'a [PatternRec],
    ids: &'a [u32],
    text: &'a [u8],
}

impl Index {
    pub(super) fn table(&self) -> Table<'_> {
        Table {
            slots: &self.slots,
            heads: &self.heads,
            patterns: &self.patterns,
            ids: &self.ids,
            text: &self.text,
        }
    }

    /// The open-addressing table over `heads` (at most half full).
    pub(super) fn slots_for(heads: &[Head], text: &[u8]) -> Vec<Slot> {
        if heads.is_empty() {
            return Vec::new();
        }
        let n = (heads.len() * 2).next_power_of_two();
        let mut slots = vec![[0u32; 2]; n];
        for (h, head) in heads.iter().enumerate() {
            let key = &text[head[0] as usize..][..head[1] as usize];
            let hash = key_hash(key);
            let mut i = hash as usize & (n - 1);
            while slots[i][1] != 0 {
                i = (i + 1) & (n - 1);
            }
            slots[i] = [(hash >> 32) as u32, h as u32 + 1];
        }
        slots
    }
}

impl<'a> Table<'a> {
    /// The patterns whose first word is `key` (lowercased).
    #[inline]
    pub(super) fn get(&self, key: &[u8]) -> Option<&'a [PatternRec]> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let hash = key_hash(key);
        let tag = (hash >> 32) as u32;
        let mut i = hash as usize & mask;
        loop {
            let [t, h] = self.slots[i];
            if h == 0 {
                return None;
            }
            if t == tag {
                let [start, len, first, end] = self.heads[h as usize - 1];
                if &self.text[start as usize..][..len as usize] == key {
                    return Some(&self.patterns[first as usize..end as usize]);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The lowercased words after the first, each followed by `REST_SEP`.
    #[inline]
    pub(super) fn rest(&self, p: &Pattern) -> &'a [u8] {
        &self.text[p.rest as usize..][..p.rest_len as usize]
    }

    /// The second word (lowercased), or "" for a one-word pattern.
    #[inline]
    pub(super) fn second(&self, p: &Pattern) -> &'a [u8] {
        &self.text[p.rest as usize..][..p.second_len as usize]
    }

    /// The actors `p` names.
    #[inline]
    pub(super) fn actors(&self, p: &Pattern) -> &'a [u32] {
        &self.ids[p.actors as usize..][..p.n_actors as usize]
    }

    /// Every first word with its patterns, in `heads` order.
    pub(super) fn lists(&self) -> impl Iterator<Item = (&'a [u8], &'a [PatternRec])> + '_ {
        self.heads.iter().map(|&[start, len, first, end]| {
            (
                &self.text[start as usize..][..len as usize],
                &self.patterns[first as usize..end as usize],
            )
        })
    }
}

/// The hash of a first word: 8 bytes at a time, then mixed (fmix64 of
/// MurmurHash3) so the low bits pick the slot and the high bits make the tag.
/// Fixed here, not taken from a crate, because the embedded blob stores
/// slots placed by it.
#[inline]
pub(super) fn key_hash(key: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut b = [0u8; 8];
        b[..tail.len()].copy_from_slice(tail);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}
