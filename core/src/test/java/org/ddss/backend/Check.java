package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.ddss.tensor.Tensor;

/** Test helpers: random data, float64 conversions, tolerances and central finite differences. */
final class Check {
    /** Forward tolerance: float32 kernels against the float64 reference. */
    static final double FWD_TOL = 1e-4;
    /**
     * VJP tolerance: a float32 VJP against central differences of the float64 reference. The
     * difference quotient itself is accurate to ~1e-9 (h = 1e-4, smooth ops), so what remains
     * is float32 rounding of sums of up to a few hundred terms, well below this bound.
     */
    static final double VJP_TOL = 2e-4;

    private Check() {}

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    static double[] d(float[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i];
        }
        return o;
    }

    static double[] d(Tensor t) {
        return d(t.toArray());
    }

    /** Asserts max|actual - expected| <= tol * max(max|expected|, 1e-3). */
    static void close(String what, double[] expected, float[] actual, double tol) {
        assertTrue(expected.length == actual.length, what + ": " + actual.length + " values, expected " + expected.length);
        double scale = 1e-3, err = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(actual[i] - expected[i]);
            if (!(e <= err)) {
                err = e;
                worst = i;
            }
        }
        double rel = err / scale;
        int w = worst;
        assertTrue(rel <= tol, () -> what + ": relative error " + rel + " > " + tol + " at index " + w
                + " (expected " + expected[w] + ", got " + actual[w] + ")");
    }

    static void close(String what, double[] expected, Tensor actual, double tol) {
        close(what, expected, actual.toArray(), tol);
    }

    /** Central differences of {@code L(x) = sum(g . f(x))} with respect to x. */
    static double[] fd(Function<double[], double[]> f, double[] x, double[] g) {
        final double h = 1e-4;
        double[] grad = new double[x.length];
        double[] xp = x.clone();
        for (int i = 0; i < x.length; i++) {
            xp[i] = x[i] + h;
            double lp = dot(f.apply(xp), g);
            xp[i] = x[i] - h;
            double lm = dot(f.apply(xp), g);
            xp[i] = x[i];
            grad[i] = (lp - lm) / (2 * h);
        }
        return grad;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
