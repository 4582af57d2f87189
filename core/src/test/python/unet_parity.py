#!/usr/bin/python3
"""Writes the UNet parity fixtures: diffusers' UNet2DModel rebuilt in plain PyTorch (same
parameter names, same formulas as diffusers' unet_2d.py, resnet.py, attention_processor.py,
embeddings.py, downsampling.py, upsampling.py), random weights, and for a random input,
real-valued times and cotangent: the output and the VJPs w.r.t. the input and the times.

Run with Debian's python3-torch:  /usr/bin/python3 core/src/test/python/unet_parity.py
Output: core/src/test/resources/fixtures/unet/<name>/{config.json, diffusion_pytorch_model.safetensors, io.safetensors}
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "unet")

# Diffusers' defaults for keys a config may omit (unet_2d.py __init__).
DEFAULTS = dict(center_input_sample=False, flip_sin_to_cos=True, freq_shift=0, norm_eps=1e-5,
                attention_head_dim=8, downsample_padding=1, mid_block_scale_factor=1, add_attention=True,
                layers_per_block=2, norm_num_groups=32)

CONFIGS = {
    # Attention in a down, an up and the mid block; downsample_padding 0 (asymmetric pad);
    # one head (attention_head_dim null); legacy attention names in the weights file.
    "attn16": dict(config={
        "_class_name": "UNet2DModel", "sample_size": 16, "in_channels": 1, "out_channels": 1,
        "block_out_channels": [16, 32], "layers_per_block": 1,
        "down_block_types": ["DownBlock2D", "AttnDownBlock2D"], "up_block_types": ["AttnUpBlock2D", "UpBlock2D"],
        "attention_head_dim": None, "norm_num_groups": 4, "norm_eps": 1e-6, "flip_sin_to_cos": False,
        "freq_shift": 1, "downsample_padding": 0, "act_fn": "silu", "time_embedding_type": "positional",
        "mid_block_scale_factor": 1, "center_input_sample": False}, legacy=True, size=16, times=[3.7, 817.25]),
    # Keys left out, so diffusers' defaults apply (flip_sin_to_cos, freq_shift, norm_eps,
    # downsample_padding, mid_block_scale_factor); two heads; centred input; 28x28, 3 levels.
    "defaults28": dict(config={
        "_class_name": "UNet2DModel", "sample_size": 28, "in_channels": 1, "out_channels": 1,
        "block_out_channels": [8, 16, 16], "layers_per_block": 1, "attention_head_dim": 8,
        "down_block_types": ["DownBlock2D", "DownBlock2D", "AttnDownBlock2D"],
        "up_block_types": ["AttnUpBlock2D", "UpBlock2D", "UpBlock2D"],
        "norm_num_groups": 4, "center_input_sample": True}, legacy=False, size=28, times=[0.0, 999.0, 41.5]),
}


def cfg(c, key):
    return c[key] if key in c else DEFAULTS[key]


def timestep_embedding(t, dim, flip, shift, max_period=10000):
    half = dim // 2
    exponent = -math.log(max_period) * torch.arange(0, half, dtype=torch.float32)
    exponent = exponent / (half - shift)
    emb = t[:, None].float() * torch.exp(exponent)[None, :]
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    if flip:
        emb = torch.cat([emb[:, half:], emb[:, :half]], dim=-1)
    if dim % 2 == 1:
        emb = F.pad(emb, (0, 1, 0, 0))
    return emb


class UNet:
    """UNet2DModel's forward over a flat {name: tensor} state dict (PyTorch layouts)."""

    def __init__(self, c, gen):
        self.c = c
        self.p = {}
        boc = c["block_out_channels"]
        e = 4 * boc[0]
        self.conv("conv_in", boc[0], c["in_channels"], 3, gen)
        self.linear("time_embedding.linear_1", e, boc[0], gen)
        self.linear("time_embedding.linear_2", e, e, gen)
        out = boc[0]
        lpb = cfg(c, "layers_per_block")
        for i, kind in enumerate(c["down_block_types"]):
            inp, out = out, boc[i]
            for j in range(lpb):
                self.resnet(f"down_blocks.{i}.resnets.{j}", inp if j == 0 else out, out, e, gen)
                if kind == "AttnDownBlock2D":
                    self.attention(f"down_blocks.{i}.attentions.{j}", out, gen)
            if i < len(boc) - 1:
                self.conv(f"down_blocks.{i}.downsamplers.0.conv", out, out, 3, gen)
        mid = boc[-1]
        self.resnet("mid_block.resnets.0", mid, mid, e, gen)
        if cfg(c, "add_attention"):
            self.attention("mid_block.attentions.0", mid, gen)
        self.resnet("mid_block.resnets.1", mid, mid, e, gen)
        rev = list(reversed(boc))
        out = rev[0]
        for i, kind in enumerate(c["up_block_types"]):
            prev, out = out, rev[i]
            inp = rev[min(i + 1, len(rev) - 1)]
            layers = lpb + 1
            for j in range(layers):
                skip = inp if j == layers - 1 else out
                res_in = prev if j == 0 else out
                self.resnet(f"up_blocks.{i}.resnets.{j}", res_in + skip, out, e, gen)
                if kind == "AttnUpBlock2D":
                    self.attention(f"up_blocks.{i}.attentions.{j}", out, gen)
            if i < len(rev) - 1:
                self.conv(f"up_blocks.{i}.upsamplers.0.conv", out, out, 3, gen)
        self.norm("conv_norm_out", boc[0], gen)
        self.conv("conv_out", c["out_channels"], boc[0], 3, gen)

    def rand(self, name, shape, bound, gen):
        self.p[name] = (torch.rand(shape, generator=gen) * 2 - 1) * bound

    def conv(self, n, o, i, k, gen):
        b = 1 / math.sqrt(i * k * k)
        self.rand(n + ".weight", (o, i, k, k), b, gen)
        self.rand(n + ".bias", (o,), b, gen)

    def linear(self, n, o, i, gen):
        b = 1 / math.sqrt(i)
        self.rand(n + ".weight", (o, i), b, gen)
        self.rand(n + ".bias", (o,), b, gen)

    def norm(self, n, ch, gen):
        # Not PyTorch's (1, 0) initialisation: random affine terms make the parity test see them.
        self.p[n + ".weight"] = 1 + 0.3 * (torch.rand((ch,), generator=gen) * 2 - 1)
        self.p[n + ".bias"] = 0.3 * (torch.rand((ch,), generator=gen) * 2 - 1)

    def resnet(self, n, i, o, e, gen):
        self.norm(n + ".norm1", i, gen)
        self.conv(n + ".conv1", o, i, 3, gen)
        self.linear(n + ".time_emb_proj", o, e, gen)
        self.norm(n + ".norm2", o, gen)
        self.conv(n + ".conv2", o, o, 3, gen)
        if i != o:
            self.conv(n + ".conv_shortcut", o, i, 1, gen)

    def attention(self, n, ch, gen):
        self.norm(n + ".group_norm", ch, gen)
        for k in ("to_q", "to_k", "to_v", "to_out.0"):
            self.linear(f"{n}.{k}", ch, ch, gen)

    # -- forward, as diffusers computes it --
    def gn(self, n, x):
        return F.group_norm(x, cfg(self.c, "norm_num_groups"), self.p[n + ".weight"], self.p[n + ".bias"], cfg(self.c, "norm_eps"))

    def cv(self, n, x, stride=1, padding=1):
        return F.conv2d(x, self.p[n + ".weight"], self.p[n + ".bias"], stride=stride, padding=padding)

    def lin(self, n, x):
        return F.linear(x, self.p[n + ".weight"], self.p[n + ".bias"])

    def res(self, n, x, emb, scale=1.0):
        h = self.cv(n + ".conv1", F.silu(self.gn(n + ".norm1", x)))
        h = h + self.lin(n + ".time_emb_proj", F.silu(emb))[:, :, None, None]
        h = self.cv(n + ".conv2", F.silu(self.gn(n + ".norm2", h)))
        if n + ".conv_shortcut.weight" in self.p:
            x = self.cv(n + ".conv_shortcut", x, padding=0)
        return (x + h) / scale

    def attn(self, n, x, rescale=1.0):
        b, ch, hh, ww = x.shape
        head_dim = cfg(self.c, "attention_head_dim")
        head_dim = ch if head_dim is None else head_dim
        heads = ch // head_dim
        r = x
        h = self.gn(n + ".group_norm", x).view(b, ch, hh * ww).transpose(1, 2)
        q, k, v = (self.lin(f"{n}.{s}", h) for s in ("to_q", "to_k", "to_v"))
        q, k, v = (z.view(b, -1, heads, head_dim).transpose(1, 2) for z in (q, k, v))
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(head_dim), dim=-1)
        o = (a @ v).transpose(1, 2).reshape(b, -1, heads * head_dim)
        o = self.lin(n + ".to_out.0", o)
        o = o.transpose(-1, -2).reshape(b, ch, hh, ww)
        return (o + r) / rescale

    def forward(self, x, t):
        c = self.c
        boc = c["block_out_channels"]
        if cfg(c, "center_input_sample"):
            x = 2 * x - 1.0
        emb = timestep_embedding(t, boc[0], cfg(c, "flip_sin_to_cos"), cfg(c, "freq_shift"))
        emb = self.lin("time_embedding.linear_2", F.silu(self.lin("time_embedding.linear_1", emb)))
        h = self.cv("conv_in", x)
        skips = [h]
        lpb = cfg(c, "layers_per_block")
        for i, kind in enumerate(c["down_block_types"]):
            for j in range(lpb):
                h = self.res(f"down_blocks.{i}.resnets.{j}", h, emb)
                if kind == "AttnDownBlock2D":
                    h = self.attn(f"down_blocks.{i}.attentions.{j}", h)
                skips.append(h)
            if i < len(boc) - 1:
                n = f"down_blocks.{i}.downsamplers.0.conv"
                if cfg(c, "downsample_padding") == 0:
                    h = self.cv(n, F.pad(h, (0, 1, 0, 1)), stride=2, padding=0)
                else:
                    h = self.cv(n, h, stride=2, padding=cfg(c, "downsample_padding"))
                skips.append(h)
        s = cfg(c, "mid_block_scale_factor")
        h = self.res("mid_block.resnets.0", h, emb, s)
        if cfg(c, "add_attention"):
            h = self.attn("mid_block.attentions.0", h, s)
        h = self.res("mid_block.resnets.1", h, emb, s)
        for i, kind in enumerate(c["up_block_types"]):
            for j in range(lpb + 1):
                h = torch.cat([h, skips.pop()], dim=1)
                h = self.res(f"up_blocks.{i}.resnets.{j}", h, emb)
                if kind == "AttnUpBlock2D":
                    h = self.attn(f"up_blocks.{i}.attentions.{j}", h)
            if i < len(boc) - 1:
                h = self.cv(f"up_blocks.{i}.upsamplers.0.conv", F.interpolate(h, scale_factor=2.0, mode="nearest"))
        h = F.silu(self.gn("conv_norm_out", h))
        return self.cv("conv_out", h)


def legacy_name(n):
    return (n.replace(".to_q.", ".query.").replace(".to_k.", ".key.").replace(".to_v.", ".value.")
            .replace(".to_out.0.", ".proj_attn."))


def save_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        data = tensors[name].detach().contiguous().float().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def main():
    for name, spec in CONFIGS.items():
        gen = torch.Generator().manual_seed(sum(map(ord, name)))
        c = spec["config"]
        net = UNet(c, gen)
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(c, f, indent=2, sort_keys=True)
            f.write("\n")
        weights = {(legacy_name(k) if spec["legacy"] else k): v for k, v in net.p.items()}
        save_safetensors(os.path.join(d, "diffusion_pytorch_model.safetensors"), weights, {"format": "pt"})

        n, size = len(spec["times"]), spec["size"]
        x = (torch.rand((n, c["in_channels"], size, size), generator=gen) * 2 - 1).requires_grad_(True)
        t = torch.tensor(spec["times"], dtype=torch.float32, requires_grad=True)
        eps = net.forward(x, t)
        g = torch.rand(eps.shape, generator=gen) * 2 - 1
        dx, dt = torch.autograd.grad((eps * g).sum(), (x, t))
        save_safetensors(os.path.join(d, "io.safetensors"), {"x": x, "t": t, "eps": eps, "g": g, "dx": dx, "dt": dt})
        print(f"{name}: {sum(v.numel() for v in net.p.values())} parameters, output {tuple(eps.shape)}")


if __name__ == "__main__":
    main()
