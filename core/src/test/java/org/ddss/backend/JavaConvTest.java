package org.ddss.backend;

import static org.ddss.backend.Check.close;
import static org.ddss.backend.Check.d;
import static org.ddss.backend.Check.fd;
import static org.ddss.backend.Check.random;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ddss.tensor.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JavaConv}'s register-tiled kernels against the float64 reference on shapes that
 * exercise every tile edge (channel counts off the vector width, odd sizes, strides 1-3,
 * asymmetric padding, kernels 1x1 to 5x5). The backward passes are compared with the analytic
 * reference VJPs, which are checked against central differences on small shapes.
 */
class JavaConvTest {
    private static final Conv2d ASYMMETRIC = new Conv2d(2, 2, 0, 1, 0, 1);

    /** x [n,h,w,cin], w [kh,kw,cin,cout]. */
    record Shape(int n, int h, int w, int cin, int kh, int kw, int cout, Conv2d spec) {
        int[] xs() {
            return new int[] {n, h, w, cin};
        }

        int[] ws() {
            return new int[] {kh, kw, cin, cout};
        }

        int[] ys() {
            return new int[] {n, spec.outH(h, kh), spec.outW(w, kw), cout};
        }
    }

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
            Tensor x = arena.of(random(rnd, (int) Tensor.elementCount(s.xs())), s.xs());
            Tensor w = arena.of(random(rnd, (int) Tensor.elementCount(s.ws())), s.ws());
            Tensor bias = arena.of(random(rnd, s.cout()), s.cout());
            Tensor dy = arena.of(random(rnd, (int) Tensor.elementCount(s.ys())), s.ys());
            Tensor y = arena.empty(s.ys()), dx = arena.empty(s.xs()), dw = arena.empty(s.ws()), db = arena.empty(s.cout());
            // Garbage in the outputs proves they are overwritten, not accumulated into.
            for (Tensor t : new Tensor[] {y, dx, dw, db}) {
                t.fill(7f);
            }
            JavaConv.forward(x, w, bias, s.spec(), y, ws);
            JavaConv.backwardData(dy, w, s.spec(), dx, ws);
            JavaConv.backwardWeights(x, dy, s.spec(), dw, db, ws);

            double[][] vjp = Ref.conv2dVjp(d(x), s.xs(), d(w), s.ws(), d(dy), s.spec());
            close("forward " + s, Ref.conv2d(d(x), s.xs(), d(w), s.ws(), d(bias), s.spec()), y, Check.FWD_TOL);
            close("backwardData " + s, vjp[0], dx, Check.FWD_TOL);
            close("backwardWeights " + s, vjp[1], dw, Check.FWD_TOL);
            close("backwardBias " + s, vjp[2], db, Check.FWD_TOL);

            JavaConv.forward(x, w, null, s.spec(), y, ws);
            close("forward without bias " + s, Ref.conv2d(d(x), s.xs(), d(w), s.ws(), null, s.spec()), y, Check.FWD_TOL);
        }
    }

    /** The analytic reference VJPs against central differences of L = sum(y . g), all in float64. */
    @Test
    void referenceVjpsMatchFiniteDifferences() {
        for (Shape s : List.of(new Shape(1, 5, 4, 2, 3, 3, 3, Conv2d.of(1, 1)),
                new Shape(2, 5, 5, 3, 3, 3, 2, ASYMMETRIC),
                new Shape(1, 4, 5, 2, 2, 3, 2, new Conv2d(2, 1, 1, 0, 0, 2)))) {
            Random rnd = new Random(11);
            double[] x = d(random(rnd, (int) Tensor.elementCount(s.xs())));
            double[] w = d(random(rnd, (int) Tensor.elementCount(s.ws())));
            double[] b = d(random(rnd, s.cout()));
            double[] g = d(random(rnd, (int) Tensor.elementCount(s.ys())));
            double[][] vjp = Ref.conv2dVjp(x, s.xs(), w, s.ws(), g, s.spec());
            closeD("dx " + s, fd(v -> Ref.conv2d(v, s.xs(), w, s.ws(), b, s.spec()), x, g), vjp[0]);
            closeD("dw " + s, fd(v -> Ref.conv2d(x, s.xs(), v, s.ws(), b, s.spec()), w, g), vjp[1]);
            closeD("db " + s, fd(v -> Ref.conv2d(x, s.xs(), w, s.ws(), v, s.spec()), b, g), vjp[2]);
        }
    }

    /** Float64 against float64: differences of a bilinear function are exact up to rounding. */
    private static void closeD(String what, double[] expected, double[] actual) {
        float[] f = new float[actual.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) actual[i];
        }
        close(what, expected, f, 1e-6);
    }
}
