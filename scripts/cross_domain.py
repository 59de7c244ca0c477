#!/usr/bin/env python3
"""Cross-domain check of a geostance model on external sets with a stance-like
label (never trained on): reads them from ../shared/datasets when present,
maps labels as their READMEs describe, and scores with `geostance evaluate`.

- conflibert-cameo/test.csv: CAMEO PentaClass 0 -> neutral, 1-2 -> cooperative,
  3-4 -> tense; 3-class macro-F1.
- unscon/conflict_annotations_sentences.csv: conflict (A0 or B1 set) -> tense,
  none -> not tense; precision/recall/F1 of `tense`.

Usage: python3 scripts/cross_domain.py [--model PATH] [--binary target/release/geostance]
The benchmark files are copied only to a temporary directory, never into the project.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "../shared/datasets")


def evaluate(binary, model, path):
    cmd = [binary, "evaluate", "--data", path, "--format", "json"]
    if model:
        cmd += ["--model", model]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def classify(binary, model, texts, tmp):
    p = os.path.join(tmp, "lines.txt")
    with open(p, "w", encoding="utf-8") as f:
        for t in texts:
            f.write(" ".join(t.split()) + "\n")
    cmd = [binary, "classify", "--input", p, "--format", "jsonl"]
    if model:
        cmd += ["--model", model]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(l)["stance"]["label"] for l in out.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/geostance"))
    a = ap.parse_args()
    if not os.path.isdir(SHARED):
        print("skipped: ../shared/datasets is not here")
        return
    with tempfile.TemporaryDirectory() as tmp:
        cameo = os.path.join(SHARED, "conflibert-cameo/test.csv")
        if os.path.exists(cameo):
            m = {"0": "neutral", "1": "cooperative", "2": "cooperative", "3": "tense", "4": "tense"}
            p = os.path.join(tmp, "cameo.csv")
            with open(cameo, encoding="utf-8") as f, open(p, "w", encoding="utf-8", newline="") as g:
                w = csv.writer(g)
                w.writerow(["text", "stance"])
                for r in csv.DictReader(f):
                    w.writerow([r["text"], m[r["label"].strip()]])
            r = evaluate(a.binary, a.model, p)["stance"]
            print(f"conflibert-cameo test ({r['rows']} sentences, CAMEO 0->neutral, 1-2->cooperative, 3-4->tense): "
                  f"macro-F1 {r['macro_f1']:.4f}, accuracy {r['accuracy']:.4f} (majority baseline macro-F1 {r['baseline_macro_f1']:.4f})")
            for label, c in r["per_class"].items():
                print(f"  {label:<12} P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f} n={c['support']}")
        unscon = os.path.join(SHARED, "unscon/conflict_annotations_sentences.csv")
        if os.path.exists(unscon):
            with open(unscon, encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            gold = [(r["A0"] not in ("_", "") or r["B1"] not in ("_", "")) for r in rows]
            pred = [l == "tense" for l in classify(a.binary, a.model, [r["sentence_text"] for r in rows], tmp)]
            tp = sum(g and p for g, p in zip(gold, pred))
            prec = tp / max(1, sum(pred))
            rec = tp / max(1, sum(gold))
            f1 = 2 * prec * rec / max(1e-12, prec + rec)
            base = sum(gold) / len(gold)
            print(f"unscon sentences ({len(rows)}, {sum(gold)} conflict): tense precision {prec:.4f}, recall {rec:.4f}, "
                  f"F1 {f1:.4f} (always-tense baseline: precision {base:.4f}, recall 1, F1 {2 * base / (1 + base):.4f})")


if __name__ == "__main__":
    main()
