package org.ddss.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ddss.bindings.cuda.cublas_h;
import org.ddss.bindings.cuda.cuda_h;
import org.ddss.bindings.cuda.cudart_h;
import org.ddss.bindings.cuda.cudnn_h;
import org.ddss.bindings.cuda.nvrtc_h;

/**
 * A CUDA runtime, driver, NVRTC, cuBLAS or cuDNN call returned an error. The message names the C
 * function, the library's own error string and number, and the shapes of the operation.
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CudaException(String function, String error, int status, String detail) {
        super(function + " failed: " + error + " (" + status + ") for " + detail);
    }

    private static String text(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "unknown error" : cString.reinterpret(1024).getString(0);
    }

    /** Checks a {@code cudaError_t}. */
    static void rt(int status, String function, String detail) {
        if (status != 0) {
            throw new CudaException(function, text(cudart_h.cudaGetErrorName(status)) + ": "
                    + text(cudart_h.cudaGetErrorString(status)), status, detail);
        }
    }

    /** Checks a driver {@code CUresult}. */
    static void drv(int status, String function, String detail) {
        if (status != 0) {
            String msg;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocate(ValueLayout.ADDRESS);
                msg = cuda_h.cuGetErrorString(status, p) == 0 ? text(p.get(ValueLayout.ADDRESS, 0)) : "CUresult";
            }
            throw new CudaException(function, msg, status, detail);
        }
    }

    /** Checks an {@code nvrtcResult}. */
    static void rtc(int status, String function, String detail) {
        if (status != 0) {
            throw new CudaException(function, text(nvrtc_h.nvrtcGetErrorString(status)), status, detail);
        }
    }

    /** Checks a {@code cublasStatus_t}. */
    static void blas(int status, String function, String detail) {
        if (status != 0) {
            throw new CudaException(function, text(cublas_h.cublasGetStatusString(status)), status, detail);
        }
    }

    /** Checks a {@code cudnnStatus_t}. */
    static void dnn(int status, String function, String detail) {
        if (status != 0) {
            throw new CudaException(function, text(cudnn_h.cudnnGetErrorString(status)), status, detail);
        }
    }
}
