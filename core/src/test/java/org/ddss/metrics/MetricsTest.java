package org.ddss.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddss.io.Json;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class MetricsTest {

    static double[][] gaussian(Random r, int n, double[] mu, double[] sd) {
        double[][] x = new double[n][mu.length];
        for (double[] row : x) {
            for (int j = 0; j < mu.length; j++) {
                row[j] = mu[j] + sd[j] * r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void identicalSetsAreAtDistanceZero() {
        double[][] x = gaussian(new Random(1), 300, new double[] {1, -2, 0.5}, new double[] {1, 2, 0.3});
        assertEquals(0, Fid.distance(x, x), 1e-9);
        Kid k = Kid.cubic(x, x, 10, 100, 3);
        assertTrue(Math.abs(k.mean()) < 3 * k.std(), "KID of a set with itself is 0 up to subset noise: " + k);
    }

    @Test
    void fidOfGaussiansHasTheClosedForm() {
        // |mu1 - mu2|^2 + sum (sqrt(a_i) - sqrt(b_i))^2 for diagonal covariances...
        double[] a = {1, 4, 9}, b = {4, 1, 1};
        DMatrixRMaj s1 = CommonDiag.diag(a), s2 = CommonDiag.diag(b);
        double expected = (1 + 4 + 0.25) + (1 + 1 + 4);
        assertEquals(expected, Fid.distance(new double[] {1, 2, 3}, s1, new double[] {2, 4, 3.5}, s2), 1e-10);
        // ...and, for S1 = I and a rotated S2 = R diag(l) R^T: sum (1 + l - 2 sqrt(l)).
        double c = Math.cos(0.7), s = Math.sin(0.7);
        DMatrixRMaj rot = new DMatrixRMaj(new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}});
        DMatrixRMaj s2r = new DMatrixRMaj(3, 3), tmp = new DMatrixRMaj(3, 3);
        org.ejml.dense.row.CommonOps_DDRM.mult(rot, CommonDiag.diag(new double[] {4, 0.25, 9}), tmp);
        org.ejml.dense.row.CommonOps_DDRM.multTransB(tmp, rot, s2r);
        double e2 = (1 + 4 - 4) + (1 + 0.25 - 1) + (1 + 9 - 6);
        assertEquals(e2, Fid.distance(new double[3], CommonDiag.diag(new double[] {1, 1, 1}), new double[3], s2r), 1e-10);
        // Sample estimates converge to the closed form.
        Random r = new Random(2);
        double[][] x = gaussian(r, 20000, new double[] {0, 0}, new double[] {1, 2});
        double[][] y = gaussian(r, 20000, new double[] {1, 0}, new double[] {1, 1});
        assertEquals(1 + 1, Fid.distance(x, y), 0.05);
    }

    @Test
    void matchesAnIndependentNumpyComputation() throws IOException {
        Map<?, ?> ref;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/metrics/reference.json")) {
            ref = (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Json.ParseException e) {
            throw new IOException(e);
        }
        double[][] a = rows((List<?>) ref.get("a")), b = rows((List<?>) ref.get("b"));
        assertEquals(((BigDecimal) ref.get("fid")).doubleValue(), Fid.distance(a, b), 1e-9);
        Kid k = Kid.cubic(a, b, 1, 25, 0);
        assertEquals(((BigDecimal) ref.get("kid")).doubleValue(), k.mean(), 1e-9);
        assertEquals(0, k.std());
    }

    @Test
    void kidSeparatesDifferentDistributions() {
        Random r = new Random(4);
        double[][] x = gaussian(r, 500, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1});
        double[][] y = gaussian(r, 500, new double[] {0.5, 0, 0, 0}, new double[] {1, 1, 1, 1});
        double[][] z = gaussian(r, 500, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1});
        Kid far = Kid.cubic(x, y, 20, 200, 1), near = Kid.cubic(x, z, 20, 200, 1);
        assertTrue(far.mean() > near.mean() + 3 * far.std(), "far " + far + " vs near " + near);
    }

    static double[][] rows(List<?> l) {
        double[][] out = new double[l.size()][];
        for (int i = 0; i < out.length; i++) {
            List<?> row = (List<?>) l.get(i);
            out[i] = new double[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = ((BigDecimal) row.get(j)).doubleValue();
            }
        }
        return out;
    }

    /** Diagonal matrices for the closed-form cases. */
    static final class CommonDiag {
        static DMatrixRMaj diag(double[] v) {
            DMatrixRMaj m = new DMatrixRMaj(v.length, v.length);
            for (int i = 0; i < v.length; i++) {
                m.set(i, i, v[i]);
            }
            return m;
        }
    }

    /**
     * Large sets compute each subset's kernel values alone; the sums equal the tables' (to the bit
     * in plain Java, to the rounding of BLAS's dot products on OpenBLAS), and one subset of
     * everything equals the estimator written out with {@link Kid#kernel}.
     */
    @Test
    void kidPerSubsetEqualsKidFromTables() {
        java.util.Random r = new java.util.Random(5);
        double[][] x = new double[300][6], y = new double[250][6];
        for (double[][] set : new double[][][] {x, y}) {
            for (double[] row : set) {
                for (int q = 0; q < row.length; q++) {
                    row[q] = r.nextGaussian() + (set == y ? 0.3 : 0);
                }
            }
        }
        Kid tables = Kid.cubic(x, y, 5, 20, 7, true), perSubset = Kid.cubic(x, y, 5, 20, 7, false);
        assertEquals(tables.mean(), perSubset.mean(), 1e-12 * Math.abs(tables.mean()));
        assertEquals(tables.std(), perSubset.std(), 1e-12 * tables.std());
        assertEquals(tables, Kid.cubic(x, y, 5, 20, 7));
        double[][] xs = java.util.Arrays.copyOf(x, 250);
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < 250; i++) {
            for (int j = 0; j < 250; j++) {
                if (i != j) {
                    sxx += Kid.kernel(xs[i], xs[j], 6);
                    syy += Kid.kernel(y[i], y[j], 6);
                }
                sxy += Kid.kernel(xs[i], y[j], 6);
            }
        }
        double direct = (sxx + syy) / (250 * 249.0) - 2 * sxy / (250.0 * 250);
        for (boolean t : new boolean[] {true, false}) {
            assertEquals(direct, Kid.cubic(xs, y, 1, 250, 3, t).mean(), 1e-12 * Math.abs(direct));
        }
    }
}
