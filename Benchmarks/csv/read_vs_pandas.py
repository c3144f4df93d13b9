#!/usr/bin/env python3
"""Reading the 1M x 30 benchmark file: `glassbox describe` against `pandas.read_csv`, wall and CPU time.

Per round, interleaved, each in its own process:
  glassbox    `glassbox describe --data F --timings`: wall of the whole process, its read phase
              (read, parse, SHA-256 of the file), CPU = user + system of the process (wait4).
  pandas      `pandas.read_csv(F)` (the default C engine): wall and CPU (process_time, all threads)
              around the call only, import excluded.
  pandas-1    the same pinned to one core (sched_setaffinity before importing pandas): pandas 3.1
              reads with more than one thread, this shows what one core gives it.
Peak RSS is ru_maxrss of each child. The best (minimum wall) of --repeats rounds is kept per side.
`--baseline OLD` adds side glassbox_baseline (another build, run just before --glassbox in every round) for an
A/B of a change; `--glassbox-only` leaves pandas out.

CPU time is the figure to compare on a shared machine: Linux groups processes by session
(autogroup) and shares the CPUs equally between busy sessions, so under load a reader gets the same
slice whatever its thread count, and wall times follow CPU times. `--boost` (root only) starts every
child in a new session whose autogroup has nice -20, so that both readers see two nearly free cores
for the second or so each run takes; it takes CPU time from the other sessions meanwhile, say so
when you report such a run.

    python Benchmarks/make_bench_csv.py --rows 1000000 --cols 30 --seed 1 --out Benchmarks/data/bench-1m-30.csv
    python Benchmarks/csv/read_vs_pandas.py --glassbox .build/release/glassbox \\
        --data Benchmarks/data/bench-1m-30.csv --repeats 3 [--boost]
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

from measure import run_child, timings

HERE = Path(__file__).resolve().parent

PANDAS_READ = """
import os, sys, time
if sys.argv[2] == "1":
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
import pandas
t = time.perf_counter()
c = time.process_time()
pandas.read_csv(sys.argv[1])
print(time.perf_counter() - t, time.process_time() - c, pandas.__version__)
"""


def boosted_session():
    """preexec_fn: a new session (so a new autogroup) with nice -20 (needs root)."""
    os.setsid()
    with open("/proc/self/autogroup", "w") as f:
        f.write("-20")


def measured(argv, boost):
    """run_child with the boosted session when asked: (wall s, CPU s, peak RSS MiB, stdout, stderr)."""
    wall, usage, out, err = run_child(argv, boosted_session if boost else None)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out, err


def glassbox(binary, data, boost):
    wall, cpu, rss, _, err = measured([binary, "describe", "--data", data, "--timings"], boost)
    return {"wall": wall, "read": timings(err).get("read"), "cpu": cpu, "rss_mib": rss}


def pandas(python, data, one_core, boost):
    _, _, rss, out, _ = measured([python, "-c", PANDAS_READ, data, "1" if one_core else "0"], boost)
    wall, cpu, version = out.split()
    return {"wall": float(wall), "cpu": float(cpu), "rss_mib": rss, "version": version}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--glassbox", default=".build/release/glassbox")
    ap.add_argument("--data", default="Benchmarks/data/bench-1m-30.csv")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--boost", action="store_true", help="children in a nice -20 autogroup (root only)")
    ap.add_argument("--baseline", help="another glassbox binary (e.g. the build before a change), run in the same "
                    "rounds as side 'glassbox_baseline', just before --glassbox")
    ap.add_argument("--glassbox-only", action="store_true", help="skip the pandas sides (an A/B of two builds)")
    ap.add_argument("--out", type=Path, default=HERE.parent / "results" / "read-vs-pandas.json")
    args = ap.parse_args()

    with open(args.data, "rb") as f:          # warm the page cache for every reader
        while f.read(1 << 24):
            pass
    load_start = os.getloadavg()
    rounds = []
    for _ in range(args.repeats):
        rounds.append({
            **({"glassbox_baseline": glassbox(args.baseline, args.data, args.boost)} if args.baseline else {}),
            "glassbox": glassbox(args.glassbox, args.data, args.boost),
            **({} if args.glassbox_only else {
                "pandas": pandas(args.python, args.data, False, args.boost),
                "pandas_one_core": pandas(args.python, args.data, True, args.boost),
            }),
        })
    load_end = os.getloadavg()
    best = {side: min((r[side] for r in rounds), key=lambda s: s["wall"]) for side in rounds[0]}

    print(f"load average {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end; "
          f"boost {'on' if args.boost else 'off'}; best of {args.repeats} (minimum wall)")
    print(f"{'side':<20}{'wall s':>8}{'read s':>8}{'CPU s':>8}{'peak RSS MiB':>14}")
    for side, s in best.items():
        read = f"{s['read']:.3f}" if s.get("read") is not None else ""
        print(f"{side:<20}{s['wall']:>8.3f}{read:>8}{s['cpu']:>8.3f}{s['rss_mib']:>14.0f}")
    g, p = best["glassbox"], best.get("pandas")
    if p:
        print(f"pandas wall / glassbox read phase: {p['wall'] / g['read']:.2f}x; "
              f"pandas wall / glassbox whole process: {p['wall'] / g['wall']:.2f}x; "
              f"CPU pandas / glassbox: {p['cpu'] / g['cpu']:.2f}x")
    if args.baseline:
        b = best["glassbox_baseline"]
        print(f"read phase, baseline / this build: {b['read'] / g['read']:.3f}x (best); medians "
              f"{sorted(r['glassbox_baseline']['read'] for r in rounds)[len(rounds) // 2]:.3f} s / "
              f"{sorted(r['glassbox']['read'] for r in rounds)[len(rounds) // 2]:.3f} s")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "data": args.data, "boost": args.boost, "baseline": args.baseline, "load_average_start": load_start, "load_average_end": load_end,
        "rounds": rounds, "best": best,
    }, indent=2) + "\n")


if __name__ == "__main__":
    main()
