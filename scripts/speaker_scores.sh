#!/bin/bash
# Scores every hand-checked speaker sample (docs/data/speaker_check*.csv) against a
# geostance build, for the Kremlin corpus read both ways (docs/dyads.md):
#   title + paragraphs with --publisher RUS, and paragraphs with --publisher RUS.
# Usage: scripts/speaker_scores.sh [BINARY] [OUTDIR]
# Prints "sample | title+paragraphs | paragraphs"; per-quote rows go to OUTDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/geostance}
OUT=${2:-$(mktemp -d)}
DOCS=../shared/corpora/kremlin/documents.jsonl
[ -f "$DOCS" ] || { echo "needs $DOCS (the shared Kremlin corpus)" >&2; exit 2; }
mkdir -p "$OUT"
"$BIN" quotes --input "$DOCS" --text-column title,paragraphs --publisher RUS -f jsonl > "$OUT/title.jsonl"
"$BIN" quotes --input "$DOCS" --text-column paragraphs --publisher RUS -f jsonl > "$OUT/para.jsonl"
for f in docs/data/speaker_check*.csv; do
  s=$(basename "$f" .csv)
  a=$(python3 scripts/speaker_sample.py "$OUT/title.jsonl" --score "$f" --title-shift \
      --documents "$DOCS" 2>&1 >"$OUT/$s.title.csv" | grep -o '^# [0-9]*/[0-9]*' | tr -d '# ')
  b=$(python3 scripts/speaker_sample.py "$OUT/para.jsonl" --score "$f" \
      2>&1 >"$OUT/$s.para.csv" | grep -o '^# [0-9]*/[0-9]*' | tr -d '# ')
  echo "$s | $a | $b"
done
