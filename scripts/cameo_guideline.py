#!/usr/bin/env python3
"""ConfliBERT CAMEO test, scored two ways: against the CAMEO event classes
mapped to stance (0 -> neutral, 1-2 -> cooperative, 3-4 -> tense; what
scripts/cross_domain.py does) and against our own labels of the same 451
sentences, decided by reading each one against ../shared/LABELING.md twice,
independently, and adjudicated (eval-data/conflibert-cameo-test.guideline-labels.csv:
row numbers only, no text: the set's license is unclear).

It prints:
- how far the CAMEO mapping itself is from the guideline (the best macro-F1 a
  model that follows the guideline perfectly could get on the mapped labels);
- the model's stance macro-F1 on both label sets, and sentiment on ours;
- the majority-class baseline on both.

Usage: python3 scripts/cameo_guideline.py [--model M.json] [--binary target/release/geostance]
Needs ../shared/datasets/conflibert-cameo (prints a note and exits 0 without it).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "../shared/datasets/conflibert-cameo/test.csv")
LABELS = os.path.join(ROOT, "eval-data/conflibert-cameo-test.guideline-labels.csv")
CAMEO = {"0": "neutral", "1": "cooperative", "2": "cooperative", "3": "tense", "4": "tense"}


def macro_f1(gold, pred, classes):
    f = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        np_ = sum(p == c for p in pred)
        ng = sum(g == c for g in gold)
        pr = tp / np_ if np_ else 0.0
        rc = tp / ng if ng else 0.0
        f[c] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return sum(f.values()) / len(classes), f


def line(name, gold, pred, classes):
    m, f = macro_f1(gold, pred, classes)
    per = "  ".join(f"{c} {f[c]:.3f}" for c in classes)
    print(f"  {name:<44} macro-F1 {m:.4f}   ({per})")
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/geostance"))
    a = ap.parse_args()
    if not os.path.exists(DATA):
        print("skipped: ../shared/datasets/conflibert-cameo is not here")
        return
    with open(DATA, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(LABELS, encoding="utf-8", newline="") as f:
        ours = {int(r["row"]): r for r in csv.DictReader(f)}
    assert len(ours) == len(rows), (len(ours), len(rows))
    texts = [" ".join(r["text"].split()) for r in rows]
    cameo = [CAMEO[r["label"]] for r in rows]
    stance = [ours[i]["stance"] for i in range(len(rows))]
    sentiment = [ours[i]["sentiment"] for i in range(len(rows))]
    cmd = [a.binary, "classify", "--format", "jsonl"] + (["--model", a.model] if a.model else [])
    out = subprocess.run(cmd, input="\n".join(texts) + "\n", capture_output=True, text=True, check=True).stdout
    pred = [json.loads(l) for l in out.splitlines()]
    ps = [p["stance"]["label"] for p in pred]
    pm = [p["sentiment"]["label"] for p in pred]
    st = ["cooperative", "neutral", "tense"]
    sm = ["positive", "neutral", "negative"]
    n = len(rows)
    agree = sum(x == y for x, y in zip(cameo, stance)) / n
    print(f"ConfliBERT CAMEO test, {n} sentences; model: {a.model or 'embedded default'}")
    print(f"label shares: CAMEO-mapped {dict(Counter(cameo))}; ours stance {dict(Counter(stance))}, sentiment {dict(Counter(sentiment))}")
    for ax in ("stance", "sentiment"):
        x = [ours[i][f"{ax}_a"] for i in range(n)]
        y = [ours[i][f"{ax}_b"] for i in range(n)]
        po = sum(p == q for p, q in zip(x, y)) / n
        ca, cb = Counter(x), Counter(y)
        pe = sum(ca[k] * cb[k] for k in ca) / n / n
        print(f"our two passes, {ax}: agreement {po:.3f}, Cohen's kappa {(po - pe) / (1 - pe):.3f}")
    print("stance against the CAMEO-mapped labels:")
    line("our guideline labels (ceiling)", cameo, stance, st)
    print(f"    (they agree on {agree:.1%} of the sentences)")
    line("geostance", cameo, ps, st)
    line("majority class (tense)", cameo, ["tense"] * n, st)
    print("stance against our guideline labels:")
    line("geostance", stance, ps, st)
    line("CAMEO mapping as a predictor", stance, cameo, st)
    line("majority class (tense)", stance, ["tense"] * n, st)
    print("sentiment against our guideline labels:")
    line("geostance", sentiment, pm, sm)
    line("majority class (neutral)", sentiment, ["neutral"] * n, sm)


if __name__ == "__main__":
    main()
