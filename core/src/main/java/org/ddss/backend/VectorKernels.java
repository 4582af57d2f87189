package org.ddss.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise Vector API loops over float runs in native memory: a vector body and a scalar
 * tail each. Offsets and lengths are in elements. The {@code java} backend builds its row-wise
 * operations from these; each has a scalar twin in the test reference.
 */
final class VectorKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private VectorKernels() {}

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
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += get(x, xi + i);
        }
        return s;
    }

    /** {@code y = x * sigmoid(x)} over n elements. */
    static void silu(MemorySegment x, long xi, MemorySegment y, long yi, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            FloatVector v = load(x, xi + i);
            FloatVector sig = ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            store(v.mul(sig), y, yi + i);
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
            FloatVector sig = ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
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
