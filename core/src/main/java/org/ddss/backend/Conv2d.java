package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/**
 * The geometry of a 2D convolution apart from its tensors: stride and padding on each side.
 * Asymmetric padding is explicit (diffusers' Downsample2D pads (0,1,0,1) when its padding is 0).
 * The kernel size comes from the weight tensor, {@code [KH, KW, Cin, Cout]}.
 */
public record Conv2d(int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight) {
    public Conv2d {
        if (strideH < 1 || strideW < 1 || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("invalid convolution " + this);
        }
    }

    /** Stride {@code s} and the same padding {@code p} on every side. */
    public static Conv2d of(int s, int p) {
        return new Conv2d(s, s, p, p, p, p);
    }

    public int outH(int h, int kh) {
        return Math.floorDiv(h + padTop + padBottom - kh, strideH) + 1;
    }

    public int outW(int w, int kw) {
        return Math.floorDiv(w + padLeft + padRight - kw, strideW) + 1;
    }

    /** The output shape for input {@code x [N,H,W,Cin]} and weights {@code w [KH,KW,Cin,Cout]}. */
    public int[] outShape(Tensor x, Tensor w) {
        check(x, w);
        return new int[] {x.dim(0), outH(x.dim(1), w.dim(0)), outW(x.dim(2), w.dim(1)), w.dim(3)};
    }

    /** Rejects inconsistent shapes with a message naming all of them. */
    public void check(Tensor x, Tensor w) {
        if (x.rank() != 4 || w.rank() != 4 || x.dim(3) != w.dim(2)
                || outH(x.dim(1), w.dim(0)) < 1 || outW(x.dim(2), w.dim(1)) < 1) {
            throw new IllegalArgumentException("conv2d " + this + ": input " + Arrays.toString(x.shape())
                    + " (NHWC) does not fit weights " + Arrays.toString(w.shape()) + " (HWIO)");
        }
    }

    /** {@link Backend#conv2d}'s contract: y [N,OH,OW,Cout] and bias [Cout] (nullable) fit x and w. */
    void checkForward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        Shapes.require("conv2d output", y, outShape(x, w));
        if (bias != null) {
            Shapes.require("conv2d bias", bias, w.dim(3));
        }
    }

    /** {@link Backend#conv2dBackwardData}'s contract: dy has the output shape of dx and w. */
    void checkBackwardData(Tensor dy, Tensor w, Tensor dx) {
        Shapes.require("conv2dBackwardData dy", dy, outShape(dx, w));
    }

    /** {@link Backend#conv2dBackwardWeights}'s contract: dy has the output shape of x and dw, dbias [Cout]. */
    void checkBackwardWeights(Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        Shapes.require("conv2dBackwardWeights dy", dy, outShape(x, dw));
        if (dbias != null) {
            Shapes.require("conv2dBackwardWeights dbias", dbias, dw.dim(3));
        }
    }
}
