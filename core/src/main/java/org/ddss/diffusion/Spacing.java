package org.ddss.diffusion;

import java.util.Arrays;

/**
 * How a K-step sampler places its times {@code tau_K > ... > tau_1} on a schedule of T
 * training steps. The integer spacings follow diffusers' {@code timestep_spacing} (and the DDIM
 * paper for quadratic); logSNR-uniform (Lu et al. 2022, DPM-Solver) places real times with
 * {@code lambda} evenly spaced; {@link #explicit} takes a list.
 */
public sealed interface Spacing {

    /** The K times, descending, each in {@code [0, T-1]}. */
    double[] times(NoiseSchedule schedule, int k);

    /** {@code round(linspace(0, T-1, K))}, descending (diffusers "linspace"). */
    record Uniform() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            double[] t = new double[k];
            for (int i = 0; i < k; i++) {
                t[k - 1 - i] = Math.round(k == 1 ? s.tMax() : s.tMax() * i / (k - 1));
            }
            return t;
        }
    }

    /** {@code (0, T/K, 2T/K, ...)} descending, the DDIM paper's default (diffusers "leading"). */
    record Leading() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            int step = s.steps() / k;
            double[] t = new double[k];
            for (int i = 0; i < k; i++) {
                t[k - 1 - i] = (double) i * step;
            }
            return t;
        }
    }

    /** {@code round(T - j T/K) - 1} for j = 0..K-1: starts at T-1 (diffusers "trailing"). */
    record Trailing() implements Spacing {
        @Override
        public double[] times(NoiseSchedule s, int k) {
            double[] t = new double[k];
            for (int j = 0; j < k; j++) {
                t[j] = Math.round(s.steps() - (double) j * s.steps() / k) - 1;
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

    static Spacing explicit(double... times) {
        return new Explicit(times);
    }

    /** Parses {@code linspace|uniform, leading, trailing, quadratic, logsnr}, or a comma-separated list. */
    static Spacing parse(String s) {
        return switch (s) {
            case "linspace", "uniform" -> new Uniform();
            case "leading" -> new Leading();
            case "trailing" -> new Trailing();
            case "quadratic" -> new Quadratic();
            case "logsnr" -> new LogSnr();
            default -> {
                try {
                    yield explicit(Arrays.stream(s.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown spacing '" + s
                            + "' (linspace, leading, trailing, quadratic, logsnr, or a comma-separated list of times)");
                }
            }
        };
    }
}
