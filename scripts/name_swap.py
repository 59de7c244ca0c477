#!/usr/bin/env python3
"""Name-swap invariance: do labels follow what is said, or who is named?

Takes statements that name a state (noun or adjective), a capital, an
organisation or a leader, swaps that actor with 15 others of its kind (the
noun with nouns, the adjective with adjectives, every occurrence of that
actor in the statement), classifies every variant, and reports per head:
- the share of statements whose label changes across its 16 variants;
- the mean over statements of the probability range (the largest, over
  labels, of max - min probability across the variants).

Statements: rows of training-data/statements.csv that name a swappable actor,
and (when ../shared is present) as many sentences of the Kremlin corpus that
are not in the training set, chosen by a fixed seed.

Usage: python3 scripts/name_swap.py [--model M.json ...] [--n 400] [--out FILE.jsonl]
Each --model is scored in turn; none means the embedded default model.
"""
import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "geostance")
SHARED = os.path.join(ROOT, "..", "shared")

# (noun, adjective) pairs; every noun takes no article, so swaps stay grammatical.
COUNTRIES = [
    ("France", "French"), ("Russia", "Russian"), ("China", "Chinese"), ("Germany", "German"),
    ("Japan", "Japanese"), ("India", "Indian"), ("Brazil", "Brazilian"), ("Turkey", "Turkish"),
    ("Egypt", "Egyptian"), ("Kazakhstan", "Kazakh"), ("Poland", "Polish"), ("Mexico", "Mexican"),
    ("Canada", "Canadian"), ("Nigeria", "Nigerian"), ("Iran", "Iranian"), ("Italy", "Italian"),
    ("Ukraine", "Ukrainian"), ("Georgia", "Georgian"), ("Israel", "Israeli"), ("Pakistan", "Pakistani"),
    ("Cuba", "Cuban"), ("Venezuela", "Venezuelan"), ("Syria", "Syrian"), ("Belarus", "Belarusian"),
]
CAPITALS = ["Moscow", "Paris", "Beijing", "Washington", "Tehran", "Berlin", "Tokyo", "Ankara",
            "Astana", "Kyiv", "London", "Rome", "Madrid", "Warsaw", "Cairo", "Minsk", "Tbilisi",
            "Baku", "Havana", "Caracas"]
ORGS = ["NATO", "ASEAN", "OPEC", "the EU", "the UN", "the CSTO", "the SCO", "BRICS", "ECOWAS",
        "the OSCE", "UNESCO", "the IAEA", "the WTO", "the IMF", "the OECD", "APEC", "the African Union",
        "the Arab League"]
# (full name, surname): a full name is swapped for a full name, a surname for a
# surname, so "Vladimir Putin" never becomes "Vladimir Netanyahu".
PEOPLE_FULL = [("Vladimir Putin", "Putin"), ("Emmanuel Macron", "Macron"), ("Xi Jinping", "Xi Jinping"),
               ("Joe Biden", "Biden"), ("Recep Tayyip Erdogan", "Erdogan"),
               ("Kassym-Jomart Tokayev", "Tokayev"), ("Volodymyr Zelensky", "Zelensky"),
               ("Olaf Scholz", "Scholz"), ("Angela Merkel", "Merkel"), ("Narendra Modi", "Modi"),
               ("Alexander Lukashenko", "Lukashenko"), ("Barack Obama", "Obama"),
               ("Donald Trump", "Trump"), ("Benjamin Netanyahu", "Netanyahu"),
               ("Hassan Rouhani", "Rouhani"), ("Ilham Aliyev", "Aliyev"), ("Sergei Lavrov", "Lavrov"),
               ("Antony Blinken", "Blinken"), ("Antonio Guterres", "Guterres"),
               ("Jens Stoltenberg", "Stoltenberg")]
PEOPLE = [f for f, _ in PEOPLE_FULL] + [s for _, s in PEOPLE_FULL if s not in {f for f, _ in PEOPLE_FULL}]
N_SWAPS = 15


def word_re(names):
    alts = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w’'-])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])")


ORG_BARE = [o[4:] if o.startswith("the ") else o for o in ORGS]
GROUPS = {
    "country": (word_re([n for n, _ in COUNTRIES] + [a for _, a in COUNTRIES]), None),
    "capital": (word_re(CAPITALS), CAPITALS),
    "org": (word_re(ORG_BARE), ORG_BARE),
    "person": (word_re(PEOPLE), PEOPLE),
}


def variants(text, rng):
    """(kind, [16 texts]) for the first swappable actor of the text, or None."""
    best = None
    for kind, (rx, _) in GROUPS.items():
        m = rx.search(text)
        if m and (best is None or m.start() < best[1].start()):
            best = (kind, m)
    if best is None:
        return None
    kind, m = best
    found = m.group(1)
    if kind == "country":
        idx = next(i for i, (n, a) in enumerate(COUNTRIES) if found in (n, a))
        noun, adj = COUNTRIES[idx]
        others = [c for i, c in enumerate(COUNTRIES) if i != idx]
        rng.shuffle(others)
        out = [text]
        pat = re.compile(r"(?<![\w’'-])(" + re.escape(noun) + "|" + re.escape(adj) + r")(?![\w-])")
        for n2, a2 in others[:N_SWAPS]:
            out.append(pat.sub(lambda x: n2 if x.group(1) == noun else a2, text))
        return kind, out
    names = GROUPS[kind][1]
    if kind == "person":
        full = found in {f for f, _ in PEOPLE_FULL}
        names = [f for f, _ in PEOPLE_FULL] if full else [s for _, s in PEOPLE_FULL]
    others = [n for n in names if n != found]
    rng.shuffle(others)
    pat = re.compile(r"(?<![\w’'-])" + re.escape(found) + r"(?![\w-])")
    return kind, [text] + [pat.sub(o, text) for o in others[:N_SWAPS]]


def statements(n, seed):
    rng = random.Random(seed)
    with open(os.path.join(ROOT, "training-data", "statements.csv"), encoding="utf-8", newline="") as f:
        train = list(csv.DictReader(f))
    texts = [r["text"] for r in train]
    pool = [t for t in texts if variants(t, random.Random(0))]
    rng.shuffle(pool)
    picked = [("training-data", t) for t in pool[: n // 2]]
    kremlin = os.path.join(SHARED, "corpora", "kremlin", "sentences.csv")
    if os.path.exists(kremlin):
        seen = set(texts)
        with open(kremlin, encoding="utf-8", newline="") as f:
            rows = [r["text"] for r in csv.DictReader(f)]
        cand = [t for t in rows if t not in seen and 6 <= len(t.split()) <= 60 and variants(t, random.Random(0))]
        rng.shuffle(cand)
        picked += [("kremlin (not trained on)", t) for t in cand[: n - len(picked)]]
    else:
        picked += [("training-data", t) for t in pool[n // 2: n]]
    return picked


def classify(model, texts):
    cmd = [BIN, "classify", "--input", "-", "--format", "jsonl", "--threads", "2"]
    if model:
        cmd += ["--model", model]
    # one statement per line: fold any line break inside a statement
    data = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    out = subprocess.run(cmd, input=data.encode(), capture_output=True, check=True).stdout.decode()
    return [json.loads(l) for l in out.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append", default=[])
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--out", help="write every statement's variants and labels (jsonl)")
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"build first: cargo build --release ({BIN} is missing)")
    picked = statements(a.n, a.seed)
    rng = random.Random(a.seed)
    sets = []
    for origin, t in picked:
        kind, vs = variants(t, rng)
        sets.append((origin, kind, vs))
    from collections import Counter
    print(f"{len(sets)} statements: " + ", ".join(f"{k} {v}" for k, v in Counter(s[1] for s in sets).items())
          + "; " + ", ".join(f"{k} {v}" for k, v in Counter(s[0] for s in sets).items()))
    for model in a.model or [None]:
        flat = [v for _, _, vs in sets for v in vs]
        res = classify(model, flat)
        pos = 0
        per = {}
        dump = []
        for origin, kind, vs in sets:
            rs = res[pos: pos + len(vs)]
            pos += len(vs)
            for head in [k for k in rs[0] if k != "text" and isinstance(rs[0][k], dict)]:
                labels = {r[head]["label"] for r in rs}
                probs = [r[head]["probabilities"] for r in rs]
                rngp = max(max(p[c] for p in probs) - min(p[c] for p in probs) for c in probs[0])
                st = per.setdefault(head, {"changed": 0, "range": 0.0, "n": 0, "by_kind": Counter()})
                st["changed"] += len(labels) > 1
                st["by_kind"][kind] += len(labels) > 1
                st["range"] += rngp
                st["n"] += 1
            dump.append({"origin": origin, "kind": kind, "variants": vs,
                         "labels": [{h: r[h]["label"] for h in per} for r in rs]})
        name = model or "embedded default model"
        print(f"\nmodel: {name}")
        print("| head | statements | label changes | mean probability range |")
        print("|---|---|---|---|")
        for head, st in per.items():
            print(f"| {head} | {st['n']} | {st['changed']} ({st['changed'] / st['n']:.1%}) | {st['range'] / st['n']:.4f} |")
        for head, st in per.items():
            print(f"  {head} label changes by kind: {dict(st['by_kind'])}")
        if a.out:
            with open(a.out, "w", encoding="utf-8") as f:
                for d in dump:
                    f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
