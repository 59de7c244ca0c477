#!/usr/bin/env bash
# Issue 16, outside grouped CV: geostance TF-IDF only, vectors only and both,
# actor-masked and with --keep-names, trained on all of
# training-data/statements.csv with the default model's options, then
#   - cross-domain (scripts/cross_domain.py: ConfliBERT CAMEO, UNSCon),
#   - name swap (scripts/name_swap.py, 400 statements x 16 names),
#   - SemEval-2016 6A (scripts/semeval.py; word features, default options,
#     one model per target) with and without the vectors, masked and not.
# Raw outputs go to docs/data/vectors_{cross_domain,name_swap,semeval}.txt.
# Needs: cargo build --release; ../shared/datasets for the external sets.
# Usage: bash scripts/vectors_extras.sh [models dir, default a temporary one]
set -euo pipefail
cd "$(dirname "$0")/.."
B=target/release/geostance
V=models/vectors.bin
M=${1:-$(mktemp -d)}
OPTS=(--data training-data/statements.csv --ngrams 1..1 --min-df 2 --alpha 0.3)
mkdir -p docs/data "$M"
declare -A FLAGS=(
  [tfidf-masked]=""
  [vonly-masked]="--vectors $V --vectors-only"
  [both-masked]="--vectors $V"
  [tfidf-names]="--keep-names"
  [vonly-names]="--vectors $V --vectors-only --keep-names"
  [both-names]="--vectors $V --keep-names"
)
ORDER=(tfidf-masked vonly-masked both-masked tfidf-names vonly-names both-names)
for m in "${ORDER[@]}"; do
  [ -s "$M/$m.json" ] || $B train "${OPTS[@]}" ${FLAGS[$m]} --output "$M/$m.json" 2>/dev/null >/dev/null
done
: > docs/data/vectors_cross_domain.txt
for m in "${ORDER[@]}"; do
  { echo "## $m: geostance train ${OPTS[*]} ${FLAGS[$m]}"; python3 scripts/cross_domain.py --model "$M/$m.json"; echo; } \
    >> docs/data/vectors_cross_domain.txt
done
args=()
for m in "${ORDER[@]}"; do args+=(--model "$M/$m.json"); done
python3 scripts/name_swap.py "${args[@]}" | sed "s|$M/||" > docs/data/vectors_name_swap.txt
: > docs/data/vectors_semeval.txt
for flags in "--keep-names" "--keep-names --vectors $V" "" "--vectors $V"; do
  # shellcheck disable=SC2086
  python3 scripts/semeval.py -- $flags >> docs/data/vectors_semeval.txt
  echo >> docs/data/vectors_semeval.txt
done
echo "models in $M"
