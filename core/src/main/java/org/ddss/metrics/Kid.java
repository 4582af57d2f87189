package org.ddss.metrics;

import java.util.SplittableRandom;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the unbiased
 * estimate of the squared MMD with the cubic polynomial kernel {@code k(x, y) = (x.y/d + 1)^3},
 * averaged over random subsets (drawn without replacement within a subset), reported as mean
 * and standard deviation over the subsets, as in the authors' code and torch-fidelity.
 *
 * @param mean the mean over subsets
 * @param std  the standard deviation over subsets
 */
public record Kid(double mean, double std) {

    /**
     * KID between feature rows {@code x [n][d]} and {@code y [m][d]}. Where the sets are small
     * next to the subsets drawn, the kernel values of all pairs are computed once (O((n + m)^2 d))
     * and each subset sums table entries; where they are large (a 50,000-image reference), each
     * subset computes the kernel of its own pairs only, so memory stays at the subsets' size.
     * Both give the same sums in the same order.
     */
    public static Kid cubic(double[][] x, double[][] y, int subsets, int subsetSize, long seed) {
        int m = Math.min(subsetSize, Math.min(x.length, y.length));
        if (m < 2) {
            throw new IllegalArgumentException("KID needs subsets of at least 2 samples");
        }
        double pairs = (double) x.length * x.length + (double) y.length * y.length + (double) x.length * y.length;
        return cubic(x, y, subsets, m, seed, pairs <= 3.0 * subsets * m * m && pairs <= 1e8);
    }

    /** {@link #cubic} with subsets of exactly m, from kernel tables of all pairs or per subset. */
    static Kid cubic(double[][] x, double[][] y, int subsets, int m, long seed, boolean tables) {
        int d = x[0].length;
        double[][] kxx = tables ? kernels(x, x) : null, kyy = tables ? kernels(y, y) : null, kxy = tables ? kernels(x, y) : null;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            int[] ix = choose(rng, x.length, m), iy = choose(rng, y.length, m);
            double[][] sxxT, syyT, sxyT;
            int[] rx = ix, ry = iy, cy = iy;
            if (tables) {
                sxxT = kxx;
                syyT = kyy;
                sxyT = kxy;
            } else {
                double[][] xs = pick(x, ix), ys = pick(y, iy);
                sxxT = kernels(xs, xs);
                syyT = kernels(ys, ys);
                sxyT = kernels(xs, ys);
                rx = ry = cy = identity(m);
            }
            // Per row i, summed in order, then the rows' sums added in order: the same additions either way.
            double sxx = 0, syy = 0, sxy = 0;
            for (int i = 0; i < m; i++) {
                double rxx = 0, ryy = 0, rxy = 0;
                for (int j = 0; j < m; j++) {
                    if (i != j) {
                        rxx += sxxT[rx[i]][rx[j]];
                        ryy += syyT[ry[i]][ry[j]];
                    }
                    rxy += sxyT[rx[i]][cy[j]];
                }
                sxx += rxx;
                syy += ryy;
                sxy += rxy;
            }
            values[s] = (sxx + syy) / (m * (m - 1.0)) - 2 * sxy / ((double) m * m);
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= subsets;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new Kid(mean, subsets > 1 ? Math.sqrt(var / subsets) : 0);
    }

    /**
     * The kernel between every row of a and every row of b: the dot products on OpenBLAS where it
     * loaded (dgemm; 12× the Java loop at d = 2048), else in Java, rows in parallel.
     */
    private static double[][] kernels(double[][] a, double[][] b) {
        int d = a[0].length;
        double[][] k;
        if (Blas.available()) {
            k = Blas.products(a, b);
            for (double[] row : k) {
                for (int j = 0; j < row.length; j++) {
                    double v = row[j] / d + 1;
                    row[j] = v * v * v;
                }
            }
        } else {
            double[][] out = new double[a.length][b.length];
            java.util.stream.IntStream.range(0, a.length).parallel().forEach(i -> {
                for (int j = 0; j < b.length; j++) {
                    out[i][j] = kernel(a[i], b[j], d);
                }
            });
            k = out;
        }
        return k;
    }

    private static double[][] pick(double[][] rows, int[] index) {
        double[][] out = new double[index.length][];
        for (int i = 0; i < index.length; i++) {
            out[i] = rows[index[i]];
        }
        return out;
    }

    private static int[] identity(int m) {
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = i;
        }
        return out;
    }

    /** The cubic polynomial kernel {@code (a.b/d + 1)^3}. */
    public static double kernel(double[] a, double[] b, int d) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += a[k] * b[k];
        }
        double v = dot / d + 1;
        return v * v * v;
    }

    /** m distinct indices of [0, n), a partial Fisher-Yates shuffle. */
    private static int[] choose(SplittableRandom rng, int n, int m) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, m);
    }

    /**
     * The factor that gives features a root-mean-square of 1 per coordinate: what puts features
     * of any network where the cubic kernel {@code (x.y/d + 1)^3} was made to work (Inception's
     * pool features are of order one; our classifiers' penultimate features are far larger, which
     * puts the kernel where its cube explodes and the estimate drowns in noise).
     */
    public static double rmsScale(double[][] f) {
        double sum = 0;
        for (double[] row : f) {
            for (double v : row) {
                sum += v * v;
            }
        }
        double rms = Math.sqrt(sum / ((double) f.length * f[0].length));
        if (!(rms > 0)) {
            throw new IllegalArgumentException("reference features are all zero or not finite");
        }
        return 1 / rms;
    }

    /** A copy of the rows of {@code f}, each value times {@code s}. */
    public static double[][] scaled(double[][] f, double s) {
        double[][] out = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= s;
            }
        }
        return out;
    }
}
