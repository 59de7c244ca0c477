//! JSON encoding for the hot output path: string literals and
//! probabilities written by hand, because general-purpose encoding is a
//! visible share of the cost of classifying millions of lines.

/// Bytes that JSON strings must escape.
const ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Whether any of the eight bytes is a control character, `"` or `\\`
/// (exact: the classic "has zero byte" bit trick, no false negatives).
#[inline]
fn needs_escape(x: u64) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let control = x.wrapping_sub(LO * 0x20) & !x & HI;
    let q = x ^ (LO * b'"' as u64);
    let quote = q.wrapping_sub(LO) & !q & HI;
    let b = x ^ (LO * b'\\' as u64);
    let backslash = b.wrapping_sub(LO) & !b & HI;
    control | quote | backslash != 0
}

/// Appends `v` as a JSON string literal; runs without escapes are copied whole.
pub fn push_json_str(s: &mut Vec<u8>, v: &str) {
    use std::io::Write;
    s.push(b'"');
    let bytes = v.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping (most text).
        if let Some(word) = bytes.get(i..i + 8)
            && !needs_escape(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        if !ESCAPE[b as usize] {
            i += 1;
            continue;
        }
        s.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => s.extend_from_slice(b"\\\""),
            b'\\' => s.extend_from_slice(b"\\\\"),
            b'\n' => s.extend_from_slice(b"\\n"),
            b'\r' => s.extend_from_slice(b"\\r"),
            b'\t' => s.extend_from_slice(b"\\t"),
            _ => {
                let _ = write!(s, "\\u{b:04x}");
            }
        }
        i += 1;
        start = i;
    }
    s.extend_from_slice(&bytes[start..]);
    s.push(b'"');
}

/// Appends a probability in [0, 1] with six decimals ("0.934512"), the
/// precision of f32 probabilities; written by hand because general float
/// formatting is a visible share of the output cost on millions of lines.
pub fn push_prob(s: &mut Vec<u8>, x: f32) {
    let micro = (f64::from(x).clamp(0.0, 1.0) * 1e6).round() as u32;
    let mut buf = *b"0.000000";
    buf[0] = b'0' + (micro / 1_000_000) as u8;
    let mut frac = micro % 1_000_000;
    for d in buf[2..].iter_mut().rev() {
        *d = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    s.extend_from_slice(&buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_have_six_decimals() {
        for (x, want) in [
            (0.0, "0.000000"),
            (1.0, "1.000000"),
            (0.5, "0.500000"),
            (0.934_512_3, "0.934512"),
            (0.000_000_4, "0.000000"),
            (0.999_999_9, "1.000000"),
            (1e-3, "0.001000"),
        ] {
            let mut s = Vec::new();
            push_prob(&mut s, x);
            assert_eq!(s, want.as_bytes(), "{x}");
        }
    }

    #[test]
    fn escape_detection_is_exact() {
        for (b, fill) in (0..=255u8).flat_map(|b| [(b, b'a'), (b, 0xc3), (b, b' '), (b, 0x21)]) {
            for pos in 0..8 {
                let mut w = [fill; 8];
                w[pos] = b;
                assert_eq!(
                    needs_escape(u64::from_le_bytes(w)),
                    ESCAPE[b as usize],
                    "{b} at {pos}"
                );
            }
        }
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut s = Vec::new();
        push_json_str(&mut s, "a\"b\\c\n\u{1}é");
        let s = String::from_utf8(s).unwrap();
        assert_eq!(s, r#""a\"b\\c\n\u0001é""#);
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "a\"b\\c\n\u{1}é");
    }
}
