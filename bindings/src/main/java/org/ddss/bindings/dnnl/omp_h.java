// Hand-maintained in the shape jextract generates; see bindings/README.md.
package org.ddss.bindings.dnnl;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The two OpenMP runtime calls oneDNN's thread count depends on ({@code omp.h}), resolved in
 * the OpenMP runtime that libdnnl itself uses ({@link DnnlLibrary#openMpLookup()}).
 */
@SuppressWarnings("restricted")
public final class omp_h {

    private omp_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;

    static final SymbolLookup SYMBOL_LOOKUP = DnnlLibrary.openMpLookup()
            .orElseThrow(() -> new UnsatisfiedLinkError(DnnlLibrary.openMpNote()));

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class omp_set_num_threads {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(omp_h.C_INT);

        public static final MemorySegment ADDR = omp_h.findOrThrow("omp_set_num_threads");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void omp_set_num_threads(int num_threads); } */
    public static FunctionDescriptor omp_set_num_threads$descriptor() {
        return omp_set_num_threads.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : void omp_set_num_threads(int num_threads); } */
    public static MethodHandle omp_set_num_threads$handle() {
        return omp_set_num_threads.HANDLE;
    }

    /** {@snippet lang=c : void omp_set_num_threads(int num_threads); } */
    public static void omp_set_num_threads(int num_threads) {
        var mh$ = omp_set_num_threads.HANDLE;
        try {
            mh$.invokeExact(num_threads);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class omp_get_max_threads {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(omp_h.C_INT);

        public static final MemorySegment ADDR = omp_h.findOrThrow("omp_get_max_threads");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int omp_get_max_threads(void); } */
    public static FunctionDescriptor omp_get_max_threads$descriptor() {
        return omp_get_max_threads.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int omp_get_max_threads(void); } */
    public static MethodHandle omp_get_max_threads$handle() {
        return omp_get_max_threads.HANDLE;
    }

    /** {@snippet lang=c : int omp_get_max_threads(void); } */
    public static int omp_get_max_threads() {
        var mh$ = omp_get_max_threads.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
