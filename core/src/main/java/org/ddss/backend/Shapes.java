package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/**
 * Output shapes and shape contracts of the {@link Backend} ops that have no spec record of their
 * own ({@link Conv2d}, {@link GroupNorm}, {@link Pool2d} and {@link UpsampleConv} hold theirs):
 * {@code Tape} allocates outputs from these, and every backend checks its arguments through
 * them, so a mismatch is found in one place and reads the same on each backend.
 */
public final class Shapes {
    private Shapes() {}

    /** Throws, naming {@code what} and both shapes, unless t has exactly the expected shape. */
    public static void require(String what, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expected));
        }
    }

    /** {@link #require} against x's shape, for outputs and gradients that may be null (not wanted). */
    public static void requireLike(String what, Tensor t, Tensor x) {
        if (t != null) {
            require(what, t, x.shape());
        }
    }

    /** An element-wise op's contract: every non-null tensor shaped as x. */
    public static void elementwise(String op, Tensor x, Tensor... others) {
        for (Tensor t : others) {
            requireLike(op, t, x);
        }
    }

    /**
     * NumPy broadcasting at equal rank: each operand has out's rank, and each of its dimensions
     * equals out's or is 1.
     */
    public static void broadcast(Tensor out, Tensor... operands) {
        boolean ok = true;
        for (Tensor t : operands) {
            ok &= t.rank() == out.rank();
            for (int d = 0; ok && d < out.rank(); d++) {
                ok = t.dim(d) == out.dim(d) || t.dim(d) == 1;
            }
        }
        if (!ok) {
            StringBuilder sb = new StringBuilder("cannot broadcast");
            for (Tensor t : operands) {
                sb.append(' ').append(Arrays.toString(t.shape()));
            }
            throw new IllegalArgumentException(sb.append(" to ").append(Arrays.toString(out.shape())).toString());
        }
    }

    /** The shape two operands of equal rank broadcast to (NumPy's rule: each dimension equal, or 1 on one side). */
    public static int[] broadcastShape(Tensor a, Tensor b) {
        if (a.rank() != b.rank()) {
            throw new IllegalArgumentException("broadcast needs equal ranks: " + a + " and " + b);
        }
        int[] s = new int[a.rank()];
        for (int i = 0; i < s.length; i++) {
            int x = a.dim(i), y = b.dim(i);
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("cannot broadcast " + Arrays.toString(a.shape()) + " with " + Arrays.toString(b.shape()));
            }
            s[i] = x == 1 ? y : x;
        }
        return s;
    }

    /** Nearest 2x upsampling's output shape: [N, H, W, C] to [N, 2H, 2W, C]. */
    public static int[] upsample2x(Tensor x) {
        requireNhwc("upsampleNearest2x", x);
        return new int[] {x.dim(0), 2 * x.dim(1), 2 * x.dim(2), x.dim(3)};
    }

    /** 2x2 average pooling's output shape: [N, H, W, C] to [N, H/2, W/2, C], H and W even. */
    public static int[] avgPool2x2(Tensor x) {
        requireNhwc("avgPool2x2", x);
        if (x.dim(1) % 2 != 0 || x.dim(2) % 2 != 0) {
            throw new IllegalArgumentException("avgPool2x2 needs even H and W, got " + Arrays.toString(x.shape()));
        }
        return new int[] {x.dim(0), x.dim(1) / 2, x.dim(2) / 2, x.dim(3)};
    }

    /** {@link Backend#upsampleNearest2x}'s contract. */
    static void upsample(Tensor x, Tensor y) {
        require("upsampleNearest2x output", y, upsample2x(x));
    }

    /** {@link Backend#upsampleNearest2xBackward}'s contract: dy is dx's upsampled shape. */
    static void upsampleBackward(Tensor dy, Tensor dx) {
        require("upsampleNearest2xBackward dy", dy, upsample2x(dx));
    }

    /** {@link Backend#avgPool2x2}'s contract. */
    static void avgPool(Tensor x, Tensor y) {
        require("avgPool2x2 output", y, avgPool2x2(x));
    }

    /** {@link Backend#avgPool2x2Backward}'s contract: dy is dx's pooled shape. */
    static void avgPoolBackward(Tensor dy, Tensor dx) {
        require("avgPool2x2Backward dy", dy, avgPool2x2(dx));
    }

    private static void requireNhwc(String op, Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + " takes [N, H, W, C], got " + Arrays.toString(x.shape()));
        }
    }
}
