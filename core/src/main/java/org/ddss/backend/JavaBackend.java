package org.ddss.backend;

import static org.ddss.backend.VectorKernels.L;
import static org.ddss.backend.VectorKernels.S;
import static org.ddss.backend.VectorKernels.NO;
import static org.ddss.backend.VectorKernels.get;
import static org.ddss.backend.VectorKernels.set;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.ddss.tensor.Tensor;
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
        spec.checkForward(x, w, bias, y);
        JavaConv.forward(x, w, bias, spec, y, convScratch);
    }

    @Override
    public synchronized void conv2dBackwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx) {
        spec.checkBackwardData(dy, w, dx);
        JavaConv.backwardData(dy, w, spec, dx, convScratch);
    }

    @Override
    public synchronized void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias) {
        spec.checkBackwardWeights(x, dy, dw, dbias);
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
    public void groupNorm(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor mean,
                          Tensor var) {
        JavaGroupNorm.groupNorm(x, offset, gamma, beta, spec, y, mean, var);
    }

    /** One pass over memory less than groupNorm then silu: each group of rows goes through SiLU while in cache. */
    @Override
    public void groupNormSilu(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor act,
                              Tensor mean, Tensor var) {
        JavaGroupNorm.groupNormSilu(x, offset, gamma, beta, spec, y, act, mean, var);
    }

    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor offset, Tensor gamma, Tensor mean, Tensor var, GroupNorm spec,
                                  Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        JavaGroupNorm.groupNormBackward(dy, x, offset, gamma, mean, var, spec, dx, doffset, dgamma, dbeta);
    }

    /** Each sample's SiLU gradient is made just before the group norm's backward reads it (JavaGroupNorm). */
    @Override
    public void groupNormSiluBackward(Tensor dy, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean, Tensor var,
                                      GroupNorm spec, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        JavaGroupNorm.groupNormSiluBackward(dy, x, y, offset, gamma, mean, var, spec, dx, doffset, dgamma, dbeta);
    }

    @Override
    public void silu(Tensor x, Tensor y) {
        Shapes.elementwise("silu output", x, y);
        chunked(x.size(), (from, n) -> VectorKernels.silu(x.data(), from, y.data(), from, n));
    }

    @Override
    public void siluBackward(Tensor dy, Tensor x, Tensor dx) {
        Shapes.elementwise("siluBackward dy and dx", x, dy, dx);
        chunked(x.size(), (from, n) -> VectorKernels.siluBackward(dy.data(), from, x.data(), from, dx.data(), from, n));
    }

    @Override
    public void softmax(Tensor x, Tensor y) {
        Shapes.elementwise("softmax output", x, y);
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
        Shapes.elementwise("softmaxBackward dy and dx", y, dy, dx);
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
        Broadcast bc = new Broadcast(c, a, b);
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
        Shapes.elementwise("scale output", x, y);
        chunked(x.size(), (from, n) -> VectorKernels.scale(x.data(), from, s, y.data(), from, n));
    }

    @Override
    public void axpy(float a, Tensor x, Tensor y) {
        Shapes.elementwise("axpy output", x, y);
        chunked(x.size(), (from, n) -> VectorKernels.axpy(a, x.data(), from, y.data(), from, n));
    }

    /** In one thread, in the fixed order of {@link VectorKernels#dot}: the same sum whatever the thread count. */
    @Override
    public double dot(Tensor x, Tensor y) {
        Shapes.elementwise("dot operand", x, y);
        return VectorKernels.dot(x.data(), 0, y.data(), 0, x.size());
    }

    @Override
    public void sumTo(Tensor x, Tensor y) {
        Broadcast bc = new Broadcast(x, y);
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
        Broadcast bc = new Broadcast(y, x);
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
        Shapes.upsample(x, y);
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
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
        Shapes.upsampleBackward(dy, dx);
        pool2x2(dy, dx, 1f);
    }

    @Override
    public void interleavePhases(Tensor o, Tensor bias, Tensor y) {
        UpsampleConv.checkPhases(o, bias, y);
        int n = y.dim(0), h = y.dim(1) / 2, w = y.dim(2) / 2, c = y.dim(3);
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
        UpsampleConv.checkPhases(dO, null, dy);
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
        Shapes.avgPool(x, y);
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
        Shapes.avgPoolBackward(dy, dx);
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

    @Override
    public synchronized void close() {
        packA.close();
        packB.close();
        convScratch.close();
    }
}
