#!/usr/bin/python3
"""Writes the integer timesteps diffusers' schedulers place, for SpacingTest: the expressions of
`set_timesteps` in DDIMScheduler/DDPMScheduler (K points) and in the multistep schedulers
(DPMSolverMultistepScheduler, UniPCMultistepScheduler: K + 1 points with the last dropped), for
timestep_spacing linspace, leading and trailing, T = 1000, steps_offset 0, K = 3..25, evaluated
by NumPy itself (its rounding is half to even, its arange and linspace their own arithmetic).

Run:  /usr/bin/python3 core/src/test/python/spacing_reference.py
Output: core/src/test/resources/fixtures/solvers/spacings.json
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures", "solvers", "spacings.json")
T = 1000


def ddim(spacing, n):
    if spacing == "linspace":
        return np.linspace(0, T - 1, n).round()[::-1].copy().astype(np.int64)
    if spacing == "leading":
        step_ratio = T // n
        return (np.arange(0, n) * step_ratio).round()[::-1].copy().astype(np.int64)
    step_ratio = T / n
    return np.round(np.arange(T, 0, -step_ratio)).astype(np.int64) - 1


def multistep(spacing, n):
    last = T
    if spacing == "linspace":
        return np.linspace(0, last - 1, n + 1).round()[::-1][:-1].copy().astype(np.int64)
    if spacing == "leading":
        step_ratio = last // (n + 1)
        return (np.arange(0, n + 1) * step_ratio).round()[::-1][:-1].copy().astype(np.int64)
    step_ratio = T / n
    return np.arange(last, 0, -step_ratio).round().copy().astype(np.int64) - 1


def main():
    out = {}
    for family, lists in (("ddim", ddim), ("multistep", multistep)):
        for spacing in ("linspace", "leading", "trailing"):
            out[family + "/" + spacing] = {str(k): lists(spacing, k).tolist() for k in range(3, 26)}
    with open(OUT, "w") as f:
        json.dump({"T": T, "lists": out}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
