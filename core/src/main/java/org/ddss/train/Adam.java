package org.ddss.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.autodiff.Param;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) with bias correction, over parameters whose gradients
 * have accumulated in {@link Param#grad()}. Moments live in this optimiser's arena; they are
 * part of a training checkpoint.
 */
public final class Adam implements AutoCloseable {
    private final List<Param> params;
    private final double beta1, beta2, eps;
    private final TensorArena arena = new TensorArena();
    private final Map<String, Tensor> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private long step;

    public Adam(List<Param> params, double beta1, double beta2, double eps) {
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (Param p : params) {
            m.put(p.name(), arena.zeros(p.value().shape()));
            v.put(p.name(), arena.zeros(p.value().shape()));
            if (p.grad() == null) {
                p.setGrad(arena.zeros(p.value().shape()));
            }
        }
    }

    /** Zeroes every gradient accumulator. */
    public void zeroGrad() {
        for (Param p : params) {
            p.grad().fill(0f);
        }
    }

    /** The global L2 norm of the gradients. */
    public double gradNorm() {
        double s = 0;
        for (Param p : params) {
            Tensor g = p.grad();
            for (long i = 0; i < g.size(); i++) {
                double x = g.get(i);
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * One update with learning rate {@code lr}, the gradients scaled by {@code gradScale} first
     * (for norm clipping).
     */
    public void step(double lr, double gradScale) {
        step++;
        double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
        for (Param p : params) {
            Tensor w = p.value(), g = p.grad(), mt = m.get(p.name()), vt = v.get(p.name());
            for (long i = 0; i < w.size(); i++) {
                double gi = g.get(i) * gradScale;
                double mi = beta1 * mt.get(i) + (1 - beta1) * gi;
                double vi = beta2 * vt.get(i) + (1 - beta2) * gi * gi;
                mt.set(i, (float) mi);
                vt.set(i, (float) vi);
                w.set(i, (float) (w.get(i) - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps)));
            }
        }
    }

    public long steps() {
        return step;
    }

    /** The moments by {@code m.NAME} and {@code v.NAME}, for checkpoints. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        m.forEach((k, t) -> s.put("m." + k, t));
        v.forEach((k, t) -> s.put("v." + k, t));
        return s;
    }

    /** Restores moments and the step count saved by {@link #state()}. */
    public void restore(Map<String, Tensor> saved, long steps) {
        for (Map.Entry<String, Tensor> e : state().entrySet()) {
            Tensor src = saved.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("checkpoint lacks optimiser state " + e.getKey());
            }
            e.getValue().copyFrom(src);
        }
        step = steps;
    }

    @Override
    public void close() {
        for (Param p : params) {
            p.setGrad(null);
        }
        arena.close();
    }
}
