"""Reading a data set into ordered partitions and running the glassbox binary on each of them.

Design (docs/spark.md): the data are read by Spark (`spark.read.csv` or `spark.read.parquet`), each
row is tagged with its position (`monotonically_increasing_id`, which increases in file order), and
`--partitions N` cuts the rows into N consecutive ranges (`repartitionByRange` on that tag, then
`sortWithinPartitions`), so partition k holds rows that come before those of partition k + 1 and
"partition order" is file order. Each partition is handed to a Python worker by `mapInArrow` (Arrow
batches) and turned into CSV text by pyarrow (``csv_partitions``; a fit persists that text, so its later
passes start from it); each pass writes a partition's text to a file on the executor's local disk, read
by the same `glassbox` binary and CSV reader as on one machine; the binary's output file travels back
to the driver as one binary value per partition.
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


def read_ordered(spark, path, data_format, partitions, columns, absent_reads_all=False):
    """The rows of `path` (CSV with a header, or Parquet), only `columns` (None: all), in `partitions`
    consecutive ranges (None: Spark's own split of the files, already in file order for one file). A column
    of `columns` the data lack is an error (exit 65), or with `absent_reads_all` every column is kept, so
    glassbox reports the absent column with its own message, as on one machine."""
    from pyspark.sql import functions as F

    if data_format == "auto":
        data_format = "parquet" if _looks_like_parquet(path) else "csv"
    if data_format == "parquet":
        frame = spark.read.parquet(path)
    else:
        # Every field as text (no schema inference), so each value reaches glassbox as the bytes of the
        # file; a malformed line fails the job instead of becoming nulls; RFC 4180 quotes ("" inside "…").
        # Spark's CSV column pruning would parse only the selected fields and let a row with too many or too
        # few fields through (shifted values); glassbox refuses such a file, so the Spark read must too. The
        # setting is the session's: the persisted rows may be recomputed later under it.
        spark.conf.set("spark.sql.csv.parser.columnPruning.enabled", "false")
        frame = spark.read.csv(path, header=True, inferSchema=False, escape='"', mode="FAILFAST")
    if columns is not None:
        missing = [c for c in columns if c not in frame.columns]
        if missing and absent_reads_all:
            columns = frame.columns
        elif missing:
            raise GlassboxFailure(65, f"column '{missing[0]}' not found in {path}; columns are: "
                                      + ", ".join(f"'{c}'" for c in frame.columns[:20]))
        # By name, quoted: a plain string would be read as a path ("inc.k" as field k of inc).
        frame = frame.select(*[F.col("`" + name.replace("`", "``") + "`") for name in columns])
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


def csv_partitions(frame):
    """Each non-empty partition of `frame` (from ``read_ordered``) as the CSV text glassbox reads: an RDD with
    the partitioning of `frame` whose elements are rows (rows, chunk: the bytes) in row order, the first chunk of a
    partition starting with the header. Persist it to run several commands or passes on the data: later
    passes then read the CSV text from Spark's storage instead of reading, ordering and converting the data
    again (docs/spark.md, section 4)."""
    from pyspark.sql import types as T

    columns = [c for c in frame.columns if c != ROW_TAG]

    # Self-contained (imports inside), so executors need pyspark and pyarrow but not this package.
    def to_csv(batches):
        import io
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pa_csv

        def header_cell(name):
            # The rule of pandas' and Python's csv writer (QUOTE_MINIMAL): quote a field holding the
            # delimiter, a quote or a line break, doubling the quotes inside.
            if any(c in name for c in ',"\r\n'):
                return '"' + name.replace('"', '""') + '"'
            return name

        def plain(batch):
            """The batch with only columns pyarrow writes as pandas did (text, integers, floats, booleans
            spelled True/False, NaN as missing); None when a column has another type."""
            arrays = []
            for name in columns:
                array = batch.column(batch.schema.get_field_index(name))
                kind = array.type
                if pa.types.is_boolean(kind):
                    array = pc.if_else(array, "True", "False")
                elif pa.types.is_floating(kind):
                    array = pc.if_else(pc.is_nan(array), pa.scalar(None, kind), array)
                elif not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind)):
                    return None
                arrays.append(array)
            return pa.RecordBatch.from_arrays(arrays, names=columns)

        def pandas_text(batch):
            """pandas' text, as the former mapInPandas path wrote it: Arrow hands timestamps over with the
            session's time zone, mapInPandas as naive session-local times, which pandas writes without an
            offset; dates and decimals reach pandas as the same objects either way."""
            arrays = []
            for name in columns:
                array = batch.column(batch.schema.get_field_index(name))
                if pa.types.is_timestamp(array.type) and array.type.tz is not None:
                    array = pc.local_timestamp(array)
                arrays.append(array)
            frame = pa.RecordBatch.from_arrays(arrays, names=columns).to_pandas()
            return frame.to_csv(header=False, index=False, lineterminator="\n", na_rep="")

        def text(batch):
            # One column: pyarrow writes a missing value as an empty line, which a CSV reader skips; pandas
            # writes it as "" (one empty field), so the row stays.
            chosen = plain(batch) if len(columns) > 1 else None
            if chosen is None:  # one column; dates, timestamps, decimals…: pandas' text for them, as before
                return pandas_text(batch)
            handle = io.BytesIO()
            try:
                # Fields as they are: the text of a CSV source reaches glassbox unchanged.
                pa_csv.write_csv(chosen, handle, pa_csv.WriteOptions(include_header=False, quoting_style="none"))
            except pa.ArrowInvalid:
                # A field holds a comma, quote or line break: RFC 4180 quotes (glassbox reads the same value).
                handle = io.BytesIO()
                pa_csv.write_csv(chosen, handle, pa_csv.WriteOptions(include_header=False, quoting_style="needed"))
            return handle.getvalue()

        header = (",".join(header_cell(name) for name in columns) + "\n").encode("utf-8")
        for batch in batches:
            if batch.num_rows == 0:
                continue
            body = text(batch)
            if isinstance(body, str):
                body = body.encode("utf-8")
            yield pa.RecordBatch.from_arrays([pa.array([batch.num_rows], pa.int64()), pa.array([header + body], pa.binary())],
                                             names=["rows", "chunk"])
            header = b""

    schema = T.StructType([T.StructField("rows", T.LongType()), T.StructField("chunk", T.BinaryType())])
    # `.rdd` of the frame: the JVM pickles the few large rows itself, with no Python step of its own.
    return frame.mapInArrow(to_csv, schema).rdd


def run_on_partitions(data, shipped_binary, arguments):
    """Runs `glassbox ARGUMENTS --data PART.csv --out OUT` on every non-empty partition of `data` (a frame
    from ``read_ordered`` or its ``csv_partitions``; `shipped_binary` and any argument from ``ship_file`` are
    resolved on the executor); returns [(partition, rows, output bytes)] in partition order. `arguments` is a
    list of strings."""
    from pyspark.sql import DataFrame

    arguments = list(arguments)
    shipped = SHIPPED
    if isinstance(data, DataFrame):
        data = csv_partitions(data)

    # Self-contained (imports inside), so executors need pyspark but not this package.
    def per_partition(partition, chunks):
        import os
        import stat
        import subprocess
        import tempfile
        from pyspark import SparkFiles

        with tempfile.TemporaryDirectory(prefix="glassbox-") as folder:
            path = os.path.join(folder, "part.csv")
            rows = 0
            with open(path, "wb") as handle:
                for count, chunk in chunks:
                    handle.write(chunk)
                    rows += count
            if rows == 0:
                return
            binary = SparkFiles.get(shipped_binary[len(shipped):])
            mode = os.stat(binary).st_mode
            if not mode & stat.S_IXUSR:  # addFile does not keep the mode everywhere
                os.chmod(binary, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
            out = os.path.join(folder, "out")
            resolved = [SparkFiles.get(a[len(shipped):]) if a.startswith(shipped) else a for a in arguments]
            command = [binary] + resolved + ["--data", path, "--out", out]
            done = subprocess.run(command, capture_output=True)
            if done.returncode != 0:
                lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"]
                message = next((line for line in lines if line.startswith("error:")), lines[-1])
                raise RuntimeError(f"GLASSBOX_EXIT={done.returncode} {message} (partition {partition})")
            with open(out, "rb") as handle:
                payload = handle.read()
        yield partition, rows, payload

    try:
        collected = data.mapPartitionsWithIndex(per_partition).collect()
    except Exception as error:  # a task failed: surface glassbox's own status and message
        found = re.search(r"GLASSBOX_EXIT=(\d+) (.*)", str(error))
        if found is None:
            raise
        raise GlassboxFailure(int(found.group(1)), found.group(2)) from None
    return sorted(collected, key=lambda r: r[0])


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
