package org.ddss.diffusion;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the standard samplers by name, as the CLI and the evaluation table name them. */
public final class Samplers {
    private Samplers() {}

    /** The names {@link #create} knows, for messages and help. */
    public static final String NAMES = "ddpm, ddpm-large, ddim, ddim-diffusers, dpmpp2m, dpmpp3m, ipndm[1-4], unipc[1-3][-bh1|-bh2][-fc]";

    private static final Pattern IPNDM = Pattern.compile("ipndm([1-4])?"),
            UNIPC = Pattern.compile("unipc([1-3])?(?:-(bh1|bh2))?(-fc)?");

    /**
     * {@code ddpm} (fixed_small; {@code ddpm-large} for fixed_large), {@code ddim} (with eta),
     * {@code dpmpp2m}, {@code dpmpp3m}, {@code ipndm} (order 4, or {@code ipndm1}..{@code ipndm3}),
     * {@code unipc} (diffusers' defaults: order 2, bh2; {@code unipc3-bh1} is order 3 with bh1,
     * {@code -fc} adds the final corrector's model call); K steps placed by {@code spacing}.
     */
    public static Sampler create(String kind, NoiseSchedule schedule, Spacing spacing, int k, double eta, boolean clip) {
        if (k < 1 || k > schedule.steps()) {
            throw new IllegalArgumentException("steps must be in [1, " + schedule.steps() + "], got " + k);
        }
        return switch (kind) {
            case "ddpm" -> Ddpm.of(schedule, spacing, k, false, clip);
            case "ddpm-large" -> Ddpm.of(schedule, spacing, k, true, clip);
            case "ddim" -> Ddim.of(schedule, spacing, k, eta, clip);
            case "ddim-diffusers" -> Ddim.diffusers(schedule, spacing, k, eta, clip);
            case "dpmpp2m" -> DpmSolverPP.of(schedule, spacing, k, 2, clip);
            case "dpmpp3m" -> DpmSolverPP.of(schedule, spacing, k, 3, clip);
            default -> {
                Matcher ip = IPNDM.matcher(kind), uni = UNIPC.matcher(kind);
                if (ip.matches()) {
                    yield Ipndm.of(schedule, spacing, k, ip.group(1) == null ? 4 : Integer.parseInt(ip.group(1)), clip);
                }
                if (uni.matches()) {
                    yield UniPc.of(schedule, spacing, k, uni.group(1) == null ? 2 : Integer.parseInt(uni.group(1)),
                            "bh1".equals(uni.group(2)) ? UniPc.Variant.BH1 : UniPc.Variant.BH2, uni.group(3) != null, clip);
                }
                throw new IllegalArgumentException("unknown sampler '" + kind + "' (" + NAMES + ")");
            }
        };
    }
}
