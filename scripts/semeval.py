#!/usr/bin/env python3
"""SemEval-2016 Task 6, Subtask A, reproduced: one geostance model per target,
trained on trial + train of that target and scored on test_taskA, with the
official metric F_avg = (F1(FAVOR) + F1(AGAINST)) / 2 pooled over all targets.
Optionally the same split through scikit-learn (`--peers`, via ../shared/peers).

The data is read from ../shared/datasets/semeval2016-stance (its license forbids
redistribution: it is copied only to a temporary directory) and the script
exits 0 with a note when it is absent.

Usage: python3 scripts/semeval.py [--peers] [-- TRAIN OPTIONS...]
e.g.   python3 scripts/semeval.py -- --ngrams 1..3 --char-ngrams 2..5 --alpha 0.3
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "../shared/datasets/semeval2016-stance")
PEERS = os.path.join(ROOT, "../shared/peers/peers.py")


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def clean(t):
    return t.replace("#SemST", "").strip()


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "stance"])
        for r in rows:
            w.writerow([clean(r["Tweet"]), r["Stance"]])


def favg(matrix_sum, labels):
    f = {}
    for c, lab in enumerate(labels):
        tp = matrix_sum[c][c]
        pred = sum(matrix_sum[r][c] for r in range(len(labels)))
        gold = sum(matrix_sum[c])
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f[lab] = 2 * p * r / (p + r) if p + r else 0.0
    return f


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--peers-python", default=os.path.expanduser("~/.cache/peers-venv/bin/python"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/geostance"))
    a = ap.parse_args(argv)
    if not os.path.isdir(DATA):
        print("skipped: ../shared/datasets/semeval2016-stance is not here")
        return
    train = read("trial.csv") + read("train.csv")
    test = read("test_taskA.csv")
    targets = sorted({r["Target"] for r in test})
    labels = ["AGAINST", "FAVOR", "NONE"]
    systems = {"geostance": [[0] * 3 for _ in range(3)]}
    if a.peers:
        systems["scikit-learn tfidf+logreg"] = [[0] * 3 for _ in range(3)]
    with tempfile.TemporaryDirectory() as tmp:
        for t in targets:
            tr = os.path.join(tmp, "train.csv")
            te = os.path.join(tmp, "test.csv")
            write(tr, [r for r in train if r["Target"] == t])
            write(te, [r for r in test if r["Target"] == t])
            model = os.path.join(tmp, "m.json")
            subprocess.run([a.binary, "train", "--data", tr, "--output", model, "--label-column", "stance"] + extra,
                           check=True, stderr=subprocess.DEVNULL)
            rep = json.loads(subprocess.run([a.binary, "evaluate", "--data", te, "--model", model, "--format", "json"],
                                            check=True, capture_output=True, text=True).stdout)["stance"]
            assert rep["confusion"]["labels"] == labels, rep["confusion"]["labels"]
            m = systems["geostance"]
            for i in range(3):
                for j in range(3):
                    m[i][j] += rep["confusion"]["matrix"][i][j]
            if a.peers:
                j = os.path.join(tmp, "p.json")
                subprocess.run([a.peers_python, PEERS, "--train", tr, "--test", te, "--text-col", "text",
                                "--label-col", "stance", "--peers", "logreg", "--metric", "favg:FAVOR,AGAINST",
                                "--skip-speed", "--json", j], check=True, capture_output=True, cwd=os.path.dirname(PEERS))
                with open(j) as f:
                    peer = next(p for p in json.load(f)["peers"] if p["name"].startswith("tfidf+logreg"))
                cm = peer["metrics"]["confusion"]
                order = [cm["labels"].index(l) for l in labels]
                m = systems["scikit-learn tfidf+logreg"]
                for i in range(3):
                    for jj in range(3):
                        m[i][jj] += cm["rows_true_cols_pred"][order[i]][order[jj]]
            print(f"  {t}: done", file=sys.stderr)
    print(f"SemEval-2016 Task 6 A, one model per target, train = trial+train ({len(train)}), test = test_taskA ({len(test)})")
    print(f"geostance train options: {' '.join(extra) or '(defaults)'}")
    print(f"{'system':<28} F_FAVOR  F_AGAINST  F_avg")
    for name, m in systems.items():
        f = favg(m, labels)
        print(f"{name:<28} {100 * f['FAVOR']:7.2f}  {100 * f['AGAINST']:9.2f}  {50 * (f['FAVOR'] + f['AGAINST']):5.2f}")
    for name, fav, ag, avg in [("paper: SVM-ngrams", 62.98, 74.98, 68.98), ("paper: MITRE (top team)", 59.32, 76.33, 67.82),
                               ("paper: majority (per target)", 52.01, 78.44, 65.22)]:
        print(f"{name:<28} {fav:7.2f}  {ag:9.2f}  {avg:5.2f}")


if __name__ == "__main__":
    main()
