#!/usr/bin/env python3
"""Draw the Kremlin candidate sentences (round 3) for training-data/statements.csv.

Reads ../shared/corpora/kremlin/sentences.csv and writes id,text,source in a
fixed, seeded order. Selection only: the word lists below decide which sentences
are *looked at*, never a label. Every label comes from two independent reading
passes and adjudication (see training-data/README.md).

Pools (disjoint, in this order of precedence):
- conflict: a dispute or hostility word (the rare tense statements of this
  corpus: the US, NATO, Georgia, Ukraine, the Baltic states, terrorism,
  sanctions) -- 45% of the draw;
- foreign: a word of foreign relations (talks, partner, telephone, visit,
  a foreign state or bloc) -- 40%;
- other: everything else (domestic meetings, orders) -- 15%.

At most two sentences per press release, 6-60 words, transcript speaker tags
("Vladimir Putin: ...") and sentences ending mid-clause left out.

Usage: python3 select_kremlin.py SHARED_DIR OUT.csv [N]
"""
import csv
import random
import re
import sys

SEED = 20261207
CONFLICT = re.compile(
    r"\b(condemn\w*|aggress\w*|threat\w*|sanction\w*|attack\w*|invasion|invad\w*|"
    r"violat\w*|accus\w*|reject\w*|protest\w*|war|warn\w*|hostil\w*|occup\w*|"
    r"expel\w*|coerc\w*|terror\w*|missile\w*|strike\w*|deplor\w*|provocat\w*|"
    r"annex\w*|illegal\w*|destabili\w*|unacceptable|interfer\w*|pressure|"
    r"double standards|expansion|discriminat\w*|unilateral\w*|confront\w*|"
    r"russophob\w*|anti-russian|hysteria|coup|militar\w*|escalat\w*|"
    r"concern\w*|regret\w*|dispute\w*|conflict\w*|crisis|tension\w*|"
    r"saakashvili|nato|missile defen[cs]e|baltic|estonia\w*|latvia\w*|kosovo|"
    r"kiev|kyiv|donbass|crimea\w*|georgia\w*|iraq\w*|chechn\w*)\b",
    re.I,
)
FOREIGN = re.compile(
    r"\b(talks|telephone|conversation|partner\w*|bilateral|visit\w*|cooperat\w*|"
    r"relations|president of|prime minister of|counterpart|summit|message|"
    r"condolence\w*|congratulat\w*|ambassador\w*|foreign|international|"
    r"united states|american|china|chinese|germany|german|france|french|india\w*|"
    r"japan\w*|turkey|turkish|ukrain\w*|belarus\w*|kazakh\w*|european union|"
    r"eu|cis|csto|sco|brics|un|united nations|security council)\b",
    re.I,
)
SPEAKER_TAG = re.compile(r"^[A-Z][\w.\-’' ]{2,80}: ")


def main():
    shared, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2200
    with open(f"{shared}/corpora/kremlin/sentences.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    ok = []
    for r in rows:
        t = r["text"].strip()
        w = len(t.split())
        if not 6 <= w <= 60 or SPEAKER_TAG.match(t) or t[-1] not in ".!?”\"":
            continue
        ok.append(r)
    pools = {"conflict": [], "foreign": [], "other": []}
    for r in ok:
        t = r["text"]
        key = "conflict" if CONFLICT.search(t) else "foreign" if FOREIGN.search(t) else "other"
        pools[key].append(r)
    rng = random.Random(SEED)
    quota = {"conflict": int(n * 0.45), "foreign": int(n * 0.40)}
    quota["other"] = n - quota["conflict"] - quota["foreign"]
    per_doc = {}
    picked = []
    for key in ("conflict", "foreign", "other"):
        pool = pools[key]
        rng.shuffle(pool)
        got = 0
        for r in pool:
            if got == quota[key]:
                break
            if per_doc.get(r["doc_id"], 0) >= 2:
                continue
            per_doc[r["doc_id"]] = per_doc.get(r["doc_id"], 0) + 1
            picked.append(r)
            got += 1
    rng.shuffle(picked)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "source"])
        for r in picked:
            w.writerow([f"kr-{r['id']}", r["text"].strip(), f"kremlin:{r['id']}"])
    print(f"{len(picked)} candidates -> {out}; pools", {k: len(v) for k, v in pools.items()},
          "documents", len(per_doc))


if __name__ == "__main__":
    main()
