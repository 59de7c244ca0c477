#!/usr/bin/env python3
"""Cross-validated macro-F1 of geostance beside scikit-learn and a majority
baseline, on the very same stratified folds.

Writes K train/test CSV pairs (stratified on the first label column, seeded),
then per fold: `geostance train` + `geostance evaluate --format json`, and
`../shared/peers/peers.py` (TF-IDF + LogisticRegression with C tuned by inner
CV on the training fold; majority class). Prints per-head mean ± std.

Usage:
  python3 scripts/cv_compare.py [--data training-data/statements.csv] [--folds 5]
      [--seed 42] [--peers-python ~/.cache/peers-venv/bin/python] [-- TRAIN OPTIONS...]
Anything after `--` is passed to `geostance train` (e.g. --alpha 0.3 --ngrams 1..2).
Skips peers (prints a note) when ../shared/peers is missing.
"""
import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "training-data/statements.csv"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--heads", default="stance,sentiment")
    ap.add_argument("--peers-python", default=os.path.expanduser("~/.cache/peers-venv/bin/python"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/geostance"))
    a = ap.parse_args(argv)
    heads = a.heads.split(",")
    with open(a.data, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by = defaultdict(list)
    for i, r in enumerate(rows):
        by[r[heads[0]]].append(i)
    rng = random.Random(a.seed)
    fold = [0] * len(rows)
    n = 0
    for label in sorted(by):
        idx = by[label]
        rng.shuffle(idx)
        for i in idx:
            fold[i] = n % a.folds
            n += 1
    peers = os.path.join(ROOT, "../shared/peers/peers.py")
    have_peers = os.path.exists(peers) and os.path.exists(a.peers_python)
    scores = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.folds):
            paths = {}
            for part in ("train", "test"):
                p = os.path.join(tmp, f"{part}{k}.csv")
                with open(p, "w", encoding="utf-8", newline="") as f:
                    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
                    w.writeheader()
                    for i, r in enumerate(rows):
                        if (fold[i] == k) == (part == "test"):
                            w.writerow(r)
                paths[part] = p
            model = os.path.join(tmp, f"m{k}.json")
            cmd = [a.binary, "train", "--data", paths["train"], "--output", model]
            for h in heads:
                cmd += ["--label-column", h]
            subprocess.run(cmd + extra, check=True, stderr=subprocess.DEVNULL)
            out = subprocess.run([a.binary, "evaluate", "--data", paths["test"], "--model", model, "--format", "json"],
                                 check=True, capture_output=True, text=True).stdout
            rep = json.loads(out)
            for h in heads:
                scores[h]["geostance"].append(rep[h]["macro_f1"])
                scores[h]["majority"].append(rep[h]["baseline_macro_f1"])
            if have_peers:
                for h in heads:
                    j = os.path.join(tmp, f"p{k}{h}.json")
                    subprocess.run([a.peers_python, peers, "--train", paths["train"], "--test", paths["test"],
                                    "--text-col", "text", "--label-col", h, "--peers", "logreg",
                                    "--skip-speed", "--json", j], check=True, capture_output=True,
                                   cwd=os.path.dirname(peers))
                    with open(j) as f:
                        pj = json.load(f)
                    row = next(p for p in pj["peers"] if p["name"].startswith("tfidf+logreg"))["metrics"]
                    scores[h]["scikit-learn tfidf+logreg"].append(row["macro_f1"])
            print(f"fold {k + 1}/{a.folds} done", file=sys.stderr)
    print(f"{a.folds}-fold stratified CV on {os.path.relpath(a.data, ROOT)} ({len(rows)} rows, seed {a.seed}), macro-F1")
    print(f"geostance train options: {' '.join(extra) or '(defaults)'}")
    for h in heads:
        for name, xs in scores[h].items():
            print(f"  {h:<10} {name:<28} {statistics.mean(xs):.4f} ± {statistics.pstdev(xs):.4f}")
    if not have_peers:
        print("  (scikit-learn skipped: ../shared/peers or its venv is missing; run bash ../shared/peers/setup.sh)")


if __name__ == "__main__":
    main()
