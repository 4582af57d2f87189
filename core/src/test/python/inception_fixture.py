#!/usr/bin/python3
"""Writes the FID Inception-v3 parity fixture: pytorch-fid's network (torchvision's
inception_v3 with 1008 classes and pytorch-fid's FIDInceptionA/C/E_1/E_2 pooling: average pools
that do not count the padding, and a max pool in Mixed_7c), every width divided by 8 so the
weights stay near 1.4 MB, with random weights and random batch-norm statistics, saved by
torch.save as pytorch-fid's weights file is; and for two random 32x32 images in [-1, 1] (resized
to 299 as pytorch-fid resizes them) the 256-d pool3 features and the VJP of a random cotangent
with respect to the images, both computed in float64 (the float32 gradient of 94 ReLU layers
differs from it by 0.3% at its largest element and 0.1% in L2 in PyTorch itself, so float64 is
the reference either side is measured against).

First it checks the network it builds against torchvision's own blocks, at full width with the
same weights (state dict names and shapes, and outputs), so the fixture is the exact
architecture, scaled.

    /usr/bin/python3 core/src/test/python/inception_fixture.py   (needs python3-torchvision)
Output: core/src/test/resources/fixtures/inception/{inception_w8.pth, io.safetensors}
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_checkpoints import write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "inception")


class BasicConv2d(nn.Module):
    def __init__(self, cin, cout, **kw):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, bias=False, **kw)
        self.bn = nn.BatchNorm2d(cout, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


def avg_pool(x):
    # pytorch-fid: "Tensorflow's average pool does not use the padded zero's in its average calculation"
    return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)


class A(nn.Module):
    def __init__(self, cin, pool, w):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, w(64), kernel_size=1)
        self.branch5x5_1 = BasicConv2d(cin, w(48), kernel_size=1)
        self.branch5x5_2 = BasicConv2d(w(48), w(64), kernel_size=5, padding=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, w(64), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(w(64), w(96), kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(w(96), w(96), kernel_size=3, padding=1)
        self.branch_pool = BasicConv2d(cin, pool, kernel_size=1)
        self.out = w(64) + w(64) + w(96) + pool

    def forward(self, x):
        b5 = self.branch5x5_2(self.branch5x5_1(x))
        b3 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        return torch.cat([self.branch1x1(x), b5, b3, self.branch_pool(avg_pool(x))], 1)


class B(nn.Module):
    def __init__(self, cin, w):
        super().__init__()
        self.branch3x3 = BasicConv2d(cin, w(384), kernel_size=3, stride=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, w(64), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(w(64), w(96), kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(w(96), w(96), kernel_size=3, stride=2)
        self.out = w(384) + w(96) + cin

    def forward(self, x):
        b3 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        return torch.cat([self.branch3x3(x), b3, F.max_pool2d(x, kernel_size=3, stride=2)], 1)


class C(nn.Module):
    def __init__(self, cin, c7, w):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, w(192), kernel_size=1)
        self.branch7x7_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7_2 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7_3 = BasicConv2d(c7, w(192), kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7dbl_2 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = BasicConv2d(c7, w(192), kernel_size=(1, 7), padding=(0, 3))
        self.branch_pool = BasicConv2d(cin, w(192), kernel_size=1)
        self.out = 4 * w(192)

    def forward(self, x):
        b7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        d = self.branch7x7dbl_1(x)
        for m in (self.branch7x7dbl_2, self.branch7x7dbl_3, self.branch7x7dbl_4, self.branch7x7dbl_5):
            d = m(d)
        return torch.cat([self.branch1x1(x), b7, d, self.branch_pool(avg_pool(x))], 1)


class D(nn.Module):
    def __init__(self, cin, w):
        super().__init__()
        self.branch3x3_1 = BasicConv2d(cin, w(192), kernel_size=1)
        self.branch3x3_2 = BasicConv2d(w(192), w(320), kernel_size=3, stride=2)
        self.branch7x7x3_1 = BasicConv2d(cin, w(192), kernel_size=1)
        self.branch7x7x3_2 = BasicConv2d(w(192), w(192), kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7x3_3 = BasicConv2d(w(192), w(192), kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7x3_4 = BasicConv2d(w(192), w(192), kernel_size=3, stride=2)
        self.out = w(320) + w(192) + cin

    def forward(self, x):
        b3 = self.branch3x3_2(self.branch3x3_1(x))
        b7 = self.branch7x7x3_4(self.branch7x7x3_3(self.branch7x7x3_2(self.branch7x7x3_1(x))))
        return torch.cat([b3, b7, F.max_pool2d(x, kernel_size=3, stride=2)], 1)


class E(nn.Module):
    def __init__(self, cin, w, max_pool):
        super().__init__()
        self.max_pool = max_pool
        self.branch1x1 = BasicConv2d(cin, w(320), kernel_size=1)
        self.branch3x3_1 = BasicConv2d(cin, w(384), kernel_size=1)
        self.branch3x3_2a = BasicConv2d(w(384), w(384), kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3_2b = BasicConv2d(w(384), w(384), kernel_size=(3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = BasicConv2d(cin, w(448), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(w(448), w(384), kernel_size=3, padding=1)
        self.branch3x3dbl_3a = BasicConv2d(w(384), w(384), kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = BasicConv2d(w(384), w(384), kernel_size=(3, 1), padding=(1, 0))
        self.branch_pool = BasicConv2d(cin, w(192), kernel_size=1)
        self.out = w(320) + 4 * w(384) + w(192)

    def forward(self, x):
        b3 = self.branch3x3_1(x)
        b3 = torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1)
        d = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        d = torch.cat([self.branch3x3dbl_3a(d), self.branch3x3dbl_3b(d)], 1)
        # pytorch-fid's FIDInceptionE_2 (Mixed_7c) max-pools here; E_1 average-pools without the padding.
        pool = F.max_pool2d(x, kernel_size=3, stride=1, padding=1) if self.max_pool else avg_pool(x)
        return torch.cat([self.branch1x1(x), b3, d, self.branch_pool(pool)], 1)


class FidInception(nn.Module):
    """pytorch-fid's FID Inception to pool3, every width divided by `div`."""

    def __init__(self, div=1):
        super().__init__()
        w = lambda c: c // div  # noqa: E731
        self.Conv2d_1a_3x3 = BasicConv2d(3, w(32), kernel_size=3, stride=2)
        self.Conv2d_2a_3x3 = BasicConv2d(w(32), w(32), kernel_size=3)
        self.Conv2d_2b_3x3 = BasicConv2d(w(32), w(64), kernel_size=3, padding=1)
        self.Conv2d_3b_1x1 = BasicConv2d(w(64), w(80), kernel_size=1)
        self.Conv2d_4a_3x3 = BasicConv2d(w(80), w(192), kernel_size=3)
        self.Mixed_5b = A(w(192), w(32), w)
        self.Mixed_5c = A(self.Mixed_5b.out, w(64), w)
        self.Mixed_5d = A(self.Mixed_5c.out, w(64), w)
        self.Mixed_6a = B(self.Mixed_5d.out, w)
        self.Mixed_6b = C(self.Mixed_6a.out, w(128), w)
        self.Mixed_6c = C(self.Mixed_6b.out, w(160), w)
        self.Mixed_6d = C(self.Mixed_6c.out, w(160), w)
        self.Mixed_6e = C(self.Mixed_6d.out, w(192), w)
        self.Mixed_7a = D(self.Mixed_6e.out, w)
        self.Mixed_7b = E(self.Mixed_7a.out, w, max_pool=False)
        self.Mixed_7c = E(self.Mixed_7b.out, w, max_pool=True)

    def forward(self, x):
        """x: [N, 3, H, W] in [-1, 1] (pytorch-fid's input in [0, 1] after 2x - 1; the resize commutes with it)."""
        x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
        x = self.Conv2d_2b_3x3(self.Conv2d_2a_3x3(self.Conv2d_1a_3x3(x)))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        x = self.Conv2d_4a_3x3(self.Conv2d_3b_1x1(x))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        for name in ("Mixed_5b", "Mixed_5c", "Mixed_5d", "Mixed_6a", "Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e",
                     "Mixed_7a", "Mixed_7b", "Mixed_7c"):
            x = getattr(self, name)(x)
        return F.adaptive_avg_pool2d(x, (1, 1)).flatten(1)


def randomize(model, g):
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) * (0.5 if name.endswith("bias") else 1.0)
                    / (1 if p.dim() == 1 else p[0].numel() ** 0.5))
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
                m.weight.add_(1.0)


def check_against_torchvision():
    """At full width, same weights: torchvision's blocks with pytorch-fid's pooling give the same pool3 features."""
    import torchvision
    from torchvision.models import inception as tv

    class FA(tv.InceptionA):
        def _forward(self, x):
            o = [self.branch1x1(x), self.branch5x5_2(self.branch5x5_1(x)),
                 self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x))), self.branch_pool(avg_pool(x))]
            return o

    class FC(tv.InceptionC):
        def _forward(self, x):
            b7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
            d = self.branch7x7dbl_5(self.branch7x7dbl_4(self.branch7x7dbl_3(self.branch7x7dbl_2(self.branch7x7dbl_1(x)))))
            return [self.branch1x1(x), b7, d, self.branch_pool(avg_pool(x))]

    class FE(tv.InceptionE):
        def __init__(self, cin, max_pool):
            super().__init__(cin)
            self.max_pool = max_pool

        def _forward(self, x):
            b3 = self.branch3x3_1(x)
            b3 = torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1)
            d = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
            d = torch.cat([self.branch3x3dbl_3a(d), self.branch3x3dbl_3b(d)], 1)
            pool = F.max_pool2d(x, 3, stride=1, padding=1) if self.max_pool else avg_pool(x)
            return [self.branch1x1(x), b3, d, self.branch_pool(pool)]

    ref = torchvision.models.inception_v3(weights=None, aux_logits=False, num_classes=1008, init_weights=False)
    ref.Mixed_5b, ref.Mixed_5c, ref.Mixed_5d = FA(192, 32), FA(256, 64), FA(288, 64)
    ref.Mixed_6b, ref.Mixed_6c, ref.Mixed_6d, ref.Mixed_6e = FC(768, 128), FC(768, 160), FC(768, 160), FC(768, 192)
    ref.Mixed_7b, ref.Mixed_7c = FE(1280, False), FE(2048, True)
    ref.fc = nn.Identity()
    ref.eval()
    ours = FidInception(1).eval()
    randomize(ours, torch.Generator().manual_seed(3))
    theirs = {k: v for k, v in ref.state_dict().items()}
    mine = ours.state_dict()
    assert set(theirs) == set(mine), set(theirs) ^ set(mine)
    for k in mine:
        assert theirs[k].shape == mine[k].shape, (k, theirs[k].shape, mine[k].shape)
    ref.load_state_dict(mine)
    x = torch.rand(1, 3, 32, 32) * 2 - 1
    with torch.no_grad():
        a = ours(x)
        b = ref(F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False))
    err = (a - b).abs().max().item() / b.abs().max().item()
    assert err < 1e-5, err
    print("matches torchvision's blocks at full width: relative error", err)


def main():
    check_against_torchvision()
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(11)
    model = FidInception(8).eval()
    randomize(model, g)
    torch.save(model.state_dict(), os.path.join(OUT, "inception_w8.pth"))  # float32, as pytorch-fid's
    images = torch.rand(2, 3, 32, 32, generator=g) * 2 - 1
    double = model.double()
    x = images.double().requires_grad_(True)
    features = double(x)
    cotangent = torch.randn(features.shape, generator=g)
    (grad,) = torch.autograd.grad(features, x, cotangent.double())
    write_safetensors(os.path.join(OUT, "io.safetensors"),
                      {"images": images, "features": features.detach(), "cotangent": cotangent, "image_grad": grad})
    print("features", tuple(features.shape), "wrote", OUT)


if __name__ == "__main__":
    main()
