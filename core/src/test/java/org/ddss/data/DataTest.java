package org.ddss.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
    @TempDir
    Path dir;

    @Test
    void embeddedMnistHasTheFixedSplit() throws IOException {
        try (TensorArena ar = new TensorArena()) {
            Dataset train = Mnist.embeddedTrain(ar), test = Mnist.embeddedTest(ar);
            assertEquals(9000, train.size());
            assertEquals(1000, test.size());
            assertArrayEquals(new int[] {9000, 28, 28, 1}, train.images().shape());
            int[] counts = new int[10];
            for (int l : test.labels()) {
                counts[l]++;
            }
            assertArrayEquals(new int[] {93, 105, 104, 103, 92, 89, 105, 113, 98, 98}, counts);
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float v : test.images().toArray()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(-1f, min);
            assertEquals(1f, max, 1e-6);
        }
    }

    static byte[] idx(int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        if (!gzip) {
            return b.array();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b.array());
        }
        return out.toByteArray();
    }

    @Test
    void idxReaderReadsPlainAndGzipAndRejectsBadFiles() throws IOException {
        byte[] pixels = {0, (byte) 255, 51, 102};
        try (TensorArena ar = new TensorArena()) {
            for (boolean gz : new boolean[] {false, true}) {
                Dataset d = Mnist.read(new ByteArrayInputStream(idx(new int[] {1, 2, 2}, pixels, gz)),
                        new ByteArrayInputStream(idx(new int[] {1}, new byte[] {7}, gz)), "t", ar);
                assertArrayEquals(new float[] {-1f, 1f, -0.6f, -0.2f}, d.images().toArray(), 1e-6f);
                assertEquals(7, d.labels()[0]);
            }
            byte[] truncated = idx(new int[] {2, 2, 2}, pixels, false);
            String e1 = assertThrows(DataFormatException.class, () -> Mnist.read(new ByteArrayInputStream(truncated),
                    new ByteArrayInputStream(idx(new int[] {2}, new byte[2], false)), "t", ar)).getMessage();
            assertTrue(e1.contains("truncated"), e1);
            String e2 = assertThrows(DataFormatException.class, () -> Mnist.read(
                    new ByteArrayInputStream(idx(new int[] {1, 2, 2}, pixels, false)),
                    new ByteArrayInputStream(idx(new int[] {2}, new byte[2], false)), "t", ar)).getMessage();
            assertTrue(e2.contains("1 images but 2 labels"), e2);
            String e3 = assertThrows(DataFormatException.class, () -> Mnist.read(
                    new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                    new ByteArrayInputStream(idx(new int[] {1}, new byte[1], false)), "t", ar)).getMessage();
            assertTrue(e3.contains("not an IDX file"), e3);
        }
    }

    @Test
    void cifar10BatchesAreReadChannelsLast() throws IOException {
        byte[] rec = new byte[2 * 3073];
        rec[0] = 3;
        rec[1] = (byte) 255;          // red of pixel 0
        rec[1 + 1024] = 0;            // green of pixel 0
        rec[1 + 2048 + 5] = (byte) 255; // blue of pixel 5
        rec[3073] = 9;
        Path p = dir.resolve("data_batch_1.bin");
        Files.write(p, rec);
        try (TensorArena ar = new TensorArena()) {
            Dataset d = Cifar10.read(List.of(p), ar);
            assertArrayEquals(new int[] {3, 9}, d.labels());
            assertArrayEquals(new int[] {2, 32, 32, 3}, d.images().shape());
            assertEquals(1f, d.images().get(0));
            assertEquals(-1f, d.images().get(1));
            assertEquals(1f, d.images().get(5 * 3 + 2));
            Files.write(p, java.util.Arrays.copyOf(rec, 3073 + 10));
            String e = assertThrows(DataFormatException.class, () -> Cifar10.read(List.of(p), ar)).getMessage();
            assertTrue(e.contains("not a whole number"), e);
        }
    }

    /** The python batches, in the published dialect and two Python 3 ones, hold what the binary batch of the same images does. */
    @Test
    void cifar10PythonBatchesMatchTheBinaryBatch() throws Exception {
        try (TensorArena ar = new TensorArena()) {
            Dataset bin = Cifar10.read(List.of(cifar("data_batch.bin")), ar);
            assertEquals(6, bin.size());
            for (String dialect : List.of("data_batch_py2", "data_batch_py3p2", "data_batch_py3p4")) {
                Dataset py = Cifar10.read(List.of(cifar(dialect)), ar);
                assertArrayEquals(bin.labels(), py.labels(), dialect);
                assertArrayEquals(bin.images().toArray(), py.images().toArray(), dialect);
            }
            Dataset both = Cifar10.read(List.of(cifar("data_batch_py2"), cifar("data_batch.bin")), ar);
            assertEquals(12, both.size());
            // A folder is its five training batches.
            Path unpacked = Files.createDirectories(dir.resolve("cifar-10-batches-py"));
            for (int i = 1; i <= 4; i++) {
                Files.copy(cifar("data_batch_py2"), unpacked.resolve("data_batch_" + i));
            }
            String e = assertThrows(DataFormatException.class, () -> Cifar10.read(List.of(unpacked), ar)).getMessage();
            assertTrue(e.contains("without data_batch_5"), e);
            Files.copy(cifar("data_batch.bin"), unpacked.resolve("data_batch_5.bin"));
            assertEquals(30, Cifar10.read(List.of(unpacked), ar).size());
        }
    }

    @Test
    void cifar10PythonBatchesThatAreNotCifar10AreRefused() throws Exception {
        byte[] good = Files.readAllBytes(cifar("data_batch_py2"));
        try (TensorArena ar = new TensorArena()) {
            // CIFAR-100's batches name their labels fine_labels and coarse_labels.
            Path c100 = dir.resolve("cifar100");
            Files.write(c100, patchKey(good, "labels", "fine_labels"));
            String e = assertThrows(IOException.class, () -> Cifar10.read(List.of(c100), ar)).getMessage();
            assertTrue(e.contains("no 'labels' list") && e.contains("CIFAR-100"), e);
            Path cut = dir.resolve("cut");
            Files.write(cut, java.util.Arrays.copyOf(good, good.length - 100));
            e = assertThrows(IOException.class, () -> Cifar10.read(List.of(cut), ar)).getMessage();
            assertTrue(e.contains("cut") && e.contains("runs past the end"), e);
        }
    }

    /**
     * 300 copies of a python batch damaged where its structure is (the first 400 and last 200
     * bytes: keys, labels, the array's header and the filenames): each reads or fails with an
     * IOException naming the file, never another exception.
     */
    @Test
    void damagedPythonBatchesFailNamingTheFile() throws Exception {
        byte[] good = Files.readAllBytes(cifar("data_batch_py2"));
        java.util.Random r = new java.util.Random(3);
        int failed = 0;
        try (TensorArena ar = new TensorArena()) {
            for (int trial = 0; trial < 300; trial++) {
                byte[] bad = good.clone();
                int at = r.nextBoolean() ? r.nextInt(400) : good.length - 1 - r.nextInt(200);
                switch (trial % 3) {
                    case 0 -> bad = java.util.Arrays.copyOf(good, at);
                    case 1 -> bad[at] = (byte) r.nextInt(256);
                    default -> {
                        at = Math.min(at, good.length - 4);
                        int v = r.nextBoolean() ? Integer.MAX_VALUE : -1 - r.nextInt(1000);
                        for (int k = 0; k < 4; k++) {
                            bad[at + k] = (byte) (v >>> (8 * k));
                        }
                    }
                }
                Path f = dir.resolve("batch." + trial);
                Files.write(f, bad);
                try {
                    assertEquals(6, Cifar10.read(List.of(f), ar).size());
                } catch (IOException e) {
                    failed++;
                    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
                }
            }
        }
        assertTrue(failed > 150, "most damage is detected: " + failed + " of 300");
    }

    /** A pickle's bytes with one SHORT_BINSTRING key renamed. */
    private static byte[] patchKey(byte[] pickle, String from, String to) {
        String s = new String(pickle, java.nio.charset.StandardCharsets.ISO_8859_1);
        String key = (char) from.length() + from;
        int at = s.indexOf(key);
        assertTrue(at > 0, "key " + from);
        return (s.substring(0, at) + (char) to.length() + to + s.substring(at + key.length()))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static Path cifar(String name) throws Exception {
        return Path.of(DataTest.class.getResource("/fixtures/cifar/" + name).toURI());
    }

    @Test
    void imageFoldersAreReadInNameOrderAndMustShareASize() throws IOException {
        BufferedImage a = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), b = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        a.setRGB(0, 0, 0xffffff);
        b.setRGB(2, 1, 0xff0000);
        ImageIO.write(a, "png", dir.resolve("a.png").toFile());
        ImageIO.write(b, "png", dir.resolve("b.png").toFile());
        try (TensorArena ar = new TensorArena()) {
            Dataset rgb = ImageFolder.read(dir, 3, ar);
            assertArrayEquals(new int[] {2, 2, 3, 3}, rgb.images().shape());
            assertEquals(1f, rgb.images().get(0));
            long last = (1L * 2 * 3 + 1 * 3 + 2) * 3;
            assertEquals(1f, rgb.images().get(last));
            assertEquals(-1f, rgb.images().get(last + 1));
            Dataset grey = ImageFolder.read(dir, 1, ar);
            assertEquals(1f, grey.images().get(0), 1e-5);
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("c.png").toFile());
            String e = assertThrows(DataFormatException.class, () -> ImageFolder.read(dir, 1, ar)).getMessage();
            assertTrue(e.contains("one size"), e);
        }
    }
}
