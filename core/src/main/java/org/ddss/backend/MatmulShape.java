package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/** The checked dimensions of a {@link Backend#matmul} call. */
record MatmulShape(int batch, int m, int k, int n, boolean sharedB) {

    static MatmulShape of(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) {
        boolean ok = (a.rank() == 2 || a.rank() == 3) && c.rank() == a.rank()
                && (b.rank() == 2 || b.rank() == a.rank());
        if (ok) {
            int batch = a.rank() == 3 ? a.dim(0) : 1;
            int m = transA ? a.dim(-1) : a.dim(-2);
            int k = transA ? a.dim(-2) : a.dim(-1);
            int kb = transB ? b.dim(-1) : b.dim(-2);
            int n = transB ? b.dim(-2) : b.dim(-1);
            boolean shared = b.rank() == 2;
            ok = k == kb && c.dim(-2) == m && c.dim(-1) == n
                    && (a.rank() == 2 || c.dim(0) == batch)
                    && (shared || b.rank() == 2 || b.dim(0) == batch)
                    && (bias == null || (bias.rank() == 1 && bias.dim(0) == n));
            if (ok) {
                return new MatmulShape(batch, m, k, n, shared && a.rank() == 3);
            }
        }
        throw new IllegalArgumentException("matmul shapes do not agree: a " + Arrays.toString(a.shape())
                + (transA ? "^T" : "") + ", b " + Arrays.toString(b.shape()) + (transB ? "^T" : "")
                + ", bias " + (bias == null ? "none" : Arrays.toString(bias.shape())) + ", c " + Arrays.toString(c.shape()));
    }
}
