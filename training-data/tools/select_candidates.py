#!/usr/bin/env python3
"""Draw the candidate sentences that were labeled for training-data/statements.csv.

Reads ../shared/corpora/{ungdc,wh-briefings}/sentences.csv and writes
candidates.csv (id,text) in a fixed, seeded order. Selection only: the word
lists below decide which sentences are *looked at* (to get enough conflictual
statements out of the cooperative-leaning White House set), never a label.
Every label in statements.csv comes from two people-style reading passes
(see training-data/README.md).

Usage: python3 select_candidates.py SHARED_DIR OUT.csv [ROUND]

Round 1 (default) drew 3,000 sentences; round 2 the next 2,500 from the same
seeded shuffles, so the rounds never overlap.
"""
import csv
import random
import re
import sys

SEED = 20261128
# Sentences worth a look for conflict: used to over-sample, not to label.
CONFLICT_WORDS = re.compile(
    r"\b(condemn\w*|aggress\w*|threat\w*|sanction\w*|attack\w*|invasion|invad\w*|"
    r"violat\w*|accus\w*|reject\w*|protest\w*|war|warn\w*|hostil\w*|occup\w*|"
    r"expel\w*|coerc\w*|brutal\w*|atrocit\w*|terror\w*|missile\w*|strike\w*|"
    r"deplor\w*|veto\w*|blockade|provocat\w*|annex\w*|illegal\w*|destabiliz\w*)\b",
    re.I,
)


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    shared, out = sys.argv[1], sys.argv[2]
    rnd = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(SEED)
    ungdc = load(f"{shared}/corpora/ungdc/sentences.csv")
    wh = load(f"{shared}/corpora/wh-briefings/sentences.csv")
    # 2024 UN speeches were partly machine-translated (corpus README): human text only.
    ungdc = [r for r in ungdc if not r["doc_id"].endswith("_2024")]
    picked = []
    rng.shuffle(ungdc)
    if rnd == 1:
        picked += ungdc[:1700]
    else:
        picked += ungdc[1700:3000]
    wh_conflict = [r for r in wh if CONFLICT_WORDS.search(r["sentence"])]
    wh_other = [r for r in wh if not CONFLICT_WORDS.search(r["sentence"])]
    rng.shuffle(wh_conflict)
    rng.shuffle(wh_other)
    if rnd == 1:
        picked += wh_conflict[:750] + wh_other[:550]
    else:
        picked += wh_conflict[750:] + wh_other[550:550 + 1200 - len(wh_conflict[750:])]
    rng.shuffle(picked)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for r in picked:
            w.writerow([r["id"], r["sentence"]])
    print(f"{len(picked)} candidates -> {out} (wh conflict pool {len(wh_conflict)})")


if __name__ == "__main__":
    main()
