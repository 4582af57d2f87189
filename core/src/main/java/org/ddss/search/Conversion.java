package org.ddss.search;

import java.util.Locale;

/** How a learned chain turns the noise prediction into the data prediction {@code p = (x - s e) / m}. */
public enum Conversion {
    /**
     * With the marginals {@code q(x_i | x_0) = N(A_i x_0, V_i I)} that the chain's own
     * coefficients imply (the paper's Theorem 1): {@code m = A_i, s = sqrt(V_i)}. The default.
     */
    MARGINALS,
    /** With the schedule at the step's time: {@code m = alpha(tau_i), s = sigma(tau_i)}. */
    SCHEDULE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The id, as the command line takes it. */
    @Override
    public String toString() {
        return id();
    }

    public static Conversion parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown conversion '" + s + "' (marginals, schedule)");
        }
    }
}
