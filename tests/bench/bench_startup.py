#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""B8: cold start to first window and to a populated overview, against a minimal Qt app and
a JVM hello-world, interleaved in one run (A B C A B C ...). Prints one line per figure:
name, A, B, ratio, target, pass/short. Needs a display (run.sh wraps it in xvfb-run)."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_timed(cmd, marker, timeout=60):
    """Whole-process wall time in ms, plus the milestone the process printed (ms)."""
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    wall = (time.perf_counter() - start) * 1000
    milestone = None
    for line in out.stdout.splitlines():
        if marker and line.startswith(marker):
            milestone = float(line.split()[1])
    if out.returncode != 0 or (marker and milestone is None):
        sys.exit(f"bench: {' '.join(cmd)} failed (exit {out.returncode}): {out.stderr[-800:]}")
    return wall, milestone


def line(name, a, b, target, ok):
    ratio = a / b if b else float("nan")
    print(f"{name:<34} A={a:8.1f} ms  B={b:8.1f} ms  ratio={ratio:5.2f}  target={target:<14} {'pass' if ok else 'short'}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(ROOT / "build/main"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stack-env", help="env file of a running stack (default: start one)")
    args = parser.parse_args()

    build = Path(args.build)
    sluice = build / "app/sluice"
    minimal = build / "tests/bench/bench_minimal_qt_app"
    tmp = Path(tempfile.mkdtemp(prefix="sluice-b8-"))
    stack_dir = None
    env_file = args.stack_env
    if not env_file:
        stack_dir = tmp / "stack"
        subprocess.run([str(ROOT / "tests/stack/stack.sh"), "start", "--dir", str(stack_dir)], check=True,
                       stdout=subprocess.DEVNULL)
        env_file = stack_dir / "stack.env"
    try:
        env = dict(l.split("=", 1) for l in Path(env_file).read_text().splitlines() if "=" in l and not l.startswith("#"))
        bootstrap = env["SLUICE_KAFKA_BOOTSTRAP"].strip("'")
        workspace = tmp / "workspace.yaml"
        workspace.write_text(f"version: 1\nname: bench\nclusters:\n  - name: local\n    bootstrapServers: {bootstrap}\n")
        hello = tmp / "Hello.java"
        hello.write_text('public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n')
        subprocess.run(["javac", "-d", str(tmp), str(hello)], check=True)

        common = ["--log-dir", str(tmp / "logs")]
        cmds = {
            "sluice-window": ([str(sluice), "--workspace", str(workspace), "--quit-after", "first-window"] + common,
                              "first-window-ms"),
            "sluice-overview": ([str(sluice), "--workspace", str(workspace), "--quit-after", "overview"] + common,
                                "overview-ms"),
            "minimal-qt": ([str(minimal)], "first-window-ms"),
            "jvm-hello": (["java", "-cp", str(tmp), "Hello"], None),
        }
        results = {k: {"wall": [], "milestone": []} for k in cmds}
        for name, (cmd, marker) in cmds.items():  # warm-up: page cache, fontconfig cache
            run_timed(cmd, marker)
        for _ in range(args.runs):
            for name, (cmd, marker) in cmds.items():
                wall, milestone = run_timed(cmd, marker)
                results[name]["wall"].append(wall)
                if milestone is not None:
                    results[name]["milestone"].append(milestone)

        med = lambda k, f: statistics.median(results[k][f])
        spread = lambda k, f: f"{min(results[k][f]):.0f}-{max(results[k][f]):.0f}"
        print(f"# B8 cold start, Kafka {env.get('SLUICE_KAFKA_VERSION', '?')}, {args.runs} interleaved runs, medians "
              f"(in-process milestones from main(); whole-process wall times include exit)")
        line("first window (in-process) vs Qt", med("sluice-window", "milestone"), med("minimal-qt", "milestone"),
             "<=150 ms p50", med("sluice-window", "milestone") <= 150)
        line("first window (process) vs Qt", med("sluice-window", "wall"), med("minimal-qt", "wall"), "-", True)
        line("overview populated vs Qt", med("sluice-overview", "milestone"), med("minimal-qt", "milestone"),
             "<=500 ms", med("sluice-overview", "milestone") <= 500)
        line("overview (process) vs JVM hello", med("sluice-overview", "wall"), med("jvm-hello", "wall"), "-", True)
        for k in cmds:
            f = "milestone" if results[k]["milestone"] else "wall"
            print(f"#   {k:<16} {f:<9} spread {spread(k, f)} ms")
    finally:
        if stack_dir:
            subprocess.run([str(ROOT / "tests/stack/stack.sh"), "stop", "--dir", str(stack_dir)],
                           stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
