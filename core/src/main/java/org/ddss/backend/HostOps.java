package org.ddss.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.ddss.tensor.Tensor;

/**
 * Plain Java kernels for the ops a feature network needs beyond the UNet's (pooling windows,
 * ReLU, bilinear resizing), NHWC, parallel over output rows: the {@link Backend} defaults, so
 * every backend has them, and the reference a faster one is tested against.
 */
final class HostOps {
    private HostOps() {}

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private static float get(MemorySegment s, long i) {
        return s.getAtIndex(F, i);
    }

    private static void set(MemorySegment s, long i, float v) {
        s.setAtIndex(F, i, v);
    }

    static void pool2d(Tensor x, Pool2d p, Tensor y) {
        Shapes.require("pool2d output", y, p.outShape(x));
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = y.dim(1), ow = y.dim(2);
        MemorySegment xs = x.data(), ys = y.data();
        int vc = c - c % VectorKernels.L;
        Parallel.forRange(n * oh, 1, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / oh, i = row % oh;
                for (int j = 0; j < ow; j++) {
                    int h0 = i * p.stride() - p.pad(), w0 = j * p.stride() - p.pad();
                    int hs = Math.max(h0, 0), he = Math.min(h0 + p.kernel(), h), ws = Math.max(w0, 0), we = Math.min(w0 + p.kernel(), w);
                    float div = p.max() ? 1 : count(p, h0, w0, h, w);
                    long o = (((long) b * oh + i) * ow + j) * c;
                    // Channels in vectors, then the rest one by one; the window is the inner loop.
                    for (int q = 0; q < vc; q += VectorKernels.L) {
                        FloatVector acc = FloatVector.broadcast(VectorKernels.S, p.max() ? Float.NEGATIVE_INFINITY : 0f);
                        for (int a = hs; a < he; a++) {
                            for (int e = ws; e < we; e++) {
                                FloatVector v = FloatVector.fromMemorySegment(VectorKernels.S, xs,
                                        ((((long) b * h + a) * w + e) * c + q) * Float.BYTES, VectorKernels.NO);
                                acc = p.max() ? acc.max(v) : acc.add(v);
                            }
                        }
                        (p.max() ? acc : acc.div(div)).intoMemorySegment(ys, (o + q) * Float.BYTES, VectorKernels.NO);
                    }
                    for (int q = vc; q < c; q++) {
                        float acc = p.max() ? Float.NEGATIVE_INFINITY : 0f;
                        for (int a = hs; a < he; a++) {
                            for (int e = ws; e < we; e++) {
                                float v = get(xs, (((long) b * h + a) * w + e) * c + q);
                                acc = p.max() ? (v > acc || Float.isNaN(v) ? v : acc) : acc + v;
                            }
                        }
                        set(ys, o + q, p.max() ? acc : acc / div);
                    }
                }
            }
        });
    }

    /** The divisor of an average window starting at (h0, w0). */
    private static float count(Pool2d p, int h0, int w0, int h, int w) {
        if (p.countPad()) {
            int he = Math.min(h0 + p.kernel(), h + p.pad()), we = Math.min(w0 + p.kernel(), w + p.pad());
            return (he - h0) * (we - w0);
        }
        return (Math.min(h0 + p.kernel(), h) - Math.max(h0, 0)) * (Math.min(w0 + p.kernel(), w) - Math.max(w0, 0));
    }

    /**
     * The VJP of {@link #pool2d}: an average window spreads its gradient over its inputs; a max
     * window sends it to its first largest input (as PyTorch does), found again from x and the
     * window's maximum. Windows overlap, so each image is one task and gradients are added in a
     * fixed order.
     */
    static void pool2dBackward(Tensor dy, Tensor x, Pool2d p, Tensor dx) {
        Shapes.require("pool2dBackward dy", dy, p.outShape(x));
        Shapes.require("pool2dBackward dx", dx, x.shape());
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = dy.dim(1), ow = dy.dim(2);
        MemorySegment xs = x.data(), gs = dy.data(), ds = dx.data();
        int vc = c - c % VectorKernels.L;
        dx.fill(0f);
        Parallel.forRange(n, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int h0 = i * p.stride() - p.pad(), w0 = j * p.stride() - p.pad();
                        int hs = Math.max(h0, 0), he = Math.min(h0 + p.kernel(), h), ws = Math.max(w0, 0), we = Math.min(w0 + p.kernel(), w);
                        long o = (((long) b * oh + i) * ow + j) * c;
                        float div = p.max() ? 1 : count(p, h0, w0, h, w);
                        for (int q = 0; q < vc; q += VectorKernels.L) {
                            FloatVector g = FloatVector.fromMemorySegment(VectorKernels.S, gs, (o + q) * Float.BYTES, VectorKernels.NO);
                            FloatVector best = null;
                            if (p.max()) {
                                best = FloatVector.broadcast(VectorKernels.S, Float.NEGATIVE_INFINITY);
                                for (int a = hs; a < he; a++) {
                                    for (int e = ws; e < we; e++) {
                                        best = best.max(FloatVector.fromMemorySegment(VectorKernels.S, xs,
                                                ((((long) b * h + a) * w + e) * c + q) * Float.BYTES, VectorKernels.NO));
                                    }
                                }
                            } else {
                                g = g.div(div);
                            }
                            VectorMask<Float> taken = VectorKernels.S.maskAll(false);
                            for (int a = hs; a < he; a++) {
                                for (int e = ws; e < we; e++) {
                                    long at = ((((long) b * h + a) * w + e) * c + q) * Float.BYTES;
                                    FloatVector add = g;
                                    if (p.max()) {
                                        VectorMask<Float> first = FloatVector.fromMemorySegment(VectorKernels.S, xs, at, VectorKernels.NO)
                                                .compare(VectorOperators.EQ, best).andNot(taken);
                                        taken = taken.or(first);
                                        add = FloatVector.zero(VectorKernels.S).blend(g, first);
                                    }
                                    FloatVector.fromMemorySegment(VectorKernels.S, ds, at, VectorKernels.NO).add(add)
                                            .intoMemorySegment(ds, at, VectorKernels.NO);
                                }
                            }
                        }
                        for (int q = vc; q < c; q++) {
                            float g = get(gs, o + q);
                            if (p.max()) {
                                long arg = -1;
                                float best = Float.NEGATIVE_INFINITY;
                                for (int a = hs; a < he; a++) {
                                    for (int e = ws; e < we; e++) {
                                        long at = (((long) b * h + a) * w + e) * c + q;
                                        float v = get(xs, at);
                                        if (arg < 0 || v > best || Float.isNaN(v) && !Float.isNaN(best)) {
                                            best = v;
                                            arg = at;
                                        }
                                    }
                                }
                                set(ds, arg, get(ds, arg) + g);
                            } else {
                                for (int a = hs; a < he; a++) {
                                    for (int e = ws; e < we; e++) {
                                        long at = (((long) b * h + a) * w + e) * c + q;
                                        set(ds, at, get(ds, at) + g / div);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    static void relu(Tensor x, Tensor y) {
        Shapes.require("relu output", y, x.shape());
        MemorySegment xs = x.data(), ys = y.data();
        long size = x.size();
        Parallel.forRange((int) Math.min(Integer.MAX_VALUE, (size + 4095) / 4096), 1, (from, to) -> {
            long i = (long) from * 4096, e = Math.min(size, (long) to * 4096);
            for (; i + VectorKernels.L <= e; i += VectorKernels.L) {
                FloatVector.fromMemorySegment(VectorKernels.S, xs, i * Float.BYTES, VectorKernels.NO).max(0f)
                        .intoMemorySegment(ys, i * Float.BYTES, VectorKernels.NO);
            }
            for (; i < e; i++) {
                set(ys, i, Math.max(get(xs, i), 0f));
            }
        });
    }

    /**
     * {@code dx = dy} where the output y is positive, else 0: a vector blend, since half of a
     * ReLU's outputs are 0 at random and a branch per element mispredicts (measured 20x slower).
     */
    static void reluBackward(Tensor dy, Tensor y, Tensor dx) {
        Shapes.require("reluBackward dy", dy, y.shape());
        Shapes.require("reluBackward dx", dx, y.shape());
        MemorySegment gs = dy.data(), ys = y.data(), ds = dx.data();
        long size = y.size();
        Parallel.forRange((int) Math.min(Integer.MAX_VALUE, (size + 4095) / 4096), 1, (from, to) -> {
            long i = (long) from * 4096, e = Math.min(size, (long) to * 4096);
            for (; i + VectorKernels.L <= e; i += VectorKernels.L) {
                long o = i * Float.BYTES;
                FloatVector yv = FloatVector.fromMemorySegment(VectorKernels.S, ys, o, VectorKernels.NO);
                FloatVector.fromMemorySegment(VectorKernels.S, gs, o, VectorKernels.NO).blend(0f, yv.compare(VectorOperators.LE, 0f))
                        .intoMemorySegment(ds, o, VectorKernels.NO);
            }
            for (; i < e; i++) {
                set(ds, i, get(ys, i) > 0 ? get(gs, i) : 0f);
            }
        });
    }

    /**
     * Source position of output index {@code o} along an axis of {@code in} resized to {@code out}
     * (PyTorch's bilinear with {@code align_corners=False}): the lower index, whether a next one
     * exists, and the weight of the next one.
     */
    private record Tap(int i0, int step, float lambda) {
        static Tap of(int o, int in, int out) {
            float scale = (float) in / out;
            float src = Math.max(scale * (o + 0.5f) - 0.5f, 0f);
            int i0 = (int) src;
            return new Tap(i0, i0 < in - 1 ? 1 : 0, src - i0);
        }
    }

    /**
     * The four input offsets (channel 0) and the row and column weights of output pixel (b, i, j)
     * of x [N,H,W,C] resized to OH x OW: what the resize and its VJP both read.
     */
    private record Taps(long p00, long p01, long p10, long p11, float h0, float h1, float w0, float w1) {
        static Taps of(int b, int i, int j, int h, int w, int c, int oh, int ow) {
            Tap th = Tap.of(i, h, oh), tw = Tap.of(j, w, ow);
            long p00 = (((long) b * h + th.i0) * w + tw.i0) * c, p10 = p00 + (long) th.step * w * c;
            return new Taps(p00, p00 + (long) tw.step * c, p10, p10 + (long) tw.step * c, 1 - th.lambda, th.lambda,
                    1 - tw.lambda, tw.lambda);
        }
    }

    static void resizeBilinear(Tensor x, Tensor y) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = y.dim(1), ow = y.dim(2);
        Shapes.require("resizeBilinear output", y, n, oh, ow, c);
        MemorySegment xs = x.data(), ys = y.data();
        Parallel.forRange(n * oh, 1, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / oh, i = row % oh;
                for (int j = 0; j < ow; j++) {
                    Taps t = Taps.of(b, i, j, h, w, c, oh, ow);
                    long o = (((long) b * oh + i) * ow + j) * c;
                    for (int q = 0; q < c; q++) {
                        set(ys, o + q, t.h0 * (t.w0 * get(xs, t.p00 + q) + t.w1 * get(xs, t.p01 + q))
                                + t.h1 * (t.w0 * get(xs, t.p10 + q) + t.w1 * get(xs, t.p11 + q)));
                    }
                }
            }
        });
    }

    /** The VJP of {@link #resizeBilinear}: each output's gradient spread back over its four taps, per image. */
    static void resizeBilinearBackward(Tensor dy, Tensor dx) {
        int n = dx.dim(0), h = dx.dim(1), w = dx.dim(2), c = dx.dim(3), oh = dy.dim(1), ow = dy.dim(2);
        Shapes.require("resizeBilinearBackward dy", dy, n, oh, ow, c);
        MemorySegment gs = dy.data(), ds = dx.data();
        dx.fill(0f);
        Parallel.forRange(n, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        Taps t = Taps.of(b, i, j, h, w, c, oh, ow);
                        long o = (((long) b * oh + i) * ow + j) * c;
                        for (int q = 0; q < c; q++) {
                            float g = get(gs, o + q);
                            set(ds, t.p00 + q, get(ds, t.p00 + q) + t.h0 * t.w0 * g);
                            set(ds, t.p01 + q, get(ds, t.p01 + q) + t.h0 * t.w1 * g);
                            set(ds, t.p10 + q, get(ds, t.p10 + q) + t.h1 * t.w0 * g);
                            set(ds, t.p11 + q, get(ds, t.p11 + q) + t.h1 * t.w1 * g);
                        }
                    }
                }
            }
        });
    }
}
