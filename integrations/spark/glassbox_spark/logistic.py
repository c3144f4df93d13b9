"""`train logistic` on Spark: IRLS as a loop of passes (contract in docs/scale.md, section 1).

The first state holds the training options; each pass ships the current state to the executors,
every partition computes its partial (`glassbox partial logistic --state STATE`), and the driver merges
the partials in partition order (`glassbox merge logistic`) into the next state, until its status is
"done" and the model file has been written. The data are read once by Spark and cached
(`DataFrame.persist`), so later passes do not read the files again.
"""

import json
import os
import sys
import tempfile

from .partitions import SHIPPED, GlassboxFailure, read_ordered, run_glassbox, run_on_partitions, ship_binary, write_partials

# Far above the 8–15 passes a fit takes; a guard against a state that never finishes.
MAXIMUM_PASSES = 1000


def train_logistic(spark, options):
    name = ship_binary(spark, options.glassbox)
    frame = read_ordered(spark, options.data, options.data_format, options.partitions, None).persist()
    try:
        with tempfile.TemporaryDirectory(prefix="glassbox-spark-") as folder:
            state = os.path.join(folder, "state-0000.json")
            first = ["merge", "logistic", "--formula", options.formula, "--data-name", options.data,
                     "--command-line", json.dumps(options.argv), "--out", state]
            for flag in ["weights", "cluster", "robust", "l1", "l2", "tolerance", "max_iterations"]:
                value = getattr(options, flag)
                if value is not None:
                    first += ["--" + flag.replace("_", "-"), value]
            run_glassbox(options.glassbox, first)
            partitions = 0
            for attempt in range(1, MAXIMUM_PASSES + 1):
                spark.sparkContext.addFile(state)
                results = run_on_partitions(frame, name, ["partial", "logistic", "--state", SHIPPED + os.path.basename(state)])
                partitions = len(results)
                paths = write_partials(os.path.join(folder, f"pass-{attempt:04d}"), results, ".logistic.json") if results else []
                following = os.path.join(folder, f"state-{attempt:04d}.json")
                merge = ["merge", "logistic", "--state", state] + paths + ["--out", following, "--model-out", options.out]
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
        frame.unpersist()
