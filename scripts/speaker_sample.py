#!/usr/bin/env python3
"""Draw the reproducible sample of attributed quotes for the speaker-actor hand check.

    geostance quotes --input ../shared/corpora/kremlin/documents.jsonl \
        --text-column paragraphs --format jsonl --threads 1 > /tmp/quotes.jsonl
    python3 scripts/speaker_sample.py /tmp/quotes.jsonl > /tmp/sample.csv
    python3 scripts/speaker_sample.py /tmp/quotes.jsonl --review \
        --documents ../shared/corpora/kremlin/documents.jsonl | less

Population: every quote the tool *attributes*, i.e. with a speaker mention, a
resolved speaker or a speaker actor (a quote with none of the three is a title,
an award name or an unattributed phrase; those are not in the sample).
The sample is `random.Random(SEED).sample` of that population in output order,
then sorted back into output order. The CSV has the extracted fields only;
the judged columns of docs/data/speaker_check.csv are filled by hand.
--review prints each sampled quote with the article text before it, to read.
--match OTHER.jsonl prints, for each sampled quote, the speaker and actor that
another run gives it (a later build, or `--text-column title,paragraphs` with
--documents, where offsets move by the title's bytes and the blank line).
--score CHECK.csv scores the run given as QUOTES against a hand-checked sample
(docs/data/speaker_check.csv or speaker_check_fresh.csv): each checked quote
is looked up by article and start (with --title-shift --documents when the run
read title,paragraphs), and its speaker actor's code compared with the
`judged_code` column (`-` = no actor; a sampled span that the run no longer
extracts as a quote has no actor, so it is right when judged `-`). Prints the accuracy to stderr and one
CSV row per checked quote (found speaker, code, right or not) to stdout.

    python3 scripts/speaker_sample.py /tmp/title_run.jsonl --score \
        docs/data/speaker_check.csv --title-shift \
        --documents ../shared/corpora/kremlin/documents.jsonl
"""
import argparse
import csv
import json
import random
import sys

SEED = 13
N = 100


def attributed(rows):
    return [
        r for r in rows
        if r.get("speaker_mention") or r.get("speaker") or r.get("speaker_actor")
    ]


def title_shifts(documents):
    """Bytes the title and its blank line add before the paragraphs, per article."""
    shift = {}
    for l in open(documents, encoding="utf-8"):
        d = json.loads(l)
        shift[str(d["id"])] = len(d["title"].encode("utf-8")) + 2 if d["title"] else 0
    return shift


def score(a):
    shift = title_shifts(a.documents) if a.title_shift else {}
    run = {}
    for l in open(a.quotes, encoding="utf-8"):
        r = json.loads(l)
        if "article" in r:
            run[(r["article"], r["start"])] = r
    checked = list(csv.DictReader(open(a.score, encoding="utf-8")))
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["n", "article", "start", "judged_code", "speaker_mention", "speaker",
                "code", "via", "correct"])
    right = gone = 0
    for c in checked:
        r = run.get((c["article"], int(c["start"]) + shift.get(c["article"], 0)))
        sa = (r or {}).get("speaker_actor") or {}
        code = sa.get("code", "-")
        # A sampled span the run no longer extracts as a quote has no
        # speaker actor: right when the judge said nobody speaks there.
        ok = code == (c["judged_code"] or "-")
        gone += r is None
        right += ok
        w.writerow([c["n"], c["article"], c["start"], c["judged_code"],
                    (r or {}).get("speaker_mention") or ("NOT FOUND" if r is None else ""),
                    (r or {}).get("speaker") or "", code, sa.get("via", ""),
                    "yes" if ok else "no"])
    print(f"# {right}/{len(checked)} speaker actors right ({a.score})"
          + (f"; {gone} sampled spans are no longer quotes (NOT FOUND: no actor)" if gone else ""),
          file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("quotes", help="geostance quotes --format jsonl output")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("-n", type=int, default=N)
    ap.add_argument("--review", action="store_true")
    ap.add_argument("--documents", help="the corpus, for --review")
    ap.add_argument("--before", type=int, default=900, help="bytes of context before")
    ap.add_argument("--text-column", default="paragraphs",
                    help="the --documents field the run read (a list is joined by blank lines)")
    ap.add_argument("--match", help="another quotes run to look the sample up in")
    ap.add_argument("--title-shift", action="store_true",
                    help="the --match run read title,paragraphs (needs --documents)")
    ap.add_argument("--exclude", action="append", default=[],
                    help="a sample CSV whose quotes are left out of the population "
                    "(a fresh sample: --seed 131 --exclude docs/data/speaker_check.csv); "
                    "repeat for several")
    ap.add_argument("--blind", action="store_true",
                    help="with --documents: print each sampled quote with the article text "
                    "around it and nothing the tool decided (for a judge who must not see it)")
    ap.add_argument("--score", help="a hand-checked sample CSV to score the run against")
    a = ap.parse_args()
    if a.score:
        score(a)
        return
    rows = [json.loads(l) for l in open(a.quotes, encoding="utf-8")]
    pop = attributed(rows)
    taken = {(c["article"], int(c["start"]))
             for path in a.exclude for c in csv.DictReader(open(path, encoding="utf-8"))}
    pop = [r for r in pop if (r["article"], r["start"]) not in taken]
    idx = sorted(random.Random(a.seed).sample(range(len(pop)), a.n))
    sample = [pop[i] for i in idx]
    print(f"# {len(rows)} quotes, {len(pop)} attributed, sample {a.n} (seed {a.seed})",
          file=sys.stderr)
    if a.match:
        shift = title_shifts(a.documents) if a.title_shift else {}
        other = {}
        for l in open(a.match, encoding="utf-8"):
            r = json.loads(l)
            other[(r["article"], r["start"])] = r
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["n", "article", "start", "speaker_mention", "speaker", "code", "via"])
        for n, r in enumerate(sample, 1):
            o = other.get((r["article"], r["start"] + shift.get(r["article"], 0)))
            sa = (o or {}).get("speaker_actor") or {}
            w.writerow([n, r["article"], r["start"], (o or {}).get("speaker_mention") or "",
                        (o or {}).get("speaker") or "", sa.get("code", ""), sa.get("via", "")]
                       if o else [n, r["article"], r["start"], "NOT FOUND", "", "", ""])
        return
    if not a.review and not a.blind:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["n", "article", "date", "start", "quote", "speaker_mention",
                    "speaker", "extracted_code", "via"])
        for n, r in enumerate(sample, 1):
            sa = r.get("speaker_actor") or {}
            q = r["quote"]
            w.writerow([n, r["article"], r.get("date") or "", r["start"],
                        q if len(q) <= 80 else q[:77] + "...",
                        r.get("speaker_mention") or "", r.get("speaker") or "",
                        sa.get("code", ""), sa.get("via", "")])
        return
    docs = {}
    for l in open(a.documents, encoding="utf-8"):
        d = json.loads(l)
        t = d[a.text_column]
        docs[str(d["id"])] = ("\n\n".join(t) if isinstance(t, list) else t).encode("utf-8")
    for n, r in enumerate(sample, 1):
        text = docs[r["article"]]
        s, e = r["start"], r["end"]
        sa = r.get("speaker_actor") or {}
        if a.blind:
            print(f"=== {n} article {r['article']} {r.get('date')} start {s}")
        else:
            print(f"=== {n} article {r['article']} {r.get('date')} start {s} | "
                  f"mention={r.get('speaker_mention')!r} speaker={r.get('speaker')!r} "
                  f"actor={sa.get('code')} via={sa.get('via')}")
        print("TITLE:", r.get("meta", {}).get("title"))
        pre = text[max(0, s - a.before):s].decode("utf-8", "replace")
        print(pre + " [[" + text[s:e].decode("utf-8", "replace") + "]] "
              + text[e:e + 300].decode("utf-8", "replace"))
        print()


if __name__ == "__main__":
    main()
