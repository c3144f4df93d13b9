"""Child-process measurement shared by the CSV benchmarks in this folder."""
import json
import os
import subprocess
import sys
import time


def run_child(argv, preexec_fn=None):
    """Runs argv in a child; returns (wall s, rusage from wait4, stdout, stderr). Exits on failure.

    Peak RSS is `rusage.ru_maxrss` (KiB on Linux), the figure `/usr/bin/time -v` reports as
    "Maximum resident set size"; CPU is `ru_utime + ru_stime` over all the child's threads.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=preexec_fn)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(argv)}\n{err.decode()}")
    return wall, usage, out.decode(), err.decode()


def timings(stderr):
    """The `--timings` phases a glassbox command printed on stderr, or {}."""
    for line in stderr.splitlines():
        if '"read"' in line and "{" in line:
            return json.loads(line[line.index("{"):])
    return {}
