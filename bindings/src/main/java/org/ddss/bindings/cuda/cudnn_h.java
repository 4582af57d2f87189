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

/** Downcalls and constants of cuDNN 9 ({@code cudnn_graph.h}, {@code cudnn_ops.h}, {@code cudnn_cnn.h}; the legacy API, deprecated but exported). */
// Restricted FFM calls are the point of this class; callers need --enable-native-access.
@SuppressWarnings({"unused", "restricted"})
public final class cudnn_h {

    private cudnn_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // The library is found and loaded by CudaLibraries, at the first downcall (see bindings/README.md).
    static final SymbolLookup SYMBOL_LOOKUP = CudaLibraries.lookup(CudaLibraries.Library.CUDNN);

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class cudnnGetVersion {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_LONG);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetVersion");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : size_t cudnnGetVersion(void); } */
    public static FunctionDescriptor cudnnGetVersion$descriptor() {
        return cudnnGetVersion.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : size_t cudnnGetVersion(void); } */
    public static MethodHandle cudnnGetVersion$handle() {
        return cudnnGetVersion.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : size_t cudnnGetVersion(void); } */
    public static MemorySegment cudnnGetVersion$address() {
        return cudnnGetVersion.Linked.ADDR;
    }

    /** {@snippet lang=c : size_t cudnnGetVersion(void); } */
    public static long cudnnGetVersion() {
        var mh$ = cudnnGetVersion.Linked.HANDLE;
        try {
            return (long) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetErrorString {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_POINTER,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetErrorString");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : const char * cudnnGetErrorString(cudnnStatus_t status); } */
    public static FunctionDescriptor cudnnGetErrorString$descriptor() {
        return cudnnGetErrorString.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const char * cudnnGetErrorString(cudnnStatus_t status); } */
    public static MethodHandle cudnnGetErrorString$handle() {
        return cudnnGetErrorString.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : const char * cudnnGetErrorString(cudnnStatus_t status); } */
    public static MemorySegment cudnnGetErrorString$address() {
        return cudnnGetErrorString.Linked.ADDR;
    }

    /** {@snippet lang=c : const char * cudnnGetErrorString(cudnnStatus_t status); } */
    public static MemorySegment cudnnGetErrorString(int status) {
        var mh$ = cudnnGetErrorString.Linked.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(status);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreate {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreate");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreate(cudnnHandle_t *handle); } */
    public static FunctionDescriptor cudnnCreate$descriptor() {
        return cudnnCreate.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreate(cudnnHandle_t *handle); } */
    public static MethodHandle cudnnCreate$handle() {
        return cudnnCreate.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreate(cudnnHandle_t *handle); } */
    public static MemorySegment cudnnCreate$address() {
        return cudnnCreate.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreate(cudnnHandle_t *handle); } */
    public static int cudnnCreate(MemorySegment handle) {
        var mh$ = cudnnCreate.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroy");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroy(cudnnHandle_t handle); } */
    public static FunctionDescriptor cudnnDestroy$descriptor() {
        return cudnnDestroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroy(cudnnHandle_t handle); } */
    public static MethodHandle cudnnDestroy$handle() {
        return cudnnDestroy.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroy(cudnnHandle_t handle); } */
    public static MemorySegment cudnnDestroy$address() {
        return cudnnDestroy.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroy(cudnnHandle_t handle); } */
    public static int cudnnDestroy(MemorySegment handle) {
        var mh$ = cudnnDestroy.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetStream {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetStream");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId); } */
    public static FunctionDescriptor cudnnSetStream$descriptor() {
        return cudnnSetStream.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId); } */
    public static MethodHandle cudnnSetStream$handle() {
        return cudnnSetStream.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId); } */
    public static MemorySegment cudnnSetStream$address() {
        return cudnnSetStream.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId); } */
    public static int cudnnSetStream(MemorySegment handle, MemorySegment streamId) {
        var mh$ = cudnnSetStream.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, streamId);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreateTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreateTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc); } */
    public static FunctionDescriptor cudnnCreateTensorDescriptor$descriptor() {
        return cudnnCreateTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc); } */
    public static MethodHandle cudnnCreateTensorDescriptor$handle() {
        return cudnnCreateTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc); } */
    public static MemorySegment cudnnCreateTensorDescriptor$address() {
        return cudnnCreateTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc); } */
    public static int cudnnCreateTensorDescriptor(MemorySegment tensorDesc) {
        var mh$ = cudnnCreateTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(tensorDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroyTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroyTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc); } */
    public static FunctionDescriptor cudnnDestroyTensorDescriptor$descriptor() {
        return cudnnDestroyTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc); } */
    public static MethodHandle cudnnDestroyTensorDescriptor$handle() {
        return cudnnDestroyTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc); } */
    public static MemorySegment cudnnDestroyTensorDescriptor$address() {
        return cudnnDestroyTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc); } */
    public static int cudnnDestroyTensorDescriptor(MemorySegment tensorDesc) {
        var mh$ = cudnnDestroyTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(tensorDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetTensor4dDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetTensor4dDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w); } */
    public static FunctionDescriptor cudnnSetTensor4dDescriptor$descriptor() {
        return cudnnSetTensor4dDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w); } */
    public static MethodHandle cudnnSetTensor4dDescriptor$handle() {
        return cudnnSetTensor4dDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w); } */
    public static MemorySegment cudnnSetTensor4dDescriptor$address() {
        return cudnnSetTensor4dDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w); } */
    public static int cudnnSetTensor4dDescriptor(MemorySegment tensorDesc, int format, int dataType, int n, int c, int h, int w) {
        var mh$ = cudnnSetTensor4dDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(tensorDesc, format, dataType, n, c, h, w);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetTensor4dDescriptorEx {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetTensor4dDescriptorEx");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptorEx(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride); } */
    public static FunctionDescriptor cudnnSetTensor4dDescriptorEx$descriptor() {
        return cudnnSetTensor4dDescriptorEx.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptorEx(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride); } */
    public static MethodHandle cudnnSetTensor4dDescriptorEx$handle() {
        return cudnnSetTensor4dDescriptorEx.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptorEx(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride); } */
    public static MemorySegment cudnnSetTensor4dDescriptorEx$address() {
        return cudnnSetTensor4dDescriptorEx.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetTensor4dDescriptorEx(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride); } */
    public static int cudnnSetTensor4dDescriptorEx(MemorySegment tensorDesc, int dataType, int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride) {
        var mh$ = cudnnSetTensor4dDescriptorEx.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(tensorDesc, dataType, n, c, h, w, nStride, cStride, hStride, wStride);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetTensorNdDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetTensorNdDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetTensorNdDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int nbDims, const int *dimA, const int *strideA); } */
    public static FunctionDescriptor cudnnSetTensorNdDescriptor$descriptor() {
        return cudnnSetTensorNdDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetTensorNdDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int nbDims, const int *dimA, const int *strideA); } */
    public static MethodHandle cudnnSetTensorNdDescriptor$handle() {
        return cudnnSetTensorNdDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetTensorNdDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int nbDims, const int *dimA, const int *strideA); } */
    public static MemorySegment cudnnSetTensorNdDescriptor$address() {
        return cudnnSetTensorNdDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetTensorNdDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType, int nbDims, const int *dimA, const int *strideA); } */
    public static int cudnnSetTensorNdDescriptor(MemorySegment tensorDesc, int dataType, int nbDims, MemorySegment dimA, MemorySegment strideA) {
        var mh$ = cudnnSetTensorNdDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(tensorDesc, dataType, nbDims, dimA, strideA);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreateFilterDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreateFilterDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc); } */
    public static FunctionDescriptor cudnnCreateFilterDescriptor$descriptor() {
        return cudnnCreateFilterDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc); } */
    public static MethodHandle cudnnCreateFilterDescriptor$handle() {
        return cudnnCreateFilterDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc); } */
    public static MemorySegment cudnnCreateFilterDescriptor$address() {
        return cudnnCreateFilterDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc); } */
    public static int cudnnCreateFilterDescriptor(MemorySegment filterDesc) {
        var mh$ = cudnnCreateFilterDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(filterDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroyFilterDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroyFilterDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc); } */
    public static FunctionDescriptor cudnnDestroyFilterDescriptor$descriptor() {
        return cudnnDestroyFilterDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc); } */
    public static MethodHandle cudnnDestroyFilterDescriptor$handle() {
        return cudnnDestroyFilterDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc); } */
    public static MemorySegment cudnnDestroyFilterDescriptor$address() {
        return cudnnDestroyFilterDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc); } */
    public static int cudnnDestroyFilterDescriptor(MemorySegment filterDesc) {
        var mh$ = cudnnDestroyFilterDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(filterDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetFilter4dDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetFilter4dDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w); } */
    public static FunctionDescriptor cudnnSetFilter4dDescriptor$descriptor() {
        return cudnnSetFilter4dDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w); } */
    public static MethodHandle cudnnSetFilter4dDescriptor$handle() {
        return cudnnSetFilter4dDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w); } */
    public static MemorySegment cudnnSetFilter4dDescriptor$address() {
        return cudnnSetFilter4dDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w); } */
    public static int cudnnSetFilter4dDescriptor(MemorySegment filterDesc, int dataType, int format, int k, int c, int h, int w) {
        var mh$ = cudnnSetFilter4dDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(filterDesc, dataType, format, k, c, h, w);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreateConvolutionDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreateConvolutionDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc); } */
    public static FunctionDescriptor cudnnCreateConvolutionDescriptor$descriptor() {
        return cudnnCreateConvolutionDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc); } */
    public static MethodHandle cudnnCreateConvolutionDescriptor$handle() {
        return cudnnCreateConvolutionDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc); } */
    public static MemorySegment cudnnCreateConvolutionDescriptor$address() {
        return cudnnCreateConvolutionDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc); } */
    public static int cudnnCreateConvolutionDescriptor(MemorySegment convDesc) {
        var mh$ = cudnnCreateConvolutionDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(convDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroyConvolutionDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroyConvolutionDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc); } */
    public static FunctionDescriptor cudnnDestroyConvolutionDescriptor$descriptor() {
        return cudnnDestroyConvolutionDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc); } */
    public static MethodHandle cudnnDestroyConvolutionDescriptor$handle() {
        return cudnnDestroyConvolutionDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc); } */
    public static MemorySegment cudnnDestroyConvolutionDescriptor$address() {
        return cudnnDestroyConvolutionDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc); } */
    public static int cudnnDestroyConvolutionDescriptor(MemorySegment convDesc) {
        var mh$ = cudnnDestroyConvolutionDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(convDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetConvolution2dDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetConvolution2dDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType); } */
    public static FunctionDescriptor cudnnSetConvolution2dDescriptor$descriptor() {
        return cudnnSetConvolution2dDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType); } */
    public static MethodHandle cudnnSetConvolution2dDescriptor$handle() {
        return cudnnSetConvolution2dDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType); } */
    public static MemorySegment cudnnSetConvolution2dDescriptor$address() {
        return cudnnSetConvolution2dDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType); } */
    public static int cudnnSetConvolution2dDescriptor(MemorySegment convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, int mode, int computeType) {
        var mh$ = cudnnSetConvolution2dDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(convDesc, pad_h, pad_w, u, v, dilation_h, dilation_w, mode, computeType);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetConvolutionMathType {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetConvolutionMathType");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType); } */
    public static FunctionDescriptor cudnnSetConvolutionMathType$descriptor() {
        return cudnnSetConvolutionMathType.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType); } */
    public static MethodHandle cudnnSetConvolutionMathType$handle() {
        return cudnnSetConvolutionMathType.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType); } */
    public static MemorySegment cudnnSetConvolutionMathType$address() {
        return cudnnSetConvolutionMathType.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType); } */
    public static int cudnnSetConvolutionMathType(MemorySegment convDesc, int mathType) {
        var mh$ = cudnnSetConvolutionMathType.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(convDesc, mathType);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetConvolutionForwardAlgorithm_v7 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetConvolutionForwardAlgorithm_v7");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnFilterDescriptor_t filterDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t destDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults); } */
    public static FunctionDescriptor cudnnGetConvolutionForwardAlgorithm_v7$descriptor() {
        return cudnnGetConvolutionForwardAlgorithm_v7.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnFilterDescriptor_t filterDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t destDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults); } */
    public static MethodHandle cudnnGetConvolutionForwardAlgorithm_v7$handle() {
        return cudnnGetConvolutionForwardAlgorithm_v7.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnFilterDescriptor_t filterDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t destDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults); } */
    public static MemorySegment cudnnGetConvolutionForwardAlgorithm_v7$address() {
        return cudnnGetConvolutionForwardAlgorithm_v7.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnFilterDescriptor_t filterDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t destDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults); } */
    public static int cudnnGetConvolutionForwardAlgorithm_v7(MemorySegment handle, MemorySegment srcDesc, MemorySegment filterDesc, MemorySegment convDesc, MemorySegment destDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        var mh$ = cudnnGetConvolutionForwardAlgorithm_v7.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, srcDesc, filterDesc, convDesc, destDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetConvolutionBackwardDataAlgorithm_v7 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetConvolutionBackwardDataAlgorithm_v7");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnnHandle_t handle, const cudnnFilterDescriptor_t filterDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults); } */
    public static FunctionDescriptor cudnnGetConvolutionBackwardDataAlgorithm_v7$descriptor() {
        return cudnnGetConvolutionBackwardDataAlgorithm_v7.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnnHandle_t handle, const cudnnFilterDescriptor_t filterDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults); } */
    public static MethodHandle cudnnGetConvolutionBackwardDataAlgorithm_v7$handle() {
        return cudnnGetConvolutionBackwardDataAlgorithm_v7.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnnHandle_t handle, const cudnnFilterDescriptor_t filterDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults); } */
    public static MemorySegment cudnnGetConvolutionBackwardDataAlgorithm_v7$address() {
        return cudnnGetConvolutionBackwardDataAlgorithm_v7.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnnHandle_t handle, const cudnnFilterDescriptor_t filterDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults); } */
    public static int cudnnGetConvolutionBackwardDataAlgorithm_v7(MemorySegment handle, MemorySegment filterDesc, MemorySegment diffDesc, MemorySegment convDesc, MemorySegment gradDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        var mh$ = cudnnGetConvolutionBackwardDataAlgorithm_v7.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, filterDesc, diffDesc, convDesc, gradDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetConvolutionBackwardFilterAlgorithm_v7 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetConvolutionBackwardFilterAlgorithm_v7");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults); } */
    public static FunctionDescriptor cudnnGetConvolutionBackwardFilterAlgorithm_v7$descriptor() {
        return cudnnGetConvolutionBackwardFilterAlgorithm_v7.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults); } */
    public static MethodHandle cudnnGetConvolutionBackwardFilterAlgorithm_v7$handle() {
        return cudnnGetConvolutionBackwardFilterAlgorithm_v7.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults); } */
    public static MemorySegment cudnnGetConvolutionBackwardFilterAlgorithm_v7$address() {
        return cudnnGetConvolutionBackwardFilterAlgorithm_v7.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc, const cudnnTensorDescriptor_t diffDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults); } */
    public static int cudnnGetConvolutionBackwardFilterAlgorithm_v7(MemorySegment handle, MemorySegment srcDesc, MemorySegment diffDesc, MemorySegment convDesc, MemorySegment gradDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        var mh$ = cudnnGetConvolutionBackwardFilterAlgorithm_v7.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, srcDesc, diffDesc, convDesc, gradDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetConvolutionForwardWorkspaceSize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetConvolutionForwardWorkspaceSize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes); } */
    public static FunctionDescriptor cudnnGetConvolutionForwardWorkspaceSize$descriptor() {
        return cudnnGetConvolutionForwardWorkspaceSize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes); } */
    public static MethodHandle cudnnGetConvolutionForwardWorkspaceSize$handle() {
        return cudnnGetConvolutionForwardWorkspaceSize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes); } */
    public static MemorySegment cudnnGetConvolutionForwardWorkspaceSize$address() {
        return cudnnGetConvolutionForwardWorkspaceSize.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes); } */
    public static int cudnnGetConvolutionForwardWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment wDesc, MemorySegment convDesc, MemorySegment yDesc, int algo, MemorySegment sizeInBytes) {
        var mh$ = cudnnGetConvolutionForwardWorkspaceSize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, xDesc, wDesc, convDesc, yDesc, algo, sizeInBytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetConvolutionBackwardDataWorkspaceSize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetConvolutionBackwardDataWorkspaceSize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes); } */
    public static FunctionDescriptor cudnnGetConvolutionBackwardDataWorkspaceSize$descriptor() {
        return cudnnGetConvolutionBackwardDataWorkspaceSize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes); } */
    public static MethodHandle cudnnGetConvolutionBackwardDataWorkspaceSize$handle() {
        return cudnnGetConvolutionBackwardDataWorkspaceSize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes); } */
    public static MemorySegment cudnnGetConvolutionBackwardDataWorkspaceSize$address() {
        return cudnnGetConvolutionBackwardDataWorkspaceSize.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes); } */
    public static int cudnnGetConvolutionBackwardDataWorkspaceSize(MemorySegment handle, MemorySegment wDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment dxDesc, int algo, MemorySegment sizeInBytes) {
        var mh$ = cudnnGetConvolutionBackwardDataWorkspaceSize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, wDesc, dyDesc, convDesc, dxDesc, algo, sizeInBytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetConvolutionBackwardFilterWorkspaceSize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetConvolutionBackwardFilterWorkspaceSize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes); } */
    public static FunctionDescriptor cudnnGetConvolutionBackwardFilterWorkspaceSize$descriptor() {
        return cudnnGetConvolutionBackwardFilterWorkspaceSize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes); } */
    public static MethodHandle cudnnGetConvolutionBackwardFilterWorkspaceSize$handle() {
        return cudnnGetConvolutionBackwardFilterWorkspaceSize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes); } */
    public static MemorySegment cudnnGetConvolutionBackwardFilterWorkspaceSize$address() {
        return cudnnGetConvolutionBackwardFilterWorkspaceSize.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes); } */
    public static int cudnnGetConvolutionBackwardFilterWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment gradDesc, int algo, MemorySegment sizeInBytes) {
        var mh$ = cudnnGetConvolutionBackwardFilterWorkspaceSize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, xDesc, dyDesc, convDesc, gradDesc, algo, sizeInBytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnConvolutionForward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_LONG,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnConvolutionForward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static FunctionDescriptor cudnnConvolutionForward$descriptor() {
        return cudnnConvolutionForward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MethodHandle cudnnConvolutionForward$handle() {
        return cudnnConvolutionForward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MemorySegment cudnnConvolutionForward$address() {
        return cudnnConvolutionForward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static int cudnnConvolutionForward(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment wDesc, MemorySegment w, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        var mh$ = cudnnConvolutionForward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, alpha, xDesc, x, wDesc, w, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, yDesc, y);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnConvolutionBackwardData {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_LONG,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnConvolutionBackwardData");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static FunctionDescriptor cudnnConvolutionBackwardData$descriptor() {
        return cudnnConvolutionBackwardData.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MethodHandle cudnnConvolutionBackwardData$handle() {
        return cudnnConvolutionBackwardData.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MemorySegment cudnnConvolutionBackwardData$address() {
        return cudnnConvolutionBackwardData.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static int cudnnConvolutionBackwardData(MemorySegment handle, MemorySegment alpha, MemorySegment wDesc, MemorySegment w, MemorySegment dyDesc, MemorySegment dy, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment dxDesc, MemorySegment dx) {
        var mh$ = cudnnConvolutionBackwardData.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, alpha, wDesc, w, dyDesc, dy, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, dxDesc, dx);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnConvolutionBackwardFilter {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_LONG,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnConvolutionBackwardFilter");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw); } */
    public static FunctionDescriptor cudnnConvolutionBackwardFilter$descriptor() {
        return cudnnConvolutionBackwardFilter.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw); } */
    public static MethodHandle cudnnConvolutionBackwardFilter$handle() {
        return cudnnConvolutionBackwardFilter.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw); } */
    public static MemorySegment cudnnConvolutionBackwardFilter$address() {
        return cudnnConvolutionBackwardFilter.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw); } */
    public static int cudnnConvolutionBackwardFilter(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment dyDesc, MemorySegment dy, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment dwDesc, MemorySegment dw) {
        var mh$ = cudnnConvolutionBackwardFilter.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, alpha, xDesc, x, dyDesc, dy, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, dwDesc, dw);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnConvolutionBackwardBias {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnConvolutionBackwardBias");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardBias(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dbDesc, void *db); } */
    public static FunctionDescriptor cudnnConvolutionBackwardBias$descriptor() {
        return cudnnConvolutionBackwardBias.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardBias(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dbDesc, void *db); } */
    public static MethodHandle cudnnConvolutionBackwardBias$handle() {
        return cudnnConvolutionBackwardBias.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardBias(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dbDesc, void *db); } */
    public static MemorySegment cudnnConvolutionBackwardBias$address() {
        return cudnnConvolutionBackwardBias.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnConvolutionBackwardBias(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dbDesc, void *db); } */
    public static int cudnnConvolutionBackwardBias(MemorySegment handle, MemorySegment alpha, MemorySegment dyDesc, MemorySegment dy, MemorySegment beta, MemorySegment dbDesc, MemorySegment db) {
        var mh$ = cudnnConvolutionBackwardBias.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, alpha, dyDesc, dy, beta, dbDesc, db);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreateActivationDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreateActivationDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreateActivationDescriptor(cudnnActivationDescriptor_t *activationDesc); } */
    public static FunctionDescriptor cudnnCreateActivationDescriptor$descriptor() {
        return cudnnCreateActivationDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreateActivationDescriptor(cudnnActivationDescriptor_t *activationDesc); } */
    public static MethodHandle cudnnCreateActivationDescriptor$handle() {
        return cudnnCreateActivationDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreateActivationDescriptor(cudnnActivationDescriptor_t *activationDesc); } */
    public static MemorySegment cudnnCreateActivationDescriptor$address() {
        return cudnnCreateActivationDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreateActivationDescriptor(cudnnActivationDescriptor_t *activationDesc); } */
    public static int cudnnCreateActivationDescriptor(MemorySegment activationDesc) {
        var mh$ = cudnnCreateActivationDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(activationDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroyActivationDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroyActivationDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroyActivationDescriptor(cudnnActivationDescriptor_t activationDesc); } */
    public static FunctionDescriptor cudnnDestroyActivationDescriptor$descriptor() {
        return cudnnDestroyActivationDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroyActivationDescriptor(cudnnActivationDescriptor_t activationDesc); } */
    public static MethodHandle cudnnDestroyActivationDescriptor$handle() {
        return cudnnDestroyActivationDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroyActivationDescriptor(cudnnActivationDescriptor_t activationDesc); } */
    public static MemorySegment cudnnDestroyActivationDescriptor$address() {
        return cudnnDestroyActivationDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroyActivationDescriptor(cudnnActivationDescriptor_t activationDesc); } */
    public static int cudnnDestroyActivationDescriptor(MemorySegment activationDesc) {
        var mh$ = cudnnDestroyActivationDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(activationDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetActivationDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_DOUBLE);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetActivationDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptor(cudnnActivationDescriptor_t activationDesc, cudnnActivationMode_t mode, cudnnNanPropagation_t reluNanOpt, double coef); } */
    public static FunctionDescriptor cudnnSetActivationDescriptor$descriptor() {
        return cudnnSetActivationDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptor(cudnnActivationDescriptor_t activationDesc, cudnnActivationMode_t mode, cudnnNanPropagation_t reluNanOpt, double coef); } */
    public static MethodHandle cudnnSetActivationDescriptor$handle() {
        return cudnnSetActivationDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptor(cudnnActivationDescriptor_t activationDesc, cudnnActivationMode_t mode, cudnnNanPropagation_t reluNanOpt, double coef); } */
    public static MemorySegment cudnnSetActivationDescriptor$address() {
        return cudnnSetActivationDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptor(cudnnActivationDescriptor_t activationDesc, cudnnActivationMode_t mode, cudnnNanPropagation_t reluNanOpt, double coef); } */
    public static int cudnnSetActivationDescriptor(MemorySegment activationDesc, int mode, int reluNanOpt, double coef) {
        var mh$ = cudnnSetActivationDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(activationDesc, mode, reluNanOpt, coef);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetActivationDescriptorSwishBeta {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_DOUBLE);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetActivationDescriptorSwishBeta");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptorSwishBeta(cudnnActivationDescriptor_t activationDesc, double swish_beta); } */
    public static FunctionDescriptor cudnnSetActivationDescriptorSwishBeta$descriptor() {
        return cudnnSetActivationDescriptorSwishBeta.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptorSwishBeta(cudnnActivationDescriptor_t activationDesc, double swish_beta); } */
    public static MethodHandle cudnnSetActivationDescriptorSwishBeta$handle() {
        return cudnnSetActivationDescriptorSwishBeta.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptorSwishBeta(cudnnActivationDescriptor_t activationDesc, double swish_beta); } */
    public static MemorySegment cudnnSetActivationDescriptorSwishBeta$address() {
        return cudnnSetActivationDescriptorSwishBeta.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetActivationDescriptorSwishBeta(cudnnActivationDescriptor_t activationDesc, double swish_beta); } */
    public static int cudnnSetActivationDescriptorSwishBeta(MemorySegment activationDesc, double swish_beta) {
        var mh$ = cudnnSetActivationDescriptorSwishBeta.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(activationDesc, swish_beta);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnActivationForward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnActivationForward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnActivationForward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static FunctionDescriptor cudnnActivationForward$descriptor() {
        return cudnnActivationForward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnActivationForward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MethodHandle cudnnActivationForward$handle() {
        return cudnnActivationForward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnActivationForward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MemorySegment cudnnActivationForward$address() {
        return cudnnActivationForward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnActivationForward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static int cudnnActivationForward(MemorySegment handle, MemorySegment activationDesc, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        var mh$ = cudnnActivationForward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, activationDesc, alpha, xDesc, x, beta, yDesc, y);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnActivationBackward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnActivationBackward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnActivationBackward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static FunctionDescriptor cudnnActivationBackward$descriptor() {
        return cudnnActivationBackward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnActivationBackward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MethodHandle cudnnActivationBackward$handle() {
        return cudnnActivationBackward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnActivationBackward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MemorySegment cudnnActivationBackward$address() {
        return cudnnActivationBackward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnActivationBackward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static int cudnnActivationBackward(MemorySegment handle, MemorySegment activationDesc, MemorySegment alpha, MemorySegment yDesc, MemorySegment y, MemorySegment dyDesc, MemorySegment dy, MemorySegment xDesc, MemorySegment x, MemorySegment beta, MemorySegment dxDesc, MemorySegment dx) {
        var mh$ = cudnnActivationBackward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, activationDesc, alpha, yDesc, y, dyDesc, dy, xDesc, x, beta, dxDesc, dx);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSoftmaxForward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSoftmaxForward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSoftmaxForward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static FunctionDescriptor cudnnSoftmaxForward$descriptor() {
        return cudnnSoftmaxForward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSoftmaxForward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MethodHandle cudnnSoftmaxForward$handle() {
        return cudnnSoftmaxForward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSoftmaxForward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MemorySegment cudnnSoftmaxForward$address() {
        return cudnnSoftmaxForward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSoftmaxForward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static int cudnnSoftmaxForward(MemorySegment handle, int algo, int mode, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        var mh$ = cudnnSoftmaxForward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, algo, mode, alpha, xDesc, x, beta, yDesc, y);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSoftmaxBackward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSoftmaxBackward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSoftmaxBackward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static FunctionDescriptor cudnnSoftmaxBackward$descriptor() {
        return cudnnSoftmaxBackward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSoftmaxBackward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MethodHandle cudnnSoftmaxBackward$handle() {
        return cudnnSoftmaxBackward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSoftmaxBackward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MemorySegment cudnnSoftmaxBackward$address() {
        return cudnnSoftmaxBackward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSoftmaxBackward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo, cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static int cudnnSoftmaxBackward(MemorySegment handle, int algo, int mode, MemorySegment alpha, MemorySegment yDesc, MemorySegment y, MemorySegment dyDesc, MemorySegment dy, MemorySegment beta, MemorySegment dxDesc, MemorySegment dx) {
        var mh$ = cudnnSoftmaxBackward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, algo, mode, alpha, yDesc, y, dyDesc, dy, beta, dxDesc, dx);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreateOpTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreateOpTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreateOpTensorDescriptor(cudnnOpTensorDescriptor_t *opTensorDesc); } */
    public static FunctionDescriptor cudnnCreateOpTensorDescriptor$descriptor() {
        return cudnnCreateOpTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreateOpTensorDescriptor(cudnnOpTensorDescriptor_t *opTensorDesc); } */
    public static MethodHandle cudnnCreateOpTensorDescriptor$handle() {
        return cudnnCreateOpTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreateOpTensorDescriptor(cudnnOpTensorDescriptor_t *opTensorDesc); } */
    public static MemorySegment cudnnCreateOpTensorDescriptor$address() {
        return cudnnCreateOpTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreateOpTensorDescriptor(cudnnOpTensorDescriptor_t *opTensorDesc); } */
    public static int cudnnCreateOpTensorDescriptor(MemorySegment opTensorDesc) {
        var mh$ = cudnnCreateOpTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(opTensorDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroyOpTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroyOpTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroyOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc); } */
    public static FunctionDescriptor cudnnDestroyOpTensorDescriptor$descriptor() {
        return cudnnDestroyOpTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroyOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc); } */
    public static MethodHandle cudnnDestroyOpTensorDescriptor$handle() {
        return cudnnDestroyOpTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroyOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc); } */
    public static MemorySegment cudnnDestroyOpTensorDescriptor$address() {
        return cudnnDestroyOpTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroyOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc); } */
    public static int cudnnDestroyOpTensorDescriptor(MemorySegment opTensorDesc) {
        var mh$ = cudnnDestroyOpTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(opTensorDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetOpTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetOpTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc, cudnnOpTensorOp_t opTensorOp, cudnnDataType_t opTensorCompType, cudnnNanPropagation_t opTensorNanOpt); } */
    public static FunctionDescriptor cudnnSetOpTensorDescriptor$descriptor() {
        return cudnnSetOpTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc, cudnnOpTensorOp_t opTensorOp, cudnnDataType_t opTensorCompType, cudnnNanPropagation_t opTensorNanOpt); } */
    public static MethodHandle cudnnSetOpTensorDescriptor$handle() {
        return cudnnSetOpTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc, cudnnOpTensorOp_t opTensorOp, cudnnDataType_t opTensorCompType, cudnnNanPropagation_t opTensorNanOpt); } */
    public static MemorySegment cudnnSetOpTensorDescriptor$address() {
        return cudnnSetOpTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc, cudnnOpTensorOp_t opTensorOp, cudnnDataType_t opTensorCompType, cudnnNanPropagation_t opTensorNanOpt); } */
    public static int cudnnSetOpTensorDescriptor(MemorySegment opTensorDesc, int opTensorOp, int opTensorCompType, int opTensorNanOpt) {
        var mh$ = cudnnSetOpTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(opTensorDesc, opTensorOp, opTensorCompType, opTensorNanOpt);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnOpTensor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnOpTensor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnOpTensor(cudnnHandle_t handle, const cudnnOpTensorDescriptor_t opTensorDesc, const void *alpha1, const cudnnTensorDescriptor_t aDesc, const void *A, const void *alpha2, const cudnnTensorDescriptor_t bDesc, const void *B, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static FunctionDescriptor cudnnOpTensor$descriptor() {
        return cudnnOpTensor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnOpTensor(cudnnHandle_t handle, const cudnnOpTensorDescriptor_t opTensorDesc, const void *alpha1, const cudnnTensorDescriptor_t aDesc, const void *A, const void *alpha2, const cudnnTensorDescriptor_t bDesc, const void *B, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static MethodHandle cudnnOpTensor$handle() {
        return cudnnOpTensor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnOpTensor(cudnnHandle_t handle, const cudnnOpTensorDescriptor_t opTensorDesc, const void *alpha1, const cudnnTensorDescriptor_t aDesc, const void *A, const void *alpha2, const cudnnTensorDescriptor_t bDesc, const void *B, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static MemorySegment cudnnOpTensor$address() {
        return cudnnOpTensor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnOpTensor(cudnnHandle_t handle, const cudnnOpTensorDescriptor_t opTensorDesc, const void *alpha1, const cudnnTensorDescriptor_t aDesc, const void *A, const void *alpha2, const cudnnTensorDescriptor_t bDesc, const void *B, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static int cudnnOpTensor(MemorySegment handle, MemorySegment opTensorDesc, MemorySegment alpha1, MemorySegment aDesc, MemorySegment A, MemorySegment alpha2, MemorySegment bDesc, MemorySegment B, MemorySegment beta, MemorySegment cDesc, MemorySegment C) {
        var mh$ = cudnnOpTensor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, opTensorDesc, alpha1, aDesc, A, alpha2, bDesc, B, beta, cDesc, C);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnAddTensor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnAddTensor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnAddTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static FunctionDescriptor cudnnAddTensor$descriptor() {
        return cudnnAddTensor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnAddTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static MethodHandle cudnnAddTensor$handle() {
        return cudnnAddTensor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnAddTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static MemorySegment cudnnAddTensor$address() {
        return cudnnAddTensor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnAddTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static int cudnnAddTensor(MemorySegment handle, MemorySegment alpha, MemorySegment aDesc, MemorySegment A, MemorySegment beta, MemorySegment cDesc, MemorySegment C) {
        var mh$ = cudnnAddTensor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, alpha, aDesc, A, beta, cDesc, C);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnScaleTensor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnScaleTensor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnScaleTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *alpha); } */
    public static FunctionDescriptor cudnnScaleTensor$descriptor() {
        return cudnnScaleTensor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnScaleTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *alpha); } */
    public static MethodHandle cudnnScaleTensor$handle() {
        return cudnnScaleTensor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnScaleTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *alpha); } */
    public static MemorySegment cudnnScaleTensor$address() {
        return cudnnScaleTensor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnScaleTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *alpha); } */
    public static int cudnnScaleTensor(MemorySegment handle, MemorySegment yDesc, MemorySegment y, MemorySegment alpha) {
        var mh$ = cudnnScaleTensor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, yDesc, y, alpha);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetTensor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetTensor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *valuePtr); } */
    public static FunctionDescriptor cudnnSetTensor$descriptor() {
        return cudnnSetTensor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *valuePtr); } */
    public static MethodHandle cudnnSetTensor$handle() {
        return cudnnSetTensor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *valuePtr); } */
    public static MemorySegment cudnnSetTensor$address() {
        return cudnnSetTensor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y, const void *valuePtr); } */
    public static int cudnnSetTensor(MemorySegment handle, MemorySegment yDesc, MemorySegment y, MemorySegment valuePtr) {
        var mh$ = cudnnSetTensor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, yDesc, y, valuePtr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnTransformTensor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnTransformTensor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnTransformTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static FunctionDescriptor cudnnTransformTensor$descriptor() {
        return cudnnTransformTensor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnTransformTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MethodHandle cudnnTransformTensor$handle() {
        return cudnnTransformTensor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnTransformTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MemorySegment cudnnTransformTensor$address() {
        return cudnnTransformTensor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnTransformTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static int cudnnTransformTensor(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        var mh$ = cudnnTransformTensor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, alpha, xDesc, x, beta, yDesc, y);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreateReduceTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreateReduceTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreateReduceTensorDescriptor(cudnnReduceTensorDescriptor_t *reduceTensorDesc); } */
    public static FunctionDescriptor cudnnCreateReduceTensorDescriptor$descriptor() {
        return cudnnCreateReduceTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreateReduceTensorDescriptor(cudnnReduceTensorDescriptor_t *reduceTensorDesc); } */
    public static MethodHandle cudnnCreateReduceTensorDescriptor$handle() {
        return cudnnCreateReduceTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreateReduceTensorDescriptor(cudnnReduceTensorDescriptor_t *reduceTensorDesc); } */
    public static MemorySegment cudnnCreateReduceTensorDescriptor$address() {
        return cudnnCreateReduceTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreateReduceTensorDescriptor(cudnnReduceTensorDescriptor_t *reduceTensorDesc); } */
    public static int cudnnCreateReduceTensorDescriptor(MemorySegment reduceTensorDesc) {
        var mh$ = cudnnCreateReduceTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(reduceTensorDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroyReduceTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroyReduceTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroyReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc); } */
    public static FunctionDescriptor cudnnDestroyReduceTensorDescriptor$descriptor() {
        return cudnnDestroyReduceTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroyReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc); } */
    public static MethodHandle cudnnDestroyReduceTensorDescriptor$handle() {
        return cudnnDestroyReduceTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroyReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc); } */
    public static MemorySegment cudnnDestroyReduceTensorDescriptor$address() {
        return cudnnDestroyReduceTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroyReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc); } */
    public static int cudnnDestroyReduceTensorDescriptor(MemorySegment reduceTensorDesc) {
        var mh$ = cudnnDestroyReduceTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(reduceTensorDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetReduceTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetReduceTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc, cudnnReduceTensorOp_t reduceTensorOp, cudnnDataType_t reduceTensorCompType, cudnnNanPropagation_t reduceTensorNanOpt, cudnnReduceTensorIndices_t reduceTensorIndices, cudnnIndicesType_t reduceTensorIndicesType); } */
    public static FunctionDescriptor cudnnSetReduceTensorDescriptor$descriptor() {
        return cudnnSetReduceTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc, cudnnReduceTensorOp_t reduceTensorOp, cudnnDataType_t reduceTensorCompType, cudnnNanPropagation_t reduceTensorNanOpt, cudnnReduceTensorIndices_t reduceTensorIndices, cudnnIndicesType_t reduceTensorIndicesType); } */
    public static MethodHandle cudnnSetReduceTensorDescriptor$handle() {
        return cudnnSetReduceTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc, cudnnReduceTensorOp_t reduceTensorOp, cudnnDataType_t reduceTensorCompType, cudnnNanPropagation_t reduceTensorNanOpt, cudnnReduceTensorIndices_t reduceTensorIndices, cudnnIndicesType_t reduceTensorIndicesType); } */
    public static MemorySegment cudnnSetReduceTensorDescriptor$address() {
        return cudnnSetReduceTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc, cudnnReduceTensorOp_t reduceTensorOp, cudnnDataType_t reduceTensorCompType, cudnnNanPropagation_t reduceTensorNanOpt, cudnnReduceTensorIndices_t reduceTensorIndices, cudnnIndicesType_t reduceTensorIndicesType); } */
    public static int cudnnSetReduceTensorDescriptor(MemorySegment reduceTensorDesc, int reduceTensorOp, int reduceTensorCompType, int reduceTensorNanOpt, int reduceTensorIndices, int reduceTensorIndicesType) {
        var mh$ = cudnnSetReduceTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(reduceTensorDesc, reduceTensorOp, reduceTensorCompType, reduceTensorNanOpt, reduceTensorIndices, reduceTensorIndicesType);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnGetReductionWorkspaceSize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnGetReductionWorkspaceSize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnGetReductionWorkspaceSize(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, const cudnnTensorDescriptor_t aDesc, const cudnnTensorDescriptor_t cDesc, size_t *sizeInBytes); } */
    public static FunctionDescriptor cudnnGetReductionWorkspaceSize$descriptor() {
        return cudnnGetReductionWorkspaceSize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnGetReductionWorkspaceSize(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, const cudnnTensorDescriptor_t aDesc, const cudnnTensorDescriptor_t cDesc, size_t *sizeInBytes); } */
    public static MethodHandle cudnnGetReductionWorkspaceSize$handle() {
        return cudnnGetReductionWorkspaceSize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnGetReductionWorkspaceSize(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, const cudnnTensorDescriptor_t aDesc, const cudnnTensorDescriptor_t cDesc, size_t *sizeInBytes); } */
    public static MemorySegment cudnnGetReductionWorkspaceSize$address() {
        return cudnnGetReductionWorkspaceSize.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnGetReductionWorkspaceSize(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, const cudnnTensorDescriptor_t aDesc, const cudnnTensorDescriptor_t cDesc, size_t *sizeInBytes); } */
    public static int cudnnGetReductionWorkspaceSize(MemorySegment handle, MemorySegment reduceTensorDesc, MemorySegment aDesc, MemorySegment cDesc, MemorySegment sizeInBytes) {
        var mh$ = cudnnGetReductionWorkspaceSize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, reduceTensorDesc, aDesc, cDesc, sizeInBytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnReduceTensor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_LONG,
            cudnn_h.C_POINTER,
            cudnn_h.C_LONG,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnReduceTensor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnReduceTensor(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, void *indices, size_t indicesSizeInBytes, void *workspace, size_t workspaceSizeInBytes, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static FunctionDescriptor cudnnReduceTensor$descriptor() {
        return cudnnReduceTensor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnReduceTensor(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, void *indices, size_t indicesSizeInBytes, void *workspace, size_t workspaceSizeInBytes, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static MethodHandle cudnnReduceTensor$handle() {
        return cudnnReduceTensor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnReduceTensor(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, void *indices, size_t indicesSizeInBytes, void *workspace, size_t workspaceSizeInBytes, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static MemorySegment cudnnReduceTensor$address() {
        return cudnnReduceTensor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnReduceTensor(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc, void *indices, size_t indicesSizeInBytes, void *workspace, size_t workspaceSizeInBytes, const void *alpha, const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C); } */
    public static int cudnnReduceTensor(MemorySegment handle, MemorySegment reduceTensorDesc, MemorySegment indices, long indicesSizeInBytes, MemorySegment workspace, long workspaceSizeInBytes, MemorySegment alpha, MemorySegment aDesc, MemorySegment A, MemorySegment beta, MemorySegment cDesc, MemorySegment C) {
        var mh$ = cudnnReduceTensor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, reduceTensorDesc, indices, indicesSizeInBytes, workspace, workspaceSizeInBytes, alpha, aDesc, A, beta, cDesc, C);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDeriveBNTensorDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDeriveBNTensorDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDeriveBNTensorDescriptor(cudnnTensorDescriptor_t derivedBnDesc, const cudnnTensorDescriptor_t xDesc, cudnnBatchNormMode_t mode); } */
    public static FunctionDescriptor cudnnDeriveBNTensorDescriptor$descriptor() {
        return cudnnDeriveBNTensorDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDeriveBNTensorDescriptor(cudnnTensorDescriptor_t derivedBnDesc, const cudnnTensorDescriptor_t xDesc, cudnnBatchNormMode_t mode); } */
    public static MethodHandle cudnnDeriveBNTensorDescriptor$handle() {
        return cudnnDeriveBNTensorDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDeriveBNTensorDescriptor(cudnnTensorDescriptor_t derivedBnDesc, const cudnnTensorDescriptor_t xDesc, cudnnBatchNormMode_t mode); } */
    public static MemorySegment cudnnDeriveBNTensorDescriptor$address() {
        return cudnnDeriveBNTensorDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDeriveBNTensorDescriptor(cudnnTensorDescriptor_t derivedBnDesc, const cudnnTensorDescriptor_t xDesc, cudnnBatchNormMode_t mode); } */
    public static int cudnnDeriveBNTensorDescriptor(MemorySegment derivedBnDesc, MemorySegment xDesc, int mode) {
        var mh$ = cudnnDeriveBNTensorDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(derivedBnDesc, xDesc, mode);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnBatchNormalizationForwardTraining {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_DOUBLE,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_DOUBLE,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnBatchNormalizationForwardTraining");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationForwardTraining(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alpha, const void *beta, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t yDesc, void *y, const cudnnTensorDescriptor_t bnScaleBiasMeanVarDesc, const void *bnScale, const void *bnBias, double exponentialAverageFactor, void *resultRunningMean, void *resultRunningVariance, double epsilon, void *resultSaveMean, void *resultSaveInvVariance); } */
    public static FunctionDescriptor cudnnBatchNormalizationForwardTraining$descriptor() {
        return cudnnBatchNormalizationForwardTraining.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationForwardTraining(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alpha, const void *beta, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t yDesc, void *y, const cudnnTensorDescriptor_t bnScaleBiasMeanVarDesc, const void *bnScale, const void *bnBias, double exponentialAverageFactor, void *resultRunningMean, void *resultRunningVariance, double epsilon, void *resultSaveMean, void *resultSaveInvVariance); } */
    public static MethodHandle cudnnBatchNormalizationForwardTraining$handle() {
        return cudnnBatchNormalizationForwardTraining.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationForwardTraining(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alpha, const void *beta, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t yDesc, void *y, const cudnnTensorDescriptor_t bnScaleBiasMeanVarDesc, const void *bnScale, const void *bnBias, double exponentialAverageFactor, void *resultRunningMean, void *resultRunningVariance, double epsilon, void *resultSaveMean, void *resultSaveInvVariance); } */
    public static MemorySegment cudnnBatchNormalizationForwardTraining$address() {
        return cudnnBatchNormalizationForwardTraining.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationForwardTraining(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alpha, const void *beta, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t yDesc, void *y, const cudnnTensorDescriptor_t bnScaleBiasMeanVarDesc, const void *bnScale, const void *bnBias, double exponentialAverageFactor, void *resultRunningMean, void *resultRunningVariance, double epsilon, void *resultSaveMean, void *resultSaveInvVariance); } */
    public static int cudnnBatchNormalizationForwardTraining(MemorySegment handle, int mode, MemorySegment alpha, MemorySegment beta, MemorySegment xDesc, MemorySegment x, MemorySegment yDesc, MemorySegment y, MemorySegment bnScaleBiasMeanVarDesc, MemorySegment bnScale, MemorySegment bnBias, double exponentialAverageFactor, MemorySegment resultRunningMean, MemorySegment resultRunningVariance, double epsilon, MemorySegment resultSaveMean, MemorySegment resultSaveInvVariance) {
        var mh$ = cudnnBatchNormalizationForwardTraining.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, mode, alpha, beta, xDesc, x, yDesc, y, bnScaleBiasMeanVarDesc, bnScale, bnBias, exponentialAverageFactor, resultRunningMean, resultRunningVariance, epsilon, resultSaveMean, resultSaveInvVariance);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnBatchNormalizationBackward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_DOUBLE,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnBatchNormalizationBackward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationBackward(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alphaDataDiff, const void *betaDataDiff, const void *alphaParamDiff, const void *betaParamDiff, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t dxDesc, void *dx, const cudnnTensorDescriptor_t dBnScaleBiasDesc, const void *bnScale, void *dBnScaleResult, void *dBnBiasResult, double epsilon, const void *savedMean, const void *savedInvVariance); } */
    public static FunctionDescriptor cudnnBatchNormalizationBackward$descriptor() {
        return cudnnBatchNormalizationBackward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationBackward(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alphaDataDiff, const void *betaDataDiff, const void *alphaParamDiff, const void *betaParamDiff, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t dxDesc, void *dx, const cudnnTensorDescriptor_t dBnScaleBiasDesc, const void *bnScale, void *dBnScaleResult, void *dBnBiasResult, double epsilon, const void *savedMean, const void *savedInvVariance); } */
    public static MethodHandle cudnnBatchNormalizationBackward$handle() {
        return cudnnBatchNormalizationBackward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationBackward(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alphaDataDiff, const void *betaDataDiff, const void *alphaParamDiff, const void *betaParamDiff, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t dxDesc, void *dx, const cudnnTensorDescriptor_t dBnScaleBiasDesc, const void *bnScale, void *dBnScaleResult, void *dBnBiasResult, double epsilon, const void *savedMean, const void *savedInvVariance); } */
    public static MemorySegment cudnnBatchNormalizationBackward$address() {
        return cudnnBatchNormalizationBackward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnBatchNormalizationBackward(cudnnHandle_t handle, cudnnBatchNormMode_t mode, const void *alphaDataDiff, const void *betaDataDiff, const void *alphaParamDiff, const void *betaParamDiff, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t dxDesc, void *dx, const cudnnTensorDescriptor_t dBnScaleBiasDesc, const void *bnScale, void *dBnScaleResult, void *dBnBiasResult, double epsilon, const void *savedMean, const void *savedInvVariance); } */
    public static int cudnnBatchNormalizationBackward(MemorySegment handle, int mode, MemorySegment alphaDataDiff, MemorySegment betaDataDiff, MemorySegment alphaParamDiff, MemorySegment betaParamDiff, MemorySegment xDesc, MemorySegment x, MemorySegment dyDesc, MemorySegment dy, MemorySegment dxDesc, MemorySegment dx, MemorySegment dBnScaleBiasDesc, MemorySegment bnScale, MemorySegment dBnScaleResult, MemorySegment dBnBiasResult, double epsilon, MemorySegment savedMean, MemorySegment savedInvVariance) {
        var mh$ = cudnnBatchNormalizationBackward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, mode, alphaDataDiff, betaDataDiff, alphaParamDiff, betaParamDiff, xDesc, x, dyDesc, dy, dxDesc, dx, dBnScaleBiasDesc, bnScale, dBnScaleResult, dBnBiasResult, epsilon, savedMean, savedInvVariance);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnCreatePoolingDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnCreatePoolingDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnCreatePoolingDescriptor(cudnnPoolingDescriptor_t *poolingDesc); } */
    public static FunctionDescriptor cudnnCreatePoolingDescriptor$descriptor() {
        return cudnnCreatePoolingDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnCreatePoolingDescriptor(cudnnPoolingDescriptor_t *poolingDesc); } */
    public static MethodHandle cudnnCreatePoolingDescriptor$handle() {
        return cudnnCreatePoolingDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnCreatePoolingDescriptor(cudnnPoolingDescriptor_t *poolingDesc); } */
    public static MemorySegment cudnnCreatePoolingDescriptor$address() {
        return cudnnCreatePoolingDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnCreatePoolingDescriptor(cudnnPoolingDescriptor_t *poolingDesc); } */
    public static int cudnnCreatePoolingDescriptor(MemorySegment poolingDesc) {
        var mh$ = cudnnCreatePoolingDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(poolingDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnDestroyPoolingDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnDestroyPoolingDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnDestroyPoolingDescriptor(cudnnPoolingDescriptor_t poolingDesc); } */
    public static FunctionDescriptor cudnnDestroyPoolingDescriptor$descriptor() {
        return cudnnDestroyPoolingDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnDestroyPoolingDescriptor(cudnnPoolingDescriptor_t poolingDesc); } */
    public static MethodHandle cudnnDestroyPoolingDescriptor$handle() {
        return cudnnDestroyPoolingDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnDestroyPoolingDescriptor(cudnnPoolingDescriptor_t poolingDesc); } */
    public static MemorySegment cudnnDestroyPoolingDescriptor$address() {
        return cudnnDestroyPoolingDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnDestroyPoolingDescriptor(cudnnPoolingDescriptor_t poolingDesc); } */
    public static int cudnnDestroyPoolingDescriptor(MemorySegment poolingDesc) {
        var mh$ = cudnnDestroyPoolingDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(poolingDesc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnSetPooling2dDescriptor {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT,
            cudnn_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnSetPooling2dDescriptor");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnSetPooling2dDescriptor(cudnnPoolingDescriptor_t poolingDesc, cudnnPoolingMode_t mode, cudnnNanPropagation_t maxpoolingNanOpt, int windowHeight, int windowWidth, int verticalPadding, int horizontalPadding, int verticalStride, int horizontalStride); } */
    public static FunctionDescriptor cudnnSetPooling2dDescriptor$descriptor() {
        return cudnnSetPooling2dDescriptor.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnSetPooling2dDescriptor(cudnnPoolingDescriptor_t poolingDesc, cudnnPoolingMode_t mode, cudnnNanPropagation_t maxpoolingNanOpt, int windowHeight, int windowWidth, int verticalPadding, int horizontalPadding, int verticalStride, int horizontalStride); } */
    public static MethodHandle cudnnSetPooling2dDescriptor$handle() {
        return cudnnSetPooling2dDescriptor.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnSetPooling2dDescriptor(cudnnPoolingDescriptor_t poolingDesc, cudnnPoolingMode_t mode, cudnnNanPropagation_t maxpoolingNanOpt, int windowHeight, int windowWidth, int verticalPadding, int horizontalPadding, int verticalStride, int horizontalStride); } */
    public static MemorySegment cudnnSetPooling2dDescriptor$address() {
        return cudnnSetPooling2dDescriptor.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnSetPooling2dDescriptor(cudnnPoolingDescriptor_t poolingDesc, cudnnPoolingMode_t mode, cudnnNanPropagation_t maxpoolingNanOpt, int windowHeight, int windowWidth, int verticalPadding, int horizontalPadding, int verticalStride, int horizontalStride); } */
    public static int cudnnSetPooling2dDescriptor(MemorySegment poolingDesc, int mode, int maxpoolingNanOpt, int windowHeight, int windowWidth, int verticalPadding, int horizontalPadding, int verticalStride, int horizontalStride) {
        var mh$ = cudnnSetPooling2dDescriptor.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(poolingDesc, mode, maxpoolingNanOpt, windowHeight, windowWidth, verticalPadding, horizontalPadding, verticalStride, horizontalStride);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnPoolingForward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnPoolingForward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnPoolingForward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static FunctionDescriptor cudnnPoolingForward$descriptor() {
        return cudnnPoolingForward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnPoolingForward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MethodHandle cudnnPoolingForward$handle() {
        return cudnnPoolingForward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnPoolingForward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static MemorySegment cudnnPoolingForward$address() {
        return cudnnPoolingForward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnPoolingForward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y); } */
    public static int cudnnPoolingForward(MemorySegment handle, MemorySegment poolingDesc, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        var mh$ = cudnnPoolingForward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, poolingDesc, alpha, xDesc, x, beta, yDesc, y);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudnnPoolingBackward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudnn_h.C_INT,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER,
            cudnn_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudnn_h.findOrThrow("cudnnPoolingBackward");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudnnStatus_t cudnnPoolingBackward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static FunctionDescriptor cudnnPoolingBackward$descriptor() {
        return cudnnPoolingBackward.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudnnStatus_t cudnnPoolingBackward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MethodHandle cudnnPoolingBackward$handle() {
        return cudnnPoolingBackward.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudnnStatus_t cudnnPoolingBackward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static MemorySegment cudnnPoolingBackward$address() {
        return cudnnPoolingBackward.Linked.ADDR;
    }

    /** {@snippet lang=c : cudnnStatus_t cudnnPoolingBackward(cudnnHandle_t handle, const cudnnPoolingDescriptor_t poolingDesc, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx); } */
    public static int cudnnPoolingBackward(MemorySegment handle, MemorySegment poolingDesc, MemorySegment alpha, MemorySegment yDesc, MemorySegment y, MemorySegment dyDesc, MemorySegment dy, MemorySegment xDesc, MemorySegment x, MemorySegment beta, MemorySegment dxDesc, MemorySegment dx) {
        var mh$ = cudnnPoolingBackward.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(handle, poolingDesc, alpha, yDesc, y, dyDesc, dy, xDesc, x, beta, dxDesc, dx);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int CUDNN_STATUS_SUCCESS = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_STATUS_SUCCESS = 0 } */
    public static int CUDNN_STATUS_SUCCESS() {
        return CUDNN_STATUS_SUCCESS;
    }

    private static final int CUDNN_TENSOR_NCHW = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_TENSOR_NCHW = 0 } */
    public static int CUDNN_TENSOR_NCHW() {
        return CUDNN_TENSOR_NCHW;
    }

    private static final int CUDNN_TENSOR_NHWC = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_TENSOR_NHWC = 1 } */
    public static int CUDNN_TENSOR_NHWC() {
        return CUDNN_TENSOR_NHWC;
    }

    private static final int CUDNN_DATA_FLOAT = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_DATA_FLOAT = 0 } */
    public static int CUDNN_DATA_FLOAT() {
        return CUDNN_DATA_FLOAT;
    }

    private static final int CUDNN_CROSS_CORRELATION = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_CROSS_CORRELATION = 1 } */
    public static int CUDNN_CROSS_CORRELATION() {
        return CUDNN_CROSS_CORRELATION;
    }

    private static final int CUDNN_DEFAULT_MATH = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_DEFAULT_MATH = 0 } */
    public static int CUDNN_DEFAULT_MATH() {
        return CUDNN_DEFAULT_MATH;
    }

    private static final int CUDNN_FMA_MATH = (int) 3L;

    /** {@snippet lang=c : enum CUDNN_FMA_MATH = 3 } */
    public static int CUDNN_FMA_MATH() {
        return CUDNN_FMA_MATH;
    }

    private static final int CUDNN_ACTIVATION_SWISH = (int) 6L;

    /** {@snippet lang=c : enum CUDNN_ACTIVATION_SWISH = 6 } */
    public static int CUDNN_ACTIVATION_SWISH() {
        return CUDNN_ACTIVATION_SWISH;
    }

    private static final int CUDNN_NOT_PROPAGATE_NAN = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_NOT_PROPAGATE_NAN = 0 } */
    public static int CUDNN_NOT_PROPAGATE_NAN() {
        return CUDNN_NOT_PROPAGATE_NAN;
    }

    private static final int CUDNN_PROPAGATE_NAN = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_PROPAGATE_NAN = 1 } */
    public static int CUDNN_PROPAGATE_NAN() {
        return CUDNN_PROPAGATE_NAN;
    }

    private static final int CUDNN_SOFTMAX_ACCURATE = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_SOFTMAX_ACCURATE = 1 } */
    public static int CUDNN_SOFTMAX_ACCURATE() {
        return CUDNN_SOFTMAX_ACCURATE;
    }

    private static final int CUDNN_SOFTMAX_MODE_INSTANCE = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_SOFTMAX_MODE_INSTANCE = 0 } */
    public static int CUDNN_SOFTMAX_MODE_INSTANCE() {
        return CUDNN_SOFTMAX_MODE_INSTANCE;
    }

    private static final int CUDNN_SOFTMAX_MODE_CHANNEL = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_SOFTMAX_MODE_CHANNEL = 1 } */
    public static int CUDNN_SOFTMAX_MODE_CHANNEL() {
        return CUDNN_SOFTMAX_MODE_CHANNEL;
    }

    private static final int CUDNN_OP_TENSOR_ADD = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_OP_TENSOR_ADD = 0 } */
    public static int CUDNN_OP_TENSOR_ADD() {
        return CUDNN_OP_TENSOR_ADD;
    }

    private static final int CUDNN_OP_TENSOR_MUL = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_OP_TENSOR_MUL = 1 } */
    public static int CUDNN_OP_TENSOR_MUL() {
        return CUDNN_OP_TENSOR_MUL;
    }

    private static final int CUDNN_REDUCE_TENSOR_ADD = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_REDUCE_TENSOR_ADD = 0 } */
    public static int CUDNN_REDUCE_TENSOR_ADD() {
        return CUDNN_REDUCE_TENSOR_ADD;
    }

    private static final int CUDNN_REDUCE_TENSOR_NO_INDICES = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_REDUCE_TENSOR_NO_INDICES = 0 } */
    public static int CUDNN_REDUCE_TENSOR_NO_INDICES() {
        return CUDNN_REDUCE_TENSOR_NO_INDICES;
    }

    private static final int CUDNN_32BIT_INDICES = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_32BIT_INDICES = 0 } */
    public static int CUDNN_32BIT_INDICES() {
        return CUDNN_32BIT_INDICES;
    }

    private static final int CUDNN_BATCHNORM_PER_ACTIVATION = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_BATCHNORM_PER_ACTIVATION = 0 } */
    public static int CUDNN_BATCHNORM_PER_ACTIVATION() {
        return CUDNN_BATCHNORM_PER_ACTIVATION;
    }

    private static final int CUDNN_BATCHNORM_SPATIAL = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_BATCHNORM_SPATIAL = 1 } */
    public static int CUDNN_BATCHNORM_SPATIAL() {
        return CUDNN_BATCHNORM_SPATIAL;
    }

    private static final int CUDNN_POOLING_MAX = (int) 0L;

    /** {@snippet lang=c : enum CUDNN_POOLING_MAX = 0 } */
    public static int CUDNN_POOLING_MAX() {
        return CUDNN_POOLING_MAX;
    }

    private static final int CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING = (int) 1L;

    /** {@snippet lang=c : enum CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING = 1 } */
    public static int CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING() {
        return CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING;
    }

    private static final int CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING = (int) 2L;

    /** {@snippet lang=c : enum CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING = 2 } */
    public static int CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING() {
        return CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING;
    }
}
