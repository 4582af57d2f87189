package org.ddss.backend;

import static org.ddss.backend.DnnlException.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ddss.bindings.dnnl.dnnl_exec_arg_t;
import org.ddss.bindings.dnnl.dnnl_h;
import org.ddss.tensor.Workspace;

/**
 * One planned oneDNN operation: a primitive descriptor, its primitive, and one memory object
 * per argument, created once. Each execution only points the memory objects at the caller's
 * tensors (user pointers, no copies) and runs. Scratchpad memory comes from a {@link Workspace}.
 */
final class DnnlPlan implements AutoCloseable {
    private final String detail;
    private String implementation;
    private final MemorySegment pd;
    private final MemorySegment hint;
    private final MemorySegment primitive;
    private final MemorySegment[] memories;
    private final MemorySegment memoryScratch;
    private final long scratchBytes;
    private final MemorySegment args;
    private final int nargs;

    /**
     * Takes ownership of {@code pd} and {@code hint} (a forward pd kept alive for a backward
     * one, or NULL), destroying them if construction fails, and creates the primitive and one memory object per entry of {@code argIds},
     * each with the descriptor the pd reports for that argument.
     */
    DnnlPlan(MemorySegment engine, MemorySegment pd, MemorySegment hint, String detail, Arena owner, int... argIds) {
        this.detail = detail;
        this.pd = pd;
        this.hint = hint;
        this.memories = new MemorySegment[argIds.length];
        MemorySegment prim = MemorySegment.NULL;
        MemorySegment scratchMem = MemorySegment.NULL;
        long scratch = 0;
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ValueLayout.ADDRESS);
            check(dnnl_h.dnnl_primitive_create(out, pd), "dnnl_primitive_create", detail);
            prim = out.get(ValueLayout.ADDRESS, 0);
            for (int i = 0; i < argIds.length; i++) {
                MemorySegment md = dnnl_h.dnnl_primitive_desc_query_md(pd, dnnl_h.dnnl_query_exec_arg_md(), argIds[i]);
                if (md.equals(MemorySegment.NULL)) {
                    throw new DnnlException("dnnl_primitive_desc_query_md", dnnl_h.dnnl_invalid_arguments(),
                            detail + ": no argument " + argIds[i]);
                }
                memories[i] = memory(engine, md, tmp, detail);
            }
            MemorySegment scratchMd = dnnl_h.dnnl_primitive_desc_query_md(pd, dnnl_h.dnnl_query_scratchpad_md(), 0);
            if (!scratchMd.equals(MemorySegment.NULL)) {
                scratch = dnnl_h.dnnl_memory_desc_get_size(scratchMd);
                if (scratch > 0) {
                    scratchMem = memory(engine, scratchMd, tmp, detail);
                }
            }
        } catch (RuntimeException e) {
            try {
                release(prim, scratchMem);
            } catch (DnnlException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        this.primitive = prim;
        this.memoryScratch = scratchMem;
        this.scratchBytes = scratch;
        this.nargs = argIds.length + (scratch > 0 ? 1 : 0);
        this.args = dnnl_exec_arg_t.allocateArray(Math.max(nargs, 1), owner);
        for (int i = 0; i < argIds.length; i++) {
            MemorySegment a = dnnl_exec_arg_t.asSlice(args, i);
            dnnl_exec_arg_t.arg(a, argIds[i]);
            dnnl_exec_arg_t.memory(a, memories[i]);
        }
        if (scratch > 0) {
            MemorySegment a = dnnl_exec_arg_t.asSlice(args, argIds.length);
            dnnl_exec_arg_t.arg(a, dnnl_h.DNNL_ARG_SCRATCHPAD());
            dnnl_exec_arg_t.memory(a, scratchMem);
        }
    }

    private static MemorySegment memory(MemorySegment engine, MemorySegment md, Arena tmp, String detail) {
        MemorySegment out = tmp.allocate(ValueLayout.ADDRESS);
        // DNNL_MEMORY_NONE (NULL): no buffer yet; execute() sets the caller's pointer.
        check(dnnl_h.dnnl_memory_create(out, md, engine, MemorySegment.NULL), "dnnl_memory_create", detail);
        return out.get(ValueLayout.ADDRESS, 0);
    }

    /** The primitive descriptor, e.g. to serve as the hint of a backward plan. */
    MemorySegment pd() {
        return pd;
    }

    /** The name of the implementation oneDNN chose, e.g. {@code brg_conv_fwd:avx512_core} or {@code ref:any}. */
    String implementation() {
        if (implementation == null) {
            implementation = implementation(pd, detail);
        }
        return implementation;
    }

    /** The implementation name of a primitive descriptor that is not (yet) a plan's. */
    static String implementation(MemorySegment pd, String detail) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ValueLayout.ADDRESS);
            check(dnnl_h.dnnl_primitive_desc_query(pd, dnnl_h.dnnl_query_impl_info_str(), 0, out),
                    "dnnl_primitive_desc_query(impl_info_str)", detail);
            return out.get(ValueLayout.ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0);
        }
    }

    /** The memory descriptor the pd reports for a query (e.g. {@code dnnl_query_weights_md}). */
    MemorySegment queryMd(int what) {
        return dnnl_h.dnnl_primitive_desc_query_md(pd, what, 0);
    }

    /**
     * Runs the primitive on {@code handles}, one per argument id given at construction and in
     * the same order, then waits for the stream.
     */
    void execute(MemorySegment stream, Workspace scratch, MemorySegment... handles) {
        if (handles.length != memories.length) {
            throw new IllegalArgumentException(detail + ": " + handles.length + " buffers for " + memories.length
                    + " arguments");
        }
        for (int i = 0; i < handles.length; i++) {
            check(dnnl_h.dnnl_memory_set_data_handle(memories[i], handles[i]), "dnnl_memory_set_data_handle", detail);
        }
        if (scratchBytes > 0) {
            check(dnnl_h.dnnl_memory_set_data_handle(memoryScratch, scratch.take(scratchBytes)),
                    "dnnl_memory_set_data_handle", detail + " scratchpad");
        }
        check(dnnl_h.dnnl_primitive_execute(primitive, stream, nargs, args), "dnnl_primitive_execute", detail);
        check(dnnl_h.dnnl_stream_wait(stream), "dnnl_stream_wait", detail);
    }

    /**
     * Destroys everything this plan created, each handle even when an earlier destroy failed;
     * the first failure is then thrown, naming the function and the plan.
     */
    private void release(MemorySegment prim, MemorySegment scratchMem) {
        DnnlException first = null;
        for (MemorySegment m : memories) {
            if (m != null) {
                first = keep(first, dnnl_h.dnnl_memory_destroy(m), "dnnl_memory_destroy");
            }
        }
        if (!scratchMem.equals(MemorySegment.NULL)) {
            first = keep(first, dnnl_h.dnnl_memory_destroy(scratchMem), "dnnl_memory_destroy");
        }
        if (!prim.equals(MemorySegment.NULL)) {
            first = keep(first, dnnl_h.dnnl_primitive_destroy(prim), "dnnl_primitive_destroy");
        }
        first = keep(first, dnnl_h.dnnl_primitive_desc_destroy(pd), "dnnl_primitive_desc_destroy");
        if (!hint.equals(MemorySegment.NULL)) {
            first = keep(first, dnnl_h.dnnl_primitive_desc_destroy(hint), "dnnl_primitive_desc_destroy");
        }
        if (first != null) {
            throw first;
        }
    }

    private DnnlException keep(DnnlException first, int status, String function) {
        return first != null || status == 0 ? first : new DnnlException(function, status, detail);
    }

    /** Destroys the memory objects, the primitive and the primitive descriptors. */
    @Override
    public void close() {
        release(primitive, memoryScratch);
    }
}
