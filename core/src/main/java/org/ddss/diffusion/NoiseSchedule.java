package org.ddss.diffusion;

/**
 * A discrete variance-preserving noise schedule (DDPM, Ho et al. 2020): betas over T training
 * steps, {@code abar_t = prod_{s<=t} (1 - beta_s)}, {@code q(x_t | x) = N(alpha_t x, sigma_t^2 I)}
 * with {@code alpha_t = sqrt(abar_t)}, {@code sigma_t = sqrt(1 - abar_t)}.
 *
 * <p>Continuous view: at a real time {@code t} in {@code [0, T-1]}, {@code log abar} is
 * interpolated linearly between the neighbouring integer steps, so alpha, sigma and their
 * derivatives exist everywhere (piecewise; the derivative at an integer is the one of the
 * segment above it, except at T-1). Samplers with learned times call the model at such t.
 */
public final class NoiseSchedule implements java.io.Serializable {
    private final String name;
    private final java.util.Map<String, Object> diffusers;
    private final double[] logAbar;

    private NoiseSchedule(String name, java.util.Map<String, Object> diffusers, double[] betas) {
        this.name = name;
        this.diffusers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(diffusers));
        logAbar = new double[betas.length];
        double acc = 0;
        for (int i = 0; i < betas.length; i++) {
            if (!(betas[i] > 0 && betas[i] < 1)) {
                throw new IllegalArgumentException("beta_" + i + " = " + betas[i] + " is outside (0, 1)");
            }
            acc += Math.log1p(-betas[i]);
            logAbar[i] = acc;
        }
    }

    /**
     * The DDPM linear schedule: betas evenly spaced from {@code start} to {@code end} over
     * {@code T} steps, computed in float32 as {@code torch.linspace} does (diffusers'
     * {@code beta_schedule="linear"}). The DDPM default is (1000, 1e-4, 0.02).
     */
    public static NoiseSchedule linear(int T, double start, double end) {
        requireSteps(T);
        double[] b = new double[T];
        float s = (float) start, e = (float) end, step = (e - s) / Math.max(T - 1, 1);
        for (int i = 0; i < T; i++) {
            b[i] = i < T / 2 ? s + step * i : e - step * (T - 1 - i);
        }
        var d = new java.util.LinkedHashMap<String, Object>();
        d.put("beta_schedule", "linear");
        // As decimals, so that the written config says 0.0001 as diffusers' do.
        d.put("beta_start", java.math.BigDecimal.valueOf(start).stripTrailingZeros());
        d.put("beta_end", java.math.BigDecimal.valueOf(end).stripTrailingZeros());
        d.put("num_train_timesteps", T);
        return new NoiseSchedule("linear(" + T + ", " + start + ", " + end + ")", d, b);
    }

    /** The DDPM default: {@code linear(1000, 1e-4, 0.02)}. */
    public static NoiseSchedule ddpm() {
        return linear(1000, 1e-4, 0.02);
    }

    /**
     * The cosine schedule (Nichol & Dhariwal 2021, eq. 17; diffusers' {@code squaredcos_cap_v2}):
     * {@code abar(t) = f(t)/f(0)}, {@code f(t) = cos^2(((t/T) + s)/(1 + s) pi/2)}, s = 0.008,
     * betas clipped at 0.999.
     */
    public static NoiseSchedule cosine(int T) {
        requireSteps(T);
        double[] b = new double[T];
        for (int i = 0; i < T; i++) {
            b[i] = Math.min(1 - cosF((i + 1.0) / T) / cosF((double) i / T), 0.999);
        }
        var d = new java.util.LinkedHashMap<String, Object>();
        d.put("beta_schedule", "squaredcos_cap_v2");
        d.put("num_train_timesteps", T);
        return new NoiseSchedule("cosine(" + T + ")", d, b);
    }

    private static void requireSteps(int T) {
        if (T < 1) {
            throw new IllegalArgumentException("a noise schedule needs at least one step, not " + T);
        }
    }

    /**
     * The schedule a {@link #toString()} names: {@code linear(T, start, end)} or {@code cosine(T)};
     * also {@code linear} for {@link #ddpm()} and {@code cosine} for {@code cosine(1000)}.
     */
    public static NoiseSchedule parse(String name) {
        switch (name.trim()) {
            case "linear" -> {
                return ddpm();
            }
            case "cosine" -> {
                return cosine(1000);
            }
            default -> { }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\s*(linear|cosine)\\(([^)]*)\\)\\s*").matcher(name);
        if (m.matches()) {
            String[] a = m.group(2).split(",");
            try {
                if (m.group(1).equals("linear") && a.length == 3) {
                    return linear(Integer.parseInt(a[0].trim()), Double.parseDouble(a[1].trim()), Double.parseDouble(a[2].trim()));
                }
                if (m.group(1).equals("cosine") && a.length == 1) {
                    return cosine(Integer.parseInt(a[0].trim()));
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown noise schedule '" + name
                + "' (linear, cosine, linear(T, start, end) or cosine(T))");
    }

    private static double cosF(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /**
     * The keys of diffusers' scheduler configs that define this schedule ({@code beta_schedule},
     * {@code num_train_timesteps} and, for the linear one, {@code beta_start} and {@code beta_end}).
     */
    public java.util.Map<String, Object> diffusersKeys() {
        return diffusers;
    }

    /** The number of training steps T; valid times are {@code [0, T-1]}. */
    public int steps() {
        return logAbar.length;
    }

    /** The largest valid time, T - 1. */
    public double tMax() {
        return logAbar.length - 1;
    }

    /** {@code log abar(t)}, linear between integer steps. */
    public double logAbar(double t) {
        check(t);
        int i = (int) Math.min(Math.floor(t), logAbar.length - 2);
        if (logAbar.length == 1) {
            return logAbar[0];
        }
        double f = t - i;
        return logAbar[i] + f * (logAbar[i + 1] - logAbar[i]);
    }

    /** {@code d log abar / dt}: the slope of the segment t lies on. */
    public double dLogAbar(double t) {
        check(t);
        if (logAbar.length == 1) {
            return 0;
        }
        int i = (int) Math.min(Math.floor(t), logAbar.length - 2);
        return logAbar[i + 1] - logAbar[i];
    }

    public double abar(double t) {
        return Math.exp(logAbar(t));
    }

    /** {@code alpha(t) = sqrt(abar(t))}. */
    public double alpha(double t) {
        return Math.exp(0.5 * logAbar(t));
    }

    /** {@code sigma(t) = sqrt(1 - abar(t))}. */
    public double sigma(double t) {
        return Math.sqrt(-Math.expm1(logAbar(t)));
    }

    /** {@code d alpha / dt = alpha/2 * d log abar/dt}. */
    public double dAlpha(double t) {
        return 0.5 * alpha(t) * dLogAbar(t);
    }

    /** {@code d sigma / dt = -abar/(2 sigma) * d log abar/dt}. */
    public double dSigma(double t) {
        return -abar(t) * dLogAbar(t) / (2 * sigma(t));
    }

    /** The VE noise level {@code sigma(t)/alpha(t)} (EDM's sigma; ComfyUI's {@code SIGMAS}). */
    public double veSigma(double t) {
        return sigma(t) / alpha(t);
    }

    /** Half the log signal-to-noise ratio, {@code lambda(t) = log(alpha/sigma)}; decreasing in t. */
    public double lambda(double t) {
        double la = logAbar(t);
        return 0.5 * la - 0.5 * Math.log(-Math.expm1(la));
    }

    /** The time at which {@link #lambda} equals {@code l} (bisection; l within the schedule's range). */
    public double timeOfLambda(double l) {
        double lo = 0, hi = tMax();
        if (l >= lambda(lo)) {
            return lo;
        }
        if (l <= lambda(hi)) {
            return hi;
        }
        for (int k = 0; k < 100; k++) {
            double mid = 0.5 * (lo + hi);
            if (lambda(mid) > l) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private void check(double t) {
        if (!(t >= 0 && t <= logAbar.length - 1)) {
            throw new IllegalArgumentException("time " + t + " is outside [0, " + (logAbar.length - 1) + "] of " + name);
        }
    }

    /** Schedules are equal when their log abar tables are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseSchedule other && java.util.Arrays.equals(logAbar, other.logAbar);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(logAbar);
    }

    @Override
    public String toString() {
        return name;
    }
}
