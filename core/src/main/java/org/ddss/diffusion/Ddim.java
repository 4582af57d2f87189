package org.ddss.diffusion;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * DDIM (Song, Meng & Ermon 2021, eq. 12 with eq. 16's sigma): from time t to the next time s
 * (abar 1 after the last step),
 * {@code x_s = sqrt(abar_s) p + sqrt(1 - abar_s - sigma^2) eps + sigma z} with
 * {@code sigma = eta sqrt((1-abar_s)/(1-abar_t)) sqrt(1 - abar_t/abar_s)}. eta = 0 is the
 * deterministic sampler (the probability-flow ODE's first-order solver); eta = 1 has DDPM's
 * {@code fixed_small} variance.
 */
public record Ddim(NoiseSchedule schedule, double[] times, double eta, boolean clip) implements Sampler {

    public Ddim {
        times = times.clone();
        if (!(eta >= 0)) {
            throw new IllegalArgumentException("DDIM eta must be >= 0, got " + eta);
        }
    }

    public static Ddim of(NoiseSchedule schedule, Spacing spacing, int k, double eta, boolean clip) {
        return new Ddim(schedule, spacing.times(schedule, k), eta, clip);
    }

    @Override
    public String name() {
        return "ddim(eta=" + eta + ", K=" + times.length + ")";
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public int sample(NoisePredictor model, NoiseSource noise, Tensor out) {
        try (TensorArena ar = new TensorArena()) {
            int[] shape = out.shape();
            Tensor x = ar.empty(shape), eps = ar.empty(shape), p = ar.empty(shape), z = ar.empty(shape);
            noise.fill(x);
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                boolean last = k == times.length - 1;
                double abarT = schedule.abar(t);
                model.predict(x, t, eps);
                Sampler.dataPrediction(x, eps, Math.sqrt(abarT), Math.sqrt(1 - abarT), clip, last ? out : p);
                if (last) {
                    break;
                }
                double abarS = schedule.abar(times[k + 1]);
                double sigma = eta * Math.sqrt((1 - abarS) / (1 - abarT)) * Math.sqrt(1 - abarT / abarS);
                double cp = Math.sqrt(abarS), ce = Math.sqrt(Math.max(1 - abarS - sigma * sigma, 0));
                if (sigma > 0) {
                    noise.fill(z);
                }
                // With clipping, eps is re-derived from the clipped prediction, as diffusers does.
                double sqrtT = Math.sqrt(abarT), sigT = Math.sqrt(1 - abarT);
                for (long i = 0, n = x.size(); i < n; i++) {
                    double pi = p.get(i);
                    double e = clip ? (x.get(i) - sqrtT * pi) / sigT : eps.get(i);
                    x.set(i, (float) (cp * pi + ce * e + (sigma > 0 ? sigma * z.get(i) : 0)));
                }
            }
            return times.length;
        }
    }
}
