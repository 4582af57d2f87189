// Hand-maintained in the shape jextract generates (see bindings/README.md); only the symbols
// listed in bindings/openblas-symbols.txt.
package org.ddss.bindings.openblas;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Downcalls and constants of OpenBLAS's CBLAS and LAPACKE interfaces ({@code cblas.h}, {@code lapacke.h}, 0.3.31). */
// Restricted FFM calls are the point of this class; callers need --enable-native-access.
@SuppressWarnings({"unused", "restricted"})
public final class openblas_h {

    private openblas_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // The library is found and loaded by OpenBlasLibrary, at the first downcall.
    static final SymbolLookup SYMBOL_LOOKUP = OpenBlasLibrary.lookup();

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class cblas_dgemm {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(openblas_h.C_INT,
            openblas_h.C_INT,
            openblas_h.C_INT,
            openblas_h.C_INT,
            openblas_h.C_INT,
            openblas_h.C_INT,
            openblas_h.C_DOUBLE,
            openblas_h.C_POINTER,
            openblas_h.C_INT,
            openblas_h.C_POINTER,
            openblas_h.C_INT,
            openblas_h.C_DOUBLE,
            openblas_h.C_POINTER,
            openblas_h.C_INT);

        public static final MemorySegment ADDR = openblas_h.findOrThrow("cblas_dgemm");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void cblas_dgemm(const enum CBLAS_ORDER Order, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_TRANSPOSE TransB, const blasint M, const blasint N, const blasint K, const double alpha, const double *A, const blasint lda, const double *B, const blasint ldb, const double beta, double *C, const blasint ldc); } */
    public static FunctionDescriptor cblas_dgemm$descriptor() {
        return cblas_dgemm.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void cblas_dgemm(const enum CBLAS_ORDER Order, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_TRANSPOSE TransB, const blasint M, const blasint N, const blasint K, const double alpha, const double *A, const blasint lda, const double *B, const blasint ldb, const double beta, double *C, const blasint ldc); } */
    public static MethodHandle cblas_dgemm$handle() {
        return cblas_dgemm.HANDLE;
    }

    /** Address for: {@snippet lang=c : void cblas_dgemm(const enum CBLAS_ORDER Order, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_TRANSPOSE TransB, const blasint M, const blasint N, const blasint K, const double alpha, const double *A, const blasint lda, const double *B, const blasint ldb, const double beta, double *C, const blasint ldc); } */
    public static MemorySegment cblas_dgemm$address() {
        return cblas_dgemm.ADDR;
    }
    /** {@snippet lang=c : void cblas_dgemm(const enum CBLAS_ORDER Order, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_TRANSPOSE TransB, const blasint M, const blasint N, const blasint K, const double alpha, const double *A, const blasint lda, const double *B, const blasint ldb, const double beta, double *C, const blasint ldc); } */
    public static void cblas_dgemm(int Order, int TransA, int TransB, int M, int N, int K, double alpha, MemorySegment A, int lda, MemorySegment B, int ldb, double beta, MemorySegment C, int ldc) {
        var mh$ = cblas_dgemm.HANDLE;
        try {
            mh$.invokeExact(Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class LAPACKE_dpotrf {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(openblas_h.C_INT,
            openblas_h.C_INT,
            openblas_h.C_CHAR,
            openblas_h.C_INT,
            openblas_h.C_POINTER,
            openblas_h.C_INT);

        public static final MemorySegment ADDR = openblas_h.findOrThrow("LAPACKE_dpotrf");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : lapack_int LAPACKE_dpotrf(int matrix_layout, char uplo, lapack_int n, double* a, lapack_int lda); } */
    public static FunctionDescriptor LAPACKE_dpotrf$descriptor() {
        return LAPACKE_dpotrf.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : lapack_int LAPACKE_dpotrf(int matrix_layout, char uplo, lapack_int n, double* a, lapack_int lda); } */
    public static MethodHandle LAPACKE_dpotrf$handle() {
        return LAPACKE_dpotrf.HANDLE;
    }

    /** Address for: {@snippet lang=c : lapack_int LAPACKE_dpotrf(int matrix_layout, char uplo, lapack_int n, double* a, lapack_int lda); } */
    public static MemorySegment LAPACKE_dpotrf$address() {
        return LAPACKE_dpotrf.ADDR;
    }
    /** {@snippet lang=c : lapack_int LAPACKE_dpotrf(int matrix_layout, char uplo, lapack_int n, double* a, lapack_int lda); } */
    public static int LAPACKE_dpotrf(int matrix_layout, byte uplo, int n, MemorySegment a, int lda) {
        var mh$ = LAPACKE_dpotrf.HANDLE;
        try {
            return (int) mh$.invokeExact(matrix_layout, uplo, n, a, lda);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class LAPACKE_dsyevd {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(openblas_h.C_INT,
            openblas_h.C_INT,
            openblas_h.C_CHAR,
            openblas_h.C_CHAR,
            openblas_h.C_INT,
            openblas_h.C_POINTER,
            openblas_h.C_INT,
            openblas_h.C_POINTER);

        public static final MemorySegment ADDR = openblas_h.findOrThrow("LAPACKE_dsyevd");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : lapack_int LAPACKE_dsyevd(int matrix_layout, char jobz, char uplo, lapack_int n, double* a, lapack_int lda, double* w); } */
    public static FunctionDescriptor LAPACKE_dsyevd$descriptor() {
        return LAPACKE_dsyevd.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : lapack_int LAPACKE_dsyevd(int matrix_layout, char jobz, char uplo, lapack_int n, double* a, lapack_int lda, double* w); } */
    public static MethodHandle LAPACKE_dsyevd$handle() {
        return LAPACKE_dsyevd.HANDLE;
    }

    /** Address for: {@snippet lang=c : lapack_int LAPACKE_dsyevd(int matrix_layout, char jobz, char uplo, lapack_int n, double* a, lapack_int lda, double* w); } */
    public static MemorySegment LAPACKE_dsyevd$address() {
        return LAPACKE_dsyevd.ADDR;
    }
    /** {@snippet lang=c : lapack_int LAPACKE_dsyevd(int matrix_layout, char jobz, char uplo, lapack_int n, double* a, lapack_int lda, double* w); } */
    public static int LAPACKE_dsyevd(int matrix_layout, byte jobz, byte uplo, int n, MemorySegment a, int lda, MemorySegment w) {
        var mh$ = LAPACKE_dsyevd.HANDLE;
        try {
            return (int) mh$.invokeExact(matrix_layout, jobz, uplo, n, a, lda, w);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class openblas_set_num_threads {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(openblas_h.C_INT);

        public static final MemorySegment ADDR = openblas_h.findOrThrow("openblas_set_num_threads");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void openblas_set_num_threads(int num_threads); } */
    public static FunctionDescriptor openblas_set_num_threads$descriptor() {
        return openblas_set_num_threads.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void openblas_set_num_threads(int num_threads); } */
    public static MethodHandle openblas_set_num_threads$handle() {
        return openblas_set_num_threads.HANDLE;
    }

    /** Address for: {@snippet lang=c : void openblas_set_num_threads(int num_threads); } */
    public static MemorySegment openblas_set_num_threads$address() {
        return openblas_set_num_threads.ADDR;
    }
    /** {@snippet lang=c : void openblas_set_num_threads(int num_threads); } */
    public static void openblas_set_num_threads(int num_threads) {
        var mh$ = openblas_set_num_threads.HANDLE;
        try {
            mh$.invokeExact(num_threads);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class openblas_get_num_threads {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(openblas_h.C_INT);

        public static final MemorySegment ADDR = openblas_h.findOrThrow("openblas_get_num_threads");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int openblas_get_num_threads(void); } */
    public static FunctionDescriptor openblas_get_num_threads$descriptor() {
        return openblas_get_num_threads.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int openblas_get_num_threads(void); } */
    public static MethodHandle openblas_get_num_threads$handle() {
        return openblas_get_num_threads.HANDLE;
    }

    /** Address for: {@snippet lang=c : int openblas_get_num_threads(void); } */
    public static MemorySegment openblas_get_num_threads$address() {
        return openblas_get_num_threads.ADDR;
    }
    /** {@snippet lang=c : int openblas_get_num_threads(void); } */
    public static int openblas_get_num_threads() {
        var mh$ = openblas_get_num_threads.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class openblas_get_config {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(openblas_h.C_POINTER);

        public static final MemorySegment ADDR = openblas_h.findOrThrow("openblas_get_config");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : char* openblas_get_config(void); } */
    public static FunctionDescriptor openblas_get_config$descriptor() {
        return openblas_get_config.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : char* openblas_get_config(void); } */
    public static MethodHandle openblas_get_config$handle() {
        return openblas_get_config.HANDLE;
    }

    /** Address for: {@snippet lang=c : char* openblas_get_config(void); } */
    public static MemorySegment openblas_get_config$address() {
        return openblas_get_config.ADDR;
    }
    /** {@snippet lang=c : char* openblas_get_config(void); } */
    public static MemorySegment openblas_get_config() {
        var mh$ = openblas_get_config.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int CblasRowMajor = (int) 101L;

    /** {@snippet lang=c : CblasRowMajor = 101 } (enum CBLAS_ORDER) */
    public static int CblasRowMajor() {
        return CblasRowMajor;
    }

    private static final int CblasColMajor = (int) 102L;

    /** {@snippet lang=c : CblasColMajor = 102 } (enum CBLAS_ORDER) */
    public static int CblasColMajor() {
        return CblasColMajor;
    }

    private static final int CblasNoTrans = (int) 111L;

    /** {@snippet lang=c : CblasNoTrans = 111 } (enum CBLAS_TRANSPOSE) */
    public static int CblasNoTrans() {
        return CblasNoTrans;
    }

    private static final int CblasTrans = (int) 112L;

    /** {@snippet lang=c : CblasTrans = 112 } (enum CBLAS_TRANSPOSE) */
    public static int CblasTrans() {
        return CblasTrans;
    }

    private static final int LAPACK_ROW_MAJOR = (int) 101L;

    /** {@snippet lang=c : LAPACK_ROW_MAJOR = 101 } (#define) */
    public static int LAPACK_ROW_MAJOR() {
        return LAPACK_ROW_MAJOR;
    }

    private static final int LAPACK_COL_MAJOR = (int) 102L;

    /** {@snippet lang=c : LAPACK_COL_MAJOR = 102 } (#define) */
    public static int LAPACK_COL_MAJOR() {
        return LAPACK_COL_MAJOR;
    }
}
