#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# B1: the message browser's scan vs a raw librdkafka loop and kcat, on a local stack that
# this script starts and stops. Builds nothing: build the bench_scan target first, e.g.
#   cmake --build build/main --target bench_scan
#   tests/bench/bench_scan.sh [--runs 5] [--records 1000000] [--set key=value ...]
# SLUICE_BENCH_SCAN_BIN points at the executable when it is not under build*/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

BIN="${SLUICE_BENCH_SCAN_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$(ls -t "$ROOT"/build*/tests/bench/bench_scan "$ROOT"/build/*/tests/bench/bench_scan 2>/dev/null | head -1 || true)"
fi
[ -x "$BIN" ] || { echo "bench_scan.sh: no bench_scan executable; build the bench_scan target first" >&2; exit 2; }
command -v kcat >/dev/null || { echo "bench_scan.sh: kcat is missing (Debian package kcat)" >&2; exit 2; }

STACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-scan.XXXXXX")"
stop_stack() { "$ROOT/tests/stack/stack.sh" stop --dir "$STACK_DIR" >/dev/null 2>&1 || true; rm -rf "$STACK_DIR"; }
trap stop_stack EXIT
trap 'exit 130' INT TERM
"$ROOT/tests/stack/stack.sh" start --dir "$STACK_DIR" >/dev/null
# shellcheck disable=SC1091
source "$STACK_DIR/stack.env"
export SLUICE_KAFKA_VERSION
python3 "$ROOT/tests/bench/bench_scan.py" --bootstrap "$SLUICE_KAFKA_BOOTSTRAP" --bin "$BIN" "$@"
