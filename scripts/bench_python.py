#!/usr/bin/env python3
"""Python-side speed benchmark: the geostance package against scikit-learn on
the same texts, in one run, interleaved, medians reported.

Measures
  1. predict_proba on N statements (default 200,000: the 5,007 texts of
     training-data/statements.csv repeated, shuffled with a fixed seed), one
     thread, both heads, texts in a Python list: geostance predict_proba_all
     (one pass), geostance predict_proba once per head, and classify_batch
     (dicts) against scikit-learn TfidfVectorizer + one LogisticRegression per
     head (vectorize once, predict_proba per head), trained on the same file
     with matching options (word 1-2 grams, sublinear tf, min_df 2, C = 1/alpha);
  2. import geostance + the first classification with the embedded model, in
     a fresh interpreter (in-process time, and the process's wall time);
  3. Spark local mode, 1 and 2 cores, N rows: geostance.spark.classify against
     the same job calling scikit-learn in mapInPandas (model loaded once per
     worker in both), written to the `noop` sink.

Usage: python scripts/bench_python.py [--rows 200000] [--repeats 5] [--spark-repeats 3] [--no-spark]
Needs: the package installed (pip install ./python), numpy, pandas,
scikit-learn, and for part 3 pyspark, pyarrow and Java.
"""
import argparse
import csv
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "training-data", "statements.csv")


def load_rows():
    with open(DATA, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def texts_of(rows, n):
    base = [r["text"] for r in rows]
    out = (base * (n // len(base) + 1))[:n]
    random.Random(7).shuffle(out)
    return out


def sklearn_models(rows):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [r["text"] for r in rows]
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    X = vec.fit_transform(texts)
    heads = {h: LogisticRegression(C=2.0, max_iter=1000).fit(X, [r[h] for r in rows])
             for h in ("stance", "sentiment")}
    return vec, heads


def median_report(name, times, n):
    med = statistics.median(times)
    print(f"  {name:<44} median {med:7.3f} s  {n / med:>12,.0f} statements/s  "
          f"(runs: {', '.join(f'{t:.3f}' for t in times)})")
    return med


def bench_in_process(rows, n, repeats):
    import geostance

    texts = texts_of(rows, n)
    clf = geostance.Classifier()
    vec, heads = sklearn_models(rows)

    def sk():
        X = vec.transform(texts)
        return [m.predict_proba(X) for m in heads.values()]

    runs = {
        "geostance predict_proba_all (both heads)": lambda: clf.predict_proba_all(texts, threads=1),
        "geostance predict_proba x2 (per head)": lambda: [clf.predict_proba(texts, head=h, threads=1)
                                                          for h in clf.heads],
        "geostance classify_batch (dicts)": lambda: clf.classify_batch(texts, threads=1),
        "geostance predict_proba_all, 2 threads": lambda: clf.predict_proba_all(texts, threads=2),
        "scikit-learn transform + predict_proba x2": sk,
    }
    times = {k: [] for k in runs}
    for _ in range(repeats):  # interleaved: every system once per round
        for name, run in runs.items():
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)
    print(f"\n1. {n:,} statements in a Python list, one thread unless said, {repeats} interleaved rounds")
    med = {k: median_report(k, v, n) for k, v in times.items()}
    sk_med = med["scikit-learn transform + predict_proba x2"]
    for k in runs:
        if k.startswith("geostance"):
            print(f"  {k:<44} {sk_med / med[k]:5.1f}x scikit-learn")
    return med


COLD = r"""
import time
t = time.perf_counter()
import geostance
p = geostance.Classifier().classify("For Kazakhstan, Russia is and has always been a strategic partner.")
print(time.perf_counter() - t)
"""


def bench_cold(repeats):
    inproc, wall, base = [], [], []
    for _ in range(repeats):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True)
        wall.append(time.perf_counter() - t)
        inproc.append(float(out.stdout))
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - t)
    print(f"\n2. import geostance + first classification (embedded model), median of {repeats} fresh interpreters")
    print(f"  in process: {statistics.median(inproc) * 1000:.1f} ms; whole process: "
          f"{statistics.median(wall) * 1000:.1f} ms (an empty `python -c pass`: "
          f"{statistics.median(base) * 1000:.1f} ms)")


_SK = {}


def _sk_worker(path):
    # One scikit-learn model load per Python worker, like geostance.spark.
    m = _SK.get(path)
    if m is None:
        with open(path, "rb") as f:
            m = _SK[path] = pickle.load(f)
    return m


def spark_sklearn_classify(df, path):
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    fields = list(df.schema.fields)
    for h in ("stance", "sentiment"):
        fields += [StructField(h, StringType()), StructField(f"{h}_confidence", DoubleType())]

    def run(batches):
        vec, heads = _sk_worker(path)
        for pdf in batches:
            X = vec.transform(pdf["text"].fillna("").tolist())
            cols = {}
            for h, m in heads.items():
                p = m.predict_proba(X)
                cols[h] = m.classes_[p.argmax(axis=1)]
                cols[f"{h}_confidence"] = p.max(axis=1)
            yield pdf.assign(**cols)

    return df.mapInPandas(run, StructType(fields))


def bench_spark(rows, n, repeats):
    from pyspark.sql import SparkSession

    import geostance.spark as gspark

    texts = texts_of(rows, n)
    tmp = tempfile.mkdtemp()
    model_path = os.path.join(tmp, "sklearn.pkl")
    with open(model_path, "wb") as f:
        pickle.dump(sklearn_models(rows), f)
    import pandas as pd

    parquet = os.path.join(tmp, "texts.parquet")
    pd.DataFrame({"id": range(n), "text": texts}).to_parquet(parquet)
    print(f"\n3. Spark local mode, {n:,} rows from Parquet to the noop sink, {repeats} interleaved rounds")
    results = {}
    for cores in (1, 2):
        spark = (SparkSession.builder.master(f"local[{cores}]").appName("bench")
                 .config("spark.ui.enabled", "false")
                 .config("spark.sql.files.minPartitionNum", str(cores * 2))
                 .config("spark.sql.files.maxPartitionBytes", str(4 << 20))
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.read.parquet(parquet).repartition(cores * 2).cache()
        df.count()
        jobs = {
            "geostance.spark.classify": lambda: gspark.classify(df),
            "scikit-learn in mapInPandas": lambda: spark_sklearn_classify(df, model_path),
        }
        for job in jobs.values():  # warm up the Python workers once
            job().limit(10).collect()
        times = {k: [] for k in jobs}
        for _ in range(repeats):
            for name, job in jobs.items():
                t = time.perf_counter()
                job().write.format("noop").mode("overwrite").save()
                times[name].append(time.perf_counter() - t)
        for name, ts in times.items():
            med = statistics.median(ts)
            results[(cores, name)] = med
            print(f"  local[{cores}] {name:<30} median {med:6.2f} s  {n / med:>9,.0f} rows/s  "
                  f"(runs: {', '.join(f'{t:.2f}' for t in ts)})")
        g, s = times["geostance.spark.classify"], times["scikit-learn in mapInPandas"]
        print(f"  local[{cores}] geostance / scikit-learn: {statistics.median(s) / statistics.median(g):.1f}x")
        spark.stop()
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--spark-repeats", type=int, default=3)
    ap.add_argument("--no-spark", action="store_true")
    a = ap.parse_args()
    import geostance
    import sklearn

    print(f"geostance {geostance.__version__}, scikit-learn {sklearn.__version__}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    rows = load_rows()
    bench_in_process(rows, a.rows, a.repeats)
    bench_cold(max(a.repeats, 10))
    if not a.no_spark:
        import pyspark

        print(f"pyspark {pyspark.__version__}")
        bench_spark(rows, a.rows, a.spark_repeats)


if __name__ == "__main__":
    main()
