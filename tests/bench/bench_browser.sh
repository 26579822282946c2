#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# B3 (scan) and B10 (tail): the message browser view on the real broker. Uses the stack named
# by SLUICE_STACK_ENV when set, otherwise starts a stack of its own and stops it afterwards.
# Builds nothing: build the bench_browser target first.
#   tests/bench/bench_browser.sh scan [--records 1000000] [--value-bytes 100] [--topic T]
#   tests/bench/bench_browser.sh tail [--rate 100000] [--seconds 20]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${SLUICE_BENCH_BROWSER_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$(ls -t "$ROOT"/build*/tests/bench/bench_browser "$ROOT"/build/*/tests/bench/bench_browser 2>/dev/null | head -1 || true)"
fi
[ -x "$BIN" ] || { echo "bench_browser.sh: no bench_browser executable; build the bench_browser target first" >&2; exit 2; }
mode="${1:?mode: scan or tail}"; shift

if [ -z "${SLUICE_STACK_ENV:-}" ]; then
  STACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-browser.XXXXXX")"
  stop_stack() { "$ROOT/tests/stack/stack.sh" stop --dir "$STACK_DIR" >/dev/null 2>&1 || true; rm -rf "$STACK_DIR"; }
  trap stop_stack EXIT
  trap 'exit 130' INT TERM
  "$ROOT/tests/stack/stack.sh" start --dir "$STACK_DIR" >/dev/null
  SLUICE_STACK_ENV="$STACK_DIR/stack.env"
fi
# shellcheck disable=SC1090
source "$SLUICE_STACK_ENV"
export SLUICE_KAFKA_VERSION
QT_QPA_PLATFORM=offscreen "$BIN" "$mode" --bootstrap "$SLUICE_KAFKA_BOOTSTRAP" "$@"
