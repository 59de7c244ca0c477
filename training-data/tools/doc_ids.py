#!/usr/bin/env python3
"""Write annotations/docs.csv: the source document of every corpus candidate
(id,doc), so that cross-validation can keep the sentences of one speech,
briefing or press release in one fold. Written rows are their own document.

Usage: python3 doc_ids.py SHARED_DIR training-data/annotations
"""
import csv
import os
import sys


def main():
    shared, ann = sys.argv[1], sys.argv[2]
    doc = {}
    for corpus in ("ungdc", "wh-briefings", "kremlin"):
        with open(os.path.join(shared, "corpora", corpus, "sentences.csv"), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                key = f"kr-{r['id']}" if corpus == "kremlin" else r["id"]
                d = r["doc_id"]
                doc[key] = f"kremlin-{d}" if corpus == "kremlin" else d
    with open(os.path.join(ann, "texts.csv"), encoding="utf-8", newline="") as f:
        ids = [r["id"] for r in csv.DictReader(f)]
    with open(os.path.join(ann, "docs.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "doc"])
        for i in ids:
            w.writerow([i, doc.get(i, i)])
    print(f"{len(ids)} ids, {sum(i in doc for i in ids)} in a corpus document")


if __name__ == "__main__":
    main()
