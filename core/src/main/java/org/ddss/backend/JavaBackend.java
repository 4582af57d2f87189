package org.ddss.backend;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.Workspace;

/**
 * PLACEHOLDER for the conv branch, replaced at merge: only the convolutions are implemented
 * (through {@link JavaConv}); every other operation throws {@link UnsupportedOperationException}.
 */
public final class JavaBackend implements Backend {
    private final Workspace convScratch = new Workspace();

    @Override
    public String name() {
        return "java";
    }

    @Override
    public int threads() {
        return Parallel.THREADS;
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2d spec, Tensor y) {
        JavaConv.forward(x, w, bias, spec, y, convScratch);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx) {
        JavaConv.backwardData(dy, w, spec, dx, convScratch);
    }

    @Override
    public void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias) {
        JavaConv.backwardWeights(x, dy, spec, dw, dbias, convScratch);
    }

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) {
        throw missing("matmul");
    }

    @Override
    public void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor y, Tensor mean,
                          Tensor var) {
        throw missing("groupNorm");
    }

    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor var, int groups, float eps,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        throw missing("groupNormBackward");
    }

    @Override
    public void silu(Tensor x, Tensor y) {
        throw missing("silu");
    }

    @Override
    public void siluBackward(Tensor dy, Tensor x, Tensor dx) {
        throw missing("siluBackward");
    }

    @Override
    public void softmax(Tensor x, Tensor y) {
        throw missing("softmax");
    }

    @Override
    public void softmaxBackward(Tensor dy, Tensor y, Tensor dx) {
        throw missing("softmaxBackward");
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor c) {
        throw missing("add");
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor c) {
        throw missing("mul");
    }

    @Override
    public void scale(Tensor x, float s, Tensor y) {
        throw missing("scale");
    }

    @Override
    public void sumTo(Tensor x, Tensor y) {
        throw missing("sumTo");
    }

    @Override
    public void broadcastTo(Tensor x, Tensor y) {
        throw missing("broadcastTo");
    }

    @Override
    public void upsampleNearest2x(Tensor x, Tensor y) {
        throw missing("upsampleNearest2x");
    }

    @Override
    public void upsampleNearest2xBackward(Tensor dy, Tensor dx) {
        throw missing("upsampleNearest2xBackward");
    }

    @Override
    public void avgPool2x2(Tensor x, Tensor y) {
        throw missing("avgPool2x2");
    }

    @Override
    public void avgPool2x2Backward(Tensor dy, Tensor dx) {
        throw missing("avgPool2x2Backward");
    }

    @Override
    public void concat(Tensor[] xs, Tensor y) {
        throw missing("concat");
    }

    @Override
    public void concatBackward(Tensor dy, Tensor[] dxs) {
        throw missing("concatBackward");
    }

    @Override
    public void close() {
        convScratch.close();
    }

    private static UnsupportedOperationException missing(String op) {
        return new UnsupportedOperationException(op + " is not in the conv-branch placeholder of JavaBackend");
    }
}
