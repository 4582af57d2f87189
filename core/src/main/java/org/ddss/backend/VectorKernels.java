package org.ddss.backend;

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
 */
public final class VectorKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private VectorKernels() {}

    /**
     * The sum of the lanes in a fixed order. {@code reduceLanes(ADD)} leaves the order to the
     * platform, and its compiled and interpreted forms round differently, so results would
     * depend on the JIT's progress: training and checkpoint replays must be bit-reproducible.
     */
    static float sumLanes(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (float x : lanes) {
            s += x;
        }
        return s;
    }

    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    private static final FloatVector LN2_HI = FloatVector.broadcast(S, 0.693359375f);
    private static final FloatVector LN2_LO = FloatVector.broadcast(S, -2.12194440e-4f);
    private static final FloatVector ROUND = FloatVector.broadcast(S, 12582912f);

    /**
     * {@code e^x} per lane (Cephes' expf: x = n ln2 + r with |r| <= ln2/2, a degree-6 polynomial
     * for e^r, then 2^n through the exponent bits), about 1 ulp. Built from adds, multiplies
     * and fmas only, which round the same interpreted or compiled, unlike {@code lanewise(EXP)}.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87.3f).min(88.7f);
        FloatVector n = x.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = n.neg().fma(LN2_HI, x);
        r = n.neg().fma(LN2_LO, r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(
                VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    static FloatVector load(MemorySegment m, long i) {
        return FloatVector.fromMemorySegment(S, m, i * Float.BYTES, NO);
    }

    static void store(FloatVector v, MemorySegment m, long i) {
        v.intoMemorySegment(m, i * Float.BYTES, NO);
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
                FloatVector x = load(a, ai + i), y = load(b, bi + i);
                store(mul ? x.mul(y) : x.add(y), c, ci + i);
            }
        } else if (aScalar != bScalar) {
            float s = aScalar ? get(a, ai) : get(b, bi);
            MemorySegment v = aScalar ? b : a;
            long vi = aScalar ? bi : ai;
            for (; i < S.loopBound(n); i += L) {
                FloatVector x = load(v, vi + i);
                store(mul ? x.mul(s) : x.add(s), c, ci + i);
            }
        }
        for (; i < n; i++) {
            float x = get(a, ai + (aScalar ? 0 : i)), y = get(b, bi + (bScalar ? 0 : i));
            set(c, ci + i, mul ? x * y : x + y);
        }
    }

    /** {@code y[yi..] = s * x[xi..]} over n elements. */
    static void scale(MemorySegment x, long xi, float s, MemorySegment y, long yi, long n) {
        long i = 0;
        for (; i + L <= n; i += L) {
            store(load(x, xi + i).mul(s), y, yi + i);
        }
        for (; i < n; i++) {
            set(y, yi + i, s * get(x, xi + i));
        }
    }

    /** {@code acc[ai..] += x[xi..]} over n elements. */
    static void accumulate(MemorySegment x, long xi, MemorySegment acc, long ai, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            store(load(acc, ai + i).add(load(x, xi + i)), acc, ai + i);
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
            acc = acc.add(load(x, xi + i));
        }
        float s = sumLanes(acc);
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
        for (long from = 0; from < n; from += 1024) {
            int len = (int) Math.min(1024, n - from);
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (; i < S.loopBound(len); i += L) {
                acc = load(u, ui + from + i).fma(load(v, vi + from + i), acc);
            }
            double s = sumLanes(acc);
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
            store(load(x, xi + i).fma(av, load(y, yi + i)), y, yi + i);
        }
        for (; i < n; i++) {
            set(y, yi + i, Math.fma(a, get(x, xi + i), get(y, yi + i)));
        }
    }

    /** {@code v * sigmoid(v)} lane by lane. */
    static FloatVector silu(FloatVector v) {
        return v.mul(ONE.div(exp(v.neg()).add(1f)));
    }

    /** {@code y = x * sigmoid(x)} over n elements. */
    static void silu(MemorySegment x, long xi, MemorySegment y, long yi, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            store(silu(load(x, xi + i)), y, yi + i);
        }
        for (; i < n; i++) {
            float v = get(x, xi + i);
            set(y, yi + i, v / (1f + (float) Math.exp(-v)));
        }
    }

    /** {@code dx = dy * sigmoid(x) * (1 + x * (1 - sigmoid(x)))} over n elements. */
    static void siluBackward(MemorySegment dy, long di, MemorySegment x, long xi, MemorySegment dx, long oi, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            FloatVector v = load(x, xi + i);
            FloatVector sig = ONE.div(exp(v.neg()).add(1f));
            FloatVector d = sig.mul(v.mul(sig.neg().add(1f)).add(1f));
            store(load(dy, di + i).mul(d), dx, oi + i);
        }
        for (; i < n; i++) {
            float v = get(x, xi + i);
            float sig = 1f / (1f + (float) Math.exp(-v));
            set(dx, oi + i, get(dy, di + i) * sig * (1f + v * (1f - sig)));
        }
    }
}
