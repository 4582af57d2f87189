package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ddss.backend.ReferenceConv.Shape;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ddss.tensor.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JavaConvTest {
    private static final double TOLERANCE = 1e-4;
    private static final Conv2d ASYMMETRIC = new Conv2d(2, 2, 0, 1, 0, 1);

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape(1, 5, 7, 3, 3, 3, 5, Conv2d.of(1, 1)),
                new Shape(2, 5, 7, 13, 3, 3, 17, Conv2d.of(1, 1)),
                new Shape(1, 8, 8, 17, 3, 3, 13, Conv2d.of(2, 1)),
                new Shape(1, 8, 8, 16, 3, 3, 16, ASYMMETRIC),
                new Shape(2, 7, 5, 5, 3, 3, 64, ASYMMETRIC),
                new Shape(1, 5, 7, 64, 1, 1, 3, Conv2d.of(1, 0)),
                new Shape(3, 6, 6, 13, 1, 1, 17, Conv2d.of(2, 0)),
                new Shape(1, 1, 1, 5, 1, 1, 5, Conv2d.of(1, 0)),
                new Shape(2, 9, 11, 64, 3, 3, 64, Conv2d.of(1, 1)),
                new Shape(1, 6, 6, 8, 3, 3, 24, new Conv2d(1, 1, 2, 0, 1, 2)),
                new Shape(1, 4, 4, 3, 1, 1, 3, Conv2d.of(1, 1)),
                new Shape(2, 16, 16, 32, 3, 3, 48, Conv2d.of(1, 1)),
                new Shape(1, 7, 9, 5, 2, 3, 13, new Conv2d(2, 3, 1, 0, 2, 1)),
                new Shape(2, 9, 8, 17, 3, 3, 5, new Conv2d(3, 2, 2, 1, 0, 1)),
                new Shape(1, 7, 7, 3, 1, 1, 4, new Conv2d(3, 3, 1, 1, 1, 1)),
                new Shape(1, 10, 10, 4, 5, 5, 8, Conv2d.of(2, 2)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matchesReference(Shape s) {
        Random rnd = new Random(s.hashCode());
        try (TensorArena arena = new TensorArena(); Workspace ws = new Workspace()) {
            float[] x = random(rnd, s.n() * s.h() * s.w() * s.cin());
            float[] w = random(rnd, s.kh() * s.kw() * s.cin() * s.cout());
            float[] bias = random(rnd, s.cout());
            float[] dy = random(rnd, s.n() * s.oh() * s.ow() * s.cout());
            Tensor tx = arena.of(x, s.n(), s.h(), s.w(), s.cin());
            Tensor tw = arena.of(w, s.kh(), s.kw(), s.cin(), s.cout());
            Tensor tb = arena.of(bias, s.cout());
            Tensor tdy = arena.of(dy, s.n(), s.oh(), s.ow(), s.cout());
            Tensor ty = arena.zeros(s.n(), s.oh(), s.ow(), s.cout());
            Tensor tdx = arena.zeros(s.n(), s.h(), s.w(), s.cin());
            Tensor tdw = arena.zeros(s.kh(), s.kw(), s.cin(), s.cout());
            Tensor tdb = arena.zeros(s.cout());
            // Garbage in the outputs proves they are overwritten, not accumulated into.
            ty.fill(7f);
            tdx.fill(7f);
            tdw.fill(7f);
            tdb.fill(7f);

            JavaConv.forward(tx, tw, tb, s.spec(), ty, ws);
            JavaConv.backwardData(tdy, tw, s.spec(), tdx, ws);
            JavaConv.backwardWeights(tx, tdy, s.spec(), tdw, tdb, ws);

            assertClose(ReferenceConv.forward(s, f64(x), f64(w), f64(bias)), ty.toArray(), "forward " + s);
            assertClose(ReferenceConv.backwardData(s, f64(dy), f64(w)), tdx.toArray(), "backwardData " + s);
            assertClose(ReferenceConv.backwardWeights(s, f64(x), f64(dy)), tdw.toArray(), "backwardWeights " + s);
            assertClose(ReferenceConv.backwardBias(s, f64(dy)), tdb.toArray(), "backwardBias " + s);
        }
    }

    @Test
    void forwardWithoutBias() {
        Shape s = new Shape(1, 5, 7, 13, 3, 3, 17, Conv2d.of(1, 1));
        Random rnd = new Random(3);
        try (TensorArena arena = new TensorArena(); Workspace ws = new Workspace()) {
            float[] x = random(rnd, s.n() * s.h() * s.w() * s.cin());
            float[] w = random(rnd, s.kh() * s.kw() * s.cin() * s.cout());
            Tensor ty = arena.zeros(s.n(), s.oh(), s.ow(), s.cout());
            JavaConv.forward(arena.of(x, s.n(), s.h(), s.w(), s.cin()), arena.of(w, s.kh(), s.kw(), s.cin(), s.cout()),
                    null, s.spec(), ty, ws);
            assertClose(ReferenceConv.forward(s, f64(x), f64(w), null), ty.toArray(), "forward without bias");
        }
    }

    /** The reference VJPs against central differences of L = sum(y * g), all in float64. */
    @Test
    void referenceVjpsMatchFiniteDifferences() {
        for (Shape s : List.of(new Shape(1, 5, 4, 2, 3, 3, 3, Conv2d.of(1, 1)),
                new Shape(2, 5, 5, 3, 3, 3, 2, ASYMMETRIC),
                new Shape(1, 4, 5, 2, 2, 3, 2, new Conv2d(2, 1, 1, 0, 0, 2)))) {
            Random rnd = new Random(11);
            double[] x = f64(random(rnd, s.n() * s.h() * s.w() * s.cin()));
            double[] w = f64(random(rnd, s.kh() * s.kw() * s.cin() * s.cout()));
            double[] b = f64(random(rnd, s.cout()));
            double[] g = f64(random(rnd, s.n() * s.oh() * s.ow() * s.cout()));
            double[] dx = ReferenceConv.backwardData(s, g, w);
            double[] dw = ReferenceConv.backwardWeights(s, x, g);
            double[] db = ReferenceConv.backwardBias(s, g);
            double h = 1e-3;
            for (int i = 0; i < x.length; i++) {
                double[] p = x.clone(), m = x.clone();
                p[i] += h;
                m[i] -= h;
                double fd = (loss(s, p, w, b, g) - loss(s, m, w, b, g)) / (2 * h);
                assertTrue(Math.abs(fd - dx[i]) < 1e-8, "dx[" + i + "] " + fd + " vs " + dx[i] + " for " + s);
            }
            for (int i = 0; i < w.length; i++) {
                double[] p = w.clone(), m = w.clone();
                p[i] += h;
                m[i] -= h;
                double fd = (loss(s, x, p, b, g) - loss(s, x, m, b, g)) / (2 * h);
                assertTrue(Math.abs(fd - dw[i]) < 1e-8, "dw[" + i + "] " + fd + " vs " + dw[i] + " for " + s);
            }
            for (int i = 0; i < b.length; i++) {
                double[] p = b.clone(), m = b.clone();
                p[i] += h;
                m[i] -= h;
                double fd = (loss(s, x, w, p, g) - loss(s, x, w, m, g)) / (2 * h);
                assertTrue(Math.abs(fd - db[i]) < 1e-8, "db[" + i + "] " + fd + " vs " + db[i] + " for " + s);
            }
        }
    }

    private static double loss(Shape s, double[] x, double[] w, double[] b, double[] g) {
        double[] y = ReferenceConv.forward(s, x, w, b);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i] * g[i];
        }
        return sum;
    }

    /** Max abs error, normalised by the reference's max abs value. */
    private static void assertClose(double[] expected, float[] actual, String what) {
        double scale = 0, err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        double rel = err / Math.max(scale, 1e-30);
        assertTrue(rel <= TOLERANCE, what + ": relative error " + rel);
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    private static double[] f64(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
