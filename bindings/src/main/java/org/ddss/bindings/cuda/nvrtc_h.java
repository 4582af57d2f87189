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

/** Downcalls and constants of NVRTC ({@code nvrtc.h}), the CUDA C compiler at run time. */
// Restricted FFM calls are the point of this class; callers need --enable-native-access.
@SuppressWarnings({"unused", "restricted"})
public final class nvrtc_h {

    private nvrtc_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // The library is found and loaded by CudaLibraries, at the first downcall (see bindings/README.md).
    static final SymbolLookup SYMBOL_LOOKUP = CudaLibraries.lookup(CudaLibraries.Library.NVRTC);

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class nvrtcGetErrorString {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_POINTER,
            nvrtc_h.C_INT);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcGetErrorString");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : const char * nvrtcGetErrorString(nvrtcResult result); } */
    public static FunctionDescriptor nvrtcGetErrorString$descriptor() {
        return nvrtcGetErrorString.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const char * nvrtcGetErrorString(nvrtcResult result); } */
    public static MethodHandle nvrtcGetErrorString$handle() {
        return nvrtcGetErrorString.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : const char * nvrtcGetErrorString(nvrtcResult result); } */
    public static MemorySegment nvrtcGetErrorString$address() {
        return nvrtcGetErrorString.Linked.ADDR;
    }

    /** {@snippet lang=c : const char * nvrtcGetErrorString(nvrtcResult result); } */
    public static MemorySegment nvrtcGetErrorString(int result) {
        var mh$ = nvrtcGetErrorString.Linked.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(result);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcVersion {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcVersion");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcVersion(int *major, int *minor); } */
    public static FunctionDescriptor nvrtcVersion$descriptor() {
        return nvrtcVersion.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcVersion(int *major, int *minor); } */
    public static MethodHandle nvrtcVersion$handle() {
        return nvrtcVersion.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcVersion(int *major, int *minor); } */
    public static MemorySegment nvrtcVersion$address() {
        return nvrtcVersion.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcVersion(int *major, int *minor); } */
    public static int nvrtcVersion(MemorySegment major, MemorySegment minor) {
        var mh$ = nvrtcVersion.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(major, minor);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcCreateProgram {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcCreateProgram");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders, const char * const *headers, const char * const *includeNames); } */
    public static FunctionDescriptor nvrtcCreateProgram$descriptor() {
        return nvrtcCreateProgram.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders, const char * const *headers, const char * const *includeNames); } */
    public static MethodHandle nvrtcCreateProgram$handle() {
        return nvrtcCreateProgram.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders, const char * const *headers, const char * const *includeNames); } */
    public static MemorySegment nvrtcCreateProgram$address() {
        return nvrtcCreateProgram.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders, const char * const *headers, const char * const *includeNames); } */
    public static int nvrtcCreateProgram(MemorySegment prog, MemorySegment src, MemorySegment name, int numHeaders, MemorySegment headers, MemorySegment includeNames) {
        var mh$ = nvrtcCreateProgram.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(prog, src, name, numHeaders, headers, includeNames);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcDestroyProgram {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcDestroyProgram");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog); } */
    public static FunctionDescriptor nvrtcDestroyProgram$descriptor() {
        return nvrtcDestroyProgram.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog); } */
    public static MethodHandle nvrtcDestroyProgram$handle() {
        return nvrtcDestroyProgram.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog); } */
    public static MemorySegment nvrtcDestroyProgram$address() {
        return nvrtcDestroyProgram.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog); } */
    public static int nvrtcDestroyProgram(MemorySegment prog) {
        var mh$ = nvrtcDestroyProgram.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(prog);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcCompileProgram {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcCompileProgram");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char * const *options); } */
    public static FunctionDescriptor nvrtcCompileProgram$descriptor() {
        return nvrtcCompileProgram.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char * const *options); } */
    public static MethodHandle nvrtcCompileProgram$handle() {
        return nvrtcCompileProgram.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char * const *options); } */
    public static MemorySegment nvrtcCompileProgram$address() {
        return nvrtcCompileProgram.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char * const *options); } */
    public static int nvrtcCompileProgram(MemorySegment prog, int numOptions, MemorySegment options) {
        var mh$ = nvrtcCompileProgram.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(prog, numOptions, options);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcGetPTXSize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcGetPTXSize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet); } */
    public static FunctionDescriptor nvrtcGetPTXSize$descriptor() {
        return nvrtcGetPTXSize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet); } */
    public static MethodHandle nvrtcGetPTXSize$handle() {
        return nvrtcGetPTXSize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet); } */
    public static MemorySegment nvrtcGetPTXSize$address() {
        return nvrtcGetPTXSize.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet); } */
    public static int nvrtcGetPTXSize(MemorySegment prog, MemorySegment ptxSizeRet) {
        var mh$ = nvrtcGetPTXSize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(prog, ptxSizeRet);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcGetPTX {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcGetPTX");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx); } */
    public static FunctionDescriptor nvrtcGetPTX$descriptor() {
        return nvrtcGetPTX.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx); } */
    public static MethodHandle nvrtcGetPTX$handle() {
        return nvrtcGetPTX.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx); } */
    public static MemorySegment nvrtcGetPTX$address() {
        return nvrtcGetPTX.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx); } */
    public static int nvrtcGetPTX(MemorySegment prog, MemorySegment ptx) {
        var mh$ = nvrtcGetPTX.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(prog, ptx);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcGetProgramLogSize {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcGetProgramLogSize");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet); } */
    public static FunctionDescriptor nvrtcGetProgramLogSize$descriptor() {
        return nvrtcGetProgramLogSize.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet); } */
    public static MethodHandle nvrtcGetProgramLogSize$handle() {
        return nvrtcGetProgramLogSize.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet); } */
    public static MemorySegment nvrtcGetProgramLogSize$address() {
        return nvrtcGetProgramLogSize.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet); } */
    public static int nvrtcGetProgramLogSize(MemorySegment prog, MemorySegment logSizeRet) {
        var mh$ = nvrtcGetProgramLogSize.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(prog, logSizeRet);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvrtcGetProgramLog {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvrtc_h.C_INT,
            nvrtc_h.C_POINTER,
            nvrtc_h.C_POINTER);

        // Apart from DESC so that descriptors can be checked where the library is absent.
        private static class Linked {
            public static final MemorySegment ADDR = nvrtc_h.findOrThrow("nvrtcGetProgramLog");

            public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
        }
    }

    /** Function descriptor for: {@snippet lang=c : nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log); } */
    public static FunctionDescriptor nvrtcGetProgramLog$descriptor() {
        return nvrtcGetProgramLog.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log); } */
    public static MethodHandle nvrtcGetProgramLog$handle() {
        return nvrtcGetProgramLog.Linked.HANDLE;
    }

    /** Address for: {@snippet lang=c : nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log); } */
    public static MemorySegment nvrtcGetProgramLog$address() {
        return nvrtcGetProgramLog.Linked.ADDR;
    }

    /** {@snippet lang=c : nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log); } */
    public static int nvrtcGetProgramLog(MemorySegment prog, MemorySegment log) {
        var mh$ = nvrtcGetProgramLog.Linked.HANDLE;
        try {
            return (int) mh$.invokeExact(prog, log);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int NVRTC_SUCCESS = (int) 0L;

    /** {@snippet lang=c : enum NVRTC_SUCCESS = 0 } */
    public static int NVRTC_SUCCESS() {
        return NVRTC_SUCCESS;
    }
}
