"""Reading a data set into ordered partitions and running the glassbox binary on each of them.

Design (docs/spark.md): the data are read by Spark (`spark.read.csv` or `spark.read.parquet`), each
row is tagged with its position (`monotonically_increasing_id`, which increases in file order), and
`--partitions N` cuts the rows into N consecutive ranges (`repartitionByRange` on that tag, then
`sortWithinPartitions`), so partition k holds rows that come before those of partition k + 1 and
"partition order" is file order. Each partition is handed to the Python worker by `mapInPandas`
(Arrow batches), written as CSV to a file on the executor's local disk and read by the same
`glassbox` binary and CSV reader as on one machine; the binary's output file travels back to the
driver as one binary cell per partition.
"""

import os
import re
import subprocess
import tempfile

ROW_TAG = "__glassbox_row"
# An argument "SHIPPED + name" stands for the file `name` added with SparkContext.addFile, on the executor.
SHIPPED = "@glassbox-spark-file:"


class GlassboxFailure(Exception):
    """The glassbox binary failed: its exit status and its message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def read_ordered(spark, path, data_format, partitions, columns):
    """The rows of `path` (CSV with a header, or Parquet), only `columns` (None: all), in `partitions`
    consecutive ranges (None: Spark's own split of the files, already in file order for one file)."""
    from pyspark.sql import functions as F

    if data_format == "auto":
        data_format = "parquet" if _looks_like_parquet(path) else "csv"
    if data_format == "parquet":
        frame = spark.read.parquet(path)
    else:
        # Every field as text (no schema inference), so each value reaches glassbox as the bytes of the
        # file; a malformed line fails the job instead of becoming nulls; RFC 4180 quotes ("" inside "…").
        frame = spark.read.csv(path, header=True, inferSchema=False, escape='"', mode="FAILFAST")
    if columns is not None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise GlassboxFailure(65, f"column '{missing[0]}' not found in {path}; columns are: "
                                      + ", ".join(f"'{c}'" for c in frame.columns[:20]))
        frame = frame.select(*columns)
    frame = frame.withColumn(ROW_TAG, F.monotonically_increasing_id())
    if partitions:
        frame = frame.repartitionByRange(partitions, ROW_TAG)
    return frame.sortWithinPartitions(ROW_TAG)


def _looks_like_parquet(path):
    if path.endswith(".parquet") or path.endswith(".parq"):
        return True
    if os.path.isdir(path):
        return any(name.endswith(".parquet") for _, _, names in os.walk(path) for name in names)
    return False


_shipped_files = {}


def ship_file(spark, path):
    """Adds a copy of `path` under a unique name to the job's files (copied to every executor) and returns
    the argument that stands for it there (SHIPPED + name). Spark refuses a second file of the same name
    with other contents in one session (two fits' states, two models called model.json), hence the copy;
    an unchanged file is shipped once per session."""
    import atexit
    import shutil
    import uuid

    source = os.path.abspath(path)
    info = os.stat(source)
    key = (id(spark.sparkContext), source, info.st_size, info.st_mtime_ns)
    if key not in _shipped_files:
        folder = tempfile.mkdtemp(prefix="glassbox-spark-ship-")
        atexit.register(shutil.rmtree, folder, True)  # executors may fetch it until the session ends
        copy = os.path.join(folder, f"{uuid.uuid4().hex[:12]}-{os.path.basename(source)}")
        try:
            os.link(source, copy)  # no copy of a large binary when the file system allows
        except OSError:
            shutil.copy2(source, copy)
        spark.sparkContext.addFile(copy)
        _shipped_files[key] = SHIPPED + os.path.basename(copy)
    return _shipped_files[key]


def run_on_partitions(frame, shipped_binary, arguments):
    """Runs `glassbox ARGUMENTS --data PART.csv --out OUT` on every non-empty partition of `frame`
    (`shipped_binary` and any argument from ``ship_file`` are resolved on the executor); returns
    [(partition, rows, output bytes)] in partition order. `arguments` is a list of strings."""
    from pyspark.sql import types as T

    arguments = list(arguments)
    shipped = SHIPPED
    columns = [c for c in frame.columns if c != ROW_TAG]

    # Self-contained (imports inside), so executors need pyspark and pandas but not this package.
    def per_partition(batches):
        import os
        import stat
        import subprocess
        import tempfile
        import pandas as pd
        from pyspark import SparkFiles, TaskContext

        binary = SparkFiles.get(shipped_binary[len(shipped):])
        mode = os.stat(binary).st_mode
        if not mode & stat.S_IXUSR:  # addFile does not keep the mode everywhere
            os.chmod(binary, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

        partition = TaskContext.get().partitionId()
        with tempfile.TemporaryDirectory(prefix="glassbox-") as folder:
            data = os.path.join(folder, "part.csv")
            rows = 0
            with open(data, "w", encoding="utf-8", newline="") as handle:
                for batch in batches:
                    if rows == 0 and len(batch) == 0:
                        continue
                    batch[columns].to_csv(handle, header=rows == 0, index=False, lineterminator="\n", na_rep="")
                    rows += len(batch)
            if rows == 0:
                return
            out = os.path.join(folder, "out")
            resolved = [SparkFiles.get(a[len(shipped):]) if a.startswith(shipped) else a for a in arguments]
            command = [binary] + resolved + ["--data", data, "--out", out]
            done = subprocess.run(command, capture_output=True)
            if done.returncode != 0:
                lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"]
                message = next((line for line in lines if line.startswith("error:")), lines[-1])
                raise RuntimeError(f"GLASSBOX_EXIT={done.returncode} {message} (partition {partition})")
            with open(out, "rb") as handle:
                payload = handle.read()
        yield pd.DataFrame({"partition": [partition], "rows": [rows], "payload": [payload]})

    schema = T.StructType([
        T.StructField("partition", T.IntegerType()),
        T.StructField("rows", T.LongType()),
        T.StructField("payload", T.BinaryType()),
    ])
    try:
        collected = frame.mapInPandas(per_partition, schema).collect()
    except Exception as error:  # a task failed: surface glassbox's own status and message
        found = re.search(r"GLASSBOX_EXIT=(\d+) (.*)", str(error))
        if found is None:
            raise
        raise GlassboxFailure(int(found.group(1)), found.group(2)) from None
    return sorted(((r["partition"], r["rows"], bytes(r["payload"])) for r in collected), key=lambda r: r[0])


def run_glassbox(binary, arguments):
    """Runs the glassbox binary on the driver; raises GlassboxFailure with its status and message."""
    done = subprocess.run([binary] + list(arguments), capture_output=True)
    if done.returncode != 0:
        raise GlassboxFailure(done.returncode, done.stderr.decode("utf-8", "replace").strip())
    return done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def write_partials(folder, results, suffix):
    """Writes each partition's output to FOLDER/part-00000SUFFIX…, returns the paths in partition order."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for partition, _, payload in results:
        path = os.path.join(folder, f"part-{partition:05d}{suffix}")
        with open(path, "wb") as handle:
            handle.write(payload)
        paths.append(path)
    return paths
