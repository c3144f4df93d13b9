"""`python -m glassbox_spark train logistic|uplift|audit|score …`: glassbox's commands on Apache Spark.

The options mirror glassbox's (see `glassbox audit --help`, `glassbox score --help`,
`glassbox train logistic --help`, `glassbox train uplift --help`); the Spark ones are --master (default local[*]), --partitions N,
--input-format auto|csv|parquet, --conf KEY=VALUE and --glassbox (the binary, shipped to the executors).
Exit status as glassbox's: 64 usage, 65 data, 66 missing input, 73 output exists, 1 a Spark failure.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

from .partitions import GlassboxFailure, read_ordered, run_glassbox, run_on_partitions, ship_file, write_partials


def _parser():
    parser = argparse.ArgumentParser(prog="python -m glassbox_spark", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def spark_options(p):
        p.add_argument("--data", required=True, help="CSV file (with a header) or Parquet file or folder, read by spark.read")
        p.add_argument("--input-format", dest="data_format", choices=["auto", "csv", "parquet"], default="auto",
                       help="how to read --data (auto: Parquet when the path ends in .parquet or is a folder of .parquet files)")
        p.add_argument("--master", default="local[*]", help="Spark master URL (default local[*]); ignored when a session exists")
        p.add_argument("--partitions", type=int, help="cut the rows into N consecutive ranges (default: Spark's split of the files)")
        p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="Spark configuration (repeatable)")
        p.add_argument("--glassbox", default=os.environ.get("GLASSBOX_BIN") or shutil.which("glassbox") or "glassbox",
                       help="the glassbox binary (default $GLASSBOX_BIN, else glassbox on PATH); shipped to the executors")
        p.add_argument("--out", required=True, help="output file (written on the driver)")
        p.add_argument("--force", action="store_true", help="replace --out if it exists")

    audit = commands.add_parser("audit", help="bias audit by group, as 'glassbox audit' (--score or --model)")
    spark_options(audit)
    audit.add_argument("--score")
    audit.add_argument("--model")
    audit.add_argument("--outcome", required=True)
    audit.add_argument("--group", action="append", default=[], required=True)
    audit.add_argument("--weights")
    audit.add_argument("--intersect", action="store_true")
    for name in ["--threshold", "--top", "--bootstrap", "--seed", "--confidence", "--adjust", "--tau", "--min-group-size"]:
        audit.add_argument(name)
    audit.add_argument("--format", choices=["json", "markdown", "html"])
    audit.add_argument("--reference", action="append", default=[])

    score = commands.add_parser("score", help="score with a model file, as 'glassbox score' (a map over partitions)")
    spark_options(score)
    score.add_argument("model")
    score.add_argument("--id")
    score.add_argument("--keep")

    train = commands.add_parser("train", help="fit a model, as 'glassbox train'")
    kinds = train.add_subparsers(dest="kind", required=True)
    logistic = kinds.add_parser("logistic", help="logistic regression by IRLS over partitions, as 'glassbox train logistic'")
    spark_options(logistic)
    logistic.add_argument("--formula", required=True)
    for name in ["--weights", "--cluster", "--robust", "--l1", "--l2", "--tolerance", "--max-iterations"]:
        logistic.add_argument(name)
    uplift = kinds.add_parser("uplift", help="uplift fit, its component models by IRLS over partitions, as 'glassbox train uplift'")
    spark_options(uplift)
    uplift.add_argument("--formula", required=True, help="outcome ~ predictors; it must not use the treatment column")
    uplift.add_argument("--treatment", required=True, help="column holding the treatment assignment")
    uplift.add_argument("--treated", required=True, help="treated value, or several separated by commas")
    uplift.add_argument("--control", required=True, help="control value")
    uplift.add_argument("--learner", help="two-model (default), s-learner, x-learner or class-transformation")
    for name in ["--propensity", "--l1", "--l2"]:
        uplift.add_argument(name)
    return parser


def _session(options):
    from pyspark.sql import SparkSession

    # Python workers run the driver's interpreter (the same pandas and pyarrow) unless PYSPARK_PYTHON says otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(options.master).appName(f"glassbox {options.command}")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    for item in options.conf:
        key, _, value = item.partition("=")
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _check_output(options):
    if os.path.exists(options.out) and not options.force:
        raise GlassboxFailure(73, f"output file '{options.out}' exists; give --force to replace it")
    for path in [options.data, getattr(options, "model", None)]:
        if path and "://" not in path and not os.path.exists(path):
            raise GlassboxFailure(66, f"no such file: '{path}'")


def audit(spark, options):
    """Partials per partition (`glassbox partial audit`), merged on the driver (`glassbox merge audit`)."""
    if (options.score is None) == (options.model is None):
        raise GlassboxFailure(64, "give exactly one of --score COL or --model M.json")
    columns = None
    partial = ["partial", "audit", "--outcome", options.outcome]
    for group in options.group:
        partial += ["--group", group]
    if options.score:
        partial += ["--score", options.score]
        columns = list(dict.fromkeys([options.score, options.outcome] + options.group + ([options.weights] if options.weights else [])))
    if options.weights:
        partial += ["--weights", options.weights]
    name = ship_file(spark, options.glassbox)
    with tempfile.TemporaryDirectory(prefix="glassbox-spark-") as folder:
        if options.model:
            partial += ["--model", ship_file(spark, options.model)]
        frame = read_ordered(spark, options.data, options.data_format, options.partitions, columns)
        results = run_on_partitions(frame, name, partial)
        paths = write_partials(folder, results, ".audit.json")
        if not paths:
            raise GlassboxFailure(65, f"no rows to audit in '{options.data}'")
        merge = ["merge", "audit"] + paths + ["--data-label", options.data, "--out", options.out]
        if options.force:
            merge.append("--force")
        if options.intersect:
            merge.append("--intersect")
        for flag in ["threshold", "top", "bootstrap", "seed", "confidence", "adjust", "tau", "min_group_size"]:
            value = getattr(options, flag)
            if value is not None:
                merge += ["--" + flag.replace("_", "-"), value]
        if options.format:
            merge += ["--format", options.format]
        for reference in options.reference:
            merge += ["--reference", reference]
        _, notes = run_glassbox(options.glassbox, merge)
        sys.stderr.write(notes)
    return len(results)


def score(spark, options):
    """A map: `glassbox score` on every partition, outputs concatenated in partition order (one header)."""
    with open(options.model, "rb") as handle:
        kind = json.load(handle).get("kind", "")
    if "lookalike" in kind:
        raise GlassboxFailure(64, "lookalike models rank every row against all others; score them with glassbox on one machine")
    name = ship_file(spark, options.glassbox)
    arguments = ["score", ship_file(spark, options.model), "--quiet"]
    columns = None
    if options.id:
        arguments += ["--id", options.id]
    if options.keep:
        arguments += ["--keep", options.keep]
    frame = read_ordered(spark, options.data, options.data_format, options.partitions, columns)
    results = run_on_partitions(frame, name, arguments)
    header, body = None, []
    for partition, _, payload in results:
        first, _, rest = payload.partition(b"\n")
        if header is None:
            header = first
        elif first != header:
            raise GlassboxFailure(65, f"partition {partition} wrote other columns than partition {results[0][0]}")
        body.append(rest)
    if header is None:
        raise GlassboxFailure(65, f"no rows to score in '{options.data}'")
    temporary = options.out + ".glassbox-spark.tmp"
    with open(temporary, "wb") as handle:
        handle.write(header + b"\n")
        for part in body:
            handle.write(part)
    os.replace(temporary, options.out)
    rows = sum(r[1] for r in results)
    print(f"wrote {options.out}: {rows} rows from {len(results)} partitions")
    return len(results)


def train_logistic(spark, options):
    from .logistic import train_logistic as fit

    return fit(spark, options)


def train_uplift(spark, options):
    from .uplift import train_uplift as fit

    return fit(spark, options)


def run(argv, spark=None):
    """Runs one command; returns the exit status. `spark`: an existing session (tests reuse one)."""
    options = _parser().parse_args(argv)
    options.argv = list(argv)
    started = time.time()
    try:
        _check_output(options)
        session = spark or _session(options)
        if options.command == "audit":
            partitions = audit(session, options)
        elif options.command == "score":
            partitions = score(session, options)
        elif options.kind == "uplift":
            partitions = train_uplift(session, options)
        else:
            partitions = train_logistic(session, options)
    except GlassboxFailure as failure:
        sys.stderr.write(failure.message + "\n" if failure.message.startswith("error:") else f"error: {failure.message}\n")
        return failure.status
    sys.stderr.write(f"note: {partitions} partitions in {time.time() - started:.1f} s\n")
    return 0


def main():
    sys.exit(run(sys.argv[1:]))
