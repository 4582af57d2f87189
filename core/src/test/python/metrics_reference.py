#!/usr/bin/python3
"""Writes a small FID/KID reference computed independently with numpy (LAPACK's eigh):
two feature sets of 25 x 4 and the expected FID and KID (one subset of all 25 rows, so the
value does not depend on the random subset choice).

    /usr/bin/python3 core/src/test/python/metrics_reference.py
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "metrics", "reference.json")


def sqrtm_psd(s):
    w, v = np.linalg.eigh(s)
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.T


def fid(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    r = sqrtm_psd(s1)
    m = r @ s2 @ r
    tr = np.sqrt(np.clip(np.linalg.eigvalsh((m + m.T) / 2), 0, None)).sum()
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr)


def kid(a, b):
    d = a.shape[1]
    k = lambda x, y: (x @ y.T / d + 1) ** 3
    m = a.shape[0]
    kxx, kyy, kxy = k(a, a), k(b, b), k(a, b)
    return float((kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.mean())


def main():
    rng = np.random.RandomState(7)
    a = rng.randn(25, 4) @ rng.randn(4, 4) + rng.randn(4)
    b = rng.randn(25, 4) * 1.5 + 0.3
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"a": a.tolist(), "b": b.tolist(), "fid": fid(a, b), "kid": kid(a, b)}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
