package org.ddss.diffusion;

import org.ddss.backend.Backend;
import org.ddss.tensor.Tensor;

/**
 * One transition of a sampler in the form DDSS's families share (DESIGN.md §1):
 * {@code x_next = c z + sum_j (a_j x_j + b_j p_j)} over the states {@code x_j} and data
 * predictions {@code p_j} so far. The one place that rounds a transition: every term is added
 * into a zeroed output by the backend's fused {@code axpy}, in the order c z, then a_j x_j and
 * b_j p_j for j = 0, 1, ..., skipping zero coefficients, so that a chain at DDIM's coefficients
 * samples exactly as DDIM does.
 */
public final class Transition {
    private Transition() {}

    /**
     * Writes the transition over the first {@code count} states and predictions into
     * {@code out}, which must not be one of them; {@code z} may be null where {@code c} is 0.
     */
    public static void apply(Backend be, double c, Tensor z, double[] a, Tensor[] x, double[] b, Tensor[] p, int count,
                             Tensor out) {
        out.fill(0f);
        if (c != 0) {
            be.axpy((float) c, z, out);
        }
        for (int j = 0; j < count; j++) {
            if (a[j] != 0) {
                be.axpy((float) a[j], x[j], out);
            }
            if (b[j] != 0) {
                be.axpy((float) b[j], p[j], out);
            }
        }
    }
}
