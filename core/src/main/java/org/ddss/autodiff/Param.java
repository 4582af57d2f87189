package org.ddss.autodiff;

import org.ddss.tensor.Tensor;

/**
 * A named model parameter. Its value belongs to the model's arena. Gradients reach it only
 * when {@link #grad()} is set (training); otherwise no tape computes a weight gradient for it
 * (backward-data-only mode).
 */
public final class Param {
    private final String name;
    private final Tensor value;
    private Tensor grad;

    public Param(String name, Tensor value) {
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    /** The gradient accumulator, or null when this parameter is frozen. */
    public Tensor grad() {
        return grad;
    }

    /**
     * Makes gradients accumulate into {@code accumulator} (same shape as the value; the caller
     * owns and zeroes it), or freezes the parameter when null.
     */
    public void setGrad(Tensor accumulator) {
        if (accumulator != null && !accumulator.sameShape(value)) {
            throw new IllegalArgumentException("gradient " + accumulator + " for parameter " + name + " " + value);
        }
        this.grad = accumulator;
    }
}
