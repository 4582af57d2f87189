package org.ddss.diffusion;

import java.util.Arrays;

/**
 * How a K-step sampler places its times {@code tau_K > ... > tau_1} on a schedule of T
 * training steps. The integer spacings give exactly the lists diffusers' {@code timestep_spacing}
 * gives (NumPy's arithmetic, rounding half to even), which differ between its scheduler families
 * ({@link Scheduler}); quadratic is the DDIM paper's; logSNR-uniform (Lu et al. 2022,
 * DPM-Solver) places real times with {@code lambda} evenly spaced; {@link #explicit} takes a list.
 */
public sealed interface Spacing {

    /**
     * Which diffusers schedulers' lists the names follow: DDIM's and DDPM's place K points;
     * the multistep solvers' (DPM-Solver++, UniPC) place K + 1 and drop the last, so their
     * {@code linspace} and {@code leading} lists differ from DDIM's ({@code trailing} is shared).
     */
    enum Scheduler {
        DDIM, MULTISTEP
    }

    /** The K times, descending, each in {@code [0, T-1]}, as DDIM's scheduler places them. */
    double[] times(NoiseSchedule schedule, int k);

    /** The K times as the given scheduler family places them. */
    default double[] times(NoiseSchedule schedule, int k, Scheduler scheduler) {
        return times(schedule, k);
    }

    /** NumPy's {@code linspace(0, stop, num)}: {@code i * (stop/(num-1))}, the last exactly {@code stop}. */
    private static double linspace(double stop, int num, int i) {
        return num == 1 ? 0 : i == num - 1 ? stop : i * (stop / (num - 1));
    }

    /**
     * {@code round(linspace(0, T-1, K))}, descending (diffusers "linspace"); the multistep
     * schedulers take K + 1 such points and drop the last (0).
     */
    record Uniform() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            return times(s, k, Scheduler.DDIM);
        }

        @Override
        public double[] times(NoiseSchedule s, int k, Scheduler scheduler) {
            int n = scheduler == Scheduler.DDIM ? k : k + 1;
            double[] t = new double[k];
            for (int j = 0; j < k; j++) {
                t[j] = k == 1 && n == 1 ? s.tMax() : Math.rint(linspace(s.tMax(), n, n - 1 - j));
            }
            return t;
        }
    }

    /**
     * {@code (0, r, 2r, ...)} descending with {@code r = T // K}, the DDIM paper's default
     * (diffusers "leading"); the multistep schedulers take {@code r = T // (K+1)} and K + 1 points,
     * dropping the last (0).
     */
    record Leading() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            return times(s, k, Scheduler.DDIM);
        }

        @Override
        public double[] times(NoiseSchedule s, int k, Scheduler scheduler) {
            boolean ddim = scheduler == Scheduler.DDIM;
            int step = s.steps() / (ddim ? k : k + 1);
            double[] t = new double[k];
            for (int j = 0; j < k; j++) {
                t[j] = (double) (ddim ? k - 1 - j : k - j) * step;
            }
            return t;
        }
    }

    /**
     * {@code round(arange(T, 0, -T/K)) - 1}: starts at T-1 (diffusers "trailing", the same in
     * every scheduler), with NumPy's arange arithmetic ({@code T + j delta}, {@code delta} the
     * first two values' difference) so .5 ties round as NumPy rounds them (half to even).
     */
    record Trailing() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            double start = s.steps(), delta = (start + -(start / k)) - start;
            double[] t = new double[k];
            for (int j = 0; j < k; j++) {
                t[j] = Math.rint(start + j * delta) - 1;
            }
            return t;
        }
    }

    /** {@code floor(linspace(0, sqrt(0.8 T), K)^2)}, descending (DDIM paper, its CIFAR-10 choice). */
    record Quadratic() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            double top = Math.sqrt(0.8 * s.steps());
            double[] t = new double[k];
            for (int i = 0; i < k; i++) {
                double u = k == 1 ? top : top * i / (k - 1);
                t[k - 1 - i] = Math.floor(u * u);
            }
            return t;
        }
    }

    /** Real times with {@code lambda(t)} evenly spaced from {@code lambda(T-1)} to {@code lambda(0)}. */
    record LogSnr() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            double hi = s.lambda(0), lo = s.lambda(s.tMax());
            double[] t = new double[k];
            for (int j = 0; j < k; j++) {
                t[j] = j == 0 ? s.tMax() : j == k - 1 ? 0 : s.timeOfLambda(lo + (hi - lo) * j / (k - 1));
            }
            return t;
        }
    }

    /** Given times; checked to be strictly descending and within the schedule. */
    record Explicit(double[] list) implements Spacing {
        public Explicit {
            list = list.clone();
        }

        @Override
        public double[] times(NoiseSchedule s, int k) {
            if (list.length != k) {
                throw new IllegalArgumentException(list.length + " explicit times for " + k + " steps");
            }
            for (int i = 0; i < list.length; i++) {
                if (!(list[i] >= 0 && list[i] <= s.tMax()) || (i > 0 && !(list[i] < list[i - 1]))) {
                    throw new IllegalArgumentException("explicit times " + Arrays.toString(list)
                            + " must be strictly descending within [0, " + s.tMax() + "]");
                }
            }
            return list.clone();
        }
    }

    /**
     * EDM's step placement (Karras et al. 2022, eq. 5): noise levels
     * {@code sigma_i = (smax^(1/rho) + i/(K-1) (smin^(1/rho) - smax^(1/rho)))^rho} between the
     * schedule's largest and smallest VE noise level ({@code sigma/alpha} at T-1 and 0), each at
     * the real time with that level.
     */
    record Edm(double rho) implements Spacing {
        public Edm {
            if (!(rho > 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("EDM's rho must be a positive number, got " + rho);
            }
        }

        @Override
        public double[] times(NoiseSchedule s, int k) {
            double hi = Math.pow(s.veSigma(s.tMax()), 1 / rho), lo = Math.pow(s.veSigma(0), 1 / rho);
            double[] t = new double[k];
            for (int j = 0; j < k; j++) {
                t[j] = j == 0 ? s.tMax() : j == k - 1 ? 0 : s.timeOfLambda(-Math.log(Math.pow(hi + (double) j / (k - 1) * (lo - hi), rho)));
            }
            return t;
        }
    }

    /**
     * Given VE noise levels ({@code sigma/alpha}, descending; a final 0, as ComfyUI's
     * {@code SIGMAS} and published lists end, is dropped), each placed at the real time with that
     * level; they must lie within the schedule's range.
     */
    record Sigmas(double[] list) implements Spacing {
        public Sigmas {
            list = list.length > 0 && list[list.length - 1] == 0 ? Arrays.copyOf(list, list.length - 1) : list.clone();
        }

        @Override
        public double[] times(NoiseSchedule s, int k) {
            if (list.length != k) {
                throw new IllegalArgumentException(list.length + " noise levels (sigmas) for " + k + " steps");
            }
            double max = s.veSigma(s.tMax()), min = s.veSigma(0);
            double[] t = new double[k];
            for (int i = 0; i < k; i++) {
                if (!(list[i] >= min * (1 - 1e-9) && list[i] <= max * (1 + 1e-9)) || (i > 0 && !(list[i] < list[i - 1]))) {
                    throw new IllegalArgumentException("sigmas " + Arrays.toString(list) + " must be strictly descending within ["
                            + (float) min + ", " + (float) max + "], this schedule's noise levels");
                }
                t[i] = Math.min(s.tMax(), Math.max(0, s.timeOfLambda(-Math.log(list[i]))));
            }
            return t;
        }
    }

    static Spacing explicit(double... times) {
        return new Explicit(times);
    }

    /**
     * Parses {@code linspace} (or {@code uniform}), {@code leading}, {@code trailing},
     * {@code quadratic}, {@code logsnr}, {@code edm} (rho 7) or {@code edm:RHO}, a comma-separated
     * list of times, or {@code times:LIST} / {@code sigmas:LIST}, where LIST is comma-separated
     * numbers or a file of numbers (separated by commas, spaces or lines; {@code #} starts a comment).
     */
    static Spacing parse(String s) {
        if (s.startsWith("edm:")) {
            return new Edm(number(s.substring(4), "EDM's rho"));
        }
        if (s.startsWith("times:")) {
            return new Explicit(list(s.substring(6)));
        }
        if (s.startsWith("sigmas:")) {
            return new Sigmas(list(s.substring(7)));
        }
        return switch (s) {
            case "linspace", "uniform" -> new Uniform();
            case "leading" -> new Leading();
            case "trailing" -> new Trailing();
            case "quadratic" -> new Quadratic();
            case "logsnr" -> new LogSnr();
            case "edm" -> new Edm(7);
            default -> {
                try {
                    yield explicit(numbers(s));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown spacing '" + s + "' (linspace, leading, trailing, quadratic, logsnr, "
                            + "edm[:RHO], a comma-separated list of times, or times:/sigmas: with a list or a file)");
                }
            }
        };
    }

    private static double number(String v, String what) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + v + "' is not a number");
        }
    }

    /** Numbers inline, or from the file of that name. */
    private static double[] list(String v) {
        try {
            return numbers(v);
        } catch (NumberFormatException notInline) {
            java.nio.file.Path file = java.nio.file.Path.of(v);
            String text;
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("'" + v + "' is neither a list of numbers nor a readable file (" + e.getMessage() + ")");
            }
            try {
                return numbers(text.replaceAll("#[^\n]*", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage() + " is not a number");
            }
        }
    }

    private static double[] numbers(String text) {
        double[] v = Arrays.stream(text.trim().split("[,\\s]+")).filter(x -> !x.isEmpty()).mapToDouble(Double::parseDouble).toArray();
        if (v.length == 0) {
            throw new NumberFormatException("an empty list");
        }
        return v;
    }
}
