package org.ddss.diffusion;

/** Builds the standard samplers by name, as the CLI and the evaluation table name them. */
public final class Samplers {
    private Samplers() {}

    /**
     * {@code ddpm} (fixed_small; {@code ddpm-large} for fixed_large), {@code ddim} (with eta),
     * {@code dpmpp2m}; K steps placed by {@code spacing}.
     */
    public static Sampler create(String kind, NoiseSchedule schedule, Spacing spacing, int k, double eta, boolean clip) {
        if (k < 1 || k > schedule.steps()) {
            throw new IllegalArgumentException("steps must be in [1, " + schedule.steps() + "], got " + k);
        }
        return switch (kind) {
            case "ddpm" -> Ddpm.of(schedule, spacing, k, false, clip);
            case "ddpm-large" -> Ddpm.of(schedule, spacing, k, true, clip);
            case "ddim" -> Ddim.of(schedule, spacing, k, eta, clip);
            case "dpmpp2m" -> DpmSolverPP2M.of(schedule, spacing, k, clip);
            default -> throw new IllegalArgumentException("unknown sampler '" + kind + "' (ddpm, ddpm-large, ddim, dpmpp2m)");
        };
    }
}
