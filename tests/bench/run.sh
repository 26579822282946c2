#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the benchmarks (not part of ./dev.sh test: timings are too noisy for pass/fail).
#   tests/bench/run.sh [b8] [--runs N]      (build first with ./dev.sh build)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
which="${1:-b8}"; [ $# -gt 0 ] && shift
case "$which" in
  b8)
    if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1600x1000x24" python3 "$ROOT/tests/bench/bench_startup.py" "$@"; fi
    exec python3 "$ROOT/tests/bench/bench_startup.py" "$@" ;;
  *) echo "unknown benchmark: $which (known: b8)" >&2; exit 2 ;;
esac
