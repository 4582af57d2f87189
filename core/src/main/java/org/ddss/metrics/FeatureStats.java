package org.ddss.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ddss.io.Npz;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The Gaussian statistics FID compares: the mean and the unbiased covariance of a feature set,
 * in double precision, and how many features they summarise (0 where a file does not say). Read
 * and written as the field's {@code .npz} files ({@code mu}, {@code sigma}, float64).
 */
public record FeatureStats(double[] mu, DMatrixRMaj sigma, long count) {
    public FeatureStats {
        if (sigma.numRows != mu.length || sigma.numCols != mu.length) {
            throw new IllegalArgumentException("mu of " + mu.length + " and sigma of " + sigma.numRows + "x" + sigma.numCols
                    + " do not fit together");
        }
    }

    /** Feature dimension d. */
    public int dimension() {
        return mu.length;
    }

    /** The statistics of feature rows [n][d] (n >= 2). */
    public static FeatureStats of(double[][] features) {
        Accumulator a = new Accumulator(features[0].length);
        a.add(features);
        return a.stats();
    }

    /**
     * Sums feature rows batch by batch in float64 (the count, the sum and the sum of outer
     * products of the rows less a shift, the first batch's mean, so that large means do not
     * cancel the spread away), so statistics of any number of images take memory for one batch;
     * two accumulators merge (what partitions of a job return).
     */
    public static final class Accumulator implements java.io.Serializable {
        private final int d;
        private long n;
        private double[] shift;
        private final double[] sum;
        private final DMatrixRMaj outer;

        public Accumulator(int d) {
            this.d = d;
            sum = new double[d];
            outer = new DMatrixRMaj(d, d);
        }

        /** Adds rows [k][d]. */
        public void add(double[][] rows) {
            // Blocks of rows keep the matrix product large enough to run at speed.
            for (int from = 0; from < rows.length; from += 1024) {
                int k = Math.min(1024, rows.length - from);
                if (shift == null) {
                    shift = new double[d];
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < d; j++) {
                            shift[j] += rows[from + i][j] / k;
                        }
                    }
                }
                DMatrixRMaj block = new DMatrixRMaj(k, d);
                for (int i = 0; i < k; i++) {
                    double[] r = rows[from + i];
                    if (r.length != d) {
                        throw new IllegalArgumentException("a feature row of width " + r.length + ", expected " + d);
                    }
                    for (int j = 0; j < d; j++) {
                        double v = r[j] - shift[j];
                        block.data[i * d + j] = v;
                        sum[j] += v;
                    }
                }
                CommonOps_MT_DDRM.multAddTransA(block, block, outer);
                n += k;
            }
        }

        /** Adds another accumulator's rows. */
        public void merge(Accumulator other) {
            if (other.d != d) {
                throw new IllegalArgumentException("merging statistics of width " + other.d + " into " + d);
            }
            if (other.n == 0) {
                return;
            }
            if (shift == null) {
                shift = other.shift.clone();
            }
            // Re-centre the other sums on this shift: with delta = other's shift - this one,
            // sum (x - c)(x - c)^T = S' + delta s'^T + s' delta^T + n' delta delta^T.
            double[] delta = new double[d];
            for (int j = 0; j < d; j++) {
                delta[j] = other.shift[j] - shift[j];
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    outer.data[i * d + j] += other.outer.data[i * d + j] + delta[i] * other.sum[j] + other.sum[i] * delta[j]
                            + other.n * delta[i] * delta[j];
                }
            }
            for (int j = 0; j < d; j++) {
                sum[j] += other.sum[j] + other.n * delta[j];
            }
            n += other.n;
        }

        public long count() {
            return n;
        }

        /** {@code mu = shift + sum / n}, {@code sigma = (outer - n m m^T) / (n - 1)} with {@code m = sum / n}. */
        public FeatureStats stats() {
            if (n < 2) {
                throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + n);
            }
            double[] m = new double[d], mu = new double[d];
            for (int j = 0; j < d; j++) {
                m[j] = sum[j] / n;
                mu[j] = shift[j] + m[j];
            }
            DMatrixRMaj s = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double v = (outer.get(i, j) - n * m[i] * m[j]) / (n - 1);
                    s.set(i, j, v);
                    s.set(j, i, v);
                }
            }
            return new FeatureStats(mu, s, n);
        }
    }

    /** Reads {@code mu} and {@code sigma} from an {@code .npz} file (float32 or float64, stored or deflated). */
    public static FeatureStats read(Path file) throws IOException {
        return of(Npz.read(file), file);
    }

    /** The statistics among arrays read from {@code file} ({@code mu}, {@code sigma}, optionally {@code count}). */
    public static FeatureStats of(Map<String, Npz.Array> a, Path file) throws IOException {
        Npz.Array mu = a.get("mu"), sigma = a.get("sigma");
        if (mu == null || sigma == null) {
            throw new IOException(file + " holds " + a.keySet() + ", not FID statistics (mu and sigma)");
        }
        int d = mu.values().length;
        if (mu.shape().length != 1 || !Arrays.equals(sigma.shape(), new long[] {d, d})) {
            throw new IOException(file + ": mu of shape " + Arrays.toString(mu.shape()) + " and sigma of shape "
                    + Arrays.toString(sigma.shape()) + " are not a mean and its covariance");
        }
        Npz.Array n = a.get("count");
        return new FeatureStats(mu.values(), DMatrixRMaj.wrap(d, d, sigma.values()),
                n == null || n.values().length != 1 ? 0 : (long) n.values()[0]);
    }

    /** {@code mu}, {@code sigma} (float64, as the field's tools read them) and {@code count}, as {@link #write} stores them. */
    public Map<String, Npz.Array> arrays() {
        Map<String, Npz.Array> a = new LinkedHashMap<>();
        int d = mu.length;
        a.put("mu", new Npz.Array(new long[] {d}, mu.clone()));
        a.put("sigma", new Npz.Array(new long[] {d, d}, sigma.data.clone()));
        a.put("count", new Npz.Array(new long[0], new double[] {count}));
        return a;
    }

    /** Writes {@link #arrays()} as a {@code .npz}. */
    public void write(Path file) throws IOException {
        Npz.write(file, arrays());
    }
}
