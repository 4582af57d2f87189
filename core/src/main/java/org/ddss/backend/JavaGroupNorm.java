package org.ddss.backend;

import static org.ddss.backend.VectorKernels.L;
import static org.ddss.backend.VectorKernels.NO;
import static org.ddss.backend.VectorKernels.S;
import static org.ddss.backend.VectorKernels.get;
import static org.ddss.backend.VectorKernels.set;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * The Java backend's group normalisation, forward and VJP, with the SiLU fused in where the
 * resnet blocks use it: Vector API kernels over channels-last rows, parallel over samples. Also
 * what the dnnl backend runs, where oneDNN's own group norm is slower. Stateless.
 */
final class JavaGroupNorm {
    private JavaGroupNorm() {}

    /** {@link Backend#groupNorm}. */
    static void groupNorm(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor mean, Tensor var) {
        Shapes.requireLike("groupNorm output", y, x);
        groupNormInto(x, offset, gamma, beta, spec, y, null, mean, var);
    }

    /** One pass over memory less than groupNorm then silu: each group of rows goes through SiLU while in cache. */
    static void groupNormSilu(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor act,
                              Tensor mean, Tensor var) {
        Shapes.requireLike("groupNorm output", y, x);
        if (act == null) {
            throw new IllegalArgumentException("groupNormSilu needs an output for the activation");
        }
        Shapes.requireLike("groupNormSilu output", act, x);
        groupNormInto(x, offset, gamma, beta, spec, y, act, mean, var);
    }

    /**
     * Group norm of x + offset into y and/or silu of it into act (either may be null, not both).
     * The offset never touches memory: it moves each channel's values, not their spread, so
     * the moments of x about a shift are those of x + offset about shift + offset, and the
     * affine pass takes it into its per-channel shift.
     */
    private static void groupNormInto(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y,
                                      Tensor act, Tensor mean, Tensor var) {
        GroupNorm.Shape g = spec.check(x, offset, gamma, beta, mean, var);
        int groups = spec.groups();
        float eps = spec.eps();
        float[] off = offset == null ? new float[g.n() * g.c()] : offset.toArray();
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
    private static boolean groupStats(GroupNorm.Shape g, float[] shift, float[] off, int o, float[] s1, float[] s2,
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

    /** {@link Backend#groupNormBackward}. */
    static void groupNormBackward(Tensor dy, Tensor x, Tensor offset, Tensor gamma, Tensor mean, Tensor var, GroupNorm spec,
                                  Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        spec.checkGradients(x, dy, dx, doffset, dgamma, dbeta);
        groupNormBackwardInto(dy, x, null, offset, gamma, mean, var, spec, null, dx, doffset, dgamma, dbeta);
    }

    /**
     * Each sample's SiLU gradient is made just before the group norm's backward reads it, into
     * dx's memory (or scratch), so it is read back from cache instead of from a separate
     * siluBackward's output. (Recomputing y from x instead of keeping it, which saves the
     * forward a write, made this op slower: 184-192 against 157 ms of op time per search step.)
     */
    static void groupNormSiluBackward(Tensor dy, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean, Tensor var,
                                      GroupNorm spec, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        if (y == null) {
            throw new IllegalArgumentException("groupNormSilu's VJP needs the normalised values y the forward kept");
        }
        spec.checkGradients(x, dy, dx, doffset, dgamma, dbeta);
        Shapes.requireLike("groupNormSilu y", y, x);
        if (dx != null) {
            if (dx.data().address() == x.data().address()) {
                // The SiLU's gradient goes into dx's memory before x is read.
                throw new IllegalArgumentException("groupNormSilu's VJP cannot write dx over x " + Arrays.toString(x.shape()));
            }
            groupNormBackwardInto(dy, x, y, offset, gamma, mean, var, spec, dx, dx, doffset, dgamma, dbeta);
            return;
        }
        try (TensorArena tmp = new TensorArena()) {
            groupNormBackwardInto(dy, x, y, offset, gamma, mean, var, spec, tmp.empty(x.shape()), null, doffset,
                    dgamma, dbeta);
        }
    }

    /**
     * The group norm's VJP; with {@code y} (the SiLU's input) not null, that of silu(group norm):
     * each sample's gradient at the SiLU's input is first written into {@code work}, which may be
     * dx, and taken as dy.
     */
    private static void groupNormBackwardInto(Tensor dyAct, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean,
                                              Tensor var, GroupNorm spec, Tensor work, Tensor dx, Tensor doffset,
                                              Tensor dgamma, Tensor dbeta) {
        GroupNorm.Shape g = spec.check(x, offset, gamma, null, mean, var);
        int groups = spec.groups();
        float eps = spec.eps();
        int c = g.c();
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
}
