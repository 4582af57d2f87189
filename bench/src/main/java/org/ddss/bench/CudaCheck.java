package org.ddss.bench;

import static org.ddss.bindings.cuda.cublas_h.*;
import static org.ddss.bindings.cuda.cuda_h.*;
import static org.ddss.bindings.cuda.cudart_h.*;
import static org.ddss.bindings.cuda.cudnn_h.*;
import static org.ddss.bindings.cuda.nvrtc_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.Random;
import org.ddss.bindings.cuda.CudaLibraries;

/**
 * The device check's first stage: loads every CUDA library the bindings name, reports versions
 * and the device, then runs one call path through each library against a plain Java
 * computation: an NVRTC-compiled kernel launched through the driver, a cuBLAS SGEMM, a cuDNN
 * NHWC convolution. Prints one {@code CHECK name ok|FAIL detail} line per check and exits 1 on
 * any failure, 2 when there is no CUDA library or device (nothing could be checked).
 */
public final class CudaCheck {
    private static int failures;

    private CudaCheck() {}

    public static void main(String[] args) {
        Optional<String> missing = CudaLibraries.unavailableReason();
        if (missing.isPresent()) {
            System.out.println("CHECK libraries FAIL " + missing.get());
            System.exit(2);
        }
        for (CudaLibraries.Library lib : CudaLibraries.Library.values()) {
            System.out.println("library " + lib.title() + ": " + CudaLibraries.path(lib));
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(ValueLayout.JAVA_INT);
            rt(cudaGetDeviceCount(i), "cudaGetDeviceCount");
            int devices = i.get(ValueLayout.JAVA_INT, 0);
            if (devices == 0) {
                System.out.println("CHECK device FAIL no CUDA device");
                System.exit(2);
            }
            rt(cudaSetDevice(0), "cudaSetDevice");
            rt(cudaRuntimeGetVersion(i), "cudaRuntimeGetVersion");
            int runtime = i.get(ValueLayout.JAVA_INT, 0);
            rt(cudaDriverGetVersion(i), "cudaDriverGetVersion");
            int driver = i.get(ValueLayout.JAVA_INT, 0);
            rt(cudaDeviceGetAttribute(i, cudaDevAttrComputeCapabilityMajor(), 0), "cudaDeviceGetAttribute");
            int major = i.get(ValueLayout.JAVA_INT, 0);
            rt(cudaDeviceGetAttribute(i, cudaDevAttrComputeCapabilityMinor(), 0), "cudaDeviceGetAttribute");
            int minor = i.get(ValueLayout.JAVA_INT, 0);
            System.out.printf("devices %d, compute capability %d.%d, runtime %d, driver %d, cuDNN %d%n", devices, major,
                    minor, runtime, driver, cudnnGetVersion());
            MemorySegment stream = out(a, p -> cudaStreamCreateWithFlags(p, cudaStreamNonBlocking()), "cudaStreamCreateWithFlags");
            kernel(a, stream, major, minor);
            gemm(a, stream);
            conv(a, stream);
            rt(cudaStreamDestroy(stream), "cudaStreamDestroy");
        } catch (RuntimeException e) {
            failures++;
            System.out.println("CHECK run FAIL " + e);
        }
        System.out.println(failures == 0 ? "CHECK all ok" : "CHECK all FAIL " + failures + " failed");
        System.exit(failures == 0 ? 0 : 1);
    }

    interface Call {
        int run(MemorySegment out);
    }

    /** Calls a function that returns a handle through its first argument. */
    static MemorySegment out(Arena a, Call c, String what) {
        MemorySegment p = a.allocate(ValueLayout.ADDRESS);
        int s = c.run(p);
        if (what.startsWith("cudnn")) {
            dnn(s, what);
        } else if (what.startsWith("cublas")) {
            blas(s, what);
        } else if (what.startsWith("nvrtc")) {
            rtc(s, what);
        } else if (what.startsWith("cu") && !what.startsWith("cuda")) {
            drv(s, what);
        } else {
            rt(s, what);
        }
        return p.get(ValueLayout.ADDRESS, 0);
    }

    static String str(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "?" : cString.reinterpret(4096).getString(0);
    }

    static void rt(int s, String what) {
        if (s != cudaSuccess()) {
            throw new IllegalStateException(what + ": " + str(cudaGetErrorName(s)) + " (" + s + "): " + str(cudaGetErrorString(s)));
        }
    }

    static void dnn(int s, String what) {
        if (s != CUDNN_STATUS_SUCCESS()) {
            throw new IllegalStateException(what + ": " + str(cudnnGetErrorString(s)) + " (" + s + ")");
        }
    }

    static void blas(int s, String what) {
        if (s != CUBLAS_STATUS_SUCCESS()) {
            throw new IllegalStateException(what + ": " + str(cublasGetStatusString(s)) + " (" + s + ")");
        }
    }

    static void rtc(int s, String what) {
        if (s != NVRTC_SUCCESS()) {
            throw new IllegalStateException(what + ": " + str(nvrtcGetErrorString(s)) + " (" + s + ")");
        }
    }

    static void drv(int s, String what) {
        if (s != CUDA_SUCCESS()) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocate(ValueLayout.ADDRESS);
                cuGetErrorString(s, p);
                throw new IllegalStateException(what + ": " + str(p.get(ValueLayout.ADDRESS, 0)) + " (" + s + ")");
            }
        }
    }

    static void report(String name, double maxRelErr, double tol) {
        boolean ok = maxRelErr <= tol;
        if (!ok) {
            failures++;
        }
        System.out.printf("CHECK %s %s max relative error %.2e (tolerance %.0e)%n", name, ok ? "ok" : "FAIL", maxRelErr, tol);
    }

    static MemorySegment device(Arena a, float[] host, MemorySegment stream) {
        MemorySegment d = out(a, p -> cudaMalloc(p, (long) host.length * 4), "cudaMalloc");
        MemorySegment h = a.allocateFrom(ValueLayout.JAVA_FLOAT, host);
        rt(cudaMemcpyAsync(d, h, (long) host.length * 4, cudaMemcpyHostToDevice(), stream), "cudaMemcpyAsync");
        return d;
    }

    static float[] host(Arena a, MemorySegment d, int n, MemorySegment stream) {
        MemorySegment h = a.allocate(ValueLayout.JAVA_FLOAT, n);
        rt(cudaMemcpyAsync(h, d, (long) n * 4, cudaMemcpyDeviceToHost(), stream), "cudaMemcpyAsync");
        rt(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
        return h.toArray(ValueLayout.JAVA_FLOAT);
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) r.nextGaussian();
        }
        return v;
    }

    static double maxRel(float[] want, float[] got) {
        double scale = 1e-6, err = 0;
        for (float w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        for (int k = 0; k < want.length; k++) {
            err = Math.max(err, Math.abs(want[k] - got[k]) / scale);
        }
        return err;
    }

    /** NVRTC compiles y = 2x + 1, the driver loads the PTX and launches it. */
    static void kernel(Arena a, MemorySegment stream, int major, int minor) {
        String src = "extern \"C\" __global__ void affine(const float* x, float* y, int n) {"
                + " int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] = 2.0f * x[i] + 1.0f; }";
        MemorySegment prog = out(a, p -> nvrtcCreateProgram(p, a.allocateFrom(src), a.allocateFrom("affine.cu"), 0,
                MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
        MemorySegment opts = a.allocate(ValueLayout.ADDRESS, 1);
        opts.setAtIndex(ValueLayout.ADDRESS, 0, a.allocateFrom("--gpu-architecture=compute_" + major + minor));
        int compiled = nvrtcCompileProgram(prog, 1, opts);
        if (compiled != NVRTC_SUCCESS()) {
            MemorySegment n = a.allocate(ValueLayout.JAVA_LONG);
            nvrtcGetProgramLogSize(prog, n);
            MemorySegment log = a.allocate(n.get(ValueLayout.JAVA_LONG, 0) + 1);
            nvrtcGetProgramLog(prog, log);
            throw new IllegalStateException("nvrtcCompileProgram: " + str(nvrtcGetErrorString(compiled)) + ": " + log.getString(0));
        }
        MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
        rtc(nvrtcGetPTXSize(prog, size), "nvrtcGetPTXSize");
        MemorySegment ptx = a.allocate(size.get(ValueLayout.JAVA_LONG, 0));
        rtc(nvrtcGetPTX(prog, ptx), "nvrtcGetPTX");
        MemorySegment pp = a.allocate(ValueLayout.ADDRESS);
        pp.set(ValueLayout.ADDRESS, 0, prog);
        rtc(nvrtcDestroyProgram(pp), "nvrtcDestroyProgram");
        MemorySegment module = out(a, p -> cuModuleLoadData(p, ptx), "cuModuleLoadData");
        MemorySegment fn = out(a, p -> cuModuleGetFunction(p, module, a.allocateFrom("affine")), "cuModuleGetFunction");
        int n = 1000;
        float[] x = random(n, 1);
        MemorySegment dx = device(a, x, stream);
        MemorySegment dy = out(a, p -> cudaMalloc(p, n * 4L), "cudaMalloc");
        // kernelParams: one pointer per argument, pointing at the argument's value.
        MemorySegment px = a.allocate(ValueLayout.ADDRESS);
        px.set(ValueLayout.ADDRESS, 0, dx);
        MemorySegment py = a.allocate(ValueLayout.ADDRESS);
        py.set(ValueLayout.ADDRESS, 0, dy);
        MemorySegment pn = a.allocateFrom(ValueLayout.JAVA_INT, n);
        MemorySegment params = a.allocate(ValueLayout.ADDRESS, 3);
        params.setAtIndex(ValueLayout.ADDRESS, 0, px);
        params.setAtIndex(ValueLayout.ADDRESS, 1, py);
        params.setAtIndex(ValueLayout.ADDRESS, 2, pn);
        drv(cuLaunchKernel(fn, (n + 255) / 256, 1, 1, 256, 1, 1, 0, stream, params, MemorySegment.NULL), "cuLaunchKernel");
        float[] y = host(a, dy, n, stream);
        float[] want = new float[n];
        for (int k = 0; k < n; k++) {
            want[k] = 2 * x[k] + 1;
        }
        report("nvrtc-kernel", maxRel(want, y), 1e-6);
        drv(cuModuleUnload(module), "cuModuleUnload");
        rt(cudaFree(dx), "cudaFree");
        rt(cudaFree(dy), "cudaFree");
    }

    /** Row-major C[m,n] = A[m,k] B[k,n] through column-major SGEMM (C^T = B^T A^T). */
    static void gemm(Arena a, MemorySegment stream) {
        int m = 37, k = 29, n = 41;
        float[] ha = random(m * k, 2), hb = random(k * n, 3);
        MemorySegment da = device(a, ha, stream), db = device(a, hb, stream);
        MemorySegment dc = out(a, p -> cudaMalloc(p, (long) m * n * 4), "cudaMalloc");
        MemorySegment handle = out(a, p -> cublasCreate_v2(p), "cublasCreate_v2");
        blas(cublasSetStream_v2(handle, stream), "cublasSetStream_v2");
        blas(cublasSetMathMode(handle, CUBLAS_PEDANTIC_MATH()), "cublasSetMathMode");
        MemorySegment one = a.allocateFrom(ValueLayout.JAVA_FLOAT, 1f), zero = a.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
        blas(cublasSgemm_v2(handle, CUBLAS_OP_N(), CUBLAS_OP_N(), n, m, k, one, db, n, da, k, zero, dc, n), "cublasSgemm_v2");
        float[] c = host(a, dc, m * n, stream);
        float[] want = new float[m * n];
        for (int r = 0; r < m; r++) {
            for (int q = 0; q < n; q++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += (double) ha[r * k + t] * hb[t * n + q];
                }
                want[r * n + q] = (float) s;
            }
        }
        report("cublas-sgemm", maxRel(want, c), 1e-5);
        blas(cublasDestroy_v2(handle), "cublasDestroy_v2");
        for (MemorySegment d : new MemorySegment[] {da, db, dc}) {
            rt(cudaFree(d), "cudaFree");
        }
    }

    /** A 3x3 NHWC convolution with pad 1, weights in cuDNN's KRSC (NHWC filter) layout. */
    static void conv(Arena a, MemorySegment stream) {
        int n = 2, h = 6, w = 5, ci = 3, co = 4;
        float[] hx = random(n * h * w * ci, 4), hw = random(co * 3 * 3 * ci, 5);
        MemorySegment dx = device(a, hx, stream), dw = device(a, hw, stream);
        MemorySegment dy = out(a, p -> cudaMalloc(p, (long) n * h * w * co * 4), "cudaMalloc");
        MemorySegment handle = out(a, p -> cudnnCreate(p), "cudnnCreate");
        dnn(cudnnSetStream(handle, stream), "cudnnSetStream");
        MemorySegment xd = out(a, p -> cudnnCreateTensorDescriptor(p), "cudnnCreateTensorDescriptor");
        MemorySegment yd = out(a, p -> cudnnCreateTensorDescriptor(p), "cudnnCreateTensorDescriptor");
        MemorySegment wd = out(a, p -> cudnnCreateFilterDescriptor(p), "cudnnCreateFilterDescriptor");
        MemorySegment cd = out(a, p -> cudnnCreateConvolutionDescriptor(p), "cudnnCreateConvolutionDescriptor");
        dnn(cudnnSetTensor4dDescriptor(xd, CUDNN_TENSOR_NHWC(), CUDNN_DATA_FLOAT(), n, ci, h, w), "cudnnSetTensor4dDescriptor");
        dnn(cudnnSetTensor4dDescriptor(yd, CUDNN_TENSOR_NHWC(), CUDNN_DATA_FLOAT(), n, co, h, w), "cudnnSetTensor4dDescriptor");
        dnn(cudnnSetFilter4dDescriptor(wd, CUDNN_DATA_FLOAT(), CUDNN_TENSOR_NHWC(), co, ci, 3, 3), "cudnnSetFilter4dDescriptor");
        dnn(cudnnSetConvolution2dDescriptor(cd, 1, 1, 1, 1, 1, 1, CUDNN_CROSS_CORRELATION(), CUDNN_DATA_FLOAT()),
                "cudnnSetConvolution2dDescriptor");
        dnn(cudnnSetConvolutionMathType(cd, CUDNN_FMA_MATH()), "cudnnSetConvolutionMathType");
        MemorySegment perf = org.ddss.bindings.cuda.cudnnConvolutionFwdAlgoPerf_t.allocateArray(8, a);
        MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
        dnn(cudnnGetConvolutionForwardAlgorithm_v7(handle, xd, wd, cd, yd, 8, count, perf),
                "cudnnGetConvolutionForwardAlgorithm_v7");
        int algo = org.ddss.bindings.cuda.cudnnConvolutionFwdAlgoPerf_t.algo(perf);
        MemorySegment ws = a.allocate(ValueLayout.JAVA_LONG);
        dnn(cudnnGetConvolutionForwardWorkspaceSize(handle, xd, wd, cd, yd, algo, ws), "cudnnGetConvolutionForwardWorkspaceSize");
        long wsBytes = ws.get(ValueLayout.JAVA_LONG, 0);
        MemorySegment work = wsBytes == 0 ? MemorySegment.NULL : out(a, p -> cudaMalloc(p, wsBytes), "cudaMalloc");
        MemorySegment one = a.allocateFrom(ValueLayout.JAVA_FLOAT, 1f), zero = a.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
        dnn(cudnnConvolutionForward(handle, one, xd, dx, wd, dw, cd, algo, work, wsBytes, zero, yd, dy), "cudnnConvolutionForward");
        float[] y = host(a, dy, n * h * w * co, stream);
        float[] want = new float[y.length];
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < h; oy++) {
                for (int ox = 0; ox < w; ox++) {
                    for (int o = 0; o < co; o++) {
                        double s = 0;
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = oy + ky - 1, ix = ox + kx - 1;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int c = 0; c < ci; c++) {
                                    s += (double) hx[((b * h + iy) * w + ix) * ci + c] * hw[((o * 3 + ky) * 3 + kx) * ci + c];
                                }
                            }
                        }
                        want[((b * h + oy) * w + ox) * co + o] = (float) s;
                    }
                }
            }
        }
        report("cudnn-conv-nhwc (algo " + algo + ")", maxRel(want, y), 1e-5);
        dnn(cudnnDestroyTensorDescriptor(xd), "cudnnDestroyTensorDescriptor");
        dnn(cudnnDestroyTensorDescriptor(yd), "cudnnDestroyTensorDescriptor");
        dnn(cudnnDestroyFilterDescriptor(wd), "cudnnDestroyFilterDescriptor");
        dnn(cudnnDestroyConvolutionDescriptor(cd), "cudnnDestroyConvolutionDescriptor");
        dnn(cudnnDestroy(handle), "cudnnDestroy");
        for (MemorySegment d : new MemorySegment[] {dx, dw, dy}) {
            rt(cudaFree(d), "cudaFree");
        }
        if (wsBytes > 0) {
            rt(cudaFree(work), "cudaFree");
        }
    }
}
