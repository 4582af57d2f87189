package org.ddss.backend;

import static org.ddss.backend.CudaException.blas;
import static org.ddss.backend.CudaException.dnn;
import static org.ddss.backend.CudaException.drv;
import static org.ddss.backend.CudaException.rt;
import static org.ddss.backend.CudaException.rtc;
import static org.ddss.bindings.cuda.cublas_h.*;
import static org.ddss.bindings.cuda.cuda_h.*;
import static org.ddss.bindings.cuda.cudart_h.*;
import static org.ddss.bindings.cuda.cudnn_h.*;
import static org.ddss.bindings.cuda.nvrtc_h.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddss.bindings.cuda.CudaLibraries;
import org.ddss.bindings.cuda.cudnnConvolutionBwdDataAlgoPerf_t;
import org.ddss.bindings.cuda.cudnnConvolutionBwdFilterAlgoPerf_t;
import org.ddss.bindings.cuda.cudnnConvolutionFwdAlgoPerf_t;
import org.ddss.tensor.HostAccess;
import org.ddss.tensor.NativeAllocator;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.Workspace;

/**
 * The {@code cuda} backend: every op on an NVIDIA GPU, queued on one stream. Convolutions and
 * softmax run on cuDNN 9 (NHWC tensors; HWIO weights are permuted to cuDNN's KRSC filter layout
 * on each call, since weights may change between calls), matrix products on cuBLAS, reductions
 * that undo a broadcast on cuDNN's reduce, and the rest (elementwise and broadcast ops, group
 * norm, resampling, explicit padding) on our own kernels ({@code cuda-kernels.cu}), compiled once
 * per backend by NVRTC for the device's architecture.
 *
 * <p>Memory: opening the backend installs CUDA managed memory as the process's
 * {@link NativeAllocator}, so tensors are addressable by the host and the device alike and the
 * rest of the engine works unchanged; tensors touched only by ops (a model call's activations)
 * stay on the device. Ops are asynchronous: each queues its work and registers with
 * {@link HostAccess}, so the next host access to any tensor waits for the stream. Create the
 * backend before loading the models it will run (their weights must be allocated after the
 * allocator changes). Convolutions use FMA math (no TF32), so results match the {@code java}
 * backend to float32 rounding.
 *
 * <p>Methods are synchronized: the plans, handles and workspaces serve one call at a time, and
 * calls from several threads queue on the one stream in the order they take the lock.
 */
public final class CudaBackend implements Backend {
    /** Threads per block of the elementwise kernels. */
    private static final int BLOCK = 256;
    /** cuDNN workspace limit for algorithm choice. */
    private static final long WORKSPACE_LIMIT = 1L << 30;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment stream;
    private final MemorySegment cudnn;
    private final MemorySegment cublas;
    private final MemorySegment module;
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final Map<String, ConvPlan> convPlans = new HashMap<>();
    private final Map<String, MemorySegment[]> tensorDescs = new HashMap<>();
    private final MemorySegment reduceDesc;
    private final MemorySegment one;
    private final MemorySegment zero;
    private final int maxBlocks;
    private final Workspace filter = new Workspace();
    private final Workspace filterGrad = new Workspace();
    private final Workspace padded = new Workspace();
    private final Workspace scratch = new Workspace();
    private final Workspace sums = new Workspace();
    private final String device;
    private boolean closed;

    /** CUDA managed memory: one allocation per slab, addressable by host and device. */
    static final NativeAllocator MANAGED = new NativeAllocator() {
        @Override
        public Allocation allocate(long bytes, long alignment) {
            if (alignment > 256) {
                throw new IllegalArgumentException("cudaMallocManaged aligns to 256 bytes, not " + alignment);
            }
            MemorySegment p;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ValueLayout.ADDRESS);
                rt(cudaMallocManaged(out, bytes, cudaMemAttachGlobal()), "cudaMallocManaged", bytes + " bytes");
                p = out.get(ValueLayout.ADDRESS, 0);
            }
            MemorySegment segment = p.reinterpret(bytes);
            return new Allocation() {
                @Override
                public MemorySegment segment() {
                    return segment;
                }

                @Override
                public void release() {
                    // Queued work may still use the memory (a workspace that grows mid-stream).
                    rt(cudaDeviceSynchronize(), "cudaDeviceSynchronize", "before freeing managed memory");
                    rt(cudaFree(p), "cudaFree", bytes + " bytes of managed memory");
                }
            };
        }

        @Override
        public boolean deviceVisible() {
            return true;
        }

        @Override
        public String name() {
            return "cuda-managed";
        }
    };

    private CudaBackend() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(ValueLayout.JAVA_INT);
            rt(cudaSetDevice(0), "cudaSetDevice", "device 0");
            rt(cudaDeviceGetAttribute(i, cudaDevAttrComputeCapabilityMajor(), 0), "cudaDeviceGetAttribute", "major");
            int major = i.get(ValueLayout.JAVA_INT, 0);
            rt(cudaDeviceGetAttribute(i, cudaDevAttrComputeCapabilityMinor(), 0), "cudaDeviceGetAttribute", "minor");
            int minor = i.get(ValueLayout.JAVA_INT, 0);
            rt(cudaDeviceGetAttribute(i, cudaDevAttrMultiProcessorCount(), 0), "cudaDeviceGetAttribute", "SMs");
            int sms = i.get(ValueLayout.JAVA_INT, 0);
            maxBlocks = Math.max(1, sms) * 32;
            device = "compute capability " + major + "." + minor + ", " + sms + " SMs";
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            rt(cudaStreamCreateWithFlags(out, cudaStreamNonBlocking()), "cudaStreamCreateWithFlags", "stream");
            stream = out.get(ValueLayout.ADDRESS, 0);
            dnn(cudnnCreate(out), "cudnnCreate", "handle");
            cudnn = out.get(ValueLayout.ADDRESS, 0);
            dnn(cudnnSetStream(cudnn, stream), "cudnnSetStream", "handle");
            blas(cublasCreate_v2(out), "cublasCreate_v2", "handle");
            cublas = out.get(ValueLayout.ADDRESS, 0);
            blas(cublasSetStream_v2(cublas, stream), "cublasSetStream_v2", "handle");
            // No TF32: results comparable with the CPU backends.
            blas(cublasSetMathMode(cublas, CUBLAS_PEDANTIC_MATH()), "cublasSetMathMode", "pedantic");
            dnn(cudnnCreateReduceTensorDescriptor(out), "cudnnCreateReduceTensorDescriptor", "sumTo");
            reduceDesc = out.get(ValueLayout.ADDRESS, 0);
            dnn(cudnnSetReduceTensorDescriptor(reduceDesc, CUDNN_REDUCE_TENSOR_ADD(), CUDNN_DATA_FLOAT(),
                    CUDNN_NOT_PROPAGATE_NAN(), CUDNN_REDUCE_TENSOR_NO_INDICES(), CUDNN_32BIT_INDICES()),
                    "cudnnSetReduceTensorDescriptor", "sum");
            module = compile(a, major, minor);
        }
        one = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
        zero = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
    }

    /** Opens the backend on device 0 and installs managed memory as the native allocator. */
    public static CudaBackend open() {
        CudaBackend b = new CudaBackend();
        NativeMemory.useAllocator(MANAGED);
        return b;
    }

    /** Why this backend cannot run here (a library or the device is missing), or empty. */
    public static Optional<String> unavailableReason() {
        Optional<String> libs = CudaLibraries.unavailableReason();
        if (libs.isPresent()) {
            return libs;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(ValueLayout.JAVA_INT);
            int s = cudaGetDeviceCount(n);
            if (s != 0) {
                return Optional.of("cudaGetDeviceCount: " + CudaLibraries.path(CudaLibraries.Library.CUDART) + " reports error "
                        + s + " (no NVIDIA driver or device?)");
            }
            return n.get(ValueLayout.JAVA_INT, 0) > 0 ? Optional.empty() : Optional.of("no CUDA device");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return Optional.of(e.getMessage());
        }
    }

    /** cuDNN and CUDA runtime versions. */
    public static String version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(ValueLayout.JAVA_INT);
            rt(cudaRuntimeGetVersion(i), "cudaRuntimeGetVersion", "version");
            return "CUDA runtime " + i.get(ValueLayout.JAVA_INT, 0) + ", cuDNN " + cudnnGetVersion();
        }
    }

    /** The device this backend runs on, for reports. */
    public String device() {
        return device;
    }

    @Override
    public String name() {
        return "cuda";
    }

    // ---- kernels -------------------------------------------------------------------------------

    private static MemorySegment compile(Arena a, int major, int minor) {
        String src;
        try (InputStream in = CudaBackend.class.getResourceAsStream("/org/ddss/backend/cuda-kernels.cu")) {
            if (in == null) {
                throw new IllegalStateException("resource org/ddss/backend/cuda-kernels.cu is missing from the jar");
            }
            src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MemorySegment out = a.allocate(ValueLayout.ADDRESS);
        rtc(nvrtcCreateProgram(out, a.allocateFrom(src), a.allocateFrom("cuda-kernels.cu"), 0, MemorySegment.NULL,
                MemorySegment.NULL), "nvrtcCreateProgram", "cuda-kernels.cu");
        MemorySegment prog = out.get(ValueLayout.ADDRESS, 0);
        try {
            MemorySegment opts = a.allocate(ValueLayout.ADDRESS, 2);
            opts.setAtIndex(ValueLayout.ADDRESS, 0, a.allocateFrom("--gpu-architecture=compute_" + major + minor));
            opts.setAtIndex(ValueLayout.ADDRESS, 1, a.allocateFrom("--std=c++17"));
            int status = nvrtcCompileProgram(prog, 2, opts);
            if (status != 0) {
                MemorySegment n = a.allocate(ValueLayout.JAVA_LONG);
                nvrtcGetProgramLogSize(prog, n);
                MemorySegment log = a.allocate(n.get(ValueLayout.JAVA_LONG, 0) + 1);
                nvrtcGetProgramLog(prog, log);
                rtc(status, "nvrtcCompileProgram", "cuda-kernels.cu for compute_" + major + minor + ":\n" + log.getString(0));
            }
            MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
            rtc(nvrtcGetPTXSize(prog, size), "nvrtcGetPTXSize", "cuda-kernels.cu");
            MemorySegment ptx = a.allocate(size.get(ValueLayout.JAVA_LONG, 0));
            rtc(nvrtcGetPTX(prog, ptx), "nvrtcGetPTX", "cuda-kernels.cu");
            drv(cuModuleLoadData(out, ptx), "cuModuleLoadData", "cuda-kernels.cu PTX");
            return out.get(ValueLayout.ADDRESS, 0);
        } finally {
            out.set(ValueLayout.ADDRESS, 0, prog);
            nvrtcDestroyProgram(out);
        }
    }

    private MemorySegment function(String name) {
        return functions.computeIfAbsent(name, n -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ValueLayout.ADDRESS);
                drv(cuModuleGetFunction(out, module, a.allocateFrom(n)), "cuModuleGetFunction", n);
                return out.get(ValueLayout.ADDRESS, 0);
            }
        });
    }

    /**
     * Launches a kernel. Arguments: {@code MemorySegment} (a device pointer, or with
     * {@link Struct} a by-value struct), {@code Integer}, {@code Long}, {@code Float}.
     */
    private void launch(String kernel, int blocks, int threads, String detail, Object... args) {
        if (closed) {
            throw new IllegalStateException("CudaBackend is closed");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ValueLayout.ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment slot = switch (args[i]) {
                    case MemorySegment p -> a.allocateFrom(ValueLayout.ADDRESS, p);
                    case Struct s -> s.bytes();
                    case Integer v -> a.allocateFrom(ValueLayout.JAVA_INT, v);
                    case Long v -> a.allocateFrom(ValueLayout.JAVA_LONG, v);
                    case Float v -> a.allocateFrom(ValueLayout.JAVA_FLOAT, v);
                    default -> throw new IllegalArgumentException("kernel argument " + args[i]);
                };
                params.setAtIndex(ValueLayout.ADDRESS, i, slot);
            }
            drv(cuLaunchKernel(function(kernel), Math.max(1, blocks), 1, 1, threads, 1, 1, 0, stream, params,
                    MemorySegment.NULL), "cuLaunchKernel", kernel + " " + detail);
        }
        queued();
    }

    /** Launches an elementwise kernel over {@code work} items with a grid-stride loop. */
    private void elementwise(String kernel, long work, String detail, Object... args) {
        int blocks = (int) Math.min(maxBlocks, (work + BLOCK - 1) / BLOCK);
        launch(kernel, blocks, BLOCK, detail, args);
    }

    /** A by-value struct argument, already laid out as the kernel expects. */
    private record Struct(MemorySegment bytes) {}

    /** The kernels' {@code Bcast}: int rank; long long out[8], sa[8], sb[8] (8-byte aligned). */
    private Struct bcast(Arena a, int[] out, long[] sa, long[] sb) {
        if (out.length > 8) {
            throw new IllegalArgumentException("broadcast of rank " + out.length + " (at most 8 on cuda)");
        }
        MemorySegment s = a.allocate(8 + 3 * 64, 8);
        s.set(ValueLayout.JAVA_INT, 0, out.length);
        for (int d = 0; d < out.length; d++) {
            s.set(ValueLayout.JAVA_LONG, 8 + 8L * d, out[d]);
            s.set(ValueLayout.JAVA_LONG, 72 + 8L * d, sa[d]);
            s.set(ValueLayout.JAVA_LONG, 136 + 8L * d, sb == null ? 0 : sb[d]);
        }
        return new Struct(s);
    }

    private void queued() {
        HostAccess.queued(this::synchronize);
    }

    /** Waits until every queued op has finished. */
    public synchronized void synchronize() {
        rt(cudaStreamSynchronize(stream), "cudaStreamSynchronize", "cuda backend stream");
    }

    private static MemorySegment ptr(Tensor t) {
        return t == null ? MemorySegment.NULL : t.deviceData();
    }

    // ---- cuDNN descriptors ---------------------------------------------------------------------

    /** A cached NHWC tensor descriptor for dims (n, c, h, w). */
    private MemorySegment nhwc(int n, int c, int h, int w) {
        return tensorDesc("nhwc " + n + "," + c + "," + h + "," + w, d ->
                dnn(cudnnSetTensor4dDescriptor(d, CUDNN_TENSOR_NHWC(), CUDNN_DATA_FLOAT(), n, c, h, w),
                        "cudnnSetTensor4dDescriptor", "NHWC " + n + "x" + h + "x" + w + "x" + c));
    }

    /** A cached dense row-major descriptor of a shape (padded with leading 1s to rank 4). */
    private MemorySegment dense(int[] shape) {
        int rank = Math.max(4, shape.length);
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        System.arraycopy(shape, 0, dims, rank - shape.length, shape.length);
        return tensorDesc("dense " + Arrays.toString(dims), d -> {
            int[] strides = new int[rank];
            long s = 1;
            for (int i = rank - 1; i >= 0; i--) {
                strides[i] = (int) s;
                s *= dims[i];
            }
            try (Arena a = Arena.ofConfined()) {
                dnn(cudnnSetTensorNdDescriptor(d, CUDNN_DATA_FLOAT(), rank, a.allocateFrom(ValueLayout.JAVA_INT, dims),
                        a.allocateFrom(ValueLayout.JAVA_INT, strides)), "cudnnSetTensorNdDescriptor", Arrays.toString(dims));
            }
        });
    }

    private interface DescInit {
        void init(MemorySegment desc);
    }

    private MemorySegment tensorDesc(String key, DescInit init) {
        MemorySegment[] d = tensorDescs.get(key);
        if (d == null) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ValueLayout.ADDRESS);
                dnn(cudnnCreateTensorDescriptor(out), "cudnnCreateTensorDescriptor", key);
                d = new MemorySegment[] {out.get(ValueLayout.ADDRESS, 0)};
            }
            try {
                init.init(d[0]);
            } catch (RuntimeException e) {
                cudnnDestroyTensorDescriptor(d[0]);
                throw e;
            }
            tensorDescs.put(key, d);
        }
        return d[0];
    }

    // ---- convolution ---------------------------------------------------------------------------

    /** Descriptors and algorithms of one convolution geometry. */
    private final class ConvPlan implements AutoCloseable {
        final String detail;
        final boolean explicitPad;
        final int n, h, w, ci, co, kh, kw, hp, wp, oh, ow;
        final MemorySegment x, y, bias, filterDesc, conv;
        int fwdAlgo = -1, dataAlgo = -1, filterAlgo = -1;
        long fwdBytes, dataBytes, filterBytes;

        ConvPlan(Tensor xt, Tensor wt, Conv2d spec) {
            detail = "conv2d x " + Arrays.toString(xt.shape()) + " w " + Arrays.toString(wt.shape()) + " " + spec;
            n = xt.dim(0);
            h = xt.dim(1);
            w = xt.dim(2);
            ci = xt.dim(3);
            kh = wt.dim(0);
            kw = wt.dim(1);
            co = wt.dim(3);
            // cuDNN pads symmetrically only: otherwise the input is padded explicitly first.
            explicitPad = spec.padTop() != spec.padBottom() || spec.padLeft() != spec.padRight();
            hp = explicitPad ? h + spec.padTop() + spec.padBottom() : h;
            wp = explicitPad ? w + spec.padLeft() + spec.padRight() : w;
            oh = spec.outH(h, kh);
            ow = spec.outW(w, kw);
            x = nhwc(n, ci, hp, wp);
            y = nhwc(n, co, oh, ow);
            bias = nhwc(1, co, 1, 1);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ValueLayout.ADDRESS);
                dnn(cudnnCreateFilterDescriptor(out), "cudnnCreateFilterDescriptor", detail);
                filterDesc = out.get(ValueLayout.ADDRESS, 0);
                dnn(cudnnSetFilter4dDescriptor(filterDesc, CUDNN_DATA_FLOAT(), CUDNN_TENSOR_NHWC(), co, ci, kh, kw),
                        "cudnnSetFilter4dDescriptor", detail);
                dnn(cudnnCreateConvolutionDescriptor(out), "cudnnCreateConvolutionDescriptor", detail);
                conv = out.get(ValueLayout.ADDRESS, 0);
                int ph = explicitPad ? 0 : spec.padTop(), pw = explicitPad ? 0 : spec.padLeft();
                dnn(cudnnSetConvolution2dDescriptor(conv, ph, pw, spec.strideH(), spec.strideW(), 1, 1,
                        CUDNN_CROSS_CORRELATION(), CUDNN_DATA_FLOAT()), "cudnnSetConvolution2dDescriptor", detail);
                dnn(cudnnSetConvolutionMathType(conv, CUDNN_FMA_MATH()), "cudnnSetConvolutionMathType", detail);
            }
        }

        void forwardAlgo() {
            if (fwdAlgo >= 0) {
                return;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment perf = cudnnConvolutionFwdAlgoPerf_t.allocateArray(8, a);
                MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
                dnn(cudnnGetConvolutionForwardAlgorithm_v7(cudnn, x, filterDesc, conv, y, 8, count, perf),
                        "cudnnGetConvolutionForwardAlgorithm_v7", detail);
                for (int i = 0; i < count.get(ValueLayout.JAVA_INT, 0) && fwdAlgo < 0; i++) {
                    MemorySegment p = cudnnConvolutionFwdAlgoPerf_t.asSlice(perf, i);
                    if (cudnnConvolutionFwdAlgoPerf_t.status(p) == 0 && cudnnConvolutionFwdAlgoPerf_t.memory(p) <= WORKSPACE_LIMIT) {
                        fwdAlgo = cudnnConvolutionFwdAlgoPerf_t.algo(p);
                    }
                }
                if (fwdAlgo < 0) {
                    throw new CudaException("cudnnGetConvolutionForwardAlgorithm_v7", "no algorithm fits", 0, detail);
                }
                MemorySegment ws = a.allocate(ValueLayout.JAVA_LONG);
                dnn(cudnnGetConvolutionForwardWorkspaceSize(cudnn, x, filterDesc, conv, y, fwdAlgo, ws),
                        "cudnnGetConvolutionForwardWorkspaceSize", detail);
                fwdBytes = ws.get(ValueLayout.JAVA_LONG, 0);
            }
        }

        void dataAlgo() {
            if (dataAlgo >= 0) {
                return;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment perf = cudnnConvolutionBwdDataAlgoPerf_t.allocateArray(8, a);
                MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
                dnn(cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnn, filterDesc, y, conv, x, 8, count, perf),
                        "cudnnGetConvolutionBackwardDataAlgorithm_v7", detail);
                for (int i = 0; i < count.get(ValueLayout.JAVA_INT, 0) && dataAlgo < 0; i++) {
                    MemorySegment p = cudnnConvolutionBwdDataAlgoPerf_t.asSlice(perf, i);
                    if (cudnnConvolutionBwdDataAlgoPerf_t.status(p) == 0
                            && cudnnConvolutionBwdDataAlgoPerf_t.memory(p) <= WORKSPACE_LIMIT) {
                        dataAlgo = cudnnConvolutionBwdDataAlgoPerf_t.algo(p);
                    }
                }
                if (dataAlgo < 0) {
                    throw new CudaException("cudnnGetConvolutionBackwardDataAlgorithm_v7", "no algorithm fits", 0, detail);
                }
                MemorySegment ws = a.allocate(ValueLayout.JAVA_LONG);
                dnn(cudnnGetConvolutionBackwardDataWorkspaceSize(cudnn, filterDesc, y, conv, x, dataAlgo, ws),
                        "cudnnGetConvolutionBackwardDataWorkspaceSize", detail);
                dataBytes = ws.get(ValueLayout.JAVA_LONG, 0);
            }
        }

        void filterAlgo() {
            if (filterAlgo >= 0) {
                return;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment perf = cudnnConvolutionBwdFilterAlgoPerf_t.allocateArray(8, a);
                MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
                dnn(cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnn, x, y, conv, filterDesc, 8, count, perf),
                        "cudnnGetConvolutionBackwardFilterAlgorithm_v7", detail);
                for (int i = 0; i < count.get(ValueLayout.JAVA_INT, 0) && filterAlgo < 0; i++) {
                    MemorySegment p = cudnnConvolutionBwdFilterAlgoPerf_t.asSlice(perf, i);
                    if (cudnnConvolutionBwdFilterAlgoPerf_t.status(p) == 0
                            && cudnnConvolutionBwdFilterAlgoPerf_t.memory(p) <= WORKSPACE_LIMIT) {
                        filterAlgo = cudnnConvolutionBwdFilterAlgoPerf_t.algo(p);
                    }
                }
                if (filterAlgo < 0) {
                    throw new CudaException("cudnnGetConvolutionBackwardFilterAlgorithm_v7", "no algorithm fits", 0, detail);
                }
                MemorySegment ws = a.allocate(ValueLayout.JAVA_LONG);
                dnn(cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnn, x, y, conv, filterDesc, filterAlgo, ws),
                        "cudnnGetConvolutionBackwardFilterWorkspaceSize", detail);
                filterBytes = ws.get(ValueLayout.JAVA_LONG, 0);
            }
        }

        @Override
        public void close() {
            dnn(cudnnDestroyFilterDescriptor(filterDesc), "cudnnDestroyFilterDescriptor", detail);
            dnn(cudnnDestroyConvolutionDescriptor(conv), "cudnnDestroyConvolutionDescriptor", detail);
        }
    }

    private ConvPlan convPlan(Tensor x, Tensor w, Conv2d spec) {
        String key = Arrays.toString(x.shape()) + Arrays.toString(w.shape()) + spec;
        ConvPlan p = convPlans.get(key);
        if (p == null) {
            p = new ConvPlan(x, w, spec);
            convPlans.put(key, p);
        }
        return p;
    }

    /** The weights in cuDNN's KRSC layout, in the filter workspace. */
    private MemorySegment krsc(Tensor w) {
        MemorySegment k = filter.take(w.size() * Float.BYTES);
        elementwise("filter_layout", w.size(), "HWIO " + Arrays.toString(w.shape()), ptr(w), k, w.dim(0), w.dim(1),
                w.dim(2), w.dim(3), 1);
        return k;
    }

    /** x padded explicitly (for asymmetric padding) into the padding workspace, or x itself. */
    private MemorySegment input(ConvPlan p, Tensor x, Conv2d spec) {
        if (!p.explicitPad) {
            return ptr(x);
        }
        MemorySegment out = padded.take((long) p.n * p.hp * p.wp * p.ci * Float.BYTES);
        elementwise("pad_nhwc", (long) p.n * p.hp * p.wp * p.ci, p.detail, ptr(x), out, p.n, p.h, p.w, p.ci, p.hp, p.wp,
                spec.padTop(), spec.padLeft(), 0);
        return out;
    }

    @Override
    public synchronized void conv2d(Tensor x, Tensor w, Tensor bias, Conv2d spec, Tensor y) {
        spec.checkForward(x, w, bias, y);
        ConvPlan p = convPlan(x, w, spec);
        p.forwardAlgo();
        MemorySegment k = krsc(w);
        MemorySegment in = input(p, x, spec);
        MemorySegment ws = p.fwdBytes == 0 ? MemorySegment.NULL : scratch.take(p.fwdBytes);
        dnn(cudnnConvolutionForward(cudnn, one, p.x, in, p.filterDesc, k, p.conv, p.fwdAlgo, ws, p.fwdBytes, zero, p.y,
                ptr(y)), "cudnnConvolutionForward", p.detail + " algo " + p.fwdAlgo);
        if (bias != null) {
            dnn(cudnnAddTensor(cudnn, one, p.bias, ptr(bias), one, p.y, ptr(y)), "cudnnAddTensor", p.detail + " bias");
        }
        queued();
    }

    @Override
    public synchronized void conv2dBackwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx) {
        spec.checkBackwardData(dy, w, dx);
        ConvPlan p = convPlan(dx, w, spec);
        p.dataAlgo();
        MemorySegment k = krsc(w);
        MemorySegment target = p.explicitPad ? padded.take((long) p.n * p.hp * p.wp * p.ci * Float.BYTES) : ptr(dx);
        MemorySegment ws = p.dataBytes == 0 ? MemorySegment.NULL : scratch.take(p.dataBytes);
        dnn(cudnnConvolutionBackwardData(cudnn, one, p.filterDesc, k, p.y, ptr(dy), p.conv, p.dataAlgo, ws, p.dataBytes,
                zero, p.x, target), "cudnnConvolutionBackwardData", p.detail + " algo " + p.dataAlgo);
        if (p.explicitPad) {
            elementwise("pad_nhwc", (long) p.n * p.hp * p.wp * p.ci, p.detail + " crop", ptr(dx), target, p.n, p.h, p.w,
                    p.ci, p.hp, p.wp, spec.padTop(), spec.padLeft(), 1);
        }
        queued();
    }

    @Override
    public synchronized void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias) {
        spec.checkBackwardWeights(x, dy, dw, dbias);
        ConvPlan p = convPlan(x, dw, spec);
        p.filterAlgo();
        MemorySegment in = input(p, x, spec);
        MemorySegment k = filterGrad.take(dw.size() * Float.BYTES);
        MemorySegment ws = p.filterBytes == 0 ? MemorySegment.NULL : scratch.take(p.filterBytes);
        dnn(cudnnConvolutionBackwardFilter(cudnn, one, p.x, in, p.y, ptr(dy), p.conv, p.filterAlgo, ws, p.filterBytes,
                zero, p.filterDesc, k), "cudnnConvolutionBackwardFilter", p.detail + " algo " + p.filterAlgo);
        elementwise("filter_layout", dw.size(), "KRSC to HWIO " + Arrays.toString(dw.shape()), k, ptr(dw), dw.dim(0),
                dw.dim(1), dw.dim(2), dw.dim(3), 0);
        if (dbias != null) {
            dnn(cudnnConvolutionBackwardBias(cudnn, one, p.y, ptr(dy), zero, p.bias, ptr(dbias)),
                    "cudnnConvolutionBackwardBias", p.detail);
        }
        queued();
    }

    // ---- matrix products -----------------------------------------------------------------------

    @Override
    public synchronized void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) {
        MatmulShape s = MatmulShape.of(a, transA, b, transB, bias, c);
        String detail = "matmul a " + Arrays.toString(a.shape()) + (transA ? "^T" : "") + " b "
                + Arrays.toString(b.shape()) + (transB ? "^T" : "");
        // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: swap the operands.
        int lda = transA ? s.m() : s.k();
        int ldb = transB ? s.k() : s.n();
        long strideB = b.rank() == 2 ? 0 : (long) s.k() * s.n();
        blas(cublasSgemmStridedBatched(cublas, transB ? CUBLAS_OP_T() : CUBLAS_OP_N(), transA ? CUBLAS_OP_T() : CUBLAS_OP_N(),
                s.n(), s.m(), s.k(), one, ptr(b), ldb, strideB, ptr(a), lda, (long) s.m() * s.k(), zero, ptr(c), s.n(),
                (long) s.m() * s.n(), s.batch()), "cublasSgemmStridedBatched", detail);
        queued();
        if (bias != null) {
            int rows = (int) (c.size() / s.n());
            add(c.reshape(rows, s.n()), bias.reshape(1, s.n()), c.reshape(rows, s.n()));
        }
    }

    // ---- normalisation and activations ---------------------------------------------------------

    @Override
    public synchronized void groupNorm(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y,
                                       Tensor mean, Tensor var) {
        GroupNorm.Shape g = spec.check(x, offset, gamma, beta, mean, var);
        Shapes.requireLike("groupNorm output", y, x);
        int groups = spec.groups();
        float eps = spec.eps();
        launch("group_norm", g.n() * groups, BLOCK, "x " + Arrays.toString(x.shape()), ptr(x), ptr(offset), ptr(gamma),
                ptr(beta), ptr(y), ptr(mean), ptr(var), g.spatial(), g.c(), groups, eps);
    }

    @Override
    public synchronized void groupNormBackward(Tensor dy, Tensor x, Tensor offset, Tensor gamma, Tensor mean, Tensor var,
                                               GroupNorm spec, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        GroupNorm.Shape g = spec.check(x, offset, gamma, null, mean, var);
        spec.checkGradients(x, dy, dx, doffset, dgamma, dbeta);
        int groups = spec.groups();
        float eps = spec.eps();
        String detail = "x " + Arrays.toString(x.shape()) + ", " + groups + " groups";
        long per = (long) g.n() * g.c() * Float.BYTES;
        // The offset's gradient sums dx over positions: dx goes to scratch here when not wanted itself.
        long dxBytes = dx == null && doffset != null ? x.size() * Float.BYTES : 0;
        MemorySegment all = sums.take(2 * per + dxBytes);
        MemorySegment sdy = all.asSlice(0, per), sdyx = all.asSlice(per, per);
        Tensor dxOut = dxBytes == 0 ? dx : new Tensor(all.asSlice(2 * per, dxBytes), x.shape());
        // Threads of a block: a multiple of the channels per group (rows of cpg channels).
        int threads = Math.max(1, BLOCK / g.perGroup()) * g.perGroup();
        if (threads > 1024) {
            throw new IllegalArgumentException("groupNorm on cuda: " + g.perGroup() + " channels per group (at most 1024)");
        }
        launch("group_norm_sums", g.n() * groups, threads, detail, ptr(dy), ptr(x), ptr(offset), sdy, sdyx, g.spatial(),
                g.c(), groups);
        if (dxOut != null) {
            launch("group_norm_dx", g.n() * groups, BLOCK, detail, ptr(dy), ptr(x), ptr(offset), ptr(gamma), ptr(mean),
                    ptr(var), sdy, sdyx, ptr(dxOut), g.spatial(), g.c(), groups, eps);
        }
        if (doffset != null) {
            sumTo(dxOut.reshape(g.n(), g.spatial(), g.c()), doffset.reshape(g.n(), 1, g.c()));
        }
        if (dgamma != null || dbeta != null) {
            elementwise("group_norm_params", g.c(), detail, ptr(mean), ptr(var), sdy, sdyx, ptr(dgamma), ptr(dbeta),
                    g.n(), g.c(), groups, eps);
        }
    }

    @Override
    public synchronized void silu(Tensor x, Tensor y) {
        Shapes.elementwise("silu output", x, y);
        elementwise("silu", x.size(), Arrays.toString(x.shape()), ptr(x), ptr(y), x.size());
    }

    @Override
    public synchronized void siluBackward(Tensor dy, Tensor x, Tensor dx) {
        Shapes.elementwise("siluBackward dy and dx", x, dy, dx);
        elementwise("silu_backward", x.size(), Arrays.toString(x.shape()), ptr(dy), ptr(x), ptr(dx), x.size());
    }

    @Override
    public synchronized void softmax(Tensor x, Tensor y) {
        Shapes.elementwise("softmax output", x, y);
        int cols = x.dim(-1), rows = (int) (x.size() / cols);
        // Mode CHANNEL over (rows, cols, 1, 1): a softmax over cols for each row.
        MemorySegment d = dense(new int[] {rows, cols, 1, 1});
        dnn(cudnnSoftmaxForward(cudnn, CUDNN_SOFTMAX_ACCURATE(), CUDNN_SOFTMAX_MODE_CHANNEL(), one, d, ptr(x), zero, d,
                ptr(y)), "cudnnSoftmaxForward", "rows " + rows + " cols " + cols);
        queued();
    }

    @Override
    public synchronized void softmaxBackward(Tensor dy, Tensor y, Tensor dx) {
        Shapes.elementwise("softmaxBackward dy and dx", y, dy, dx);
        int cols = y.dim(-1), rows = (int) (y.size() / cols);
        MemorySegment d = dense(new int[] {rows, cols, 1, 1});
        dnn(cudnnSoftmaxBackward(cudnn, CUDNN_SOFTMAX_ACCURATE(), CUDNN_SOFTMAX_MODE_CHANNEL(), one, d, ptr(y), d, ptr(dy),
                zero, d, ptr(dx)), "cudnnSoftmaxBackward", "rows " + rows + " cols " + cols);
        queued();
    }

    // ---- elementwise with broadcast ------------------------------------------------------------

    @Override
    public synchronized void add(Tensor a, Tensor b, Tensor c) {
        binary(false, a, b, c);
    }

    @Override
    public synchronized void mul(Tensor a, Tensor b, Tensor c) {
        binary(true, a, b, c);
    }

    private void binary(boolean mul, Tensor a, Tensor b, Tensor c) {
        Broadcast bc = new Broadcast(c, a, b);
        try (Arena ar = Arena.ofConfined()) {
            elementwise("binary", c.size(), (mul ? "mul " : "add ") + Arrays.toString(c.shape()), ptr(a), ptr(b), ptr(c),
                    bcast(ar, c.shape(), bc.strides(0), bc.strides(1)), c.size(), mul ? 1 : 0);
        }
    }

    @Override
    public synchronized void scale(Tensor x, float s, Tensor y) {
        Shapes.elementwise("scale output", x, y);
        elementwise("scale", x.size(), Arrays.toString(x.shape()), ptr(x), s, ptr(y), x.size());
    }

    @Override
    public synchronized void sumTo(Tensor x, Tensor y) {
        Shapes.broadcast(x, y);
        String detail = "sumTo " + Arrays.toString(x.shape()) + " to " + Arrays.toString(y.shape());
        if (x.sameShape(y)) {
            rt(cudaMemcpyAsync(ptr(y), ptr(x), x.size() * Float.BYTES, cudaMemcpyDeviceToDevice(), stream),
                    "cudaMemcpyAsync", detail);
            queued();
            return;
        }
        if (x.rank() > 8) {
            throw new IllegalArgumentException(detail + ": rank above 8 on cuda");
        }
        MemorySegment xd = dense(x.shape()), yd = dense(y.shape());
        long bytes;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(ValueLayout.JAVA_LONG);
            dnn(cudnnGetReductionWorkspaceSize(cudnn, reduceDesc, xd, yd, n), "cudnnGetReductionWorkspaceSize", detail);
            bytes = n.get(ValueLayout.JAVA_LONG, 0);
        }
        MemorySegment ws = bytes == 0 ? MemorySegment.NULL : scratch.take(bytes);
        dnn(cudnnReduceTensor(cudnn, reduceDesc, MemorySegment.NULL, 0, ws, bytes, one, xd, ptr(x), zero, yd, ptr(y)),
                "cudnnReduceTensor", detail);
        queued();
    }

    @Override
    public synchronized void broadcastTo(Tensor x, Tensor y) {
        Broadcast bc = new Broadcast(y, x);
        try (Arena ar = Arena.ofConfined()) {
            elementwise("broadcast_to", y.size(), Arrays.toString(x.shape()) + " to " + Arrays.toString(y.shape()), ptr(x),
                    ptr(y), bcast(ar, y.shape(), bc.strides(0), null), y.size());
        }
    }

    // ---- resampling ----------------------------------------------------------------------------

    @Override
    public synchronized void upsampleNearest2x(Tensor x, Tensor y) {
        Shapes.upsample(x, y);
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        elementwise("upsample2x", y.size(), Arrays.toString(x.shape()), ptr(x), ptr(y), n, h, w, c);
    }

    @Override
    public synchronized void upsampleNearest2xBackward(Tensor dy, Tensor dx) {
        Shapes.upsampleBackward(dy, dx);
        int n = dx.dim(0), h = dx.dim(1), w = dx.dim(2), c = dx.dim(3);
        elementwise("upsample2x_backward", dx.size(), Arrays.toString(dx.shape()), ptr(dy), ptr(dx), n, h, w, c);
    }

    @Override
    public synchronized void interleavePhases(Tensor o, Tensor bias, Tensor y) {
        UpsampleConv.checkPhases(o, bias, y);
        int n = y.dim(0), h = y.dim(1) / 2, w = y.dim(2) / 2, c = y.dim(3);
        elementwise("interleave_phases", y.size(), Arrays.toString(o.shape()), ptr(o), ptr(bias), ptr(y), n, h, w, c);
    }

    @Override
    public synchronized void interleavePhasesBackward(Tensor dy, Tensor dO) {
        UpsampleConv.checkPhases(dO, null, dy);
        int n = dy.dim(0), h = dy.dim(1) / 2, w = dy.dim(2) / 2, c = dy.dim(3);
        elementwise("interleave_phases_backward", dO.size(), Arrays.toString(dO.shape()), ptr(dy), ptr(dO), n, h, w, c);
    }

    @Override
    public synchronized void avgPool2x2(Tensor x, Tensor y) {
        Shapes.avgPool(x, y);
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        elementwise("avgpool2x2", y.size(), Arrays.toString(x.shape()), ptr(x), ptr(y), n, h, w, c);
    }

    @Override
    public synchronized void avgPool2x2Backward(Tensor dy, Tensor dx) {
        Shapes.avgPoolBackward(dy, dx);
        int n = dx.dim(0), h = dx.dim(1), w = dx.dim(2), c = dx.dim(3);
        elementwise("avgpool2x2_backward", dx.size(), Arrays.toString(dx.shape()), ptr(dy), ptr(dx), n, h, w, c);
    }

    // ---- layout --------------------------------------------------------------------------------

    @Override
    public synchronized void concat(Tensor[] xs, Tensor y) {
        int[] off = ConcatShape.offsets(ConcatShape.widths(xs), xs, y);
        long rows = y.size() / y.dim(-1);
        for (int i = 0; i < xs.length; i++) {
            copyColumns(ptr(xs[i]), xs[i].dim(-1), 0, ptr(y), y.dim(-1), off[i], xs[i].dim(-1), rows, "concat");
        }
        queued();
    }

    @Override
    public synchronized void concatBackward(Tensor dy, int[] widths, Tensor[] dxs) {
        int[] off = ConcatShape.offsets(widths, dxs, dy);
        long rows = dy.size() / dy.dim(-1);
        for (int i = 0; i < dxs.length; i++) {
            if (dxs[i] != null) {
                copyColumns(ptr(dy), dy.dim(-1), off[i], ptr(dxs[i]), widths[i], 0, widths[i], rows, "concatBackward");
            }
        }
        queued();
    }

    /** Copies {@code width} columns of each of {@code rows} rows between row-major matrices. */
    private void copyColumns(MemorySegment src, int srcCols, int srcOff, MemorySegment dst, int dstCols, int dstOff,
                             int width, long rows, String what) {
        rt(cudaMemcpy2DAsync(dst.asSlice((long) dstOff * Float.BYTES), (long) dstCols * Float.BYTES,
                src.asSlice((long) srcOff * Float.BYTES), (long) srcCols * Float.BYTES, (long) width * Float.BYTES, rows,
                cudaMemcpyDeviceToDevice(), stream), "cudaMemcpy2DAsync", what + " " + rows + " rows of " + width);
    }

    @Override
    public int threads() {
        return 1;
    }

    /**
     * Waits for the stream, then releases plans, descriptors, handles, the kernels' module and the
     * workspaces. The managed-memory allocator stays installed: tensors allocated from it may
     * outlive the backend.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        synchronize();
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        for (ConvPlan p : convPlans.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (MemorySegment[] d : tensorDescs.values()) {
            cudnnDestroyTensorDescriptor(d[0]);
        }
        cudnnDestroyReduceTensorDescriptor(reduceDesc);
        for (Workspace w : new Workspace[] {filter, filterGrad, padded, scratch, sums}) {
            w.close();
        }
        drv(cuModuleUnload(module), "cuModuleUnload", "cuda-kernels.cu");
        dnn(cudnnDestroy(cudnn), "cudnnDestroy", "handle");
        blas(cublasDestroy_v2(cublas), "cublasDestroy_v2", "handle");
        rt(cudaStreamDestroy(stream), "cudaStreamDestroy", "stream");
        arena.close();
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
    }
}
