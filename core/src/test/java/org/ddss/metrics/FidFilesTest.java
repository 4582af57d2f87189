package org.ddss.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ddss.io.Json;
import org.ddss.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FID from the field's {@code .npz} statistics against pytorch-fid's route through
 * {@code scipy.linalg.sqrtm} (fixtures from {@code core/src/test/python/fid_reference.py}).
 */
class FidFilesTest {
    static Path fixture(String name) throws Exception {
        return Path.of(FidFilesTest.class.getResource("/fixtures/metrics/" + name).toURI());
    }

    static double scipy(String key) throws Exception {
        Map<?, ?> ref = (Map<?, ?>) Json.parse(Files.readString(fixture("fid_scipy.json")));
        return ((BigDecimal) ref.get(key)).doubleValue();
    }

    @Test
    void fidOfPublishedStatisticsMatchesScipysSqrtm() throws Exception {
        FeatureStats a = FeatureStats.read(fixture("stats_a.npz")); // deflated, float64
        FeatureStats b = FeatureStats.read(fixture("stats_b.npz")); // stored, float32
        FeatureStats few = FeatureStats.read(fixture("stats_few.npz")); // 40 samples in 64 dimensions: singular
        assertEquals(64, a.dimension());
        double want = scipy("fid_a_b");
        assertEquals(want, Fid.distance(a, b), 1e-6 * want);
        assertEquals(want, Fid.distance(b, a), 1e-6 * want);
        double singular = scipy("fid_few_b");
        assertEquals(singular, Fid.distance(few, b), 1e-6 * singular);
        assertEquals(singular, Fid.distance(b, few), 1e-6 * singular);
        // Neither covariance positive definite: the square-root route.
        assertEquals(0, Fid.distance(few, few), 1e-6 * Fid.distance(few, b));
        double[][] rows = Npz.read(fixture("features.npz"), "a").rows();
        double fromFeatures = scipy("fid_features_a_b");
        assertEquals(fromFeatures, Fid.distance(FeatureStats.of(rows), b), 1e-6 * fromFeatures);
    }

    /** The OpenBLAS route against the Java one, on a covariance of 300 samples and one of 40 (singular). */
    @Test
    void nativeAndJavaEigenvaluesAgree() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Blas.available(), "OpenBLAS unavailable");
        FeatureStats a = FeatureStats.read(fixture("stats_a.npz")), b = FeatureStats.read(fixture("stats_b.npz"));
        FeatureStats few = FeatureStats.read(fixture("stats_few.npz"));
        for (FeatureStats[] pair : new FeatureStats[][] {{a, b}, {few, b}, {b, few}}) {
            double[] fast = Blas.eigenvaluesOfProduct(pair[0].sigma(), pair[1].sigma());
            double[] slow = Fid.eigenvaluesOfProductInJava(pair[0].sigma(), pair[1].sigma());
            java.util.Arrays.sort(fast);
            java.util.Arrays.sort(slow);
            double scale = slow[slow.length - 1];
            for (int i = 0; i < fast.length; i++) {
                assertEquals(slow[i], fast[i], 1e-10 * scale, "eigenvalue " + i);
            }
        }
        // Neither positive definite: the native route declines, the Java one takes the square root.
        assertEquals(null, Blas.eigenvaluesOfProduct(few.sigma(), few.sigma()));
    }

    @Test
    void statisticsAccumulateInBatchesAndMergeAndRoundTripThroughNpz(@TempDir Path dir) throws Exception {
        Random r = new Random(3);
        double[][] x = new double[2500][17];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() * (1 + j) + j;
            }
        }
        FeatureStats all = FeatureStats.of(x);
        FeatureStats.Accumulator left = new FeatureStats.Accumulator(17), right = new FeatureStats.Accumulator(17);
        left.add(java.util.Arrays.copyOfRange(x, 0, 700));
        right.add(java.util.Arrays.copyOfRange(x, 700, 2500));
        left.merge(right);
        FeatureStats merged = left.stats();
        assertEquals(2500, merged.count());
        for (int i = 0; i < 17; i++) {
            assertEquals(all.mu()[i], merged.mu()[i], 1e-12 * (1 + Math.abs(all.mu()[i])));
        }
        for (int i = 0; i < all.sigma().data.length; i++) {
            assertEquals(all.sigma().data[i], merged.sigma().data[i], 1e-9);
        }
        Path f = dir.resolve("s.npz");
        all.write(f);
        FeatureStats back = FeatureStats.read(f);
        assertArrayEquals(all.mu(), back.mu());
        assertArrayEquals(all.sigma().data, back.sigma().data);
        assertEquals(2500, back.count());
        IOException e = assertThrows(IOException.class, () -> FeatureStats.read(fixture("features.npz")));
        assertTrue(e.getMessage().contains("not FID statistics"), e.getMessage());
    }

    /** Version 2.0 headers, Fortran order and big-endian data, as numpy may write them. */
    @Test
    void npyVariantsAreRead(@TempDir Path dir) throws Exception {
        String dict = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
        int pad = (64 - (12 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + header.length + 48).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length).put(header);
        b.order(ByteOrder.BIG_ENDIAN);
        // Column-major: columns (1, 4), (2, 5), (3, 6) of [[1, 2, 3], [4, 5, 6]].
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
            b.putDouble(v);
        }
        Path f = dir.resolve("f.npz");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("m.npy"));
            z.write(b.array());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("bad.npy"));
            z.write("\u0093NUMPY\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1));
            z.closeEntry();
        }
        Files.write(f, out.toByteArray());
        IOException cut = assertThrows(IOException.class, () -> Npz.read(f));
        assertTrue(cut.getMessage().contains("bad.npy"), cut.getMessage());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("m.npy"));
            z.write(b.array());
            z.closeEntry();
        }
        Npz.Array m = Npz.read(f, "m");
        assertArrayEquals(new long[] {2, 3}, m.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.values());
        IOException missing = assertThrows(IOException.class, () -> Npz.read(f, "mu"));
        assertTrue(missing.getMessage().contains("no array 'mu' (it has m)"), missing.getMessage());
    }
}
