"""PyTorch peer of ConvBench: the same 3x3, 64->64, 32x32, batch 32, pad 1 convolution.

Times the forward pass in NCHW (PyTorch's native layout) and channels_last (NHWC, the
layout of our engine), and the VJP w.r.t. the input, on 2 threads to match the Java
benchmarks. Prints a table, then one machine-readable RESULT line per measurement.
Run with Debian's /usr/bin/python3 (python3-torch, libopenblas0-pthread).
"""
import time

import torch
import torch.nn.functional as F

N, H, W, C, K = 32, 32, 32, 64, 3
FLOPS = 2.0 * N * H * W * C * C * K * K
THREADS = 2


def best_seconds(fn, warmup=3, repeats=5, calls=5):
    """Best mean time per call over `repeats` rounds of `calls` calls, after a warm-up."""
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - t0) / calls)
    return best


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(42)
    x = torch.randn(N, C, H, W)
    w = torch.randn(C, C, K, K)
    b = torch.randn(C)
    dy = torch.randn(N, C, H, W)
    x_cl = x.contiguous(memory_format=torch.channels_last)
    w_cl = w.contiguous(memory_format=torch.channels_last)
    dy_cl = dy.contiguous(memory_format=torch.channels_last)

    def backward_data(grad, inp, weight):
        # Only the input gradient: output_mask = (input, weight, bias).
        return torch.ops.aten.convolution_backward(
            grad, inp, weight, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, False, False])[0]

    cases = {
        "forward_nchw": lambda: F.conv2d(x, w, b, padding=1),
        "forward_channels_last": lambda: F.conv2d(x_cl, w_cl, b, padding=1),
        "backwardData_nchw": lambda: backward_data(dy, x, w),
        "backwardData_channels_last": lambda: backward_data(dy_cl, x_cl, w_cl),
    }
    lines = []
    with torch.no_grad():
        for name, fn in cases.items():
            s = best_seconds(fn)
            gflops = FLOPS / s / 1e9
            print(f"{name:28s} {gflops:8.1f} GFLOP/s {s * 1e3:8.2f} ms/call")
            lines.append(f"RESULT bench=pytorch.{name} backend=pytorch value={gflops:.2f} unit=GFLOP/s "
                         f"ms={s * 1e3:.3f}")
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"mkldnn {torch.backends.mkldnn.is_available()}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
