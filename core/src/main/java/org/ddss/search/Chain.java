package org.ddss.search;

import org.ddss.backend.Backend;
import org.ddss.diffusion.DifferentiableNoisePredictor;
import org.ddss.diffusion.NoisePredictor;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Transition;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * One run of a K-step chain (see {@link Steps}) over a batch, with its reverse sweep.
 *
 * <p>Forward: draw the start {@code x_0} and every transition's {@code z_i} once from the noise
 * source (reparametrisation: the chain is then a deterministic function of its numbers) and
 * keep only the chain states {@code x_i, p_i, z_i}. Backward (DESIGN.md §1): walk the steps from
 * data back to noise; when the adjoint of {@code p_i} is complete, run the model again at
 * {@code (x_i, tau_i)} recording, take its VJP with respect to the input and the time, and close
 * that pass before the next step, so at most one model call's activations are alive whatever
 * K is. The last call is the exception: the sweep needs it first, so the forward records it
 * and the sweep uses that pass (one model call fewer per gradient, and still one call's
 * activations at a time). With {@link Activations#KEPT} the forward keeps every call's pass
 * (no second model call; the same gradients, K times the memory).
 *
 * <p>With {@code clip}, every data prediction is clipped to [-1, 1] as DDIM does (the
 * transitions then mix clipped predictions); the sweep passes no gradient through a clipped
 * value.
 *
 * <p>Step 0's time is never differentiated (the chain starts from pure noise at a fixed time),
 * so its model call is not recorded.
 */
public final class Chain implements AutoCloseable {
    /** Which model calls' activations the forward keeps for the reverse sweep. */
    public enum Activations {
        /** None: the chain only samples, and {@link #backward} is refused. */
        NONE,
        /** The last call's; the sweep runs every other call again (DESIGN.md §1). */
        REMATERIALISED,
        /** Every call's but step 0's. */
        KEPT
    }

    private final Steps st;
    private final int k;
    private final Activations kept;
    private final boolean clip;
    private final TensorArena arena = new TensorArena();
    private final Tensor[] x, p, z;
    private final DifferentiableNoisePredictor.Pass[] passes;
    private boolean timeGradient;
    private Backend be;
    private Tensor eps0;
    private boolean ran;

    /**
     * A chain with numbers {@code steps}; {@code activations} says what the forward keeps for
     * the reverse sweep ({@code KEPT} trades memory for the second model calls); {@code clip}
     * clips every data prediction to [-1, 1].
     */
    public Chain(Steps steps, Activations activations, boolean clip) {
        this.st = steps;
        this.k = steps.k();
        this.kept = activations;
        this.clip = clip;
        x = new Tensor[k];
        p = new Tensor[k];
        z = new Tensor[k - 1];
        passes = new DifferentiableNoisePredictor.Pass[k];
    }

    /**
     * Runs the chain on noise for {@code noise.count()} samples of {@code sampleShape}; returns
     * the final data prediction (owned by this chain). Unless activations are {@code NONE},
     * {@code model} must be a {@link DifferentiableNoisePredictor}; with {@code timeGradient}
     * the kept passes record the time's VJP too.
     */
    public Tensor forward(NoisePredictor model, NoiseSource noise, int[] sampleShape, boolean timeGradient) {
        if (ran) {
            throw new IllegalStateException("a chain runs once");
        }
        ran = true;
        this.timeGradient = timeGradient;
        be = model.backend();
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = noise.count();
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        x[0] = arena.empty(shape);
        noise.fill(x[0]);
        // Step 0's prediction is kept for the adjoint of its conversion; later ones are scratch.
        eps0 = arena.empty(shape);
        Tensor e = eps0;
        for (int i = 0; i < k; i++) {
            Tensor eps;
            boolean record = i > 0 && (kept == Activations.KEPT || kept == Activations.REMATERIALISED && i == k - 1);
            if (record) {
                passes[i] = ((DifferentiableNoisePredictor) model).record(x[i], st.tau()[i], timeGradient);
                eps = passes[i].eps();
            } else {
                if (i == 1) {
                    e = arena.empty(shape);
                }
                model.predict(x[i], st.tau()[i], e);
                eps = e;
            }
            p[i] = arena.empty(shape);
            double m = st.m()[i], s = st.s()[i];
            Tensor xi = x[i], pi = p[i];
            for (long q = 0, n = xi.size(); q < n; q++) {
                double v = (xi.get(q) - s * eps.get(q)) / m;
                pi.set(q, (float) (clip ? Math.max(-1, Math.min(1, v)) : v));
            }
            if (i + 1 < k) {
                z[i] = arena.empty(shape);
                noise.fill(z[i]);
                x[i + 1] = arena.empty(shape);
                transition(i);
            }
        }
        return p[k - 1];
    }

    /** {@code x_{i+1} = c_i z_i + sum_j (a_ij x_j + b_ij p_j)}. */
    private void transition(int i) {
        Transition.apply(be, st.c()[i], z[i], st.a()[i], x, st.b()[i], p, i + 1, x[i + 1]);
    }

    /**
     * The reverse sweep: from the gradient of a scalar loss with respect to the output, the
     * adjoints of every number of the chain. {@code model} is the forward's; with
     * {@code timeGradient} the times' adjoints are computed (one more small VJP per call).
     */
    public Steps backward(DifferentiableNoisePredictor model, Tensor outGrad, boolean timeGradient) {
        if (!ran) {
            throw new IllegalStateException("backward before forward");
        }
        if (kept == Activations.NONE) {
            throw new IllegalStateException("a chain run without activations (for sampling) has no reverse sweep");
        }
        if (timeGradient != this.timeGradient) {
            // The passes the forward kept were recorded with (or without) the time's VJP.
            throw new IllegalArgumentException("backward with timeGradient=" + timeGradient + " after a forward with "
                    + this.timeGradient);
        }
        Steps adj = Steps.zeros(k);
        Tensor[] xBar = new Tensor[k], pBar = new Tensor[k];
        for (int i = 0; i < k; i++) {
            xBar[i] = arena.zeros(x[0].shape());
            pBar[i] = arena.zeros(x[0].shape());
        }
        pBar[k - 1].copyFrom(outGrad);
        Tensor eBar = arena.empty(x[0].shape());
        for (int i = k - 1; i >= 0; i--) {
            double m = st.m()[i], s = st.s()[i];
            Tensor pb = pBar[i];
            if (clip) {
                // Where p_i was clipped (at +-1), nothing flows back; elsewhere p_i is the raw value.
                Tensor pi = p[i];
                for (long q = 0, n = pb.size(); q < n; q++) {
                    if (Math.abs(pi.get(q)) >= 1f) {
                        pb.set(q, 0f);
                    }
                }
            }
            adj.m()[i] = -dot(pb, p[i]) / m;
            if (i == 0) {
                adj.s()[0] = -dot(pb, eps0) / m;
                break;
            }
            DifferentiableNoisePredictor.Pass pass = passes[i] != null ? passes[i] : model.record(x[i], st.tau()[i], timeGradient);
            try {
                adj.s()[i] = -dot(pb, pass.eps()) / m;
                eBar.fill(0f);
                axpy(-s / m, pb, eBar);
                axpy(1 / m, pb, xBar[i]);
                adj.tau()[i] += pass.backward(eBar, xBar[i]);
            } finally {
                pass.close();
                passes[i] = null;
            }
            // x_i is complete: send its adjoint through the transition that made it.
            Tensor xb = xBar[i];
            int t = i - 1;
            adj.c()[t] = dot(xb, z[t]);
            for (int j = 0; j <= t; j++) {
                adj.a()[t][j] = dot(xb, x[j]);
                adj.b()[t][j] = dot(xb, p[j]);
                axpy(st.a()[t][j], xb, xBar[j]);
                axpy(st.b()[t][j], xb, pBar[j]);
            }
        }
        return adj;
    }

    private double dot(Tensor u, Tensor v) {
        return be.dot(u, v);
    }

    /** {@code y += a x}, skipping a zero coefficient as the forward's transitions do. */
    private void axpy(double a, Tensor xt, Tensor y) {
        if (a != 0) {
            be.axpy((float) a, xt, y);
        }
    }

    /** Bytes of chain state held (activations of kept passes are counted by their tapes). */
    public long bytes() {
        return arena.bytes();
    }

    @Override
    public void close() {
        for (int i = 0; i < k; i++) {
            if (passes[i] != null) {
                passes[i].close();
                passes[i] = null;
            }
        }
        arena.close();
    }
}
