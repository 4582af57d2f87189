#!/usr/bin/python3
"""PyTorch peer for one DDSS search step: the step `SearchStepBench` times, written the
PyTorch way, on the same machine with the same thread count.

GGDM+PRED with learned times at K=10, batch 32, on the embedded digits UNet's architecture
(the UNet2DModel rebuild of core/src/test/python/unet_parity.py; random weights: the timing does
not depend on their values) and classifier A's architecture (CNN_A, 128 features):
- the same parametrisation as org.ddss.search.SearchSpace (times T-1 - (T-1) cumsum(softmax(w)),
  coefficients as offsets in DDIM's units, the marginals of Theorem 1 as the conversion);
- every UNet call but the first and the last wrapped in torch.utils.checkpoint (activations
  recomputed in backward, as our reverse sweep does; the first is never differentiated, the
  last is needed first, so both sides keep its activations), frozen weights (no weight gradients);
- the linear-kernel KID through sums against 1,000 precomputed real feature rows;
- backward, gradient-norm clipping and an Adam step.

Prints one machine-readable RESULT line in steps/s, as the other peers. BENCH_DEVICE=cuda runs
it on the GPU (TF32 off, as our cuda backend; each step ends with loss.item(), which waits).

BENCH_MODEL=cifar (or 256) with BENCH_FEATURES=inception runs the real-model step instead: the
google/ddpm-cifar10-32 architecture (or the 256-pixel DDPMs') and pytorch-fid's Inception-v3 (full width, random weights;
INCEPTION_WEIGHTS=FILE saves them there for our side), the KID against random 2048-d reference
statistics; it also reports the process's peak resident memory.
"""
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "python"))
from unet_parity import UNet  # noqa: E402
from inception_fixture import FidInception, randomize  # noqa: E402
from pytorch_unet import CIFAR, DDPM_256  # noqa: E402

DIGITS = {
    "_class_name": "UNet2DModel", "sample_size": 28, "in_channels": 1, "out_channels": 1,
    "block_out_channels": [16, 32, 32], "layers_per_block": 1, "attention_head_dim": None,
    "down_block_types": ["DownBlock2D", "DownBlock2D", "AttnDownBlock2D"],
    "up_block_types": ["AttnUpBlock2D", "UpBlock2D", "UpBlock2D"],
    "norm_num_groups": 8, "norm_eps": 1e-5, "flip_sin_to_cos": True, "freq_shift": 0, "downsample_padding": 1,
}
T = 1000


def schedule():
    betas = torch.linspace(1e-4, 0.02, T, dtype=torch.float32).double()
    return torch.cumsum(torch.log1p(-betas), 0)


LOG_ABAR = schedule()


def log_abar(t):
    """log abar at real times, linear between integer steps (differentiable in t)."""
    i = torch.clamp(torch.floor(t.detach()), 0, T - 2).long()
    f = t - i
    return LOG_ABAR[i] + f * (LOG_ABAR[i + 1] - LOG_ABAR[i])


class Classifier:
    """CNN_A: two 3x3 conv + SiLU + 2x2 average pool stages, a 128-unit SiLU layer."""

    def __init__(self, gen):
        def r(*shape):
            return (torch.rand(shape, generator=gen) * 2 - 1) / math.sqrt(math.prod(shape[1:]))
        self.w1, self.b1 = r(32, 1, 3, 3), torch.zeros(32)
        self.w2, self.b2 = r(64, 32, 3, 3), torch.zeros(64)
        self.w3, self.b3 = r(128, 7 * 7 * 64), torch.zeros(128)

    def features(self, x):
        h = F.avg_pool2d(F.silu(F.conv2d(x, self.w1, self.b1, padding=1)), 2)
        h = F.avg_pool2d(F.silu(F.conv2d(h, self.w2, self.b2, padding=1)), 2)
        return F.silu(F.linear(h.flatten(1), self.w3, self.b3))


class Ggdm:
    """GGDM+PRED+TIME at the DDIM(eta=0) trailing-times start, as SearchSpace builds it."""

    def __init__(self, k):
        self.k = k
        tau = [round(T - j * T / k) - 1 for j in range(k)]
        gaps = [(tau[i] - tau[i + 1]) if i + 1 < k else tau[i] for i in range(k)]
        self.w = torch.tensor([math.log(g / (T - 1)) for g in gaps], dtype=torch.float64, requires_grad=True)
        self.ddim = []
        la = LOG_ABAR[torch.tensor(tau)]
        al, si = torch.exp(0.5 * la), torch.sqrt(-torch.expm1(la))
        for i in range(k - 1):
            a = si[i + 1] / si[i]
            b = al[i + 1] - a * al[i]
            c = a * torch.sqrt(1 - al[i] ** 2 / al[i + 1] ** 2)
            self.ddim.append((a, b, c))
        self.offsets = torch.zeros(sum(2 * (i + 1) + 1 for i in range(k - 1)), dtype=torch.float64, requires_grad=True)

    def params(self):
        return [self.w, self.offsets]

    def numbers(self):
        k = self.k
        g = torch.softmax(self.w, 0)
        tau = (T - 1) * (1 - torch.cat([torch.zeros(1, dtype=torch.float64), torch.cumsum(g, 0)[:-1]]))
        la = log_abar(tau)
        alpha, sigma = torch.exp(0.5 * la), torch.sqrt(-torch.expm1(la))
        a, b, c, q = [], [], [], 0
        for i in range(k - 1):
            da, db, dc = self.ddim[i]
            row_a = [(da if j == i else 0) + da * self.offsets[q + j] for j in range(i + 1)]
            q += i + 1
            row_b = [(db if j == i else 0) + db * self.offsets[q + j] for j in range(i + 1)]
            q += i + 1
            c.append(dc * self.offsets[q])
            q += 1
            a.append(row_a)
            b.append(row_b)
        m, noise = [alpha[0]], [[sigma[0]] + [torch.zeros((), dtype=torch.float64)] * (k - 1)]
        for i in range(k - 1):
            m.append(sum(a[i][j] * m[j] + b[i][j] for j in range(i + 1)))
            noise.append([sum(a[i][j] * noise[j][r] for j in range(i + 1)) + (c[i] if r == i + 1 else 0) for r in range(k)])
        s = [torch.sqrt(sum(v * v for v in row)) for row in noise]
        return tau, m, s, a, b, c


class Inception:
    """pytorch-fid's network to pool3 (the images resized to 299 inside), frozen."""

    def __init__(self):
        self.net = FidInception(1).eval()
        randomize(self.net, torch.Generator().manual_seed(1))
        for p in self.net.parameters():
            p.requires_grad_(False)

    def features(self, x):
        return self.net(x)


def step(net, clf, sampler, opt, real_mean, real_term, batch, gen, shape=(1, 28, 28)):
    k = sampler.k
    tau, m, s, a, b, c = sampler.numbers()
    dev = real_mean.device
    x = [torch.randn((batch, *shape), generator=gen).to(dev)]
    p = []
    for i in range(k):
        t = tau[i].float().expand(batch).to(dev)
        if i == 0:
            e = net.forward(x[i], t.detach())
        elif i == k - 1:
            e = net.forward(x[i], t)
        else:
            e = checkpoint(net.forward, x[i], t, use_reentrant=False)
        p.append((x[i] - s[i].float() * e) / m[i].float())
        if i + 1 < k:
            z = torch.randn((batch, *shape), generator=gen).to(dev)
            x.append(sum(a[i][j].float() * x[j] + b[i][j].float() * p[j] for j in range(i + 1)) + c[i].float() * z)
    f = clf.features(torch.clamp(p[-1], -1, 1)).double()
    n = f.shape[0]
    total = f.sum(0)
    loss = ((total @ total - (f * f).sum()) / (n * (n - 1)) - 2.0 / n * (total @ real_mean)) + real_term
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(sampler.params(), 1.0)
    opt.step()
    return loss.item()


def main():
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    seconds = float(os.environ.get("BENCH_SECONDS", "30"))
    batch = int(os.environ.get("BENCH_BATCH", "32"))
    k = int(os.environ.get("BENCH_K", "10"))
    device = os.environ.get("BENCH_DEVICE", "cpu")
    torch.set_num_threads(threads)
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    gen = torch.Generator().manual_seed(0)
    config = {"cifar": CIFAR, "256": DDPM_256}.get(os.environ.get("BENCH_MODEL", "digits"), DIGITS)
    net = UNet(config, gen)
    net.p = {key: v.to(device) for key, v in net.p.items()}
    if os.environ.get("BENCH_FEATURES", "classifier") == "inception":
        clf = Inception()
        clf.net.to(device)
        if os.environ.get("INCEPTION_WEIGHTS"):
            torch.save(clf.net.state_dict(), os.environ["INCEPTION_WEIGHTS"])
        d = 2048
    else:
        clf = Classifier(gen)
        for name in ("w1", "b1", "w2", "b2", "w3", "b3"):
            setattr(clf, name, getattr(clf, name).to(device))
        d = 128
    real = torch.rand((1000, d), generator=gen, dtype=torch.float64).to(device)
    real_mean = real.mean(0)
    real_term = ((real.sum(0) @ real.sum(0)) - (real * real).sum()) / (1000 * 999)
    sampler = Ggdm(k)
    opt = torch.optim.Adam(sampler.params(), lr=0.01)
    shape = (config["in_channels"], config["sample_size"], config["sample_size"])
    step(net, clf, sampler, opt, real_mean, real_term, batch, gen, shape)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or steps < 2:
        t0 = time.perf_counter()
        step(net, clf, sampler, opt, real_mean, real_term, batch, gen, shape)
        steps += 1
        print(f"# step {steps}: {time.perf_counter() - t0:.2f} s", flush=True)
    r = steps / (time.perf_counter() - start)
    name = "search_step_inception" if d == 2048 else "search_step"
    print(f"{name} {1e3 / r:8.1f} ms/step  ({r:.3f} steps/s, K={k}, batch {batch}, {device})")
    print(f"RESULT bench=pytorch.{name} backend=pytorch value={r:.4f} unit=steps/s")
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT bench=pytorch.{name}_peak_rss backend=pytorch value={peak:.1f} unit=MB")
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads")


if __name__ == "__main__":
    main()
