"""Lookalike similarity benchmark: Glassbox `similarity --k 10` vs scikit-learn NearestNeighbors (brute, cosine).

Data: N rows x P numeric features (mixed scales), a `seed` column with S seeds (seeded draw).
Glassbox end to end = `train lookalike` (read, standardise, store seeds) + `score` (read, blocked dgemm top-K, write).
scikit-learn end to end = pandas read, standardise with the same means/sds, normalise, NearestNeighbors(metric="cosine",
algorithm="brute", n_neighbors=K).fit(seeds).kneighbors(all rows), mean similarity 1 - distance, CSV write.
Scores are compared on every row (max |diff|).

    python Benchmarks/lookalike/bench_lookalike.py --glassbox .build/release/glassbox [--rows 1000000 --features 20 --seeds 10000]
"""
import argparse, json, os, subprocess, sys, time
import numpy as np
import pandas as pd


def make_data(path, rows, features, seeds, seed):
    rng = np.random.default_rng(seed)
    scales = np.exp(rng.uniform(-3, 4, features))
    offsets = rng.uniform(-100, 100, features)
    x = rng.standard_normal((rows, features)) * scales + offsets
    flag = np.zeros(rows, dtype=int)
    flag[rng.choice(rows, seeds, replace=False)] = 1
    df = pd.DataFrame(x, columns=[f"x{j+1}" for j in range(features)])
    df["seed"] = flag
    df.to_csv(path, index=False, float_format="%.10g")


def run(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    if r.returncode != 0:
        sys.exit(r.stderr)
    return time.perf_counter() - t


def sklearn_run(data, out, k):
    from sklearn.neighbors import NearestNeighbors
    t = time.perf_counter()
    df = pd.read_csv(data)
    flag = df.pop("seed").to_numpy() == 1
    x = df.to_numpy()
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    nn = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(z[flag])
    dist, _ = nn.kneighbors(z)
    score = 1 - dist.mean(axis=1)
    pd.DataFrame({"score": score}).to_csv(out, index=False, float_format="%.17g")
    return time.perf_counter() - t, score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glassbox", required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--features", type=int, default=20)
    ap.add_argument("--seeds", type=int, default=10_000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--dir", default="Benchmarks/data")
    ap.add_argument("--out", default="Benchmarks/results/lookalike.json")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    data = os.path.join(a.dir, f"lookalike-{a.rows}-{a.features}-{a.seeds}.csv")
    if not os.path.exists(data):
        make_data(data, a.rows, a.features, a.seeds, 1)
    formula = "~ " + " + ".join(f"x{j+1}" for j in range(a.features))
    model, scores = os.path.join(a.dir, "lk-model.json"), os.path.join(a.dir, "lk-scores.csv")
    t_train = run([a.glassbox, "train", "lookalike", "--data", data, "--formula", formula, "--seed", "seed",
                   "--method", "similarity", "--k", str(a.k), "--out", model, "--force"])
    t_score = run([a.glassbox, "score", model, "--data", data, "--out", scores, "--force"])
    t_sk, sk = sklearn_run(data, os.path.join(a.dir, "lk-sklearn.csv"), a.k)
    gb = pd.read_csv(scores)["score"].to_numpy()
    result = {"rows": a.rows, "features": a.features, "seeds": a.seeds, "k": a.k,
              "glassbox_train_s": t_train, "glassbox_score_s": t_score, "glassbox_total_s": t_train + t_score,
              "sklearn_total_s": t_sk, "speedup": t_sk / (t_train + t_score),
              "max_abs_score_diff": float(np.max(np.abs(gb - sk)))}
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
