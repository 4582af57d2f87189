package org.ddss.backend;

import static org.ddss.backend.Check.FWD_TOL;
import static org.ddss.backend.Check.VJP_TOL;
import static org.ddss.backend.Check.close;
import static org.ddss.backend.Check.d;
import static org.ddss.backend.Check.fd;
import static org.ddss.backend.Check.random;
import static org.ddss.backend.Check.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.stream.Stream;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The op suite every backend runs: each forward against the float64 reference, each VJP
 * against central finite differences of that reference. Shapes include batch 1, odd spatial
 * sizes and channel counts that are not multiples of the vector width.
 */
class BackendOpsTest {

    static Stream<String> backends() {
        return TestBackends.names();
    }

    /** An output buffer full of NaN: an op that reads its output instead of overwriting it fails. */
    static Tensor junk(TensorArena ar, int... shape) {
        Tensor t = ar.empty(shape);
        t.fill(Float.NaN);
        return t;
    }

    // ---- convolution -------------------------------------------------------------------

    record ConvCase(int n, int h, int w, int ci, int co, int kh, int kw, Conv2d spec) {
        ConvCase(int n, int h, int w, int ci, int co, int k, Conv2d spec) {
            this(n, h, w, ci, co, k, k, spec);
        }
    }

    static final ConvCase[] CONV_FWD = {
        new ConvCase(1, 5, 7, 3, 5, 3, Conv2d.of(1, 1)),
        new ConvCase(2, 8, 8, 13, 17, 3, new Conv2d(2, 2, 0, 1, 0, 1)),
        new ConvCase(3, 6, 5, 8, 16, 1, Conv2d.of(1, 0)),
        new ConvCase(2, 9, 9, 17, 13, 3, Conv2d.of(2, 1)),
        new ConvCase(1, 7, 6, 64, 9, 3, Conv2d.of(1, 1)),
        new ConvCase(2, 6, 9, 5, 6, 1, 7, new Conv2d(1, 1, 0, 0, 3, 3)),
        new ConvCase(1, 9, 6, 6, 5, 7, 1, new Conv2d(1, 1, 3, 3, 0, 0)),
        new ConvCase(2, 7, 7, 3, 4, 5, 5, Conv2d.of(1, 2)),
        new ConvCase(1, 9, 11, 4, 6, 3, 3, Conv2d.of(2, 0)),
    };

    static final ConvCase[] CONV_VJP = {
        new ConvCase(1, 5, 6, 3, 4, 3, Conv2d.of(1, 1)),
        new ConvCase(2, 6, 6, 3, 5, 3, new Conv2d(2, 2, 0, 1, 0, 1)),
        new ConvCase(2, 3, 5, 4, 9, 1, Conv2d.of(1, 0)),
        new ConvCase(1, 5, 8, 3, 4, 1, 7, new Conv2d(1, 1, 0, 0, 3, 3)),
        new ConvCase(2, 8, 4, 4, 3, 7, 1, new Conv2d(1, 1, 3, 3, 0, 0)),
        new ConvCase(1, 6, 5, 2, 3, 1, 3, new Conv2d(1, 1, 0, 0, 1, 1)),
        new ConvCase(1, 5, 6, 3, 2, 3, 1, new Conv2d(1, 1, 1, 1, 0, 0)),
        new ConvCase(1, 9, 7, 3, 4, 3, 3, Conv2d.of(2, 0)),
        new ConvCase(1, 6, 6, 2, 3, 5, 5, Conv2d.of(1, 2)),
    };

    @ParameterizedTest
    @MethodSource("backends")
    void conv2dForward(String backend) {
        Random r = new Random(1);
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (ConvCase c : CONV_FWD) {
                Tensor x = ar.of(random(r, c.n * c.h * c.w * c.ci), c.n, c.h, c.w, c.ci);
                Tensor w = ar.of(random(r, c.kh * c.kw * c.ci * c.co), c.kh, c.kw, c.ci, c.co);
                Tensor b = ar.of(random(r, c.co), c.co);
                Tensor y = junk(ar, c.spec.outShape(x, w));
                be.conv2d(x, w, b, c.spec, y);
                close("conv2d " + c, Ref.conv2d(d(x), x.shape(), d(w), w.shape(), d(b), c.spec), y, FWD_TOL);
                be.conv2d(x, w, null, c.spec, y);
                close("conv2d no bias " + c, Ref.conv2d(d(x), x.shape(), d(w), w.shape(), null, c.spec), y, FWD_TOL);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void conv2dBackward(String backend) {
        Random r = new Random(2);
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (ConvCase c : CONV_VJP) {
                Tensor x = ar.of(random(r, c.n * c.h * c.w * c.ci), c.n, c.h, c.w, c.ci);
                Tensor w = ar.of(random(r, c.kh * c.kw * c.ci * c.co), c.kh, c.kw, c.ci, c.co);
                Tensor b = ar.of(random(r, c.co), c.co);
                int[] ys = c.spec.outShape(x, w);
                Tensor g = ar.of(random(r, (int) Tensor.elementCount(ys)), ys);
                Tensor dx = junk(ar, x.shape()), dw = junk(ar, w.shape()), db = junk(ar, c.co);
                be.conv2dBackwardData(g, w, c.spec, dx);
                be.conv2dBackwardWeights(x, g, c.spec, dw, db);
                double[] xd = d(x), wd = d(w), bd = d(b), gd = d(g);
                close("conv2d dx " + c, fd(v -> Ref.conv2d(v, x.shape(), wd, w.shape(), bd, c.spec), xd, gd), dx, VJP_TOL);
                close("conv2d dw " + c, fd(v -> Ref.conv2d(xd, x.shape(), v, w.shape(), bd, c.spec), wd, gd), dw, VJP_TOL);
                close("conv2d db " + c, fd(v -> Ref.conv2d(xd, x.shape(), wd, w.shape(), v, c.spec), bd, gd), db, VJP_TOL);
                be.conv2dBackwardWeights(x, g, c.spec, dw, null);
                close("conv2d dw without db " + c, fd(v -> Ref.conv2d(xd, x.shape(), v, w.shape(), bd, c.spec), wd, gd), dw, VJP_TOL);
            }
        }
    }

    // ---- matmul ------------------------------------------------------------------------

    record MatmulCase(int batch, int m, int k, int n, boolean ta, boolean tb, boolean sharedB, boolean bias) {
        int[] aShape() {
            int r = ta ? k : m, c = ta ? m : k;
            return batch == 0 ? new int[] {r, c} : new int[] {batch, r, c};
        }

        int[] bShape() {
            int r = tb ? n : k, c = tb ? k : n;
            return batch == 0 || sharedB ? new int[] {r, c} : new int[] {batch, r, c};
        }

        int[] cShape() {
            return batch == 0 ? new int[] {m, n} : new int[] {batch, m, n};
        }
    }

    static final MatmulCase[] MATMUL = {
        new MatmulCase(0, 5, 7, 9, false, false, false, true),
        new MatmulCase(0, 13, 17, 19, false, true, false, true),
        new MatmulCase(3, 6, 5, 17, false, false, false, false),
        new MatmulCase(2, 9, 4, 8, true, false, false, true),
        new MatmulCase(2, 7, 6, 5, false, true, false, false),
        new MatmulCase(2, 5, 3, 11, true, true, false, false),
        new MatmulCase(3, 4, 6, 10, false, true, true, true),
        new MatmulCase(2, 5, 7, 3, true, false, true, false),
        new MatmulCase(1, 1, 33, 1, false, false, false, false),
    };

    @ParameterizedTest
    @MethodSource("backends")
    void matmulForwardAndBackward(String backend) {
        Random r = new Random(3);
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (MatmulCase c : MATMUL) {
                Tensor a = ar.of(random(r, (int) Tensor.elementCount(c.aShape())), c.aShape());
                Tensor b = ar.of(random(r, (int) Tensor.elementCount(c.bShape())), c.bShape());
                Tensor bias = c.bias ? ar.of(random(r, c.n), c.n) : null;
                Tensor out = junk(ar, c.cShape());
                be.matmul(a, c.ta, b, c.tb, bias, out);
                double[] ad = d(a), bd = d(b), biasd = bias == null ? null : d(bias);
                close("matmul " + c, Ref.matmul(ad, a.shape(), c.ta, bd, b.shape(), c.tb, biasd), out, FWD_TOL);

                Tensor g = ar.of(random(r, (int) out.size()), c.cShape());
                Tensor da = junk(ar, a.shape()), db = junk(ar, b.shape());
                Tensor dbias = c.bias ? junk(ar, c.n) : null;
                be.matmulBackward(g, a, c.ta, b, c.tb, da, db, dbias);
                double[] gd = d(g);
                close("matmul da " + c, fd(v -> Ref.matmul(v, a.shape(), c.ta, bd, b.shape(), c.tb, biasd), ad, gd), da, VJP_TOL);
                close("matmul db " + c, fd(v -> Ref.matmul(ad, a.shape(), c.ta, v, b.shape(), c.tb, biasd), bd, gd), db, VJP_TOL);
                if (c.bias) {
                    close("matmul dbias " + c, fd(v -> Ref.matmul(ad, a.shape(), c.ta, bd, b.shape(), c.tb, v), biasd, gd), dbias, VJP_TOL);
                }
            }
        }
    }

    // ---- group norm, silu, softmax -----------------------------------------------------

    /**
     * Statistics that a one-sweep method about a poor reference point gets wrong: a channel whose
     * first value is a spike of 10 above values spread by 0.01, over 784 rows. The variance must
     * match float64 to 1e-5 of itself.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void groupNormVarianceUnderASpike(String backend) {
        Random r = new Random(9);
        int[] s = {1, 28, 28, 8};
        int gN = 2;
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            Tensor x = ar.zeros(s);
            for (long i = 0; i < x.size(); i++) {
                x.set(i, (float) (1 + 0.01 * r.nextGaussian()));
            }
            for (int c = 0; c < 8; c++) {
                x.set(c, 11f);
            }
            Tensor ones = ar.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 8), zeros = ar.zeros(8);
            Tensor y = junk(ar, s), mean = junk(ar, 1, gN), var = junk(ar, 1, gN);
            // Again with an offset of 300 on every channel, which moves the mean and keeps the
            // spike: the second sweep must be taken about the mean of x, not of x + offset.
            Tensor far = ar.of(new float[] {300, 300, 300, 300, 300, 300, 300, 300}, 1, 8);
            for (Tensor offset : new Tensor[] {null, far}) {
                be.groupNorm(x, offset, ones, zeros, new GroupNorm(gN, 1e-5f), y, mean, var);
                double[] mu = new double[gN], vv = new double[gN];
                double[] xd = offset == null ? d(x) : plusOffset(d(x), s, d(offset));
                Ref.groupNorm(xd, s, d(ones), d(zeros), gN, 1e-5f, mu, vv);
                for (int q = 0; q < gN; q++) {
                    assertEquals(vv[q], var.get(q), 1e-5 * vv[q], "variance of group " + q + ", offset " + offset);
                    assertEquals(mu[q], mean.get(q), 1e-6 * Math.abs(mu[q]), "mean of group " + q + ", offset " + offset);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void groupNorm(String backend) {
        Random r = new Random(4);
        // [2,5,7,10]: 350 values a sample, past the SiLU's 256-value scratch run, with channel tails.
        // [2,3,5,86]: the Java kernel's four-block, one-block and scalar channel loops at 8 and 16
        // lanes, on data far from zero (its moments are taken about a shift); [1,2,3,64]: its
        // four-block loops, backward too (whose check by finite differences takes small shapes).
        int[][] shapes = {{1, 5, 7, 6}, {2, 3, 3, 12}, {3, 4, 4, 32}, {2, 9, 20}, {2, 5, 7, 10}, {2, 3, 5, 86}, {1, 2, 3, 64}};
        int[] groups = {3, 4, 8, 5, 5, 2, 8};
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int t = 0; t < shapes.length; t++) {
                int[] s = shapes[t];
                int gN = groups[t], c = s[s.length - 1];
                float eps = 1e-5f;
                Tensor x = ar.of(random(r, (int) Tensor.elementCount(s)), s);
                // Offset and scale the data so that the statistics matter.
                be.scale(x, 3f, x);
                if (c == 86) {
                    for (long i = 0; i < x.size(); i++) {
                        x.set(i, x.get(i) + 20f);
                    }
                }
                Tensor gamma = ar.of(random(r, c), c), beta = ar.of(random(r, c), c);
                Tensor y = junk(ar, s), mean = junk(ar, s[0], gN), var = junk(ar, s[0], gN);
                be.groupNorm(x, null, gamma, beta, new GroupNorm(gN, eps), y, mean, var);
                double[] xd = d(x), gd = d(gamma), bd = d(beta);
                double[] mu = new double[s[0] * gN], vv = new double[s[0] * gN];
                close("groupNorm " + str(s), Ref.groupNorm(xd, s, gd, bd, gN, eps, mu, vv), y, FWD_TOL);
                close("groupNorm mean " + str(s), mu, mean, FWD_TOL);
                close("groupNorm var " + str(s), vv, var, FWD_TOL);
                // The fused form: the SiLU of the same, with and without the normalised values.
                Tensor act = junk(ar, s), y2 = junk(ar, s), act2 = junk(ar, s);
                be.groupNormSilu(x, null, gamma, beta, new GroupNorm(gN, eps), null, act, mean, var);
                close("groupNormSilu " + str(s), Ref.silu(Ref.groupNorm(xd, s, gd, bd, gN, eps, null, null)), act, FWD_TOL);
                close("groupNormSilu var " + str(s), vv, var, FWD_TOL);
                be.groupNormSilu(x, null, gamma, beta, new GroupNorm(gN, eps), y2, act2, mean, var);
                close("groupNormSilu y " + str(s), Ref.groupNorm(xd, s, gd, bd, gN, eps, null, null), y2, FWD_TOL);
                close("groupNormSilu act " + str(s), d(act), act2, 0);

                if (x.size() > 400) {
                    continue;
                }
                Tensor g = ar.of(random(r, (int) x.size()), s);
                Tensor dx = junk(ar, s), dgamma = junk(ar, c), dbeta = junk(ar, c);
                be.groupNormBackward(g, x, null, gamma, mean, var, new GroupNorm(gN, eps), dx, null, dgamma, dbeta);
                double[] gg = d(g);
                close("groupNorm dx " + str(s), fd(v -> Ref.groupNorm(v, s, gd, bd, gN, eps, null, null), xd, gg), dx, VJP_TOL);
                close("groupNorm dgamma " + str(s), fd(v -> Ref.groupNorm(xd, s, v, bd, gN, eps, null, null), gd, gg), dgamma, VJP_TOL);
                close("groupNorm dbeta " + str(s), fd(v -> Ref.groupNorm(xd, s, gd, v, gN, eps, null, null), bd, gg), dbeta, VJP_TOL);

                // With an offset per (sample, channel): the same as normalising x + offset.
                Tensor off = ar.of(random(r, s[0] * c), s[0], c);
                be.scale(off, 4f, off);
                double[] od = d(off), xo = plusOffset(xd, s, od);
                be.groupNorm(x, off, gamma, beta, new GroupNorm(gN, eps), y, mean, var);
                close("groupNorm offset " + str(s), Ref.groupNorm(xo, s, gd, bd, gN, eps, mu, vv), y, FWD_TOL);
                close("groupNorm offset mean " + str(s), mu, mean, FWD_TOL);
                close("groupNorm offset var " + str(s), vv, var, FWD_TOL);
                be.groupNormSilu(x, off, gamma, beta, new GroupNorm(gN, eps), y2, act2, mean, var);
                close("groupNormSilu offset y " + str(s), Ref.groupNorm(xo, s, gd, bd, gN, eps, null, null), y2, FWD_TOL);
                close("groupNormSilu offset " + str(s), Ref.silu(Ref.groupNorm(xo, s, gd, bd, gN, eps, null, null)), act2, FWD_TOL);
                Tensor doff = junk(ar, s[0], c), doff2 = junk(ar, s[0], c);
                be.groupNormBackward(g, x, off, gamma, mean, var, new GroupNorm(gN, eps), dx, doff, dgamma, dbeta);
                close("groupNorm offset dx " + str(s),
                        fd(v -> Ref.groupNorm(plusOffset(v, s, od), s, gd, bd, gN, eps, null, null), xd, gg), dx, VJP_TOL);
                close("groupNorm offset dgamma " + str(s), fd(v -> Ref.groupNorm(xo, s, v, bd, gN, eps, null, null), gd, gg),
                        dgamma, VJP_TOL);
                close("groupNorm offset dbeta " + str(s), fd(v -> Ref.groupNorm(xo, s, gd, v, gN, eps, null, null), bd, gg),
                        dbeta, VJP_TOL);
                close("groupNorm doffset " + str(s),
                        fd(v -> Ref.groupNorm(plusOffset(xd, s, v), s, gd, bd, gN, eps, null, null), od, gg), doff, VJP_TOL);
                // The offset's gradient alone, without dx.
                be.groupNormBackward(g, x, off, gamma, mean, var, new GroupNorm(gN, eps), null, doff2, null, null);
                close("groupNorm doffset without dx " + str(s), d(doff), doff2, 1e-6);

                // silu(groupNorm(x + offset))'s VJP, from the offset forward's y2, mean and var above.
                be.groupNormSiluBackward(g, x, y2, off, gamma, mean, var, new GroupNorm(gN, eps), dx, doff, dgamma, dbeta);
                close("groupNormSilu dx " + str(s),
                        fd(v -> Ref.silu(Ref.groupNorm(plusOffset(v, s, od), s, gd, bd, gN, eps, null, null)), xd, gg), dx,
                        VJP_TOL);
                close("groupNormSilu dgamma " + str(s),
                        fd(v -> Ref.silu(Ref.groupNorm(xo, s, v, bd, gN, eps, null, null)), gd, gg), dgamma, VJP_TOL);
                close("groupNormSilu dbeta " + str(s),
                        fd(v -> Ref.silu(Ref.groupNorm(xo, s, gd, v, gN, eps, null, null)), bd, gg), dbeta, VJP_TOL);
                close("groupNormSilu doffset " + str(s),
                        fd(v -> Ref.silu(Ref.groupNorm(plusOffset(xd, s, v), s, gd, bd, gN, eps, null, null)), od, gg), doff,
                        VJP_TOL);
                be.groupNormSiluBackward(g, x, y2, off, gamma, mean, var, new GroupNorm(gN, eps), null, doff2, null, null);
                close("groupNormSilu doffset without dx " + str(s), d(doff), doff2, 1e-6);
                Tensor dgammaOnly = junk(ar, c), dbetaOnly = junk(ar, c);
                be.groupNormSiluBackward(g, x, y2, off, gamma, mean, var, new GroupNorm(gN, eps), null, null, dgammaOnly, dbetaOnly);
                close("groupNormSilu dgamma without dx " + str(s), d(dgamma), dgammaOnly, 1e-6);
                close("groupNormSilu dbeta without dx " + str(s), d(dbeta), dbetaOnly, 1e-6);
                // The composed form (Backend's default, which the cuda backend takes, so there it checks itself) agrees.
                Tensor dx2 = junk(ar, s), dgamma2 = junk(ar, c), dbeta2 = junk(ar, c);
                Ops.groupNormSiluBackward(be, g, x, y2, off, gamma, mean, var, new GroupNorm(gN, eps), dx2, doff2, dgamma2, dbeta2);
                close("groupNormSilu composed dx " + str(s), d(dx), dx2, 1e-5);
                close("groupNormSilu composed doffset " + str(s), d(doff), doff2, 1e-5);
                close("groupNormSilu composed dgamma " + str(s), d(dgamma), dgamma2, 1e-5);
                close("groupNormSilu composed dbeta " + str(s), d(dbeta), dbeta2, 1e-5);
            }
        }
    }

    /** x [N, ..., C] plus off [N, C] at every position. */
    static double[] plusOffset(double[] x, int[] s, double[] off) {
        int c = s[s.length - 1], perSample = x.length / s[0];
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += off[i / perSample * c + i % c];
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void siluAndSoftmax(String backend) {
        Random r = new Random(5);
        int[][] shapes = {{1}, {7}, {3, 13}, {2, 5, 64}, {1, 3, 3, 17}, {3, 301}};
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int[] s : shapes) {
                Tensor x = ar.of(random(r, (int) Tensor.elementCount(s)), s);
                be.scale(x, 4f, x);
                double[] xd = d(x);
                Tensor y = junk(ar, s), dx = junk(ar, s);
                Tensor g = ar.of(random(r, (int) x.size()), s);
                double[] gd = d(g);

                be.silu(x, y);
                close("silu " + str(s), Ref.silu(xd), y, FWD_TOL);
                Tensor inPlace = junk(ar, s);
                be.scale(x, 1f, inPlace);
                be.silu(inPlace, inPlace);
                close("silu in place " + str(s), d(y), inPlace, 0);
                be.siluBackward(g, x, dx);
                close("silu dx " + str(s), fd(Ref::silu, xd, gd), dx, VJP_TOL);
                Tensor intoX = junk(ar, s), intoDy = junk(ar, s);
                be.scale(x, 1f, intoX);
                be.siluBackward(g, intoX, intoX);
                close("silu dx into x " + str(s), d(dx), intoX, 0);
                be.scale(g, 1f, intoDy);
                be.siluBackward(intoDy, x, intoDy);
                close("silu dx into dy " + str(s), d(dx), intoDy, 0);

                int last = s[s.length - 1];
                be.softmax(x, y);
                close("softmax " + str(s), Ref.softmax(xd, last), y, FWD_TOL);
                be.scale(x, 1f, inPlace);
                be.softmax(inPlace, inPlace);
                close("softmax in place " + str(s), d(y), inPlace, 0);
                be.softmaxBackward(g, y, dx);
                close("softmax dx " + str(s), fd(v -> Ref.softmax(v, last), xd, gd), dx, VJP_TOL);
            }
        }
    }

    // ---- broadcast elementwise, reductions ---------------------------------------------

    static final int[][][] BROADCASTS = {
        // out, a, b
        {{2, 3, 5, 7}, {2, 3, 5, 7}, {2, 1, 1, 7}},
        {{2, 3, 5, 7}, {2, 3, 1, 7}, {1, 1, 5, 1}},
        {{13, 9}, {13, 9}, {1, 9}},
        {{4, 6}, {4, 1}, {4, 6}},
        {{3, 11}, {3, 11}, {3, 11}},
        {{2, 3, 5, 7}, {2, 3, 5, 7}, {2, 3, 5, 7}},
    };

    @ParameterizedTest
    @MethodSource("backends")
    void addMulScaleWithBroadcast(String backend) {
        Random r = new Random(6);
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int[][] bc : BROADCASTS) {
                int[] out = bc[0], as = bc[1], bs = bc[2];
                Tensor a = ar.of(random(r, (int) Tensor.elementCount(as)), as);
                Tensor b = ar.of(random(r, (int) Tensor.elementCount(bs)), bs);
                Tensor c = junk(ar, out);
                double[] ad = d(a), bd = d(b);
                String what = str(as) + " . " + str(bs);
                be.add(a, b, c);
                close("add " + what, Ref.binary(false, ad, as, bd, bs, out), c, FWD_TOL);
                be.mul(a, b, c);
                close("mul " + what, Ref.binary(true, ad, as, bd, bs, out), c, FWD_TOL);

                // VJPs: add -> sumTo(g); mul -> sumTo(g * other).
                Tensor g = ar.of(random(r, (int) c.size()), out);
                double[] gd = d(g);
                Tensor da = junk(ar, as), db = junk(ar, bs), tmp = junk(ar, out);
                be.sumTo(g, da);
                be.sumTo(g, db);
                close("add da " + what, fd(v -> Ref.binary(false, v, as, bd, bs, out), ad, gd), da, VJP_TOL);
                close("add db " + what, fd(v -> Ref.binary(false, ad, as, v, bs, out), bd, gd), db, VJP_TOL);
                be.mul(g, b, tmp);
                be.sumTo(tmp, da);
                be.mul(g, a, tmp);
                be.sumTo(tmp, db);
                close("mul da " + what, fd(v -> Ref.binary(true, v, as, bd, bs, out), ad, gd), da, VJP_TOL);
                close("mul db " + what, fd(v -> Ref.binary(true, ad, as, v, bs, out), bd, gd), db, VJP_TOL);

                // scale: forward, and its VJP (itself) against differences.
                Tensor sa = junk(ar, as), ga = ar.of(random(r, (int) a.size()), as);
                be.scale(a, -2.5f, sa);
                close("scale " + what, scaled(ad, -2.5), sa, FWD_TOL);
                be.scale(ga, -2.5f, sa);
                close("scale dx " + what, fd(v -> scaled(v, -2.5), ad, d(ga)), sa, VJP_TOL);
            }
        }
    }

    /**
     * {@code axpy} and {@code dot} (a sampler's transitions, the chain's adjoints): the backend's
     * own, and the composed defaults of {@link Backend} over the same backend's ops, against the
     * float64 reference at lengths around the vector width and a 1024-element block.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void axpyAndDot(String backend) {
        Random r = new Random(8);
        try (Backend own = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            Backend composed = (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                    new Class<?>[] {Backend.class}, (proxy, m, args) -> m.isDefault()
                            ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args) : m.invoke(own, args));
            for (int n : new int[] {1, 13, 207, 1025, 4098}) {
                Tensor x = ar.of(random(r, n), n), y0 = ar.of(random(r, n), n);
                double[] want = new double[n];
                double dot = 0, magnitude = 0;
                for (int i = 0; i < n; i++) {
                    want[i] = y0.get(i) - 1.75 * x.get(i);
                    dot += (double) x.get(i) * y0.get(i);
                    magnitude += Math.abs((double) x.get(i) * y0.get(i));
                }
                for (Backend be : new Backend[] {own, composed}) {
                    String what = (be == own ? "" : "composed ") + "n=" + n;
                    Tensor y = ar.empty(n);
                    y.copyFrom(y0);
                    be.axpy(-1.75f, x, y);
                    close("axpy " + what, want, y, FWD_TOL);
                    assertEquals(dot, be.dot(x, y0), 1e-6 * magnitude + 1e-7, "dot " + what);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> own.axpy(1, ar.zeros(3), ar.zeros(4)));
            assertThrows(IllegalArgumentException.class, () -> composed.dot(ar.zeros(3), ar.zeros(4)));
        }
    }

    private static double[] scaled(double[] v, double s) {
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= s;
        }
        return o;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sumToMeanToAndBroadcastTo(String backend) {
        Random r = new Random(7);
        int[][][] cases = {
            {{2, 3, 5, 7}, {1, 1, 1, 7}},
            {{2, 3, 5, 7}, {2, 1, 1, 7}},
            {{2, 3, 5, 7}, {2, 3, 5, 1}},
            {{2, 3, 5, 7}, {1, 3, 1, 1}},
            {{9, 17}, {1, 17}},
            {{9, 17}, {1, 1}},
            {{4, 5}, {4, 5}},
        };
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int[][] c : cases) {
                int[] xs = c[0], ys = c[1];
                Tensor x = ar.of(random(r, (int) Tensor.elementCount(xs)), xs);
                Tensor y = junk(ar, ys);
                double[] xd = d(x);
                String what = str(xs) + " -> " + str(ys);
                be.sumTo(x, y);
                double[] sum = Ref.sumTo(xd, xs, ys);
                close("sumTo " + what, sum, y, FWD_TOL);
                be.meanTo(x, y);
                double ratio = (double) x.size() / y.size();
                double[] mean = sum.clone();
                for (int i = 0; i < mean.length; i++) {
                    mean[i] /= ratio;
                }
                close("meanTo " + what, mean, y, FWD_TOL);

                // VJP of sumTo is broadcastTo.
                Tensor g = ar.of(random(r, (int) y.size()), ys);
                Tensor dx = junk(ar, xs);
                be.broadcastTo(g, dx);
                close("broadcastTo " + what, Ref.broadcastTo(d(g), ys, xs), dx, FWD_TOL);
                close("sumTo dx " + what, fd(v -> Ref.sumTo(v, xs, ys), xd, d(g)), dx, VJP_TOL);
            }
        }
    }

    // ---- resampling and concat -----------------------------------------------------------

    @ParameterizedTest
    @MethodSource("backends")
    void upsampleAndPool(String backend) {
        Random r = new Random(8);
        int[][] shapes = {{1, 3, 5, 3}, {2, 4, 2, 17}, {1, 2, 2, 8}};
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int[] s : shapes) {
                int[] big = {s[0], 2 * s[1], 2 * s[2], s[3]};
                Tensor x = ar.of(random(r, (int) Tensor.elementCount(s)), s);
                Tensor up = junk(ar, big);
                be.upsampleNearest2x(x, up);
                close("upsample " + str(s), Ref.upsample2x(d(x), s), up, FWD_TOL);
                Tensor gBig = ar.of(random(r, (int) up.size()), big);
                Tensor dx = junk(ar, s);
                be.upsampleNearest2xBackward(gBig, dx);
                close("upsample dx " + str(s), fd(v -> Ref.upsample2x(v, s), d(x), d(gBig)), dx, VJP_TOL);

                Tensor xb = ar.of(random(r, (int) up.size()), big);
                Tensor pooled = junk(ar, s);
                be.avgPool2x2(xb, pooled);
                close("avgPool " + str(big), Ref.avgPool2x2(d(xb), big), pooled, FWD_TOL);
                Tensor g = ar.of(random(r, (int) pooled.size()), s);
                Tensor dxb = junk(ar, big);
                be.avgPool2x2Backward(g, dxb);
                close("avgPool dx " + str(big), fd(v -> Ref.avgPool2x2(v, big), d(xb), d(g)), dxb, VJP_TOL);
            }
        }
    }

    /**
     * Pooling windows (max; average with and without the padding counted), ReLU and the bilinear
     * resize: forward against float64 loops written from PyTorch's definitions, VJP against
     * finite differences of those.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void poolingReluAndBilinearResize(String backend) {
        Random r = new Random(12);
        Pool2d[] pools = {Pool2d.max(3, 2, 0), Pool2d.max(3, 1, 1), Pool2d.average(3, 1, 1, false), Pool2d.average(3, 1, 1, true),
            Pool2d.average(2, 2, 0, true)};
        int[][] shapes = {{1, 5, 7, 3}, {2, 8, 6, 17}};
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int[] xs : shapes) {
                // Distinct values 0.01 apart, none near 0: finite differences never cross a tie of a max
                // window or the kink of ReLU.
                int count = (int) Tensor.elementCount(xs);
                java.util.List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, count).boxed().toList());
                java.util.Collections.shuffle(order, r);
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (order.get(i) - count / 2) * 0.01f + 0.005f;
                }
                Tensor x = ar.of(values, xs);
                for (Pool2d p : pools) {
                    int[] ys = p.outShape(x);
                    Tensor y = junk(ar, ys);
                    be.pool2d(x, p, y);
                    String what = p + " " + str(xs);
                    close(what, pool(d(x), xs, p), y, FWD_TOL);
                    Tensor g = ar.of(random(r, (int) y.size()), ys), dx = junk(ar, xs);
                    be.pool2dBackward(g, x, p, dx);
                    close(what + " dx", fd(v -> pool(v, xs, p), d(x), d(g)), dx, VJP_TOL);
                }
                Tensor y = junk(ar, xs), g = ar.of(random(r, (int) x.size()), xs), dx = junk(ar, xs);
                be.relu(x, y);
                close("relu " + str(xs), java.util.Arrays.stream(d(x)).map(v -> Math.max(v, 0)).toArray(), y, FWD_TOL);
                be.reluBackward(g, y, dx);
                close("relu dx " + str(xs), fd(v -> java.util.Arrays.stream(v).map(q -> Math.max(q, 0)).toArray(), d(x), d(g)), dx,
                        VJP_TOL);
                for (int[] size : new int[][] {{11, 9}, {3, 4}, {5, 7}}) {
                    int[] rs = {xs[0], size[0], size[1], xs[3]};
                    Tensor z = junk(ar, rs), gz = ar.of(random(r, (int) Tensor.elementCount(rs)), rs);
                    be.resizeBilinear(x, z);
                    close("resize " + str(xs) + " to " + str(rs), resize(d(x), xs, rs), z, FWD_TOL);
                    be.resizeBilinearBackward(gz, dx);
                    close("resize dx " + str(xs) + " to " + str(rs), fd(v -> resize(v, xs, rs), d(x), d(gz)), dx, VJP_TOL);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> Pool2d.max(3, 2, 0).outShape(ar.zeros(1, 2, 2, 1)));
        }
    }

    /** PyTorch's max_pool2d / avg_pool2d (ceil_mode False) in float64. */
    static double[] pool(double[] x, int[] s, Pool2d p) {
        int n = s[0], h = s[1], w = s[2], c = s[3], oh = (h + 2 * p.pad() - p.kernel()) / p.stride() + 1;
        int ow = (w + 2 * p.pad() - p.kernel()) / p.stride() + 1;
        double[] y = new double[n * oh * ow * c];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int q = 0; q < c; q++) {
                        double acc = p.max() ? Double.NEGATIVE_INFINITY : 0;
                        int inside = 0;
                        for (int a = 0; a < p.kernel(); a++) {
                            for (int e = 0; e < p.kernel(); e++) {
                                int yy = i * p.stride() - p.pad() + a, xx = j * p.stride() - p.pad() + e;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                                    continue;
                                }
                                double v = x[((b * h + yy) * w + xx) * c + q];
                                acc = p.max() ? Math.max(acc, v) : acc + v;
                                inside++;
                            }
                        }
                        int all = (Math.min(i * p.stride() - p.pad() + p.kernel(), h + p.pad()) - (i * p.stride() - p.pad()))
                                * (Math.min(j * p.stride() - p.pad() + p.kernel(), w + p.pad()) - (j * p.stride() - p.pad()));
                        y[((b * oh + i) * ow + j) * c + q] = p.max() ? acc : acc / (p.countPad() ? all : inside);
                    }
                }
            }
        }
        return y;
    }

    /** PyTorch's F.interpolate(mode="bilinear", align_corners=False) in float64. */
    static double[] resize(double[] x, int[] s, int[] rs) {
        int n = s[0], h = s[1], w = s[2], c = s[3], oh = rs[1], ow = rs[2];
        double[] y = new double[n * oh * ow * c];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                double sy = Math.max((i + 0.5) * h / oh - 0.5, 0);
                int y0 = (int) sy, y1 = Math.min(y0 + 1, h - 1);
                double ly = sy - y0;
                for (int j = 0; j < ow; j++) {
                    double sx = Math.max((j + 0.5) * w / ow - 0.5, 0);
                    int x0 = (int) sx, x1 = Math.min(x0 + 1, w - 1);
                    double lx = sx - x0;
                    for (int q = 0; q < c; q++) {
                        y[((b * oh + i) * ow + j) * c + q] = (1 - ly) * ((1 - lx) * x[((b * h + y0) * w + x0) * c + q]
                                + lx * x[((b * h + y0) * w + x1) * c + q])
                                + ly * ((1 - lx) * x[((b * h + y1) * w + x0) * c + q] + lx * x[((b * h + y1) * w + x1) * c + q]);
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void interleavePhases(String backend) {
        Random r = new Random(10);
        int[][] outShapes = {{1, 2, 2, 3}, {2, 6, 4, 17}, {1, 4, 8, 8}};
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int[] ys : outShapes) {
                int[] os = {ys[0], ys[1] / 2 + 1, ys[2] / 2 + 1, 4 * ys[3]};
                Tensor o = ar.of(random(r, (int) Tensor.elementCount(os)), os);
                Tensor bias = ar.of(random(r, ys[3]), ys[3]);
                Tensor y = junk(ar, ys);
                be.interleavePhases(o, bias, y);
                close("interleavePhases " + str(ys), Ref.interleavePhases(d(o), d(bias), ys), y, FWD_TOL);
                be.interleavePhases(o, null, y);
                close("interleavePhases no bias " + str(ys), Ref.interleavePhases(d(o), null, ys), y, FWD_TOL);
                Tensor g = ar.of(random(r, (int) y.size()), ys);
                Tensor dO = junk(ar, os);
                be.interleavePhasesBackward(g, dO);
                close("interleavePhases dO " + str(ys), fd(v -> Ref.interleavePhases(v, null, ys), d(o), d(g)), dO, VJP_TOL);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void concat(String backend) {
        Random r = new Random(9);
        int[] widths = {3, 8, 13};
        int[] outer = {2, 3, 5};
        int rows = 30;
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            Tensor[] parts = new Tensor[widths.length];
            double[][] pd = new double[widths.length][];
            for (int i = 0; i < widths.length; i++) {
                parts[i] = ar.of(random(r, rows * widths[i]), outer[0], outer[1], outer[2], widths[i]);
                pd[i] = d(parts[i]);
            }
            Tensor y = junk(ar, outer[0], outer[1], outer[2], 24);
            be.concat(parts, y);
            close("concat", Ref.concat(pd, widths, rows), y, FWD_TOL);

            Tensor g = ar.of(random(r, (int) y.size()), y.shape());
            Tensor[] dxs = {junk(ar, parts[0].shape()), null, junk(ar, parts[2].shape())};
            be.concatBackward(g, widths, dxs);
            for (int i : new int[] {0, 2}) {
                int k = i;
                close("concat d" + i, fd(v -> {
                    double[][] q = pd.clone();
                    q[k] = v;
                    return Ref.concat(q, widths, rows);
                }, pd[i], d(g)), dxs[i], VJP_TOL);
            }
        }
    }

    // ---- memory --------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("backends")
    void repeatedSuiteLeavesNoNativeMemory(String backend) {
        long before = NativeMemory.liveBytes();
        for (int i = 0; i < 3; i++) {
            conv2dForward(backend);
            conv2dBackward(backend);
            matmulForwardAndBackward(backend);
            groupNorm(backend);
            addMulScaleWithBroadcast(backend);
            sumToMeanToAndBroadcastTo(backend);
            upsampleAndPool(backend);
            interleavePhases(backend);
            concat(backend);
        }
        assertEquals(before, NativeMemory.liveBytes(), "native bytes still allocated after the op suite");
    }
}
