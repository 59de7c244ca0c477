#!/usr/bin/env bash
# Side-by-side speed benchmark against scikit-learn and fastText (see bench_peers.py).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
[ -x "${PEERS_VENV:-$HOME/.cache/peers-venv}/bin/python" ] || bash ../shared/peers/setup.sh
exec python3 scripts/bench_peers.py "$@"
