#!/usr/bin/env python3
"""Issue 16 item 5: `glassbox train logistic` on a simulated voter file larger than memory.

One run, on the release binary:

1. estimate the CSV and design-cache sizes from a 100,000-row sample and refuse sizes beyond --disk-gb;
2. `glassbox simulate --rows N --extra-columns 20` (the turnout model's columns plus 20 unused ones);
3. the raw sequential read speed of a file the size of the design cache (written, then read once with
   `dd`, in the directory the cache goes to: the same disk and page-cache conditions as the cache);
4. `train logistic --memory 4GiB` end to end, with peak RSS from `/usr/bin/time -v` and the duration of
   every IRLS pass, timed from the `--progress` lines as they arrive; glassbox streams only when its
   in-memory estimate (2.1 × rows × columns read × 8 bytes) exceeds the budget, so when that run read the
   file whole, a second fit with `--memory 1GiB` (streamed) is timed too;
5. on the first 20,000,000 rows: the fit in memory and streamed (`--memory 1GiB`), model files compared;
6. Spark `local[2]` (integrations/spark) against the single machine on a 10,000,000-row file.

Big files go to --work (default /tmp/glassbox-bench-scale), which is deleted at the end, on success or
failure. Results: Benchmarks/results/scale.json (and the figures are copied by hand into
Benchmarks/README.md, "Issue 16: scale"). Other processes share the machine: `uptime` is recorded before
and after every step.

    nice swift build -c release --product glassbox
    .venv/bin/python Benchmarks/scale/bench_scale.py [--rows 100000000] [--subset 20000000] [--spark-rows 10000000]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORMULA = "voted_2024 ~ age + female + C(race) + party + voted_2020 + income"


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


def traced_segments(path):
    """(seconds, text) of every progress segment glassbox wrote on stderr, timed by strace (`-ttt`) at the
    write itself: a reader of the pipe on a loaded machine may wake only after several writes."""
    out, first = [], None
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = re.match(r"\d+\s+(\d+\.\d+) write\(2, \"(.*)\"(?:\.\.\.)?, \d+\)", line)
            if not m:
                continue
            t = float(m.group(1))
            first = t if first is None else first
            for part in re.split(r"\\r|\\n", m.group(2)):
                if part.strip():
                    text = part.encode("latin-1").decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
                    out.append((t - first, text.strip()))
    return out


def timed(args, env=None, progress=False):
    """Runs `args` under /usr/bin/time -v (and, with `progress`, strace timing each write to stderr);
    returns seconds, peak RSS bytes (the largest of the process tree's), stdout, stderr, pass times, segments."""
    trace = os.path.join(env["TMPDIR"], "trace.txt") if progress else None
    command = ["/usr/bin/time", "-v"] + (["strace", "-f", "-ttt", "-s", "400", "-e", "trace=write", "-o", trace] if progress else []) + args
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # Timestamp each progress segment (\r- or \n-terminated) as it arrives: pass durations below a second.
    segments, buffer = [], b""
    while True:
        data = process.stderr.read1(65536) if hasattr(process.stderr, "read1") else process.stderr.read(65536)
        if not data:
            break
        buffer += data
        parts = re.split(rb"[\r\n]", buffer)
        buffer = parts.pop()
        now = time.monotonic() - start
        segments.extend((now, p.decode("utf-8", "replace").strip()) for p in parts if p.strip())
    if buffer.strip():
        segments.append((time.monotonic() - start, buffer.decode("utf-8", "replace").strip()))
    stdout = process.stdout.read().decode()
    status = process.wait()
    seconds = time.monotonic() - start
    stderr = "\n".join(s for _, s in segments)
    if status != 0:
        raise RuntimeError(f"{args[:3]} failed ({status}):\n{stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1)) * 1024
    if progress:
        segments = traced_segments(trace)
        os.remove(trace)
    passes = pass_times(segments) if progress else []
    return seconds, rss, stdout, stderr, passes, segments


def pass_times(segments):
    """(label, seconds) per IRLS pass: from its first line (`elapsed 0:00`) to its `done in` line."""
    started, out = {}, []
    for t, text in segments:
        m = re.match(r"(IRLS .*?)  (elapsed|done in) ", text)
        if not m:
            continue
        label = m.group(1)
        if m.group(2) == "elapsed":
            started.setdefault(label, t)
        elif label in started:
            out.append((label, round(t - started.pop(label), 3)))
    return out


def phase_times(segments):
    """Seconds of the levels and design (read) passes, from their first to their last line."""
    out = {}
    for name in ["levels pass", "design pass"]:
        times = [t for t, s in segments if s.startswith(name + "  [")]
        if times:
            out[name] = round(times[-1] - times[0], 3)
    return out


def comparable(path):
    with open(path) as f:
        model = json.load(f)
    for key in ["createdAt", "commandLine"]:
        model["manifest"].pop(key, None)
    model["manifest"]["data"].pop("path", None)
    model["manifest"]["data"].pop("sha256", None)
    return model


def coefficients(path):
    with open(path) as f:
        return [(c["term"], c["estimate"], c.get("stdError")) for c in json.load(f)["coefficients"]]


def max_relative(a, b):
    worst = 0.0
    for (_, ea, sa), (_, eb, sb) in zip(coefficients(a), coefficients(b)):
        for x, y in [(ea, eb), (sa, sb)]:
            if x is not None and y is not None:
                worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1e-300))
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--subset", type=int, default=20_000_000, help="rows of the in-memory vs streamed comparison")
    parser.add_argument("--spark-rows", type=int, default=10_000_000, help="0 skips Spark")
    parser.add_argument("--extra-columns", type=int, default=20)
    parser.add_argument("--memory", default="4GiB")
    parser.add_argument("--streamed-memory", default="1GiB", help="budget of a second fit when --memory read the file whole ('' skips it)")
    parser.add_argument("--disk-gb", type=float, default=25, help="refuse when the CSV and the cache would exceed this")
    parser.add_argument("--work", default="/tmp/glassbox-bench-scale")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/glassbox"))
    parser.add_argument("--out", default=os.path.join(ROOT, "Benchmarks/results/scale.json"))
    args = parser.parse_args()
    glassbox = args.binary
    work = args.work
    os.makedirs(work, exist_ok=False)
    env = dict(os.environ, TMPDIR=work, SOURCE_DATE_EPOCH="1700000000", GLASSBOX_PROGRESS="")
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "rows": args.rows, "formula": FORMULA,
               "extraColumns": args.extra_columns, "memory": args.memory, "cores": os.cpu_count(),
               "uptime": {"start": uptime()}, "steps": {}}
    path = lambda name: os.path.join(work, name)
    try:
        # 1. Sizes from a sample.
        subprocess.run([glassbox, "simulate", "--rows", "100000", "--extra-columns", str(args.extra_columns),
                        "--out", path("sample.csv"), "--quiet"], check=True, capture_output=True)
        subprocess.run([glassbox, "train", "logistic", "--data", path("sample.csv"), "--formula", FORMULA,
                        "--out", path("sample.json"), "--quiet"], check=True, capture_output=True, env=env)
        bytes_per_row = os.path.getsize(path("sample.csv")) / 100_000
        design_columns = len(coefficients(path("sample.json")))
        csv_gb = bytes_per_row * args.rows / 1e9
        cache_gb = args.rows * design_columns * 8 / 1e9
        results["estimate"] = {"bytesPerRow": round(bytes_per_row, 1), "designColumns": design_columns,
                               "csvGB": round(csv_gb, 2), "cacheGB": round(cache_gb, 2), "freeGB": round(shutil.disk_usage(work).free / 1e9, 1)}
        log(f"estimate: {results['estimate']}")
        if csv_gb + cache_gb > args.disk_gb:
            raise SystemExit(f"the CSV ({csv_gb:.1f} GB) and the cache ({cache_gb:.1f} GB) exceed --disk-gb {args.disk_gb}: use fewer --rows")

        # 2. The file.
        seconds, rss, stdout, *_ = timed([glassbox, "simulate", "--rows", str(args.rows), "--extra-columns", str(args.extra_columns),
                                          "--out", path("voters.csv"), "--quiet"])
        results["steps"]["simulate"] = {"seconds": round(seconds, 1), "peakRSS": rss, "bytes": os.path.getsize(path("voters.csv")),
                                        "uptime": uptime()}
        log(f"simulate: {results['steps']['simulate']}")

        # 3. Raw sequential read of a cache-sized file (written, then read once), and of the CSV.
        cache_bytes = args.rows * design_columns * 8
        block = 16 << 20
        subprocess.run(["dd", "if=/dev/zero", f"of={path('raw.bin')}", f"bs={block}", f"count={-(-cache_bytes // block)}", "conv=fsync"],
                       check=True, capture_output=True)
        start = time.monotonic()
        subprocess.run(["dd", f"if={path('raw.bin')}", "of=/dev/null", f"bs={block}"], check=True, capture_output=True)
        raw_seconds = time.monotonic() - start
        os.remove(path("raw.bin"))
        start = time.monotonic()
        subprocess.run(["dd", f"if={path('voters.csv')}", "of=/dev/null", f"bs={block}"], check=True, capture_output=True)
        csv_seconds = time.monotonic() - start
        results["steps"]["rawRead"] = {"cacheSizedFileBytes": cache_bytes, "cacheSizedFileSeconds": round(raw_seconds, 2),
                                       "cacheSizedFileMBps": round(cache_bytes / raw_seconds / 1e6, 1),
                                       "csvSeconds": round(csv_seconds, 2), "csvMBps": round(os.path.getsize(path("voters.csv")) / csv_seconds / 1e6, 1),
                                       "uptime": uptime()}
        log(f"raw read: {results['steps']['rawRead']}")

        # 4. The fit within the budget (glassbox streams only when the in-memory estimate exceeds it), and,
        #    when that read the file whole, once more with --streamed-memory, which forces streaming.
        for key, memory in [("budget", args.memory), ("streamed", args.streamed_memory)]:
            if key == "streamed" and (not memory or results["steps"]["budget"]["streamed"]):
                continue
            seconds, rss, stdout, stderr, passes, segments = timed(
                [glassbox, "train", "logistic", "--data", path("voters.csv"), "--formula", FORMULA, "--memory", memory,
                 "--out", path(f"{key}.json"), "--progress"], env=env, progress=True)
            irls = [s for _, s in passes]
            results["steps"][key] = {"memory": memory, "streamed": bool(passes), "seconds": round(seconds, 1), "peakRSS": rss,
                                     "peakRSSGiB": round(rss / 2**30, 3), "readPasses": phase_times(segments), "passes": passes,
                                     "meanPassSeconds": round(sum(irls) / len(irls), 3) if irls else None,
                                     "passMBps": round(cache_bytes / (sum(irls) / len(irls)) / 1e6, 1) if irls else None,
                                     "stdout": stdout.strip(), "uptime": uptime()}
            log(f"{key}: {results['steps'][key]}")
        if "streamed" in results["steps"] and results["steps"]["streamed"]["memory"] == args.streamed_memory:
            results["steps"]["streamed"]["identicalToBudgetRun"] = comparable(path("budget.json")) == comparable(path("streamed.json"))

        # 5. The first `subset` rows: in memory and streamed.
        if args.subset:
            with open(path("voters.csv"), "rb") as source, open(path("subset.csv"), "wb") as target:
                for i, line in enumerate(source):
                    if i > args.subset:
                        break
                    target.write(line)
            os.remove(path("voters.csv"))  # frees the disk for the subset's cache
            comparison = {}
            for name, memory in [("inMemory", "64GiB"), ("streamed", "1GiB")]:
                seconds, rss, stdout, stderr, passes, _ = timed(
                    [glassbox, "train", "logistic", "--data", path("subset.csv"), "--formula", FORMULA, "--memory", memory,
                     "--out", path(f"subset-{name}.json"), "--progress"], env=env, progress=True)
                comparison[name] = {"memory": memory, "seconds": round(seconds, 1), "peakRSS": rss, "passes": passes, "uptime": uptime()}
                log(f"subset {name}: {comparison[name]}")
            comparison["identical"] = comparable(path("subset-inMemory.json")) == comparable(path("subset-streamed.json"))
            comparison["maxRelativeDifference"] = max_relative(path("subset-inMemory.json"), path("subset-streamed.json"))
            results["steps"]["subset"] = dict(comparison, rows=args.subset)
            log(f"subset identical: {comparison['identical']}")
            os.remove(path("subset.csv"))
        elif os.path.exists(path("voters.csv")):
            os.remove(path("voters.csv"))

        # 6. Spark local[2] against the single machine.
        if args.spark_rows:
            subprocess.run([glassbox, "simulate", "--rows", str(args.spark_rows), "--out", path("spark.csv"), "--quiet"], check=True)
            single = timed([glassbox, "train", "logistic", "--data", path("spark.csv"), "--formula", FORMULA,
                            "--out", path("spark-single.json"), "--quiet"], env=env)
            spark_env = dict(env, PYTHONPATH=os.path.join(ROOT, "integrations/spark"), GLASSBOX_BIN=glassbox)
            spark = timed([sys.executable, "-m", "glassbox_spark", "train", "logistic", "--data", path("spark.csv"),
                           "--formula", FORMULA, "--master", "local[2]", "--partitions", "4", "--glassbox", glassbox,
                           "--out", path("spark-model.json")], env=spark_env)
            results["steps"]["spark"] = {"rows": args.spark_rows, "partitions": 4, "master": "local[2]",
                                         "singleSeconds": round(single[0], 1), "singlePeakRSS": single[1],
                                         "sparkSeconds": round(spark[0], 1), "sparkDriverPeakRSS": spark[1],
                                         "overheadRatio": round(spark[0] / single[0], 1),
                                         "maxRelativeDifference": max_relative(path("spark-single.json"), path("spark-model.json")),
                                         "uptime": uptime()}
            log(f"spark: {results['steps']['spark']}")
    finally:
        results["uptime"]["end"] = uptime()
        shutil.rmtree(work, ignore_errors=True)
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        log(f"wrote {args.out}; removed {work}")


if __name__ == "__main__":
    main()
