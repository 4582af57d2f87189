#!/usr/bin/python3
"""The FID peer: pytorch-fid's calculate_frechet_distance (scipy.linalg.sqrtm of sigma1 @ sigma2)
on two statistics files, timed. With --write it first makes the files: d-dimensional
covariances of n Gaussian features each (two different mixings), as np.savez writes them.

    /usr/bin/python3 bench/scipy_fid.py --write DIR [--d 2048 --n 4096]
    /usr/bin/python3 bench/scipy_fid.py DIR/a.npz DIR/b.npz
Prints RESULT lines as BenchMain does (seconds, and the value).
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "python"))
from fid_reference import frechet  # noqa: E402  (pytorch-fid's calculate_frechet_distance, step for step)


def write(folder, d, n):
    rng = np.random.default_rng(1)
    for name, scale in (("a", 1.0), ("b", 1.1)):
        mix = rng.normal(size=(d, d)) / np.sqrt(d) * scale
        x = rng.normal(size=(n, d)) @ mix + rng.normal(size=d) * 0.1
        np.savez(os.path.join(folder, name + ".npz"), mu=x.mean(0), sigma=np.cov(x, rowvar=False))


def main():
    args = sys.argv[1:]
    if args[0] == "--write":
        d = int(args[args.index("--d") + 1]) if "--d" in args else 2048
        n = int(args[args.index("--n") + 1]) if "--n" in args else 4096
        write(args[1], d, n)
        return
    a, b = np.load(args[0]), np.load(args[1])
    best, value = float("inf"), None
    for _ in range(int(os.environ.get("BENCH_REPEATS", "2"))):
        t0 = time.perf_counter()
        value = frechet(a["mu"], a["sigma"], b["mu"], b["sigma"])
        best = min(best, time.perf_counter() - t0)
    print(f"scipy sqrtm FID {value:.9f} in {best:.2f} s")
    print(f"RESULT bench=fid backend=scipy value={best:.4f} unit=s")
    print(f"RESULT bench=fid_value backend=scipy value={value:.9f} unit=fid")


if __name__ == "__main__":
    main()
