package org.ddss.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise Vector API loops over float runs in native memory: a vector body and a scalar
 * tail each. Offsets and lengths are in elements. The {@code java} backend builds its row-wise
 * operations from these; each has a scalar twin in the test reference. {@link #dot} and
 * {@link #axpy} are public for the DDSS reverse sweep, whose adjoints are dot products and
 * axpys over whole chain states.
 *
 * <p><b>No method of ours takes or returns a vector</b> (tested): vectors are loaded, computed
 * and stored inside one method body through the JDK's own calls, which C2 always inlines. A
 * vector passed to one of our methods that C2 declines to inline (it stops inlining ordinary
 * methods once a compilation passes its node budget, which big kernels and their callers
 * reach) is boxed on the heap at every call: that made the fused group norm + SiLU 2.4-2.6x
 * slower than with this rule, depending on which caller the JIT compiled first. Helpers pass
 * segments and offsets instead.
 */
public final class VectorKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    /** Floats of the scratch run of the two-pass kernels (exp into it, then combine): 1 KiB, L1-resident. */
    private static final int BLOCK = 256;
    /**
     * Each thread's scratch run: the one native allocation outside a {@code TensorArena} or
     * {@code Workspace} (docs/architecture.md, "Memory"), 1 KiB a thread, freed by the GC with
     * its thread. Native like every operand: a heap segment through the same vector loads
     * pollutes the JDK's type profiles and sends them down the Vector API's Java fallback (SiLU
     * 4-5x slower with a heap scratch). Not a confined arena per parallel chunk either: with a
     * fresh session per call, C2's profiled loop predicates in {@link #siluBackward} failed
     * about 90 times in a row (deoptimised each time, 10 MB of boxed vectors a call in
     * {@code KernelMix}). Nothing that holds it calls another kernel.
     */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate((long) BLOCK * Float.BYTES, 64));

    private VectorKernels() {}

    /**
     * The sum of {@code L} lanes stored by {@code intoArray}, in a fixed order.
     * {@code reduceLanes(ADD)} leaves the order to the platform, and its compiled and
     * interpreted forms round differently, so results would depend on the JIT's progress:
     * training and checkpoint replays must be bit-reproducible.
     */
    static float sumLanes(float[] lanes) {
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += lanes[i];
        }
        return s;
    }

    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    private static final FloatVector LN2_HI = FloatVector.broadcast(S, 0.693359375f);
    private static final FloatVector LN2_LO = FloatVector.broadcast(S, -2.12194440e-4f);
    private static final FloatVector ROUND = FloatVector.broadcast(S, 12582912f);

    /**
     * {@code y = e^(a x + b)} over n elements (Cephes' expf: z = n ln2 + r with |r| <= ln2/2, a
     * degree-6 polynomial for e^r, then 2^n through the exponent bits), about 1 ulp. Built from
     * adds, multiplies and fmas only, which round the same interpreted or compiled, unlike
     * {@code lanewise(EXP)}. The only copy of the polynomial: SiLU, its VJP and softmax call it.
     */
    static void exp(MemorySegment x, long xi, float a, float b, MemorySegment y, long yi, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            FloatVector z = FloatVector.fromMemorySegment(S, x, (xi + i) * Float.BYTES, NO).mul(a).add(b);
            z = z.max(-87.3f).min(88.7f);
            FloatVector k = z.fma(LOG2E, ROUND).sub(ROUND);
            FloatVector r = k.neg().fma(LN2_HI, z);
            r = k.neg().fma(LN2_LO, r);
            FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
            p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
            p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
            p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
            p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
            p = p.fma(r.mul(r), r).add(1f);
            IntVector bits = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(
                    VectorOperators.LSHL, 23);
            p.mul(bits.reinterpretAsFloats()).intoMemorySegment(y, (yi + i) * Float.BYTES, NO);
        }
        for (; i < n; i++) {
            set(y, yi + i, (float) Math.exp(a * get(x, xi + i) + b));
        }
    }

    static float get(MemorySegment m, long i) {
        return m.getAtIndex(F32, i);
    }

    static void set(MemorySegment m, long i, float v) {
        m.setAtIndex(F32, i, v);
    }

    /** {@code c[ci..] = a[ai..] op b[bi..]} over n elements; a stride-0 operand is broadcast. */
    static void binary(boolean mul, MemorySegment a, long ai, boolean aScalar, MemorySegment b, long bi,
                       boolean bScalar, MemorySegment c, long ci, int n) {
        int i = 0;
        if (!aScalar && !bScalar) {
            for (; i < S.loopBound(n); i += L) {
                FloatVector x = FloatVector.fromMemorySegment(S, a, (ai + i) * Float.BYTES, NO);
                FloatVector y = FloatVector.fromMemorySegment(S, b, (bi + i) * Float.BYTES, NO);
                (mul ? x.mul(y) : x.add(y)).intoMemorySegment(c, (ci + i) * Float.BYTES, NO);
            }
        } else if (aScalar != bScalar) {
            float s = aScalar ? get(a, ai) : get(b, bi);
            MemorySegment v = aScalar ? b : a;
            long vi = aScalar ? bi : ai;
            for (; i < S.loopBound(n); i += L) {
                FloatVector x = FloatVector.fromMemorySegment(S, v, (vi + i) * Float.BYTES, NO);
                (mul ? x.mul(s) : x.add(s)).intoMemorySegment(c, (ci + i) * Float.BYTES, NO);
            }
        }
        for (; i < n; i++) {
            float x = get(a, ai + (aScalar ? 0 : i)), y = get(b, bi + (bScalar ? 0 : i));
            set(c, ci + i, mul ? x * y : x + y);
        }
    }

    /** {@code y[yi..] = s * x[xi..]} over n elements. */
    public static void scale(MemorySegment x, long xi, float s, MemorySegment y, long yi, long n) {
        long i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromMemorySegment(S, x, (xi + i) * Float.BYTES, NO).mul(s)
                    .intoMemorySegment(y, (yi + i) * Float.BYTES, NO);
        }
        for (; i < n; i++) {
            set(y, yi + i, s * get(x, xi + i));
        }
    }

    /** {@code acc[ai..] += x[xi..]} over n elements. */
    static void accumulate(MemorySegment x, long xi, MemorySegment acc, long ai, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            long o = (ai + i) * Float.BYTES;
            FloatVector.fromMemorySegment(S, acc, o, NO).add(FloatVector.fromMemorySegment(S, x, (xi + i) * Float.BYTES, NO))
                    .intoMemorySegment(acc, o, NO);
        }
        for (; i < n; i++) {
            set(acc, ai + i, get(acc, ai + i) + get(x, xi + i));
        }
    }

    /** Sum of n elements (vector partial sums, then a lane reduction). */
    static float sum(MemorySegment x, long xi, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            acc = acc.add(FloatVector.fromMemorySegment(S, x, (xi + i) * Float.BYTES, NO));
        }
        float[] lanes = new float[L];
        acc.intoArray(lanes, 0);
        float s = sumLanes(lanes);
        for (; i < n; i++) {
            s += get(x, xi + i);
        }
        return s;
    }

    /**
     * {@code sum u[ui+q] v[vi+q]} over n elements: float vector products summed in float within
     * blocks of 1024 elements and in double across blocks, in a fixed order (deterministic).
     */
    public static double dot(MemorySegment u, long ui, MemorySegment v, long vi, long n) {
        double total = 0;
        float[] lanes = new float[L];
        for (long from = 0; from < n; from += 1024) {
            int len = (int) Math.min(1024, n - from);
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (; i < S.loopBound(len); i += L) {
                acc = FloatVector.fromMemorySegment(S, u, (ui + from + i) * Float.BYTES, NO)
                        .fma(FloatVector.fromMemorySegment(S, v, (vi + from + i) * Float.BYTES, NO), acc);
            }
            acc.intoArray(lanes, 0);
            double s = sumLanes(lanes);
            for (; i < len; i++) {
                s += (double) get(u, ui + from + i) * get(v, vi + from + i);
            }
            total += s;
        }
        return total;
    }

    /** {@code y[yi..] += a x[xi..]} over n elements. */
    public static void axpy(float a, MemorySegment x, long xi, MemorySegment y, long yi, long n) {
        FloatVector av = FloatVector.broadcast(S, a);
        long i = 0;
        for (; i + L <= n; i += L) {
            long o = (yi + i) * Float.BYTES;
            FloatVector.fromMemorySegment(S, x, (xi + i) * Float.BYTES, NO).fma(av, FloatVector.fromMemorySegment(S, y, o, NO))
                    .intoMemorySegment(y, o, NO);
        }
        for (; i < n; i++) {
            set(y, yi + i, Math.fma(a, get(x, xi + i), get(y, yi + i)));
        }
    }

    /**
     * {@code y = x * sigmoid(x)} over n elements, in blocks: {@code e^-x} into the thread's
     * scratch run, then {@code x / (1 + e^-x)}. In place ({@code y} = {@code x}) is allowed.
     */
    static void silu(MemorySegment x, long xi, MemorySegment y, long yi, int n) {
        MemorySegment e = SCRATCH.get();
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            exp(x, xi + from, -1f, 0f, e, 0, len);
            int i = 0;
            for (; i < S.loopBound(len); i += L) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (xi + from + i) * Float.BYTES, NO);
                FloatVector ev = FloatVector.fromMemorySegment(S, e, (long) i * Float.BYTES, NO);
                v.mul(ONE.div(ev.add(1f))).intoMemorySegment(y, (yi + from + i) * Float.BYTES, NO);
            }
            for (; i < len; i++) {
                set(y, yi + from + i, get(x, xi + from + i) / (1f + get(e, i)));
            }
        }
    }

    /**
     * {@code dx = dy * sigmoid(x) * (1 + x * (1 - sigmoid(x)))} over n elements, in blocks as
     * {@link #silu}; dx may be x or dy.
     */
    static void siluBackward(MemorySegment dy, long di, MemorySegment x, long xi, MemorySegment dx, long oi, int n) {
        MemorySegment e = SCRATCH.get();
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            exp(x, xi + from, -1f, 0f, e, 0, len);
            int i = 0;
            for (; i < S.loopBound(len); i += L) {
                FloatVector v = FloatVector.fromMemorySegment(S, x, (xi + from + i) * Float.BYTES, NO);
                FloatVector sig = ONE.div(FloatVector.fromMemorySegment(S, e, (long) i * Float.BYTES, NO).add(1f));
                FloatVector d = sig.mul(v.mul(sig.neg().add(1f)).add(1f));
                FloatVector.fromMemorySegment(S, dy, (di + from + i) * Float.BYTES, NO).mul(d)
                        .intoMemorySegment(dx, (oi + from + i) * Float.BYTES, NO);
            }
            for (; i < len; i++) {
                float v = get(x, xi + from + i);
                float sig = 1f / (1f + get(e, i));
                set(dx, oi + from + i, get(dy, di + from + i) * sig * (1f + v * (1f - sig)));
            }
        }
    }
}
