#!/usr/bin/env python3
"""Writes a wide CSV for the column-projection benchmark: ROWS x COLS, of which a model uses a few.

Columns: `y` (0/1 drawn from a logistic model of x1..x9), then x1..x(COLS-1). Every 50th column is a
text column (levels `a`..`e`), every 10th an integer, the others floats rounded to 4 significant
digits at mixed scales (as a voter file's numbers are short). Deterministic for a given
--seed/--rows/--cols. Written with pyarrow's CSV writer (fast; no field here needs quotes, so none are written).

    python Benchmarks/csv/make_wide_csv.py --rows 1000000 --cols 300 --seed 1 \\
        --out Benchmarks/data/wide-1m-300.csv

The model of the benchmark: `y ~ x1 + x2 + ... + x9` (10 columns of the 300).
"""
import argparse
import os

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

CHUNK = 100_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.cols < 11:
        parser.error("--cols must be at least 11 (y and x1..x9 plus others)")

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    rng = np.random.default_rng(args.seed)
    names = ["y"] + [f"x{j}" for j in range(1, args.cols)]
    scales = 10.0 ** rng.uniform(-2, 3, args.cols)
    beta = rng.uniform(-0.5, 0.5, 10)
    letters = np.array(["a", "b", "c", "d", "e"])
    writer = None
    with open(args.out, "wb") as sink:
        sink.write((",".join(names) + "\n").encode())
        for start in range(0, args.rows, CHUNK):
            n = min(CHUNK, args.rows - start)
            arrays = [None]
            z = rng.standard_normal((n, 9))
            for j in range(1, args.cols):
                if j <= 9:
                    arrays.append(pa.array(np.round(z[:, j - 1], 4)))
                elif j % 50 == 0:
                    arrays.append(pa.array(letters[rng.integers(0, 5, n)]))
                elif j % 10 == 0:
                    arrays.append(pa.array(rng.integers(0, 1000, n)))
                else:
                    v = rng.standard_normal(n) * scales[j]
                    digits = 3 - np.floor(np.log10(np.abs(v) + 1e-300)).astype(int)
                    arrays.append(pa.array(np.round(v * 10.0 ** digits) / 10.0 ** digits))
            eta = beta[0] + np.round(z, 4) @ beta[1:]
            arrays[0] = pa.array((rng.random(n) < 1 / (1 + np.exp(-eta))).astype(np.int64))
            batch = pa.record_batch(arrays, names=names)
            if writer is None:
                writer = pacsv.CSVWriter(sink, batch.schema, write_options=pacsv.WriteOptions(include_header=False, quoting_style="none"))
            writer.write_batch(batch)
        writer.close()
    print(args.out)


if __name__ == "__main__":
    main()
