#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sluice developer entry point. Two commands matter (see README.md):
#   ./dev.sh demo   install what is missing, build, start the local stack with demo traffic, run the app
#   ./dev.sh test   install what is missing, build, start the local stack, run every test, stop the stack
# Both are safe to run again; they only install what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${SLUICE_BUILD_DIR:-$ROOT/build/main}"
STACK_SH="$ROOT/tests/stack/stack.sh"
JOBS="${SLUICE_JOBS:-$(nproc 2>/dev/null || echo 2)}"

APT_PACKAGES=(
  cmake ninja-build g++ pkg-config git python3
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins
  qtkeychain-qt6-dev librdkafka-dev libyaml-cpp-dev libspdlog-dev libgl-dev
  clang libclang-rt-14-dev
  openjdk-17-jdk-headless maven kcat xvfb xauth
)
FUZZ_BUILD_DIR="${SLUICE_FUZZ_BUILD_DIR:-$ROOT/build/fuzz}"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nsluice dev.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "need root to run: $* (install sudo or run as root)"; fi
}

install_deps() {
  step "Checking system packages"
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all ${#APT_PACKAGES[@]} packages present"
  else
    echo "installing: ${missing[*]}"
    as_root apt-get update -q || fail "apt-get update failed: check the network or your apt sources, then rerun"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}" \
      || fail "apt-get install failed for: ${missing[*]} (see the messages above), then rerun"
  fi
  step "Fetching Kafka and Kafka Connect jars (Maven Central, cached in ~/.m2)"
  "$STACK_SH" fetch || fail "could not fetch the Kafka jars with Maven: check that Maven Central is reachable, then rerun"
}

build() {
  step "Configuring and building in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARNINGS_AS_ERRORS=ON >/dev/null \
    || fail "CMake configure failed (see above); a missing package usually means rerunning './dev.sh test' installs it"
  cmake --build "$BUILD_DIR" -j "$JOBS" || fail "the build failed (see the compiler errors above)"
}

# The libFuzzer targets (tests/fuzz) need clang; they are a small project of their own.
build_fuzz() {
  step "Building the libFuzzer targets with clang in $FUZZ_BUILD_DIR"
  CXX=clang++ cmake -S "$ROOT/tests/fuzz" -B "$FUZZ_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null \
    || fail "CMake configure of tests/fuzz with clang failed (is the clang package installed?)"
  cmake --build "$FUZZ_BUILD_DIR" -j "$JOBS" || fail "the fuzz targets did not build (see the compiler errors above)"
}

STACK_DIR=""
stop_stack() {
  if [ -n "$STACK_DIR" ] && [ -d "$STACK_DIR" ]; then
    step "Stopping the local stack"
    "$STACK_SH" stop --dir "$STACK_DIR" || true
  fi
}

cmd_test() {
  install_deps
  build
  build_fuzz
  STACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sluice-test-stack.XXXXXX")"
  trap stop_stack EXIT
  trap 'exit 130' INT TERM
  step "Starting the local stack for integration tests (Kafka KRaft + Kafka Connect on 127.0.0.1)"
  "$STACK_SH" start --dir "$STACK_DIR" --connect || fail "the local stack did not start (see its log tail above)"
  export SLUICE_STACK_ENV="$STACK_DIR/stack.env"
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
  chmod 700 "$XDG_RUNTIME_DIR"
  step "Running the test suite (unit, ui, integration)"
  local rc=0
  (cd "$BUILD_DIR" && ctest --output-on-failure --timeout 600 -j "$JOBS" "$@") || rc=$?
  step "Running the libFuzzer smoke tests (15 s per target, clang build)"
  (cd "$FUZZ_BUILD_DIR" && ctest --output-on-failure --timeout 300 -j "$JOBS" "$@") || rc=$?
  [ $rc -eq 0 ] && step "All tests passed" || printf '\nsluice dev.sh: tests failed (exit %s); see the output above\n' "$rc" >&2
  return $rc
}

cmd_demo() {
  install_deps
  build
  STACK_DIR="$ROOT/.stack/demo"
  mkdir -p "$STACK_DIR"
  "$STACK_SH" stop --dir "$STACK_DIR" >/dev/null 2>&1 || true
  trap stop_stack EXIT
  trap 'exit 130' INT TERM
  step "Starting the local demo stack (Kafka, Kafka Connect, demo traffic)"
  "$STACK_SH" start --dir "$STACK_DIR" --demo || fail "the demo stack did not start (see its log tail above)"
  # shellcheck disable=SC1091
  source "$STACK_DIR/stack.env"
  local workspace="$STACK_DIR/workspace.yaml"
  cat > "$workspace" <<YAML
version: 1
name: Local demo
refresh:
  metadata: 5s
  lag: 5s
clusters:
  - name: local
    bootstrapServers: ${SLUICE_KAFKA_BOOTSTRAP}
connect:
  - name: local-connect
    url: ${SLUICE_CONNECT_URL}
    cluster: local
YAML
  step "Launching Sluice on $workspace (close the window or press Ctrl-C to stop everything)"
  local app="$BUILD_DIR/app/sluice"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "no display found: running under Xvfb; use --screenshot to see it, e.g. ./dev.sh demo --screenshot view=topics out=topics.png"
    xvfb-run -a "$app" --workspace "$workspace" "$@"
  else
    "$app" --workspace "$workspace" "$@"
  fi
}

usage() {
  cat <<USAGE
usage: ./dev.sh <command> [args]
  demo    install what is missing, build, start the local demo stack and run Sluice on it
  test    install what is missing, build, start the local stack and run all tests (extra args go to ctest)
  build   install what is missing and build only
  stack   pass-through to tests/stack/stack.sh (start/stop/status …)
USAGE
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    demo) cmd_demo "$@" ;;
    test) cmd_test "$@" ;;
    build) install_deps; build ;;
    stack) "$STACK_SH" "$@" ;;
    -h|--help|help|"") usage ;;
    *) usage; fail "unknown command: $cmd" ;;
  esac
}

main "$@"
