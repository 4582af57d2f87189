package org.ddss.backend;

import static org.ddss.backend.DnnlException.check;
import static org.ddss.bindings.dnnl.dnnl_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.ddss.bindings.dnnl.DnnlLibrary;
import org.ddss.bindings.dnnl.dnnl_h;
import org.ddss.bindings.dnnl.dnnl_version_t;
import org.ddss.bindings.dnnl.omp_h;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.Workspace;

/**
 * The oneDNN (CPU) backend. Each operation is planned once per (op, shapes, parameters): the
 * primitive descriptor, primitive and argument memory objects are cached in a map, and later
 * calls only point the memory objects at the caller's tensors (no copies) and execute on an
 * in-order stream. Scratchpads are in user mode, served from one {@link Workspace}.
 *
 * <p>Layouts as oneDNN sees ours: activations {@code [N,H,W,C]} are logical NCHW with tag
 * {@code nhwc}; HWIO weights are logical OIHW with the strides of their physical layout. The
 * forward convolution reads them in place unless that costs it its direct kernel (on AVX2); the
 * backward passes let oneDNN choose the weights layout and reorder to or from it on each call,
 * which measured faster (see the comment at {@code conv2dBackwardData}). Read-only weights (a
 * loaded model's) are reordered once and kept ({@link DerivedWeights}). Other tensors are
 * flattened to 1D, 2D or their own rank with dense row-major strides.
 *
 * <p>The few things oneDNN cannot express directly (a binary op whose both inputs broadcast,
 * {@link #broadcastTo}) or runs slower than our kernels (group norm, both directions; a
 * reduction, a softmax backward or a nearest-upsample backward for which it picks an
 * unoptimised implementation, see {@link #slow}) run on an internal {@link JavaBackend}.
 * Methods that use oneDNN objects are synchronized: the cached memory objects and the workspace
 * serve one call at a time (group norm runs on the stateless {@code JavaGroupNorm}).
 */
public final class DnnlBackend implements Backend {
    private final MemorySegment engine;
    private final MemorySegment stream;
    private final MemorySegment attr;
    private final Arena arena = Arena.ofShared();
    private final Map<String, DnnlPlan> plans = new HashMap<>();
    private final Workspace scratchpad = new Workspace();
    private final Workspace reordered = new Workspace();
    private final DerivedWeights frozen = new DerivedWeights();
    private final MemorySegment scalar;
    private final JavaBackend java = new JavaBackend();
    private final ThreadLocal<Boolean> threadsSet = ThreadLocal.withInitial(() -> false);
    private final int threads;
    private boolean closed;

    private DnnlBackend() {
        MemorySegment e = MemorySegment.NULL;
        MemorySegment s = MemorySegment.NULL;
        MemorySegment a = MemorySegment.NULL;
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ValueLayout.ADDRESS);
            check(dnnl_engine_create(out, dnnl_cpu(), 0), "dnnl_engine_create", "cpu engine 0");
            e = out.get(ValueLayout.ADDRESS, 0);
            check(dnnl_stream_create(out, e, dnnl_stream_in_order()), "dnnl_stream_create", "in-order cpu stream");
            s = out.get(ValueLayout.ADDRESS, 0);
            check(dnnl_primitive_attr_create(out), "dnnl_primitive_attr_create", "attributes");
            a = out.get(ValueLayout.ADDRESS, 0);
            check(dnnl_primitive_attr_set_scratchpad_mode(a, dnnl_scratchpad_mode_user()),
                    "dnnl_primitive_attr_set_scratchpad_mode", "user scratchpad");
        } catch (RuntimeException ex) {
            if (!a.equals(MemorySegment.NULL)) {
                dnnl_primitive_attr_destroy(a);
            }
            if (!s.equals(MemorySegment.NULL)) {
                dnnl_stream_destroy(s);
            }
            if (!e.equals(MemorySegment.NULL)) {
                dnnl_engine_destroy(e);
            }
            arena.close();
            throw ex;
        }
        this.engine = e;
        this.stream = s;
        this.attr = a;
        this.scalar = arena.allocate(ValueLayout.JAVA_FLOAT);
        this.threads = Math.max(1, Parallel.THREADS);
        useThreads();
    }

    /**
     * Loads oneDNN and opens a CPU engine and stream, computing with {@link Parallel#THREADS}
     * OpenMP threads.
     *
     * @throws IllegalStateException when oneDNN cannot be loaded, with the reason
     */
    public static DnnlBackend open() {
        if (!DnnlLibrary.isAvailable()) {
            throw new IllegalStateException("oneDNN backend unavailable: " + DnnlLibrary.unavailableReason().orElse("?"));
        }
        return new DnnlBackend();
    }

    /**
     * The oneDNN version, e.g. {@code 3.13.0}.
     *
     * @throws UnsatisfiedLinkError when oneDNN cannot be loaded
     */
    public static String version() {
        MemorySegment v = dnnl_version_t.reinterpret(dnnl_version());
        return dnnl_version_t.major(v) + "." + dnnl_version_t.minor(v) + "." + dnnl_version_t.patch(v);
    }

    /**
     * The instruction set oneDNN dispatches to on this machine, e.g. {@code AVX2}.
     *
     * @throws UnsatisfiedLinkError when oneDNN cannot be loaded
     */
    public static String isa() {
        int isa = dnnl_get_effective_cpu_isa();
        if (isa == dnnl_cpu_isa_avx10_2_amx_2()) return "AVX10.2 with AMX-2";
        if (isa == dnnl_cpu_isa_avx10_2()) return "AVX10.2";
        if (isa == dnnl_cpu_isa_avx10_1_512_amx_fp16()) return "AVX-512 with AMX (fp16)";
        if (isa == dnnl_cpu_isa_avx10_1_512_amx()) return "AVX-512 with AMX";
        if (isa == dnnl_cpu_isa_avx10_1_512()) return "AVX-512 (fp16)";
        if (isa == dnnl_cpu_isa_avx512_core_bf16()) return "AVX-512 (bf16)";
        if (isa == dnnl_cpu_isa_avx512_core_vnni()) return "AVX-512 (VNNI)";
        if (isa == dnnl_cpu_isa_avx512_core()) return "AVX-512";
        if (isa == dnnl_cpu_isa_avx2_vnni_2()) return "AVX2 (VNNI-2)";
        if (isa == dnnl_cpu_isa_avx2_vnni()) return "AVX2 (VNNI)";
        if (isa == dnnl_cpu_isa_avx2()) return "AVX2";
        if (isa == dnnl_cpu_isa_avx()) return "AVX";
        if (isa == dnnl_cpu_isa_sse41()) return "SSE4.1";
        return "isa 0x" + Integer.toHexString(isa);
    }

    @Override
    public String name() {
        return "dnnl";
    }

    @Override
    public int threads() {
        return threads;
    }

    /** Plans cached so far (for tests and reports). */
    public synchronized int planCount() {
        return plans.size();
    }

    /** Reordered read-only weights held (for tests). */
    synchronized int derivedWeightCount() {
        return frozen.size();
    }

    // The OpenMP thread count is a per-thread setting: set it once on every thread that calls in.
    private void useThreads() {
        if (!threadsSet.get()) {
            if (DnnlLibrary.openMpLookup().isPresent()) {
                omp_h.omp_set_num_threads(threads);
            }
            threadsSet.set(true);
        }
    }

    private DnnlPlan plan(String key, Function<String, DnnlPlan> build) {
        if (closed) {
            throw new IllegalStateException("DnnlBackend is closed");
        }
        useThreads();
        // A builder may answer null ("nothing to do", e.g. no reorder needed): that is cached too.
        if (!plans.containsKey(key)) {
            plans.put(key, build.apply(key));
        }
        return plans.get(key);
    }

    /**
     * Whether a plan runs one of oneDNN's unoptimised implementations: a reference loop
     * ({@code ref:*}), or, where {@code simpleToo}, a generic C++ loop ({@code simple:*}, which
     * for a concatenation is a fine memcpy but for a resampling backward was 3x the Java
     * kernel). The plan asks oneDNN once and remembers the answer.
     */
    private static boolean slow(DnnlPlan p, boolean simpleToo) {
        String impl = p.implementation();
        return impl.startsWith("ref") || simpleToo && impl.startsWith("simple");
    }

    private void run(DnnlPlan p, MemorySegment... handles) {
        p.execute(stream, scratchpad, handles);
    }

    // ---- descriptors ---------------------------------------------------------------------

    private static long[] dims(int... shape) {
        long[] d = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            d[i] = shape[i];
        }
        return d;
    }

    /** Activation [N,H,W,C] as logical NCHW in nhwc. */
    private static MemorySegment nhwc(DnnlDescs d, Tensor t) {
        return d.tagged(new long[] {t.dim(0), t.dim(3), t.dim(1), t.dim(2)}, dnnl_nhwc());
    }

    /** HWIO weights [KH,KW,Cin,Cout] as logical OIHW with their physical strides. */
    private static MemorySegment hwio(DnnlDescs d, Tensor w) {
        long kh = w.dim(0), kw = w.dim(1), ci = w.dim(2), co = w.dim(3);
        return d.strided(new long[] {co, ci, kh, kw}, new long[] {1, co, kw * ci * co, ci * co});
    }

    private static MemorySegment create(MemorySegment out, int status, String function, String detail) {
        check(status, function, detail);
        return DnnlDescs.read(out);
    }

    // ---- convolution -----------------------------------------------------------------------

    /** The oneDNN implementation planned for a {@code conv2d} call on these shapes, once it has run. */
    synchronized String conv2dImplementation(Tensor x, Tensor w, Conv2d spec, boolean bias) {
        DnnlPlan p = plans.get(convDetail("conv2d", x, w, spec, bias));
        if (p == null) {
            throw new IllegalStateException("no conv2d planned for " + convDetail("conv2d", x, w, spec, bias));
        }
        return p.implementation();
    }

    private static String convDetail(String op, Tensor x, Tensor w, Conv2d spec, boolean bias) {
        return op + " x" + Arrays.toString(x.shape()) + " w" + Arrays.toString(w.shape()) + " " + spec
                + (bias ? " +bias" : "");
    }

    private MemorySegment convForwardPd(DnnlDescs d, Tensor x, Tensor w, MemorySegment weightsMd, boolean bias,
                                        Conv2d spec, String detail) {
        int[] ys = spec.outShape(x, w);
        MemorySegment out = d.out();
        int status = dnnl_convolution_forward_primitive_desc_create(out, engine, dnnl_forward_training(),
                dnnl_convolution_direct(), nhwc(d, x), weightsMd,
                bias ? d.plain(w.dim(3)) : MemorySegment.NULL,
                d.tagged(new long[] {ys[0], ys[3], ys[1], ys[2]}, dnnl_nhwc()),
                d.dims(spec.strideH(), spec.strideW()), d.dims(0, 0),
                d.dims(spec.padTop(), spec.padLeft()), d.dims(spec.padBottom(), spec.padRight()), attr);
        return create(out, status, "dnnl_convolution_forward_primitive_desc_create", detail);
    }

    @Override
    public synchronized void conv2d(Tensor x, Tensor w, Tensor bias, Conv2d spec, Tensor y) {
        spec.checkForward(x, w, bias, y);
        boolean hasBias = bias != null;
        String detail = convDetail("conv2d", x, w, spec, hasBias);
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment pd = convForwardPd(d, x, w, hwio(d, w), hasBias, spec, k);
                try {
                    if (DnnlPlan.implementation(pd, k).contains("gemm")) {
                        pd = preferBlockedWeights(pd, d, x, w, hasBias, spec, k);
                    }
                } catch (RuntimeException e) {
                    dnnl_primitive_desc_destroy(pd);
                    throw e;
                }
                return hasBias
                        ? new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena,
                                DNNL_ARG_SRC(), DNNL_ARG_WEIGHTS(), DNNL_ARG_BIAS(), DNNL_ARG_DST())
                        : new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena,
                                DNNL_ARG_SRC(), DNNL_ARG_WEIGHTS(), DNNL_ARG_DST());
            }
        });
        MemorySegment weights = weightsFor(detail, p, w);
        if (hasBias) {
            run(p, x.data(), weights, bias.data(), y.data());
        } else {
            run(p, x.data(), weights, y.data());
        }
    }

    /**
     * Given a forward convolution pd on plain HWIO weights that fell back to a gemm kernel,
     * plans the same convolution with weights in the layout oneDNN chooses and returns that pd
     * when it runs a direct kernel (neither gemm nor reference), destroying the plain one;
     * otherwise keeps the plain one. A failure to plan the second is not an error: the plain
     * pd works.
     */
    private MemorySegment preferBlockedWeights(MemorySegment plain, DnnlDescs d, Tensor x, Tensor w, boolean hasBias,
                                               Conv2d spec, String detail) {
        MemorySegment blocked;
        try {
            blocked = convForwardPd(d, x, w, anyWeights(d, w), hasBias, spec, detail);
        } catch (DnnlException e) {
            return plain;
        }
        String impl;
        try {
            impl = DnnlPlan.implementation(blocked, detail);
        } catch (RuntimeException e) {
            dnnl_primitive_desc_destroy(blocked);
            throw e;
        }
        boolean direct = !impl.contains("gemm") && !impl.startsWith("ref");
        // The dropped pd's destroy status is not worth failing a working plan for.
        dnnl_primitive_desc_destroy(direct ? plain : blocked);
        return direct ? blocked : plain;
    }

    /**
     * The weights as the plan {@code p} reads them: ours in place, or reordered into its layout
     * (read-only weights once, kept in {@link #frozen}; writable ones on every call).
     */
    private MemorySegment weightsFor(String detail, DnnlPlan p, Tensor w) {
        DnnlPlan reorder = weightsReorder(detail, p, dnnl_query_weights_md(), w, true);
        if (reorder == null) {
            return w.data();
        }
        long bytes = dnnl_memory_desc_get_size(p.queryMd(dnnl_query_weights_md()));
        if (w.data().isReadOnly()) {
            // A loaded model's weights: reordered once, not on every call (15-20 us a call on two
            // threads, mostly OpenMP's fork and join: a third of a one-image convolution, about 1%
            // of a search step; bench FrozenWeights).
            return frozen.get(w.data(), reorder, bytes, (from, to) -> run(reorder, from, to));
        }
        MemorySegment weights = reordered.take(bytes);
        run(reorder, w.data(), weights);
        return weights;
    }

    /** Weights in whatever layout the primitive chose ({@code any}). */
    private static MemorySegment anyWeights(DnnlDescs d, Tensor w) {
        return d.tagged(new long[] {w.dim(3), w.dim(2), w.dim(0), w.dim(1)}, dnnl_format_tag_any());
    }

    /**
     * A reorder between our HWIO weights and the layout a convolution chose, or null when they
     * are the same. {@code toChosen} says the direction.
     */
    private DnnlPlan weightsReorder(String key, DnnlPlan conv, int query, Tensor w, boolean toChosen) {
        MemorySegment chosen = conv.queryMd(query);
        return plan(key + " weights reorder", k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment ours = hwio(d, w);
                if (dnnl_memory_desc_equal(ours, chosen) != 0) {
                    return null;
                }
                MemorySegment out = d.out();
                int status = toChosen
                        ? dnnl_reorder_primitive_desc_create(out, ours, engine, chosen, engine, attr)
                        : dnnl_reorder_primitive_desc_create(out, chosen, engine, ours, engine, attr);
                MemorySegment pd = create(out, status, "dnnl_reorder_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena, DNNL_ARG_FROM(), DNNL_ARG_TO());
            }
        });
    }

    // Both backward passes let the primitive choose the weights layout and reorder ours to or
    // from it (on every call for writable weights, which may change between calls; once for
    // read-only ones, see weightsFor): given HWIO as strided plain
    // memory, oneDNN falls back to gemm-based kernels. DnnlConvLayoutBenchmark (3x3 64->64 32x32
    // batch 32, 2 threads, AVX-512, a shared machine) measured medians of: backward data 57-496 ms
    // plain versus 25-26 ms with `any` and the reorder; backward weights 285-488 ms versus 32-34 ms.
    // The forward pass takes plain HWIO in place where oneDNN's brgemm kernels accept it
    // (AVX-512: 23.5 ms, versus 28-31 ms with `any` and a reorder; plain NCHW runs a reference
    // kernel, 6-12 s). On AVX2 they do not, and plain weights fall back to gemm-based
    // convolution: a search step's 16- and 32-channel convs ran at about 27 GFLOP/s in
    // x64:gemm:jit against 95-110 in brg_conv_fwd:avx2 with `any` weights, so there the forward
    // pass takes `any` weights and reorders like the backward ones.

    @Override
    public synchronized void conv2dBackwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx) {
        if (dx == null) {
            return;
        }
        spec.checkBackwardData(dy, w, dx);
        String detail = convDetail("conv2dBackwardData", dx, w, spec, false);
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment hint = convForwardPd(d, dx, w, anyWeights(d, w), false, spec, k);
                MemorySegment out = d.out();
                int status = dnnl_convolution_backward_data_primitive_desc_create(out, engine,
                        dnnl_convolution_direct(), nhwc(d, dx), anyWeights(d, w), nhwc(d, dy),
                        d.dims(spec.strideH(), spec.strideW()), d.dims(0, 0),
                        d.dims(spec.padTop(), spec.padLeft()), d.dims(spec.padBottom(), spec.padRight()), hint, attr);
                MemorySegment pd = createOrRelease(out, status, hint, "dnnl_convolution_backward_data_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, hint, k, arena, DNNL_ARG_DIFF_DST(), DNNL_ARG_WEIGHTS(), DNNL_ARG_DIFF_SRC());
            }
        });
        run(p, dy.data(), weightsFor(detail, p, w), dx.data());
    }

    @Override
    public synchronized void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias) {
        if (dw == null) {
            if (dbias != null) {
                sumTo(dy.reshape((int) (dy.size() / dy.dim(3)), dy.dim(3)), dbias.reshape(1, dbias.dim(0)));
            }
            return;
        }
        spec.checkBackwardWeights(x, dy, dw, dbias);
        boolean hasBias = dbias != null;
        String detail = convDetail("conv2dBackwardWeights", x, dw, spec, hasBias);
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment hint = convForwardPd(d, x, dw, anyWeights(d, dw), hasBias, spec, k);
                MemorySegment out = d.out();
                int status = dnnl_convolution_backward_weights_primitive_desc_create(out, engine,
                        dnnl_convolution_direct(), nhwc(d, x), anyWeights(d, dw),
                        hasBias ? d.plain(dw.dim(3)) : MemorySegment.NULL, nhwc(d, dy),
                        d.dims(spec.strideH(), spec.strideW()), d.dims(0, 0),
                        d.dims(spec.padTop(), spec.padLeft()), d.dims(spec.padBottom(), spec.padRight()), hint, attr);
                MemorySegment pd = createOrRelease(out, status, hint, "dnnl_convolution_backward_weights_primitive_desc_create", k);
                return hasBias
                        ? new DnnlPlan(engine, pd, hint, k, arena,
                                DNNL_ARG_SRC(), DNNL_ARG_DIFF_DST(), DNNL_ARG_DIFF_WEIGHTS(), DNNL_ARG_DIFF_BIAS())
                        : new DnnlPlan(engine, pd, hint, k, arena, DNNL_ARG_SRC(), DNNL_ARG_DIFF_DST(), DNNL_ARG_DIFF_WEIGHTS());
            }
        });
        DnnlPlan reorder = weightsReorder(detail, p, dnnl_query_diff_weights_md(), dw, false);
        MemorySegment grads = reorder == null ? dw.data()
                : reordered.take(dnnl_memory_desc_get_size(p.queryMd(dnnl_query_diff_weights_md())));
        if (hasBias) {
            run(p, x.data(), dy.data(), grads, dbias.data());
        } else {
            run(p, x.data(), dy.data(), grads);
        }
        if (reorder != null) {
            run(reorder, grads, dw.data());
        }
    }

    /** Reads a created pd, destroying the hint pd first when creation failed. */
    private static MemorySegment createOrRelease(MemorySegment out, int status, MemorySegment hint, String function,
                                                 String detail) {
        if (status != 0) {
            dnnl_primitive_desc_destroy(hint);
        }
        return create(out, status, function, detail);
    }

    // ---- matrix products -----------------------------------------------------------------

    @Override
    public synchronized void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) {
        MatmulShape s = MatmulShape.of(a, transA, b, transB, bias, c);
        int batch = s.batch(), batchB = b.rank() == 3 ? batch : 1;
        long m = s.m(), k = s.k(), n = s.n();
        String detail = "matmul a" + Arrays.toString(a.shape()) + (transA ? "^T" : "") + " b" + Arrays.toString(b.shape())
                + (transB ? "^T" : "") + (bias != null ? " +bias" : "") + " c" + Arrays.toString(c.shape());
        boolean hasBias = bias != null;
        DnnlPlan p = plan(detail, key -> {
            try (DnnlDescs d = new DnnlDescs(key)) {
                MemorySegment src = d.strided(new long[] {batch, m, k},
                        transA ? new long[] {m * k, 1, m} : new long[] {m * k, k, 1});
                // A rank-2 b is shared by every batch: a leading batch dim of 1 broadcasts.
                MemorySegment wei = d.strided(new long[] {batchB, k, n},
                        transB ? new long[] {k * n, 1, k} : new long[] {k * n, n, 1});
                MemorySegment out = d.out();
                int status = dnnl_matmul_primitive_desc_create(out, engine, src, wei,
                        hasBias ? d.plain(1, 1, n) : MemorySegment.NULL, d.plain(batch, m, n), attr);
                MemorySegment pd = create(out, status, "dnnl_matmul_primitive_desc_create", key);
                return hasBias
                        ? new DnnlPlan(engine, pd, MemorySegment.NULL, key, arena,
                                DNNL_ARG_SRC(), DNNL_ARG_WEIGHTS(), DNNL_ARG_BIAS(), DNNL_ARG_DST())
                        : new DnnlPlan(engine, pd, MemorySegment.NULL, key, arena,
                                DNNL_ARG_SRC(), DNNL_ARG_WEIGHTS(), DNNL_ARG_DST());
            }
        });
        if (hasBias) {
            run(p, a.data(), b.data(), bias.data(), c.data());
        } else {
            run(p, a.data(), b.data(), c.data());
        }
    }

    // ---- normalisation and activations -------------------------------------------------------

    /**
     * Runs on the Java backend, measured faster: oneDNN 3.13's channels-last group norm forward
     * ({@code jit_group:uni}) made group norm + SiLU on [32,32,32,64] take 7.65 ms against
     * 2.53 ms with the Java kernel (2 threads).
     */
    @Override
    public void groupNorm(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor mean,
                          Tensor var) {
        JavaGroupNorm.groupNorm(x, offset, gamma, beta, spec, y, mean, var);
    }

    /** Runs on the Java backend, as {@link #groupNorm}, which runs the SiLU right after its affine pass. */
    @Override
    public void groupNormSilu(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor act,
                              Tensor mean, Tensor var) {
        JavaGroupNorm.groupNormSilu(x, offset, gamma, beta, spec, y, act, mean, var);
    }

    /**
     * Runs on the Java backend: oneDNN 3.13 has only a reference implementation ({@code ref:any})
     * of group-norm backward for channels-last data, which took 1155 ms of a 1300 ms UNet
     * input-VJP (28x28, (32, 64, 64), batch 32, 2 threads) against a few ms for the Java kernel.
     */
    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor offset, Tensor gamma, Tensor mean, Tensor var, GroupNorm spec,
                                  Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        JavaGroupNorm.groupNormBackward(dy, x, offset, gamma, mean, var, spec, dx, doffset, dgamma, dbeta);
    }

    @Override
    public void groupNormSiluBackward(Tensor dy, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean, Tensor var,
                                      GroupNorm spec, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        JavaGroupNorm.groupNormSiluBackward(dy, x, y, offset, gamma, mean, var, spec, dx, doffset, dgamma, dbeta);
    }

    private MemorySegment eltwiseForwardPd(DnnlDescs d, long n, int alg, float alpha, String detail) {
        MemorySegment md = d.plain(n);
        MemorySegment out = d.out();
        int status = dnnl_eltwise_forward_primitive_desc_create(out, engine, dnnl_forward_training(), alg, md, md,
                alpha, 0f, attr);
        return create(out, status, "dnnl_eltwise_forward_primitive_desc_create", detail);
    }

    @Override
    public synchronized void silu(Tensor x, Tensor y) {
        Shapes.elementwise("silu output", x, y);
        String detail = "silu n=" + x.size();
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                // swish with alpha 1 is x * sigmoid(x).
                return new DnnlPlan(engine, eltwiseForwardPd(d, x.size(), dnnl_eltwise_swish(), 1f, k),
                        MemorySegment.NULL, k, arena, DNNL_ARG_SRC(), DNNL_ARG_DST());
            }
        });
        run(p, x.data(), y.data());
    }

    @Override
    public synchronized void siluBackward(Tensor dy, Tensor x, Tensor dx) {
        Shapes.elementwise("siluBackward dy and dx", x, dy, dx);
        String detail = "siluBackward n=" + x.size();
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment hint = eltwiseForwardPd(d, x.size(), dnnl_eltwise_swish(), 1f, k);
                MemorySegment md = d.plain(x.size());
                MemorySegment out = d.out();
                int status = dnnl_eltwise_backward_primitive_desc_create(out, engine, dnnl_eltwise_swish(), md, md, md,
                        1f, 0f, hint, attr);
                MemorySegment pd = createOrRelease(out, status, hint, "dnnl_eltwise_backward_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, hint, k, arena, DNNL_ARG_SRC(), DNNL_ARG_DIFF_DST(), DNNL_ARG_DIFF_SRC());
            }
        });
        run(p, x.data(), dy.data(), dx.data());
    }

    private MemorySegment softmaxForwardPd(DnnlDescs d, long rows, long cols, String detail) {
        MemorySegment md = d.plain(rows, cols);
        MemorySegment out = d.out();
        int status = dnnl_softmax_forward_primitive_desc_create(out, engine, dnnl_forward_training(),
                dnnl_softmax_accurate(), md, md, 1, attr);
        return create(out, status, "dnnl_softmax_forward_primitive_desc_create", detail);
    }

    @Override
    public synchronized void softmax(Tensor x, Tensor y) {
        Shapes.elementwise("softmax output", x, y);
        long cols = x.dim(-1), rows = x.size() / cols;
        String detail = "softmax rows " + rows + " cols " + cols;
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                return new DnnlPlan(engine, softmaxForwardPd(d, rows, cols, k), MemorySegment.NULL, k, arena,
                        DNNL_ARG_SRC(), DNNL_ARG_DST());
            }
        });
        run(p, x.data(), y.data());
    }

    @Override
    public synchronized void softmaxBackward(Tensor dy, Tensor y, Tensor dx) {
        // Same shapes, not only sizes: the Java kernel this may fall back to requires them.
        Shapes.elementwise("softmaxBackward dy and dx", y, dy, dx);
        long cols = y.dim(-1), rows = y.size() / cols;
        String detail = "softmaxBackward rows " + rows + " cols " + cols;
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment hint = softmaxForwardPd(d, rows, cols, k);
                MemorySegment md = d.plain(rows, cols);
                MemorySegment out = d.out();
                int status = dnnl_softmax_backward_primitive_desc_create(out, engine, dnnl_softmax_accurate(), md, md,
                        md, 1, hint, attr);
                MemorySegment pd = createOrRelease(out, status, hint, "dnnl_softmax_backward_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, hint, k, arena, DNNL_ARG_DST(), DNNL_ARG_DIFF_DST(), DNNL_ARG_DIFF_SRC());
            }
        });
        if (slow(p, false)) {
            // On AVX2, oneDNN 3.13's softmax backward is ref:any (0.6 ms a call on the UNet's
            // attention rows).
            java.softmaxBackward(dy, y, dx);
            return;
        }
        run(p, y.data(), dy.data(), dx.data());
    }

    // ---- elementwise with broadcast ----------------------------------------------------------

    @Override
    public synchronized void add(Tensor a, Tensor b, Tensor c) {
        binary("add", dnnl_binary_add(), a, b, c);
    }

    @Override
    public synchronized void mul(Tensor a, Tensor b, Tensor c) {
        binary("mul", dnnl_binary_mul(), a, b, c);
    }

    private void binary(String op, int alg, Tensor a, Tensor b, Tensor c) {
        Shapes.broadcast(c, a, b);
        boolean aFull = a.sameShape(c);
        boolean bFull = b.sameShape(c);
        if (!aFull && !bFull) {
            // oneDNN broadcasts only the second source.
            if (alg == dnnl_binary_add()) {
                java.add(a, b, c);
            } else {
                java.mul(a, b, c);
            }
            return;
        }
        // Both ops commute: put the full operand first, the broadcast one second.
        Tensor src0 = aFull ? a : b;
        Tensor src1 = aFull ? b : a;
        int[] shape = c.rank() == 0 ? new int[] {1} : c.shape();
        int[] shape1 = src1.rank() == 0 ? new int[] {1} : src1.shape();
        String detail = op + " " + Arrays.toString(shape) + " with " + Arrays.toString(shape1);
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment md = d.plain(dims(shape));
                MemorySegment out = d.out();
                int status = dnnl_binary_primitive_desc_create(out, engine, alg, md, d.plain(dims(shape1)), md, attr);
                MemorySegment pd = create(out, status, "dnnl_binary_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena, DNNL_ARG_SRC_0(), DNNL_ARG_SRC_1(),
                        DNNL_ARG_DST());
            }
        });
        run(p, src0.data(), src1.data(), c.data());
    }

    @Override
    public synchronized void scale(Tensor x, float s, Tensor y) {
        Shapes.elementwise("scale output", x, y);
        // A binary multiply by a one-element buffer: one plan per size, whatever s is.
        String detail = "scale n=" + x.size();
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment md = d.plain(x.size());
                MemorySegment out = d.out();
                int status = dnnl_binary_primitive_desc_create(out, engine, dnnl_binary_mul(), md, d.plain(1), md, attr);
                MemorySegment pd = create(out, status, "dnnl_binary_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena, DNNL_ARG_SRC_0(), DNNL_ARG_SRC_1(),
                        DNNL_ARG_DST());
            }
        });
        scalar.set(ValueLayout.JAVA_FLOAT, 0, s);
        run(p, x.data(), scalar, y.data());
    }

    /** The Java kernel: a memory-bound pass that oneDNN has no primitive for. */
    @Override
    public void axpy(float a, Tensor x, Tensor y) {
        java.axpy(a, x, y);
    }

    @Override
    public double dot(Tensor x, Tensor y) {
        return java.dot(x, y);
    }

    @Override
    public synchronized void sumTo(Tensor x, Tensor y) {
        Shapes.broadcast(x, y);
        if (x.sameShape(y)) {
            y.copyFrom(x);
            return;
        }
        String detail = "sumTo " + Arrays.toString(x.shape()) + " to " + Arrays.toString(y.shape());
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment out = d.out();
                int status = dnnl_reduction_primitive_desc_create(out, engine, dnnl_reduction_sum(),
                        d.plain(dims(x.shape())), d.plain(dims(y.shape())), 0f, 0f, attr);
                MemorySegment pd = create(out, status, "dnnl_reduction_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena, DNNL_ARG_SRC(), DNNL_ARG_DST());
            }
        });
        if (slow(p, false)) {
            // oneDNN 3.13 reduces some patterns, e.g. [32,28,28,16] to [32,1,1,16] (the VJP of the
            // UNet's time-embedding add), with ref:any: 18.6 ms a call against well under 1 ms for
            // the Java kernel, a fifth of a search step's oneDNN time.
            java.sumTo(x, y);
            return;
        }
        run(p, x.data(), y.data());
    }

    @Override
    public synchronized void broadcastTo(Tensor x, Tensor y) {
        java.broadcastTo(x, y);
    }

    // ---- resampling ------------------------------------------------------------------------------

    private MemorySegment resamplingForwardPd(DnnlDescs d, Tensor small, Tensor big, String detail) {
        MemorySegment out = d.out();
        // NULL factors: taken from the ratio of the dims (2x here).
        int status = dnnl_resampling_forward_primitive_desc_create(out, engine, dnnl_forward_training(),
                dnnl_resampling_nearest(), MemorySegment.NULL, nhwc(d, small), nhwc(d, big), attr);
        return create(out, status, "dnnl_resampling_forward_primitive_desc_create", detail);
    }

    /** Runs on the Java backend: a memory-bound strided copy with the bias added in passing. */
    @Override
    public synchronized void interleavePhases(Tensor o, Tensor bias, Tensor y) {
        java.interleavePhases(o, bias, y);
    }

    @Override
    public synchronized void interleavePhasesBackward(Tensor dy, Tensor dO) {
        java.interleavePhasesBackward(dy, dO);
    }

    @Override
    public synchronized void upsampleNearest2x(Tensor x, Tensor y) {
        Shapes.upsample(x, y);
        String detail = "upsampleNearest2x " + Arrays.toString(x.shape());
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                return new DnnlPlan(engine, resamplingForwardPd(d, x, y, k), MemorySegment.NULL, k, arena,
                        DNNL_ARG_SRC(), DNNL_ARG_DST());
            }
        });
        run(p, x.data(), y.data());
    }

    @Override
    public synchronized void upsampleNearest2xBackward(Tensor dy, Tensor dx) {
        Shapes.upsampleBackward(dy, dx);
        String detail = "upsampleNearest2xBackward " + Arrays.toString(dx.shape());
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment hint = resamplingForwardPd(d, dx, dy, k);
                MemorySegment out = d.out();
                int status = dnnl_resampling_backward_primitive_desc_create(out, engine, dnnl_resampling_nearest(),
                        MemorySegment.NULL, nhwc(d, dx), nhwc(d, dy), hint, attr);
                MemorySegment pd = createOrRelease(out, status, hint, "dnnl_resampling_backward_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, hint, k, arena, DNNL_ARG_DIFF_DST(), DNNL_ARG_DIFF_SRC());
            }
        });
        if (slow(p, true)) {
            // simple:any on AVX2: 1.7 ms a call on [32,14,14,32] in a search step.
            java.upsampleNearest2xBackward(dy, dx);
            return;
        }
        run(p, dy.data(), dx.data());
    }

    private MemorySegment poolForwardPd(DnnlDescs d, Tensor big, Tensor small, String detail) {
        MemorySegment out = d.out();
        int status = dnnl_pooling_forward_primitive_desc_create(out, engine, dnnl_forward_training(),
                dnnl_pooling_avg_exclude_padding(), nhwc(d, big), nhwc(d, small), d.dims(2, 2), d.dims(2, 2),
                d.dims(0, 0), d.dims(0, 0), d.dims(0, 0), attr);
        return create(out, status, "dnnl_pooling_forward_primitive_desc_create", detail);
    }

    @Override
    public synchronized void avgPool2x2(Tensor x, Tensor y) {
        Shapes.avgPool(x, y);
        String detail = "avgPool2x2 " + Arrays.toString(x.shape());
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                return new DnnlPlan(engine, poolForwardPd(d, x, y, k), MemorySegment.NULL, k, arena,
                        DNNL_ARG_SRC(), DNNL_ARG_DST());
            }
        });
        run(p, x.data(), y.data());
    }

    @Override
    public synchronized void avgPool2x2Backward(Tensor dy, Tensor dx) {
        Shapes.avgPoolBackward(dy, dx);
        String detail = "avgPool2x2Backward " + Arrays.toString(dx.shape());
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment hint = poolForwardPd(d, dx, dy, k);
                MemorySegment out = d.out();
                int status = dnnl_pooling_backward_primitive_desc_create(out, engine, dnnl_pooling_avg_exclude_padding(),
                        nhwc(d, dx), nhwc(d, dy), d.dims(2, 2), d.dims(2, 2), d.dims(0, 0), d.dims(0, 0), d.dims(0, 0),
                        hint, attr);
                MemorySegment pd = createOrRelease(out, status, hint, "dnnl_pooling_backward_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, hint, k, arena, DNNL_ARG_DIFF_DST(), DNNL_ARG_DIFF_SRC());
            }
        });
        run(p, dy.data(), dx.data());
    }

    // ---- layout ----------------------------------------------------------------------------------

    @Override
    public synchronized void concat(Tensor[] xs, Tensor y) {
        long total = y.dim(-1);
        long rows = y.size() / Math.max(total, 1);
        long[] widths = new long[xs.length];
        long sum = 0;
        for (int i = 0; i < xs.length; i++) {
            widths[i] = xs[i].dim(-1);
            sum += widths[i];
            if (xs[i].rank() != y.rank() || xs[i].size() != rows * widths[i]) {
                throw new IllegalArgumentException("concat: input " + Arrays.toString(xs[i].shape()) + " does not fit "
                        + Arrays.toString(y.shape()));
            }
        }
        if (sum != total) {
            throw new IllegalArgumentException("concat: widths " + Arrays.toString(widths) + " do not add up to "
                    + Arrays.toString(y.shape()));
        }
        String detail = "concat rows " + rows + " widths " + Arrays.toString(widths);
        DnnlPlan p = plan(detail, k -> {
            try (DnnlDescs d = new DnnlDescs(k)) {
                MemorySegment[] srcs = new MemorySegment[xs.length];
                int[] argIds = new int[xs.length + 1];
                for (int i = 0; i < xs.length; i++) {
                    srcs[i] = d.plain(rows, widths[i]);
                    argIds[i] = DNNL_ARG_MULTIPLE_SRC() + i;
                }
                argIds[xs.length] = DNNL_ARG_DST();
                MemorySegment out = d.out();
                int status = dnnl_concat_primitive_desc_create(out, engine, d.plain(rows, total), xs.length, 1,
                        d.pointers(srcs), attr);
                MemorySegment pd = create(out, status, "dnnl_concat_primitive_desc_create", k);
                return new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena, argIds);
            }
        });
        MemorySegment[] handles = new MemorySegment[xs.length + 1];
        for (int i = 0; i < xs.length; i++) {
            handles[i] = xs[i].data();
        }
        handles[xs.length] = y.data();
        run(p, handles);
    }

    /**
     * VJP of {@link #concat}: splits dy along the last axis into parts of the given widths,
     * written to the dxs; a null entry is not wanted and not written. Each part is a reorder
     * from a strided column block of dy into the dense dx.
     */
    @Override
    public synchronized void concatBackward(Tensor dy, int[] widths, Tensor[] dxs) {
        ConcatShape.offsets(widths, dxs, dy);
        long total = dy.dim(-1);
        long rows = dy.size() / Math.max(total, 1);
        long offset = 0;
        for (int i = 0; i < dxs.length; i++) {
            long width = widths[i];
            if (dxs[i] != null && width > 0 && rows > 0) {
                String detail = "concatBackward rows " + rows + " width " + width + " of " + total;
                DnnlPlan p = plan(detail, k -> {
                    try (DnnlDescs d = new DnnlDescs(k)) {
                        MemorySegment out = d.out();
                        int status = dnnl_reorder_primitive_desc_create(out,
                                d.strided(new long[] {rows, width}, new long[] {total, 1}), engine,
                                d.plain(rows, width), engine, attr);
                        MemorySegment pd = create(out, status, "dnnl_reorder_primitive_desc_create", k);
                        return new DnnlPlan(engine, pd, MemorySegment.NULL, k, arena, DNNL_ARG_FROM(), DNNL_ARG_TO());
                    }
                });
                run(p, dy.data().asSlice(offset * Float.BYTES), dxs[i].data());
            }
            offset += width;
        }
    }

    // ---- checks ------------------------------------------------------------------------------------

    /**
     * Destroys every cached plan, the attributes, stream and engine, and frees the workspaces;
     * everything is released even when one destroy call fails, which is then reported.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Every handle is destroyed even when one fails; the first failure is thrown at the end.
            DnnlException first = null;
            for (DnnlPlan p : plans.values()) {
                if (p != null) {
                    try {
                        p.close();
                    } catch (DnnlException e) {
                        first = first == null ? e : first;
                    }
                }
            }
            plans.clear();
            int[] status = {dnnl_primitive_attr_destroy(attr), dnnl_stream_destroy(stream), dnnl_engine_destroy(engine)};
            String[] what = {"dnnl_primitive_attr_destroy", "dnnl_stream_destroy", "dnnl_engine_destroy"};
            for (int i = 0; i < status.length && first == null; i++) {
                if (status[i] != 0) {
                    first = new DnnlException(what[i], status[i], "closing the backend");
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            scratchpad.close();
            reordered.close();
            frozen.close();
            arena.close();
            java.close();
        }
    }
}
