package org.ddss.search;

import java.util.Locale;

/**
 * The training-free sampler a search starts from: step 0 of the search samples exactly as it
 * does (to rounding), at the trailing times. DDIM is every family's start; the multistep solvers
 * need GGDM+PRED, whose transitions may mix earlier data predictions.
 */
public enum Init {
    /**
     * DDIM(eta = 0), every family's starting point in the paper (DESIGN.md §1); the default for the
     * families that do not contain DPM-Solver++(2M).
     */
    DDIM,
    /**
     * DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2), a two-step method: only GGDM+PRED, whose
     * transitions may mix the previous data prediction, contains it; the default there.
     */
    DPMPP2M,
    /** DPM-Solver++(3M) with diffusers' order rules. */
    DPMPP3M,
    /** iPNDM of order 4 (its Adams-Bashforth steps mix up to four earlier states and predictions). */
    IPNDM,
    /**
     * UniPC with diffusers' defaults (bh2, order 2), its corrector included: a corrected state is
     * a combination of the previous state and the data predictions, so the chain holds it.
     */
    UNIPC,
    /** UniPC with B(h) = h (bh1), which its paper recommends below 10 steps for unconditional models. */
    UNIPC_BH1;

    /** The name {@link org.ddss.diffusion.Samplers#create} knows this sampler by. */
    public String sampler() {
        return id();
    }

    /** Whether {@code family} contains this sampler, so that a search in it can start here. */
    public boolean isIn(Family family) {
        return this == DDIM || family == Family.GGDM_PRED;
    }

    /**
     * DPM-Solver++(2M) where the family contains it, else DDIM: from DPM-Solver++ the learned
     * sampler beat it on the held-out classifier at K = 10 and 20 over two search seeds each, which
     * the paper's DDIM start did not (README, "The search").
     */
    public static Init defaultFor(Family family) {
        return DPMPP2M.isIn(family) ? DPMPP2M : DDIM;
    }

    /**
     * The default peak learning rate of a search from here: smaller from the multistep solvers,
     * which start close to a good sampler; at 0.005 a K = 20 search from it walked away from its start
     * (validation KID 0.24 to 0.41), at 0.001 it descended (README, "The search").
     */
    public double defaultLearningRate() {
        return this == DDIM ? 0.005 : 0.001;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The id, as the command line takes it. */
    @Override
    public String toString() {
        return id();
    }

    public static Init parse(String s) {
        for (Init i : values()) {
            if (i.id().equalsIgnoreCase(s)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initial sampler '" + s + "' (ddim, dpmpp2m, dpmpp3m, ipndm, unipc, unipc-bh1)");
    }
}
