package org.ddss.backend;

import static org.ddss.backend.DnnlException.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.ddss.bindings.dnnl.dnnl_h;

/**
 * The memory descriptors and small native arrays needed while creating one primitive
 * descriptor; {@link #close()} destroys them all (a pd keeps its own copies).
 */
final class DnnlDescs implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment> mds = new ArrayList<>();
    private final String detail;

    DnnlDescs(String detail) {
        this.detail = detail;
    }

    /** A {@code dnnl_dims_t}-compatible array holding {@code values}. */
    MemorySegment dims(long... values) {
        MemorySegment s = arena.allocate(ValueLayout.JAVA_LONG, dnnl_h.DNNL_MAX_NDIMS());
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_LONG, 0, values.length);
        return s;
    }

    /** A pointer-sized out parameter. */
    MemorySegment out() {
        return arena.allocate(ValueLayout.ADDRESS);
    }

    /** An array of pointers (e.g. the source descriptors of concat). */
    MemorySegment pointers(MemorySegment... values) {
        MemorySegment s = arena.allocate(ValueLayout.ADDRESS, values.length);
        for (int i = 0; i < values.length; i++) {
            s.setAtIndex(ValueLayout.ADDRESS, i, values[i]);
        }
        return s;
    }

    /** f32 descriptor with explicit strides (in elements). */
    MemorySegment strided(long[] dims, long[] strides) {
        MemorySegment out = out();
        check(dnnl_h.dnnl_memory_desc_create_with_strides(out, dims.length, dims(dims), dnnl_h.dnnl_f32(),
                dims(strides)), "dnnl_memory_desc_create_with_strides", detail);
        return keep(out);
    }

    /** f32 descriptor in dense row-major order (tag a, ab, abc, ... for any rank). */
    MemorySegment plain(long... dims) {
        return strided(dims, rowMajor(dims));
    }

    /** f32 descriptor with a format tag ({@code dnnl_format_tag_any} lets the primitive choose). */
    MemorySegment tagged(long[] dims, int tag) {
        MemorySegment out = out();
        check(dnnl_h.dnnl_memory_desc_create_with_tag(out, dims.length, dims(dims), dnnl_h.dnnl_f32(), tag),
                "dnnl_memory_desc_create_with_tag", detail);
        return keep(out);
    }

    private MemorySegment keep(MemorySegment out) {
        MemorySegment md = out.get(ValueLayout.ADDRESS, 0);
        mds.add(md);
        return md;
    }

    /** Dense row-major strides of {@code dims}. */
    static long[] rowMajor(long[] dims) {
        long[] s = new long[dims.length];
        long step = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= Math.max(dims[i], 1);
        }
        return s;
    }

    /** Reads the primitive descriptor written to an {@link #out()} parameter. */
    static MemorySegment read(MemorySegment out) {
        return out.get(ValueLayout.ADDRESS, 0);
    }

    @Override
    public void close() {
        for (MemorySegment md : mds) {
            dnnl_h.dnnl_memory_desc_destroy(md);
        }
        mds.clear();
        arena.close();
    }
}
