#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# B5: replay N dead letters (default 1 000 000) with the replay engine vs a raw librdkafka
# loop and a kcat pipe, on a local stack that this script starts and stops. Build the
# bench_replay target first:
#   cmake --build build/h --target bench_replay
#   tests/bench/bench_replay.sh [--records 1000000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${SLUICE_BENCH_REPLAY_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$(ls -t "$ROOT"/build*/tests/bench/bench_replay "$ROOT"/build/*/tests/bench/bench_replay 2>/dev/null | head -1 || true)"
fi
[ -x "$BIN" ] || { echo "bench_replay.sh: no bench_replay executable; build the bench_replay target first" >&2; exit 2; }
command -v kcat >/dev/null || { echo "bench_replay.sh: kcat is missing (Debian package kcat)" >&2; exit 2; }
STACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-replay.XXXXXX")"
stop_stack() { "$ROOT/tests/stack/stack.sh" stop --dir "$STACK_DIR" >/dev/null 2>&1 || true; rm -rf "$STACK_DIR"; }
trap stop_stack EXIT
trap 'exit 130' INT TERM
"$ROOT/tests/stack/stack.sh" start --dir "$STACK_DIR" >/dev/null
# shellcheck disable=SC1091
source "$STACK_DIR/stack.env"
"$BIN" --bootstrap "$SLUICE_KAFKA_BOOTSTRAP" "$@"
