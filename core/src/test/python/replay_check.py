#!/usr/bin/python3
"""Runs python/ddss_replay.py on the inputs ReplayTest writes: a card, the analytic model's
alpha and sigma at the card's times (Gaussian data N(mu, s^2), whose exact noise prediction is
known), the initial noise and each transition's noise. Writes the samples as JSON.

    /usr/bin/python3 core/src/test/python/replay_check.py input.json output.json
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "python"))
import ddss_replay  # noqa: E402


def main():
    with open(sys.argv[1]) as f:
        inp = json.load(f)
    card = ddss_replay.load(inp["card"])
    mu, s = inp["mu"], inp["s"]
    levels = {t: (a, sg) for t, a, sg in zip(card["times"], inp["alpha"], inp["sigma"])}

    def eps(x, t):
        a, sg = levels[t]
        gain = a * s * s / (a * a * s * s + sg * sg)
        post = mu + gain * (x - a * mu)
        return (x - a * post) / sg

    z = [np.array(v, dtype=np.float64) for v in inp["z"]]
    out = ddss_replay.sample(card, eps, np.array(inp["x0"], dtype=np.float64), step_noise=lambda i, like: z[i])
    with open(sys.argv[2], "w") as f:
        json.dump({"samples": out.tolist(), "timesteps": ddss_replay.diffusers_timesteps(card),
                   "sigmas": ddss_replay.comfyui_sigmas(card)}, f)


if __name__ == "__main__":
    main()
