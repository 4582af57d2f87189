// Hand-maintained in the shape jextract generates (see bindings/README.md for the command that
// regenerates it); only the symbols listed in bindings/dnnl-symbols.txt.
package org.ddss.bindings.dnnl;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Downcalls and constants of oneDNN's C API ({@code oneapi/dnnl/dnnl.h}, version 3.13). */
// Restricted FFM calls are the point of this class; callers need --enable-native-access.
@SuppressWarnings({"unused", "restricted"})
public final class dnnl_h {

    private dnnl_h() {
        // Should not be called directly
    }

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    // The library is found and loaded by DnnlLibrary, at the first downcall (see bindings/README.md).
    static final SymbolLookup SYMBOL_LOOKUP = DnnlLibrary.lookup();

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    private static class dnnl_engine_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_LONG);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_engine_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_engine_create(dnnl_engine_t * engine, dnnl_engine_kind_t kind, size_t index); } */
    public static FunctionDescriptor dnnl_engine_create$descriptor() {
        return dnnl_engine_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_engine_create(dnnl_engine_t * engine, dnnl_engine_kind_t kind, size_t index); } */
    public static MethodHandle dnnl_engine_create$handle() {
        return dnnl_engine_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_engine_create(dnnl_engine_t * engine, dnnl_engine_kind_t kind, size_t index); } */
    public static MemorySegment dnnl_engine_create$address() {
        return dnnl_engine_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_engine_create(dnnl_engine_t * engine, dnnl_engine_kind_t kind, size_t index); } */
    public static int dnnl_engine_create(MemorySegment engine, int kind, long index) {
        var mh$ = dnnl_engine_create.HANDLE;
        try {
            return (int) mh$.invokeExact(engine, kind, index);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_engine_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_engine_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_engine_destroy(dnnl_engine_t engine); } */
    public static FunctionDescriptor dnnl_engine_destroy$descriptor() {
        return dnnl_engine_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_engine_destroy(dnnl_engine_t engine); } */
    public static MethodHandle dnnl_engine_destroy$handle() {
        return dnnl_engine_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_engine_destroy(dnnl_engine_t engine); } */
    public static MemorySegment dnnl_engine_destroy$address() {
        return dnnl_engine_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_engine_destroy(dnnl_engine_t engine); } */
    public static int dnnl_engine_destroy(MemorySegment engine) {
        var mh$ = dnnl_engine_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(engine);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_engine_get_count {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_LONG,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_engine_get_count");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : size_t dnnl_engine_get_count(dnnl_engine_kind_t kind); } */
    public static FunctionDescriptor dnnl_engine_get_count$descriptor() {
        return dnnl_engine_get_count.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : size_t dnnl_engine_get_count(dnnl_engine_kind_t kind); } */
    public static MethodHandle dnnl_engine_get_count$handle() {
        return dnnl_engine_get_count.HANDLE;
    }

    /** Address for: {@snippet lang=c : size_t dnnl_engine_get_count(dnnl_engine_kind_t kind); } */
    public static MemorySegment dnnl_engine_get_count$address() {
        return dnnl_engine_get_count.ADDR;
    }

    /** {@snippet lang=c : size_t dnnl_engine_get_count(dnnl_engine_kind_t kind); } */
    public static long dnnl_engine_get_count(int kind) {
        var mh$ = dnnl_engine_get_count.HANDLE;
        try {
            return (long) mh$.invokeExact(kind);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_stream_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_stream_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_stream_create(dnnl_stream_t * stream, dnnl_engine_t engine, unsigned flags); } */
    public static FunctionDescriptor dnnl_stream_create$descriptor() {
        return dnnl_stream_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_stream_create(dnnl_stream_t * stream, dnnl_engine_t engine, unsigned flags); } */
    public static MethodHandle dnnl_stream_create$handle() {
        return dnnl_stream_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_stream_create(dnnl_stream_t * stream, dnnl_engine_t engine, unsigned flags); } */
    public static MemorySegment dnnl_stream_create$address() {
        return dnnl_stream_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_stream_create(dnnl_stream_t * stream, dnnl_engine_t engine, unsigned flags); } */
    public static int dnnl_stream_create(MemorySegment stream, MemorySegment engine, int flags) {
        var mh$ = dnnl_stream_create.HANDLE;
        try {
            return (int) mh$.invokeExact(stream, engine, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_stream_wait {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_stream_wait");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_stream_wait(dnnl_stream_t stream); } */
    public static FunctionDescriptor dnnl_stream_wait$descriptor() {
        return dnnl_stream_wait.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_stream_wait(dnnl_stream_t stream); } */
    public static MethodHandle dnnl_stream_wait$handle() {
        return dnnl_stream_wait.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_stream_wait(dnnl_stream_t stream); } */
    public static MemorySegment dnnl_stream_wait$address() {
        return dnnl_stream_wait.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_stream_wait(dnnl_stream_t stream); } */
    public static int dnnl_stream_wait(MemorySegment stream) {
        var mh$ = dnnl_stream_wait.HANDLE;
        try {
            return (int) mh$.invokeExact(stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_stream_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_stream_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_stream_destroy(dnnl_stream_t stream); } */
    public static FunctionDescriptor dnnl_stream_destroy$descriptor() {
        return dnnl_stream_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_stream_destroy(dnnl_stream_t stream); } */
    public static MethodHandle dnnl_stream_destroy$handle() {
        return dnnl_stream_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_stream_destroy(dnnl_stream_t stream); } */
    public static MemorySegment dnnl_stream_destroy$address() {
        return dnnl_stream_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_stream_destroy(dnnl_stream_t stream); } */
    public static int dnnl_stream_destroy(MemorySegment stream) {
        var mh$ = dnnl_stream_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : const dnnl_version_t* dnnl_version(); } */
    public static FunctionDescriptor dnnl_version$descriptor() {
        return dnnl_version.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const dnnl_version_t* dnnl_version(); } */
    public static MethodHandle dnnl_version$handle() {
        return dnnl_version.HANDLE;
    }

    /** Address for: {@snippet lang=c : const dnnl_version_t* dnnl_version(); } */
    public static MemorySegment dnnl_version$address() {
        return dnnl_version.ADDR;
    }

    /** {@snippet lang=c : const dnnl_version_t* dnnl_version(); } */
    public static MemorySegment dnnl_version() {
        var mh$ = dnnl_version.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_get_effective_cpu_isa {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_get_effective_cpu_isa");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_cpu_isa_t dnnl_get_effective_cpu_isa(); } */
    public static FunctionDescriptor dnnl_get_effective_cpu_isa$descriptor() {
        return dnnl_get_effective_cpu_isa.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_cpu_isa_t dnnl_get_effective_cpu_isa(); } */
    public static MethodHandle dnnl_get_effective_cpu_isa$handle() {
        return dnnl_get_effective_cpu_isa.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_cpu_isa_t dnnl_get_effective_cpu_isa(); } */
    public static MemorySegment dnnl_get_effective_cpu_isa$address() {
        return dnnl_get_effective_cpu_isa.ADDR;
    }

    /** {@snippet lang=c : dnnl_cpu_isa_t dnnl_get_effective_cpu_isa(); } */
    public static int dnnl_get_effective_cpu_isa() {
        var mh$ = dnnl_get_effective_cpu_isa.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_set_max_cpu_isa {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_set_max_cpu_isa");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_set_max_cpu_isa(dnnl_cpu_isa_t isa); } */
    public static FunctionDescriptor dnnl_set_max_cpu_isa$descriptor() {
        return dnnl_set_max_cpu_isa.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_set_max_cpu_isa(dnnl_cpu_isa_t isa); } */
    public static MethodHandle dnnl_set_max_cpu_isa$handle() {
        return dnnl_set_max_cpu_isa.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_set_max_cpu_isa(dnnl_cpu_isa_t isa); } */
    public static MemorySegment dnnl_set_max_cpu_isa$address() {
        return dnnl_set_max_cpu_isa.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_set_max_cpu_isa(dnnl_cpu_isa_t isa); } */
    public static int dnnl_set_max_cpu_isa(int isa) {
        var mh$ = dnnl_set_max_cpu_isa.HANDLE;
        try {
            return (int) mh$.invokeExact(isa);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_set_verbose {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_set_verbose");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_set_verbose(int level); } */
    public static FunctionDescriptor dnnl_set_verbose$descriptor() {
        return dnnl_set_verbose.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_set_verbose(int level); } */
    public static MethodHandle dnnl_set_verbose$handle() {
        return dnnl_set_verbose.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_set_verbose(int level); } */
    public static MemorySegment dnnl_set_verbose$address() {
        return dnnl_set_verbose.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_set_verbose(int level); } */
    public static int dnnl_set_verbose(int level) {
        var mh$ = dnnl_set_verbose.HANDLE;
        try {
            return (int) mh$.invokeExact(level);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_set_primitive_cache_capacity {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_set_primitive_cache_capacity");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_set_primitive_cache_capacity(int capacity); } */
    public static FunctionDescriptor dnnl_set_primitive_cache_capacity$descriptor() {
        return dnnl_set_primitive_cache_capacity.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_set_primitive_cache_capacity(int capacity); } */
    public static MethodHandle dnnl_set_primitive_cache_capacity$handle() {
        return dnnl_set_primitive_cache_capacity.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_set_primitive_cache_capacity(int capacity); } */
    public static MemorySegment dnnl_set_primitive_cache_capacity$address() {
        return dnnl_set_primitive_cache_capacity.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_set_primitive_cache_capacity(int capacity); } */
    public static int dnnl_set_primitive_cache_capacity(int capacity) {
        var mh$ = dnnl_set_primitive_cache_capacity.HANDLE;
        try {
            return (int) mh$.invokeExact(capacity);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_desc_create_with_tag {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_desc_create_with_tag");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_tag(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, dnnl_format_tag_t tag); } */
    public static FunctionDescriptor dnnl_memory_desc_create_with_tag$descriptor() {
        return dnnl_memory_desc_create_with_tag.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_tag(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, dnnl_format_tag_t tag); } */
    public static MethodHandle dnnl_memory_desc_create_with_tag$handle() {
        return dnnl_memory_desc_create_with_tag.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_tag(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, dnnl_format_tag_t tag); } */
    public static MemorySegment dnnl_memory_desc_create_with_tag$address() {
        return dnnl_memory_desc_create_with_tag.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_tag(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, dnnl_format_tag_t tag); } */
    public static int dnnl_memory_desc_create_with_tag(MemorySegment memory_desc, int ndims, MemorySegment dims, int data_type, int tag) {
        var mh$ = dnnl_memory_desc_create_with_tag.HANDLE;
        try {
            return (int) mh$.invokeExact(memory_desc, ndims, dims, data_type, tag);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_desc_create_with_strides {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_desc_create_with_strides");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_strides(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, const dnnl_dims_t strides); } */
    public static FunctionDescriptor dnnl_memory_desc_create_with_strides$descriptor() {
        return dnnl_memory_desc_create_with_strides.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_strides(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, const dnnl_dims_t strides); } */
    public static MethodHandle dnnl_memory_desc_create_with_strides$handle() {
        return dnnl_memory_desc_create_with_strides.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_strides(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, const dnnl_dims_t strides); } */
    public static MemorySegment dnnl_memory_desc_create_with_strides$address() {
        return dnnl_memory_desc_create_with_strides.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_desc_create_with_strides(dnnl_memory_desc_t * memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, const dnnl_dims_t strides); } */
    public static int dnnl_memory_desc_create_with_strides(MemorySegment memory_desc, int ndims, MemorySegment dims, int data_type, MemorySegment strides) {
        var mh$ = dnnl_memory_desc_create_with_strides.HANDLE;
        try {
            return (int) mh$.invokeExact(memory_desc, ndims, dims, data_type, strides);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_desc_reshape {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_desc_reshape");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_reshape(dnnl_memory_desc_t * out_memory_desc, const_dnnl_memory_desc_t in_memory_desc, int ndims, const dnnl_dims_t dims); } */
    public static FunctionDescriptor dnnl_memory_desc_reshape$descriptor() {
        return dnnl_memory_desc_reshape.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_reshape(dnnl_memory_desc_t * out_memory_desc, const_dnnl_memory_desc_t in_memory_desc, int ndims, const dnnl_dims_t dims); } */
    public static MethodHandle dnnl_memory_desc_reshape$handle() {
        return dnnl_memory_desc_reshape.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_reshape(dnnl_memory_desc_t * out_memory_desc, const_dnnl_memory_desc_t in_memory_desc, int ndims, const dnnl_dims_t dims); } */
    public static MemorySegment dnnl_memory_desc_reshape$address() {
        return dnnl_memory_desc_reshape.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_desc_reshape(dnnl_memory_desc_t * out_memory_desc, const_dnnl_memory_desc_t in_memory_desc, int ndims, const dnnl_dims_t dims); } */
    public static int dnnl_memory_desc_reshape(MemorySegment out_memory_desc, MemorySegment in_memory_desc, int ndims, MemorySegment dims) {
        var mh$ = dnnl_memory_desc_reshape.HANDLE;
        try {
            return (int) mh$.invokeExact(out_memory_desc, in_memory_desc, ndims, dims);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_desc_query {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_desc_query");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_query(const_dnnl_memory_desc_t memory_desc, dnnl_query_t what, void * result); } */
    public static FunctionDescriptor dnnl_memory_desc_query$descriptor() {
        return dnnl_memory_desc_query.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_query(const_dnnl_memory_desc_t memory_desc, dnnl_query_t what, void * result); } */
    public static MethodHandle dnnl_memory_desc_query$handle() {
        return dnnl_memory_desc_query.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_query(const_dnnl_memory_desc_t memory_desc, dnnl_query_t what, void * result); } */
    public static MemorySegment dnnl_memory_desc_query$address() {
        return dnnl_memory_desc_query.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_desc_query(const_dnnl_memory_desc_t memory_desc, dnnl_query_t what, void * result); } */
    public static int dnnl_memory_desc_query(MemorySegment memory_desc, int what, MemorySegment result) {
        var mh$ = dnnl_memory_desc_query.HANDLE;
        try {
            return (int) mh$.invokeExact(memory_desc, what, result);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_desc_get_size {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_LONG,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_desc_get_size");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : size_t dnnl_memory_desc_get_size(const_dnnl_memory_desc_t memory_desc); } */
    public static FunctionDescriptor dnnl_memory_desc_get_size$descriptor() {
        return dnnl_memory_desc_get_size.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : size_t dnnl_memory_desc_get_size(const_dnnl_memory_desc_t memory_desc); } */
    public static MethodHandle dnnl_memory_desc_get_size$handle() {
        return dnnl_memory_desc_get_size.HANDLE;
    }

    /** Address for: {@snippet lang=c : size_t dnnl_memory_desc_get_size(const_dnnl_memory_desc_t memory_desc); } */
    public static MemorySegment dnnl_memory_desc_get_size$address() {
        return dnnl_memory_desc_get_size.ADDR;
    }

    /** {@snippet lang=c : size_t dnnl_memory_desc_get_size(const_dnnl_memory_desc_t memory_desc); } */
    public static long dnnl_memory_desc_get_size(MemorySegment memory_desc) {
        var mh$ = dnnl_memory_desc_get_size.HANDLE;
        try {
            return (long) mh$.invokeExact(memory_desc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_desc_equal {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_desc_equal");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int dnnl_memory_desc_equal(const_dnnl_memory_desc_t lhs, const_dnnl_memory_desc_t rhs); } */
    public static FunctionDescriptor dnnl_memory_desc_equal$descriptor() {
        return dnnl_memory_desc_equal.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int dnnl_memory_desc_equal(const_dnnl_memory_desc_t lhs, const_dnnl_memory_desc_t rhs); } */
    public static MethodHandle dnnl_memory_desc_equal$handle() {
        return dnnl_memory_desc_equal.HANDLE;
    }

    /** Address for: {@snippet lang=c : int dnnl_memory_desc_equal(const_dnnl_memory_desc_t lhs, const_dnnl_memory_desc_t rhs); } */
    public static MemorySegment dnnl_memory_desc_equal$address() {
        return dnnl_memory_desc_equal.ADDR;
    }

    /** {@snippet lang=c : int dnnl_memory_desc_equal(const_dnnl_memory_desc_t lhs, const_dnnl_memory_desc_t rhs); } */
    public static int dnnl_memory_desc_equal(MemorySegment lhs, MemorySegment rhs) {
        var mh$ = dnnl_memory_desc_equal.HANDLE;
        try {
            return (int) mh$.invokeExact(lhs, rhs);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_desc_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_desc_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_destroy(dnnl_memory_desc_t memory_desc); } */
    public static FunctionDescriptor dnnl_memory_desc_destroy$descriptor() {
        return dnnl_memory_desc_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_destroy(dnnl_memory_desc_t memory_desc); } */
    public static MethodHandle dnnl_memory_desc_destroy$handle() {
        return dnnl_memory_desc_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_desc_destroy(dnnl_memory_desc_t memory_desc); } */
    public static MemorySegment dnnl_memory_desc_destroy$address() {
        return dnnl_memory_desc_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_desc_destroy(dnnl_memory_desc_t memory_desc); } */
    public static int dnnl_memory_desc_destroy(MemorySegment memory_desc) {
        var mh$ = dnnl_memory_desc_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(memory_desc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_create(dnnl_memory_t * memory, const_dnnl_memory_desc_t memory_desc, dnnl_engine_t engine, void * handle); } */
    public static FunctionDescriptor dnnl_memory_create$descriptor() {
        return dnnl_memory_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_create(dnnl_memory_t * memory, const_dnnl_memory_desc_t memory_desc, dnnl_engine_t engine, void * handle); } */
    public static MethodHandle dnnl_memory_create$handle() {
        return dnnl_memory_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_create(dnnl_memory_t * memory, const_dnnl_memory_desc_t memory_desc, dnnl_engine_t engine, void * handle); } */
    public static MemorySegment dnnl_memory_create$address() {
        return dnnl_memory_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_create(dnnl_memory_t * memory, const_dnnl_memory_desc_t memory_desc, dnnl_engine_t engine, void * handle); } */
    public static int dnnl_memory_create(MemorySegment memory, MemorySegment memory_desc, MemorySegment engine, MemorySegment handle) {
        var mh$ = dnnl_memory_create.HANDLE;
        try {
            return (int) mh$.invokeExact(memory, memory_desc, engine, handle);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_get_memory_desc {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_get_memory_desc");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_get_memory_desc(const_dnnl_memory_t memory, const_dnnl_memory_desc_t * memory_desc); } */
    public static FunctionDescriptor dnnl_memory_get_memory_desc$descriptor() {
        return dnnl_memory_get_memory_desc.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_get_memory_desc(const_dnnl_memory_t memory, const_dnnl_memory_desc_t * memory_desc); } */
    public static MethodHandle dnnl_memory_get_memory_desc$handle() {
        return dnnl_memory_get_memory_desc.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_get_memory_desc(const_dnnl_memory_t memory, const_dnnl_memory_desc_t * memory_desc); } */
    public static MemorySegment dnnl_memory_get_memory_desc$address() {
        return dnnl_memory_get_memory_desc.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_get_memory_desc(const_dnnl_memory_t memory, const_dnnl_memory_desc_t * memory_desc); } */
    public static int dnnl_memory_get_memory_desc(MemorySegment memory, MemorySegment memory_desc) {
        var mh$ = dnnl_memory_get_memory_desc.HANDLE;
        try {
            return (int) mh$.invokeExact(memory, memory_desc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_get_data_handle {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_get_data_handle");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_get_data_handle(const_dnnl_memory_t memory, void ** handle); } */
    public static FunctionDescriptor dnnl_memory_get_data_handle$descriptor() {
        return dnnl_memory_get_data_handle.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_get_data_handle(const_dnnl_memory_t memory, void ** handle); } */
    public static MethodHandle dnnl_memory_get_data_handle$handle() {
        return dnnl_memory_get_data_handle.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_get_data_handle(const_dnnl_memory_t memory, void ** handle); } */
    public static MemorySegment dnnl_memory_get_data_handle$address() {
        return dnnl_memory_get_data_handle.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_get_data_handle(const_dnnl_memory_t memory, void ** handle); } */
    public static int dnnl_memory_get_data_handle(MemorySegment memory, MemorySegment handle) {
        var mh$ = dnnl_memory_get_data_handle.HANDLE;
        try {
            return (int) mh$.invokeExact(memory, handle);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_set_data_handle {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_set_data_handle");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_set_data_handle(dnnl_memory_t memory, void * handle); } */
    public static FunctionDescriptor dnnl_memory_set_data_handle$descriptor() {
        return dnnl_memory_set_data_handle.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_set_data_handle(dnnl_memory_t memory, void * handle); } */
    public static MethodHandle dnnl_memory_set_data_handle$handle() {
        return dnnl_memory_set_data_handle.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_set_data_handle(dnnl_memory_t memory, void * handle); } */
    public static MemorySegment dnnl_memory_set_data_handle$address() {
        return dnnl_memory_set_data_handle.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_set_data_handle(dnnl_memory_t memory, void * handle); } */
    public static int dnnl_memory_set_data_handle(MemorySegment memory, MemorySegment handle) {
        var mh$ = dnnl_memory_set_data_handle.HANDLE;
        try {
            return (int) mh$.invokeExact(memory, handle);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_memory_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_memory_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_memory_destroy(dnnl_memory_t memory); } */
    public static FunctionDescriptor dnnl_memory_destroy$descriptor() {
        return dnnl_memory_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_memory_destroy(dnnl_memory_t memory); } */
    public static MethodHandle dnnl_memory_destroy$handle() {
        return dnnl_memory_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_memory_destroy(dnnl_memory_t memory); } */
    public static MemorySegment dnnl_memory_destroy$address() {
        return dnnl_memory_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_memory_destroy(dnnl_memory_t memory); } */
    public static int dnnl_memory_destroy(MemorySegment memory) {
        var mh$ = dnnl_memory_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(memory);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_desc_query {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_desc_query");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_query(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index, void * result); } */
    public static FunctionDescriptor dnnl_primitive_desc_query$descriptor() {
        return dnnl_primitive_desc_query.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_query(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index, void * result); } */
    public static MethodHandle dnnl_primitive_desc_query$handle() {
        return dnnl_primitive_desc_query.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_query(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index, void * result); } */
    public static MemorySegment dnnl_primitive_desc_query$address() {
        return dnnl_primitive_desc_query.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_query(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index, void * result); } */
    public static int dnnl_primitive_desc_query(MemorySegment primitive_desc, int what, int index, MemorySegment result) {
        var mh$ = dnnl_primitive_desc_query.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, what, index, result);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_desc_query_md {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_desc_query_md");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : const_dnnl_memory_desc_t dnnl_primitive_desc_query_md(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static FunctionDescriptor dnnl_primitive_desc_query_md$descriptor() {
        return dnnl_primitive_desc_query_md.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : const_dnnl_memory_desc_t dnnl_primitive_desc_query_md(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static MethodHandle dnnl_primitive_desc_query_md$handle() {
        return dnnl_primitive_desc_query_md.HANDLE;
    }

    /** Address for: {@snippet lang=c : const_dnnl_memory_desc_t dnnl_primitive_desc_query_md(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static MemorySegment dnnl_primitive_desc_query_md$address() {
        return dnnl_primitive_desc_query_md.ADDR;
    }

    /** {@snippet lang=c : const_dnnl_memory_desc_t dnnl_primitive_desc_query_md(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static MemorySegment dnnl_primitive_desc_query_md(MemorySegment primitive_desc, int what, int index) {
        var mh$ = dnnl_primitive_desc_query_md.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(primitive_desc, what, index);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_desc_query_s32 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_desc_query_s32");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int dnnl_primitive_desc_query_s32(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static FunctionDescriptor dnnl_primitive_desc_query_s32$descriptor() {
        return dnnl_primitive_desc_query_s32.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : int dnnl_primitive_desc_query_s32(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static MethodHandle dnnl_primitive_desc_query_s32$handle() {
        return dnnl_primitive_desc_query_s32.HANDLE;
    }

    /** Address for: {@snippet lang=c : int dnnl_primitive_desc_query_s32(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static MemorySegment dnnl_primitive_desc_query_s32$address() {
        return dnnl_primitive_desc_query_s32.ADDR;
    }

    /** {@snippet lang=c : int dnnl_primitive_desc_query_s32(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index); } */
    public static int dnnl_primitive_desc_query_s32(MemorySegment primitive_desc, int what, int index) {
        var mh$ = dnnl_primitive_desc_query_s32.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, what, index);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_desc_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_desc_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_destroy(dnnl_primitive_desc_t primitive_desc); } */
    public static FunctionDescriptor dnnl_primitive_desc_destroy$descriptor() {
        return dnnl_primitive_desc_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_destroy(dnnl_primitive_desc_t primitive_desc); } */
    public static MethodHandle dnnl_primitive_desc_destroy$handle() {
        return dnnl_primitive_desc_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_destroy(dnnl_primitive_desc_t primitive_desc); } */
    public static MemorySegment dnnl_primitive_desc_destroy$address() {
        return dnnl_primitive_desc_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_desc_destroy(dnnl_primitive_desc_t primitive_desc); } */
    public static int dnnl_primitive_desc_destroy(MemorySegment primitive_desc) {
        var mh$ = dnnl_primitive_desc_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_create(dnnl_primitive_t * primitive, const_dnnl_primitive_desc_t primitive_desc); } */
    public static FunctionDescriptor dnnl_primitive_create$descriptor() {
        return dnnl_primitive_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_create(dnnl_primitive_t * primitive, const_dnnl_primitive_desc_t primitive_desc); } */
    public static MethodHandle dnnl_primitive_create$handle() {
        return dnnl_primitive_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_create(dnnl_primitive_t * primitive, const_dnnl_primitive_desc_t primitive_desc); } */
    public static MemorySegment dnnl_primitive_create$address() {
        return dnnl_primitive_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_create(dnnl_primitive_t * primitive, const_dnnl_primitive_desc_t primitive_desc); } */
    public static int dnnl_primitive_create(MemorySegment primitive, MemorySegment primitive_desc) {
        var mh$ = dnnl_primitive_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive, primitive_desc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_execute {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_execute");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_execute(const_dnnl_primitive_t primitive, dnnl_stream_t stream, int nargs, const dnnl_exec_arg_t * args); } */
    public static FunctionDescriptor dnnl_primitive_execute$descriptor() {
        return dnnl_primitive_execute.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_execute(const_dnnl_primitive_t primitive, dnnl_stream_t stream, int nargs, const dnnl_exec_arg_t * args); } */
    public static MethodHandle dnnl_primitive_execute$handle() {
        return dnnl_primitive_execute.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_execute(const_dnnl_primitive_t primitive, dnnl_stream_t stream, int nargs, const dnnl_exec_arg_t * args); } */
    public static MemorySegment dnnl_primitive_execute$address() {
        return dnnl_primitive_execute.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_execute(const_dnnl_primitive_t primitive, dnnl_stream_t stream, int nargs, const dnnl_exec_arg_t * args); } */
    public static int dnnl_primitive_execute(MemorySegment primitive, MemorySegment stream, int nargs, MemorySegment args) {
        var mh$ = dnnl_primitive_execute.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive, stream, nargs, args);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_destroy(dnnl_primitive_t primitive); } */
    public static FunctionDescriptor dnnl_primitive_destroy$descriptor() {
        return dnnl_primitive_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_destroy(dnnl_primitive_t primitive); } */
    public static MethodHandle dnnl_primitive_destroy$handle() {
        return dnnl_primitive_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_destroy(dnnl_primitive_t primitive); } */
    public static MemorySegment dnnl_primitive_destroy$address() {
        return dnnl_primitive_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_destroy(dnnl_primitive_t primitive); } */
    public static int dnnl_primitive_destroy(MemorySegment primitive) {
        var mh$ = dnnl_primitive_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_attr_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_attr_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_create(dnnl_primitive_attr_t * attr); } */
    public static FunctionDescriptor dnnl_primitive_attr_create$descriptor() {
        return dnnl_primitive_attr_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_create(dnnl_primitive_attr_t * attr); } */
    public static MethodHandle dnnl_primitive_attr_create$handle() {
        return dnnl_primitive_attr_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_create(dnnl_primitive_attr_t * attr); } */
    public static MemorySegment dnnl_primitive_attr_create$address() {
        return dnnl_primitive_attr_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_create(dnnl_primitive_attr_t * attr); } */
    public static int dnnl_primitive_attr_create(MemorySegment attr) {
        var mh$ = dnnl_primitive_attr_create.HANDLE;
        try {
            return (int) mh$.invokeExact(attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_attr_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_attr_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_destroy(dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_primitive_attr_destroy$descriptor() {
        return dnnl_primitive_attr_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_destroy(dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_primitive_attr_destroy$handle() {
        return dnnl_primitive_attr_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_destroy(dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_primitive_attr_destroy$address() {
        return dnnl_primitive_attr_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_destroy(dnnl_primitive_attr_t attr); } */
    public static int dnnl_primitive_attr_destroy(MemorySegment attr) {
        var mh$ = dnnl_primitive_attr_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_attr_set_scratchpad_mode {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_attr_set_scratchpad_mode");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_scratchpad_mode(dnnl_primitive_attr_t attr, dnnl_scratchpad_mode_t mode); } */
    public static FunctionDescriptor dnnl_primitive_attr_set_scratchpad_mode$descriptor() {
        return dnnl_primitive_attr_set_scratchpad_mode.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_scratchpad_mode(dnnl_primitive_attr_t attr, dnnl_scratchpad_mode_t mode); } */
    public static MethodHandle dnnl_primitive_attr_set_scratchpad_mode$handle() {
        return dnnl_primitive_attr_set_scratchpad_mode.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_scratchpad_mode(dnnl_primitive_attr_t attr, dnnl_scratchpad_mode_t mode); } */
    public static MemorySegment dnnl_primitive_attr_set_scratchpad_mode$address() {
        return dnnl_primitive_attr_set_scratchpad_mode.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_scratchpad_mode(dnnl_primitive_attr_t attr, dnnl_scratchpad_mode_t mode); } */
    public static int dnnl_primitive_attr_set_scratchpad_mode(MemorySegment attr, int mode) {
        var mh$ = dnnl_primitive_attr_set_scratchpad_mode.HANDLE;
        try {
            return (int) mh$.invokeExact(attr, mode);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_primitive_attr_set_post_ops {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_primitive_attr_set_post_ops");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_post_ops(dnnl_primitive_attr_t attr, const_dnnl_post_ops_t post_ops); } */
    public static FunctionDescriptor dnnl_primitive_attr_set_post_ops$descriptor() {
        return dnnl_primitive_attr_set_post_ops.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_post_ops(dnnl_primitive_attr_t attr, const_dnnl_post_ops_t post_ops); } */
    public static MethodHandle dnnl_primitive_attr_set_post_ops$handle() {
        return dnnl_primitive_attr_set_post_ops.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_post_ops(dnnl_primitive_attr_t attr, const_dnnl_post_ops_t post_ops); } */
    public static MemorySegment dnnl_primitive_attr_set_post_ops$address() {
        return dnnl_primitive_attr_set_post_ops.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_primitive_attr_set_post_ops(dnnl_primitive_attr_t attr, const_dnnl_post_ops_t post_ops); } */
    public static int dnnl_primitive_attr_set_post_ops(MemorySegment attr, MemorySegment post_ops) {
        var mh$ = dnnl_primitive_attr_set_post_ops.HANDLE;
        try {
            return (int) mh$.invokeExact(attr, post_ops);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_post_ops_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_post_ops_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_create(dnnl_post_ops_t * post_ops); } */
    public static FunctionDescriptor dnnl_post_ops_create$descriptor() {
        return dnnl_post_ops_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_create(dnnl_post_ops_t * post_ops); } */
    public static MethodHandle dnnl_post_ops_create$handle() {
        return dnnl_post_ops_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_create(dnnl_post_ops_t * post_ops); } */
    public static MemorySegment dnnl_post_ops_create$address() {
        return dnnl_post_ops_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_post_ops_create(dnnl_post_ops_t * post_ops); } */
    public static int dnnl_post_ops_create(MemorySegment post_ops) {
        var mh$ = dnnl_post_ops_create.HANDLE;
        try {
            return (int) mh$.invokeExact(post_ops);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_post_ops_append_eltwise {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_FLOAT,
            dnnl_h.C_FLOAT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_post_ops_append_eltwise");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_eltwise(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, float alpha, float beta); } */
    public static FunctionDescriptor dnnl_post_ops_append_eltwise$descriptor() {
        return dnnl_post_ops_append_eltwise.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_eltwise(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, float alpha, float beta); } */
    public static MethodHandle dnnl_post_ops_append_eltwise$handle() {
        return dnnl_post_ops_append_eltwise.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_eltwise(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, float alpha, float beta); } */
    public static MemorySegment dnnl_post_ops_append_eltwise$address() {
        return dnnl_post_ops_append_eltwise.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_eltwise(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, float alpha, float beta); } */
    public static int dnnl_post_ops_append_eltwise(MemorySegment post_ops, int alg_kind, float alpha, float beta) {
        var mh$ = dnnl_post_ops_append_eltwise.HANDLE;
        try {
            return (int) mh$.invokeExact(post_ops, alg_kind, alpha, beta);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_post_ops_append_sum {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_FLOAT,
            dnnl_h.C_INT,
            dnnl_h.C_INT);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_post_ops_append_sum");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_sum(dnnl_post_ops_t post_ops, float scale, int32_t zero_point, dnnl_data_type_t data_type); } */
    public static FunctionDescriptor dnnl_post_ops_append_sum$descriptor() {
        return dnnl_post_ops_append_sum.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_sum(dnnl_post_ops_t post_ops, float scale, int32_t zero_point, dnnl_data_type_t data_type); } */
    public static MethodHandle dnnl_post_ops_append_sum$handle() {
        return dnnl_post_ops_append_sum.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_sum(dnnl_post_ops_t post_ops, float scale, int32_t zero_point, dnnl_data_type_t data_type); } */
    public static MemorySegment dnnl_post_ops_append_sum$address() {
        return dnnl_post_ops_append_sum.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_sum(dnnl_post_ops_t post_ops, float scale, int32_t zero_point, dnnl_data_type_t data_type); } */
    public static int dnnl_post_ops_append_sum(MemorySegment post_ops, float scale, int zero_point, int data_type) {
        var mh$ = dnnl_post_ops_append_sum.HANDLE;
        try {
            return (int) mh$.invokeExact(post_ops, scale, zero_point, data_type);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_post_ops_append_binary {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_post_ops_append_binary");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_binary(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src1_desc); } */
    public static FunctionDescriptor dnnl_post_ops_append_binary$descriptor() {
        return dnnl_post_ops_append_binary.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_binary(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src1_desc); } */
    public static MethodHandle dnnl_post_ops_append_binary$handle() {
        return dnnl_post_ops_append_binary.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_binary(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src1_desc); } */
    public static MemorySegment dnnl_post_ops_append_binary$address() {
        return dnnl_post_ops_append_binary.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_post_ops_append_binary(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src1_desc); } */
    public static int dnnl_post_ops_append_binary(MemorySegment post_ops, int alg_kind, MemorySegment src1_desc) {
        var mh$ = dnnl_post_ops_append_binary.HANDLE;
        try {
            return (int) mh$.invokeExact(post_ops, alg_kind, src1_desc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_post_ops_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_post_ops_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_destroy(dnnl_post_ops_t post_ops); } */
    public static FunctionDescriptor dnnl_post_ops_destroy$descriptor() {
        return dnnl_post_ops_destroy.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_destroy(dnnl_post_ops_t post_ops); } */
    public static MethodHandle dnnl_post_ops_destroy$handle() {
        return dnnl_post_ops_destroy.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_post_ops_destroy(dnnl_post_ops_t post_ops); } */
    public static MemorySegment dnnl_post_ops_destroy$address() {
        return dnnl_post_ops_destroy.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_post_ops_destroy(dnnl_post_ops_t post_ops); } */
    public static int dnnl_post_ops_destroy(MemorySegment post_ops) {
        var mh$ = dnnl_post_ops_destroy.HANDLE;
        try {
            return (int) mh$.invokeExact(post_ops);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_convolution_forward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_convolution_forward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_convolution_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_convolution_forward_primitive_desc_create$descriptor() {
        return dnnl_convolution_forward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_convolution_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_convolution_forward_primitive_desc_create$handle() {
        return dnnl_convolution_forward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_convolution_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_convolution_forward_primitive_desc_create$address() {
        return dnnl_convolution_forward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_convolution_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_convolution_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment weights_desc, MemorySegment bias_desc, MemorySegment dst_desc, MemorySegment strides, MemorySegment dilates, MemorySegment padding_l, MemorySegment padding_r, MemorySegment attr) {
        var mh$ = dnnl_convolution_forward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, weights_desc, bias_desc, dst_desc, strides, dilates, padding_l, padding_r, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_convolution_backward_data_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_convolution_backward_data_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_convolution_backward_data_primitive_desc_create$descriptor() {
        return dnnl_convolution_backward_data_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_convolution_backward_data_primitive_desc_create$handle() {
        return dnnl_convolution_backward_data_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_convolution_backward_data_primitive_desc_create$address() {
        return dnnl_convolution_backward_data_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_convolution_backward_data_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment weights_desc, MemorySegment diff_dst_desc, MemorySegment strides, MemorySegment dilates, MemorySegment padding_l, MemorySegment padding_r, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_convolution_backward_data_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, weights_desc, diff_dst_desc, strides, dilates, padding_l, padding_r, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_convolution_backward_weights_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_convolution_backward_weights_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_convolution_backward_weights_primitive_desc_create$descriptor() {
        return dnnl_convolution_backward_weights_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_convolution_backward_weights_primitive_desc_create$handle() {
        return dnnl_convolution_backward_weights_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_convolution_backward_weights_primitive_desc_create$address() {
        return dnnl_convolution_backward_weights_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_convolution_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_convolution_backward_weights_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment src_desc, MemorySegment diff_weights_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_desc, MemorySegment strides, MemorySegment dilates, MemorySegment padding_l, MemorySegment padding_r, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_convolution_backward_weights_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, src_desc, diff_weights_desc, diff_bias_desc, diff_dst_desc, strides, dilates, padding_l, padding_r, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_inner_product_forward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_inner_product_forward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_inner_product_forward_primitive_desc_create$descriptor() {
        return dnnl_inner_product_forward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_inner_product_forward_primitive_desc_create$handle() {
        return dnnl_inner_product_forward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_inner_product_forward_primitive_desc_create$address() {
        return dnnl_inner_product_forward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_inner_product_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_inner_product_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment src_desc, MemorySegment weights_desc, MemorySegment bias_desc, MemorySegment dst_desc, MemorySegment attr) {
        var mh$ = dnnl_inner_product_forward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, src_desc, weights_desc, bias_desc, dst_desc, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_inner_product_backward_data_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_inner_product_backward_data_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_inner_product_backward_data_primitive_desc_create$descriptor() {
        return dnnl_inner_product_backward_data_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_inner_product_backward_data_primitive_desc_create$handle() {
        return dnnl_inner_product_backward_data_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_inner_product_backward_data_primitive_desc_create$address() {
        return dnnl_inner_product_backward_data_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_data_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_inner_product_backward_data_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, MemorySegment diff_src_desc, MemorySegment weights_desc, MemorySegment diff_dst_desc, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_inner_product_backward_data_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, diff_src_desc, weights_desc, diff_dst_desc, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_inner_product_backward_weights_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_inner_product_backward_weights_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_inner_product_backward_weights_primitive_desc_create$descriptor() {
        return dnnl_inner_product_backward_weights_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_inner_product_backward_weights_primitive_desc_create$handle() {
        return dnnl_inner_product_backward_weights_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_inner_product_backward_weights_primitive_desc_create$address() {
        return dnnl_inner_product_backward_weights_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_inner_product_backward_weights_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_inner_product_backward_weights_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, MemorySegment src_desc, MemorySegment diff_weights_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_desc, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_inner_product_backward_weights_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, src_desc, diff_weights_desc, diff_bias_desc, diff_dst_desc, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_matmul_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_matmul_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_matmul_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_matmul_primitive_desc_create$descriptor() {
        return dnnl_matmul_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_matmul_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_matmul_primitive_desc_create$handle() {
        return dnnl_matmul_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_matmul_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_matmul_primitive_desc_create$address() {
        return dnnl_matmul_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_matmul_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_matmul_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, MemorySegment src_desc, MemorySegment weights_desc, MemorySegment bias_desc, MemorySegment dst_desc, MemorySegment attr) {
        var mh$ = dnnl_matmul_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, src_desc, weights_desc, bias_desc, dst_desc, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_eltwise_forward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_FLOAT,
            dnnl_h.C_FLOAT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_eltwise_forward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_eltwise_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float alpha, float beta, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_eltwise_forward_primitive_desc_create$descriptor() {
        return dnnl_eltwise_forward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_eltwise_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float alpha, float beta, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_eltwise_forward_primitive_desc_create$handle() {
        return dnnl_eltwise_forward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_eltwise_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float alpha, float beta, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_eltwise_forward_primitive_desc_create$address() {
        return dnnl_eltwise_forward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_eltwise_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float alpha, float beta, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_eltwise_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, float alpha, float beta, MemorySegment attr) {
        var mh$ = dnnl_eltwise_forward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, dst_desc, alpha, beta, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_eltwise_backward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_FLOAT,
            dnnl_h.C_FLOAT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_eltwise_backward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_eltwise_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t data_desc, float alpha, float beta, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_eltwise_backward_primitive_desc_create$descriptor() {
        return dnnl_eltwise_backward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_eltwise_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t data_desc, float alpha, float beta, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_eltwise_backward_primitive_desc_create$handle() {
        return dnnl_eltwise_backward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_eltwise_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t data_desc, float alpha, float beta, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_eltwise_backward_primitive_desc_create$address() {
        return dnnl_eltwise_backward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_eltwise_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t data_desc, float alpha, float beta, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_eltwise_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment data_desc, float alpha, float beta, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_eltwise_backward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, diff_dst_desc, data_desc, alpha, beta, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_group_normalization_forward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_LONG,
            dnnl_h.C_FLOAT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_group_normalization_forward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_group_normalization_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_group_normalization_forward_primitive_desc_create$descriptor() {
        return dnnl_group_normalization_forward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_group_normalization_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_group_normalization_forward_primitive_desc_create$handle() {
        return dnnl_group_normalization_forward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_group_normalization_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_group_normalization_forward_primitive_desc_create$address() {
        return dnnl_group_normalization_forward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_group_normalization_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_group_normalization_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment src_desc, MemorySegment dst_desc, long groups, float epsilon, int flags, MemorySegment attr) {
        var mh$ = dnnl_group_normalization_forward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, src_desc, dst_desc, groups, epsilon, flags, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_group_normalization_backward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_LONG,
            dnnl_h.C_FLOAT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_group_normalization_backward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_group_normalization_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t src_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_group_normalization_backward_primitive_desc_create$descriptor() {
        return dnnl_group_normalization_backward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_group_normalization_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t src_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_group_normalization_backward_primitive_desc_create$handle() {
        return dnnl_group_normalization_backward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_group_normalization_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t src_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_group_normalization_backward_primitive_desc_create$address() {
        return dnnl_group_normalization_backward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_group_normalization_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t src_desc, dnnl_dim_t groups, float epsilon, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_group_normalization_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment src_desc, long groups, float epsilon, int flags, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_group_normalization_backward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, diff_src_desc, diff_dst_desc, src_desc, groups, epsilon, flags, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_softmax_forward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_softmax_forward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_softmax_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_softmax_forward_primitive_desc_create$descriptor() {
        return dnnl_softmax_forward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_softmax_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_softmax_forward_primitive_desc_create$handle() {
        return dnnl_softmax_forward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_softmax_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_softmax_forward_primitive_desc_create$address() {
        return dnnl_softmax_forward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_softmax_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_softmax_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, int softmax_axis, MemorySegment attr) {
        var mh$ = dnnl_softmax_forward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, dst_desc, softmax_axis, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_softmax_backward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_softmax_backward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_softmax_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_softmax_backward_primitive_desc_create$descriptor() {
        return dnnl_softmax_backward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_softmax_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_softmax_backward_primitive_desc_create$handle() {
        return dnnl_softmax_backward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_softmax_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_softmax_backward_primitive_desc_create$address() {
        return dnnl_softmax_backward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_softmax_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_softmax_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment dst_desc, int softmax_axis, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_softmax_backward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, diff_dst_desc, dst_desc, softmax_axis, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_binary_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_binary_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_binary_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src0_desc, const_dnnl_memory_desc_t src1_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_binary_primitive_desc_create$descriptor() {
        return dnnl_binary_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_binary_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src0_desc, const_dnnl_memory_desc_t src1_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_binary_primitive_desc_create$handle() {
        return dnnl_binary_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_binary_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src0_desc, const_dnnl_memory_desc_t src1_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_binary_primitive_desc_create$address() {
        return dnnl_binary_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_binary_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src0_desc, const_dnnl_memory_desc_t src1_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_binary_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment src0_desc, MemorySegment src1_desc, MemorySegment dst_desc, MemorySegment attr) {
        var mh$ = dnnl_binary_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, src0_desc, src1_desc, dst_desc, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_resampling_forward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_resampling_forward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_resampling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_resampling_forward_primitive_desc_create$descriptor() {
        return dnnl_resampling_forward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_resampling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_resampling_forward_primitive_desc_create$handle() {
        return dnnl_resampling_forward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_resampling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_resampling_forward_primitive_desc_create$address() {
        return dnnl_resampling_forward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_resampling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_resampling_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment factors, MemorySegment src_desc, MemorySegment dst_desc, MemorySegment attr) {
        var mh$ = dnnl_resampling_forward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, alg_kind, factors, src_desc, dst_desc, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_resampling_backward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_resampling_backward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_resampling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_resampling_backward_primitive_desc_create$descriptor() {
        return dnnl_resampling_backward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_resampling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_resampling_backward_primitive_desc_create$handle() {
        return dnnl_resampling_backward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_resampling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_resampling_backward_primitive_desc_create$address() {
        return dnnl_resampling_backward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_resampling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const float * factors, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_resampling_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment factors, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_resampling_backward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, factors, diff_src_desc, diff_dst_desc, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_pooling_forward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_pooling_forward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_pooling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_pooling_forward_primitive_desc_create$descriptor() {
        return dnnl_pooling_forward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_pooling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_pooling_forward_primitive_desc_create$handle() {
        return dnnl_pooling_forward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_pooling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_pooling_forward_primitive_desc_create$address() {
        return dnnl_pooling_forward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_pooling_forward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_pooling_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, MemorySegment strides, MemorySegment kernel, MemorySegment dilation, MemorySegment padding_l, MemorySegment padding_r, MemorySegment attr) {
        var mh$ = dnnl_pooling_forward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, dst_desc, strides, kernel, dilation, padding_l, padding_r, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_pooling_backward_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_pooling_backward_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_pooling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_pooling_backward_primitive_desc_create$descriptor() {
        return dnnl_pooling_backward_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_pooling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_pooling_backward_primitive_desc_create$handle() {
        return dnnl_pooling_backward_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_pooling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_pooling_backward_primitive_desc_create$address() {
        return dnnl_pooling_backward_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_pooling_backward_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_pooling_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment strides, MemorySegment kernel, MemorySegment dilation, MemorySegment padding_l, MemorySegment padding_r, MemorySegment hint_fwd_pd, MemorySegment attr) {
        var mh$ = dnnl_pooling_backward_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, diff_dst_desc, strides, kernel, dilation, padding_l, padding_r, hint_fwd_pd, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_reorder_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_reorder_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_reorder_primitive_desc_create(dnnl_primitive_desc_t * reorder_primitive_desc, const_dnnl_memory_desc_t src_desc, dnnl_engine_t src_engine, const_dnnl_memory_desc_t dst_desc, dnnl_engine_t dst_engine, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_reorder_primitive_desc_create$descriptor() {
        return dnnl_reorder_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_reorder_primitive_desc_create(dnnl_primitive_desc_t * reorder_primitive_desc, const_dnnl_memory_desc_t src_desc, dnnl_engine_t src_engine, const_dnnl_memory_desc_t dst_desc, dnnl_engine_t dst_engine, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_reorder_primitive_desc_create$handle() {
        return dnnl_reorder_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_reorder_primitive_desc_create(dnnl_primitive_desc_t * reorder_primitive_desc, const_dnnl_memory_desc_t src_desc, dnnl_engine_t src_engine, const_dnnl_memory_desc_t dst_desc, dnnl_engine_t dst_engine, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_reorder_primitive_desc_create$address() {
        return dnnl_reorder_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_reorder_primitive_desc_create(dnnl_primitive_desc_t * reorder_primitive_desc, const_dnnl_memory_desc_t src_desc, dnnl_engine_t src_engine, const_dnnl_memory_desc_t dst_desc, dnnl_engine_t dst_engine, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_reorder_primitive_desc_create(MemorySegment reorder_primitive_desc, MemorySegment src_desc, MemorySegment src_engine, MemorySegment dst_desc, MemorySegment dst_engine, MemorySegment attr) {
        var mh$ = dnnl_reorder_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(reorder_primitive_desc, src_desc, src_engine, dst_desc, dst_engine, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_concat_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_concat_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_concat_primitive_desc_create(dnnl_primitive_desc_t * concat_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, int concat_dimension, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_concat_primitive_desc_create$descriptor() {
        return dnnl_concat_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_concat_primitive_desc_create(dnnl_primitive_desc_t * concat_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, int concat_dimension, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_concat_primitive_desc_create$handle() {
        return dnnl_concat_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_concat_primitive_desc_create(dnnl_primitive_desc_t * concat_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, int concat_dimension, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_concat_primitive_desc_create$address() {
        return dnnl_concat_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_concat_primitive_desc_create(dnnl_primitive_desc_t * concat_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, int concat_dimension, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_concat_primitive_desc_create(MemorySegment concat_primitive_desc, MemorySegment engine, MemorySegment dst_desc, int n, int concat_dimension, MemorySegment src_descs, MemorySegment attr) {
        var mh$ = dnnl_concat_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(concat_primitive_desc, engine, dst_desc, n, concat_dimension, src_descs, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_sum_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_sum_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_sum_primitive_desc_create(dnnl_primitive_desc_t * sum_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, const float * scales, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_sum_primitive_desc_create$descriptor() {
        return dnnl_sum_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_sum_primitive_desc_create(dnnl_primitive_desc_t * sum_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, const float * scales, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_sum_primitive_desc_create$handle() {
        return dnnl_sum_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_sum_primitive_desc_create(dnnl_primitive_desc_t * sum_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, const float * scales, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_sum_primitive_desc_create$address() {
        return dnnl_sum_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_sum_primitive_desc_create(dnnl_primitive_desc_t * sum_primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t dst_desc, int n, const float * scales, const_dnnl_memory_desc_t const * src_descs, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_sum_primitive_desc_create(MemorySegment sum_primitive_desc, MemorySegment engine, MemorySegment dst_desc, int n, MemorySegment scales, MemorySegment src_descs, MemorySegment attr) {
        var mh$ = dnnl_sum_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(sum_primitive_desc, engine, dst_desc, n, scales, src_descs, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_reduction_primitive_desc_create {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_INT,
            dnnl_h.C_POINTER,
            dnnl_h.C_POINTER,
            dnnl_h.C_FLOAT,
            dnnl_h.C_FLOAT,
            dnnl_h.C_POINTER);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_reduction_primitive_desc_create");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_reduction_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float p, float eps, const_dnnl_primitive_attr_t attr); } */
    public static FunctionDescriptor dnnl_reduction_primitive_desc_create$descriptor() {
        return dnnl_reduction_primitive_desc_create.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_reduction_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float p, float eps, const_dnnl_primitive_attr_t attr); } */
    public static MethodHandle dnnl_reduction_primitive_desc_create$handle() {
        return dnnl_reduction_primitive_desc_create.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_reduction_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float p, float eps, const_dnnl_primitive_attr_t attr); } */
    public static MemorySegment dnnl_reduction_primitive_desc_create$address() {
        return dnnl_reduction_primitive_desc_create.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_reduction_primitive_desc_create(dnnl_primitive_desc_t * primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float p, float eps, const_dnnl_primitive_attr_t attr); } */
    public static int dnnl_reduction_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, float p, float eps, MemorySegment attr) {
        var mh$ = dnnl_reduction_primitive_desc_create.HANDLE;
        try {
            return (int) mh$.invokeExact(primitive_desc, engine, alg_kind, src_desc, dst_desc, p, eps, attr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class dnnl_sgemm {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            dnnl_h.C_INT,
            dnnl_h.C_CHAR,
            dnnl_h.C_CHAR,
            dnnl_h.C_LONG,
            dnnl_h.C_LONG,
            dnnl_h.C_LONG,
            dnnl_h.C_FLOAT,
            dnnl_h.C_POINTER,
            dnnl_h.C_LONG,
            dnnl_h.C_POINTER,
            dnnl_h.C_LONG,
            dnnl_h.C_FLOAT,
            dnnl_h.C_POINTER,
            dnnl_h.C_LONG);

        public static final MemorySegment ADDR = dnnl_h.findOrThrow("dnnl_sgemm");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K, float alpha, const float * A, dnnl_dim_t lda, const float * B, dnnl_dim_t ldb, float beta, float * C, dnnl_dim_t ldc); } */
    public static FunctionDescriptor dnnl_sgemm$descriptor() {
        return dnnl_sgemm.DESC;
    }

    /** Downcall method handle for: {@snippet lang=c : dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K, float alpha, const float * A, dnnl_dim_t lda, const float * B, dnnl_dim_t ldb, float beta, float * C, dnnl_dim_t ldc); } */
    public static MethodHandle dnnl_sgemm$handle() {
        return dnnl_sgemm.HANDLE;
    }

    /** Address for: {@snippet lang=c : dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K, float alpha, const float * A, dnnl_dim_t lda, const float * B, dnnl_dim_t ldb, float beta, float * C, dnnl_dim_t ldc); } */
    public static MemorySegment dnnl_sgemm$address() {
        return dnnl_sgemm.ADDR;
    }

    /** {@snippet lang=c : dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K, float alpha, const float * A, dnnl_dim_t lda, const float * B, dnnl_dim_t ldb, float beta, float * C, dnnl_dim_t ldc); } */
    public static int dnnl_sgemm(byte transa, byte transb, long M, long N, long K, float alpha, MemorySegment A, long lda, MemorySegment B, long ldb, float beta, MemorySegment C, long ldc) {
        var mh$ = dnnl_sgemm.HANDLE;
        try {
            return (int) mh$.invokeExact(transa, transb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int dnnl_success = (int) 0L;

    /** {@snippet lang=c : dnnl_success = 0 } */
    public static int dnnl_success() {
        return dnnl_success;
    }

    private static final int dnnl_out_of_memory = (int) 1L;

    /** {@snippet lang=c : dnnl_out_of_memory = 1 } */
    public static int dnnl_out_of_memory() {
        return dnnl_out_of_memory;
    }

    private static final int dnnl_invalid_arguments = (int) 2L;

    /** {@snippet lang=c : dnnl_invalid_arguments = 2 } */
    public static int dnnl_invalid_arguments() {
        return dnnl_invalid_arguments;
    }

    private static final int dnnl_unimplemented = (int) 3L;

    /** {@snippet lang=c : dnnl_unimplemented = 3 } */
    public static int dnnl_unimplemented() {
        return dnnl_unimplemented;
    }

    private static final int dnnl_last_impl_reached = (int) 4L;

    /** {@snippet lang=c : dnnl_last_impl_reached = 4 } */
    public static int dnnl_last_impl_reached() {
        return dnnl_last_impl_reached;
    }

    private static final int dnnl_runtime_error = (int) 5L;

    /** {@snippet lang=c : dnnl_runtime_error = 5 } */
    public static int dnnl_runtime_error() {
        return dnnl_runtime_error;
    }

    private static final int dnnl_not_required = (int) 6L;

    /** {@snippet lang=c : dnnl_not_required = 6 } */
    public static int dnnl_not_required() {
        return dnnl_not_required;
    }

    private static final int dnnl_invalid_graph = (int) 7L;

    /** {@snippet lang=c : dnnl_invalid_graph = 7 } */
    public static int dnnl_invalid_graph() {
        return dnnl_invalid_graph;
    }

    private static final int dnnl_invalid_graph_op = (int) 8L;

    /** {@snippet lang=c : dnnl_invalid_graph_op = 8 } */
    public static int dnnl_invalid_graph_op() {
        return dnnl_invalid_graph_op;
    }

    private static final int dnnl_invalid_shape = (int) 9L;

    /** {@snippet lang=c : dnnl_invalid_shape = 9 } */
    public static int dnnl_invalid_shape() {
        return dnnl_invalid_shape;
    }

    private static final int dnnl_invalid_data_type = (int) 10L;

    /** {@snippet lang=c : dnnl_invalid_data_type = 10 } */
    public static int dnnl_invalid_data_type() {
        return dnnl_invalid_data_type;
    }

    private static final int dnnl_any_engine = (int) 0L;

    /** {@snippet lang=c : dnnl_any_engine = 0 } */
    public static int dnnl_any_engine() {
        return dnnl_any_engine;
    }

    private static final int dnnl_cpu = (int) 1L;

    /** {@snippet lang=c : dnnl_cpu = 1 } */
    public static int dnnl_cpu() {
        return dnnl_cpu;
    }

    private static final int dnnl_gpu = (int) 2L;

    /** {@snippet lang=c : dnnl_gpu = 2 } */
    public static int dnnl_gpu() {
        return dnnl_gpu;
    }

    private static final int dnnl_data_type_undef = (int) 0L;

    /** {@snippet lang=c : dnnl_data_type_undef = 0 } */
    public static int dnnl_data_type_undef() {
        return dnnl_data_type_undef;
    }

    private static final int dnnl_f16 = (int) 1L;

    /** {@snippet lang=c : dnnl_f16 = 1 } */
    public static int dnnl_f16() {
        return dnnl_f16;
    }

    private static final int dnnl_bf16 = (int) 2L;

    /** {@snippet lang=c : dnnl_bf16 = 2 } */
    public static int dnnl_bf16() {
        return dnnl_bf16;
    }

    private static final int dnnl_f32 = (int) 3L;

    /** {@snippet lang=c : dnnl_f32 = 3 } */
    public static int dnnl_f32() {
        return dnnl_f32;
    }

    private static final int dnnl_s32 = (int) 4L;

    /** {@snippet lang=c : dnnl_s32 = 4 } */
    public static int dnnl_s32() {
        return dnnl_s32;
    }

    private static final int dnnl_stream_in_order = (int) 1L;

    /** {@snippet lang=c : dnnl_stream_in_order = 1 } */
    public static int dnnl_stream_in_order() {
        return dnnl_stream_in_order;
    }

    private static final int dnnl_stream_out_of_order = (int) 2L;

    /** {@snippet lang=c : dnnl_stream_out_of_order = 2 } */
    public static int dnnl_stream_out_of_order() {
        return dnnl_stream_out_of_order;
    }

    private static final int dnnl_stream_default_flags = (int) 1L;

    /** {@snippet lang=c : dnnl_stream_default_flags = 1 } */
    public static int dnnl_stream_default_flags() {
        return dnnl_stream_default_flags;
    }

    private static final int dnnl_format_tag_undef = (int) 0L;

    /** {@snippet lang=c : dnnl_format_tag_undef = 0 } */
    public static int dnnl_format_tag_undef() {
        return dnnl_format_tag_undef;
    }

    private static final int dnnl_format_tag_any = (int) 1L;

    /** {@snippet lang=c : dnnl_format_tag_any = 1 } */
    public static int dnnl_format_tag_any() {
        return dnnl_format_tag_any;
    }

    private static final int dnnl_a = (int) 2L;

    /** {@snippet lang=c : dnnl_a = 2 } */
    public static int dnnl_a() {
        return dnnl_a;
    }

    private static final int dnnl_ab = (int) 3L;

    /** {@snippet lang=c : dnnl_ab = 3 } */
    public static int dnnl_ab() {
        return dnnl_ab;
    }

    private static final int dnnl_abc = (int) 4L;

    /** {@snippet lang=c : dnnl_abc = 4 } */
    public static int dnnl_abc() {
        return dnnl_abc;
    }

    private static final int dnnl_abcd = (int) 5L;

    /** {@snippet lang=c : dnnl_abcd = 5 } */
    public static int dnnl_abcd() {
        return dnnl_abcd;
    }

    private static final int dnnl_acb = (int) 15L;

    /** {@snippet lang=c : dnnl_acb = 15 } */
    public static int dnnl_acb() {
        return dnnl_acb;
    }

    private static final int dnnl_acdb = (int) 22L;

    /** {@snippet lang=c : dnnl_acdb = 22 } */
    public static int dnnl_acdb() {
        return dnnl_acdb;
    }

    private static final int dnnl_ba = (int) 14L;

    /** {@snippet lang=c : dnnl_ba = 14 } */
    public static int dnnl_ba() {
        return dnnl_ba;
    }

    private static final int dnnl_x = (int) 2L;

    /** {@snippet lang=c : dnnl_x = 2 } */
    public static int dnnl_x() {
        return dnnl_x;
    }

    private static final int dnnl_nc = (int) 3L;

    /** {@snippet lang=c : dnnl_nc = 3 } */
    public static int dnnl_nc() {
        return dnnl_nc;
    }

    private static final int dnnl_nchw = (int) 5L;

    /** {@snippet lang=c : dnnl_nchw = 5 } */
    public static int dnnl_nchw() {
        return dnnl_nchw;
    }

    private static final int dnnl_nhwc = (int) 22L;

    /** {@snippet lang=c : dnnl_nhwc = 22 } */
    public static int dnnl_nhwc() {
        return dnnl_nhwc;
    }

    private static final int dnnl_oihw = (int) 5L;

    /** {@snippet lang=c : dnnl_oihw = 5 } */
    public static int dnnl_oihw() {
        return dnnl_oihw;
    }

    private static final int dnnl_hwio = (int) 28L;

    /** {@snippet lang=c : dnnl_hwio = 28 } */
    public static int dnnl_hwio() {
        return dnnl_hwio;
    }

    private static final int dnnl_forward_training = (int) 64L;

    /** {@snippet lang=c : dnnl_forward_training = 64 } */
    public static int dnnl_forward_training() {
        return dnnl_forward_training;
    }

    private static final int dnnl_forward_inference = (int) 96L;

    /** {@snippet lang=c : dnnl_forward_inference = 96 } */
    public static int dnnl_forward_inference() {
        return dnnl_forward_inference;
    }

    private static final int dnnl_backward = (int) 128L;

    /** {@snippet lang=c : dnnl_backward = 128 } */
    public static int dnnl_backward() {
        return dnnl_backward;
    }

    private static final int dnnl_backward_data = (int) 160L;

    /** {@snippet lang=c : dnnl_backward_data = 160 } */
    public static int dnnl_backward_data() {
        return dnnl_backward_data;
    }

    private static final int dnnl_backward_weights = (int) 192L;

    /** {@snippet lang=c : dnnl_backward_weights = 192 } */
    public static int dnnl_backward_weights() {
        return dnnl_backward_weights;
    }

    private static final int dnnl_convolution_direct = (int) 1L;

    /** {@snippet lang=c : dnnl_convolution_direct = 1 } */
    public static int dnnl_convolution_direct() {
        return dnnl_convolution_direct;
    }

    private static final int dnnl_convolution_winograd = (int) 2L;

    /** {@snippet lang=c : dnnl_convolution_winograd = 2 } */
    public static int dnnl_convolution_winograd() {
        return dnnl_convolution_winograd;
    }

    private static final int dnnl_convolution_auto = (int) 3L;

    /** {@snippet lang=c : dnnl_convolution_auto = 3 } */
    public static int dnnl_convolution_auto() {
        return dnnl_convolution_auto;
    }

    private static final int dnnl_eltwise_linear = (int) 38L;

    /** {@snippet lang=c : dnnl_eltwise_linear = 38 } */
    public static int dnnl_eltwise_linear() {
        return dnnl_eltwise_linear;
    }

    private static final int dnnl_eltwise_logistic = (int) 41L;

    /** {@snippet lang=c : dnnl_eltwise_logistic = 41 } */
    public static int dnnl_eltwise_logistic() {
        return dnnl_eltwise_logistic;
    }

    private static final int dnnl_eltwise_swish = (int) 44L;

    /** {@snippet lang=c : dnnl_eltwise_swish = 44 } */
    public static int dnnl_eltwise_swish() {
        return dnnl_eltwise_swish;
    }

    private static final int dnnl_eltwise_tanh = (int) 33L;

    /** {@snippet lang=c : dnnl_eltwise_tanh = 33 } */
    public static int dnnl_eltwise_tanh() {
        return dnnl_eltwise_tanh;
    }

    private static final int dnnl_eltwise_gelu_erf = (int) 49L;

    /** {@snippet lang=c : dnnl_eltwise_gelu_erf = 49 } */
    public static int dnnl_eltwise_gelu_erf() {
        return dnnl_eltwise_gelu_erf;
    }

    private static final int dnnl_pooling_max = (int) 511L;

    /** {@snippet lang=c : dnnl_pooling_max = 511 } */
    public static int dnnl_pooling_max() {
        return dnnl_pooling_max;
    }

    private static final int dnnl_pooling_avg_include_padding = (int) 767L;

    /** {@snippet lang=c : dnnl_pooling_avg_include_padding = 767 } */
    public static int dnnl_pooling_avg_include_padding() {
        return dnnl_pooling_avg_include_padding;
    }

    private static final int dnnl_pooling_avg_exclude_padding = (int) 1023L;

    /** {@snippet lang=c : dnnl_pooling_avg_exclude_padding = 1023 } */
    public static int dnnl_pooling_avg_exclude_padding() {
        return dnnl_pooling_avg_exclude_padding;
    }

    private static final int dnnl_binary_add = (int) 131056L;

    /** {@snippet lang=c : dnnl_binary_add = 131056 } */
    public static int dnnl_binary_add() {
        return dnnl_binary_add;
    }

    private static final int dnnl_binary_mul = (int) 131057L;

    /** {@snippet lang=c : dnnl_binary_mul = 131057 } */
    public static int dnnl_binary_mul() {
        return dnnl_binary_mul;
    }

    private static final int dnnl_binary_sub = (int) 131061L;

    /** {@snippet lang=c : dnnl_binary_sub = 131061 } */
    public static int dnnl_binary_sub() {
        return dnnl_binary_sub;
    }

    private static final int dnnl_binary_div = (int) 131060L;

    /** {@snippet lang=c : dnnl_binary_div = 131060 } */
    public static int dnnl_binary_div() {
        return dnnl_binary_div;
    }

    private static final int dnnl_resampling_nearest = (int) 196592L;

    /** {@snippet lang=c : dnnl_resampling_nearest = 196592 } */
    public static int dnnl_resampling_nearest() {
        return dnnl_resampling_nearest;
    }

    private static final int dnnl_resampling_linear = (int) 196593L;

    /** {@snippet lang=c : dnnl_resampling_linear = 196593 } */
    public static int dnnl_resampling_linear() {
        return dnnl_resampling_linear;
    }

    private static final int dnnl_softmax_accurate = (int) 196608L;

    /** {@snippet lang=c : dnnl_softmax_accurate = 196608 } */
    public static int dnnl_softmax_accurate() {
        return dnnl_softmax_accurate;
    }

    private static final int dnnl_softmax_log = (int) 196609L;

    /** {@snippet lang=c : dnnl_softmax_log = 196609 } */
    public static int dnnl_softmax_log() {
        return dnnl_softmax_log;
    }

    private static final int dnnl_reduction_sum = (int) 196596L;

    /** {@snippet lang=c : dnnl_reduction_sum = 196596 } */
    public static int dnnl_reduction_sum() {
        return dnnl_reduction_sum;
    }

    private static final int dnnl_reduction_mean = (int) 196598L;

    /** {@snippet lang=c : dnnl_reduction_mean = 196598 } */
    public static int dnnl_reduction_mean() {
        return dnnl_reduction_mean;
    }

    private static final int dnnl_reduction_max = (int) 196594L;

    /** {@snippet lang=c : dnnl_reduction_max = 196594 } */
    public static int dnnl_reduction_max() {
        return dnnl_reduction_max;
    }

    private static final int dnnl_normalization_flags_none = (int) 0L;

    /** {@snippet lang=c : dnnl_normalization_flags_none = 0 } */
    public static int dnnl_normalization_flags_none() {
        return dnnl_normalization_flags_none;
    }

    private static final int dnnl_use_global_stats = (int) 1L;

    /** {@snippet lang=c : dnnl_use_global_stats = 1 } */
    public static int dnnl_use_global_stats() {
        return dnnl_use_global_stats;
    }

    private static final int dnnl_use_scale = (int) 2L;

    /** {@snippet lang=c : dnnl_use_scale = 2 } */
    public static int dnnl_use_scale() {
        return dnnl_use_scale;
    }

    private static final int dnnl_use_shift = (int) 4L;

    /** {@snippet lang=c : dnnl_use_shift = 4 } */
    public static int dnnl_use_shift() {
        return dnnl_use_shift;
    }

    private static final int dnnl_query_undef = (int) 0L;

    /** {@snippet lang=c : dnnl_query_undef = 0 } */
    public static int dnnl_query_undef() {
        return dnnl_query_undef;
    }

    private static final int dnnl_query_impl_info_str = (int) 8L;

    /** {@snippet lang=c : dnnl_query_impl_info_str = 8 } */
    public static int dnnl_query_impl_info_str() {
        return dnnl_query_impl_info_str;
    }

    private static final int dnnl_query_src_md = (int) 129L;

    /** {@snippet lang=c : dnnl_query_src_md = 129 } */
    public static int dnnl_query_src_md() {
        return dnnl_query_src_md;
    }

    private static final int dnnl_query_diff_src_md = (int) 130L;

    /** {@snippet lang=c : dnnl_query_diff_src_md = 130 } */
    public static int dnnl_query_diff_src_md() {
        return dnnl_query_diff_src_md;
    }

    private static final int dnnl_query_weights_md = (int) 131L;

    /** {@snippet lang=c : dnnl_query_weights_md = 131 } */
    public static int dnnl_query_weights_md() {
        return dnnl_query_weights_md;
    }

    private static final int dnnl_query_diff_weights_md = (int) 132L;

    /** {@snippet lang=c : dnnl_query_diff_weights_md = 132 } */
    public static int dnnl_query_diff_weights_md() {
        return dnnl_query_diff_weights_md;
    }

    private static final int dnnl_query_dst_md = (int) 133L;

    /** {@snippet lang=c : dnnl_query_dst_md = 133 } */
    public static int dnnl_query_dst_md() {
        return dnnl_query_dst_md;
    }

    private static final int dnnl_query_diff_dst_md = (int) 134L;

    /** {@snippet lang=c : dnnl_query_diff_dst_md = 134 } */
    public static int dnnl_query_diff_dst_md() {
        return dnnl_query_diff_dst_md;
    }

    private static final int dnnl_query_workspace_md = (int) 135L;

    /** {@snippet lang=c : dnnl_query_workspace_md = 135 } */
    public static int dnnl_query_workspace_md() {
        return dnnl_query_workspace_md;
    }

    private static final int dnnl_query_scratchpad_md = (int) 136L;

    /** {@snippet lang=c : dnnl_query_scratchpad_md = 136 } */
    public static int dnnl_query_scratchpad_md() {
        return dnnl_query_scratchpad_md;
    }

    private static final int dnnl_query_exec_arg_md = (int) 255L;

    /** {@snippet lang=c : dnnl_query_exec_arg_md = 255 } */
    public static int dnnl_query_exec_arg_md() {
        return dnnl_query_exec_arg_md;
    }

    private static final int dnnl_query_ndims_s32 = (int) 256L;

    /** {@snippet lang=c : dnnl_query_ndims_s32 = 256 } */
    public static int dnnl_query_ndims_s32() {
        return dnnl_query_ndims_s32;
    }

    private static final int dnnl_query_dims = (int) 257L;

    /** {@snippet lang=c : dnnl_query_dims = 257 } */
    public static int dnnl_query_dims() {
        return dnnl_query_dims;
    }

    private static final int dnnl_query_data_type = (int) 258L;

    /** {@snippet lang=c : dnnl_query_data_type = 258 } */
    public static int dnnl_query_data_type() {
        return dnnl_query_data_type;
    }

    private static final int dnnl_query_format_kind = (int) 262L;

    /** {@snippet lang=c : dnnl_query_format_kind = 262 } */
    public static int dnnl_query_format_kind() {
        return dnnl_query_format_kind;
    }

    private static final int dnnl_query_strides = (int) 14L;

    /** {@snippet lang=c : dnnl_query_strides = 14 } */
    public static int dnnl_query_strides() {
        return dnnl_query_strides;
    }

    private static final int dnnl_scratchpad_mode_library = (int) 0L;

    /** {@snippet lang=c : dnnl_scratchpad_mode_library = 0 } */
    public static int dnnl_scratchpad_mode_library() {
        return dnnl_scratchpad_mode_library;
    }

    private static final int dnnl_scratchpad_mode_user = (int) 1L;

    /** {@snippet lang=c : dnnl_scratchpad_mode_user = 1 } */
    public static int dnnl_scratchpad_mode_user() {
        return dnnl_scratchpad_mode_user;
    }

    private static final int dnnl_cpu_isa_default = (int) 0L;

    /** {@snippet lang=c : dnnl_cpu_isa_default = 0 } */
    public static int dnnl_cpu_isa_default() {
        return dnnl_cpu_isa_default;
    }

    private static final int dnnl_cpu_isa_sse41 = (int) 1L;

    /** {@snippet lang=c : dnnl_cpu_isa_sse41 = 1 } */
    public static int dnnl_cpu_isa_sse41() {
        return dnnl_cpu_isa_sse41;
    }

    private static final int dnnl_cpu_isa_avx = (int) 3L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx = 3 } */
    public static int dnnl_cpu_isa_avx() {
        return dnnl_cpu_isa_avx;
    }

    private static final int dnnl_cpu_isa_avx2 = (int) 7L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx2 = 7 } */
    public static int dnnl_cpu_isa_avx2() {
        return dnnl_cpu_isa_avx2;
    }

    private static final int dnnl_cpu_isa_avx2_vnni = (int) 15L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx2_vnni = 15 } */
    public static int dnnl_cpu_isa_avx2_vnni() {
        return dnnl_cpu_isa_avx2_vnni;
    }

    private static final int dnnl_cpu_isa_avx2_vnni_2 = (int) 31L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx2_vnni_2 = 31 } */
    public static int dnnl_cpu_isa_avx2_vnni_2() {
        return dnnl_cpu_isa_avx2_vnni_2;
    }

    private static final int dnnl_cpu_isa_avx512_core = (int) 39L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx512_core = 39 } */
    public static int dnnl_cpu_isa_avx512_core() {
        return dnnl_cpu_isa_avx512_core;
    }

    private static final int dnnl_cpu_isa_avx512_core_vnni = (int) 103L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx512_core_vnni = 103 } */
    public static int dnnl_cpu_isa_avx512_core_vnni() {
        return dnnl_cpu_isa_avx512_core_vnni;
    }

    private static final int dnnl_cpu_isa_avx512_core_bf16 = (int) 231L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx512_core_bf16 = 231 } */
    public static int dnnl_cpu_isa_avx512_core_bf16() {
        return dnnl_cpu_isa_avx512_core_bf16;
    }

    private static final int dnnl_cpu_isa_avx10_1_512 = (int) 495L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx10_1_512 = 495 } */
    public static int dnnl_cpu_isa_avx10_1_512() {
        return dnnl_cpu_isa_avx10_1_512;
    }

    private static final int dnnl_cpu_isa_avx10_1_512_amx = (int) 4079L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx10_1_512_amx = 4079 } */
    public static int dnnl_cpu_isa_avx10_1_512_amx() {
        return dnnl_cpu_isa_avx10_1_512_amx;
    }

    private static final int dnnl_cpu_isa_avx10_1_512_amx_fp16 = (int) 8175L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx10_1_512_amx_fp16 = 8175 } */
    public static int dnnl_cpu_isa_avx10_1_512_amx_fp16() {
        return dnnl_cpu_isa_avx10_1_512_amx_fp16;
    }

    private static final int dnnl_cpu_isa_avx10_2 = (int) 131583L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx10_2 = 131583 } */
    public static int dnnl_cpu_isa_avx10_2() {
        return dnnl_cpu_isa_avx10_2;
    }

    private static final int dnnl_cpu_isa_avx10_2_amx_2 = (int) 143359L;

    /** {@snippet lang=c : dnnl_cpu_isa_avx10_2_amx_2 = 143359 } */
    public static int dnnl_cpu_isa_avx10_2_amx_2() {
        return dnnl_cpu_isa_avx10_2_amx_2;
    }

    private static final int DNNL_MAX_NDIMS = (int) 12L;

    /** {@snippet lang=c : DNNL_MAX_NDIMS = 12 } */
    public static int DNNL_MAX_NDIMS() {
        return DNNL_MAX_NDIMS;
    }

    private static final int DNNL_RUNTIME_NONE = (int) 0L;

    /** {@snippet lang=c : DNNL_RUNTIME_NONE = 0 } */
    public static int DNNL_RUNTIME_NONE() {
        return DNNL_RUNTIME_NONE;
    }

    private static final int DNNL_RUNTIME_SEQ = (int) 1L;

    /** {@snippet lang=c : DNNL_RUNTIME_SEQ = 1 } */
    public static int DNNL_RUNTIME_SEQ() {
        return DNNL_RUNTIME_SEQ;
    }

    private static final int DNNL_RUNTIME_OMP = (int) 2L;

    /** {@snippet lang=c : DNNL_RUNTIME_OMP = 2 } */
    public static int DNNL_RUNTIME_OMP() {
        return DNNL_RUNTIME_OMP;
    }

    private static final int DNNL_RUNTIME_TBB = (int) 4L;

    /** {@snippet lang=c : DNNL_RUNTIME_TBB = 4 } */
    public static int DNNL_RUNTIME_TBB() {
        return DNNL_RUNTIME_TBB;
    }

    private static final int DNNL_RUNTIME_THREADPOOL = (int) 8L;

    /** {@snippet lang=c : DNNL_RUNTIME_THREADPOOL = 8 } */
    public static int DNNL_RUNTIME_THREADPOOL() {
        return DNNL_RUNTIME_THREADPOOL;
    }

    private static final int DNNL_ARG_SRC = (int) 1L;

    /** {@snippet lang=c : DNNL_ARG_SRC = 1 } */
    public static int DNNL_ARG_SRC() {
        return DNNL_ARG_SRC;
    }

    private static final int DNNL_ARG_SRC_0 = (int) 1L;

    /** {@snippet lang=c : DNNL_ARG_SRC_0 = 1 } */
    public static int DNNL_ARG_SRC_0() {
        return DNNL_ARG_SRC_0;
    }

    private static final int DNNL_ARG_SRC_1 = (int) 2L;

    /** {@snippet lang=c : DNNL_ARG_SRC_1 = 2 } */
    public static int DNNL_ARG_SRC_1() {
        return DNNL_ARG_SRC_1;
    }

    private static final int DNNL_ARG_DST = (int) 17L;

    /** {@snippet lang=c : DNNL_ARG_DST = 17 } */
    public static int DNNL_ARG_DST() {
        return DNNL_ARG_DST;
    }

    private static final int DNNL_ARG_WEIGHTS = (int) 33L;

    /** {@snippet lang=c : DNNL_ARG_WEIGHTS = 33 } */
    public static int DNNL_ARG_WEIGHTS() {
        return DNNL_ARG_WEIGHTS;
    }

    private static final int DNNL_ARG_BIAS = (int) 41L;

    /** {@snippet lang=c : DNNL_ARG_BIAS = 41 } */
    public static int DNNL_ARG_BIAS() {
        return DNNL_ARG_BIAS;
    }

    private static final int DNNL_ARG_MEAN = (int) 49L;

    /** {@snippet lang=c : DNNL_ARG_MEAN = 49 } */
    public static int DNNL_ARG_MEAN() {
        return DNNL_ARG_MEAN;
    }

    private static final int DNNL_ARG_VARIANCE = (int) 50L;

    /** {@snippet lang=c : DNNL_ARG_VARIANCE = 50 } */
    public static int DNNL_ARG_VARIANCE() {
        return DNNL_ARG_VARIANCE;
    }

    private static final int DNNL_ARG_SCALE = (int) 51L;

    /** {@snippet lang=c : DNNL_ARG_SCALE = 51 } */
    public static int DNNL_ARG_SCALE() {
        return DNNL_ARG_SCALE;
    }

    private static final int DNNL_ARG_SHIFT = (int) 52L;

    /** {@snippet lang=c : DNNL_ARG_SHIFT = 52 } */
    public static int DNNL_ARG_SHIFT() {
        return DNNL_ARG_SHIFT;
    }

    private static final int DNNL_ARG_WORKSPACE = (int) 64L;

    /** {@snippet lang=c : DNNL_ARG_WORKSPACE = 64 } */
    public static int DNNL_ARG_WORKSPACE() {
        return DNNL_ARG_WORKSPACE;
    }

    private static final int DNNL_ARG_SCRATCHPAD = (int) 80L;

    /** {@snippet lang=c : DNNL_ARG_SCRATCHPAD = 80 } */
    public static int DNNL_ARG_SCRATCHPAD() {
        return DNNL_ARG_SCRATCHPAD;
    }

    private static final int DNNL_ARG_DIFF_SRC = (int) 129L;

    /** {@snippet lang=c : DNNL_ARG_DIFF_SRC = 129 } */
    public static int DNNL_ARG_DIFF_SRC() {
        return DNNL_ARG_DIFF_SRC;
    }

    private static final int DNNL_ARG_DIFF_DST = (int) 145L;

    /** {@snippet lang=c : DNNL_ARG_DIFF_DST = 145 } */
    public static int DNNL_ARG_DIFF_DST() {
        return DNNL_ARG_DIFF_DST;
    }

    private static final int DNNL_ARG_DIFF_WEIGHTS = (int) 161L;

    /** {@snippet lang=c : DNNL_ARG_DIFF_WEIGHTS = 161 } */
    public static int DNNL_ARG_DIFF_WEIGHTS() {
        return DNNL_ARG_DIFF_WEIGHTS;
    }

    private static final int DNNL_ARG_DIFF_BIAS = (int) 169L;

    /** {@snippet lang=c : DNNL_ARG_DIFF_BIAS = 169 } */
    public static int DNNL_ARG_DIFF_BIAS() {
        return DNNL_ARG_DIFF_BIAS;
    }

    private static final int DNNL_ARG_DIFF_SCALE = (int) 255L;

    /** {@snippet lang=c : DNNL_ARG_DIFF_SCALE = 255 } */
    public static int DNNL_ARG_DIFF_SCALE() {
        return DNNL_ARG_DIFF_SCALE;
    }

    private static final int DNNL_ARG_DIFF_SHIFT = (int) 256L;

    /** {@snippet lang=c : DNNL_ARG_DIFF_SHIFT = 256 } */
    public static int DNNL_ARG_DIFF_SHIFT() {
        return DNNL_ARG_DIFF_SHIFT;
    }

    private static final int DNNL_ARG_MULTIPLE_SRC = (int) 1024L;

    /** {@snippet lang=c : DNNL_ARG_MULTIPLE_SRC = 1024 } */
    public static int DNNL_ARG_MULTIPLE_SRC() {
        return DNNL_ARG_MULTIPLE_SRC;
    }

    private static final int DNNL_ARG_MULTIPLE_DST = (int) 2048L;

    /** {@snippet lang=c : DNNL_ARG_MULTIPLE_DST = 2048 } */
    public static int DNNL_ARG_MULTIPLE_DST() {
        return DNNL_ARG_MULTIPLE_DST;
    }

    private static final int DNNL_ARG_FROM = (int) 1L;

    /** {@snippet lang=c : DNNL_ARG_FROM = 1 } */
    public static int DNNL_ARG_FROM() {
        return DNNL_ARG_FROM;
    }

    private static final int DNNL_ARG_TO = (int) 17L;

    /** {@snippet lang=c : DNNL_ARG_TO = 17 } */
    public static int DNNL_ARG_TO() {
        return DNNL_ARG_TO;
    }

    private static final int DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE = (int) 32768L;

    /** {@snippet lang=c : DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE = 32768 } */
    public static int DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE() {
        return DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
    }
}
