#!/usr/bin/env python3
"""Grouped cross-validation of word vectors (issue 16): geostance TF-IDF only,
vectors only and both, actor-masked and with --keep-names, beside scikit-learn
(TF-IDF, and TF-IDF + mean vectors) and fastText (without and with
-pretrainedVectors of the same vectors) and the majority class, all on the SAME
folds (scripts/cv_compare.py's assign_folds: grouped by `doc`, seed 42).

The vectors' words are analyzer terms (lowercased, English stems, actor
placeholders), so the peers are fed those terms: examples/analyze.rs prints
them (the configuration of `geostance vectors`; with --keep-names the names
stay words). The vectors go to the peers as a `.vec` file
(scripts/vectors_to_vec.py). geostance reads the raw text itself.

Usage:
  cargo build --release && cargo build --release --example analyze
  python3 scripts/cv_vectors.py [--vectors models/vectors.bin] [--out docs/data/cv_vectors]
      [--skip-peers] [--skip-geostance] [-- TRAIN OPTIONS]
TRAIN OPTIONS default to the default model's: --ngrams 1..1 --min-df 2 --alpha 0.3.
Writes OUT.json (every fold's score, settings) and OUT.csv (one row per
system, variant and head: mean and standard deviation over folds).
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from cv_compare import assign_folds, write_fold  # noqa: E402

VARIANTS = {"masked": [], "names": ["--keep-names"]}
GEOSTANCE = {
    "geostance tfidf": [],
    "geostance vectors-only": ["--vectors", "{vectors}", "--vectors-only"],
    "geostance tfidf+vectors": ["--vectors", "{vectors}"],
}
PEER_SYSTEMS = ["sklearn-tfidf", "sklearn-tfidf+vec", "fasttext", "fasttext+vec"]
PEER_NAMES = {
    "sklearn-tfidf": "scikit-learn tfidf+logreg",
    "sklearn-tfidf+vec": "scikit-learn tfidf+mean vectors",
    "fasttext": "fastText",
    "fasttext+vec": "fastText -pretrainedVectors",
}


def analyze(binary, texts, keep_names):
    cmd = [binary] + (["--keep-names"] if keep_names else [])
    inp = "\n".join(" ".join(t.split()) for t in texts) + "\n"
    out = subprocess.run(cmd, input=inp, capture_output=True, text=True, check=True).stdout
    lines = out.split("\n")[:-1]
    assert len(lines) == len(texts), (len(lines), len(texts))
    return lines


ORDER = ["majority", "geostance tfidf", "geostance vectors-only", "geostance tfidf+vectors",
         "scikit-learn tfidf+logreg", "scikit-learn tfidf+mean vectors", "fastText", "fastText -pretrainedVectors"]


def markdown(results, heads):
    """The table for docs/benchmarks.md: one row per system, a column per head and variant."""
    variants = ["masked", "names"]
    cols = [(h, v) for h in heads for v in variants]
    out = ["| system | " + " | ".join(f"{h}, {'actor-masked' if v == 'masked' else 'names kept'}" for h, v in cols) + " |",
           "|---" * (len(cols) + 1) + "|"]
    names = [n for n in ORDER if n in results] + [n for n in results if n not in ORDER and not n.startswith("_")]
    for n in names:
        cells = []
        for h, v in cols:
            by = results[n].get(v) or results[n].get("-")
            xs = by[h]["macro_f1"] if by else None
            cells.append(f"{statistics.mean(xs):.3f} ± {statistics.pstdev(xs):.3f}" if xs else "")
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main():
    argv = sys.argv[1:]
    extra = ["--ngrams", "1..1", "--min-df", "2", "--alpha", "0.3"]
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "training-data/statements.csv"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42, help="fold assignment (as cv_compare.py)")
    ap.add_argument("--peer-seed", type=int, default=0, help="inner CV and fastText (the harness's default)")
    ap.add_argument("--group-column", default="doc")
    ap.add_argument("--vectors", default=os.path.join(ROOT, "models/vectors.bin"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/geostance"))
    ap.add_argument("--analyze", default=os.path.join(ROOT, "target/release/examples/analyze"))
    ap.add_argument("--peers-python", default=os.path.expanduser("~/.cache/peers-venv/bin/python"))
    ap.add_argument("--peers-dir", default=os.path.join(ROOT, "../shared/peers"))
    ap.add_argument("--peer-systems", default=",".join(PEER_SYSTEMS))
    ap.add_argument("--variants", default="masked,names", help="masked (placeholders) and/or names")
    ap.add_argument("--geostance-systems", default=",".join(GEOSTANCE),
                    help="which geostance rows (e.g. only 'geostance tfidf+vectors', for --pooling l2)")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-geostance", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs/data/cv_vectors"))
    a = ap.parse_args(argv)
    heads = ["stance", "sentiment"]
    with open(a.data, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fold = assign_folds(rows, heads[0], a.folds, a.seed, a.group_column)
    results = {}
    if os.path.exists(a.out + ".json"):  # keep what an earlier run of the other part wrote
        with open(a.out + ".json", encoding="utf-8") as f:
            results = json.load(f).get("results", {})
    timing = {}

    def save():
        os.makedirs(os.path.dirname(a.out), exist_ok=True)
        meta = {
            "data": os.path.relpath(a.data, ROOT), "rows": len(rows), "folds": a.folds,
            "fold_seed": a.seed, "group_column": a.group_column, "peer_seed": a.peer_seed,
            "fold_sizes": [fold.count(k) for k in range(a.folds)],
            "vectors": os.path.relpath(a.vectors, ROOT), "geostance_train_options": extra,
            "command": "python3 scripts/cv_vectors.py " + " ".join(sys.argv[1:]),
        }
        with open(a.out + ".json", "w", encoding="utf-8") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1, sort_keys=True)
        with open(a.out + ".csv", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["system", "variant", "head", "macro_f1_mean", "macro_f1_std", "folds"])
            for system, by in results.items():
                if system.startswith("_"):
                    continue
                for variant, hs in by.items():
                    for h in heads:
                        xs = hs[h]["macro_f1"]
                        w.writerow([system, variant, h, f"{statistics.mean(xs):.4f}",
                                    f"{statistics.pstdev(xs):.4f}", " ".join(f"{x:.4f}" for x in xs)])

    with tempfile.TemporaryDirectory() as tmp:
        procs = {}
        if not a.skip_peers:
            # One peers process per variant, running while geostance trains below.
            t_peers = time.perf_counter()
            vec = os.path.join(tmp, "vectors.vec")
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts/vectors_to_vec.py"), a.vectors, vec],
                           check=True)
            texts = [r["text"] for r in rows]
            for v in a.variants.split(","):
                job = {
                    "folds": fold, "labels": {h: [r[h] for r in rows] for h in heads},
                    "texts": {v: analyze(a.analyze, texts, v == "names")},
                    "vec": vec, "seed": a.peer_seed, "systems": a.peer_systems.split(","),
                    "tmp": os.path.join(tmp, v), "peers_dir": os.path.abspath(a.peers_dir),
                }
                os.makedirs(job["tmp"])
                jp = os.path.join(tmp, f"job-{v}.json")
                with open(jp, "w", encoding="utf-8") as f:
                    json.dump(job, f)
                procs[v] = (subprocess.Popen([a.peers_python, os.path.join(ROOT, "scripts/vectors_peers.py"), jp],
                                             stdout=subprocess.PIPE, text=True))
        if not a.skip_geostance:
            t0 = time.perf_counter()
            for k in range(a.folds):
                paths = write_fold(rows, fold, k, tmp)
                for variant, vflags in VARIANTS.items():
                    if variant not in a.variants.split(","):
                        continue
                    for system, sflags in GEOSTANCE.items():
                        if system not in a.geostance_systems.split(","):
                            continue
                        model = os.path.join(tmp, f"m{k}.json")
                        cmd = [a.binary, "train", "--data", paths["train"], "--output", model]
                        cmd += [x.replace("{vectors}", a.vectors) for x in sflags] + vflags + extra
                        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
                        rep = json.loads(subprocess.run(
                            [a.binary, "evaluate", "--data", paths["test"], "--model", model, "--format", "json"],
                            check=True, capture_output=True, text=True).stdout)
                        for h in heads:
                            cell = results.setdefault(system, {}).setdefault(variant, {}).setdefault(
                                h, {"macro_f1": []})
                            if k == 0:
                                cell["macro_f1"] = []
                            cell["macro_f1"].append(rep[h]["macro_f1"])
                            if system == "geostance tfidf" and variant == "masked":
                                m = results.setdefault("majority", {}).setdefault("-", {}).setdefault(
                                    h, {"macro_f1": []})
                                if k == 0:
                                    m["macro_f1"] = []
                                m["macro_f1"].append(rep[h]["baseline_macro_f1"])
                        print(f"fold {k + 1}/{a.folds} {system} {variant}: "
                              + " ".join(f"{h} {rep[h]['macro_f1']:.4f}" for h in heads), file=sys.stderr)
            timing["geostance_s"] = time.perf_counter() - t0
            save()
        for v, proc in procs.items():
            out, _ = proc.communicate()
            if proc.returncode != 0:
                raise SystemExit(f"peers ({v}) failed with status {proc.returncode}")
            for system, by in json.loads(out).items():
                name = PEER_NAMES.get(system, system)
                results.setdefault(name, {}).update(by)
        if procs:
            timing["peers_s"] = time.perf_counter() - t_peers
            save()
    print(f"{a.folds}-fold CV grouped by {a.group_column!r} (seed {a.seed}) on {os.path.relpath(a.data, ROOT)}, "
          f"macro-F1 mean ± std; {timing}")
    for system, by in results.items():
        if system.startswith("_"):
            continue
        for variant, hs in by.items():
            print(f"  {system:<34} {variant:<7} "
                  + "  ".join(f"{h} {statistics.mean(hs[h]['macro_f1']):.4f} ± {statistics.pstdev(hs[h]['macro_f1']):.4f}"
                              for h in heads))
    print()
    print(markdown(results, heads))


if __name__ == "__main__":
    main()
