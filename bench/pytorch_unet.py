#!/usr/bin/python3
"""PyTorch peer for the UNet benchmark: the UNet2DModel rebuild of the parity script
(core/src/test/python/unet_parity.py, same formulas as diffusers) on the benchmark config
(28x28, 1 channel, block_out_channels (32, 64, 64), attention at the lowest resolution),
batch 32, 2 threads: forward and input-VJP throughput in images/s.

For the GPU device check: BENCH_DEVICE=cuda, BENCH_CONFIG=cifar (google/ddpm-cifar10-32's
architecture, random weights), BENCH_BATCH=64; TF32 off (our cuda backend computes in full
float32), and each timed call waits for the device. BENCH_CONFIG=256: the 256-pixel DDPMs'
architecture (google/ddpm-church-256 and its siblings), for batch 4 on a CPU.

Prints a table and one machine-readable RESULT line per measurement, as bench/pytorch_conv.py.
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "python"))
from unet_parity import UNet  # noqa: E402

CONFIG = {
    "_class_name": "UNet2DModel", "sample_size": 28, "in_channels": 1, "out_channels": 1,
    "block_out_channels": [32, 64, 64], "layers_per_block": 2, "attention_head_dim": None,
    "down_block_types": ["DownBlock2D", "DownBlock2D", "AttnDownBlock2D"],
    "up_block_types": ["AttnUpBlock2D", "UpBlock2D", "UpBlock2D"],
    "norm_num_groups": 32, "norm_eps": 1e-6, "flip_sin_to_cos": False, "freq_shift": 1, "downsample_padding": 0,
}


CIFAR = {
    "_class_name": "UNet2DModel", "sample_size": 32, "in_channels": 3, "out_channels": 3,
    "block_out_channels": [128, 256, 256, 256], "layers_per_block": 2, "attention_head_dim": None,
    "down_block_types": ["DownBlock2D", "AttnDownBlock2D", "DownBlock2D", "DownBlock2D"],
    "up_block_types": ["UpBlock2D", "UpBlock2D", "AttnUpBlock2D", "UpBlock2D"],
    "norm_num_groups": 32, "norm_eps": 1e-6, "flip_sin_to_cos": False, "freq_shift": 1, "downsample_padding": 0,
}

# The 256-pixel DDPMs (google/ddpm-church-256, -bedroom-256, -cat-256): BENCH_CONFIG=256.
DDPM_256 = dict(CIFAR, sample_size=256, block_out_channels=[128, 128, 256, 256, 512, 512],
                down_block_types=["DownBlock2D", "DownBlock2D", "DownBlock2D", "DownBlock2D", "AttnDownBlock2D", "DownBlock2D"],
                up_block_types=["UpBlock2D", "AttnUpBlock2D", "UpBlock2D", "UpBlock2D", "UpBlock2D", "UpBlock2D"])


def sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def rate(fn, batch, seconds, device="cpu"):
    fn()
    fn()
    sync(device)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or n < 3:
        fn()
        sync(device)
        n += 1
    return n * batch / (time.perf_counter() - start)


def main():
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    batch = int(os.environ.get("BENCH_BATCH", "32"))
    device = os.environ.get("BENCH_DEVICE", "cpu")
    config = {"cifar": CIFAR, "256": DDPM_256}.get(os.environ.get("BENCH_CONFIG", "bench"), CONFIG)
    torch.set_num_threads(threads)
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    net = UNet(config, torch.Generator().manual_seed(0))
    net.p = {k: v.to(device) for k, v in net.p.items()}
    size, ch = config["sample_size"], config["in_channels"]
    x = (torch.rand((batch, ch, size, size)) * 2 - 1).to(device)
    t = torch.linspace(1, 999, batch).to(device)
    g = torch.rand((batch, ch, size, size)).to(device)

    def forward():
        with torch.no_grad():
            net.forward(x, t)

    def input_vjp():
        xr = x.clone().requires_grad_(True)
        torch.autograd.grad((net.forward(xr, t) * g).sum(), xr)

    for name, fn in (("forward", forward), ("inputVjp", input_vjp)):
        r = rate(fn, batch, seconds, device)
        print(f"unet_{name:10s} {r:8.2f} images/s")
        print(f"RESULT bench=pytorch.unet_{name} backend=pytorch value={r:.2f} unit=images/s")
    print(f"# torch {torch.__version__}, {device}, {torch.get_num_threads()} threads, batch {batch}")


if __name__ == "__main__":
    main()
