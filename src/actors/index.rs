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
                if &self.text[start as usize..start as usize + len as usize] == key {
                    return Some(&self.patterns[first as usize..end as usize]);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The lowercased words after the first, each followed by `REST_SEP`.
    #[inline]
    pub(super) fn rest(&self, p: &Pattern) -> &'a [u8] {
        &self.text[p.rest as usize..p.rest as usize + p.rest_len as usize]
    }

    /// The second word (lowercased), or "" for a one-word pattern.
    #[inline]
    pub(super) fn second(&self, p: &Pattern) -> &'a [u8] {
        &self.text[p.rest as usize..p.rest as usize + p.second_len as usize]
    }

    /// The actors `p` names.
    #[inline]
    pub(super) fn actors(&self, p: &Pattern) -> &'a [u32] {
        &self.ids[p.actors as usize..p.actors as usize + p.n_actors as usize]
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

/// The hash of a first word: its first and last 8 (or 4) bytes, and 16
/// bytes at a time before them in a long word, mixed by one folded multiply
/// (as foldhash does). The low bits pick the slot, the high bits make the
/// tag. Fixed here, not taken from a crate, because the embedded blob
/// stores slots placed by it.
#[inline]
pub(super) fn key_hash(key: &[u8]) -> u64 {
    const K1: u64 = 0x243f_6a88_85a3_08d3;
    const K2: u64 = 0x1319_8a2e_0370_7344;
    let n = key.len();
    let (mut a, mut b) = (K1 ^ n as u64, K2);
    if n > 16 {
        let mut i = 0;
        while i + 16 < n {
            a = folded_mul(a ^ le64(key, i), b ^ le64(key, i + 8));
            i += 16;
        }
        a ^= le64(key, n - 16);
        b ^= le64(key, n - 8);
    } else if n >= 8 {
        a ^= le64(key, 0);
        b ^= le64(key, n - 8);
    } else if n >= 4 {
        a ^= le32(key, 0);
        b ^= le32(key, n - 4);
    } else if n > 0 {
        a ^= key[0] as u64;
        b ^= (key[n / 2] as u64) << 8 | key[n - 1] as u64;
    }
    folded_mul(a, b)
}

#[inline]
fn folded_mul(a: u64, b: u64) -> u64 {
    let p = a as u128 * b as u128;
    p as u64 ^ (p >> 64) as u64
}

#[inline]
fn le64(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"))
}

#[inline]
fn le32(b: &[u8], i: usize) -> u64 {
    u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")) as u64
}
