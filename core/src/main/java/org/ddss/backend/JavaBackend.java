package org.ddss.backend;

import static org.ddss.backend.VectorKernels.L;
import static org.ddss.backend.VectorKernels.S;
import static org.ddss.backend.VectorKernels.NO;
import static org.ddss.backend.VectorKernels.get;
import static org.ddss.backend.VectorKernels.set;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ddss.tensor.Workspace;

/**
 * The pure-Java backend: Vector API kernels with scalar tails, parallel over the shared pool
 * of {@link Parallel}. Always available, and the reference the other backends are tested
 * against. Thread-safe: the operations that use its reused workspaces (convolutions, matrix
 * products) are synchronized, the others keep no state.
 */
public final class JavaBackend implements Backend {
    private final Workspace packA = new Workspace();
    private final Workspace packB = new Workspace();
    private final Workspace convScratch = new Workspace();

    @Override
    public String name() {
        return "java";
    }

    @Override
    public int threads() {
        return Parallel.THREADS;
    }

    /** The Vector API species the kernels use, e.g. {@code "256-bit float (8 lanes)"}. */
    public static String vectorSpecies() {
        return S.vectorBitSize() + "-bit float (" + L + " lanes)";
    }

    // ---- convolution -------------------------------------------------------------------

    @Override
    public synchronized void conv2d(Tensor x, Tensor w, Tensor bias, Conv2d spec, Tensor y) {
        requireShape("conv2d output", y, spec.outShape(x, w));
        if (bias != null) {
            requireShape("conv2d bias", bias, w.dim(3));
        }
        JavaConv.forward(x, w, bias, spec, y, convScratch);
    }

    @Override
    public synchronized void conv2dBackwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx) {
        requireShape("conv2d dy", dy, spec.outShape(dx, w));
        JavaConv.backwardData(dy, w, spec, dx, convScratch);
    }

    @Override
    public synchronized void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias) {
        requireShape("conv2d dy", dy, spec.outShape(x, dw));
        if (dbias != null) {
            requireShape("conv2d dbias", dbias, dw.dim(3));
        }
        JavaConv.backwardWeights(x, dy, spec, dw, dbias, convScratch);
    }

    // ---- matrix products ---------------------------------------------------------------

    @Override
    public synchronized void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) {
        MatmulShape s = MatmulShape.of(a, transA, b, transB, bias, c);
        long aBatch = (long) s.m() * s.k();
        long bBatch = s.sharedB() ? 0 : (long) s.k() * s.n();
        MemorySegment bias0 = bias == null ? null : bias.data();
        long bBytes = (long) s.k() * s.n() * Float.BYTES;
        // Pack transposed operands into row-major [M,K] and [K,N] so that the kernel streams B rows.
        MemorySegment shared = s.sharedB() && transB ? transpose(b.data(), s.n(), s.k(), packB) : null;
        for (int i = 0; i < s.batch(); i++) {
            MemorySegment ai = a.data().asSlice(i * aBatch * Float.BYTES, aBatch * Float.BYTES);
            MemorySegment bi = shared != null ? shared : b.data().asSlice(i * bBatch * Float.BYTES, bBytes);
            MemorySegment ci = c.data().asSlice((long) i * s.m() * s.n() * Float.BYTES, (long) s.m() * s.n() * Float.BYTES);
            if (transA) {
                ai = transpose(ai, s.k(), s.m(), packA);
            }
            if (transB && shared == null) {
                bi = transpose(bi, s.n(), s.k(), packB);
            }
            gemm(ai, bi, bias0, ci, s.m(), s.k(), s.n());
        }
    }

    /** Row-major transpose of a [rows, cols] matrix into the workspace. */
    private static MemorySegment transpose(MemorySegment src, int rows, int cols, Workspace ws) {
        MemorySegment dst = ws.take((long) rows * cols * Float.BYTES);
        final int tile = 32;
        Parallel.forRange((rows + tile - 1) / tile, 4, (from, to) -> {
            for (int r0 = from * tile; r0 < Math.min(rows, to * tile); r0 += tile) {
                for (int c0 = 0; c0 < cols; c0 += tile) {
                    for (int r = r0; r < Math.min(rows, r0 + tile); r++) {
                        for (int c = c0; c < Math.min(cols, c0 + tile); c++) {
                            set(dst, (long) c * rows + r, get(src, (long) r * cols + c));
                        }
                    }
                }
            }
        });
        return dst;
    }

    /** C[M,N] = A[M,K] B[K,N] (+ bias[N]), all row-major: 4-row by 2-vector register tiles. */
    private static void gemm(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c, int m, int k, int n) {
        int rowBlocks = (m + 3) / 4;
        Parallel.forRange(rowBlocks, Math.max(1, 4096 / Math.max(1, k * n / 64 + 1)), (from, to) -> {
            for (int rb = from; rb < to; rb++) {
                int i = rb * 4;
                if (i + 4 <= m) {
                    gemmRows4(a, b, bias, c, i, k, n);
                } else {
                    for (; i < m; i++) {
                        gemmRowTail(a, b, bias, c, i, k, n, 0);
                    }
                }
            }
        });
    }

    private static void gemmRows4(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c, int i, int k, int n) {
        long a0 = (long) i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
            for (int p = 0; p < k; p++) {
                long bo = ((long) p * n + j) * Float.BYTES;
                FloatVector b0 = FloatVector.fromMemorySegment(S, b, bo, NO);
                FloatVector b1 = FloatVector.fromMemorySegment(S, b, bo + (long) L * Float.BYTES, NO);
                FloatVector x0 = FloatVector.broadcast(S, get(a, a0 + p));
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, get(a, a1 + p));
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, get(a, a2 + p));
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, get(a, a3 + p));
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
            }
            if (bias != null) {
                FloatVector bb0 = FloatVector.fromMemorySegment(S, bias, (long) j * Float.BYTES, NO);
                FloatVector bb1 = FloatVector.fromMemorySegment(S, bias, (long) (j + L) * Float.BYTES, NO);
                c00 = c00.add(bb0); c10 = c10.add(bb0); c20 = c20.add(bb0); c30 = c30.add(bb0);
                c01 = c01.add(bb1); c11 = c11.add(bb1); c21 = c21.add(bb1); c31 = c31.add(bb1);
            }
            long o = ((long) i * n + j) * Float.BYTES, row = (long) n * Float.BYTES, half = (long) L * Float.BYTES;
            c00.intoMemorySegment(c, o, NO); c01.intoMemorySegment(c, o + half, NO);
            c10.intoMemorySegment(c, o + row, NO); c11.intoMemorySegment(c, o + row + half, NO);
            c20.intoMemorySegment(c, o + 2 * row, NO); c21.intoMemorySegment(c, o + 2 * row + half, NO);
            c30.intoMemorySegment(c, o + 3 * row, NO); c31.intoMemorySegment(c, o + 3 * row + half, NO);
        }
        for (int r = 0; r < 4; r++) {
            gemmRowTail(a, b, bias, c, i + r, k, n, j);
        }
    }

    /** Row i of C for columns [j0, n): one vector at a time, then scalars. */
    private static void gemmRowTail(MemorySegment a, MemorySegment b, MemorySegment bias, MemorySegment c, int i, int k, int n, int j0) {
        long ar = (long) i * k;
        int j = j0;
        for (; j + L <= n; j += L) {
            FloatVector acc = bias == null ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, bias, (long) j * Float.BYTES, NO);
            for (int p = 0; p < k; p++) {
                acc = FloatVector.broadcast(S, get(a, ar + p))
                        .fma(FloatVector.fromMemorySegment(S, b, ((long) p * n + j) * Float.BYTES, NO), acc);
            }
            acc.intoMemorySegment(c, ((long) i * n + j) * Float.BYTES, NO);
        }
        for (; j < n; j++) {
            float acc = bias == null ? 0f : get(bias, j);
            for (int p = 0; p < k; p++) {
                acc = Math.fma(get(a, ar + p), get(b, (long) p * n + j), acc);
            }
            set(c, (long) i * n + j, acc);
        }
    }

    // ---- normalisation and activations -------------------------------------------------

    @Override
    public void groupNorm(Tensor x, Tensor offset, Tensor gamma, Tensor beta, int groups, float eps, Tensor y, Tensor mean,
                          Tensor var) {
        requireShape("groupNorm output", y, x.shape());
        groupNormInto(x, offset, gamma, beta, groups, eps, y, null, mean, var);
    }

    /** One pass over memory less than groupNorm then silu: each group of rows goes through SiLU while in cache. */
    @Override
    public void groupNormSilu(Tensor x, Tensor offset, Tensor gamma, Tensor beta, int groups, float eps, Tensor y,
                              Tensor act, Tensor mean, Tensor var) {
        if (y != null) {
            requireShape("groupNorm output", y, x.shape());
        }
        requireShape("groupNormSilu output", act, x.shape());
        groupNormInto(x, offset, gamma, beta, groups, eps, y, act, mean, var);
    }

    /**
     * Group norm of x + offset into y and/or silu of it into act (either may be null, not both).
     * The offset never touches memory: it moves each channel's values, not their spread, so
     * the moments of x about a shift are those of x + offset about shift + offset, and the
     * affine pass takes it into its per-channel shift.
     */
    private void groupNormInto(Tensor x, Tensor offset, Tensor gamma, Tensor beta, int groups, float eps, Tensor y,
                               Tensor act, Tensor mean, Tensor var) {
        GroupNormShape g = GroupNormShape.of(x, offset, gamma, groups, mean, var);
        float[] off = offset == null ? new float[g.n() * g.c()] : offset.toArray();
        requireShape("groupNorm beta", beta, g.c());
        MemorySegment xs = x.data(), ys = y == null ? null : y.data(), as = act == null ? null : act.data();
        Parallel.forRange(g.n(), 1, (from, to) -> {
            float[] shift = new float[g.c()], s1 = new float[g.c()], s2 = new float[g.c()];
            float[] scaleC = new float[g.c()];
            float[] shiftC = new float[g.c()];
            double[] mu = new double[groups], v = new double[groups];
            for (int n = from; n < to; n++) {
                long base = (long) n * g.spatial() * g.c();
                // One sweep for both moments, taken about each channel's first value: the
                // variance then comes from sums of small deviations, not from the difference of
                // two large sums. (Two sweeps, the mean's then the deviations', each one channel
                // block at a time, read a 48-channel sample 12 times.)
                int o = n * g.c();
                for (int c = 0; c < g.c(); c++) {
                    shift[c] = get(xs, base + c);
                }
                moments(xs, base, g.spatial(), g.c(), shift, s1, s2);
                if (!groupStats(g, shift, off, o, s1, s2, mu, v)) {
                    // A first value far from its group's mean (a spike) made the moments cancel:
                    // take them again about the mean just found, as a two-pass method would.
                    for (int c = 0; c < g.c(); c++) {
                        shift[c] = (float) (mu[c / g.perGroup()] - off[o + c]);
                    }
                    moments(xs, base, g.spatial(), g.c(), shift, s1, s2);
                    groupStats(g, shift, off, o, s1, s2, mu, v);
                }
                for (int q = 0; q < groups; q++) {
                    mean.set((long) n * groups + q, (float) mu[q]);
                    var.set((long) n * groups + q, (float) v[q]);
                    double rstd = 1.0 / Math.sqrt(v[q] + eps);
                    for (int c = q * g.perGroup(); c < (q + 1) * g.perGroup(); c++) {
                        scaleC[c] = (float) (rstd * gamma.get(c));
                        shiftC[c] = (float) (beta.get(c) + (off[o + c] - mu[q]) * rstd * gamma.get(c));
                    }
                }
                affineRows(xs, base, g.spatial(), g.c(), scaleC, shiftC, ys, as);
            }
        });
    }

    /**
     * Each group's mean and variance, for x + offset, from its channels' moments of x about
     * {@code shift} (those of x + offset about shift + offset; offset {@code off[o + c]}); false
     * when they cancelled too much to trust (the moments about the shift exceed 8 times the
     * variance).
     */
    private static boolean groupStats(GroupNormShape g, float[] shift, float[] off, int o, float[] s1, float[] s2,
                                      double[] mu, double[] v) {
        boolean trusted = true;
        for (int q = 0; q < g.groups(); q++) {
            int c0 = q * g.perGroup(), c1 = c0 + g.perGroup();
            double sum = 0, raw = 0;
            for (int c = c0; c < c1; c++) {
                sum += s1[c] + (double) g.spatial() * ((double) shift[c] + off[o + c]);
                raw += s2[c];
            }
            mu[q] = sum / g.groupSize();
            // sum_s (x - mu)^2 = s2 + 2 (shift - mu) s1 + rows (shift - mu)^2, per channel.
            double dev = 0;
            for (int c = c0; c < c1; c++) {
                double d = (double) shift[c] + off[o + c] - mu[q];
                dev += s2[c] + 2 * d * s1[c] + g.spatial() * d * d;
            }
            v[q] = Math.max(0, dev / g.groupSize());
            trusted &= raw <= 8 * dev;
        }
        return trusted;
    }

    /**
     * Per-channel moments over rows of channels-last data about a shift:
     * {@code s1[c] = sum_s (x[s,c] - shift[c])}, {@code s2[c] = sum_s (x[s,c] - shift[c])^2}.
     */
    private static void moments(MemorySegment x, long base, int rows, int c, float[] shift, float[] s1, float[] s2) {
        int cv = S.loopBound(c);
        long stride = (long) c * Float.BYTES, lane = (long) L * Float.BYTES;
        int j = 0;
        // Four channel blocks per sweep (eight independent accumulators), then one block at a
        // time over rows in pairs (four): independent chains of adds, and few sweeps.
        for (; j + 4 * L <= cv; j += 4 * L) {
            FloatVector h0 = FloatVector.fromArray(S, shift, j), h1 = FloatVector.fromArray(S, shift, j + L);
            FloatVector h2 = FloatVector.fromArray(S, shift, j + 2 * L), h3 = FloatVector.fromArray(S, shift, j + 3 * L);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            long o = (base + j) * Float.BYTES;
            for (int s = 0; s < rows; s++, o += stride) {
                FloatVector d0 = FloatVector.fromMemorySegment(S, x, o, NO).sub(h0);
                FloatVector d1 = FloatVector.fromMemorySegment(S, x, o + lane, NO).sub(h1);
                FloatVector d2 = FloatVector.fromMemorySegment(S, x, o + 2 * lane, NO).sub(h2);
                FloatVector d3 = FloatVector.fromMemorySegment(S, x, o + 3 * lane, NO).sub(h3);
                a0 = a0.add(d0);
                a1 = a1.add(d1);
                a2 = a2.add(d2);
                a3 = a3.add(d3);
                b0 = d0.fma(d0, b0);
                b1 = d1.fma(d1, b1);
                b2 = d2.fma(d2, b2);
                b3 = d3.fma(d3, b3);
            }
            a0.intoArray(s1, j);
            a1.intoArray(s1, j + L);
            a2.intoArray(s1, j + 2 * L);
            a3.intoArray(s1, j + 3 * L);
            b0.intoArray(s2, j);
            b1.intoArray(s2, j + L);
            b2.intoArray(s2, j + 2 * L);
            b3.intoArray(s2, j + 3 * L);
        }
        for (; j < cv; j += L) {
            FloatVector h = FloatVector.fromArray(S, shift, j);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
            long o = (base + j) * Float.BYTES;
            int s = 0;
            for (; s + 1 < rows; s += 2, o += 2 * stride) {
                FloatVector d0 = FloatVector.fromMemorySegment(S, x, o, NO).sub(h);
                FloatVector d1 = FloatVector.fromMemorySegment(S, x, o + stride, NO).sub(h);
                a0 = a0.add(d0);
                a1 = a1.add(d1);
                b0 = d0.fma(d0, b0);
                b1 = d1.fma(d1, b1);
            }
            if (s < rows) {
                FloatVector d0 = FloatVector.fromMemorySegment(S, x, o, NO).sub(h);
                a0 = a0.add(d0);
                b0 = d0.fma(d0, b0);
            }
            a0.add(a1).intoArray(s1, j);
            b0.add(b1).intoArray(s2, j);
        }
        for (; j < c; j++) {
            float a = 0f, b = 0f;
            for (int s = 0; s < rows; s++) {
                float d = get(x, base + (long) s * c + j) - shift[j];
                a += d;
                b += d * d;
            }
            s1[j] = a;
            s2[j] = b;
        }
    }

    /**
     * {@code y[s,c] = x[s,c] * scale[c] + shift[c]} over rows of channels-last data, and
     * {@code act = silu(y)}; y or act may be null (not written).
     */
    private static void affineRows(MemorySegment x, long base, int rows, int c, float[] scale, float[] shift, MemorySegment y,
                                   MemorySegment act) {
        int cv = S.loopBound(c);
        // One sequential sweep, rows outside and channel blocks inside (scale and shift come
        // from L1). The other order, which kept a block's scale and shift in registers but
        // strode through memory once per block, ran this pass 1.6x slower on one thread (AVX2,
        // [32,32,32,64]: 4.4 against 2.8 ms) and the whole fused op 1.8-2x slower on two.
        // The SiLU follows each group of about 4096 values (16 KiB) just written, while they are
        // in L1 or L2, however large a sample is.
        MemorySegment out = y != null ? y : act;
        int group = Math.max(1, 4096 / Math.max(c, 1));
        for (int s0 = 0; s0 < rows; s0 += group) {
            int s1 = Math.min(rows, s0 + group);
            long o = base + (long) s0 * c;
            for (int s = s0; s < s1; s++, o += c) {
                for (int j = 0; j < cv; j += L) {
                    long ob = (o + j) * Float.BYTES;
                    FloatVector v = FloatVector.fromMemorySegment(S, x, ob, NO)
                            .fma(FloatVector.fromArray(S, scale, j), FloatVector.fromArray(S, shift, j));
                    v.intoMemorySegment(out, ob, NO);
                }
                for (int j = cv; j < c; j++) {
                    set(out, o + j, Math.fma(get(x, o + j), scale[j], shift[j]));
                }
            }
            if (act != null) {
                long first = base + (long) s0 * c;
                VectorKernels.silu(out, first, act, first, (s1 - s0) * c);
            }
        }
    }

    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor offset, Tensor gamma, Tensor mean, Tensor var, int groups,
                                  float eps, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        requireShape("groupNorm dy", dy, x.shape());
        groupNormBackwardInto(dy, x, null, offset, gamma, mean, var, groups, eps, null, dx, doffset, dgamma, dbeta);
    }

    /**
     * Each sample's SiLU gradient is made just before the group norm's backward reads it, into
     * dx's memory (or scratch), so it is read back from cache instead of from a separate
     * siluBackward's output. (Recomputing y from x instead of keeping it, which saves the
     * forward a write, made this op slower: 184-192 against 157 ms of op time per search step.)
     */
    @Override
    public void groupNormSiluBackward(Tensor dy, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean, Tensor var,
                                      int groups, float eps, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        if (y == null) {
            throw new IllegalArgumentException("groupNormSilu's VJP needs the normalised values y the forward kept");
        }
        requireShape("groupNormSilu dy", dy, x.shape());
        requireShape("groupNormSilu y", y, x.shape());
        if (dx != null) {
            requireShape("groupNormSilu dx", dx, x.shape());
            if (dx.data().address() == x.data().address()) {
                // The SiLU's gradient goes into dx's memory before x is read.
                throw new IllegalArgumentException("groupNormSilu's VJP cannot write dx over x " + Arrays.toString(x.shape()));
            }
            groupNormBackwardInto(dy, x, y, offset, gamma, mean, var, groups, eps, dx, dx, doffset, dgamma, dbeta);
            return;
        }
        try (TensorArena tmp = new TensorArena()) {
            groupNormBackwardInto(dy, x, y, offset, gamma, mean, var, groups, eps, tmp.empty(x.shape()), null, doffset,
                    dgamma, dbeta);
        }
    }

    /**
     * The group norm's VJP; with {@code y} (the SiLU's input) not null, that of silu(group norm):
     * each sample's gradient at the SiLU's input is first written into {@code work}, which may be
     * dx, and taken as dy.
     */
    private void groupNormBackwardInto(Tensor dyAct, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean,
                                       Tensor var, int groups, float eps, Tensor work, Tensor dx, Tensor doffset,
                                       Tensor dgamma, Tensor dbeta) {
        GroupNormShape g = GroupNormShape.of(x, offset, gamma, groups, mean, var);
        int c = g.c();
        if (doffset != null) {
            requireShape("groupNorm doffset", doffset, g.n(), c);
        }
        float[] off = offset == null ? new float[g.n() * c] : offset.toArray();
        Tensor dy = y == null ? dyAct : work;
        // Per sample: channel sums of dy and dy*x give everything (dgamma, dbeta and dx's coefficients).
        float[][] sdy = new float[g.n()][c];
        float[][] sdyx = new float[g.n()][c];
        Parallel.forRange(g.n(), 1, (from, to) -> {
            float[] p = new float[c], q = new float[c], dsum = new float[c];
            for (int n = from; n < to; n++) {
                long base = (long) n * g.spatial() * c;
                if (y != null) {
                    VectorKernels.siluBackward(dyAct.data(), base, y.data(), base, work.data(), base, g.spatial() * c);
                }
                productSums(dy.data(), x.data(), base, g.spatial(), c, sdy[n], sdyx[n]);
                if (dx == null && doffset == null) {
                    continue;
                }
                float[] r = new float[c];
                for (int k = 0; k < groups; k++) {
                    double mu = mean.get((long) n * groups + k);
                    double rstd = 1.0 / Math.sqrt(var.get((long) n * groups + k) + eps);
                    double m1 = 0, m2 = 0;
                    // x + off is the input: sum dy (x + off - mu) = sdyx + (off - mu) sdy, in double.
                    for (int j = k * g.perGroup(); j < (k + 1) * g.perGroup(); j++) {
                        m1 += gamma.get(j) * (double) sdy[n][j];
                        m2 += gamma.get(j) * rstd * (sdyx[n][j] + (off[n * c + j] - mu) * sdy[n][j]);
                    }
                    m1 /= g.groupSize();
                    m2 /= g.groupSize();
                    // dx = rstd * (gamma dy - m1 - xhat m2) = dy p[c] + x q[c] + r[c]
                    for (int j = k * g.perGroup(); j < (k + 1) * g.perGroup(); j++) {
                        p[j] = (float) (rstd * gamma.get(j));
                        q[j] = (float) (-rstd * rstd * m2);
                        // dx = dy p + (x + off) q + rstd (rstd mu m2 - m1), off folded into r.
                        r[j] = (float) (rstd * (rstd * (mu - off[n * c + j]) * m2 - m1));
                    }
                }
                // The offset's gradient is dx summed over positions, taken as dx is made.
                Arrays.fill(dsum, 0f);
                long o = base;
                int cv = S.loopBound(c);
                for (int s = 0; s < g.spatial(); s++, o += c) {
                    for (int j = 0; j < cv; j += L) {
                        long ob = (o + j) * Float.BYTES;
                        FloatVector v = FloatVector.fromMemorySegment(S, dy.data(), ob, NO).fma(FloatVector.fromArray(S, p, j),
                                FloatVector.fromMemorySegment(S, x.data(), ob, NO).fma(FloatVector.fromArray(S, q, j),
                                        FloatVector.fromArray(S, r, j)));
                        if (dx != null) {
                            v.intoMemorySegment(dx.data(), ob, NO);
                        }
                        if (doffset != null) {
                            FloatVector.fromArray(S, dsum, j).add(v).intoArray(dsum, j);
                        }
                    }
                    for (int j = cv; j < c; j++) {
                        float v = get(dy.data(), o + j) * p[j] + get(x.data(), o + j) * q[j] + r[j];
                        if (dx != null) {
                            set(dx.data(), o + j, v);
                        }
                        dsum[j] += v;
                    }
                }
                if (doffset != null) {
                    for (int j = 0; j < c; j++) {
                        doffset.set((long) n * c + j, dsum[j]);
                    }
                }
            }
        });
        for (int j = 0; j < c; j++) {
            double dg = 0, db = 0;
            for (int n = 0; n < g.n(); n++) {
                int k = j / g.perGroup();
                double mu = mean.get((long) n * groups + k);
                double rstd = 1.0 / Math.sqrt(var.get((long) n * groups + k) + eps);
                dg += rstd * (sdyx[n][j] + (off[n * c + j] - mu) * sdy[n][j]);
                db += sdy[n][j];
            }
            if (dgamma != null) {
                dgamma.set(j, (float) dg);
            }
            if (dbeta != null) {
                dbeta.set(j, (float) db);
            }
        }
    }

    /** {@code sdy[c] = sum_s dy[s,c]}, {@code sdyx[c] = sum_s dy[s,c] x[s,c]}. */
    private static void productSums(MemorySegment dy, MemorySegment x, long base, int rows, int c, float[] sdy, float[] sdyx) {
        int cv = S.loopBound(c);
        int rows2 = rows & ~1;
        long stride = (long) c * Float.BYTES, lane = (long) L * Float.BYTES;
        int j = 0;
        // As moments: four channel blocks per sweep, then one block over rows in pairs.
        for (; j + 4 * L <= cv; j += 4 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            long o = (base + j) * Float.BYTES;
            for (int s = 0; s < rows; s++, o += stride) {
                FloatVector d0 = FloatVector.fromMemorySegment(S, dy, o, NO);
                FloatVector d1 = FloatVector.fromMemorySegment(S, dy, o + lane, NO);
                FloatVector d2 = FloatVector.fromMemorySegment(S, dy, o + 2 * lane, NO);
                FloatVector d3 = FloatVector.fromMemorySegment(S, dy, o + 3 * lane, NO);
                a0 = a0.add(d0);
                a1 = a1.add(d1);
                a2 = a2.add(d2);
                a3 = a3.add(d3);
                b0 = d0.fma(FloatVector.fromMemorySegment(S, x, o, NO), b0);
                b1 = d1.fma(FloatVector.fromMemorySegment(S, x, o + lane, NO), b1);
                b2 = d2.fma(FloatVector.fromMemorySegment(S, x, o + 2 * lane, NO), b2);
                b3 = d3.fma(FloatVector.fromMemorySegment(S, x, o + 3 * lane, NO), b3);
            }
            a0.intoArray(sdy, j);
            a1.intoArray(sdy, j + L);
            a2.intoArray(sdy, j + 2 * L);
            a3.intoArray(sdy, j + 3 * L);
            b0.intoArray(sdyx, j);
            b1.intoArray(sdyx, j + L);
            b2.intoArray(sdyx, j + 2 * L);
            b3.intoArray(sdyx, j + 3 * L);
        }
        for (; j < cv; j += L) {
            // Two accumulators each, so that the adds of consecutive rows overlap.
            FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
            long o = base + j;
            int s = 0;
            for (; s < rows2; s += 2, o += 2L * c) {
                long ob = o * Float.BYTES, cb = (long) c * Float.BYTES;
                FloatVector d0 = FloatVector.fromMemorySegment(S, dy, ob, NO), d1 = FloatVector.fromMemorySegment(S, dy, ob + cb, NO);
                a0 = a0.add(d0);
                a1 = a1.add(d1);
                b0 = d0.fma(FloatVector.fromMemorySegment(S, x, ob, NO), b0);
                b1 = d1.fma(FloatVector.fromMemorySegment(S, x, ob + cb, NO), b1);
            }
            for (; s < rows; s++, o += c) {
                FloatVector d = FloatVector.fromMemorySegment(S, dy, o * Float.BYTES, NO);
                a0 = a0.add(d);
                b0 = d.fma(FloatVector.fromMemorySegment(S, x, o * Float.BYTES, NO), b0);
            }
            a0.add(a1).intoArray(sdy, j);
            b0.add(b1).intoArray(sdyx, j);
        }
        for (j = cv; j < c; j++) {
            float a = 0f, b = 0f;
            for (int s = 0; s < rows; s++) {
                long o = base + (long) s * c + j;
                a += get(dy, o);
                b += get(dy, o) * get(x, o);
            }
            sdy[j] = a;
            sdyx[j] = b;
        }
    }

    @Override
    public void silu(Tensor x, Tensor y) {
        requireShape("silu output", y, x.shape());
        chunked(x.size(), (from, n) -> VectorKernels.silu(x.data(), from, y.data(), from, n));
    }

    @Override
    public void siluBackward(Tensor dy, Tensor x, Tensor dx) {
        requireShape("silu dy", dy, x.shape());
        requireShape("silu dx", dx, x.shape());
        chunked(x.size(), (from, n) -> VectorKernels.siluBackward(dy.data(), from, x.data(), from, dx.data(), from, n));
    }

    @Override
    public void softmax(Tensor x, Tensor y) {
        requireShape("softmax output", y, x.shape());
        int n = x.dim(-1);
        int rows = (int) (x.size() / Math.max(n, 1));
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(n, 1)), (from, to) -> {
            for (int r = from; r < to; r++) {
                long o = (long) r * n;
                float max = Float.NEGATIVE_INFINITY;
                int i = 0;
                if (n >= L) {
                    FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                    for (; i < S.loopBound(n); i += L) {
                        m = m.max(FloatVector.fromMemorySegment(S, x.data(), (o + i) * Float.BYTES, NO));
                    }
                    max = m.reduceLanes(VectorOperators.MAX);
                }
                for (; i < n; i++) {
                    max = Math.max(max, get(x.data(), o + i));
                }
                VectorKernels.exp(x.data(), o, 1f, -max, y.data(), o, n);
                float sum = VectorKernels.sum(y.data(), o, n);
                VectorKernels.scale(y.data(), o, 1f / sum, y.data(), o, n);
            }
        });
    }

    @Override
    public void softmaxBackward(Tensor dy, Tensor y, Tensor dx) {
        requireShape("softmax dy", dy, y.shape());
        requireShape("softmax dx", dx, y.shape());
        int n = y.dim(-1);
        int rows = (int) (y.size() / Math.max(n, 1));
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(n, 1)), (from, to) -> {
            float[] lanes = new float[L];
            for (int r = from; r < to; r++) {
                long o = (long) r * n;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < S.loopBound(n); i += L) {
                    long ob = (o + i) * Float.BYTES;
                    acc = FloatVector.fromMemorySegment(S, dy.data(), ob, NO).fma(FloatVector.fromMemorySegment(S, y.data(), ob, NO), acc);
                }
                acc.intoArray(lanes, 0);
                float dot = VectorKernels.sumLanes(lanes);
                for (; i < n; i++) {
                    dot += get(dy.data(), o + i) * get(y.data(), o + i);
                }
                i = 0;
                for (; i < S.loopBound(n); i += L) {
                    long ob = (o + i) * Float.BYTES;
                    FloatVector.fromMemorySegment(S, dy.data(), ob, NO).sub(dot).mul(FloatVector.fromMemorySegment(S, y.data(), ob, NO))
                            .intoMemorySegment(dx.data(), ob, NO);
                }
                for (; i < n; i++) {
                    set(dx.data(), o + i, (get(dy.data(), o + i) - dot) * get(y.data(), o + i));
                }
            }
        });
    }

    // ---- elementwise with broadcast ----------------------------------------------------

    @Override
    public void add(Tensor a, Tensor b, Tensor c) {
        binary(false, a, b, c);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor c) {
        binary(true, a, b, c);
    }

    private static void binary(boolean mul, Tensor a, Tensor b, Tensor c) {
        Broadcast bc = new Broadcast(c.shape(), a, b);
        if (a.size() == c.size() && b.size() == c.size()) {
            // No broadcast: one flat run. Row by row, a 16-channel activation paid two offset
            // computations per 16 elements (add on [32,28,28,16]: 2.0 ms a call).
            chunked(c.size(), (from, n) -> VectorKernels.binary(mul, a.data(), from, false, b.data(), from, false,
                    c.data(), from, n));
            return;
        }
        boolean as = bc.innerScalar(0), bs = bc.innerScalar(1);
        Parallel.forRange((int) bc.rows, Math.max(1, 8192 / Math.max(1, bc.inner)), (from, to) -> {
            for (int r = from; r < to; r++) {
                VectorKernels.binary(mul, a.data(), bc.offset(0, r), as, b.data(), bc.offset(1, r), bs,
                        c.data(), (long) r * bc.inner, bc.inner);
            }
        });
    }

    @Override
    public void scale(Tensor x, float s, Tensor y) {
        requireShape("scale output", y, x.shape());
        chunked(x.size(), (from, n) -> VectorKernels.scale(x.data(), from, s, y.data(), from, n));
    }

    @Override
    public void axpy(float a, Tensor x, Tensor y) {
        requireShape("axpy output", y, x.shape());
        chunked(x.size(), (from, n) -> VectorKernels.axpy(a, x.data(), from, y.data(), from, n));
    }

    /** In one thread, in the fixed order of {@link VectorKernels#dot}: the same sum whatever the thread count. */
    @Override
    public double dot(Tensor x, Tensor y) {
        requireShape("dot operand", y, x.shape());
        return VectorKernels.dot(x.data(), 0, y.data(), 0, x.size());
    }

    @Override
    public void sumTo(Tensor x, Tensor y) {
        Broadcast bc = new Broadcast(x.shape(), y);
        int[] xs = x.shape(), ys = y.shape();
        int rank = xs.length;
        int inner = bc.inner;
        boolean innerSum = bc.innerScalar(0);
        int yInner = rank == 0 ? 1 : ys[rank - 1];
        long yRows = y.size() / Math.max(yInner, 1);
        // Each output row gathers its own input rows: parallel and in a fixed order (deterministic).
        int[] reduced = new int[Math.max(rank - 1, 0)];
        long per = 1;
        for (int d = 0; d < rank - 1; d++) {
            reduced[d] = ys[d] == 1 && xs[d] != 1 ? xs[d] : 1;
            per *= reduced[d];
        }
        // An input row's index is the sum of a part from the y row's coordinates and a part from
        // the reduced coordinates: the second is computed once here, not by divisions per row
        // (those took 1.4 ms a call for [32,28,28,16] to [32,1,1,16]).
        long[] reducedOffset = new long[(int) per];
        for (int q = 0; q < per; q++) {
            long qq = q, xRow = 0, stride = 1;
            for (int d = rank - 2; d >= 0; d--) {
                if (reduced[d] > 1) {
                    xRow += (qq % reduced[d]) * stride;
                    qq /= reduced[d];
                }
                stride *= xs[d];
            }
            reducedOffset[q] = xRow;
        }
        Parallel.forRange((int) yRows, 1, (from, to) -> {
            for (int r = from; r < to; r++) {
                long yo = (long) r * yInner;
                for (long k = 0; k < yInner; k++) {
                    set(y.data(), yo + k, 0f);
                }
                long rem = r, base = 0, stride = 1;
                for (int d = rank - 2; d >= 0; d--) {
                    if (reduced[d] == 1) {
                        base += (rem % ys[d]) * stride;
                    }
                    rem /= ys[d];
                    stride *= xs[d];
                }
                for (long off : reducedOffset) {
                    long xo = (base + off) * inner;
                    if (innerSum) {
                        set(y.data(), yo, get(y.data(), yo) + VectorKernels.sum(x.data(), xo, inner));
                    } else {
                        VectorKernels.accumulate(x.data(), xo, y.data(), yo, inner);
                    }
                }
            }
        });
    }

    @Override
    public void broadcastTo(Tensor x, Tensor y) {
        Broadcast bc = new Broadcast(y.shape(), x);
        boolean scalar = bc.innerScalar(0);
        Parallel.forRange((int) bc.rows, Math.max(1, 8192 / Math.max(1, bc.inner)), (from, to) -> {
            for (int r = from; r < to; r++) {
                long xo = bc.offset(0, r), yo = (long) r * bc.inner;
                if (scalar) {
                    float v = get(x.data(), xo);
                    for (int i = 0; i < bc.inner; i++) {
                        set(y.data(), yo + i, v);
                    }
                } else {
                    MemorySegment.copy(x.data(), xo * Float.BYTES, y.data(), yo * Float.BYTES, (long) bc.inner * Float.BYTES);
                }
            }
        });
    }

    // ---- resampling ----------------------------------------------------------------------

    @Override
    public void upsampleNearest2x(Tensor x, Tensor y) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        requireShape("upsample output", y, n, 2 * h, 2 * w, c);
        long cb = (long) c * Float.BYTES;
        Parallel.forRange(n * 2 * h, 4, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / (2 * h), oh = row % (2 * h);
                long xr = ((long) b * h + oh / 2) * w * c;
                long yr = (long) row * 2 * w * c;
                for (int ow = 0; ow < 2 * w; ow++) {
                    MemorySegment.copy(x.data(), (xr + (long) (ow / 2) * c) * Float.BYTES, y.data(), (yr + (long) ow * c) * Float.BYTES, cb);
                }
            }
        });
    }

    @Override
    public void upsampleNearest2xBackward(Tensor dy, Tensor dx) {
        int n = dx.dim(0), h = dx.dim(1), w = dx.dim(2), c = dx.dim(3);
        requireShape("upsample dy", dy, n, 2 * h, 2 * w, c);
        pool2x2(dy, dx, 1f);
    }

    @Override
    public void interleavePhases(Tensor o, Tensor bias, Tensor y) {
        UpsampleConv.checkPhases(o, y);
        int n = y.dim(0), h = y.dim(1) / 2, w = y.dim(2) / 2, c = y.dim(3);
        if (bias != null) {
            requireShape("interleavePhases bias", bias, c);
        }
        MemorySegment os = o.data(), ys = y.data();
        float[] shift = bias == null ? new float[c] : bias.toArray();
        int cv = S.loopBound(c);
        Parallel.forRange(n * 2 * h, 4, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / (2 * h), oy = row % (2 * h), a = oy % 2;
                long src = ((long) b * (h + 1) + oy / 2 + a) * (w + 1) * 4 * c;
                long dst = (long) row * 2 * w * c;
                for (int ox = 0; ox < 2 * w; ox++, dst += c) {
                    int p = ox % 2;
                    long at = src + (long) (ox / 2 + p) * 4 * c + (long) (2 * a + p) * c;
                    int k = 0;
                    for (; k < cv; k += L) {
                        FloatVector.fromMemorySegment(S, os, (at + k) * Float.BYTES, NO).add(FloatVector.fromArray(S, shift, k))
                                .intoMemorySegment(ys, (dst + k) * Float.BYTES, NO);
                    }
                    for (; k < c; k++) {
                        set(ys, dst + k, get(os, at + k) + shift[k]);
                    }
                }
            }
        });
    }

    @Override
    public void interleavePhasesBackward(Tensor dy, Tensor dO) {
        UpsampleConv.checkPhases(dO, dy);
        int n = dy.dim(0), h = dy.dim(1) / 2, w = dy.dim(2) / 2, c = dy.dim(3);
        long cb = (long) c * Float.BYTES;
        MemorySegment ds = dy.data(), os = dO.data();
        Parallel.forRange(n * (h + 1), 4, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / (h + 1), r = row % (h + 1);
                long dst = (long) row * (w + 1) * 4 * c;
                for (int s = 0; s <= w; s++) {
                    for (int a = 0; a < 2; a++) {
                        for (int p = 0; p < 2; p++, dst += c) {
                            // Phase (a, p) of o[r, s] is output pixel (2r - a, 2s - p), when that exists.
                            int yy = 2 * r - a, yx = 2 * s - p;
                            if (yy < 0 || yy >= 2 * h || yx < 0 || yx >= 2 * w) {
                                os.asSlice(dst * Float.BYTES, cb).fill((byte) 0);
                            } else {
                                MemorySegment.copy(ds, (((long) b * 2 * h + yy) * 2 * w + yx) * cb, os, dst * Float.BYTES, cb);
                            }
                        }
                    }
                }
            }
        });
    }

    @Override
    public void avgPool2x2(Tensor x, Tensor y) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        if (h % 2 != 0 || w % 2 != 0) {
            throw new IllegalArgumentException("avgPool2x2 needs even H and W, got " + Arrays.toString(x.shape()));
        }
        requireShape("avgPool2x2 output", y, n, h / 2, w / 2, c);
        pool2x2(x, y, 0.25f);
    }

    /** {@code y[n,i,j,:] = s * sum of x[n, 2i..2i+1, 2j..2j+1, :]}. */
    private static void pool2x2(Tensor x, Tensor y, float s) {
        int n = y.dim(0), oh = y.dim(1), ow = y.dim(2), c = y.dim(3);
        int w = 2 * ow;
        Parallel.forRange(n * oh, 4, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / oh, i = row % oh;
                long x0 = ((long) b * 2 * oh + 2L * i) * w * c;
                long x1 = x0 + (long) w * c;
                for (int j = 0; j < ow; j++) {
                    long yo = ((long) row * ow + j) * c;
                    long p = x0 + 2L * j * c, q = x1 + 2L * j * c;
                    int k = 0;
                    for (; k < S.loopBound(c); k += L) {
                        long pb = (p + k) * Float.BYTES, qb = (q + k) * Float.BYTES, cb = (long) c * Float.BYTES;
                        FloatVector v = FloatVector.fromMemorySegment(S, x.data(), pb, NO)
                                .add(FloatVector.fromMemorySegment(S, x.data(), pb + cb, NO))
                                .add(FloatVector.fromMemorySegment(S, x.data(), qb, NO))
                                .add(FloatVector.fromMemorySegment(S, x.data(), qb + cb, NO));
                        v.mul(s).intoMemorySegment(y.data(), (yo + k) * Float.BYTES, NO);
                    }
                    for (; k < c; k++) {
                        float v = get(x.data(), p + k) + get(x.data(), p + c + k) + get(x.data(), q + k) + get(x.data(), q + c + k);
                        set(y.data(), yo + k, v * s);
                    }
                }
            }
        });
    }

    @Override
    public void avgPool2x2Backward(Tensor dy, Tensor dx) {
        int n = dx.dim(0), h = dx.dim(1), w = dx.dim(2), c = dx.dim(3);
        requireShape("avgPool2x2 dy", dy, n, h / 2, w / 2, c);
        // dx is dy/4 repeated over each 2x2 block: the upsampling of dy, scaled.
        upsampleNearest2x(dy, dx);
        scale(dx, 0.25f, dx);
    }

    // ---- layout ------------------------------------------------------------------------

    @Override
    public void concat(Tensor[] xs, Tensor y) {
        int[] offsets = ConcatShape.offsets(ConcatShape.widths(xs), xs, y);
        int cy = y.dim(-1);
        long rows = y.size() / cy;
        Parallel.forRange((int) rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int i = 0; i < xs.length; i++) {
                    int ci = xs[i].dim(-1);
                    MemorySegment.copy(xs[i].data(), (long) r * ci * Float.BYTES, y.data(),
                            ((long) r * cy + offsets[i]) * Float.BYTES, (long) ci * Float.BYTES);
                }
            }
        });
    }

    @Override
    public void concatBackward(Tensor dy, int[] widths, Tensor[] dxs) {
        int[] offsets = ConcatShape.offsets(widths, dxs, dy);
        int cy = dy.dim(-1);
        long rows = dy.size() / cy;
        Parallel.forRange((int) rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int i = 0; i < dxs.length; i++) {
                    if (dxs[i] == null) {
                        continue;
                    }
                    int ci = dxs[i].dim(-1);
                    MemorySegment.copy(dy.data(), ((long) r * cy + offsets[i]) * Float.BYTES, dxs[i].data(),
                            (long) r * ci * Float.BYTES, (long) ci * Float.BYTES);
                }
            }
        });
    }

    // ---- helpers -----------------------------------------------------------------------

    @FunctionalInterface
    private interface Chunk {
        void run(long from, int n);
    }

    /** Splits a flat elementwise loop into parallel chunks of whole vectors. */
    private static void chunked(long size, Chunk body) {
        final int chunk = 1 << 14;
        int chunks = (int) ((size + chunk - 1) / chunk);
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int k = from; k < to; k++) {
                long start = (long) k * chunk;
                body.run(start, (int) Math.min(chunk, size - start));
            }
        });
    }

    static void requireShape(String what, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expected));
        }
    }

    @Override
    public synchronized void close() {
        packA.close();
        packB.close();
        convScratch.close();
    }
}
