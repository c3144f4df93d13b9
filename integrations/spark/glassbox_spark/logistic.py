"""`train logistic` (and, with the same loop, `train uplift`) on Spark: IRLS as a loop of passes (contract in
docs/scale.md, sections 1 and 7).

The first state holds the training options; each pass ships the current state to the executors,
every partition computes its partial (`glassbox partial logistic --state STATE`), and the driver merges
the partials in partition order (`glassbox merge logistic`) into the next state, until its status is
"done" and the model file has been written. Only the columns the partials read are sent (`glassbox partial
columns --state STATE`: the formula's, weights, cluster or treatment, as glassbox parses the formula). The
data are read, ordered and turned into CSV text once; that text is persisted on the executors' disks
(`StorageLevel.DISK_ONLY`), so later passes neither read the files nor sort nor convert the rows again
(docs/spark.md, section 4).
"""

import hashlib
import json
import os
import sys
import tempfile

from .partitions import GlassboxFailure, csv_partitions, read_ordered, run_glassbox, run_on_partitions, ship_file, write_partials

# Far above the 8–15 passes a fit takes; a guard against a state that never finishes.
MAXIMUM_PASSES = 1000


def _local_file_sha256(path):
    """SHA-256 of a single local file (the manifest's data.sha256, as glassbox records it); None otherwise."""
    if "://" in path or not os.path.isfile(path):
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def train_logistic(spark, options):
    """`glassbox train logistic` on Spark; returns the number of partitions."""
    return fit_by_passes(spark, options, "logistic", ["weights", "cluster", "robust", "l1", "l2", "tolerance", "max_iterations"])


def fit_by_passes(spark, options, kind, training_flags):
    """A distributed fit (`glassbox merge KIND` / `glassbox partial KIND`, KIND logistic or uplift): writes the
    first state with --formula and the options named in `training_flags` (attributes of `options`, given as
    --flag-name when set), then makes passes until the state's status is "done" and the model file is at
    options.out. Returns the number of partitions."""
    from pyspark import StorageLevel

    name = ship_file(spark, options.glassbox)
    with tempfile.TemporaryDirectory(prefix="glassbox-spark-") as folder:
        state = os.path.join(folder, "state-0000.json")
        first = ["merge", kind, "--formula", options.formula, "--data-name", options.data,
                 "--command-line", json.dumps(options.argv), "--out", state]
        digest = _local_file_sha256(options.data)
        if digest:
            first += ["--data-sha256", digest]
        for flag in training_flags:
            value = getattr(options, flag)
            if value is not None:
                first += ["--" + flag.replace("_", "-"), value]
        run_glassbox(options.glassbox, first)
        frame = read_ordered(spark, options.data, options.data_format, options.partitions,
                             fit_columns(options.glassbox, state), absent_reads_all=True)
        # Written by the first pass, read by every later one; a lost block is recomputed from the data.
        data = csv_partitions(frame).persist(StorageLevel.DISK_ONLY)
        try:
            partitions = 0
            for attempt in range(1, MAXIMUM_PASSES + 1):
                results = run_on_partitions(data, name, ["partial", kind, "--state", ship_file(spark, state)])
                partitions = len(results)
                paths = write_partials(os.path.join(folder, f"pass-{attempt:04d}"), results, f".{kind}.json") if results else []
                following = os.path.join(folder, f"state-{attempt:04d}.json")
                merge = ["merge", kind, "--state", state] + paths + ["--out", following, "--model-out", options.out]
                if options.force:
                    merge.append("--force")
                run_glassbox(options.glassbox, merge)
                state = following
                with open(state, encoding="utf-8") as handle:
                    if json.load(handle).get("status") == "done":
                        sys.stderr.write(f"note: {attempt} passes over the data\n")
                        return partitions
            raise GlassboxFailure(65, f"the fit did not finish in {MAXIMUM_PASSES} passes")
        finally:
            data.unpersist()


def fit_columns(binary, state):
    """The columns the partials of the fit whose state file is `state` read, as glassbox lists them
    (`glassbox partial columns`, docs/scale.md section 1); None (every column) when glassbox gives none or
    is older than that command (a usage error)."""
    try:
        listed, _ = run_glassbox(binary, ["partial", "columns", "--state", state])
    except GlassboxFailure as failure:
        if failure.status == 64:
            return None
        raise
    return json.loads(listed)
