package org.ddss.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * CIFAR-10's binary batches ({@code data_batch_1.bin} ... {@code test_batch.bin}): records of one
 * label byte (0-9) and 3,072 pixel bytes, the 1,024 red, then green, then blue values of a 32x32
 * image in row-major order. Read into NHWC [N, 32, 32, 3] in [-1, 1].
 */
public final class Cifar10 {
    private static final int SIDE = 32, PLANE = SIDE * SIDE, RECORD = 1 + 3 * PLANE;

    private Cifar10() {}

    /** Reads and concatenates batch files. */
    public static Dataset read(List<Path> batches, TensorArena arena) throws IOException {
        long total = 0;
        for (Path p : batches) {
            long size = Files.size(p);
            if (size == 0 || size % RECORD != 0) {
                throw new DataFormatException(p + ": " + size + " bytes is not a whole number of " + RECORD
                        + "-byte CIFAR-10 records (truncated or not a binary batch)");
            }
            total += size / RECORD;
        }
        Tensor t = arena.empty((int) total, SIDE, SIDE, 3);
        int[] labels = new int[(int) total];
        int n = 0;
        for (Path p : batches) {
            byte[] bytes = Files.readAllBytes(p);
            for (int r = 0; r < bytes.length / RECORD; r++, n++) {
                int off = r * RECORD;
                labels[n] = bytes[off];
                if (labels[n] < 0 || labels[n] > 9) {
                    throw new DataFormatException(p + ": record " + r + " has label " + (bytes[off] & 0xff) + ", not 0-9");
                }
                long base = (long) n * PLANE * 3;
                for (int i = 0; i < PLANE; i++) {
                    for (int c = 0; c < 3; c++) {
                        t.set(base + 3L * i + c, (bytes[off + 1 + c * PLANE + i] & 0xff) * (2f / 255f) - 1f);
                    }
                }
            }
        }
        return new Dataset(t, labels);
    }
}
