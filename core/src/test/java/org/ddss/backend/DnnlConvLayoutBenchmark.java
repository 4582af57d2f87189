package org.ddss.backend;

import static org.ddss.backend.DnnlException.check;
import static org.ddss.bindings.dnnl.dnnl_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import org.ddss.bindings.dnnl.DnnlLibrary;
import org.ddss.bindings.dnnl.omp_h;
import org.ddss.tensor.TensorArena;
import org.ddss.tensor.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the layout decision for {@link DnnlBackend}'s convolution: 3x3, 64 to 64 channels,
 * 32x32, batch 32, stride 1, padding 1. Forward variants: our NHWC activations with HWIO
 * weights passed as strided plain memory (what the backend does); NHWC with {@code any}
 * weights plus a per-call weight reorder; plain NCHW/OIHW; and everything {@code any}
 * (blocked) with reorders of input, weights and output around each call. Backward data and
 * backward weights: strided HWIO against {@code any} weights with and without the per-call
 * reorder (the backend's choice for both). Run with
 * {@code ./mvnw -o test -pl bindings,core -am -Dtest=DnnlConvLayoutBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dddss.bench=true}.
 */
@EnabledIfSystemProperty(named = "ddss.bench", matches = "true")
class DnnlConvLayoutBenchmark {
    static final int N = 32, C = 64, H = 32, W = 32, K = 3;
    static final int WARMUP = 3, RUNS = 30;

    MemorySegment engine, stream, attr;
    final Workspace scratch = new Workspace();
    final TensorArena mem = new TensorArena();
    final Arena arena = Arena.ofShared();
    final List<DnnlPlan> plans = new ArrayList<>();

    MemorySegment x, w, y;
    double gflop;

    @BeforeEach
    void open() {
        assumeTrue(DnnlLibrary.isAvailable(), () -> DnnlLibrary.unavailableReason().orElse(""));
        omp_h.omp_set_num_threads(Parallel.THREADS);
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ValueLayout.ADDRESS);
            check(dnnl_engine_create(out, dnnl_cpu(), 0), "dnnl_engine_create", "bench");
            engine = out.get(ValueLayout.ADDRESS, 0);
            check(dnnl_stream_create(out, engine, dnnl_stream_in_order()), "dnnl_stream_create", "bench");
            stream = out.get(ValueLayout.ADDRESS, 0);
            check(dnnl_primitive_attr_create(out), "dnnl_primitive_attr_create", "bench");
            attr = out.get(ValueLayout.ADDRESS, 0);
            check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user()), "scratchpad", "bench");
        }
        x = random(4L * N * H * W * C);
        w = random(4L * K * K * C * C);
        y = mem.allocate(4L * N * H * W * C);
        gflop = 2.0 * N * H * W * C * C * K * K / 1e9;
    }

    @AfterEach
    void close() {
        plans.forEach(DnnlPlan::close);
        dnnl_primitive_attr_destroy(attr);
        dnnl_stream_destroy(stream);
        dnnl_engine_destroy(engine);
        scratch.close();
        mem.close();
        arena.close();
    }

    @Test
    void convForwardLayouts() {
        System.out.printf("conv fwd 3x3 %d->%d %dx%d batch %d, %d threads, isa %s, %.2f GFLOP per call%n",
                C, C, H, W, N, Parallel.THREADS, DnnlBackend.isa(), gflop);
        {
            List<Variant> variants = new ArrayList<>();
            try (DnnlDescs d = new DnnlDescs("nhwc/hwio")) {
                DnnlPlan p = conv(d, d.tagged(act(), dnnl_nhwc()), hwio(d), d.tagged(act(), dnnl_nhwc()));
                variants.add(new Variant("NHWC + HWIO strided weights (backend)", p,
                        () -> p.execute(stream, scratch, x, w, y)));
            }
            try (DnnlDescs d = new DnnlDescs("nchw/oihw")) {
                DnnlPlan p = conv(d, d.tagged(act(), dnnl_nchw()), d.tagged(wei(), dnnl_oihw()),
                        d.tagged(act(), dnnl_nchw()));
                // Far slower (a reference path), so timed apart with few runs.
                Variant nchw = new Variant("NCHW + OIHW", p, () -> p.execute(stream, scratch, x, w, y));
                measure(List.of(nchw), 1, 3, gflop);
            }
            try (DnnlDescs d = new DnnlDescs("nhwc/any")) {
                DnnlPlan p = conv(d, d.tagged(act(), dnnl_nhwc()), d.tagged(wei(), dnnl_format_tag_any()),
                        d.tagged(act(), dnnl_nhwc()));
                MemorySegment wb = mem.allocate(dnnl_memory_desc_get_size(p.queryMd(dnnl_query_weights_md())));
                DnnlPlan rw = reorder(hwio(d), p.queryMd(dnnl_query_weights_md()));
                variants.add(new Variant("NHWC + any weights, no reorder", p, () -> p.execute(stream, scratch, x, wb, y)));
                variants.add(new Variant("NHWC + any weights, reorder per call", p, () -> {
                    rw.execute(stream, scratch, w, wb);
                    p.execute(stream, scratch, x, wb, y);
                }));
            }
            try (DnnlDescs d = new DnnlDescs("any")) {
                int any = dnnl_format_tag_any();
                DnnlPlan p = conv(d, d.tagged(act(), any), d.tagged(wei(), any), d.tagged(act(), any));
                MemorySegment srcMd = p.queryMd(dnnl_query_src_md());
                MemorySegment weiMd = p.queryMd(dnnl_query_weights_md());
                MemorySegment dstMd = p.queryMd(dnnl_query_dst_md());
                MemorySegment xb = mem.allocate(dnnl_memory_desc_get_size(srcMd));
                MemorySegment wb = mem.allocate(dnnl_memory_desc_get_size(weiMd));
                MemorySegment yb = mem.allocate(dnnl_memory_desc_get_size(dstMd));
                DnnlPlan rx = reorder(d.tagged(act(), dnnl_nhwc()), srcMd);
                DnnlPlan rw = reorder(hwio(d), weiMd);
                DnnlPlan ry = reorder(dstMd, d.tagged(act(), dnnl_nhwc()));
                variants.add(new Variant("any (blocked), no reorders", p, () -> p.execute(stream, scratch, xb, wb, yb)));
                variants.add(new Variant("any (blocked), reorder x, w, y per call", p, () -> {
                    rx.execute(stream, scratch, x, xb);
                    rw.execute(stream, scratch, w, wb);
                    p.execute(stream, scratch, xb, wb, yb);
                    ry.execute(stream, scratch, yb, y);
                }));
                variants.add(new Variant("any (blocked), reorder x, y per call (weights cached)", p, () -> {
                    rx.execute(stream, scratch, x, xb);
                    p.execute(stream, scratch, xb, wb, yb);
                    ry.execute(stream, scratch, yb, y);
                }));
                measure(variants, WARMUP, RUNS, gflop);
            }
        }
    }

    /** The same question for the backward-data pass, the one DDSS runs most (input VJPs). */
    @Test
    void convBackwardDataLayouts() {
        System.out.printf("conv bwd data 3x3 %d->%d %dx%d batch %d, %d threads, %.2f GFLOP per call%n",
                C, C, H, W, N, Parallel.THREADS, gflop);
        List<Variant> variants = new ArrayList<>();
        try (DnnlDescs d = new DnnlDescs("nhwc/hwio")) {
            DnnlPlan p = convBackwardData(d, d.tagged(act(), dnnl_nhwc()), hwio(d), d.tagged(act(), dnnl_nhwc()));
            variants.add(new Variant("NHWC + HWIO strided weights", p,
                    () -> p.execute(stream, scratch, y, w, x)));
        }
        try (DnnlDescs d = new DnnlDescs("nhwc/any")) {
            DnnlPlan p = convBackwardData(d, d.tagged(act(), dnnl_nhwc()), d.tagged(wei(), dnnl_format_tag_any()),
                    d.tagged(act(), dnnl_nhwc()));
            MemorySegment wb = mem.allocate(dnnl_memory_desc_get_size(p.queryMd(dnnl_query_weights_md())));
            DnnlPlan rw = reorder(hwio(d), p.queryMd(dnnl_query_weights_md()));
            variants.add(new Variant("NHWC + any weights, no reorder", p, () -> p.execute(stream, scratch, y, wb, x)));
            variants.add(new Variant("NHWC + any weights, reorder per call (backend)", p, () -> {
                rw.execute(stream, scratch, w, wb);
                p.execute(stream, scratch, y, wb, x);
            }));
        }
        measure(variants, WARMUP, RUNS, gflop);
    }

    static long[] act() {
        return new long[] {N, C, H, W};
    }

    static long[] wei() {
        return new long[] {C, C, K, K};
    }

    static MemorySegment hwio(DnnlDescs d) {
        return d.strided(wei(), new long[] {1, C, (long) K * C * C, (long) C * C});
    }

    MemorySegment random(long bytes) {
        MemorySegment s = mem.allocate(bytes);
        java.util.Random r = new java.util.Random(1);
        for (long i = 0; i < bytes / 4; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) r.nextGaussian());
        }
        return s;
    }

    DnnlPlan conv(DnnlDescs d, MemorySegment src, MemorySegment wei, MemorySegment dst) {
        MemorySegment out = d.out();
        check(dnnl_convolution_forward_primitive_desc_create(out, engine, dnnl_forward_inference(),
                dnnl_convolution_direct(), src, wei, MemorySegment.NULL, dst, d.dims(1, 1), d.dims(0, 0),
                d.dims(1, 1), d.dims(1, 1), attr), "conv", "bench");
        DnnlPlan p = new DnnlPlan(engine, DnnlDescs.read(out), MemorySegment.NULL, "bench", arena,
                DNNL_ARG_SRC(), DNNL_ARG_WEIGHTS(), DNNL_ARG_DST());
        plans.add(p);
        return p;
    }

    /** And for the backward-weights pass (training only; DDSS itself never needs weight gradients). */
    @Test
    void convBackwardWeightsLayouts() {
        System.out.printf("conv bwd weights 3x3 %d->%d %dx%d batch %d, %d threads, %.2f GFLOP per call%n",
                C, C, H, W, N, Parallel.THREADS, gflop);
        List<Variant> variants = new ArrayList<>();
        try (DnnlDescs d = new DnnlDescs("nhwc/hwio")) {
            DnnlPlan p = convBackwardWeights(d, d.tagged(act(), dnnl_nhwc()), hwio(d), d.tagged(act(), dnnl_nhwc()));
            variants.add(new Variant("NHWC + HWIO strided weights", p,
                    () -> p.execute(stream, scratch, x, y, w)));
        }
        try (DnnlDescs d = new DnnlDescs("nhwc/any")) {
            DnnlPlan p = convBackwardWeights(d, d.tagged(act(), dnnl_nhwc()), d.tagged(wei(), dnnl_format_tag_any()),
                    d.tagged(act(), dnnl_nhwc()));
            MemorySegment wb = mem.allocate(dnnl_memory_desc_get_size(p.queryMd(dnnl_query_diff_weights_md())));
            DnnlPlan rw = reorder(p.queryMd(dnnl_query_diff_weights_md()), hwio(d));
            variants.add(new Variant("NHWC + any weights, no reorder", p, () -> p.execute(stream, scratch, x, y, wb)));
            variants.add(new Variant("NHWC + any weights, reorder per call (backend)", p, () -> {
                p.execute(stream, scratch, x, y, wb);
                rw.execute(stream, scratch, wb, w);
            }));
        }
        measure(variants, WARMUP, RUNS, gflop);
    }

    DnnlPlan convBackwardWeights(DnnlDescs d, MemorySegment src, MemorySegment diffWei, MemorySegment diffDst) {
        MemorySegment hintOut = d.out();
        check(dnnl_convolution_forward_primitive_desc_create(hintOut, engine, dnnl_forward_training(),
                dnnl_convolution_direct(), src, diffWei, MemorySegment.NULL, diffDst, d.dims(1, 1), d.dims(0, 0),
                d.dims(1, 1), d.dims(1, 1), attr), "conv hint", "bench");
        MemorySegment hint = DnnlDescs.read(hintOut);
        MemorySegment out = d.out();
        check(dnnl_convolution_backward_weights_primitive_desc_create(out, engine, dnnl_convolution_direct(), src,
                diffWei, MemorySegment.NULL, diffDst, d.dims(1, 1), d.dims(0, 0), d.dims(1, 1), d.dims(1, 1), hint,
                attr), "conv bwd weights", "bench");
        DnnlPlan p = new DnnlPlan(engine, DnnlDescs.read(out), hint, "bench", arena,
                DNNL_ARG_SRC(), DNNL_ARG_DIFF_DST(), DNNL_ARG_DIFF_WEIGHTS());
        plans.add(p);
        return p;
    }

    DnnlPlan convBackwardData(DnnlDescs d, MemorySegment diffSrc, MemorySegment wei, MemorySegment diffDst) {
        MemorySegment hintOut = d.out();
        check(dnnl_convolution_forward_primitive_desc_create(hintOut, engine, dnnl_forward_training(),
                dnnl_convolution_direct(), diffSrc, wei, MemorySegment.NULL, diffDst, d.dims(1, 1), d.dims(0, 0),
                d.dims(1, 1), d.dims(1, 1), attr), "conv hint", "bench");
        MemorySegment hint = DnnlDescs.read(hintOut);
        MemorySegment out = d.out();
        check(dnnl_convolution_backward_data_primitive_desc_create(out, engine, dnnl_convolution_direct(), diffSrc,
                wei, diffDst, d.dims(1, 1), d.dims(0, 0), d.dims(1, 1), d.dims(1, 1), hint, attr), "conv bwd", "bench");
        DnnlPlan p = new DnnlPlan(engine, DnnlDescs.read(out), hint, "bench", arena,
                DNNL_ARG_DIFF_DST(), DNNL_ARG_WEIGHTS(), DNNL_ARG_DIFF_SRC());
        plans.add(p);
        return p;
    }

    DnnlPlan reorder(MemorySegment from, MemorySegment to) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ValueLayout.ADDRESS);
            check(dnnl_reorder_primitive_desc_create(out, from, engine, to, engine, attr), "reorder", "bench");
            DnnlPlan p = new DnnlPlan(engine, out.get(ValueLayout.ADDRESS, 0), MemorySegment.NULL, "bench", arena,
                    DNNL_ARG_FROM(), DNNL_ARG_TO());
            plans.add(p);
            return p;
        }
    }

    @SuppressWarnings("restricted") // reading the C string oneDNN returns
    static String impl(DnnlPlan p) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ValueLayout.ADDRESS);
            check(dnnl_primitive_desc_query(p.pd(), dnnl_query_impl_info_str(), 0, out), "query", "bench");
            return out.get(ValueLayout.ADDRESS, 0).reinterpret(Integer.MAX_VALUE).getString(0);
        }
    }

    /** One way of computing the convolution. */
    record Variant(String name, DnnlPlan conv, Runnable call) {}

    /** Times the variants round-robin, so that load from other processes hits them alike. */
    static void measure(List<Variant> variants, int warmup, int runs, double gflop) {
        double[][] ms = new double[variants.size()][runs];
        for (int r = -warmup; r < runs; r++) {
            for (int v = 0; v < variants.size(); v++) {
                long t0 = System.nanoTime();
                variants.get(v).call().run();
                if (r >= 0) {
                    ms[v][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            Arrays.sort(ms[v]);
            double median = ms[v][runs / 2];
            System.out.printf("%-55s %-24s median %8.2f ms  min %8.2f ms  %6.1f GFLOP/s (median)%n",
                    variants.get(v).name(), impl(variants.get(v).conv()), median, ms[v][0], gflop / (median / 1e3));
        }
    }
}
