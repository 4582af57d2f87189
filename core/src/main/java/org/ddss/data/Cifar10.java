package org.ddss.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ddss.io.NdArray;
import org.ddss.io.NumpyPickle;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * CIFAR-10's batches in either published form, read into NHWC [N, 32, 32, 3] in [-1, 1]:
 * <ul>
 *   <li>binary ({@code data_batch_1.bin} ... {@code test_batch.bin}): records of one label byte
 *       (0-9) and 3,072 pixel bytes;</li>
 *   <li>python ({@code data_batch_1} ... {@code test_batch}): a pickled dict whose {@code data} is
 *       a uint8 array [N, 3072] and whose {@code labels} a list of N integers.</li>
 * </ul>
 * Either way an image's 3,072 bytes are its 1,024 red, then green, then blue values in row-major
 * order. A file's form is told by its first byte (a pickle opens with 0x80, a label is 0-9). A
 * folder stands for its training batches, {@code data_batch_1} to {@code _5} (with or without
 * {@code .bin}), as the archives unpack.
 */
public final class Cifar10 {
    private static final int SIDE = 32, PLANE = SIDE * SIDE, IMAGE = 3 * PLANE, RECORD = 1 + IMAGE;

    private Cifar10() {}

    /** One batch file's images (planar bytes) and labels. */
    private record Batch(byte[] bytes, int offset, int stride, int[] labels) {}

    /** Reads and concatenates batch files, binary or python, or the training batches of folders. */
    public static Dataset read(List<Path> batches, TensorArena arena) throws IOException {
        List<Batch> read = new ArrayList<>();
        long total = 0;
        for (Path p : files(batches)) {
            Batch b = isPickle(p) ? python(p) : binary(p);
            read.add(b);
            total += b.labels().length;
        }
        if (total > Integer.MAX_VALUE / IMAGE) {
            throw new DataFormatException(total + " CIFAR-10 images are more than one tensor holds");
        }
        Tensor t = arena.empty((int) total, SIDE, SIDE, 3);
        int[] labels = new int[(int) total];
        int n = 0;
        for (Batch b : read) {
            for (int r = 0; r < b.labels().length; r++, n++) {
                labels[n] = b.labels()[r];
                int off = b.offset() + r * b.stride();
                long base = (long) n * IMAGE;
                for (int i = 0; i < PLANE; i++) {
                    for (int c = 0; c < 3; c++) {
                        t.set(base + 3L * i + c, (b.bytes()[off + c * PLANE + i] & 0xff) * (2f / 255f) - 1f);
                    }
                }
            }
        }
        return new Dataset(t, labels);
    }

    private static List<Path> files(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            for (int i = 1; i <= 5; i++) {
                Path py = p.resolve("data_batch_" + i), bin = p.resolve("data_batch_" + i + ".bin");
                if (!Files.exists(py) && !Files.exists(bin)) {
                    throw new DataFormatException(p + ": a folder without data_batch_" + i + " (or " + bin.getFileName()
                            + "): not an unpacked CIFAR-10 archive");
                }
                out.add(Files.exists(py) ? py : bin);
            }
        }
        return out;
    }

    private static boolean isPickle(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x80;
        }
    }

    private static Batch binary(Path p) throws IOException {
        long size = Files.size(p);
        if (size == 0 || size % RECORD != 0) {
            throw new DataFormatException(p + ": " + size + " bytes is not a whole number of " + RECORD
                    + "-byte CIFAR-10 records (truncated, or not a CIFAR-10 batch)");
        }
        byte[] bytes = Files.readAllBytes(p);
        int[] labels = new int[bytes.length / RECORD];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = bytes[r * RECORD];
            if (labels[r] < 0 || labels[r] > 9) {
                throw new DataFormatException(p + ": record " + r + " has label " + (bytes[r * RECORD] & 0xff) + ", not 0-9");
            }
        }
        return new Batch(bytes, 1, RECORD, labels);
    }

    private static Batch python(Path p) throws IOException {
        if (!(NumpyPickle.read(p) instanceof Map<?, ?> dict)) {
            throw new DataFormatException(p + ": a pickle, but not a dict as CIFAR-10's python batches are");
        }
        if (!(dict.get("data") instanceof NdArray data)) {
            throw new DataFormatException(p + ": a pickled dict without a 'data' array (keys " + dict.keySet()
                    + "), not a CIFAR-10 python batch");
        }
        long[] shape = data.shape();
        if (!data.dtype().equals("|u1") || shape.length != 2 || shape[1] != IMAGE) {
            throw new DataFormatException(p + ": 'data' is " + data + ", CIFAR-10's is |u1 [N, " + IMAGE + "]");
        }
        Object l = dict.get("labels");
        if (!(l instanceof List<?> list)) {
            throw new DataFormatException(p + ": no 'labels' list" + (dict.containsKey("fine_labels")
                    ? " (it has 'fine_labels': a CIFAR-100 batch, which holds 100 classes, not CIFAR-10's 10)" : ""));
        }
        if (list.size() != shape[0]) {
            throw new DataFormatException(p + ": " + list.size() + " labels for " + shape[0] + " images");
        }
        int[] labels = new int[list.size()];
        for (int r = 0; r < labels.length; r++) {
            if (!(list.get(r) instanceof Long v) || v < 0 || v > 9) {
                throw new DataFormatException(p + ": label " + r + " is " + list.get(r) + ", not 0-9");
            }
            labels[r] = v.intValue();
        }
        return new Batch(data.data(), 0, IMAGE, labels);
    }
}
