#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the benchmarks (not part of ./dev.sh test: timings are too noisy for pass/fail).
#   tests/bench/run.sh [b8] [--runs N]      (build first with ./dev.sh build)
#   tests/bench/run.sh b7                   B7 live chart: 50 x 3600, then the 200 x 86400 stress case
#   tests/bench/run.sh b4 --bootstrap HOST:PORT [--records N]   (a running stack; kcat and jq)
#   tests/bench/run.sh b9 [MB ...]                              (no broker needed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
which="${1:-b8}"; [ $# -gt 0 ] && shift
case "$which" in
  b8)
    if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1600x1000x24" python3 "$ROOT/tests/bench/bench_startup.py" "$@"; fi
    exec python3 "$ROOT/tests/bench/bench_startup.py" "$@" ;;
  b7)
    bin="$(ls -t "$ROOT"/build*/*/tests/bench/bench_chart "$ROOT"/build*/tests/bench/bench_chart 2>/dev/null | head -1)"
    [ -n "$bin" ] || { echo "bench_chart not built (cmake --build <dir> --target bench_chart)" >&2; exit 2; }
    export QT_QPA_PLATFORM=offscreen
    "$bin" --series 50 --points 3600 --updates 30 "$@"
    echo
    echo "stress (naive Qt Charts skipped: minutes per update at this size)"
    "$bin" --series 200 --points 86400 --updates 3 --skip-naive "$@" ;;
  b4|b9)
    name="bench_$([ "$which" = b4 ] && echo filter || echo large_value)"
    bin="$(ls -t "$ROOT"/build*/*/tests/bench/$name "$ROOT"/build*/tests/bench/$name 2>/dev/null | head -1)"
    [ -n "$bin" ] || { echo "build the bench targets first (bench_filter, bench_large_value)" >&2; exit 2; }
    if [ "$which" = b9 ]; then QT_QPA_PLATFORM=offscreen exec "$bin" "$@"; fi
    exec "$bin" "$@" ;;
  *) echo "unknown benchmark: $which (known: b4, b7, b8, b9)" >&2; exit 2 ;;
esac
