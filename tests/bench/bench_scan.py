#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""B1: scan a whole topic into the message browser (index built, payloads retrievable)
against a tuned raw librdkafka consume loop (the limit) and kcat (the peer).

Runs A (bench_scan scan), B (bench_scan raw: consume, touch, free on one thread), C (kcat
-C -e -o beginning -q to /dev/null) and D (bench_scan raw with messages freed on a second
thread, as the scanner frees them on its index thread) as separate processes, interleaved
A B C D ... after a warm-up, and times each process the same way (wall clock around the
whole process). Prints one line per figure:
name, A, B, ratio (median, with the spread), target, pass/short.

    bench_scan.py --bootstrap HOST:PORT --bin build/x/tests/bench/bench_scan [--runs 5]
                  [--records 1000000] [--topic NAME] [--set key=value ...]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd, **kwargs):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench_scan.py: {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return seconds, proc.stdout


def run_json(cmd):
    seconds, out = timed(cmd)
    return seconds, json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--bin", required=True, help="the bench_scan executable")
    ap.add_argument("--topic", default="")
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--value-bytes", type=int, default=100)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--kcat", default=shutil.which("kcat") or "kcat")
    ap.add_argument("--broker-version", default=os.environ.get("SLUICE_KAFKA_VERSION", "unknown"))
    ap.add_argument("--set", action="append", default=[], help="librdkafka property for A and B")
    args = ap.parse_args()

    topic = args.topic or f"b1-t100-{args.records}-s{args.seed}-{os.getpid()}"
    if not args.topic:
        seconds, produced = run_json([args.bin, "produce", "--bootstrap", args.bootstrap, "--topic", topic,
                                      "--records", str(args.records), "--value-bytes", str(args.value_bytes),
                                      "--partitions", str(args.partitions), "--seed", str(args.seed)])
        print(f"# produced {produced['records']} records in {seconds:.1f} s", flush=True)

    sets = [x for kv in args.set for x in ("--set", kv)]
    spool = tempfile.mkdtemp(prefix="bench-scan-spool-")
    common = ["--bootstrap", args.bootstrap, "--topic", topic]
    scan_cmd = [args.bin, "scan", *common, "--spool", spool, *sets]
    raw_cmd = [args.bin, "raw", *common, *sets]
    raw2_cmd = [args.bin, "raw", "--api", "batch2", *common, *sets]
    kcat_cmd = [args.kcat, "-C", "-b", args.bootstrap, "-t", topic, "-e", "-o", "beginning", "-q"]

    def run_round():
        a, scan = run_json(scan_cmd)
        b, raw = run_json(raw_cmd)
        with open(os.devnull, "w") as devnull:
            start = time.perf_counter()
            rc = subprocess.run(kcat_cmd, stdout=devnull, stderr=subprocess.PIPE).returncode
            c = time.perf_counter() - start
        if rc != 0:
            sys.exit("bench_scan.py: kcat failed")
        d, raw2 = run_json(raw2_cmd)
        if {scan["records"], raw["records"], raw2["records"]} != {args.records}:
            sys.exit(f"bench_scan.py: record counts differ: scan {scan['records']}, raw {raw['records']}, "
                     f"raw2 {raw2['records']}, expected {args.records}")
        return a, b, c, d, scan

    print(f"# B1 input: T100-small, {args.records} records x {args.value_bytes} B values over "
          f"{args.partitions} partitions, seed {args.seed}, topic {topic}; broker Kafka {args.broker_version} "
          f"(tests/stack), librdkafka 2.0.2, {os.cpu_count()} cores", flush=True)
    run_round()  # warm-up: page cache, broker JIT, connections
    rounds = []
    for i in range(args.runs):
        a, b, c, d, scan = run_round()
        rounds.append((a, b, c, d, scan))
        print(f"# round {i + 1}: scan {a:.3f} s, raw {b:.3f} s, kcat {c:.3f} s, raw 2 threads {d:.3f} s "
              f"(scan peak RSS {scan['peakRssKb'] / 1024:.0f} MB)", flush=True)
    shutil.rmtree(spool, ignore_errors=True)

    def rate(seconds):
        return args.records / seconds / 1e6

    def figure(name, a_list, b_list, target):
        ratios = [b / a for a, b in zip(a_list, b_list)]  # A's throughput / B's throughput
        med = statistics.median(ratios)
        verdict = "pass" if med >= target else "short"
        print(f"{name:<28} A {rate(statistics.median(a_list)):.2f} M rec/s   B {rate(statistics.median(b_list)):.2f} "
              f"M rec/s   ratio {med:.2f} (spread {min(ratios):.2f}-{max(ratios):.2f})   target >= {target:.2f}   "
              f"{verdict}")

    scans = [r[0] for r in rounds]
    figure("B1 scan vs raw librdkafka", scans, [r[1] for r in rounds], 0.85)
    figure("B1 scan vs kcat", scans, [r[2] for r in rounds], 1.0)
    figure("B1 scan vs raw, 2 threads", scans, [r[3] for r in rounds], 0.85)
    last = rounds[-1][4]
    print(f"# index {last['indexBytesPerRecord']:.1f} B/record resident, spool {last['spoolBytes'] / 1e6:.0f} MB "
          f"on disk, scan peak RSS median {statistics.median(r[4]['peakRssKb'] for r in rounds) / 1024:.0f} MB, "
          f"{last['updates']} updates")


if __name__ == "__main__":
    main()
