#!/usr/bin/python3
"""Writes FID fixtures in the field's file formats, with FID computed as pytorch-fid computes it
(scipy.linalg.sqrtm of sigma1 @ sigma2, the real part, eps on the diagonal where not finite):

- stats_a.npz: mu, sigma of 300 features of width 64, written by np.savez_compressed (deflated, float64);
- stats_b.npz: mu, sigma of 400 other features, written by np.savez (stored) in float32;
- stats_few.npz: 40 features of width 64 (a singular covariance), np.savez, float64;
- features_a.npy-in-npz (features.npz): the 300 rows of set a (float32), to check the statistics;
- fid_scipy.json: FID(a, b) and FID(few, b) by that route.

    /usr/bin/python3 core/src/test/python/fid_reference.py   (needs python3-scipy)
"""
import json
import os

import numpy as np
from scipy import linalg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "metrics")


def frechet(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """pytorch-fid's calculate_frechet_distance, step for step."""
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))


def main():
    rng = np.random.default_rng(7)
    d = 64
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    a = rng.normal(size=(300, d)) @ mix + 0.3
    b = rng.normal(size=(400, d)) @ (mix + 0.1 * rng.normal(size=(d, d)) / np.sqrt(d)) - 0.1
    few = rng.normal(size=(40, d)) @ mix
    stats = {k: (x.mean(0), np.cov(x, rowvar=False)) for k, x in (("a", a), ("b", b), ("few", few))}
    np.savez_compressed(os.path.join(OUT, "stats_a.npz"), mu=stats["a"][0], sigma=stats["a"][1])
    np.savez(os.path.join(OUT, "stats_b.npz"), mu=stats["b"][0].astype(np.float32), sigma=stats["b"][1].astype(np.float32))
    np.savez(os.path.join(OUT, "stats_few.npz"), mu=stats["few"][0], sigma=stats["few"][1])
    np.savez(os.path.join(OUT, "features.npz"), a=a.astype(np.float32))
    b32 = (stats["b"][0].astype(np.float32).astype(np.float64), stats["b"][1].astype(np.float32).astype(np.float64))
    a32 = a.astype(np.float32).astype(np.float64)
    ref = {
        "fid_a_b": frechet(*stats["a"], *b32),
        "fid_few_b": frechet(*stats["few"], *b32),
        "fid_features_a_b": frechet(a32.mean(0), np.cov(a32, rowvar=False), *b32),
    }
    with open(os.path.join(OUT, "fid_scipy.json"), "w") as f:
        json.dump(ref, f, indent=1)
    print(ref)


if __name__ == "__main__":
    main()
