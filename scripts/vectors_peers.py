#!/usr/bin/env python3
"""The peers of `geostance train --vectors`, run inside the peers venv
(../shared/peers, `bash ../shared/peers/setup.sh`): scikit-learn and fastText
on given folds, fed the analyzer's terms (examples/analyze.rs) so that the
word vectors (a `.vec` file from scripts/vectors_to_vec.py) match their words.

Called by scripts/cv_vectors.py with a job file (JSON):
  {"folds": [fold of each row], "labels": {head: [label of each row]},
   "texts": {variant: [terms of each row, space-separated]},
   "vec": ".vec path", "seed": 0, "systems": [names below], "tmp": dir}
Prints one JSON object: {system: {variant: {head: [macro-F1 per fold]}}}.

Systems (every one sees the same terms):
- sklearn-tfidf: the peers harness's vectorizer settings (TfidfVectorizer word
  1-2-grams, sublinear tf, min_df 1; token pattern \\S+ so placeholders such as
  ⟨country⟩ stay whole) + LogisticRegression (lbfgs, multinomial), C tuned over
  the harness's grid {0.25, 1, 4, 16} by stratified 5-fold CV on the training
  fold (macro-F1), then refitted on it.
- sklearn-tfidf+vec: the same, each row's TF-IDF vector (length 1) followed by
  the L2-normalised mean of its terms' vectors (scale 1; zero when no term has
  one): the scikit-learn stand-in of issue 16. C tuned the same way.
- fasttext: fastText supervised with the harness's settings (wordNgrams 2,
  epoch 25, lr 0.5, dim 100, other options at fastText's defaults), thread=1,
  fixed seed.
- fasttext+vec: the same with -pretrainedVectors (the same vectors, dim 100).
"""
import json
import os
import sys
import time

# One BLAS thread: the machine is shared and these fits are small.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

C_GRID = (0.25, 1.0, 4.0, 16.0)  # ../shared/peers/peers.py C_GRID
FT_PARAMS = {"wordNgrams": 2, "epoch": 25, "lr": 0.5, "dim": 100}  # peers.py FT_PARAMS, dim explicit


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def read_vec(path):
    with open(path, encoding="utf-8") as f:
        n, dim = map(int, f.readline().split())
        index, rows = {}, np.zeros((n, dim), dtype=np.float32)
        for i, line in enumerate(f):
            parts = line.rstrip("\n").split(" ")
            index[parts[0]] = i
            rows[i] = np.asarray(parts[1:], dtype=np.float32)
    return index, rows


def mean_vectors(texts, index, rows):
    out = np.zeros((len(texts), rows.shape[1]), dtype=np.float64)
    for i, t in enumerate(texts):
        ids = [index[w] for w in t.split() if w in index]
        if ids:
            m = rows[ids].mean(axis=0)
            norm = np.linalg.norm(m)
            if norm > 0:
                out[i] = m / norm
    return out


def vectorizer():
    return TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                           token_pattern=r"\S+")


def features(xt, xs, dense_t, dense_s):
    vec = vectorizer()
    a = vec.fit_transform(xt)
    b = vec.transform(xs)
    if dense_t is not None:
        a = sp.hstack([a, sp.csr_matrix(dense_t)]).tocsr()
        b = sp.hstack([b, sp.csr_matrix(dense_s)]).tocsr()
    return a, b


def fit_predict_lr(a, yt, b, C):
    clf = LogisticRegression(C=C, solver="lbfgs", max_iter=1000)
    clf.fit(a, yt)
    return clf.predict(b)


def sklearn_run(xt, yt, xs, dt, ds, seed):
    """C by inner stratified 5-fold CV (macro-F1; the features of an inner
    split are built once for every C), refit on the whole fold, predict."""
    xt, yt = np.asarray(xt, dtype=object), np.asarray(yt, dtype=object)
    inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = {C: [] for C in C_GRID}
    for tr, te in inner.split(xt, yt):
        a, b = features(list(xt[tr]), list(xt[te]),
                        None if dt is None else dt[tr], None if dt is None else dt[te])
        for C in C_GRID:
            scores[C].append(f1_score(yt[te], fit_predict_lr(a, yt[tr], b, C), average="macro"))
    best = max(C_GRID, key=lambda C: (np.mean(scores[C]), -C))  # ties: the smaller C
    a, b = features(list(xt), xs, dt, ds)
    return fit_predict_lr(a, yt, b, best), best


def fasttext_run(ft, xt, yt, xs, seed, vec, tmp):
    labels = sorted(set(yt))
    idx = {l: i for i, l in enumerate(labels)}
    path = os.path.join(tmp, "ft_train.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for t, l in zip(xt, yt):
            f.write(f"__label__{idx[l]} {t}\n")
    kw = dict(FT_PARAMS)
    if vec:
        kw["pretrainedVectors"] = vec
    model = ft.train_supervised(input=path, thread=1, seed=seed, verbose=0, **kw)
    got, _ = model.predict(list(xs))
    return [labels[int(g[0][len("__label__"):])] for g in got]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    folds, seed, systems = job["folds"], job["seed"], job["systems"]
    k = max(folds) + 1
    ft = None
    if any(s.startswith("fasttext") for s in systems):
        sys.path.insert(0, job["peers_dir"])
        import peers  # the harness's fastText import (with its NumPy 2 fix)
        ft = peers.import_fasttext()
    index, rows = read_vec(job["vec"])
    out = {}
    for variant, texts in job["texts"].items():
        dense = mean_vectors(texts, index, rows) if "sklearn-tfidf+vec" in systems else None
        if dense is not None:
            covered = float(np.mean([np.any(d) for d in dense]))
            tokens = [w for t in texts for w in t.split()]
            out.setdefault("_coverage", {})[variant] = {
                "rows_with_a_vector": covered,
                "tokens_with_a_vector": sum(w in index for w in tokens) / max(1, len(tokens))}
        for head, labels in job["labels"].items():
            for fk in range(k):
                tr = [i for i, f in enumerate(folds) if f != fk]
                te = [i for i, f in enumerate(folds) if f == fk]
                xt, yt = [texts[i] for i in tr], [labels[i] for i in tr]
                xs, ys = [texts[i] for i in te], [labels[i] for i in te]
                for system in systems:
                    t0 = time.perf_counter()
                    extra = {}
                    if system == "sklearn-tfidf":
                        pred, extra["C"] = sklearn_run(xt, yt, xs, None, None, seed)
                    elif system == "sklearn-tfidf+vec":
                        pred, extra["C"] = sklearn_run(xt, yt, xs, dense[tr], dense[te], seed)
                    elif system == "fasttext":
                        pred = fasttext_run(ft, xt, yt, xs, seed, None, job["tmp"])
                    elif system == "fasttext+vec":
                        pred = fasttext_run(ft, xt, yt, xs, seed, job["vec"], job["tmp"])
                    else:
                        raise SystemExit(f"unknown system {system}")
                    score = f1_score(ys, pred, average="macro")
                    cell = out.setdefault(system, {}).setdefault(variant, {}).setdefault(
                        head, {"macro_f1": [], "C": []})
                    cell["macro_f1"].append(score)
                    if "C" in extra:
                        cell["C"].append(extra["C"])
                    log(f"{system:<18} {variant:<7} {head:<9} fold {fk + 1}/{k}: {score:.4f} "
                        f"({time.perf_counter() - t0:.1f}s{', C=%g' % extra['C'] if 'C' in extra else ''})")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
