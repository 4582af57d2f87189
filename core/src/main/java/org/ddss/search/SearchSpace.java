package org.ddss.search;

import java.util.ArrayList;
import java.util.List;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Samplers;
import org.ddss.diffusion.Spacing;
import org.ddss.search.Scalars.S;

/**
 * A family of K-step samplers as a function of a flat vector of free parameters, and the
 * initial points of a search ({@link Init}): DDIM(eta = 0) or a multistep solver, at the start
 * times (diffusers' trailing times {@code T-1, ..., T/K - 1} unless given).
 *
 * <p>Learned times: {@code tau_0 = T-1} stays fixed (the chain starts from pure noise) and the
 * K gaps below it, down to 0, are {@code (T-1) softmax(w)}, so the times stay in order and
 * inside {@code [0, T-1]} by construction; any start times from {@code T-1} are such a point.
 *
 * @param family      which coefficients are free
 * @param k           the number of model calls
 * @param learnTimes  whether the times are parameters (the "+TIME" variants)
 * @param conversion  how the chain turns noise predictions into data predictions
 * @param schedule    the model's training schedule
 * @param startTimes  the initial sampler's times, descending (null: trailing); they also fix the
 *                    units of the coefficients' offsets
 */
public record SearchSpace(Family family, int k, boolean learnTimes, Conversion conversion, NoiseSchedule schedule,
                          double[] startTimes) implements java.io.Serializable {

    /** The smallest gap of learned start times, as a share of T - 1 (log gaps must be finite). */
    private static final double MIN_GAP = 1e-9;

    /** A space whose search starts at the trailing times. */
    public SearchSpace(Family family, int k, boolean learnTimes, Conversion conversion, NoiseSchedule schedule) {
        this(family, k, learnTimes, conversion, schedule, null);
    }

    public SearchSpace {
        if (k < 2 || k > schedule.steps()) {
            throw new IllegalArgumentException("a searched sampler needs 2 to " + schedule.steps() + " steps, got " + k);
        }
        startTimes = startTimes == null ? new Spacing.Trailing().times(schedule, k) : startTimes.clone();
        if (startTimes.length != k) {
            throw new IllegalArgumentException(startTimes.length + " start times for " + k + " steps");
        }
        for (int i = 0; i < k; i++) {
            if (!(startTimes[i] >= 0 && startTimes[i] <= schedule.tMax()) || (i > 0 && !(startTimes[i] < startTimes[i - 1]))) {
                throw new IllegalArgumentException("start times " + java.util.Arrays.toString(startTimes)
                        + " must be strictly descending within [0, " + schedule.tMax() + "]");
            }
        }
        if (learnTimes && startTimes[0] != schedule.tMax()) {
            throw new IllegalArgumentException("learned times start at " + schedule.tMax() + " (pure noise), these start at "
                    + startTimes[0] + ": fix the times, or place them from " + schedule.tMax());
        }
    }

    /**
     * This space starting at {@code placement}'s times for {@code init}, placed as that sampler's
     * diffusers scheduler places them (DDIM's lists for DDIM, the multistep ones for the others).
     */
    public SearchSpace startingAt(Spacing placement, Init init) {
        Spacing.Scheduler lists = init == Init.DDIM ? Spacing.Scheduler.DDIM : Spacing.Scheduler.MULTISTEP;
        return new SearchSpace(family, k, learnTimes, conversion, schedule, placement.times(schedule, k, lists));
    }

    @Override
    public double[] startTimes() {
        return startTimes.clone();
    }

    /** Whether the start times are diffusers' trailing ones (the default, which files do not record). */
    public boolean startsTrailing() {
        return java.util.Arrays.equals(startTimes, new Spacing.Trailing().times(schedule, k));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && family == s.family && k == s.k && learnTimes == s.learnTimes
                && conversion == s.conversion && schedule.equals(s.schedule) && java.util.Arrays.equals(startTimes, s.startTimes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(family, k, learnTimes, conversion, schedule, java.util.Arrays.hashCode(startTimes));
    }

    @Override
    public String toString() {
        return name() + " " + conversion.id() + " " + schedule + " from " + java.util.Arrays.toString(startTimes);
    }

    /** A short name, e.g. {@code ggdm+pred+time(K=10)}. */
    public String name() {
        return family.id() + (learnTimes ? "+time" : "") + "(K=" + k + ")";
    }

    /** The times of the initial sampler. */
    public double[] initialTimes() {
        return startTimes.clone();
    }

    /** Names of the free parameters, in the order of the vector. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        if (learnTimes) {
            for (int i = 0; i < k; i++) {
                names.add("w" + i);
            }
        }
        for (int i = 0; i < k - 1; i++) {
            if (family == Family.DDIM_ETA) {
                names.add("eta" + i);
                continue;
            }
            for (int j = 0; j <= i; j++) {
                if (family.freeA(i, j)) {
                    names.add("a" + i + "_" + j);
                }
            }
            for (int j = 0; j <= i; j++) {
                if (family.freeB(i, j)) {
                    names.add("b" + i + "_" + j);
                }
            }
            names.add("c" + i);
        }
        return names;
    }

    public int parameterCount() {
        return parameterNames().size();
    }

    /**
     * The parameters of DDIM(eta = 0) at the start times: the log gaps of the times, and zero
     * offsets for every free coefficient (see {@link #nodes}).
     */
    public double[] initial() {
        return initial(Init.DDIM);
    }

    /**
     * The parameters of the sampler {@code init} at the start times. For DPM-Solver++(2M),
     * whose first-order part is DDIM's {@code b_ii}, transition {@code i >= 1} weighs the last two
     * data predictions by {@code 1 + 1/(2 r_i)} and {@code -1/(2 r_i)} of it, with
     * {@code r_i = h_{i-1} / h_i} the ratio of successive steps in {@code lambda = log(alpha/sigma)}:
     * offsets {@code 1/(2 r_i)} and {@code -1/(2 r_i)} in the units of {@link #nodes}. The other
     * multistep solvers' transitions are read off the solvers themselves ({@link LinearForm}).
     *
     * @throws IllegalArgumentException when the family does not contain {@code init}
     */
    public double[] initial(Init init) {
        if (!init.isIn(family)) {
            throw new IllegalArgumentException("a search from " + init.id() + " needs the ggdm+pred family (a transition "
                    + "that mixes earlier data predictions), not " + family.id());
        }
        double[] tau = initialTimes();
        double[] theta = new double[parameterCount()];
        if (learnTimes) {
            double top = schedule.tMax();
            for (int i = 0; i < k; i++) {
                double gap = (i + 1 < k ? tau[i] - tau[i + 1] : tau[i]) / top;
                // A start that ends at time 0 (edm, logsnr) has no last gap; 1e-9 of T puts it within 1e-6 steps of 0.
                theta[i] = Math.log(Math.max(gap, MIN_GAP));
            }
        }
        if (init != Init.DDIM && init != Init.DPMPP2M) {
            // The solver's own transitions, as offsets in the units of nodes(): a_ii and every b_ij.
            List<String> names = parameterNames();
            double[][] rows = LinearForm.of(Samplers.create(init.sampler(), schedule, Spacing.explicit(tau), k, 0, false), schedule);
            double[][] ddim = ddimCoefficients();
            for (int i = 0; i < k - 1; i++) {
                theta[names.indexOf("a" + i + "_" + i)] = rows[i][0] / ddim[i][0] - 1;
                for (int j = 0; j <= i; j++) {
                    theta[names.indexOf("b" + i + "_" + j)] = rows[i][1 + j] / ddim[i][1] - (j == i ? 1 : 0);
                }
            }
        }
        if (init == Init.DPMPP2M) {
            List<String> names = parameterNames();
            for (int i = 1; i < k - 1; i++) {
                double h = schedule.lambda(tau[i + 1]) - schedule.lambda(tau[i]);
                double hPrev = schedule.lambda(tau[i]) - schedule.lambda(tau[i - 1]);
                double half = h / (2 * hPrev);
                theta[names.indexOf("b" + i + "_" + i)] = half;
                theta[names.indexOf("b" + i + "_" + (i - 1))] = -half;
            }
        }
        return theta;
    }

    /**
     * DDIM(eta = 0)'s {@code a_ii}, {@code b_ii} at the start times, and DDIM(eta = 1)'s noise
     * scale, per transition: the starting values of the free coefficients and their units.
     */
    private double[][] ddimCoefficients() {
        double[] tau = initialTimes();
        double[][] out = new double[k - 1][];
        for (int i = 0; i < k - 1; i++) {
            double ai = schedule.alpha(tau[i]), si = schedule.sigma(tau[i]);
            double an = schedule.alpha(tau[i + 1]), sn = schedule.sigma(tau[i + 1]);
            // The same expressions as Ddim's, so that the initial sampler repeats it bit for bit.
            double a = sn / si, b = an - a * ai;
            out[i] = new double[] {a, b, (sn / si) * Math.sqrt(1 - (ai * ai) / (an * an))};
        }
        return out;
    }

    /**
     * The chain's numbers as nodes of {@code g}, from the parameter leaves {@code theta} (made
     * by the caller with {@link Scalars#leaf}), so that adjoints of the numbers flow back to them.
     */
    public Nodes nodes(Scalars g, S[] theta) {
        if (theta.length != parameterCount()) {
            throw new IllegalArgumentException(name() + " has " + parameterCount() + " parameters, got " + theta.length);
        }
        int q = 0;
        S[] tau = new S[k];
        if (learnTimes) {
            S[] e = new S[k];
            List<S> all = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                e[i] = g.exp(theta[q++]);
                all.add(e[i]);
            }
            S total = g.sum(all);
            double top = schedule.tMax();
            S used = g.constant(0);
            for (int i = 0; i < k; i++) {
                tau[i] = g.clamp(g.scale(g.sub(g.constant(1), used), top), 0, top);
                used = g.add(used, g.div(e[i], total));
            }
        } else {
            double[] t = initialTimes();
            for (int i = 0; i < k; i++) {
                tau[i] = g.constant(t[i]);
            }
        }
        S[] alpha = new S[k], sigma = new S[k];
        for (int i = 0; i < k; i++) {
            alpha[i] = g.apply(tau[i], schedule::alpha, schedule::dAlpha);
            sigma[i] = g.apply(tau[i], schedule::sigma, schedule::dSigma);
        }
        S[][] a = new S[k - 1][], b = new S[k - 1][];
        S[] c = new S[k - 1];
        S zero = g.constant(0);
        double[][] init = ddimCoefficients();
        for (int i = 0; i < k - 1; i++) {
            a[i] = new S[i + 1];
            b[i] = new S[i + 1];
            java.util.Arrays.fill(a[i], zero);
            java.util.Arrays.fill(b[i], zero);
            if (family == Family.DDIM_ETA) {
                // DDIM eq. 16 in alpha/sigma form; |eta| <= 1 keeps the square root real (the sign of c is immaterial).
                S eta = g.clamp(theta[q++], -1, 1);
                S ratio = g.div(alpha[i], alpha[i + 1]);
                S spread = g.sqrt(g.sub(g.constant(1), g.mul(ratio, ratio)));
                c[i] = g.mul(eta, g.mul(g.div(sigma[i + 1], sigma[i]), spread));
                a[i][i] = g.div(g.sqrt(g.sub(g.mul(sigma[i + 1], sigma[i + 1]), g.mul(c[i], c[i]))), sigma[i]);
                b[i][i] = g.sub(alpha[i + 1], g.mul(a[i][i], alpha[i]));
                continue;
            }
            // Free coefficients are DDIM's plus an offset in units of DDIM's own coefficient (a, b)
            // or of DDIM(eta = 1)'s noise (c): Adam's step is then relative for every step of the
            // chain, whose coefficients span two orders of magnitude.
            double[] ddim = init[i];
            for (int j = 0; j <= i; j++) {
                if (family.freeA(i, j)) {
                    a[i][j] = g.add(g.constant(j == i ? ddim[0] : 0), g.scale(theta[q++], ddim[0]));
                }
            }
            for (int j = 0; j <= i; j++) {
                if (family.freeB(i, j)) {
                    b[i][j] = g.add(g.constant(j == i ? ddim[1] : 0), g.scale(theta[q++], ddim[1]));
                }
            }
            c[i] = g.scale(theta[q++], ddim[2]);
        }
        S[] m = new S[k], s = new S[k];
        if (conversion == Conversion.SCHEDULE) {
            m = alpha;
            s = sigma;
        } else {
            // Theorem 1: track x_i = A_i x_0 + sum_r N_i[r] xi_r over the independent noises
            // (r = 0: the start's, r = i + 1: transition i's), taking p_j = x_0.
            S[][] noise = new S[k][k];
            m[0] = alpha[0];
            noise[0][0] = sigma[0];
            for (int r = 1; r < k; r++) {
                noise[0][r] = zero;
            }
            for (int i = 0; i < k - 1; i++) {
                List<S> mean = new ArrayList<>();
                for (int j = 0; j <= i; j++) {
                    mean.add(g.mul(a[i][j], m[j]));
                    mean.add(b[i][j]);
                }
                m[i + 1] = g.sum(mean);
                for (int r = 0; r < k; r++) {
                    List<S> terms = new ArrayList<>();
                    for (int j = 0; j <= i; j++) {
                        if (noise[j][r] != zero) {
                            terms.add(g.mul(a[i][j], noise[j][r]));
                        }
                    }
                    if (r == i + 1) {
                        terms.add(c[i]);
                    }
                    noise[i + 1][r] = terms.isEmpty() ? zero : g.sum(terms);
                }
            }
            for (int i = 0; i < k; i++) {
                List<S> sq = new ArrayList<>();
                for (int r = 0; r < k; r++) {
                    if (noise[i][r] != zero) {
                        sq.add(g.mul(noise[i][r], noise[i][r]));
                    }
                }
                s[i] = g.sqrt(g.sum(sq));
            }
        }
        return new Nodes(tau, m, s, a, b, c);
    }

    /** The chain's numbers as graph nodes; {@link #values()} reads them, {@link #seed} sends adjoints back. */
    public record Nodes(S[] tau, S[] m, S[] s, S[][] a, S[][] b, S[] c) {
        public Steps values() {
            Steps v = Steps.zeros(tau.length);
            for (int i = 0; i < tau.length; i++) {
                v.tau()[i] = tau[i].value();
                v.m()[i] = m[i].value();
                v.s()[i] = s[i].value();
            }
            for (int i = 0; i < c.length; i++) {
                v.c()[i] = c[i].value();
                for (int j = 0; j <= i; j++) {
                    v.a()[i][j] = a[i][j].value();
                    v.b()[i][j] = b[i][j].value();
                }
            }
            return v;
        }

        /** Places the adjoints {@code adj} of the chain's numbers on these nodes. */
        public void seed(Scalars g, Steps adj) {
            for (int i = 0; i < tau.length; i++) {
                g.seed(tau[i], adj.tau()[i]);
                g.seed(m[i], adj.m()[i]);
                g.seed(s[i], adj.s()[i]);
            }
            for (int i = 0; i < c.length; i++) {
                g.seed(c[i], adj.c()[i]);
                for (int j = 0; j <= i; j++) {
                    g.seed(a[i][j], adj.a()[i][j]);
                    g.seed(b[i][j], adj.b()[i][j]);
                }
            }
        }
    }

    /** The chain's numbers at parameters {@code theta}. */
    public Steps steps(double[] theta) {
        Scalars g = new Scalars();
        S[] leaves = new S[theta.length];
        for (int i = 0; i < theta.length; i++) {
            leaves[i] = g.leaf(theta[i]);
        }
        return nodes(g, leaves).values();
    }
}
