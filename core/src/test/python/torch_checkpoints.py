#!/usr/bin/python3
"""Writes the PyTorch checkpoint fixtures: one small state dict saved by torch.save in the zip
format (the default since PyTorch 1.6) and in the legacy format (before 1.6), with every case a
reader must honour: float32, float16, bfloat16 and float64 storages, an integer buffer, a
transposed (non-contiguous) view, two views of one storage at different offsets, a scalar, an
nn.Parameter, and a nested dict (as .ckpt files hold); and the same values as float32 in a
safetensors file to compare with. Also converts the attn16 UNet fixture's weights to a
diffusers-style diffusion_pytorch_model.bin.

Run with Debian's python3-torch:  /usr/bin/python3 core/src/test/python/torch_checkpoints.py
Output: core/src/test/resources/fixtures/torch/{state_zip.pth, state_legacy.pth, expected.safetensors, attn16-bin/}
"""
import collections
import json
import os
import shutil
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures", "torch")
UNET = os.path.join(HERE, "..", "resources", "fixtures", "unet", "attn16")


def state_dict():
    g = torch.Generator().manual_seed(5)
    base = torch.randn(6, 4, generator=g)
    shared = torch.randn(20, generator=g)
    sd = collections.OrderedDict()
    sd["conv.weight"] = torch.randn(3, 2, 3, 3, generator=g)
    sd["half"] = torch.randn(5, 3, generator=g).half()
    sd["bf16"] = torch.randn(7, generator=g).bfloat16()
    sd["double"] = torch.randn(2, 3, generator=g).double()
    sd["transposed"] = base.t()  # stride (1, 4)
    sd["view.a"] = shared[2:8].view(2, 3)  # storage offset 2
    sd["view.b"] = shared[10:14]  # the same storage, offset 10
    sd["scalar"] = torch.tensor(3.25)
    sd["param"] = torch.nn.Parameter(torch.randn(4, generator=g))
    sd["bn.num_batches_tracked"] = torch.tensor(17, dtype=torch.int64)
    return sd


def write_safetensors(path, tensors):
    """The safetensors layout by hand (float32 only), so no extra package is needed."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = collections.OrderedDict()
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", e
        a, b = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype="<f4").reshape(e["shape"]).copy())
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    sd = state_dict()
    torch.save(sd, os.path.join(OUT, "state_zip.pth"))
    torch.save(sd, os.path.join(OUT, "state_legacy.pth"), _use_new_zipfile_serialization=False)
    # A Lightning-style checkpoint: the weights one level down, beside other entries.
    torch.save({"epoch": 3, "state_dict": collections.OrderedDict(list(sd.items())[:2])}, os.path.join(OUT, "nested.ckpt"))
    # An expanded view: 1,000,000 elements over a one-element storage (stride 0), which a reader must not copy out.
    torch.save({"expanded": torch.ones(1).expand(1000000)}, os.path.join(OUT, "expanded.pth"))
    write_safetensors(os.path.join(OUT, "expected.safetensors"),
                      collections.OrderedDict((k, v) for k, v in sd.items() if v.is_floating_point()))

    folder = os.path.join(OUT, "attn16-bin")
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(UNET, "config.json"), os.path.join(folder, "config.json"))
    torch.save(read_safetensors(os.path.join(UNET, "diffusion_pytorch_model.safetensors")),
               os.path.join(folder, "diffusion_pytorch_model.bin"))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
