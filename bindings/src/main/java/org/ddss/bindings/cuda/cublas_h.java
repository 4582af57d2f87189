// Hand-maintained in the shape jextract generates (see bindings/README.md for the command that
// regenerates it); only the functions listed in bindings/cuda-prototypes.h.
package org.ddss.bindings.cuda;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Downcalls and constants of cuBLAS ({@code cublas_api.h}, the {@code _v2} symbols that {@code cublas_v2.h} maps to). */
// Restricted FFM calls are the point of this class; callers need --enable-native-access.
@SuppressWarnings({"unused", "restricted"})
public final class cublas_h {

    private cublas_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // The library is found and loaded by CudaLibraries, at the first downcall (see bindings/README.md).
    static final SymbolLookup SYMBOL_LOOKUP = CudaLibraries.lookup(CudaLibraries.Library.CUBLAS);

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class cublasCreate_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_INT,
            cublas_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasCreate_v2");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cublasStatus_t cublasCreate_v2(cublasHandle_t *handle); } */
    public static FunctionDescriptor cublasCreate_v2$descriptor() {
        return cublasCreate_v2.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cublasStatus_t cublasCreate_v2(cublasHandle_t *handle); } */
    public static MethodHandle cublasCreate_v2$handle() {
        return cublasCreate_v2.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cublasStatus_t cublasCreate_v2(cublasHandle_t *handle); } */
    public static MemorySegment cublasCreate_v2$address() {
        return cublasCreate_v2.Linked.ADDR;
    }

    /** {@snippet lang=c : cublasStatus_t cublasCreate_v2(cublasHandle_t *handle); } */
    public static int cublasCreate_v2(MemorySegment handle) {
        var mh$ = cublasCreate_v2.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cublasDestroy_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_INT,
            cublas_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasDestroy_v2");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cublasStatus_t cublasDestroy_v2(cublasHandle_t handle); } */
    public static FunctionDescriptor cublasDestroy_v2$descriptor() {
        return cublasDestroy_v2.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cublasStatus_t cublasDestroy_v2(cublasHandle_t handle); } */
    public static MethodHandle cublasDestroy_v2$handle() {
        return cublasDestroy_v2.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cublasStatus_t cublasDestroy_v2(cublasHandle_t handle); } */
    public static MemorySegment cublasDestroy_v2$address() {
        return cublasDestroy_v2.Linked.ADDR;
    }

    /** {@snippet lang=c : cublasStatus_t cublasDestroy_v2(cublasHandle_t handle); } */
    public static int cublasDestroy_v2(MemorySegment handle) {
        var mh$ = cublasDestroy_v2.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cublasSetStream_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasSetStream_v2");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId); } */
    public static FunctionDescriptor cublasSetStream_v2$descriptor() {
        return cublasSetStream_v2.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId); } */
    public static MethodHandle cublasSetStream_v2$handle() {
        return cublasSetStream_v2.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId); } */
    public static MemorySegment cublasSetStream_v2$address() {
        return cublasSetStream_v2.Linked.ADDR;
    }

    /** {@snippet lang=c : cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId); } */
    public static int cublasSetStream_v2(MemorySegment handle, MemorySegment streamId) {
        var mh$ = cublasSetStream_v2.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, streamId);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cublasSetMathMode {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasSetMathMode");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode); } */
    public static FunctionDescriptor cublasSetMathMode$descriptor() {
        return cublasSetMathMode.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode); } */
    public static MethodHandle cublasSetMathMode$handle() {
        return cublasSetMathMode.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode); } */
    public static MemorySegment cublasSetMathMode$address() {
        return cublasSetMathMode.Linked.ADDR;
    }

    /** {@snippet lang=c : cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode); } */
    public static int cublasSetMathMode(MemorySegment handle, int mode) {
        var mh$ = cublasSetMathMode.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, mode);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cublasGetVersion_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasGetVersion_v2");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version); } */
    public static FunctionDescriptor cublasGetVersion_v2$descriptor() {
        return cublasGetVersion_v2.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version); } */
    public static MethodHandle cublasGetVersion_v2$handle() {
        return cublasGetVersion_v2.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version); } */
    public static MemorySegment cublasGetVersion_v2$address() {
        return cublasGetVersion_v2.Linked.ADDR;
    }

    /** {@snippet lang=c : cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version); } */
    public static int cublasGetVersion_v2(MemorySegment handle, MemorySegment version) {
        var mh$ = cublasGetVersion_v2.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, version);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cublasGetStatusString {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_POINTER,
            cublas_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasGetStatusString");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : const char * cublasGetStatusString(cublasStatus_t status); } */
    public static FunctionDescriptor cublasGetStatusString$descriptor() {
        return cublasGetStatusString.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const char * cublasGetStatusString(cublasStatus_t status); } */
    public static MethodHandle cublasGetStatusString$handle() {
        return cublasGetStatusString.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : const char * cublasGetStatusString(cublasStatus_t status); } */
    public static MemorySegment cublasGetStatusString$address() {
        return cublasGetStatusString.Linked.ADDR;
    }

    /** {@snippet lang=c : const char * cublasGetStatusString(cublasStatus_t status); } */
    public static MemorySegment cublasGetStatusString(int status) {
        var mh$ = cublasGetStatusString.Linked.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(status);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cublasSgemm_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_POINTER,
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_POINTER,
            cublas_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasSgemm_v2");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc); } */
    public static FunctionDescriptor cublasSgemm_v2$descriptor() {
        return cublasSgemm_v2.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc); } */
    public static MethodHandle cublasSgemm_v2$handle() {
        return cublasSgemm_v2.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc); } */
    public static MemorySegment cublasSgemm_v2$address() {
        return cublasSgemm_v2.Linked.ADDR;
    }

    /** {@snippet lang=c : cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc); } */
    public static int cublasSgemm_v2(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int lda, MemorySegment B, int ldb, MemorySegment beta, MemorySegment C, int ldc) {
        var mh$ = cublasSgemm_v2.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cublasSgemmStridedBatched {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_INT,
            cublas_h.C_POINTER,
            cublas_h.C_POINTER,
            cublas_h.C_INT,
            cublas_h.C_LONG,
            cublas_h.C_POINTER,
            cublas_h.C_INT,
            cublas_h.C_LONG,
            cublas_h.C_POINTER,
            cublas_h.C_POINTER,
            cublas_h.C_INT,
            cublas_h.C_LONG,
            cublas_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cublas_h.findOrThrow("cublasSgemmStridedBatched");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, long long int strideA, const float *B, int ldb, long long int strideB, const float *beta, float *C, int ldc, long long int strideC, int batchCount); } */
    public static FunctionDescriptor cublasSgemmStridedBatched$descriptor() {
        return cublasSgemmStridedBatched.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, long long int strideA, const float *B, int ldb, long long int strideB, const float *beta, float *C, int ldc, long long int strideC, int batchCount); } */
    public static MethodHandle cublasSgemmStridedBatched$handle() {
        return cublasSgemmStridedBatched.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, long long int strideA, const float *B, int ldb, long long int strideB, const float *beta, float *C, int ldc, long long int strideC, int batchCount); } */
    public static MemorySegment cublasSgemmStridedBatched$address() {
        return cublasSgemmStridedBatched.Linked.ADDR;
    }

    /** {@snippet lang=c : cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, long long int strideA, const float *B, int ldb, long long int strideB, const float *beta, float *C, int ldc, long long int strideC, int batchCount); } */
    public static int cublasSgemmStridedBatched(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int lda, long strideA, MemorySegment B, int ldb, long strideB, MemorySegment beta, MemorySegment C, int ldc, long strideC, int batchCount) {
        var mh$ = cublasSgemmStridedBatched.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, transa, transb, m, n, k, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc, strideC, batchCount);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int CUBLAS_STATUS_SUCCESS = (int) 0L;

    /** {@snippet lang=c : enum CUBLAS_STATUS_SUCCESS = 0 } */
    public static int CUBLAS_STATUS_SUCCESS() {
        return CUBLAS_STATUS_SUCCESS;
    }

    private static final int CUBLAS_OP_N = (int) 0L;

    /** {@snippet lang=c : enum CUBLAS_OP_N = 0 } */
    public static int CUBLAS_OP_N() {
        return CUBLAS_OP_N;
    }

    private static final int CUBLAS_OP_T = (int) 1L;

    /** {@snippet lang=c : enum CUBLAS_OP_T = 1 } */
    public static int CUBLAS_OP_T() {
        return CUBLAS_OP_T;
    }

    private static final int CUBLAS_DEFAULT_MATH = (int) 0L;

    /** {@snippet lang=c : enum CUBLAS_DEFAULT_MATH = 0 } */
    public static int CUBLAS_DEFAULT_MATH() {
        return CUBLAS_DEFAULT_MATH;
    }

    private static final int CUBLAS_PEDANTIC_MATH = (int) 2L;

    /** {@snippet lang=c : enum CUBLAS_PEDANTIC_MATH = 2 } */
    public static int CUBLAS_PEDANTIC_MATH() {
        return CUBLAS_PEDANTIC_MATH;
    }

    private static final int CUBLAS_TF32_TENSOR_OP_MATH = (int) 3L;

    /** {@snippet lang=c : enum CUBLAS_TF32_TENSOR_OP_MATH = 3 } */
    public static int CUBLAS_TF32_TENSOR_OP_MATH() {
        return CUBLAS_TF32_TENSOR_OP_MATH;
    }
}
