"""Writes the Stata/SPSS fixtures of Tests/GlassboxStatFilesTests and, for every fixture in this folder
(also the SAS and real files copied in by hand, see README.md), what pyreadstat reads from it, as
<file>.expected.json.

Run from the repository root with the development venv (pyreadstat 1.3.7, pandas 3.1.1):

    .venv/bin/python Tests/Fixtures/statfiles/make_statfiles.py           # write the files and expectations
    .venv/bin/python Tests/Fixtures/statfiles/make_statfiles.py --check   # compare, write nothing

Stata format versions: pyreadstat writes 113, 114, 115, 117, 118 and 119 (`version=` 8/9, 10/11, 12, 13, 14,
15; labelled-<format>.dta). Every format Stata released from 104 to 119 (version-<format>.dta) and a format-118 file with a strL
column (strl-118.dta) are written by ReadStat's own C writer (Debian's libreadstat) through
write_dta_versions.c, compiled here with `cc … -lreadstat`. `--check` recomputes every committed file's
expectation with pyreadstat and compares it with the committed one, and writes the C-written files again
into a temporary folder to check that they read as the committed ones (ReadStat stamps files with the
time they were written, so their bytes are not compared).

The expectations follow Glassbox's documented conventions (docs/stata-spss-sas.md), applied to what
pyreadstat reads, so the Swift test compares Glassbox's table with pyreadstat value by value:
- numbers are written as Python's repr (shortest round-trip text), missing as null;
- dates are days since 1970-01-01, date-times seconds since 1970-01-01 00:00:00, times seconds;
- value-labelled columns are text (the label; an unlabelled code as its integer text, "3");
- strings are text, the empty string is missing (Stata's rule).
Each file has two expectations: "labels" (the default) and "codes" (keepValueCodes).
ReadStat stamps each file with the time it was written, so a rerun changes the files' bytes (and
SHA-256) but not their content or the expectations.
"""
import datetime as dt
import json
import math
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
import pyreadstat

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
EPOCH_DATE = dt.date(1970, 1, 1)
EPOCH = dt.datetime(1970, 1, 1)


def labelled_frame():
    """Twelve rows with every case the reader handles: doubles with system and extended missing
    values, a value-labelled integer (with an unlabelled code and a missing value), strings with an
    empty one, dates, date-times and an integer column."""
    return pd.DataFrame({
        "score": [1.5, np.nan, -3.25, "a", 0.1, 1e300, "z", 7.0, -0.0, 2.5, 1 / 3, 42.0],
        "party": [1, 2, 1, 3, 2, np.nan, 1, 2, 2, 1, 1, 2],
        "name": ["b", "", "a", "ä", "b", "Zoë", "a", "b", "long text with spaces", "a", "c", "b"],
        "born": [dt.date(2020, 1, 1), dt.date(1960, 1, 1), None, dt.date(1999, 12, 31), dt.date(1900, 3, 1),
                 dt.date(1970, 1, 1), dt.date(1969, 12, 31), dt.date(2000, 2, 29), dt.date(2038, 1, 19),
                 dt.date(1582, 10, 15), dt.date(1945, 5, 8), dt.date(2024, 6, 30)],
        "seen": [dt.datetime(2020, 1, 1, 12, 30, 5), None, dt.datetime(1970, 1, 1), dt.datetime(1960, 1, 1, 0, 0, 1),
                 dt.datetime(2001, 9, 9, 1, 46, 40), dt.datetime(1999, 12, 31, 23, 59, 59), dt.datetime(1950, 6, 1, 6),
                 dt.datetime(2024, 2, 29, 0, 0, 30), dt.datetime(1969, 12, 31, 23, 59, 59), dt.datetime(2010, 1, 1),
                 dt.datetime(1980, 7, 4, 18), dt.datetime(2030, 1, 1, 1, 1, 1)],
        "count": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    })


PARTY_LABELS = {1: "DEM", 2: "REP"}


def write_stata(frame):
    for version, number in [(8, 113), (10, 114), (12, 115), (13, 117), (14, 118), (15, 119)]:
        written = frame.copy()
        if number == 117:
            # A string longer than 2045 bytes is stored as a strL (a separate string table). Only in
            # format 117: pyreadstat 1.3.7 writes a format-118 strL reference with its offset one byte
            # off the 2+6-byte layout of Stata's specification (v = 3, o = 1 is written 03 00 00 01 00 00
            # 00 00), which Debian's ReadStat 1.1.8 then cannot resolve (every value of the column reads
            # as empty), while pyreadstat's own reader agrees with its writer.
            written["name"] = [text if i != 4 else "x" * 3000 for i, text in enumerate(written["name"])]
        pyreadstat.write_dta(written, str(HERE / f"labelled-{number}.dta"), version=version,
                             variable_value_labels={"party": PARTY_LABELS}, missing_user_values={"score": ["a", "z"]},
                             column_labels={"party": "Party registration"})


# Every format Stata released from 104 to 119 (Stata 4 to Stata 15+). Debian's ReadStat also writes the
# numbers between them (106, 107, 109, 112, 116), which no Stata wrote and pyreadstat refuses to read.
STATA_FORMATS = [104, 105, 108, 110, 111, 113, 114, 115, 117, 118, 119]
C_WRITTEN = [(f"version-{v}.dta", [str(v)]) for v in STATA_FORMATS] + [("strl-118.dta", ["118", "strl"])]


def write_c_written(folder):
    """The files of C_WRITTEN, written into `folder` by write_dta_versions.c (ReadStat's writer)."""
    with tempfile.TemporaryDirectory() as build:
        program = pathlib.Path(build) / "write_dta_versions"
        subprocess.run(["cc", "-O1", "-o", str(program), str(HERE / "write_dta_versions.c"), "-lreadstat"], check=True)
        for name, arguments in C_WRITTEN:
            subprocess.run([str(program), arguments[0], str(folder / name)] + arguments[1:], check=True)


def write_spss(frame):
    # SPSS has no extended missing values: the letters become user-defined missing 99 and a range 90–95.
    spss = frame.copy()
    spss["score"] = [1.5, np.nan, -3.25, 99.0, 0.1, 1e300, 92.0, 7.0, -0.0, 2.5, 1 / 3, 42.0]
    spss["name"] = spss["name"].replace("", None)
    for suffix, compress in [("sav", False), ("zsav", True)]:
        pyreadstat.write_sav(spss, str(HERE / f"labelled.{suffix}"), compress=compress,
                             variable_value_labels={"party": PARTY_LABELS},
                             missing_ranges={"score": [99.0, {"lo": 90.0, "hi": 95.0}]})


def write_social_pressure_like():
    """synthetic-logit.csv as Stata and SPSS files, region and party as value-labelled codes, for the
    end-to-end test (a model from the .dta and from the CSV agree to the last bit)."""
    frame = pd.read_csv(ROOT / "Tests/Fixtures/synthetic-logit.csv")
    labels = {}
    for column in ["region", "party"]:
        levels = sorted(v for v in frame[column].unique() if isinstance(v, str))
        labels[column] = {i + 1: level for i, level in enumerate(levels)}
        frame[column] = frame[column].map({level: i + 1 for i, level in enumerate(levels)})
    frame = frame.astype("float64")
    pyreadstat.write_dta(frame, str(HERE / "synthetic-logit.dta"), version=15, variable_value_labels=labels)
    pyreadstat.write_sav(frame, str(HERE / "synthetic-logit.sav"), variable_value_labels=labels)


def number_text(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return repr(float(value))


def code_text(value):
    """An unlabelled code as Glassbox names its level: an integer without a decimal point."""
    value = float(value)
    return str(int(value)) if value == int(value) else repr(value)


def column_expectation(series, labelled, keep_codes):
    values = list(series)
    if labelled and not keep_codes:
        return {"kind": "categorical", "values": [
            None if v is None or (isinstance(v, float) and math.isnan(v)) else (v if isinstance(v, str) else code_text(v))
            for v in values]}
    if series.dtype == object or str(series.dtype) in ("str", "string"):
        sample = next((v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))), None)
        if isinstance(sample, dt.datetime):
            return {"kind": "numeric", "values": [None if v is None or pd.isna(v) else repr((v - EPOCH).total_seconds()) for v in values]}
        if isinstance(sample, dt.date):
            return {"kind": "numeric", "values": [None if v is None or pd.isna(v) else repr(float((v - EPOCH_DATE).days)) for v in values]}
        if isinstance(sample, (int, float, np.integer, np.floating)) and not isinstance(sample, bool):
            # An integer variable with missing values (pyreadstat gives object dtype): numbers.
            return {"kind": "numeric", "values": [number_text(v) for v in values]}
        if isinstance(sample, dt.time):
            return {"kind": "numeric", "values": [None if v is None or pd.isna(v) else
                                                  repr(v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6) for v in values]}
        return {"kind": "categorical", "values": [None if v is None or (isinstance(v, float) and math.isnan(v)) or v == "" else v
                                                  for v in values]}
    if str(series.dtype).startswith("datetime64"):
        return {"kind": "numeric", "values": [None if pd.isna(v) else repr((v.to_pydatetime() - EPOCH).total_seconds()) for v in values]}
    return {"kind": "numeric", "values": [number_text(v) for v in values]}


def expectation(path):
    reader = {".dta": pyreadstat.read_dta, ".sav": pyreadstat.read_sav, ".zsav": pyreadstat.read_sav,
              ".sas7bdat": pyreadstat.read_sas7bdat}[path.suffix]
    result = {}
    for mode, keep_codes in [("labels", False), ("codes", True)]:
        # SAS keeps value labels in a separate catalog file (.sas7bcat), which Glassbox does not read.
        kwargs = {} if path.suffix == ".sas7bdat" else {"apply_value_formats": not keep_codes}
        frame, meta = reader(str(path), **kwargs)
        labelled = set(meta.variable_to_label) if not keep_codes and path.suffix != ".sas7bdat" else set()
        result[mode] = {"rows": len(frame), "columns": [
            dict(name=name, **column_expectation(frame[name], name in labelled, keep_codes)) for name in frame.columns]}
    result["generator"] = f"pyreadstat {pyreadstat.__version__}, pandas {pd.__version__}"
    return result


def expectation_text(path):
    return json.dumps(expectation(path), indent=1, ensure_ascii=False) + "\n"


def fixtures():
    return [path for path in sorted(HERE.iterdir())
            if path.suffix in (".dta", ".sav", ".zsav", ".sas7bdat") and not path.name.startswith("synthetic-logit")]


def check():
    """Exit status 1 when an expectation differs from what pyreadstat reads now, or a C-written file
    written again reads differently from the committed one."""
    failures = []
    for path in fixtures():
        stored = (HERE / (path.name + ".expected.json")).read_text(encoding="utf-8")
        if expectation_text(path) != stored:
            failures.append(path.name + ": pyreadstat's reading differs from " + path.name + ".expected.json")
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        write_c_written(folder)
        for name, _ in C_WRITTEN:
            if not (HERE / name).exists():
                failures.append(name + " is not committed")
            elif expectation(folder / name) != expectation(HERE / name):
                failures.append(name + ": written again by write_dta_versions.c, it reads differently")
    for failure in failures:
        print("MISMATCH", failure)
    print(f"checked {len(fixtures())} fixtures and {len(C_WRITTEN)} C-written files: "
          + ("all agree" if not failures else f"{len(failures)} differ"))
    return 1 if failures else 0


def main():
    if "--check" in sys.argv:
        sys.exit(check())
    if "--expectations-only" not in sys.argv:
        write_stata(labelled_frame())
        write_spss(labelled_frame())
        write_social_pressure_like()
        write_c_written(HERE)
    for path in fixtures():
        (HERE / (path.name + ".expected.json")).write_text(expectation_text(path), encoding="utf-8")
        print("wrote", path.name + ".expected.json")


if __name__ == "__main__":
    main()
