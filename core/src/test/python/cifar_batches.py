#!/usr/bin/python3
"""Writes CIFAR-10 batch fixtures: six random 32x32 images with labels, as a python batch in
three pickle dialects and as a binary batch holding the same images to compare with.

- data_batch_py2: the dialect of the published batches (Python 2's cPickle, protocol 2: strings
  and the array's bytes as BINSTRING/SHORT_BINSTRING), written by a pickler that saves str and
  bytes the way Python 2 saved str.
- data_batch_py3p2: Python 3's pickle at protocol 2 (bytes spelled as _codecs.encode(..., 'latin1')).
- data_batch_py3p4: Python 3's pickle at protocol 4 (BINBYTES, FRAME, MEMOIZE, STACK_GLOBAL).
- data_batch.bin: the binary batch of the same images and labels.

Run with Debian's python3-numpy:  /usr/bin/python3 core/src/test/python/cifar_batches.py
Output: core/src/test/resources/fixtures/cifar/
"""
import os
import pickle
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures", "cifar")


class Py2Pickler(pickle._Pickler):
    """Saves str and bytes as Python 2 saved its str: (SHORT_)BINSTRING of the raw bytes."""

    dispatch = pickle._Pickler.dispatch.copy()

    def save_py2_str(self, obj):
        b = obj if isinstance(obj, bytes) else obj.encode("latin1")
        if len(b) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(b)]) + b)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(b)) + b)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str
    dispatch[str] = save_py2_str


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(10)
    n = 6
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    labels = [int(v) for v in rng.integers(0, 10, size=n)]
    batch = {
        "batch_label": "training batch 1 of 5",
        "labels": labels,
        "data": data,
        "filenames": ["image_%d.png" % i for i in range(n)],
    }
    with open(os.path.join(OUT, "data_batch_py2"), "wb") as f:
        Py2Pickler(f, protocol=2).dump(batch)
    # Python 3 users who re-save a batch they loaded with encoding='bytes' keep bytes keys.
    bytes_keys = {k.encode(): v for k, v in batch.items()}
    with open(os.path.join(OUT, "data_batch_py3p2"), "wb") as f:
        pickle.dump(bytes_keys, f, protocol=2)
    with open(os.path.join(OUT, "data_batch_py3p4"), "wb") as f:
        pickle.dump(batch, f, protocol=4)
    with open(os.path.join(OUT, "data_batch.bin"), "wb") as f:
        for i in range(n):
            f.write(bytes([labels[i]]) + data[i].tobytes())
    # Each dialect loads back as the published batches do.
    for name in ("data_batch_py2", "data_batch_py3p2", "data_batch_py3p4"):
        with open(os.path.join(OUT, name), "rb") as f:
            d = pickle.load(f, encoding="bytes")
        assert np.array_equal(d[b"data"] if b"data" in d else d["data"], data)


if __name__ == "__main__":
    main()
