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
 * {@link Fid}'s eigenvalues of {@code S1 S2} on OpenBLAS (LAPACK's {@code dpotrf} and
 * {@code dsyevd}, BLAS's {@code dgemm}, on {@link Parallel#THREADS} threads): the same route as the
 * Java one, several times faster at the 2048 dimensions of Inception features.
 */
final class NativeFid {
    private static final System.Logger LOG = System.getLogger(NativeFid.class.getName());

    private NativeFid() {}

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
