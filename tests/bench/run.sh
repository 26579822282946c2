#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the benchmarks (not part of ./dev.sh test: timings are too noisy for pass/fail).
#   tests/bench/run.sh [b8] [--runs N]      (build first with ./dev.sh build)
#   tests/bench/run.sh b7                   B7 live chart: 50 x 3600, then the 200 x 86400 stress case
#   tests/bench/run.sh b4 --bootstrap HOST:PORT [--records N]   (a running stack; kcat and jq)
#   tests/bench/run.sh b9 [MB ...]                              (no broker needed)
#   tests/bench/run.sh b1 [--runs N] [--records N]  B1 scan vs raw librdkafka and kcat (also prints B2's bytes/record)
#   tests/bench/run.sh b3 [--records N]      B3 GUI stalls during a scan (own stack unless SLUICE_STACK_ENV)
#   tests/bench/run.sh b10 [--rate N] [--seconds S]   B10 live tail at N records/s (same)
#   tests/bench/run.sh b6 [--big] [--stack-env FILE]            B6 lag refresh (starts a stack without --stack-env)
#   tests/bench/run.sh b11 [--minutes N] [--stack-env FILE]     B11 idle footprint (default 10 minutes)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
which="${1:-b8}"; [ $# -gt 0 ] && shift
case "$which" in
  b8)
    if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1600x1000x24" python3 "$ROOT/tests/bench/bench_startup.py" "$@"; fi
    exec python3 "$ROOT/tests/bench/bench_startup.py" "$@" ;;
  b7)
    bin="$(ls -t "$ROOT"/build*/*/tests/bench/bench_chart "$ROOT"/build*/tests/bench/bench_chart 2>/dev/null | head -1 || true)"
    [ -n "$bin" ] || { echo "bench_chart not built (cmake --build <dir> --target bench_chart)" >&2; exit 2; }
    export QT_QPA_PLATFORM=offscreen
    "$bin" --series 50 --points 3600 --updates 30 "$@"
    echo
    echo "stress (naive Qt Charts skipped: minutes per update at this size)"
    "$bin" --series 200 --points 86400 --updates 3 --skip-naive "$@" ;;
  b4|b9)
    name="bench_$([ "$which" = b4 ] && echo filter || echo large_value)"
    bin="$(ls -t "$ROOT"/build*/*/tests/bench/$name "$ROOT"/build*/tests/bench/$name 2>/dev/null | head -1 || true)"
    [ -n "$bin" ] || { echo "build the bench targets first (bench_filter, bench_large_value)" >&2; exit 2; }
    if [ "$which" = b9 ]; then QT_QPA_PLATFORM=offscreen exec "$bin" "$@"; fi
    exec "$bin" "$@" ;;
  b1|b2) exec "$ROOT/tests/bench/bench_scan.sh" "$@" ;;
  b3) exec "$ROOT/tests/bench/bench_browser.sh" scan "$@" ;;
  b10) exec "$ROOT/tests/bench/bench_browser.sh" tail "$@" ;;
  b6)
    bin="$(ls -t "$ROOT"/build*/*/tests/bench/bench_lag_refresh "$ROOT"/build*/tests/bench/bench_lag_refresh 2>/dev/null | head -1 || true)"
    [ -n "$bin" ] || { echo "build bench_lag_refresh first" >&2; exit 2; }
    big=0; envfile=""; rest=()
    while [ $# -gt 0 ]; do case "$1" in --big) big=1 ;; --stack-env) envfile="$2"; shift ;; *) rest+=("$1") ;; esac; shift; done
    own=""
    if [ -z "$envfile" ]; then own="$(mktemp -d)"; "$ROOT/tests/stack/stack.sh" start --dir "$own" >/dev/null; envfile="$own/stack.env"; fi
    trap '[ -n "$own" ] && "$ROOT/tests/stack/stack.sh" stop --dir "$own" >/dev/null' EXIT
    # shellcheck disable=SC1090
    source "$envfile"
    "$bin" --bootstrap "$SLUICE_KAFKA_BOOTSTRAP" --groups 100 --partitions 1000 --tools-lib "$SLUICE_STACK_LIB" ${rest[@]+"${rest[@]}"}
    if [ "$big" = 1 ]; then
      # 10 000 partitions need a broker of their own: a 4 GB heap, and no other run's deleted
      # topics still holding file handles (each partition keeps about two open).
      echo
      if [ -n "$own" ]; then
        "$ROOT/tests/stack/stack.sh" stop --dir "$own" >/dev/null; rm -rf "$own"
        SLUICE_STACK_BROKER_HEAP=4g "$ROOT/tests/stack/stack.sh" start --dir "$own" >/dev/null
        # shellcheck disable=SC1090
        source "$own/stack.env"
      fi
      "$bin" --bootstrap "$SLUICE_KAFKA_BOOTSTRAP" --groups 1000 --partitions 10000 --runs 5 ${rest[@]+"${rest[@]}"}
    fi ;;
  b11) exec python3 "$ROOT/tests/bench/bench_idle.py" "$@" ;;
  *) echo "unknown benchmark: $which (known: b1, b2, b3, b4, b6, b7, b8, b9, b10, b11)" >&2; exit 2 ;;
esac
