package org.ddss.search;

import java.util.Locale;

/**
 * The sampler families DDSS searches over (Watson et al. 2022, "Learning Fast Samplers for
 * Diffusion Models by Differentiating Through Sample Quality", §4; DESIGN.md §1). Every
 * transition is {@code x_{i+1} = sum_j a_ij x_j + sum_j b_ij p_j + c_i z_i} over the states
 * {@code x_j} and data predictions {@code p_j} produced so far (j <= i); the families differ in
 * which coefficients are free.
 */
public enum Family {
    /** DDIM with a learned eta per step: a, b and c follow DDIM's closed form at the (learned) times. */
    DDIM_ETA("ddim-eta"),
    /** Relaxed DDIM: {@code a_ii, b_ii, c_i} free per step. */
    RDDIM("rddim"),
    /** Generalized Gaussian diffusion: every {@code a_ij} (j <= i) free, plus {@code b_ii} and {@code c_i}. */
    GGDM("ggdm"),
    /** GGDM with every {@code b_ij} (j <= i) free too: a learned multistep method. */
    GGDM_PRED("ggdm+pred");

    private final String id;

    Family(String id) {
        this.id = id;
    }

    /** The name used on the command line and in sampler files. */
    public String id() {
        return id;
    }

    /** The id, as the command line takes it. */
    @Override
    public String toString() {
        return id();
    }

    /** Whether {@code a_ij} is a free parameter. */
    boolean freeA(int i, int j) {
        return this == GGDM || this == GGDM_PRED || (this == RDDIM && i == j);
    }

    /** Whether {@code b_ij} is a free parameter. */
    boolean freeB(int i, int j) {
        return this == GGDM_PRED || ((this == RDDIM || this == GGDM) && i == j);
    }

    /** Parses an id ({@code ddim-eta}, {@code rddim}, {@code ggdm}, {@code ggdm+pred}), case-insensitively. */
    public static Family parse(String s) {
        for (Family f : values()) {
            if (f.id.equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown family '" + s + "' (ddim-eta, rddim, ggdm, ggdm+pred)");
    }
}
