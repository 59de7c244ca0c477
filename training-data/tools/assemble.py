#!/usr/bin/env python3
"""Assemble training-data/statements.csv from the two labeling passes and the
adjudication (all under training-data/annotations/), and report agreement.

A row is kept when both passes gave the same label on an axis, or the
adjudicator decided it; a row with `drop` (or an unresolved `unclear`) on
either axis is left out. The label-share rule (every class 20-45% on both
axes) is met by leaving out, deterministically (lowest SHA-1 of the text
first), real rows of the over-represented class, uniformly across corpora.

Usage: python3 assemble.py ANNOTATIONS_DIR OUT.csv
"""
import csv
import glob
import hashlib
import os
import sys
from collections import Counter


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_pass(d):
    out = {}
    for p in sorted(glob.glob(os.path.join(d, "*.csv"))):
        for r in read(p):
            out[r["id"]] = r
    return out


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return po, (po - pe) / (1 - pe)


def main():
    ann, out = sys.argv[1], sys.argv[2]
    texts = {r["id"]: (r["text"], r["source"]) for r in read(os.path.join(ann, "texts.csv"))}
    # The source document of each row (tools/doc_ids.py), for grouped CV folds.
    docs = {r["id"]: r["doc"] for r in read(os.path.join(ann, "docs.csv"))}
    A = load_pass(os.path.join(ann, "passA"))
    B = load_pass(os.path.join(ann, "passB"))
    adj = {}
    for p in sorted(glob.glob(os.path.join(ann, "adjudication", "*.csv"))):
        for r in read(p):
            adj[r["id"]] = r
    assert set(A) == set(B) == set(texts), "every row must be labeled in both passes"
    ids = sorted(texts)
    for axis in ("stance", "sentiment"):
        po, k = kappa([A[i][axis] for i in ids], [B[i][axis] for i in ids])
        for group, pre in (("real", ("ungdc", "wh-")), ("kremlin", ("kr-",)), ("written", ("wA", "wB")), ("newswire", ("nw",))):
            gi = [i for i in ids if i.startswith(pre)]
            gpo, gk = kappa([A[i][axis] for i in gi], [B[i][axis] for i in gi])
            print(f"{axis} {group}: n={len(gi)} agreement {gpo:.3f} kappa {gk:.3f}")
        print(f"{axis} all: n={len(ids)} agreement {po:.3f} Cohen's kappa {k:.3f}")
    rows = []
    dropped = Counter()
    for i in ids:
        final = {}
        for axis in ("stance", "sentiment"):
            a, b = A[i][axis], B[i][axis]
            if a == b and a != "unclear":
                final[axis] = a
            elif i in adj:
                final[axis] = adj[i][axis]
            else:
                raise SystemExit(f"{i}: {axis} disagreement without adjudication")
        if "drop" in final.values() or "unclear" in final.values():
            dropped["ambiguous after adjudication"] += 1
            continue
        text, source = texts[i]
        rows.append({"id": i, "text": text, "stance": final["stance"], "sentiment": final["sentiment"], "source": source,
                     "doc": docs[i]})
    # Label shares: trim the largest sentiment/stance classes to 45%.
    def key(r):
        return hashlib.sha1(r["text"].encode()).hexdigest()

    def is_wire(r):
        return r["id"].startswith("nw")
    for axis in ("sentiment", "stance"):
        while True:
            c = Counter(r[axis] for r in rows)
            top, n = c.most_common(1)[0]
            if n <= 0.45 * len(rows):
                break
            excess = int((n - 0.45 * len(rows)) / 0.55) + 1
            # Uniformly among the real rows of that class (written rows were
            # composed to fill gaps, so they stay) -- except the news-wire rows
            # (ids nw*, written 2026-12-07 for a register our corpora lack),
            # which go first: wire copy is mostly matter-of-fact, and real
            # rows should not make room for written ones.
            cand = sorted((r for r in rows if r[axis] == top and (r["source"] != "written" or is_wire(r))),
                          key=lambda r: (not is_wire(r), key(r)))
            drop = {id(r) for r in cand[:excess]}
            dropped[f"share rule ({axis} {top})"] += len(drop)
            rows = [r for r in rows if id(r) not in drop]
    rows.sort(key=lambda r: r["id"])
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "stance", "sentiment", "source", "doc"])
        for r in rows:
            w.writerow([r["text"], r["stance"], r["sentiment"], r["source"], r["doc"]])
    n = len(rows)
    print(f"rows: {n}; left out: {dict(dropped)}")
    for axis in ("stance", "sentiment"):
        c = Counter(r[axis] for r in rows)
        print(axis, {k: f"{v} ({v / n:.1%})" for k, v in sorted(c.items())})
    src = Counter(r["source"].split(":")[0] for r in rows)
    print("sources", dict(src), f"real share {1 - src['written'] / n:.1%}")
    for s in sorted(src):
        sub = [r for r in rows if r["source"].split(":")[0] == s]
        print(" ", s, "stance", dict(Counter(r["stance"] for r in sub)), "sentiment", dict(Counter(r["sentiment"] for r in sub)))


if __name__ == "__main__":
    main()
