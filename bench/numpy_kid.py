#!/usr/bin/python3
"""The KID peer: the cubic-kernel KID over 100 subsets of 1,000 as torch-fidelity and the KID
paper's code compute it with NumPy (per subset, three kernel matrices from matrix products), on
two feature files, timed. With --write it first makes the files: n non-negative d-dimensional
features each (pool3-like: absolute Gaussians), as .npz with the array "features".

    /usr/bin/python3 bench/numpy_kid.py --write DIR [--d 2048 --n 5000]
    /usr/bin/python3 bench/numpy_kid.py DIR/a.npz DIR/b.npz
Prints RESULT lines as BenchMain does (seconds, and the value).
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "python"))
from metrics_reference import kid  # noqa: E402  (the unbiased cubic-kernel estimate of one subset)


def write(folder, d, n):
    rng = np.random.default_rng(2)
    for name, scale in (("a", 0.40), ("b", 0.41)):
        np.savez(os.path.join(folder, name + ".npz"), features=np.abs(rng.normal(size=(n, d))) * scale)


def main():
    args = sys.argv[1:]
    if args[0] == "--write":
        d = int(args[args.index("--d") + 1]) if "--d" in args else 2048
        n = int(args[args.index("--n") + 1]) if "--n" in args else 5000
        write(args[1], d, n)
        return
    a, b = np.load(args[0])["features"], np.load(args[1])["features"]
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    values = []
    for _ in range(100):
        values.append(kid(a[rng.choice(len(a), 1000, replace=False)], b[rng.choice(len(b), 1000, replace=False)]))
    seconds = time.perf_counter() - t0
    print(f"numpy KID {np.mean(values):.6e} ± {np.std(values):.2e} in {seconds:.2f} s (100 subsets of 1000, d = {a.shape[1]})")
    print(f"RESULT bench=kid backend=numpy value={seconds:.4f} unit=s")
    print(f"RESULT bench=kid_value backend=numpy value={np.mean(values):.6e} unit=kid")


if __name__ == "__main__":
    main()
