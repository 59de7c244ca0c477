//! The `vectors.bin` file: a magic line, a version, the value encoding, a
//! JSON header (analyzer, training record, terms, counts), then the vectors
//! as raw little-endian f32 or f16 values, term after term.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{VectorsInfo, WordVectors};
use crate::error::{Error, Result};
use crate::tokenize::AnalyzerConfig;

/// The first bytes of every vectors file.
pub const VECTORS_MAGIC: &[u8] = b"GEOSTANCE-VECTORS\n";
/// The newest vectors file version this build reads and writes.
pub const VECTORS_VERSION: u32 = 1;
/// Largest vectors file we agree to read.
const MAX_VECTORS_BYTES: u64 = 1 << 33;

#[derive(Serialize, Deserialize)]
struct Header {
    analyzer: AnalyzerConfig,
    info: VectorsInfo,
    dim: usize,
    terms: Vec<String>,
    counts: Vec<u64>,
}

/// How the values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Single precision, 4 bytes a value: exact.
    F32,
    /// Half precision: half the size, about 3 significant digits.
    F16,
}

impl WordVectors {
    /// The file bytes (deterministic).
    pub fn to_bytes(&self, encoding: Encoding) -> Vec<u8> {
        let header = Header {
            analyzer: self.analyzer.clone(),
            info: self.info.clone(),
            dim: self.dim,
            terms: self.terms.clone(),
            counts: self.counts.clone(),
        };
        let json = serde_json::to_vec(&header).expect("header serialises");
        let width = match encoding {
            Encoding::F32 => 4,
            Encoding::F16 => 2,
        };
        let mut out =
            Vec::with_capacity(VECTORS_MAGIC.len() + 16 + json.len() + self.data.len() * width);
        out.extend_from_slice(VECTORS_MAGIC);
        out.extend_from_slice(&VECTORS_VERSION.to_le_bytes());
        out.extend_from_slice(&(width as u32).to_le_bytes());
        out.extend_from_slice(&(json.len() as u64).to_le_bytes());
        out.extend_from_slice(&json);
        for &x in &self.data {
            match encoding {
                Encoding::F32 => out.extend_from_slice(&x.to_le_bytes()),
                Encoding::F16 => out.extend_from_slice(&half::f16::from_f32(x).to_le_bytes()),
            }
        }
        out
    }

    /// Writes the file atomically.
    ///
    /// # Errors
    /// [`Error::Input`] when `path` is a directory, [`Error::Io`] when its
    /// folder does not exist or the file cannot be written (an existing file
    /// is then left as it was).
    pub fn save(&self, path: &Path, encoding: Encoding) -> Result<()> {
        crate::model::write_atomically(path, &self.to_bytes(encoding))
    }

    /// Reads and validates a vectors file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; [`Error::Input`] when it is
    /// a directory, too large, or not a valid vectors file (the message says
    /// what is wrong and what to do).
    pub fn load(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::input(
                path,
                "",
                "this is a directory; give the vectors file made by `geostance vectors`",
            ));
        }
        if meta.len() > MAX_VECTORS_BYTES {
            return Err(Error::input(
                path,
                "",
                format!(
                    "the file is {} bytes, larger than any vectors file this build reads",
                    meta.len()
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes, path)
    }

    /// Parses vectors file bytes; `origin` names them in errors.
    ///
    /// # Errors
    /// [`Error::Input`] saying what is wrong with the bytes and what to do.
    pub fn from_bytes(bytes: &[u8], origin: &Path) -> Result<Self> {
        Self::parse(bytes).map_err(|m| Error::input(origin, "", m))
    }

    /// Parses vectors file bytes; the message says what is wrong and what to do.
    fn parse(bytes: &[u8]) -> std::result::Result<Self, String> {
        let Some(rest) = bytes.strip_prefix(VECTORS_MAGIC) else {
            return Err(
                "not a geostance vectors file (it does not start with \"GEOSTANCE-VECTORS\"): \
                 make one with `geostance vectors --input CORPUS --output vectors.bin`"
                    .into(),
            );
        };
        let truncated = || "the vectors file is truncated: copy or train it again".to_string();
        let word = |at: usize, n: usize| rest.get(at..at + n).ok_or_else(truncated);
        let version = u32::from_le_bytes(word(0, 4)?.try_into().map_err(|_| truncated())?);
        if version != VECTORS_VERSION {
            return Err(format!(
                "vectors file version {version}; this build reads version {VECTORS_VERSION}: upgrade geostance or train the vectors again"
            ));
        }
        let width = u32::from_le_bytes(word(4, 4)?.try_into().map_err(|_| truncated())?) as usize;
        if width != 4 && width != 2 {
            return Err(format!("unknown value width {width}: the file is damaged"));
        }
        let header_len = u64::from_le_bytes(word(8, 8)?.try_into().map_err(|_| truncated())?);
        let header_len = usize::try_from(header_len).map_err(|_| truncated())?;
        let json = rest
            .get(16..16usize.saturating_add(header_len))
            .ok_or_else(truncated)?;
        let header: Header = serde_json::from_slice(json).map_err(|e| {
            format!("the vectors file's header is malformed ({e}): train the vectors again")
        })?;
        header.analyzer.validate().map_err(|e| e.to_string())?;
        let values = &rest[16 + header_len..];
        let expected = header
            .terms
            .len()
            .checked_mul(header.dim)
            .and_then(|n| n.checked_mul(width))
            .ok_or("the header's sizes overflow: the file is damaged")?;
        if values.len() < expected {
            return Err(truncated());
        }
        if values.len() > expected {
            return Err(format!(
                "{} bytes after the vectors: the file is damaged",
                values.len() - expected
            ));
        }
        let data: Vec<f32> = if width == 4 {
            values
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        } else {
            values
                .chunks_exact(2)
                .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect()
        };
        WordVectors::new(
            header.analyzer,
            header.info,
            header.terms,
            header.counts,
            header.dim,
            data,
        )
        .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> WordVectors {
        WordVectors::new(
            AnalyzerConfig::default(),
            VectorsInfo::default(),
            vec!["peac".into(), "⟨country⟩".into()],
            vec![5, 3],
            3,
            vec![0.5, -0.25, 1.0, 0.125, 0.0, -2.0],
        )
        .unwrap()
    }

    #[test]
    fn round_trip_f32_is_exact_and_f16_close() {
        let v = small();
        assert_eq!(WordVectors::parse(&v.to_bytes(Encoding::F32)).unwrap(), v);
        let h = WordVectors::parse(&v.to_bytes(Encoding::F16)).unwrap();
        assert_eq!(h.terms(), v.terms());
        for i in 0..v.len() {
            for (a, b) in h.vector(i).iter().zip(v.vector(i)) {
                assert!((a - b).abs() < 1e-3);
            }
        }
        assert!(v.to_bytes(Encoding::F16).len() < v.to_bytes(Encoding::F32).len());
    }

    #[test]
    fn damaged_files_give_clear_errors() {
        let bytes = small().to_bytes(Encoding::F32);
        let e = WordVectors::parse(b"{\"not\": \"vectors\"}").unwrap_err();
        assert!(e.contains("geostance vectors"), "{e}");
        let e = WordVectors::parse(&bytes[..bytes.len() - 3]).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
        let e = WordVectors::parse(&bytes[..VECTORS_MAGIC.len() + 6]).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(WordVectors::parse(&longer).unwrap_err().contains("damaged"));
        let mut newer = bytes.clone();
        newer[VECTORS_MAGIC.len()] = 9;
        assert!(
            WordVectors::parse(&newer)
                .unwrap_err()
                .contains("version 9")
        );
        let mut nan = bytes.clone();
        let at = nan.len() - 4;
        nan[at..].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(WordVectors::parse(&nan).unwrap_err().contains("NaN"));
    }
}
