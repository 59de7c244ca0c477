#!/usr/bin/env python3
"""Compile the actor gazetteer (src/actors/gazetteer.tsv) from the Phoenix /
PETRARCH2 dictionaries (MIT) and the project's small hand tables.

Inputs:
  SHARED/actors/Phoenix.Countries.actors.txt  states (names, adjectives,
      synonyms) and ~18,000 office-holders with dated GOV roles
  SHARED/corpora/*/sentences.csv              only to find single words that are
      mostly common lowercase words ("Rice", "Young"): such one-word patterns
      are left out, so "rice" never becomes a person
  data/actors/capitals.csv       capitals (ISO 3166 alpha-3, canonical country name)
  data/actors/seats.csv          seats of power used as metonyms (Kremlin, White House)
  data/actors/organisations.csv  international organisations, with our codes
  data/actors/supplement.csv     office-holders after 2014, with the source of each

Output, one actor per line, tab-separated, sorted, with a header comment:
  kind  code  canonical  from  to  patterns (|-separated, as written in text)
kind is country, capital (capitals and seats), org or person. Dates are
YYYY-MM-DD or empty (open). Deterministic: the same inputs give the same bytes.

Usage: python3 scripts/build_gazetteer.py SHARED_DIR [OUT]

Then rewrite the prebuilt index the crate embeds (src/actors/gazetteer.idx):
  GEOSTANCE_WRITE_GAZETTEER_INDEX=1 cargo test --lib actors::table
"""
import csv
import glob
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "data", "actors")

# Capitalised words that are never a name on their own.
STOP = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "I", "God",
    "President", "Minister", "Government", "Republic", "State", "States",
    "Council", "Union", "Prime", "King", "Queen", "Prince", "General", "Mr",
    "Mrs", "Ms", "Dr", "The", "A", "An", "We", "Our", "He", "She", "It",
    "They", "This", "That", "Secretary", "Chairman", "Premier", "Chancellor",
    "Ambassador", "Army", "Party", "Congress", "Parliament", "Senate", "West",
    "East", "North", "South", "Central", "New", "Federal", "National",
    "People", "Peoples", "Democratic", "Islamic", "Arab", "United", "Great",
    "Said", "Will", "Can", "Mark", "Hope", "Grace", "Faith", "Love", "Will",
    "Rose", "Bill", "Art", "Lord", "Sir", "Saint", "St", "Van", "Von", "Al",
    "El", "Le", "La", "De", "Du", "Da", "Do", "Ben", "Bin", "Abu", "Ali",
    "Muhammad", "Mohammed", "Mohamed", "Ahmed", "Hassan", "Hussein", "Abdul",
    "Kim", "Lee", "Park", "Li", "Wang", "Zhang", "Liu", "Chen", "Singh", "Khan",
    "Ibrahim", "Omar", "Musa", "Jean", "Juan", "Jose", "John", "Paul", "Peter",
    "George", "James", "David", "Michael", "Francis", "Carlos", "Luis",
}
SMALL = {"of", "the", "and", "de", "la", "del", "da", "do", "du", "des", "van",
         "von", "der", "den", "y", "e", "et", "for", "in", "on", "al", "el", "bin",
         "ibn", "ul"}
CANONICAL = {  # display names where the dictionary's entry name is not the usual one
    "RUS": "Russia", "USA": "United States", "GBR": "United Kingdom", "PRK": "North Korea",
    "KOR": "South Korea", "IRN": "Iran", "SYR": "Syria", "VNM": "Vietnam", "LAO": "Laos",
    "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova",
    "CZE": "Czech Republic", "MKD": "North Macedonia", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CIV": "Cote d'Ivoire", "PSE": "Palestine", "TWN": "Taiwan",
    "BRN": "Brunei", "CHN": "China", "DEU": "Germany", "FRA": "France",
}


def words(s):
    return s.replace("_", " ").split()


def title(name):
    """TABARI upper case -> the usual written case (a best effort)."""
    out = []
    for i, w in enumerate(words(name)):
        lw = w.lower()
        if i > 0 and lw in SMALL:
            out.append(lw)
        elif "." in w and len(w) <= 6:
            out.append(w.upper())
        elif len(w) <= 3 and not re.search(r"[AEIOUY]", w):
            out.append(w.upper())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def ymd(s):
    s = s.strip()
    if len(s) == 8:  # YYYYMMDD (a few entries)
        return f"{s[:4]}-{s[4:6]}-{s[6:8]}"
    if len(s) == 7:  # a typo'd year, e.g. 2004017
        s = s[2:]
    if len(s) != 6 or not s.isdigit():
        return ""
    yy = int(s[:2])
    year = 2000 + yy if yy <= 30 else 1900 + yy
    mm, dd = s[2:4], s[4:6]
    if mm == "00":
        mm = "01"
    if dd == "00":
        dd = "01"
    return f"{year}-{mm}-{dd}"


def parse_tabari(path):
    ents, ent = [], None
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            body = line.split("#")[0]
            if line[0] in " \t":
                if ent is not None:
                    ent["roles"] += re.findall(r"\[([^\]]+)\]", body)
                continue
            if line.startswith("+"):
                if ent is not None:
                    ent["syn"].append(body[1:].split("[")[0].strip())
                    ent["roles"] += re.findall(r"\[([^\]]+)\]", body)
                continue
            ent = {"name": body.split("[")[0].strip(), "codes": re.findall(r"\[([^\]]+)\]", body),
                   "syn": [], "roles": []}
            ent["roles"] += ent["codes"]
            ents.append(ent)
    return ents


def corpus_case_counts(shared):
    lower, upper = Counter(), Counter()
    for path in sorted(glob.glob(os.path.join(shared, "corpora", "*", "sentences.csv"))):
        with open(path, encoding="utf-8", newline="") as f:
            r = csv.DictReader(f)
            col = "text" if "text" in r.fieldnames else "sentence"
            for row in r:
                toks = re.findall(r"[A-Za-z][A-Za-z'-]*", row[col])
                for i, t in enumerate(toks):
                    if t.islower():
                        lower[t] += 1
                    elif i > 0 and t[0].isupper():
                        upper[t.lower()] += 1
    return lower, upper


def read_csv(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    shared = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "src", "actors", "gazetteer.tsv")
    lower, upper = corpus_case_counts(shared)

    def common(p):
        """A one-word pattern that is mostly a lowercase word, or a stop word."""
        if " " in p:
            return False
        if p in STOP:
            return True
        lw = p.lower()
        return lower[lw] > max(upper[lw], 2)

    capitals = defaultdict(list)
    names = {}
    for r in read_csv("capitals.csv"):
        capitals[r["code"]].append(r["capital"])
        names[r["code"]] = r["canonical_country"]
    actors = []  # (kind, code, canonical, from, to, [patterns])

    ents = parse_tabari(os.path.join(shared, "actors", "Phoenix.Countries.actors.txt"))
    all_caps = {c.upper().replace(" ", "_") for cs in capitals.values() for c in cs}
    extra = {r["code"]: r["patterns"].split("|") for r in read_csv("country_names.csv")}
    blocks = defaultdict(list)  # code -> candidate names, in dictionary order
    for e in ents:
        codes = [c.split()[0] for c in e["roles"]]
        line_code = e["codes"][0].split()[0] if e["codes"] else ""
        if re.fullmatch(r"[A-Z]{3}", line_code):
            code = line_code
        elif codes and all(re.fullmatch(r"[A-Z]{3}|[A-Z]{6}", c) for c in codes) and any(
                re.fullmatch(r"[A-Z]{3}", c) for c in codes) and not any(
                k in c for c in codes for k in ("GOV", "ELI", "MIL", "OPP", "LEG", "JUD", "BUS", "MED", "REB", "COP", "SPY")):
            code = [c for c in codes if re.fullmatch(r"[A-Z]{3}", c)][-1]
        else:
            code = None
        if code is not None and len(words(e["name"])) <= 6:
            # Names are the forms before the first capital (the dictionary lists
            # names, then the capital, then other cities), plus later forms that
            # share the name's first three letters or look like acronyms.
            head = e["name"].strip("_")
            keys = [s.strip("_").replace(" ", "_").split("#")[0].strip() for s in e["syn"]]
            # Only the first block of a code, and only when its capital is
            # listed, contributes the forms before the capital.
            before = code not in blocks and any(k in all_caps for k in keys)
            for s in [e["name"]] + e["syn"]:
                key = s.strip("_").replace(" ", "_").split("#")[0].strip()
                if key in all_caps:
                    before = False
                    continue
                acronym = re.fullmatch(r"(?:[A-Z]\.?){2,4}", key.replace("_", "")) is not None
                if before or key[:3] == head[:3] or acronym:
                    blocks[code].append(key)
            continue
        gov = [c for c in e["roles"] if re.match(r"[A-Z]{3}GOV", c.split()[0])]
        if not gov:
            continue
        by_country = defaultdict(list)
        for g in gov:
            parts = g.split()
            dates = parts[1] if len(parts) > 1 else ""
            frm, to = "", ""
            if dates.startswith(">"):
                frm = ymd(dates[1:])
            elif dates.startswith("<"):
                to = ymd(dates[1:])
            elif "-" in dates:
                a, b = dates.split("-", 1)
                frm, to = ymd(a), ymd(b)
            by_country[parts[0][:3]].append((frm, to))
        pats = []
        for p in [e["name"]] + e["syn"]:
            t = title(p.strip("_"))
            if len(t) >= 3 and not common(t) and t not in pats:
                pats.append(t)
        if not pats:
            continue
        for c, spans in sorted(by_country.items()):
            frm = min((s[0] for s in spans), default="")
            frm = "" if any(not s[0] for s in spans) else frm
            to = "" if any(not s[1] for s in spans) else max(s[1] for s in spans)
            actors.append(("person", c, title(e["name"].strip("_")), frm, to, pats))

    for code in sorted(blocks):
        canonical = CANONICAL.get(code) or names.get(code) or title(blocks[code][0])
        plist = []
        for p in extra.get(code, []) + [title(k) for k in blocks[code]]:
            if p and p not in plist and (p in extra.get(code, []) or p == canonical or not common(p)):
                plist.append(p)
        if canonical not in plist:
            plist.insert(0, canonical)
        actors.append(("country", code, canonical, "", "", plist))
    for code, caps in capitals.items():
        for cap in caps:
            actors.append(("capital", code, cap, "", "", [cap]))
    for r in read_csv("seats.csv"):
        actors.append(("capital", r["code"], r["seat"], "", "", [r["seat"]]))
    for r in read_csv("organisations.csv"):
        actors.append(("org", r["code"], r["canonical"], "", "", r["patterns"].split("|")))
    for r in read_csv("supplement.csv"):
        actors.append((r["kind"], r["code"], r["name"], r["from"], r["to"], r["patterns"].split("|")))

    # A pattern that names a country, capital or organisation is not also a
    # person's (e.g. a minister surnamed "Jordan").
    place = {p.lower() for a in actors if a[0] != "person" for p in a[5]}
    rows = []
    for kind, code, canonical, frm, to, pats in actors:
        if kind == "person":
            pats = [p for p in pats if p.lower() not in place]
        pats = [p for p in pats if "\t" not in p and "|" not in p and p.strip()]
        if pats:
            rows.append((kind, code, canonical, frm, to, "|".join(pats)))
    rows = sorted(set(rows))
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# geostance actor gazetteer: kind\tcode\tcanonical\tfrom\tto\tpatterns\n")
        f.write("# Generated by scripts/build_gazetteer.py from the Phoenix/PETRARCH2 dictionaries "
                "(MIT, see LICENSE.petrarch2) and data/actors/*.csv. Do not edit by hand.\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    kinds = Counter(r[0] for r in rows)
    npat = sum(r[5].count("|") + 1 for r in rows)
    print(f"{len(rows)} actors {dict(kinds)}, {npat} patterns -> {out}; "
          "")


if __name__ == "__main__":
    main()
