package org.ddss.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ddss.backend.Backend;
import org.ddss.backend.Conv2d;
import org.ddss.backend.GroupNorm;
import org.ddss.backend.JavaBackend;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ddss.backend.TestBackends;

class TapeTest {

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** A small residual block with every kind of op: conv, group norm, SiLU, time embedding, linear, attention-like softmax. */
    static final class Block {
        final Param convW, convB, gamma, beta, linW, linB;

        Block(TensorArena ar, Random r) {
            convW = new Param("conv.weight", ar.of(random(r, 3 * 3 * 4 * 4), 3, 3, 4, 4));
            convB = new Param("conv.bias", ar.of(random(r, 4), 4));
            gamma = new Param("norm.weight", ar.of(random(r, 4), 4));
            beta = new Param("norm.bias", ar.of(random(r, 4), 4));
            linW = new Param("time.weight", ar.of(random(r, 4 * 6), 4, 6));
            linB = new Param("time.bias", ar.of(random(r, 4), 4));
        }

        Var apply(Tape t, Var x, Var time) {
            Var h = t.groupNorm(x, t.param(gamma), t.param(beta), new GroupNorm(2, 1e-5f));
            h = t.silu(h);
            h = t.conv2d(h, t.param(convW), t.param(convB), Conv2d.of(1, 1));
            Var emb = t.linear(t.timestepEmbedding(time, 6, true, 1f, 10000), t.param(linW), t.param(linB));
            h = t.add(h, t.reshape(emb, x.dim(0), 1, 1, 4));
            // The embedding again, as a resnet's second norm takes it: an offset inside the norm.
            h = t.groupNormSilu(h, t.scale(emb, 0.5f), t.param(gamma), t.param(beta), new GroupNorm(2, 1e-5f));
            Var a = t.softmax(t.reshape(h, x.dim(0), x.dim(1) * x.dim(2), 4));
            h = t.mul(h, t.reshape(a, h.shape()));
            return t.add(x, t.scale(h, 0.5f));
        }

        Param[] params() {
            return new Param[] {convW, convB, gamma, beta, linW, linB};
        }
    }

    /** loss = sum(g . f(x, t)) computed on an inference tape. */
    static double loss(Backend be, Block blk, int depth, Tensor x, Tensor time, Tensor g) {
        try (Tape t = Tape.inference(be)) {
            Var h = t.constant(x);
            for (int i = 0; i < depth; i++) {
                h = blk.apply(t, h, t.constant(time));
            }
            double s = 0;
            for (long i = 0; i < g.size(); i++) {
                s += (double) g.get(i) * h.value().get(i);
            }
            return s;
        }
    }

    /**
     * Float32 central differences with h = 1e-2: truncation error ~h^2 and rounding ~1e-7/h keep
     * the quotient within about 1e-3 of the truth for these O(1) functions; tolerance 1e-2 relative.
     */
    static void checkFd(String what, Tensor param, Tensor grad, Function<Void, Double> lossFn) {
        double maxRef = 1e-3, maxErr = 0;
        float h = 1e-2f;
        for (long i = 0; i < param.size(); i++) {
            float v = param.get(i);
            param.set(i, v + h);
            double lp = lossFn.apply(null);
            param.set(i, v - h);
            double lm = lossFn.apply(null);
            param.set(i, v);
            double fd = (lp - lm) / (2 * h);
            maxRef = Math.max(maxRef, Math.abs(fd));
            maxErr = Math.max(maxErr, Math.abs(fd - grad.get(i)));
        }
        double rel = maxErr / maxRef;
        assertTrue(rel < 1e-2, what + ": relative error against finite differences " + rel);
    }

    @Test
    void gradientsOfInputTimeAndParametersMatchFiniteDifferences() {
        Random r = new Random(11);
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena()) {
            Block blk = new Block(ar, r);
            Tensor x = ar.of(random(r, 2 * 3 * 5 * 4), 2, 3, 5, 4);
            Tensor time = ar.of(new float[] {3.7f, 512.25f}, 2);
            Tensor g = ar.of(random(r, (int) x.size()), x.shape());
            for (Param p : blk.params()) {
                p.setGrad(ar.zeros(p.value().shape()));
            }
            try (Tape t = Tape.recording(be)) {
                Var xv = t.input(x, true), tv = t.input(time, true);
                Var y = blk.apply(t, blk.apply(t, xv, tv), tv);
                t.backward(y, g);
                checkFd("dx", x, xv.grad(), v -> loss(be, blk, 2, x, time, g));
                checkFd("dt", time, tv.grad(), v -> loss(be, blk, 2, x, time, g));
                for (Param p : blk.params()) {
                    checkFd("d" + p.name(), p.value(), p.grad(), v -> loss(be, blk, 2, x, time, g));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.ddss.backend.TestBackends#names")
    void checkpointedGradientsEqualPlainOnesBitForBit(String backend) {
        Random r = new Random(12);
        long live = NativeMemory.liveBytes();
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            Block blk = new Block(ar, r);
            Tensor x = ar.of(random(r, 1 * 4 * 4 * 4), 1, 4, 4, 4);
            Tensor time = ar.of(new float[] {17.5f}, 1);
            Tensor g = ar.of(random(r, (int) x.size()), x.shape());
            float[][] plain = run(be, blk, ar, x, time, g, false);
            float[][] ckpt = run(be, blk, ar, x, time, g, true);
            for (int i = 0; i < plain.length; i++) {
                assertArrayEquals(plain[i], ckpt[i], "gradient " + i + " differs with checkpointing");
            }
        }
        assertEquals(live, NativeMemory.liveBytes());
    }

    /** Gradients of x, time and every parameter through 4 chained blocks (each checkpointed or not). */
    private static float[][] run(Backend be, Block blk, TensorArena ar, Tensor x, Tensor time, Tensor g, boolean checkpoint) {
        for (Param p : blk.params()) {
            p.setGrad(ar.zeros(p.value().shape()));
        }
        try (Tape t = Tape.recording(be)) {
            Var xv = t.input(x, true), tv = t.input(time, true);
            Var h = xv;
            for (int i = 0; i < 4; i++) {
                h = checkpoint ? t.checkpoint((tape, in) -> blk.apply(tape, in[0], in[1]), h, tv) : blk.apply(t, h, tv);
            }
            // The input is also used after the chain, so its gradient has several contributions.
            h = t.add(h, t.scale(xv, 0.25f));
            t.backward(h, g);
            float[][] out = new float[2 + blk.params().length][];
            out[0] = xv.grad().toArray();
            out[1] = tv.grad().toArray();
            for (int i = 0; i < blk.params().length; i++) {
                out[2 + i] = blk.params()[i].grad().toArray();
            }
            return out;
        }
    }

    @Test
    void frozenParametersRunNoWeightGradientKernels() {
        Random r = new Random(13);
        AtomicInteger weightGrads = new AtomicInteger();
        try (TensorArena ar = new TensorArena(); Backend be = new CountingBackend(new JavaBackend(), weightGrads)) {
            Block blk = new Block(ar, r);
            Tensor x = ar.of(random(r, 2 * 3 * 3 * 4), 2, 3, 3, 4);
            Tensor time = ar.of(new float[] {1f, 2f}, 2);
            Tensor g = ar.of(random(r, (int) x.size()), x.shape());
            try (Tape t = Tape.recording(be)) {
                Var xv = t.input(x, true);
                Var y = t.checkpoint((tape, in) -> blk.apply(tape, in[0], tape.constant(time)), xv);
                t.backward(y, g);
                assertTrue(xv.grad() != null);
            }
            assertEquals(0, weightGrads.get(), "weight-gradient kernels ran with every parameter frozen");
            for (Param p : blk.params()) {
                assertNull(p.grad());
            }
            blk.convW.setGrad(ar.zeros(blk.convW.value().shape()));
            try (Tape t = Tape.recording(be)) {
                Var y = blk.apply(t, t.constant(x), t.constant(time));
                t.backward(y, g);
            }
            assertTrue(weightGrads.get() > 0, "a trainable conv weight gets its gradient kernel");
        }
    }

    @Test
    void deepChainsBackpropagateWithoutRecursion() {
        try (Backend be = new JavaBackend(); Tape t = Tape.recording(be)) {
            Tensor x = t.alloc(1);
            x.set(0, 1f);
            Var xv = t.input(x, true), h = xv;
            for (int i = 0; i < 50_000; i++) {
                h = t.scale(h, 1f);
            }
            Tensor seed = t.alloc(1);
            seed.set(0, 2f);
            t.backward(h, seed);
            assertEquals(2f, xv.grad().get(0));
        }
    }

    /**
     * Adds and reshapes hand their output's gradient on without a copy, to one input at most:
     * x feeds two adds, y and the parameter one each, so a shared buffer would corrupt a sum.
     */
    @Test
    void passedThroughGradientsAreNeverShared() {
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena(); Tape t = Tape.recording(be)) {
            Param p = new Param("p", ar.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
            p.setGrad(ar.zeros(2, 3));
            Var x = t.input(ar.of(new float[] {1, 1, 1, 1, 1, 1}, 2, 3), true);
            Var y = t.input(ar.of(new float[] {2, 2, 2, 2, 2, 2}, 6), true);
            Var s = t.add(x, t.reshape(y, 2, 3));
            Var u = t.add(t.add(s, x), t.param(p));
            Var out = t.add(u, u);
            Tensor seed = ar.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            t.backward(out, seed);
            // out = 2 (2x + y + p): dx = 4 seed, dy = 2 seed, dp = 2 seed.
            assertArrayEquals(new float[] {4, 8, 12, 16, 20, 24}, x.grad().toArray());
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, y.grad().toArray());
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, p.grad().toArray());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, seed.toArray(), "the seed is never written");
            assertNull(s.grad(), "an intermediate value's gradient is not kept");
        }
    }

    @Test
    void aValueTakenTwiceByOneOpGetsBothContributions() {
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena(); Tape t = Tape.recording(be)) {
            Var x = t.input(ar.of(new float[] {1, 2, 3}, 3), true);
            t.backward(t.mul(x, x), ar.of(new float[] {1, 1, 1}, 3));
            assertArrayEquals(new float[] {2, 4, 6}, x.grad().toArray());
        }
        // The same through a checkpoint, with a gradient already reaching x from elsewhere.
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena(); Tape t = Tape.recording(be)) {
            Var x = t.input(ar.of(new float[] {1, 2, 3}, 3), true);
            Var sq = t.checkpoint((tp, in) -> tp.mul(in[0], in[1]), x, x);
            t.backward(t.add(sq, t.scale(x, 5f)), ar.of(new float[] {1, 1, 1}, 3));
            assertArrayEquals(new float[] {7, 9, 11}, x.grad().toArray(), "d(x^2 + 5x)/dx = 2x + 5");
        }
    }

    /**
     * The sub-pixel upsampling convolution against the plain path (upsample, then the 3x3
     * convolution) on every backend: output and the gradients of x, weights and bias. Odd
     * sizes and channel counts that are not multiples of the vector width.
     */
    @ParameterizedTest
    @MethodSource("org.ddss.backend.TestBackends#names")
    void subPixelUpsamplingConvolutionEqualsUpsampleThenConvolve(String backend) {
        Random r = new Random(13);
        int[][] cases = {{2, 3, 5, 4, 5}, {1, 4, 4, 3, 16}, {3, 1, 2, 9, 2}};
        try (Backend be = TestBackends.open(backend); TensorArena ar = new TensorArena()) {
            for (int[] c : cases) {
                String what = backend + " " + java.util.Arrays.toString(c);
                Tensor x = ar.of(random(r, c[0] * c[1] * c[2] * c[3]), c[0], c[1], c[2], c[3]);
                Param w = new Param("w", ar.of(random(r, 9 * c[3] * c[4]), 3, 3, c[3], c[4]));
                Param b = new Param("b", ar.of(random(r, c[4]), c[4]));
                Tensor g = ar.of(random(r, c[0] * 4 * c[1] * c[2] * c[4]), c[0], 2 * c[1], 2 * c[2], c[4]);
                float[][] plain = upsampleConvGradients(be, ar, x, w, b, g, false);
                float[][] fast = upsampleConvGradients(be, ar, x, w, b, g, true);
                String[] names = {"output", "dx", "dw", "db"};
                for (int i = 0; i < names.length; i++) {
                    double scale = 1e-3, err = 0;
                    for (int k = 0; k < plain[i].length; k++) {
                        scale = Math.max(scale, Math.abs(plain[i][k]));
                        err = Math.max(err, Math.abs(plain[i][k] - fast[i][k]));
                    }
                    assertTrue(err <= 1e-5 * scale, what + " " + names[i] + ": sub-pixel differs by " + err + " (scale " + scale + ")");
                }
            }
        }
    }

    @Test
    void subPixelUpsamplingConvolutionGradientsMatchFiniteDifferences() {
        Random r = new Random(14);
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena()) {
            Tensor x = ar.of(random(r, 2 * 3 * 2 * 3), 2, 3, 2, 3);
            Param w = new Param("w", ar.of(random(r, 9 * 3 * 2), 3, 3, 3, 2));
            Param b = new Param("b", ar.of(random(r, 2), 2));
            Tensor g = ar.of(random(r, 2 * 6 * 4 * 2), 2, 6, 4, 2);
            float[][] grads = upsampleConvGradients(be, ar, x, w, b, g, true);
            Function<Void, Double> loss = v -> {
                try (Tape t = Tape.inference(be)) {
                    Tensor y = t.upsampleConv(t.constant(x), t.subPixelWeights(t.constant(w.value())), t.constant(b.value())).value();
                    double s = 0;
                    for (long i = 0; i < g.size(); i++) {
                        s += (double) g.get(i) * y.get(i);
                    }
                    return s;
                }
            };
            checkFd("dx", x, ar.of(grads[1], x.shape()), loss);
            checkFd("dw", w.value(), ar.of(grads[2], w.value().shape()), loss);
            checkFd("db", b.value(), ar.of(grads[3], b.value().shape()), loss);
        }
    }

    /** Output, dx, dw and db of sum(g . upsample-and-convolve(x)), by the sub-pixel form or the plain path. */
    private static float[][] upsampleConvGradients(Backend be, TensorArena ar, Tensor x, Param w, Param b, Tensor g,
                                                   boolean subPixel) {
        w.setGrad(ar.zeros(w.value().shape()));
        b.setGrad(ar.zeros(b.value().shape()));
        try (Tape t = Tape.recording(be)) {
            Var xv = t.input(x, true);
            Var y = subPixel ? t.upsampleConv(xv, t.subPixelWeights(t.param(w)), t.param(b))
                    : t.conv2d(t.upsampleNearest2x(xv), t.param(w), t.param(b), Conv2d.of(1, 1));
            t.backward(y, g);
            return new float[][] {y.value().toArray(), xv.grad().toArray(), w.grad().toArray(), b.grad().toArray()};
        }
    }
}
