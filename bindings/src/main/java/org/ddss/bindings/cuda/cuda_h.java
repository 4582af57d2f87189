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

/** Downcalls and constants of the CUDA driver API ({@code cuda.h}): module loading and kernel launches for NVRTC's PTX. */
// Restricted FFM calls are the point of this class; callers need --enable-native-access.
@SuppressWarnings({"unused", "restricted"})
public final class cuda_h {

    private cuda_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // The library is found and loaded by CudaLibraries, at the first downcall (see bindings/README.md).
    static final SymbolLookup SYMBOL_LOOKUP = CudaLibraries.lookup(CudaLibraries.Library.DRIVER);

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class cuModuleLoadData {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cuda_h.findOrThrow("cuModuleLoadData");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : CUresult cuModuleLoadData(CUmodule *module, const void *image); } */
    public static FunctionDescriptor cuModuleLoadData$descriptor() {
        return cuModuleLoadData.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : CUresult cuModuleLoadData(CUmodule *module, const void *image); } */
    public static MethodHandle cuModuleLoadData$handle() {
        return cuModuleLoadData.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : CUresult cuModuleLoadData(CUmodule *module, const void *image); } */
    public static MemorySegment cuModuleLoadData$address() {
        return cuModuleLoadData.Linked.ADDR;
    }

    /** {@snippet lang=c : CUresult cuModuleLoadData(CUmodule *module, const void *image); } */
    public static int cuModuleLoadData(MemorySegment module, MemorySegment image) {
        var mh$ = cuModuleLoadData.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(module, image);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cuModuleGetFunction {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cuda_h.findOrThrow("cuModuleGetFunction");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name); } */
    public static FunctionDescriptor cuModuleGetFunction$descriptor() {
        return cuModuleGetFunction.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name); } */
    public static MethodHandle cuModuleGetFunction$handle() {
        return cuModuleGetFunction.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name); } */
    public static MemorySegment cuModuleGetFunction$address() {
        return cuModuleGetFunction.Linked.ADDR;
    }

    /** {@snippet lang=c : CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name); } */
    public static int cuModuleGetFunction(MemorySegment hfunc, MemorySegment hmod, MemorySegment name) {
        var mh$ = cuModuleGetFunction.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(hfunc, hmod, name);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cuModuleUnload {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cuda_h.findOrThrow("cuModuleUnload");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : CUresult cuModuleUnload(CUmodule hmod); } */
    public static FunctionDescriptor cuModuleUnload$descriptor() {
        return cuModuleUnload.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : CUresult cuModuleUnload(CUmodule hmod); } */
    public static MethodHandle cuModuleUnload$handle() {
        return cuModuleUnload.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : CUresult cuModuleUnload(CUmodule hmod); } */
    public static MemorySegment cuModuleUnload$address() {
        return cuModuleUnload.Linked.ADDR;
    }

    /** {@snippet lang=c : CUresult cuModuleUnload(CUmodule hmod); } */
    public static int cuModuleUnload(MemorySegment hmod) {
        var mh$ = cuModuleUnload.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(hmod);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cuLaunchKernel {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cuda_h.findOrThrow("cuLaunchKernel");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra); } */
    public static FunctionDescriptor cuLaunchKernel$descriptor() {
        return cuLaunchKernel.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra); } */
    public static MethodHandle cuLaunchKernel$handle() {
        return cuLaunchKernel.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra); } */
    public static MemorySegment cuLaunchKernel$address() {
        return cuLaunchKernel.Linked.ADDR;
    }

    /** {@snippet lang=c : CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra); } */
    public static int cuLaunchKernel(MemorySegment f, int gridDimX, int gridDimY, int gridDimZ, int blockDimX, int blockDimY, int blockDimZ, int sharedMemBytes, MemorySegment hStream, MemorySegment kernelParams, MemorySegment extra) {
        var mh$ = cuLaunchKernel.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes, hStream, kernelParams, extra);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class cuGetErrorString {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = cuda_h.findOrThrow("cuGetErrorString");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : CUresult cuGetErrorString(CUresult error, const char **pStr); } */
    public static FunctionDescriptor cuGetErrorString$descriptor() {
        return cuGetErrorString.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : CUresult cuGetErrorString(CUresult error, const char **pStr); } */
    public static MethodHandle cuGetErrorString$handle() {
        return cuGetErrorString.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : CUresult cuGetErrorString(CUresult error, const char **pStr); } */
    public static MemorySegment cuGetErrorString$address() {
        return cuGetErrorString.Linked.ADDR;
    }

    /** {@snippet lang=c : CUresult cuGetErrorString(CUresult error, const char **pStr); } */
    public static int cuGetErrorString(int error, MemorySegment pStr) {
        var mh$ = cuGetErrorString.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(error, pStr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int CUDA_SUCCESS = (int) 0L;

    /** {@snippet lang=c : enum CUDA_SUCCESS = 0 } */
    public static int CUDA_SUCCESS() {
        return CUDA_SUCCESS;
    }
}
