#!/usr/bin/python3
"""PyTorch peer for the Inception benchmark: pytorch-fid's FID Inception-v3 (the parity
fixture's rebuild, core/src/test/python/inception_fixture.py, full width) with random weights,
on images already 299x299, BENCH_BATCH (default 32) at a time, 2 threads: pool3 features
(torch.no_grad) and the input VJP, in images/s (mean over BENCH_SECONDS, default 20, after one
warm-up call). With --write FILE it first saves its random weights there (torch.save), so that
our side runs the very same network.

Prints RESULT lines as BenchMain does.
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "python"))
from inception_fixture import FidInception, randomize  # noqa: E402


def rate(fn, seconds):
    fn()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds or n < 2:
        fn()
        n += 1
    return n / (time.perf_counter() - t0)


def main():
    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "2")))
    batch = int(os.environ.get("BENCH_BATCH", "32"))
    seconds = float(os.environ.get("BENCH_SECONDS", "20"))
    model = FidInception(1).eval()
    randomize(model, torch.Generator().manual_seed(1))
    if len(sys.argv) > 2 and sys.argv[1] == "--write":
        torch.save(model.state_dict(), sys.argv[2])
    x = torch.rand(batch, 3, 299, 299) * 2 - 1

    def forward():
        with torch.no_grad():
            return model(x)

    def vjp():
        xi = x.clone().requires_grad_(True)
        f = model(xi)
        return torch.autograd.grad(f, xi, torch.ones_like(f))[0]

    print(f"# torch {torch.__version__}, batch {batch}, {torch.get_num_threads()} threads")
    for name, fn in (("forward", forward), ("inputVjp", vjp)):
        r = rate(fn, seconds) * batch
        print(f"inception {name}: {r:.2f} images/s")
        print(f"RESULT bench=pytorch.inception_{name} backend=pytorch value={r:.4f} unit=images/s")


if __name__ == "__main__":
    main()
