#!/usr/bin/env python3
"""Side-by-side speed benchmark: geostance against scikit-learn and fastText
(../shared/peers) on the same texts, in one run, with ratios.

Measures
  1. classify throughput, end to end (read, tokenize, stem, vectorize, score
     both heads, write jsonl), 1 and 2 threads, median of --repeats runs,
     against the peers' single-thread batch rate on the same texts;
  2. cold start: one statement with the embedded model (median of 10 runs)
     against the peers' cold start;
  3. peak RSS of geostance on a 1,000,000-line stream;
  4. training time at 3k / 10k / 30k rows against scikit-learn's fit at the
     same vocabulary (word 1-2 grams, min_df 1, no cap), with macro-F1 of both
     on a held-out 20%. Rows are ../shared/corpora/*/documents.jsonl
     sentences, labeled by a fixed keyword rule and given to both systems as
     scikit-learn's tokens (so the vocabularies are identical): they time and
     compare the solvers, they say nothing about accuracy on real labels.

Usage: python3 scripts/bench_peers.py [--repeats 3] [--quick]
Needs: cargo build --release; bash ../shared/peers/setup.sh.
"""
import argparse
import csv
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/geostance")
SHARED = os.path.join(ROOT, "../shared")
PEERS = os.path.join(SHARED, "peers/peers.py")
PY = os.path.expanduser(os.environ.get("PEERS_PY", "~/.cache/peers-venv/bin/python"))


def timed(cmd, stdin=None, stdout=subprocess.DEVNULL):
    t = time.perf_counter()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as f:
        subprocess.run(cmd, stdin=f, stdout=stdout, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def peak_rss_kb(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True).stderr
    return int(out.strip().splitlines()[-1])


def sentences_from_corpora(limit):
    out = []
    for corpus in ("ungdc", "wh-briefings"):
        with open(os.path.join(SHARED, "corpora", corpus, "documents.jsonl"), encoding="utf-8") as f:
            for line in f:
                text = " ".join(json.loads(line)["text"].split())
                for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
                    if 8 <= len(s.split()) <= 60:
                        out.append(s)
    random.Random(7).shuffle(out)
    return out[:limit]


COOP = re.compile(r"\b(support|cooperat\w*|partner\w*|welcome\w*|agree\w*|thank\w*|aid|friend\w*|dialogue)\b", re.I)
TENSE = re.compile(r"\b(condemn\w*|aggress\w*|sanction\w*|attack\w*|threat\w*|war|violat\w*|reject\w*|occup\w*)\b", re.I)


SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def sklearn_tokens(s):
    return " ".join(SKLEARN_TOKEN.findall(s.lower()))


def rule(s):
    c, t = len(COOP.findall(s)), len(TENSE.findall(s))
    return "cooperative" if c > t else "tense" if t > c else "neutral"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    a = ap.parse_args()
    data = os.path.join(ROOT, "training-data/statements.csv")
    with open(data, encoding="utf-8") as f:
        texts = [r["text"] for r in csv.DictReader(f)]
    n = 20_000 if a.quick else 200_000
    tmp = tempfile.mkdtemp(prefix="geostance-bench-")
    lines = os.path.join(tmp, "lines.txt")
    with open(lines, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(" ".join(texts[i % len(texts)].split()) + "\n")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; texts: the {len(texts)} statements of training-data/statements.csv repeated to {n:,} lines")

    # 1. throughput. The machine's speed drifts from minute to minute, so the
    # runs are interleaved (geostance 1 thread, 2 threads, then the peers, and
    # again) and each system's median over --repeats rounds is compared.
    ts = {1: [], 2: []}
    peer_rates, peer_cold = {}, {}
    have_peers = os.path.exists(PEERS) and os.path.exists(PY)
    for _ in range(a.repeats):
        for threads in (1, 2):
            ts[threads].append(timed([BIN, "classify", "--input", lines, "--format", "jsonl", "--threads", str(threads)]))
        if have_peers:
            j = os.path.join(tmp, "tp.json")
            subprocess.run([PY, PEERS, "throughput", "--train", data, "--text-col", "text", "--label-col", "stance",
                            "--n", str(n), "--peers", "logreg,fasttext", "--repeats", "1", "--json", j],
                           check=True, capture_output=True, cwd=os.path.dirname(PEERS))
            with open(j) as f:
                for p in json.load(f)["peers"]:
                    r = (p.get("throughput") or {}).get("batch_docs_per_s")
                    if r:
                        peer_rates.setdefault(p["name"], []).append(r)
                    cs = p.get("cold_start") or {}
                    secs = cs.get("wall_s") or cs.get("cold_start_s")
                    if secs:
                        peer_cold.setdefault(p["name"], []).append(secs)
    rates = {t: n / statistics.median(v) for t, v in ts.items()}
    best = {t: n / min(v) for t, v in ts.items()}
    print(f"\nclassify throughput, docs/s, median of {a.repeats} interleaved rounds (geostance end to end incl. reading\n"
          "and jsonl output, both heads; peers: one batch predict call, one thread, text in memory, no output)")
    print(f"  geostance 1 thread   {rates[1]:>10,.0f}   (best {best[1]:,.0f})")
    print(f"  geostance 2 threads  {rates[2]:>10,.0f}   ({rates[2] / rates[1]:.2f}x one thread; best {best[2]:,.0f})")
    for name, rs in peer_rates.items():
        r = statistics.median(rs)
        print(f"  {name:<20} {r:>10,.0f}   (best {max(rs):,.0f})   geostance 1 thread = {rates[1] / r:.1f}x"
              f" (best vs best {best[1] / max(rs):.1f}x)")

    # 2. cold start
    cold = statistics.median(timed([BIN, "classify", "--format", "jsonl", "For Kazakhstan, Russia is and has always been a strategic partner."]) for _ in range(10))
    print(f"\ncold start, one statement, embedded model: geostance {1000 * cold:.1f} ms (median of 10)")
    for name, secs in peer_cold.items():
        print(f"  {name}: {1000 * statistics.median(secs):.0f} ms (median of {len(secs)})")

    # 3. memory on a 1M-line stream
    big = os.path.join(tmp, "big.txt")
    m = 100_000 if a.quick else 1_000_000
    with open(big, "w", encoding="utf-8") as f:
        for i in range(m):
            f.write(" ".join(texts[i % len(texts)].split()) + "\n")
    rss = peak_rss_kb([BIN, "classify", "--input", big, "--format", "jsonl"])
    print(f"\npeak RSS classifying a {m:,}-line stream: {rss / 1024:.1f} MB")

    # 4. training time
    if not (os.path.exists(PEERS) and os.path.exists(PY)):
        print("\n(training comparison skipped: ../shared/peers venv missing)")
        return
    print("\ntraining time, one head (stance), word 1-2 grams, min_df 1, no vocabulary cap, no stemming or negation\n"
          "marks, text pre-split into scikit-learn's tokens (the same vocabulary for both), C = 1/alpha = 1;\n"
          "macro-F1 on a held-out 20%")
    print(f"  {'rows':>6}  {'geostance s':>11}  {'sklearn fit s':>13}  {'ratio':>5}  {'geostance F1':>12}  {'sklearn F1':>10}")
    pool = sentences_from_corpora(40_000)
    for size in ([3000, 10000] if a.quick else [3000, 10000, 30000]):
        # Labels from the raw sentence; text given to both as scikit-learn's
        # own tokens (lowercase, \w\w+), so both fit the same vocabulary and
        # differences in F1 come from the solvers, not the tokenizers.
        rows = [(sklearn_tokens(s), rule(s)) for s in pool[:size]]
        cut = int(size * 0.8)
        tr, te = os.path.join(tmp, f"tr{size}.csv"), os.path.join(tmp, f"te{size}.csv")
        for path, part in ((tr, rows[:cut]), (te, rows[cut:])):
            with open(path, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["text", "stance"])
                w.writerows(part)
        model = os.path.join(tmp, "m.json")
        gt = statistics.median(timed([BIN, "train", "--data", tr, "--output", model, "--label-column", "stance",
                                      "--alpha", "1", "--max-features", "100000000", "--solver", "sparse",
                                      # scikit-learn's features: no stemming, no negation marks
                                      "--language", "none", "--no-negation"]) for _ in range(a.repeats))
        rep = json.loads(subprocess.run([BIN, "evaluate", "--data", te, "--model", model, "--format", "json"],
                                        capture_output=True, text=True, check=True).stdout)["stance"]
        j = os.path.join(tmp, "fit.json")
        fits = []
        for _ in range(a.repeats):
            subprocess.run([PY, PEERS, "--train", tr, "--test", te, "--text-col", "text", "--label-col", "stance",
                            "--peers", "logreg", "--no-tune", "--C", "1", "--skip-speed", "--json", j],
                           check=True, capture_output=True, cwd=os.path.dirname(PEERS))
            with open(j) as f:
                p = next(p for p in json.load(f)["peers"] if p["name"].startswith("tfidf+logreg"))
            fits.append(p["fit_s"])
        st = statistics.median(fits)
        print(f"  {size:>6}  {gt:>11.2f}  {st:>13.2f}  {gt / st:>5.2f}  {rep['macro_f1']:>12.4f}  {p['metrics']['macro_f1']:>10.4f}")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
