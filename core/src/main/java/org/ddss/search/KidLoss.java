package org.ddss.search;

import java.util.Locale;
import org.ddss.metrics.Kid;

/**
 * The search objective: the unbiased squared MMD between model features and real features
 * (KID; DESIGN.md §1), with the real-real term precomputed so that {@link #value} is the full
 * estimate. Features are scaled by one factor, the one that gives the real features an RMS of 1
 * per coordinate, as the evaluation's KID does; the linear kernel is indifferent to it up to a
 * constant factor, the cubic one needs it.
 */
public final class KidLoss {
    /** The kernel of the MMD. */
    public enum Kernel {
        /** {@code k(x, y) = x.y}: O((n + m) d) through sums, the paper's choice. */
        LINEAR,
        /** {@code k(x, y) = (x.y/d + 1)^3}, the reporting KID's kernel: O(n m d). */
        CUBIC;

        /** The name used on the command line and in files. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The id, as the command line takes it. */
        @Override
        public String toString() {
            return id();
        }

        public static Kernel parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown kernel '" + s + "' (linear, cubic)");
            }
        }
    }

    private final Kernel kernel;
    private final double[][] real;
    private final double scale;
    private final double[] realMean;
    private final double realTerm;
    private final int d;

    /** A loss against real features {@code [m][d]} (at least 2 rows). */
    public KidLoss(Kernel kernel, double[][] realFeatures) {
        if (realFeatures.length < 2) {
            throw new IllegalArgumentException("KID needs at least 2 real feature rows");
        }
        this.kernel = kernel;
        this.d = realFeatures[0].length;
        this.scale = Kid.rmsScale(realFeatures);
        int m = realFeatures.length;
        real = Kid.scaled(realFeatures, scale);
        realMean = new double[d];
        for (double[] r : real) {
            for (int q = 0; q < d; q++) {
                realMean[q] += r[q] / m;
            }
        }
        if (kernel == Kernel.LINEAR) {
            double sumSq = 0, norms = 0;
            for (int q = 0; q < d; q++) {
                sumSq += realMean[q] * m * realMean[q] * m;
            }
            for (double[] r : real) {
                norms += dot(r, r);
            }
            realTerm = (sumSq - norms) / ((double) m * (m - 1));
        } else {
            double s = 0;
            for (int i = 0; i < m; i++) {
                for (int j = i + 1; j < m; j++) {
                    s += 2 * Kid.kernel(real[i], real[j], d);
                }
            }
            realTerm = s / ((double) m * (m - 1));
        }
    }

    /**
     * The linear-kernel loss against a reference known only by its statistics (a published
     * {@code .npz}): the sums the linear kernel needs follow from the count, mean and covariance,
     * {@code sum |f|^2 = (m - 1) tr(S) + m |mu|^2}. Where the file gives no count (pytorch-fid's
     * and EDM's do not), the large-m limit: the RMS from {@code tr(S) + |mu|^2}, the real-real term
     * {@code |mu|^2}; the reference sets they publish hold 50,000 images, where the two differ by
     * a 50,000th.
     */
    public static KidLoss linear(org.ddss.metrics.FeatureStats stats) {
        long m = stats.count();
        int d = stats.dimension();
        double muSq = 0;
        for (double v : stats.mu()) {
            muSq += v * v;
        }
        double trace = org.ejml.dense.row.CommonOps_DDRM.trace(stats.sigma());
        double meanSq = m >= 2 ? ((m - 1) * trace + m * muSq) / m : trace + muSq;
        double scale = 1 / Math.sqrt(meanSq / d);
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("reference statistics with mean square " + meanSq + " give no KID scale");
        }
        double[] mean = new double[d];
        for (int q = 0; q < d; q++) {
            mean[q] = stats.mu()[q] * scale;
        }
        double realTerm = (m >= 2 ? (m * m * muSq - m * meanSq) / ((double) m * (m - 1)) : muSq) * scale * scale;
        return new KidLoss(Kernel.LINEAR, null, scale, mean, realTerm, d);
    }

    private KidLoss(Kernel kernel, double[][] real, double scale, double[] realMean, double realTerm, int d) {
        this.kernel = kernel;
        this.real = real;
        this.scale = scale;
        this.realMean = realMean;
        this.realTerm = realTerm;
        this.d = d;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The feature width d this loss compares. */
    public int dimension() {
        return d;
    }

    /**
     * The KID estimate of model features {@code f [n][d]} (n >= 2, unscaled) against the real
     * set, writing {@code dKID/df} into {@code grad [n][d]}.
     */
    public double value(double[][] f, double[][] grad) {
        int n = f.length;
        if (n < 2 || f[0].length != d) {
            throw new IllegalArgumentException("KID of " + n + " feature rows of width " + (n == 0 ? 0 : f[0].length)
                    + " against width " + d + " (need at least 2 rows)");
        }
        double[][] x = Kid.scaled(f, scale);
        double mm = 1.0 / ((double) n * (n - 1));
        double loss = realTerm;
        if (kernel == Kernel.LINEAR) {
            double[] sum = new double[d];
            double norms = 0;
            for (double[] r : x) {
                for (int q = 0; q < d; q++) {
                    sum[q] += r[q];
                }
                norms += dot(r, r);
            }
            loss += mm * (dot(sum, sum) - norms) - 2.0 / n * dot(sum, realMean);
            for (int i = 0; i < n; i++) {
                for (int q = 0; q < d; q++) {
                    grad[i][q] = scale * (2 * mm * (sum[q] - x[i][q]) - 2.0 / n * realMean[q]);
                }
            }
            return loss;
        }
        double cross = 2.0 / ((double) n * real.length);
        for (double[] g : grad) {
            java.util.Arrays.fill(g, 0);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double u = dot(x[i], x[j]) / d + 1;
                    loss += mm * u * u * u;
                    // d/dx_i of k(x_i, x_j) + k(x_j, x_i)
                    double w = 2 * mm * 3 * u * u / d;
                    for (int q = 0; q < d; q++) {
                        grad[i][q] += scale * w * x[j][q];
                    }
                }
            }
            for (double[] r : real) {
                double u = dot(x[i], r) / d + 1;
                loss -= cross * u * u * u;
                double w = cross * 3 * u * u / d;
                for (int q = 0; q < d; q++) {
                    grad[i][q] -= scale * w * r[q];
                }
            }
        }
        return loss;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int q = 0; q < u.length; q++) {
            s += u[q] * v[q];
        }
        return s;
    }
}
