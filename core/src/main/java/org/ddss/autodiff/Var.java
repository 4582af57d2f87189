package org.ddss.autodiff;

import org.ddss.tensor.Tensor;

/** A value on a {@link Tape}, with its gradient once backward has reached it. */
public final class Var {
    final Tensor value;
    final boolean needsGrad;
    final Param param;
    Tensor grad;

    Var(Tensor value, boolean needsGrad, Param param) {
        this.value = value;
        this.needsGrad = needsGrad;
        this.param = param;
    }

    public Tensor value() {
        return value;
    }

    /**
     * The accumulated gradient of an input after {@link Tape#backward}; null when nothing reached
     * it. An intermediate value's gradient is not kept (null after backward): its buffer may have
     * been handed on to an input and summed into (PyTorch keeps none for a non-leaf tensor either).
     */
    public Tensor grad() {
        return param != null ? param.grad() : grad;
    }

    /** Whether a gradient flows to this value. */
    public boolean needsGrad() {
        return needsGrad;
    }

    public int[] shape() {
        return value.shape();
    }

    public int dim(int i) {
        return value.dim(i);
    }
}
