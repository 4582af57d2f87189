package org.ddss.backend;

import org.ddss.tensor.Tensor;

/**
 * Placeholder so that the dnnl branch compiles on its own; the real Vector API backend
 * replaces this file at merge. Every operation throws.
 */
public final class JavaBackend implements Backend {
    public JavaBackend() {}

    private static UnsupportedOperationException missing() {
        return new UnsupportedOperationException("placeholder JavaBackend: replaced at merge");
    }

    @Override public String name() { return "java"; }
    @Override public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2d spec, Tensor y) { throw missing(); }
    @Override public void conv2dBackwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx) { throw missing(); }
    @Override public void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias) { throw missing(); }
    @Override public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) { throw missing(); }
    @Override public void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor y, Tensor mean, Tensor var) { throw missing(); }
    @Override public void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor var, int groups, float eps,
                                            Tensor dx, Tensor dgamma, Tensor dbeta) { throw missing(); }
    @Override public void silu(Tensor x, Tensor y) { throw missing(); }
    @Override public void siluBackward(Tensor dy, Tensor x, Tensor dx) { throw missing(); }
    @Override public void softmax(Tensor x, Tensor y) { throw missing(); }
    @Override public void softmaxBackward(Tensor dy, Tensor y, Tensor dx) { throw missing(); }
    @Override public void add(Tensor a, Tensor b, Tensor c) { throw missing(); }
    @Override public void mul(Tensor a, Tensor b, Tensor c) { throw missing(); }
    @Override public void scale(Tensor x, float s, Tensor y) { throw missing(); }
    @Override public void sumTo(Tensor x, Tensor y) { throw missing(); }
    @Override public void broadcastTo(Tensor x, Tensor y) { throw missing(); }
    @Override public void upsampleNearest2x(Tensor x, Tensor y) { throw missing(); }
    @Override public void upsampleNearest2xBackward(Tensor dy, Tensor dx) { throw missing(); }
    @Override public void avgPool2x2(Tensor x, Tensor y) { throw missing(); }
    @Override public void avgPool2x2Backward(Tensor dy, Tensor dx) { throw missing(); }
    @Override public void concat(Tensor[] xs, Tensor y) { throw missing(); }
    @Override public void concatBackward(Tensor dy, Tensor[] dxs) { throw missing(); }
    @Override public int threads() { return Parallel.THREADS; }
    @Override public void close() {}
}
