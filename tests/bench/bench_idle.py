#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""B11: the app idle with one cluster connected and the lag sampler running.

Starts Sluice (offscreen) on a one-cluster workspace, lets it settle, then watches it for N
minutes without touching it: resident memory (end and peak), CPU as % of one core, and
wake-ups per second (voluntary + involuntary context switches of all its threads, from
/proc/<pid>/task/*/status). Prints the threads that wake most, to find a cause when a target
is missed. Targets: <= 80 MB resident, <= 0.5 % of one core, <= 20 wake-ups/s.

  bench_idle.py [--minutes N] [--warmup S] [--stack-env FILE] [--build DIR]

Without --stack-env it starts a plain local stack (tests/stack/stack.sh) and stops it after.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICK = os.sysconf("SC_CLK_TCK")


def threads(pid):
    """tid -> (name, switches) for every live thread of pid."""
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            switches = 0
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    switches += int(line.split()[1])
            out[task.name] = (name, switches)
        except OSError:
            pass  # the thread ended meanwhile
    return out


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime, all threads


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def newest_build():
    found = sorted(ROOT.glob("build*/*/app/sluice"), key=lambda p: p.stat().st_mtime, reverse=True)
    return found[0].parents[1] if found else ROOT / "build/main"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds before measuring (connect, first samples)")
    parser.add_argument("--stack-env", help="env file of a running stack (default: start a plain one)")
    parser.add_argument("--build", default=None)
    args = parser.parse_args()

    build = Path(args.build) if args.build else newest_build()
    sluice = build / "app/sluice"
    if not sluice.exists():
        sys.exit(f"bench_idle: {sluice} not built")
    tmp = Path(tempfile.mkdtemp(prefix="sluice-b11-"))
    stack_dir = None
    env_file = args.stack_env
    if not env_file:
        stack_dir = tmp / "stack"
        subprocess.run([str(ROOT / "tests/stack/stack.sh"), "start", "--dir", str(stack_dir)], check=True,
                       stdout=subprocess.DEVNULL)
        env_file = stack_dir / "stack.env"
    proc = None
    try:
        env_vars = dict(l.split("=", 1) for l in Path(env_file).read_text().splitlines()
                        if "=" in l and not l.startswith("#"))
        bootstrap = env_vars["SLUICE_KAFKA_BOOTSTRAP"].strip("'\"")
        workspace = tmp / "workspace.yaml"
        workspace.write_text("version: 1\nname: idle\nrefresh:\n  lag: 5s\n"
                             f"clusters:\n  - name: local\n    bootstrapServers: {bootstrap}\n")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp / "data"),
                   XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"))
        proc = subprocess.Popen([str(sluice), "--workspace", str(workspace)], env=env,
                                stdout=subprocess.DEVNULL, stderr=open(tmp / "sluice.log", "w"))
        time.sleep(args.warmup)  # a benchmark's settling time, not a test waiting for an outcome
        if proc.poll() is not None:
            sys.exit(f"bench_idle: sluice exited early ({proc.returncode}); see {tmp / 'sluice.log'}")
        pid = proc.pid
        t0, c0, th0 = time.monotonic(), cpu_seconds(pid), threads(pid)
        peak = rss_mb(pid)
        deadline = t0 + args.minutes * 60
        while time.monotonic() < deadline:
            time.sleep(min(5.0, max(0.0, deadline - time.monotonic())))
            peak = max(peak, rss_mb(pid))
        t1, c1, th1 = time.monotonic(), cpu_seconds(pid), threads(pid)
        rss = rss_mb(pid)
        elapsed = t1 - t0
        cpu = (c1 - c0) / elapsed * 100
        per_thread = []
        for tid, (name, sw) in th1.items():
            before = th0.get(tid, (name, 0))[1]
            per_thread.append(((sw - before) / elapsed, name, tid))
        wakeups = sum(r for r, _, _ in per_thread)
        print(f"B11 idle: one cluster ({bootstrap}), lag sampler every 5 s, {elapsed / 60:.1f} min measured "
              f"after {args.warmup:.0f} s warm-up, {len(th1)} threads")
        print(f"resident memory   {rss:7.1f} MB (peak {peak:.1f} MB)   target <= 80 MB   "
              f"{'met' if peak <= 80 else 'MISSED'}")
        print(f"CPU               {cpu:7.2f} % of one core           target <= 0.5 %   "
              f"{'met' if cpu <= 0.5 else 'MISSED'}")
        print(f"wake-ups          {wakeups:7.1f} /s                     target <= 20/s    "
              f"{'met' if wakeups <= 20 else 'MISSED'}")
        print("threads waking most:")
        for rate, name, tid in sorted(per_thread, reverse=True)[:8]:
            print(f"  {rate:7.2f} /s  {name} ({tid})")
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if stack_dir:
            subprocess.run([str(ROOT / "tests/stack/stack.sh"), "stop", "--dir", str(stack_dir)],
                           stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
