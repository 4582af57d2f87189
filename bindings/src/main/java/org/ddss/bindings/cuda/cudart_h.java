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

/** Downcalls and constants of the CUDA runtime API ({@code cuda_runtime_api.h}, CUDA 12 and 13). */
// Restricted FFM calls are the point of this class; callers need --enable-native-access.
@SuppressWarnings({"unused", "restricted"})
public final class cudart_h {

    private cudart_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // The library is found and loaded by CudaLibraries, at the first downcall (see bindings/README.md).
    static final SymbolLookup SYMBOL_LOOKUP = CudaLibraries.lookup(CudaLibraries.Library.CUDART);

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class cudaGetDeviceCount {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaGetDeviceCount");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaGetDeviceCount(int *count); } */
    public static FunctionDescriptor cudaGetDeviceCount$descriptor() {
        return cudaGetDeviceCount.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaGetDeviceCount(int *count); } */
    public static MethodHandle cudaGetDeviceCount$handle() {
        return cudaGetDeviceCount.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaGetDeviceCount(int *count); } */
    public static MemorySegment cudaGetDeviceCount$address() {
        return cudaGetDeviceCount.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaGetDeviceCount(int *count); } */
    public static int cudaGetDeviceCount(MemorySegment count) {
        var mh$ = cudaGetDeviceCount.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(count);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaSetDevice {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaSetDevice");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaSetDevice(int device); } */
    public static FunctionDescriptor cudaSetDevice$descriptor() {
        return cudaSetDevice.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaSetDevice(int device); } */
    public static MethodHandle cudaSetDevice$handle() {
        return cudaSetDevice.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaSetDevice(int device); } */
    public static MemorySegment cudaSetDevice$address() {
        return cudaSetDevice.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaSetDevice(int device); } */
    public static int cudaSetDevice(int device) {
        var mh$ = cudaSetDevice.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(device);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaGetDevice {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaGetDevice");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaGetDevice(int *device); } */
    public static FunctionDescriptor cudaGetDevice$descriptor() {
        return cudaGetDevice.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaGetDevice(int *device); } */
    public static MethodHandle cudaGetDevice$handle() {
        return cudaGetDevice.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaGetDevice(int *device); } */
    public static MemorySegment cudaGetDevice$address() {
        return cudaGetDevice.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaGetDevice(int *device); } */
    public static int cudaGetDevice(MemorySegment device) {
        var mh$ = cudaGetDevice.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(device);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaDeviceSynchronize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaDeviceSynchronize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaDeviceSynchronize(void); } */
    public static FunctionDescriptor cudaDeviceSynchronize$descriptor() {
        return cudaDeviceSynchronize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaDeviceSynchronize(void); } */
    public static MethodHandle cudaDeviceSynchronize$handle() {
        return cudaDeviceSynchronize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaDeviceSynchronize(void); } */
    public static MemorySegment cudaDeviceSynchronize$address() {
        return cudaDeviceSynchronize.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaDeviceSynchronize(void); } */
    public static int cudaDeviceSynchronize() {
        var mh$ = cudaDeviceSynchronize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaDeviceGetAttribute {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_INT,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaDeviceGetAttribute");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device); } */
    public static FunctionDescriptor cudaDeviceGetAttribute$descriptor() {
        return cudaDeviceGetAttribute.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device); } */
    public static MethodHandle cudaDeviceGetAttribute$handle() {
        return cudaDeviceGetAttribute.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device); } */
    public static MemorySegment cudaDeviceGetAttribute$address() {
        return cudaDeviceGetAttribute.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device); } */
    public static int cudaDeviceGetAttribute(MemorySegment value, int attr, int device) {
        var mh$ = cudaDeviceGetAttribute.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(value, attr, device);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaRuntimeGetVersion {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaRuntimeGetVersion");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaRuntimeGetVersion(int *runtimeVersion); } */
    public static FunctionDescriptor cudaRuntimeGetVersion$descriptor() {
        return cudaRuntimeGetVersion.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaRuntimeGetVersion(int *runtimeVersion); } */
    public static MethodHandle cudaRuntimeGetVersion$handle() {
        return cudaRuntimeGetVersion.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaRuntimeGetVersion(int *runtimeVersion); } */
    public static MemorySegment cudaRuntimeGetVersion$address() {
        return cudaRuntimeGetVersion.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaRuntimeGetVersion(int *runtimeVersion); } */
    public static int cudaRuntimeGetVersion(MemorySegment runtimeVersion) {
        var mh$ = cudaRuntimeGetVersion.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(runtimeVersion);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaDriverGetVersion {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaDriverGetVersion");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaDriverGetVersion(int *driverVersion); } */
    public static FunctionDescriptor cudaDriverGetVersion$descriptor() {
        return cudaDriverGetVersion.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaDriverGetVersion(int *driverVersion); } */
    public static MethodHandle cudaDriverGetVersion$handle() {
        return cudaDriverGetVersion.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaDriverGetVersion(int *driverVersion); } */
    public static MemorySegment cudaDriverGetVersion$address() {
        return cudaDriverGetVersion.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaDriverGetVersion(int *driverVersion); } */
    public static int cudaDriverGetVersion(MemorySegment driverVersion) {
        var mh$ = cudaDriverGetVersion.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(driverVersion);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMemGetInfo {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMemGetInfo");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMemGetInfo(size_t *free, size_t *total); } */
    public static FunctionDescriptor cudaMemGetInfo$descriptor() {
        return cudaMemGetInfo.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMemGetInfo(size_t *free, size_t *total); } */
    public static MethodHandle cudaMemGetInfo$handle() {
        return cudaMemGetInfo.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMemGetInfo(size_t *free, size_t *total); } */
    public static MemorySegment cudaMemGetInfo$address() {
        return cudaMemGetInfo.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMemGetInfo(size_t *free, size_t *total); } */
    public static int cudaMemGetInfo(MemorySegment free, MemorySegment total) {
        var mh$ = cudaMemGetInfo.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(free, total);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaGetErrorString {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_POINTER,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaGetErrorString");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : const char * cudaGetErrorString(cudaError_t error); } */
    public static FunctionDescriptor cudaGetErrorString$descriptor() {
        return cudaGetErrorString.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const char * cudaGetErrorString(cudaError_t error); } */
    public static MethodHandle cudaGetErrorString$handle() {
        return cudaGetErrorString.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : const char * cudaGetErrorString(cudaError_t error); } */
    public static MemorySegment cudaGetErrorString$address() {
        return cudaGetErrorString.Linked.ADDR;
    }

    /** {@snippet lang=c : const char * cudaGetErrorString(cudaError_t error); } */
    public static MemorySegment cudaGetErrorString(int error) {
        var mh$ = cudaGetErrorString.Linked.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(error);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaGetErrorName {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_POINTER,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaGetErrorName");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : const char * cudaGetErrorName(cudaError_t error); } */
    public static FunctionDescriptor cudaGetErrorName$descriptor() {
        return cudaGetErrorName.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const char * cudaGetErrorName(cudaError_t error); } */
    public static MethodHandle cudaGetErrorName$handle() {
        return cudaGetErrorName.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : const char * cudaGetErrorName(cudaError_t error); } */
    public static MemorySegment cudaGetErrorName$address() {
        return cudaGetErrorName.Linked.ADDR;
    }

    /** {@snippet lang=c : const char * cudaGetErrorName(cudaError_t error); } */
    public static MemorySegment cudaGetErrorName(int error) {
        var mh$ = cudaGetErrorName.Linked.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(error);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaGetLastError {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaGetLastError");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaGetLastError(void); } */
    public static FunctionDescriptor cudaGetLastError$descriptor() {
        return cudaGetLastError.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaGetLastError(void); } */
    public static MethodHandle cudaGetLastError$handle() {
        return cudaGetLastError.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaGetLastError(void); } */
    public static MemorySegment cudaGetLastError$address() {
        return cudaGetLastError.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaGetLastError(void); } */
    public static int cudaGetLastError() {
        var mh$ = cudaGetLastError.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMalloc {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_LONG);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMalloc");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMalloc(void **devPtr, size_t size); } */
    public static FunctionDescriptor cudaMalloc$descriptor() {
        return cudaMalloc.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMalloc(void **devPtr, size_t size); } */
    public static MethodHandle cudaMalloc$handle() {
        return cudaMalloc.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMalloc(void **devPtr, size_t size); } */
    public static MemorySegment cudaMalloc$address() {
        return cudaMalloc.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMalloc(void **devPtr, size_t size); } */
    public static int cudaMalloc(MemorySegment devPtr, long size) {
        var mh$ = cudaMalloc.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(devPtr, size);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaFree {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaFree");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaFree(void *devPtr); } */
    public static FunctionDescriptor cudaFree$descriptor() {
        return cudaFree.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaFree(void *devPtr); } */
    public static MethodHandle cudaFree$handle() {
        return cudaFree.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaFree(void *devPtr); } */
    public static MemorySegment cudaFree$address() {
        return cudaFree.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaFree(void *devPtr); } */
    public static int cudaFree(MemorySegment devPtr) {
        var mh$ = cudaFree.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(devPtr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMallocManaged {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_LONG,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMallocManaged");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags); } */
    public static FunctionDescriptor cudaMallocManaged$descriptor() {
        return cudaMallocManaged.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags); } */
    public static MethodHandle cudaMallocManaged$handle() {
        return cudaMallocManaged.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags); } */
    public static MemorySegment cudaMallocManaged$address() {
        return cudaMallocManaged.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags); } */
    public static int cudaMallocManaged(MemorySegment devPtr, long size, int flags) {
        var mh$ = cudaMallocManaged.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(devPtr, size, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMallocHost {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_LONG);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMallocHost");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMallocHost(void **ptr, size_t size); } */
    public static FunctionDescriptor cudaMallocHost$descriptor() {
        return cudaMallocHost.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMallocHost(void **ptr, size_t size); } */
    public static MethodHandle cudaMallocHost$handle() {
        return cudaMallocHost.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMallocHost(void **ptr, size_t size); } */
    public static MemorySegment cudaMallocHost$address() {
        return cudaMallocHost.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMallocHost(void **ptr, size_t size); } */
    public static int cudaMallocHost(MemorySegment ptr, long size) {
        var mh$ = cudaMallocHost.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(ptr, size);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaFreeHost {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaFreeHost");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaFreeHost(void *ptr); } */
    public static FunctionDescriptor cudaFreeHost$descriptor() {
        return cudaFreeHost.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaFreeHost(void *ptr); } */
    public static MethodHandle cudaFreeHost$handle() {
        return cudaFreeHost.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaFreeHost(void *ptr); } */
    public static MemorySegment cudaFreeHost$address() {
        return cudaFreeHost.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaFreeHost(void *ptr); } */
    public static int cudaFreeHost(MemorySegment ptr) {
        var mh$ = cudaFreeHost.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(ptr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMemcpy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_POINTER,
            cudart_h.C_LONG,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMemcpy");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, cudaMemcpyKind kind); } */
    public static FunctionDescriptor cudaMemcpy$descriptor() {
        return cudaMemcpy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, cudaMemcpyKind kind); } */
    public static MethodHandle cudaMemcpy$handle() {
        return cudaMemcpy.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, cudaMemcpyKind kind); } */
    public static MemorySegment cudaMemcpy$address() {
        return cudaMemcpy.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, cudaMemcpyKind kind); } */
    public static int cudaMemcpy(MemorySegment dst, MemorySegment src, long count, int kind) {
        var mh$ = cudaMemcpy.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, src, count, kind);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMemcpyAsync {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_POINTER,
            cudart_h.C_LONG,
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMemcpyAsync");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static FunctionDescriptor cudaMemcpyAsync$descriptor() {
        return cudaMemcpyAsync.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static MethodHandle cudaMemcpyAsync$handle() {
        return cudaMemcpyAsync.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static MemorySegment cudaMemcpyAsync$address() {
        return cudaMemcpyAsync.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static int cudaMemcpyAsync(MemorySegment dst, MemorySegment src, long count, int kind, MemorySegment stream) {
        var mh$ = cudaMemcpyAsync.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, src, count, kind, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMemcpy2DAsync {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_LONG,
            cudart_h.C_POINTER,
            cudart_h.C_LONG,
            cudart_h.C_LONG,
            cudart_h.C_LONG,
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMemcpy2DAsync");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static FunctionDescriptor cudaMemcpy2DAsync$descriptor() {
        return cudaMemcpy2DAsync.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static MethodHandle cudaMemcpy2DAsync$handle() {
        return cudaMemcpy2DAsync.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static MemorySegment cudaMemcpy2DAsync$address() {
        return cudaMemcpy2DAsync.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t stream); } */
    public static int cudaMemcpy2DAsync(MemorySegment dst, long dpitch, MemorySegment src, long spitch, long width, long height, int kind, MemorySegment stream) {
        var mh$ = cudaMemcpy2DAsync.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, dpitch, src, spitch, width, height, kind, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaMemsetAsync {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_INT,
            cudart_h.C_LONG,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaMemsetAsync");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream); } */
    public static FunctionDescriptor cudaMemsetAsync$descriptor() {
        return cudaMemsetAsync.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream); } */
    public static MethodHandle cudaMemsetAsync$handle() {
        return cudaMemsetAsync.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream); } */
    public static MemorySegment cudaMemsetAsync$address() {
        return cudaMemsetAsync.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream); } */
    public static int cudaMemsetAsync(MemorySegment devPtr, int value, long count, MemorySegment stream) {
        var mh$ = cudaMemsetAsync.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(devPtr, value, count, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaStreamCreateWithFlags {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaStreamCreateWithFlags");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags); } */
    public static FunctionDescriptor cudaStreamCreateWithFlags$descriptor() {
        return cudaStreamCreateWithFlags.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags); } */
    public static MethodHandle cudaStreamCreateWithFlags$handle() {
        return cudaStreamCreateWithFlags.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags); } */
    public static MemorySegment cudaStreamCreateWithFlags$address() {
        return cudaStreamCreateWithFlags.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags); } */
    public static int cudaStreamCreateWithFlags(MemorySegment pStream, int flags) {
        var mh$ = cudaStreamCreateWithFlags.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(pStream, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaStreamSynchronize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaStreamSynchronize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaStreamSynchronize(cudaStream_t stream); } */
    public static FunctionDescriptor cudaStreamSynchronize$descriptor() {
        return cudaStreamSynchronize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaStreamSynchronize(cudaStream_t stream); } */
    public static MethodHandle cudaStreamSynchronize$handle() {
        return cudaStreamSynchronize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaStreamSynchronize(cudaStream_t stream); } */
    public static MemorySegment cudaStreamSynchronize$address() {
        return cudaStreamSynchronize.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaStreamSynchronize(cudaStream_t stream); } */
    public static int cudaStreamSynchronize(MemorySegment stream) {
        var mh$ = cudaStreamSynchronize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaStreamDestroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaStreamDestroy");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaStreamDestroy(cudaStream_t stream); } */
    public static FunctionDescriptor cudaStreamDestroy$descriptor() {
        return cudaStreamDestroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaStreamDestroy(cudaStream_t stream); } */
    public static MethodHandle cudaStreamDestroy$handle() {
        return cudaStreamDestroy.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaStreamDestroy(cudaStream_t stream); } */
    public static MemorySegment cudaStreamDestroy$address() {
        return cudaStreamDestroy.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaStreamDestroy(cudaStream_t stream); } */
    public static int cudaStreamDestroy(MemorySegment stream) {
        var mh$ = cudaStreamDestroy.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaEventCreateWithFlags {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaEventCreateWithFlags");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags); } */
    public static FunctionDescriptor cudaEventCreateWithFlags$descriptor() {
        return cudaEventCreateWithFlags.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags); } */
    public static MethodHandle cudaEventCreateWithFlags$handle() {
        return cudaEventCreateWithFlags.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags); } */
    public static MemorySegment cudaEventCreateWithFlags$address() {
        return cudaEventCreateWithFlags.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags); } */
    public static int cudaEventCreateWithFlags(MemorySegment event, int flags) {
        var mh$ = cudaEventCreateWithFlags.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(event, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaEventRecord {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaEventRecord");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream); } */
    public static FunctionDescriptor cudaEventRecord$descriptor() {
        return cudaEventRecord.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream); } */
    public static MethodHandle cudaEventRecord$handle() {
        return cudaEventRecord.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream); } */
    public static MemorySegment cudaEventRecord$address() {
        return cudaEventRecord.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream); } */
    public static int cudaEventRecord(MemorySegment event, MemorySegment stream) {
        var mh$ = cudaEventRecord.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(event, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaEventSynchronize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaEventSynchronize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaEventSynchronize(cudaEvent_t event); } */
    public static FunctionDescriptor cudaEventSynchronize$descriptor() {
        return cudaEventSynchronize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaEventSynchronize(cudaEvent_t event); } */
    public static MethodHandle cudaEventSynchronize$handle() {
        return cudaEventSynchronize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaEventSynchronize(cudaEvent_t event); } */
    public static MemorySegment cudaEventSynchronize$address() {
        return cudaEventSynchronize.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaEventSynchronize(cudaEvent_t event); } */
    public static int cudaEventSynchronize(MemorySegment event) {
        var mh$ = cudaEventSynchronize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(event);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaEventElapsedTime {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER,
            cudart_h.C_POINTER,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaEventElapsedTime");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end); } */
    public static FunctionDescriptor cudaEventElapsedTime$descriptor() {
        return cudaEventElapsedTime.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end); } */
    public static MethodHandle cudaEventElapsedTime$handle() {
        return cudaEventElapsedTime.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end); } */
    public static MemorySegment cudaEventElapsedTime$address() {
        return cudaEventElapsedTime.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end); } */
    public static int cudaEventElapsedTime(MemorySegment ms, MemorySegment start, MemorySegment end) {
        var mh$ = cudaEventElapsedTime.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(ms, start, end);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cudaEventDestroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cudart_h.C_INT,
            cudart_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cudart_h.findOrThrow("cudaEventDestroy");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : cudaError_t cudaEventDestroy(cudaEvent_t event); } */
    public static FunctionDescriptor cudaEventDestroy$descriptor() {
        return cudaEventDestroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : cudaError_t cudaEventDestroy(cudaEvent_t event); } */
    public static MethodHandle cudaEventDestroy$handle() {
        return cudaEventDestroy.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : cudaError_t cudaEventDestroy(cudaEvent_t event); } */
    public static MemorySegment cudaEventDestroy$address() {
        return cudaEventDestroy.Linked.ADDR;
    }

    /** {@snippet lang=c : cudaError_t cudaEventDestroy(cudaEvent_t event); } */
    public static int cudaEventDestroy(MemorySegment event) {
        var mh$ = cudaEventDestroy.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(event);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int cudaSuccess = (int) 0L;

    /** {@snippet lang=c : enum cudaSuccess = 0 } */
    public static int cudaSuccess() {
        return cudaSuccess;
    }

    private static final int cudaMemcpyHostToHost = (int) 0L;

    /** {@snippet lang=c : enum cudaMemcpyHostToHost = 0 } */
    public static int cudaMemcpyHostToHost() {
        return cudaMemcpyHostToHost;
    }

    private static final int cudaMemcpyHostToDevice = (int) 1L;

    /** {@snippet lang=c : enum cudaMemcpyHostToDevice = 1 } */
    public static int cudaMemcpyHostToDevice() {
        return cudaMemcpyHostToDevice;
    }

    private static final int cudaMemcpyDeviceToHost = (int) 2L;

    /** {@snippet lang=c : enum cudaMemcpyDeviceToHost = 2 } */
    public static int cudaMemcpyDeviceToHost() {
        return cudaMemcpyDeviceToHost;
    }

    private static final int cudaMemcpyDeviceToDevice = (int) 3L;

    /** {@snippet lang=c : enum cudaMemcpyDeviceToDevice = 3 } */
    public static int cudaMemcpyDeviceToDevice() {
        return cudaMemcpyDeviceToDevice;
    }

    private static final int cudaMemcpyDefault = (int) 4L;

    /** {@snippet lang=c : enum cudaMemcpyDefault = 4 } */
    public static int cudaMemcpyDefault() {
        return cudaMemcpyDefault;
    }

    private static final int cudaStreamNonBlocking = (int) 1L;

    /** {@snippet lang=c : enum cudaStreamNonBlocking = 1 } */
    public static int cudaStreamNonBlocking() {
        return cudaStreamNonBlocking;
    }

    private static final int cudaEventDefault = (int) 0L;

    /** {@snippet lang=c : enum cudaEventDefault = 0 } */
    public static int cudaEventDefault() {
        return cudaEventDefault;
    }

    private static final int cudaMemAttachGlobal = (int) 1L;

    /** {@snippet lang=c : enum cudaMemAttachGlobal = 1 } */
    public static int cudaMemAttachGlobal() {
        return cudaMemAttachGlobal;
    }

    private static final int cudaEventDisableTiming = (int) 2L;

    /** {@snippet lang=c : enum cudaEventDisableTiming = 2 } */
    public static int cudaEventDisableTiming() {
        return cudaEventDisableTiming;
    }

    private static final int cudaDevAttrMultiProcessorCount = (int) 16L;

    /** {@snippet lang=c : enum cudaDevAttrMultiProcessorCount = 16 } */
    public static int cudaDevAttrMultiProcessorCount() {
        return cudaDevAttrMultiProcessorCount;
    }

    private static final int cudaDevAttrComputeCapabilityMajor = (int) 75L;

    /** {@snippet lang=c : enum cudaDevAttrComputeCapabilityMajor = 75 } */
    public static int cudaDevAttrComputeCapabilityMajor() {
        return cudaDevAttrComputeCapabilityMajor;
    }

    private static final int cudaDevAttrComputeCapabilityMinor = (int) 76L;

    /** {@snippet lang=c : enum cudaDevAttrComputeCapabilityMinor = 76 } */
    public static int cudaDevAttrComputeCapabilityMinor() {
        return cudaDevAttrComputeCapabilityMinor;
    }
}
