#!/bin/bash
# Scores every hand-checked speaker sample against a geostance build.
#   docs/data/speaker_check*.csv (Kremlin, not _wh): the Kremlin corpus read both ways
#     (docs/dyads.md): title + paragraphs with --publisher RUS, and paragraphs.
#   docs/data/speaker_check_wh*.csv: the White House briefings (text, --publisher USA).
#   docs/data/speaker_check_un*.csv: the UN General Debate speeches (text; each speech's
#     state is its publisher: --publisher-column iso3).
# Usage: scripts/speaker_scores.sh [BINARY] [OUTDIR]
# Prints "sample | title+paragraphs | paragraphs" (White House, UN: "sample | text");
# per-quote rows go to OUTDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/geostance}
OUT=${2:-$(mktemp -d)}
DOCS=../shared/corpora/kremlin/documents.jsonl
WH=../shared/corpora/wh-briefings/documents.jsonl
UN=../shared/corpora/ungdc/documents.jsonl
[ -f "$DOCS" ] && [ -f "$WH" ] && [ -f "$UN" ] ||
  { echo "needs $DOCS, $WH and $UN (the shared corpora)" >&2; exit 2; }
mkdir -p "$OUT"
"$BIN" quotes --input "$DOCS" --text-column title,paragraphs --publisher RUS -f jsonl > "$OUT/title.jsonl"
"$BIN" quotes --input "$DOCS" --text-column paragraphs --publisher RUS -f jsonl > "$OUT/para.jsonl"
"$BIN" quotes --input "$WH" --text-column text --date-column date_or_year --publisher USA \
  -f jsonl > "$OUT/wh.jsonl"
"$BIN" quotes --input "$UN" --text-column text --date-column date_or_year --publisher-column iso3 \
  -f jsonl > "$OUT/un.jsonl"
accuracy() { grep -o '^# [0-9]*/[0-9]*' | tr -d '# '; }
for f in docs/data/speaker_check*.csv; do
  s=$(basename "$f" .csv)
  if [[ $s == speaker_check_wh* || $s == speaker_check_un* ]]; then
    run=wh; [[ $s == speaker_check_un* ]] && run=un
    a=$(python3 scripts/speaker_sample.py "$OUT/$run.jsonl" --score "$f" 2>&1 >"$OUT/$s.csv" | accuracy)
    echo "$s | $a"
    continue
  fi
  a=$(python3 scripts/speaker_sample.py "$OUT/title.jsonl" --score "$f" --title-shift \
      --documents "$DOCS" 2>&1 >"$OUT/$s.title.csv" | accuracy)
  b=$(python3 scripts/speaker_sample.py "$OUT/para.jsonl" --score "$f" \
      2>&1 >"$OUT/$s.para.csv" | accuracy)
  echo "$s | $a | $b"
done
