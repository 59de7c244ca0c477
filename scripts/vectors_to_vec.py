#!/usr/bin/env python3
"""Write a geostance vectors file (`geostance vectors`, e.g. models/vectors.bin)
as word2vec/fastText text (`.vec`): a header line "N DIM", then one line per
term, "term v1 ... vDIM". Standard library only.

The terms are the analyzer's (lowercased, English stems, actor placeholders such
as `⟨country⟩`, no negation marks), so a peer that uses these vectors must see
text turned into the same terms: `examples/analyze.rs` prints them.

File layout (src/embeddings/file.rs): the magic line "GEOSTANCE-VECTORS\\n",
u32 version (1), u32 value width (4 = f32, 2 = f16), u64 header length, the JSON
header (analyzer, info, dim, terms, counts), then terms x dim little-endian values.

Usage: python3 scripts/vectors_to_vec.py [models/vectors.bin] OUT.vec
"""
import json
import struct
import sys

MAGIC = b"GEOSTANCE-VECTORS\n"


def read_vectors(path):
    """(header dict, list of terms, list of float lists) from a vectors file."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(MAGIC):
        raise SystemExit(f"{path}: not a geostance vectors file")
    rest = data[len(MAGIC):]
    version, width, header_len = struct.unpack("<IIQ", rest[:16])
    if version != 1:
        raise SystemExit(f"{path}: vectors file version {version}; this script reads version 1")
    if width not in (2, 4):
        raise SystemExit(f"{path}: unknown value width {width}")
    header = json.loads(rest[16:16 + header_len].decode("utf-8"))
    terms, dim = header["terms"], header["dim"]
    values = rest[16 + header_len:]
    if len(values) != len(terms) * dim * width:
        raise SystemExit(f"{path}: {len(values)} value bytes for {len(terms)} x {dim} x {width}")
    fmt = "<%d%s" % (dim, "e" if width == 2 else "f")
    step = dim * width
    rows = [struct.unpack(fmt, values[i * step:(i + 1) * step]) for i in range(len(terms))]
    return header, terms, rows


def main():
    args = sys.argv[1:]
    if len(args) == 1:
        args = ["models/vectors.bin"] + args
    if len(args) != 2:
        raise SystemExit(__doc__)
    header, terms, rows = read_vectors(args[0])
    with open(args[1], "w", encoding="utf-8", newline="\n") as out:
        out.write(f"{len(terms)} {header['dim']}\n")
        for t, row in zip(terms, rows):
            if any(c.isspace() for c in t):
                raise SystemExit(f"term {t!r} contains white space: not representable in .vec")
            # repr of a float32/f16 value round-trips; %.6g keeps the file small and is exact for f16.
            out.write(t + " " + " ".join("%.6g" % x for x in row) + "\n")
    print(f"wrote {len(terms)} x {header['dim']} vectors to {args[1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
