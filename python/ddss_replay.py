#!/usr/bin/env python3
"""Replays a ddss sampler card (the sampler.json that `ddss search` writes; format in
docs/sampler-format.md) with any noise-prediction model, in NumPy or PyTorch.

    import ddss_replay
    card = ddss_replay.load("sampler.json")
    x = ddss_replay.sample(card, eps, noise)

`eps(x, t)` is the model: it returns the predicted noise for the batch `x` at the real-valued
training time `t` (a float in [0, T-1]; a diffusers UNet2DModel takes it as
`unet(x, torch.tensor(t)).sample`; do not round it, the card's times are the ones searched).
`noise` is the initial Gaussian sample x_K, a NumPy array or a torch tensor; the output has its
type. Cards whose transitions add fresh noise (c != 0) draw it from `step_noise(i, like)`,
standard Gaussian by default.

Only NumPy is needed (PyTorch only when the arrays are tensors). This file is the whole replay:
copy it next to your code.
"""
import json

FORMAT = "ddss-sampler"
MAJOR = 1


def load(path):
    """The card at `path`, checked: its format, a major version this replay reads, and the
    coefficient arrays' shapes. Unknown fields are ignored, as the format asks."""
    with open(path, encoding="utf-8") as f:
        card = json.load(f)
    if card.get("format") != FORMAT:
        raise ValueError(f"{path}: format is {card.get('format')!r}, not {FORMAT!r}")
    version = card.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"{path}: version {version!r} is not an integer")
    if version > MAJOR:
        raise ValueError(f"{path}: format version {version}; this replay reads version {MAJOR} (get a newer ddss_replay.py)")
    k = len(card["times"])
    co = card["coefficients"]
    if (len(co["m"]) != k or len(co["s"]) != k or len(co["c"]) != k - 1 or len(co["a"]) != k - 1 or len(co["b"]) != k - 1
            or any(len(co["a"][i]) != i + 1 or len(co["b"][i]) != i + 1 for i in range(k - 1))):
        raise ValueError(f"{path}: coefficient arrays do not fit K = {k}")
    return card


def _randn_like(i, like):
    if hasattr(like, "new_empty"):  # a torch tensor
        import torch
        return torch.randn_like(like)
    import numpy as np
    return np.random.default_rng(i).standard_normal(like.shape).astype(like.dtype)


def sample(card, eps, noise, step_noise=_randn_like):
    """Runs the card's chain from `noise` (x_0 = noise; the model is called at times[0] first):
    p_i = (x_i - s_i eps(x_i, t_i)) / m_i, clipped to [-1, 1] when the card says clip, and
    x_{i+1} = sum_j a_ij x_j + sum_j b_ij p_j + c_i z_i. Returns p_{K-1}."""
    times = card["times"]
    co = card["coefficients"]
    clip = card.get("clip", False)
    xs, ps = [noise], []
    for i, t in enumerate(times):
        x = xs[i]
        p = (x - co["s"][i] * eps(x, float(t))) / co["m"][i]
        if clip:
            p = p.clip(-1, 1)
        ps.append(p)
        if i + 1 == len(times):
            return p
        nxt = co["c"][i] * step_noise(i, x) if co["c"][i] != 0 else 0 * x
        for j in range(i + 1):
            nxt = nxt + co["a"][i][j] * xs[j] + co["b"][i][j] * ps[j]
        xs.append(nxt)
    raise ValueError("a card with no times")


def diffusers_timesteps(card):
    """The times rounded to integers, for diffusers' `set_timesteps(timesteps=...)`: only the step
    placement; a diffusers scheduler then applies its own update rule, not the card's."""
    return [int(round(t)) for t in card["times"]]


def comfyui_sigmas(card):
    """The card's noise levels as ComfyUI's SIGMAS (VE sigma = sigma_t / alpha_t, then 0): again
    only the step placement."""
    return list(card["sigmas"]) + [0.0]


if __name__ == "__main__":
    import sys
    c = load(sys.argv[1])
    print(f"{c['family']} K={len(c['times'])} times {[round(t, 2) for t in c['times']]}")
