package org.ddss.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.autodiff.Param;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * An exponential moving average of parameters, {@code ema = d ema + (1 - d) w} after each
 * update (the weights DDPM samples with), with the usual warm-up of the decay,
 * {@code d_k = min(decay, (1 + k) / (10 + k))}, so early averages are not dominated by the
 * random initialisation.
 */
public final class Ema implements AutoCloseable {
    private final List<Param> params;
    private final double decay;
    private final TensorArena arena = new TensorArena();
    private final Map<String, Tensor> shadow = new LinkedHashMap<>();

    public Ema(List<Param> params, double decay) {
        this.params = List.copyOf(params);
        this.decay = decay;
        for (Param p : params) {
            Tensor t = arena.empty(p.value().shape());
            t.copyFrom(p.value());
            shadow.put(p.name(), t);
        }
    }

    /** Folds the current weights in, as update number {@code k} (from 0). */
    public void update(long k) {
        double d = Math.min(decay, (1.0 + k) / (10.0 + k));
        for (Param p : params) {
            Tensor s = shadow.get(p.name()), w = p.value();
            for (long i = 0; i < s.size(); i++) {
                s.set(i, (float) (d * s.get(i) + (1 - d) * w.get(i)));
            }
        }
    }

    /** The averages by parameter name (live views: copy them to keep a snapshot). */
    public Map<String, Tensor> weights() {
        return shadow;
    }

    @Override
    public void close() {
        arena.close();
    }
}
