package org.ddss.metrics;

import static org.ddss.bindings.openblas.openblas_h.CblasNoTrans;
import static org.ddss.bindings.openblas.openblas_h.CblasRowMajor;
import static org.ddss.bindings.openblas.openblas_h.CblasTrans;
import static org.ddss.bindings.openblas.openblas_h.LAPACK_ROW_MAJOR;
import static org.ddss.bindings.openblas.openblas_h.LAPACKE_dpotrf;
import static org.ddss.bindings.openblas.openblas_h.LAPACKE_dsyevd;
import static org.ddss.bindings.openblas.openblas_h.cblas_dgemm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ddss.backend.Parallel;
import org.ddss.bindings.openblas.OpenBlasLibrary;
import org.ddss.bindings.openblas.openblas_h;
import org.ejml.data.DMatrixRMaj;

/**
 * The metrics' dense linear algebra on OpenBLAS, on {@link Parallel#THREADS} threads:
 * {@link Fid}'s eigenvalues of {@code S1 S2} (LAPACK's {@code dpotrf} and {@code dsyevd},
 * BLAS's {@code dgemm}: the same route as the Java one) and {@link Kid}'s dot products of feature
 * rows; several times faster than plain Java at the 2048 dimensions of Inception features.
 */
final class Blas {
    private static final System.Logger LOG = System.getLogger(Blas.class.getName());

    private Blas() {}

    private static final class Holder {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            if (!OpenBlasLibrary.isAvailable()) {
                LOG.log(System.Logger.Level.WARNING, "OpenBLAS unavailable (" + OpenBlasLibrary.unavailableReason().orElse("")
                        + "); FID runs on EJML, several times slower at 2048 dimensions");
                return false;
            }
            openblas_h.openblas_set_num_threads(Parallel.THREADS);
            return true;
        }
    }

    /** Whether OpenBLAS loaded (logged once when it did not). */
    static boolean available() {
        return Holder.AVAILABLE;
    }

    /**
     * The eigenvalues of {@code s1 s2} through a Cholesky factor of s2 (else of s1), or null when
     * neither is positive definite.
     */
    static double[] eigenvaluesOfProduct(DMatrixRMaj s1, DMatrixRMaj s2) {
        int d = s1.numRows;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment l = factor(arena, s2), other = l == null ? null : copy(arena, s1);
            if (l == null) {
                l = factor(arena, s1);
                other = copy(arena, s2);
            }
            if (l == null) {
                return null;
            }
            MemorySegment t = arena.allocate(ValueLayout.JAVA_DOUBLE, (long) d * d);
            MemorySegment m = arena.allocate(ValueLayout.JAVA_DOUBLE, (long) d * d);
            cblas_dgemm(CblasRowMajor(), CblasTrans(), CblasNoTrans(), d, d, d, 1.0, l, d, other, d, 0.0, t, d);
            cblas_dgemm(CblasRowMajor(), CblasNoTrans(), CblasNoTrans(), d, d, d, 1.0, t, d, l, d, 0.0, m, d);
            MemorySegment w = arena.allocate(ValueLayout.JAVA_DOUBLE, d);
            // dsyevd reads the lower triangle only, so the product's rounding asymmetry does not matter.
            int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR(), (byte) 'N', (byte) 'L', d, m, d, w);
            if (info != 0) {
                throw new ArithmeticException("LAPACKE_dsyevd of a " + d + "x" + d + " matrix returned " + info);
            }
            return w.toArray(ValueLayout.JAVA_DOUBLE);
        }
    }

    /** {@code a b^T} of row sets {@code a [n][d]} and {@code b [m][d]}, by {@code dgemm}. */
    static double[][] products(double[][] a, double[][] b) {
        int n = a.length, m = b.length, d = a[0].length;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = rows(arena, a), sb = a == b ? sa : rows(arena, b);
            MemorySegment c = arena.allocate(ValueLayout.JAVA_DOUBLE, (long) n * m);
            cblas_dgemm(CblasRowMajor(), CblasNoTrans(), CblasTrans(), n, m, d, 1.0, sa, d, sb, d, 0.0, c, m);
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                out[i] = c.asSlice((long) i * m * Double.BYTES, (long) m * Double.BYTES).toArray(ValueLayout.JAVA_DOUBLE);
            }
            return out;
        }
    }

    private static MemorySegment rows(Arena arena, double[][] a) {
        int d = a[0].length;
        MemorySegment s = arena.allocate(ValueLayout.JAVA_DOUBLE, (long) a.length * d);
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != d) {
                throw new IllegalArgumentException("feature rows of widths " + d + " and " + a[i].length);
            }
            MemorySegment.copy(a[i], 0, s, ValueLayout.JAVA_DOUBLE, (long) i * d * Double.BYTES, d);
        }
        return s;
    }

    /** The lower Cholesky factor (upper triangle zeroed) in native memory, or null when not positive definite. */
    private static MemorySegment factor(Arena arena, DMatrixRMaj s) {
        int d = s.numRows;
        MemorySegment a = copy(arena, s);
        int info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR(), (byte) 'L', d, a, d);
        if (info > 0) {
            return null;
        }
        if (info < 0) {
            throw new IllegalStateException("LAPACKE_dpotrf of a " + d + "x" + d + " matrix: argument " + (-info) + " is invalid");
        }
        for (int i = 0; i < d; i++) {
            a.asSlice(((long) i * d + i + 1) * Double.BYTES, (long) (d - i - 1) * Double.BYTES).fill((byte) 0);
        }
        return a;
    }

    private static MemorySegment copy(Arena arena, DMatrixRMaj s) {
        MemorySegment a = arena.allocate(ValueLayout.JAVA_DOUBLE, (long) s.numRows * s.numCols);
        MemorySegment.copy(s.data, 0, a, ValueLayout.JAVA_DOUBLE, 0, s.numRows * s.numCols);
        return a;
    }
}
