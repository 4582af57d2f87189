package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/**
 * A square 2D pooling window: max or average over {@code kernel x kernel} at {@code stride},
 * with {@code pad} on every side (never part of a max; in an average counted only with
 * {@code countPad}, PyTorch's {@code count_include_pad}). Output sizes round down, as PyTorch's
 * default {@code ceil_mode=False}.
 */
public record Pool2d(int kernel, int stride, int pad, boolean max, boolean countPad) {
    public Pool2d {
        if (kernel < 1 || stride < 1 || pad < 0 || pad > kernel / 2) {
            throw new IllegalArgumentException("invalid pooling " + this);
        }
    }

    /** Max pooling. */
    public static Pool2d max(int kernel, int stride, int pad) {
        return new Pool2d(kernel, stride, pad, true, false);
    }

    /** Average pooling; {@code countPad} divides by the whole window, else by its part inside the image. */
    public static Pool2d average(int kernel, int stride, int pad, boolean countPad) {
        return new Pool2d(kernel, stride, pad, false, countPad);
    }

    public int out(int size) {
        return Math.floorDiv(size + 2 * pad - kernel, stride) + 1;
    }

    /** The output shape for x [N,H,W,C]; throws naming the shapes when the window does not fit. */
    public int[] outShape(Tensor x) {
        if (x.rank() != 4 || out(x.dim(1)) < 1 || out(x.dim(2)) < 1) {
            throw new IllegalArgumentException(this + " does not fit input " + Arrays.toString(x.shape()) + " (NHWC)");
        }
        return new int[] {x.dim(0), out(x.dim(1)), out(x.dim(2)), x.dim(3)};
    }
}
