"""glassbox_spark on a local Spark (local[2], 4+ partitions) against the single-machine glassbox.

Run from the repository root with the binary to test:
    GLASSBOX_BIN=.build/release/glassbox PYTHONPATH=integrations/spark python -m unittest discover -s integrations/spark/tests -v
The social-pressure data are read from $GLASSBOX_DATA_DIR or ../shared/data; those tests skip when the
file is absent. The audit JSON must equal the single machine's (manifest aside: it names the data
source and the command), the scores file byte for byte, the logistic model's coefficients and standard
errors and the uplift model's coefficients to 1e-12 relative.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPOSITORY, "integrations", "spark"))

from glassbox_spark import run  # noqa: E402

BINARY = os.environ.get("GLASSBOX_BIN", os.path.join(REPOSITORY, ".build", "debug", "glassbox"))
DATA_DIR = os.environ.get("GLASSBOX_DATA_DIR", os.path.join(REPOSITORY, "..", "shared", "data"))
SOCIAL_PRESSURE = os.path.join(DATA_DIR, "social-pressure.csv")
SPARK = ["--master", "local[2]", "--glassbox", BINARY]


def glassbox(*arguments):
    done = subprocess.run([BINARY] + list(arguments), capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"glassbox {' '.join(arguments)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def without_manifest(path):
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    report.pop("manifest", None)
    return report


def assert_close(test, single, distributed, where="", relative=1e-12):
    """Equal structure; numbers to `relative` (relative to the larger magnitude), everything else exactly."""
    if isinstance(single, dict):
        test.assertEqual(sorted(single), sorted(distributed), where)
        for key in single:
            assert_close(test, single[key], distributed[key], f"{where}.{key}", relative)
    elif isinstance(single, list):
        test.assertEqual(len(single), len(distributed), where)
        for k, (a, b) in enumerate(zip(single, distributed)):
            assert_close(test, a, b, f"{where}[{k}]", relative)
    elif isinstance(single, float) and isinstance(distributed, (int, float)) and not isinstance(distributed, bool):
        scale = max(abs(single), abs(distributed))
        test.assertLessEqual(abs(single - distributed), relative * scale, f"{where}: {single} vs {distributed}")
    else:
        test.assertEqual(single, distributed, where)


class SparkAgainstSingleMachine(unittest.TestCase):
    spark = None

    @classmethod
    def setUpClass(cls):
        from pyspark.sql import SparkSession

        cls.started = time.time()
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        cls.folder = tempfile.mkdtemp(prefix="glassbox-spark-test-")
        cls.spark = (SparkSession.builder.master("local[2]").appName("glassbox-spark tests")
                     .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                     .config("spark.sql.shuffle.partitions", "4").getOrCreate())
        cls.spark.sparkContext.setLogLevel("ERROR")
        cls.voters = cls.path("voters.csv")
        glassbox("simulate", "--rows", "20000", "--seed", "11", "--out", cls.voters, "--quiet")
        import pandas as pd

        cls.voters_parquet = cls.path("voters.parquet")
        pd.read_csv(cls.voters, dtype={"voter_id": str}).to_parquet(cls.voters_parquet, index=False)
        cls.voter_model = cls.path("voter-model.json")
        glassbox("train", "logistic", "--data", cls.voters, "--formula",
                 "voted_2024 ~ age + female + C(race) + voted_2020 + voted_2022 + income", "--out", cls.voter_model, "--quiet")

    @classmethod
    def tearDownClass(cls):
        if cls.spark is not None:
            cls.spark.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)
        sys.stderr.write(f"\nSpark tests took {time.time() - cls.started:.1f} s\n")

    @classmethod
    def path(cls, name):
        return os.path.join(cls.folder, name)

    def spark_run(self, *arguments):
        status = run(list(arguments), spark=self.spark)
        self.assertEqual(status, 0, f"glassbox_spark {' '.join(arguments)} exited {status}")

    def assert_same_audit(self, data, spark_data, audit_options, partitions, name):
        single, distributed = self.path(name + ".single.json"), self.path(name + ".spark.json")
        glassbox("audit", "--data", data, *audit_options, "--out", single, "--quiet")
        self.spark_run("audit", "--data", spark_data, *audit_options, "--partitions", str(partitions), "--out", distributed, *SPARK)
        self.assertEqual(without_manifest(distributed), without_manifest(single))

    def test_audit_of_a_score_column_with_weights_intersections_and_top_ties(self):
        options = ["--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "race", "--group", "county",
                   "--intersect", "--top", "0.3", "--weights", "weight", "--bootstrap", "200"]
        self.assert_same_audit(self.voters, self.voters, options, 4, "voters-score")

    def test_audit_of_a_model_read_from_parquet(self):
        options = ["--model", self.voter_model, "--outcome", "voted_2024", "--group", "race", "--group", "female",
                   "--threshold", "0.6", "--bootstrap", "200"]
        self.assert_same_audit(self.voters, self.voters_parquet, options, 5, "voters-model")

    def test_scores_are_the_single_machine_scores(self):
        single, distributed = self.path("scores.single.csv"), self.path("scores.spark.csv")
        glassbox("score", self.voter_model, "--data", self.voters, "--id", "voter_id", "--keep", "county", "--out", single, "--quiet")
        for data, partitions in [(self.voters, 4), (self.voters_parquet, 6)]:
            self.spark_run("score", self.voter_model, "--data", data, "--id", "voter_id", "--keep", "county",
                           "--partitions", str(partitions), "--out", distributed, "--force", *SPARK)
            with open(single, "rb") as a, open(distributed, "rb") as b:
                self.assertEqual(a.read(), b.read(), f"scores of {data}")

    def test_uplift_scores_are_the_single_machine_scores(self):
        model = self.path("uplift-model.json")
        glassbox("train", "uplift", "--data", self.voters, "--formula", "voted_2024 ~ age + female + C(race) + voted_2022",
                 "--treatment", "canvassed", "--treated", "1", "--control", "0", "--out", model, "--quiet")
        single, distributed = self.path("uplift.single.csv"), self.path("uplift.spark.csv")
        glassbox("score", model, "--data", self.voters, "--id", "voter_id", "--out", single, "--quiet")
        self.spark_run("score", model, "--data", self.voters, "--id", "voter_id", "--partitions", "4", "--out", distributed, *SPARK)
        with open(single, "rb") as a, open(distributed, "rb") as b:
            self.assertEqual(a.read(), b.read(), "uplift scores")

    def test_quoted_missing_and_typed_fields_reach_glassbox_as_in_the_file(self):
        # The partitions' CSV is written by pyarrow: text with commas or quotes must be quoted,
        # "NA" and empty fields stay missing, Parquet booleans are True/False and NaN is missing, as in the
        # CSV the single machine reads.
        import pandas as pd

        frame = pd.read_csv(self.voters, dtype={"voter_id": str, "county": str}, keep_default_na=False).head(3000)
        odd = ["County, A", 'Say "hi"', "NA", "", "plain", "N/A"]
        frame["county"] = [odd[k % len(odd)] for k in range(len(frame))]
        frame["flag"] = [k % 3 == 0 for k in range(len(frame))]
        frame["income"] = [float("nan") if k % 7 == 0 else value for k, value in enumerate(frame["income"].astype(float))]
        # Parquet timestamps (instants), dates and decimals reach glassbox as the session's local time,
        # without an offset, as the former mapInPandas path wrote them; the session here is New York's.
        import datetime
        import decimal

        instants = pd.Series([pd.NaT if k % 11 == 0 else pd.Timestamp("2020-01-01 12:00:00", tz="UTC") + pd.Timedelta(minutes=37 * k)
                              for k in range(len(frame))], dtype="datetime64[us, UTC]")  # Spark reads microseconds
        dates = [None if k % 13 == 0 else datetime.date(2020, 1, 1) + datetime.timedelta(days=k % 400) for k in range(len(frame))]
        amounts = [None if k % 9 == 0 else decimal.Decimal(k % 1000) / 4 + decimal.Decimal("0.00") for k in range(len(frame))]
        typed = frame.assign(when=instants, day=dates, amount=amounts)
        local = instants.dt.tz_convert("America/New_York").dt.strftime("%Y-%m-%d %H:%M:%S")
        frame = frame.assign(when=local, day=[d.isoformat() if d else "" for d in dates], amount=[str(a) if a is not None else "" for a in amounts])
        text, parquet = self.path("odd.csv"), self.path("odd.parquet")
        frame.to_csv(text, index=False, na_rep="")
        typed.to_parquet(parquet, index=False)
        single, distributed = self.path("odd.single.csv"), self.path("odd.spark.csv")
        options = ["--id", "voter_id", "--keep", "county,flag,income,when,day,amount"]
        glassbox("score", self.voter_model, "--data", text, *options, "--out", single, "--quiet")
        zone = self.spark.conf.get("spark.sql.session.timeZone")
        self.spark.conf.set("spark.sql.session.timeZone", "America/New_York")
        try:
            for data in [text, parquet]:
                self.spark_run("score", self.voter_model, "--data", data, *options, "--partitions", "4", "--out", distributed, "--force", *SPARK)
                with open(single, "rb") as a, open(distributed, "rb") as b:
                    self.assertEqual(a.read(), b.read(), f"scores of {data}")
        finally:
            self.spark.conf.set("spark.sql.session.timeZone", zone)

    def test_one_column_data_keep_their_rows_with_missing_values(self):
        # One column: a missing value is a row of one empty field, written "" (an empty line would be skipped).
        import pandas as pd

        model = self.path("age-model.json")
        glassbox("train", "logistic", "--data", self.voters, "--formula", "voted_2024 ~ age", "--out", model, "--quiet")
        ages = pd.read_csv(self.voters)[["age"]].head(2000).astype(float)
        ages.loc[ages.index % 5 == 0, "age"] = float("nan")
        text, parquet = self.path("ages.csv"), self.path("ages.parquet")
        ages.to_csv(text, index=False, na_rep="")
        ages.to_parquet(parquet, index=False)
        single, distributed = self.path("ages.single.csv"), self.path("ages.spark.csv")
        glassbox("score", model, "--data", text, "--out", single, "--quiet")
        for data in [text, parquet]:
            self.spark_run("score", model, "--data", data, "--partitions", "4", "--out", distributed, "--force", *SPARK)
            with open(single, "rb") as a, open(distributed, "rb") as b:
                self.assertEqual(a.read(), b.read(), f"scores of {data}")

    def recording_glassbox(self, log):
        """Spark options whose --glassbox is a wrapper that appends the header line of every partition's CSV
        (the file after --data) to `log`, then runs the glassbox under test: what the driver sends."""
        wrapper = self.path(os.path.basename(log) + ".sh")
        with open(wrapper, "w", encoding="utf-8") as handle:
            handle.write(f"""#!/bin/sh
previous=
for argument in "$@"; do
    if [ "$previous" = --data ]; then head -n 1 "$argument" >> {shlex.quote(log)}; fi
    previous=$argument
done
exec {shlex.quote(os.path.abspath(BINARY))} "$@"
""")
        os.chmod(wrapper, 0o755)
        return ["--master", "local[2]", "--glassbox", wrapper]

    def assert_sent_columns(self, log, columns):
        """Every partition of every pass got the CSV of exactly `columns`, in that order."""
        with open(log, encoding="utf-8") as handle:
            headers = handle.read().splitlines()
        self.assertGreater(len(headers), 0)
        self.assertEqual(set(headers), {",".join(columns)})

    def assert_same_fit(self, data, spark_data, options, partitions, name, spark=SPARK, single_data=None):
        single, distributed = self.path(name + ".single.json"), self.path(name + ".spark.json")
        glassbox("train", "logistic", "--data", data, *options, "--out", single, "--quiet")
        self.spark_run("train", "logistic", "--data", spark_data, *options, "--partitions", str(partitions), "--out", distributed, *spark)
        with open(single, encoding="utf-8") as one, open(distributed, encoding="utf-8") as other:
            self.assertEqual(json.load(one)["manifest"]["data"], json.load(other)["manifest"]["data"])  # path, SHA-256, row counts
        if single_data is not None:  # the same rows without the unused columns: the same model but for the manifest
            narrow = self.path(name + ".narrow.json")
            glassbox("train", "logistic", "--data", single_data, *options, "--out", narrow, "--quiet")
            self.assertEqual(without_manifest(narrow), without_manifest(single))
        a, b = without_manifest(single), without_manifest(distributed)
        # Covariance entries to 1e-12 of sqrt(Σᵢᵢ Σⱼⱼ) (an off-diagonal entry near 0 has no relative precision of its own).
        sa, sb = a.pop("covariance"), b.pop("covariance")
        self.assertEqual(len(sa), len(sb))
        for i, row in enumerate(sa):
            for j, value in enumerate(row):
                scale = (sa[i][i] * sa[j][j]) ** 0.5
                self.assertLessEqual(abs(value - sb[i][j]), 1e-12 * scale, f"{name}.covariance[{i}][{j}]")
        # Coefficients, standard errors and fit statistics to 1e-12 relative; everything else exactly.
        assert_close(self, a, b, name)

    def test_logistic_fit_with_cluster_robust_errors_sends_only_the_columns_it_reads(self):
        # The voter file plus unused columns: text with commas and quotes, and one that is numbers in the first
        # rows and text after them (a partition that parsed it would read it as another kind than its neighbour).
        import pandas as pd

        frame = pd.read_csv(self.voters, dtype=str, keep_default_na=False)
        frame.insert(3, "notes", [f'door {k}, said "later"' for k in range(len(frame))])
        frame["mixed"] = [f"{k}.25" if k < len(frame) // 2 else f"code-{k}" for k in range(len(frame))]
        wide = self.path("voters-wide.csv")
        frame.to_csv(wide, index=False)
        log = self.path("fit-headers.log")
        options = ["--formula", "voted_2024 ~ age + female + C(race) + voted_2020 + voted_2022 + income", "--cluster", "county"]
        self.assert_same_fit(wide, wide, options, 4, "voters-fit", spark=self.recording_glassbox(log), single_data=self.voters)
        self.assert_sent_columns(log, ["voted_2024", "age", "female", "race", "voted_2020", "voted_2022", "income", "county"])

    def test_selected_columns_are_names_and_a_malformed_row_still_fails(self):
        # A dotted or back-quoted name is one column, not a path; a row with an extra field in a column the
        # command does not read fails the read, as it fails glassbox on one machine (exit 65), instead of
        # shifting the values of the columns it does read.
        from glassbox_spark.partitions import ROW_TAG, read_ordered

        dotted = self.path("dotted.csv")
        with open(dotted, "w", encoding="utf-8") as handle:
            handle.write("y,inc.k,we`ird,notes\n1,2.5,a,x\n0,3.5,b,y\n")
        rows = read_ordered(self.spark, dotted, "csv", 2, ["y", "inc.k", "we`ird"]).drop(ROW_TAG).collect()
        self.assertEqual([tuple(row) for row in rows], [("1", "2.5", "a"), ("0", "3.5", "b")])
        ragged = self.path("ragged.csv")
        with open(ragged, "w", encoding="utf-8") as handle:
            handle.write("y,comment,age,female\n1,ok,40,1\n0,a,3,45,1\n")
        with self.assertRaises(Exception):
            read_ordered(self.spark, ragged, "csv", 2, ["y", "age", "female"]).collect()
        with self.assertRaises(AssertionError):
            glassbox("train", "logistic", "--data", ragged, "--formula", "y ~ age + female", "--out", self.path("never-fit.json"))

    def test_uplift_fit(self):
        # One two-model fit: the control and treated outcome models are fitted in the same passes.
        options = ["--formula", "voted_2024 ~ age + female + C(race) + voted_2022", "--treatment", "canvassed",
                   "--treated", "1", "--control", "0"]
        single, distributed = self.path("uplift-fit.single.json"), self.path("uplift-fit.spark.json")
        glassbox("train", "uplift", "--data", self.voters, *options, "--out", single, "--quiet")
        started = time.time()
        log = self.path("uplift-headers.log")
        self.spark_run("train", "uplift", "--data", self.voters, *options, "--partitions", "4", "--out", distributed,
                       *self.recording_glassbox(log))
        sys.stderr.write(f"\nSpark uplift fit took {time.time() - started:.1f} s\n")
        self.assert_sent_columns(log, ["voted_2024", "age", "female", "race", "voted_2022", "canvassed"])
        with open(single, encoding="utf-8") as one, open(distributed, encoding="utf-8") as other:
            self.assertEqual(json.load(one)["manifest"]["data"], json.load(other)["manifest"]["data"])  # path, SHA-256, row counts
        # Coefficients to 1e-12 relative; row counts, terms, warnings and options exactly.
        assert_close(self, without_manifest(single), without_manifest(distributed), "uplift-fit")

    def test_a_partition_failure_reports_glassbox_status(self):
        status = run(["audit", "--data", self.voters, "--score", "county", "--outcome", "voted_2024", "--group", "race",
                      "--partitions", "4", "--out", self.path("never.json"), *SPARK], spark=self.spark)
        self.assertEqual(status, 65)
        self.assertFalse(os.path.exists(self.path("never.json")))

    @unittest.skipUnless(os.path.exists(SOCIAL_PRESSURE), f"social-pressure data absent ({SOCIAL_PRESSURE})")
    def test_social_pressure_audit_and_scores(self):
        model = self.path("social-model.json")
        glassbox("train", "logistic", "--data", SOCIAL_PRESSURE, "--formula", "primary2006 ~ primary2004 + sex + hhsize + C(messages)",
                 "--out", model, "--quiet")
        options = ["--model", model, "--outcome", "primary2006", "--group", "messages", "--group", "sex", "--intersect",
                   "--top", "0.25", "--bootstrap", "100"]
        self.assert_same_audit(SOCIAL_PRESSURE, SOCIAL_PRESSURE, options, 4, "social")
        single, distributed = self.path("social.single.csv"), self.path("social.spark.csv")
        glassbox("score", model, "--data", SOCIAL_PRESSURE, "--keep", "messages", "--out", single, "--quiet")
        self.spark_run("score", model, "--data", SOCIAL_PRESSURE, "--keep", "messages", "--partitions", "4", "--out", distributed, *SPARK)
        with open(single, "rb") as a, open(distributed, "rb") as b:
            self.assertEqual(a.read(), b.read())

    @unittest.skipUnless(os.path.exists(SOCIAL_PRESSURE), f"social-pressure data absent ({SOCIAL_PRESSURE})")
    def test_social_pressure_logistic_fit(self):
        # Age rather than the raw year of birth: with yearofbirth (≈ 1950 ± 14) the design's condition number is
        # ~10⁵ and the intercept's standard error moves by ~4e-12 relative with the order of the row sums; the
        # 1e-12 agreement holds for a well-conditioned design (condition number 251 here).
        options = ["--formula", "primary2006 ~ primary2004 + sex + hhsize + C(messages) + I(2006 - yearofbirth)", "--robust", "hc1"]
        self.assert_same_fit(SOCIAL_PRESSURE, SOCIAL_PRESSURE, options, 4, "social-fit")


if __name__ == "__main__":
    unittest.main()
