package org.ddss.search;

import java.util.Locale;

/**
 * The training-free sampler a search starts from: step 0 of the search samples exactly as it
 * does (to rounding), at the trailing times.
 */
public enum Init {
    /** DDIM(eta = 0), every family's starting point in the paper (DESIGN.md §1). The default. */
    DDIM,
    /**
     * DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2), a two-step method: only GGDM+PRED, whose
     * transitions may mix the previous data prediction, contains it.
     */
    DPMPP2M;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Init parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown initial sampler '" + s + "' (ddim, dpmpp2m)");
        }
    }
}
