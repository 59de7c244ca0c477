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

Round 3b (`--tense-seek`): the first two batches showed only ~6% tense
sentences, so a second draw of N sentences comes only from sentences with a
stronger hostility word (HOSTILE), none drawn before, at most one per press
release. Again the words choose what is looked at, never a label.

Usage: python3 select_kremlin.py SHARED_DIR OUT.csv [N] [--tense-seek PREVIOUS.csv]
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
HOSTILE = re.compile(
    r"\b(condemn\w*|aggress\w*|threat(en|ens|ened)?\b|sanctions|attack(s|ed)?\b|"
    r"unacceptable|provocat\w*|interfer\w*|double standards|russophob\w*|anti-russian|"
    r"hostile|accus\w*|expansion|missile defen[cs]e|illegitimate|coup|genocide|"
    r"barbar\w*|crime(s)?\b|protest\w*|reject\w*|violat\w*|destabili\w*|"
    r"confrontation|pressure on|blackmail|ultimatum|unfriendly|expel\w*|"
    r"occupation|annex\w*|bomb\w*|terrorists)\b",
    re.I,
)
SPEAKER_TAG = re.compile(r"^[A-Z][\w.\-’' ]{2,80}: ")


def main():
    args = sys.argv[1:]
    previous = None
    if "--tense-seek" in args:
        k = args.index("--tense-seek")
        previous = args[k + 1]
        del args[k:k + 2]
    shared, out = args[0], args[1]
    n = int(args[2]) if len(args) > 2 else 2200
    with open(f"{shared}/corpora/kremlin/sentences.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    ok = []
    for r in rows:
        t = r["text"].strip()
        w = len(t.split())
        if not 6 <= w <= 60 or SPEAKER_TAG.match(t) or t[-1] not in ".!?”\"":
            continue
        ok.append(r)
    if previous is not None:
        with open(previous, encoding="utf-8", newline="") as f:
            seen = {r["source"].split(":", 1)[1] for r in csv.DictReader(f)}
        pool = [r for r in ok if r["id"] not in seen and HOSTILE.search(r["text"])]
        rng = random.Random(SEED + 1)
        rng.shuffle(pool)
        picked, docs = [], set()
        for r in pool:
            if len(picked) == n:
                break
            if r["doc_id"] in docs:
                continue
            docs.add(r["doc_id"])
            picked.append(r)
        with open(out, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "text", "source"])
            for r in picked:
                w.writerow([f"kr-{r['id']}", r["text"].strip(), f"kremlin:{r['id']}"])
        print(f"{len(picked)} tense-seeking candidates -> {out}; pool {len(pool)}")
        return
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
