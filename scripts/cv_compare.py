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

With --balanced-peer, also scores scikit-learn with class_weight="balanced" (the
harness's own pipeline and C grid, run in its venv): the like-for-like peer of
`geostance train --balance`, which the harness does not offer.
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


# The harness's own TF-IDF + LogisticRegression pipeline, C grid and inner CV
# (imported from peers.py, so the two cannot drift apart), with
# class_weight="balanced".
BALANCED_PEER = r"""
import csv, sys
sys.path.insert(0, sys.argv[5])
import peers as P
train, test, col, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def read(p):
    with open(p, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r[col] for r in rows]
xt, yt = read(train)
xs, ys = read(test)
pipe = P.make_sklearn_pipeline("logreg", 1.0, seed).set_params(clf__class_weight="balanced")
search = P.GridSearchCV(pipe, {"clf__C": list(P.C_GRID)}, scoring="f1_macro",
                        cv=P.StratifiedKFold(n_splits=P.CV_FOLDS, shuffle=True, random_state=seed), n_jobs=1)
search.fit(xt, yt)
print(P.f1_score(ys, search.predict(xs), average="macro"))
"""


def macro_f1(gold, pred):
    labels = sorted(set(gold) | set(pred))
    f1s = []
    for c in sorted(set(gold)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    del labels
    return sum(f1s) / len(f1s)


def majority_f1(gold):
    top = max(set(gold), key=gold.count)
    return macro_f1(gold, [top] * len(gold))


def write_fold(rows, fold, k, tmp):
    """Writes fold k's train and test rows as CSV files in tmp; returns
    {"train": path, "test": path}."""
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
    return paths


def assign_folds(rows, head, folds, seed, group_column=None):
    """The fold (0..folds-1) of every row: stratified on `head`, or, with
    `group_column`, whole groups kept together (scripts/cv_vectors.py uses the
    same folds)."""
    rng = random.Random(seed)
    fold = [0] * len(rows)
    if group_column:
        # Whole groups, largest first, each to the fold where it best keeps
        # every class of the first head near its even share.
        groups = defaultdict(list)
        for i, r in enumerate(rows):
            groups[r[group_column]].append(i)
        order = sorted(groups)
        rng.shuffle(order)
        order.sort(key=lambda g: -len(groups[g]))
        classes = sorted({r[head] for r in rows})
        total = {c: sum(r[head] == c for r in rows) / folds for c in classes}
        count = [{c: 0 for c in classes} for _ in range(folds)]
        for g in order:
            add = {c: sum(rows[i][head] == c for i in groups[g]) for c in classes}
            cost = lambda f: sum((count[f][c] + add[c] - total[c]) ** 2 - (count[f][c] - total[c]) ** 2 for c in classes)
            best = min(range(folds), key=lambda f: (cost(f), sum(count[f].values())))
            for i in groups[g]:
                fold[i] = best
            for c in classes:
                count[best][c] += add[c]
    else:
        by = defaultdict(list)
        for i, r in enumerate(rows):
            by[r[head]].append(i)
        n = 0
        for label in sorted(by):
            idx = by[label]
            rng.shuffle(idx)
            for i in idx:
                fold[i] = n % folds
                n += 1
    return fold


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
    ap.add_argument("--group-column", help="keep the rows of a group (e.g. doc) in one fold")
    ap.add_argument("--balanced-peer", action="store_true",
                    help='also score scikit-learn with class_weight="balanced"')
    a = ap.parse_args(argv)
    heads = a.heads.split(",")
    with open(a.data, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fold = assign_folds(rows, heads[0], a.folds, a.seed, a.group_column)
    per_source = defaultdict(lambda: defaultdict(lambda: ([], [])))  # head -> source -> (gold, pred)
    peers = os.path.join(ROOT, "../shared/peers/peers.py")
    have_peers = os.path.exists(peers) and os.path.exists(a.peers_python)
    scores = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.folds):
            paths = write_fold(rows, fold, k, tmp)
            model = os.path.join(tmp, f"m{k}.json")
            cmd = [a.binary, "train", "--data", paths["train"], "--output", model]
            for h in heads:
                cmd += ["--label-column", h]
            subprocess.run(cmd + extra, check=True, stderr=subprocess.DEVNULL)
            out = subprocess.run([a.binary, "evaluate", "--data", paths["test"], "--model", model, "--format", "json"],
                                 check=True, capture_output=True, text=True).stdout
            rep = json.loads(out)
            if "source" in rows[0]:
                test_rows = [r for i, r in enumerate(rows) if fold[i] == k]
                cl = subprocess.run([a.binary, "classify", "--model", model, "--format", "jsonl"],
                                    input="\n".join(r["text"].replace("\n", " ") for r in test_rows) + "\n",
                                    check=True, capture_output=True, text=True).stdout.splitlines()
                for r, line in zip(test_rows, cl):
                    pred = json.loads(line)
                    src = r["source"].split(":")[0]
                    for h in heads:
                        g, p_ = per_source[h][src]
                        g.append(r[h])
                        p_.append(pred[h]["label"])
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
                    if a.balanced_peer:
                        out = subprocess.run([a.peers_python, "-c", BALANCED_PEER, paths["train"], paths["test"],
                                              h, str(a.seed), os.path.dirname(peers)],
                                             check=True, capture_output=True, text=True).stdout
                        scores[h]["scikit-learn, class-balanced"].append(float(out.strip().splitlines()[-1]))
            print(f"fold {k + 1}/{a.folds} done", file=sys.stderr)
    kind = f"grouped by {a.group_column!r}" if a.group_column else "stratified"
    print(f"{a.folds}-fold {kind} CV on {os.path.relpath(a.data, ROOT)} ({len(rows)} rows, seed {a.seed}), macro-F1")
    print(f"geostance train options: {' '.join(extra) or '(defaults)'}")
    for h in heads:
        for name, xs in scores[h].items():
            print(f"  {h:<10} {name:<28} {statistics.mean(xs):.4f} ± {statistics.pstdev(xs):.4f}")
    if per_source:
        print("geostance per source (pooled out-of-fold predictions), macro-F1 [majority-class macro-F1]:")
        for h in heads:
            for src, (g, p_) in sorted(per_source[h].items()):
                print(f"  {h:<10} {src:<14} n={len(g):<5} {macro_f1(g, p_):.4f}  [{majority_f1(g):.4f}]")
    if not have_peers:
        print("  (scikit-learn skipped: ../shared/peers or its venv is missing; run bash ../shared/peers/setup.sh)")


if __name__ == "__main__":
    main()
