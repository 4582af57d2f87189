package org.ddss.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.io.AtomicFile;
import org.ddss.io.Json;

/**
 * The noise schedule a diffusers model was trained with, as its {@code scheduler_config.json}
 * records it (diffusers' {@code DDPMScheduler} and {@code DDIMScheduler} keys, with their
 * defaults for missing ones). The samplers' own options (variance, spacing, clipping) are not
 * read from it: the command line sets those. A model folder we write carries one, so that a
 * model trained on another schedule is never sampled with the default.
 */
public final class SchedulerConfig {
    /** The most training steps a schedule may have: 100 times the field's 1,000. */
    static final int MAX_STEPS = 100_000;

    /** The file name diffusers uses. */
    public static final String FILE = "scheduler_config.json";

    /** diffusers' schedulers over discrete betas, whose configs this reads; others (VE, flow matching) are refused. */
    private static final Set<String> BETA_SCHEDULERS = Set.of("DDPMScheduler", "DDIMScheduler", "GaussianDDPMScheduler",
            "PNDMScheduler", "DPMSolverMultistepScheduler", "DPMSolverSinglestepScheduler", "DEISMultistepScheduler",
            "UniPCMultistepScheduler", "EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler", "HeunDiscreteScheduler",
            "LMSDiscreteScheduler", "KDPM2DiscreteScheduler", "KDPM2AncestralDiscreteScheduler");

    private SchedulerConfig() {}

    /**
     * The scheduler config that goes with a model folder: {@code DIR/scheduler_config.json}
     * (the layout of google/ddpm-cifar10-32), else {@code DIR/../scheduler/scheduler_config.json}
     * when {@code DIR/..} is a pipeline (has {@code model_index.json}); null when there is neither.
     */
    public static Path locate(Path modelDir) {
        Path own = modelDir.resolve(FILE);
        if (Files.isRegularFile(own)) {
            return own;
        }
        Path parent = modelDir.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isRegularFile(parent.resolve("model_index.json"))) {
            return null;
        }
        Path pipeline = parent.resolve("scheduler").resolve(FILE);
        return Files.isRegularFile(pipeline) ? pipeline : null;
    }

    /**
     * The schedule of a model folder ({@link #locate}); the DDPM default
     * ({@link NoiseSchedule#ddpm()}, also diffusers' defaults) when the folder has no scheduler config.
     */
    public static NoiseSchedule ofModel(Path modelDir) throws IOException {
        return readOrDefault(locate(modelDir));
    }

    /**
     * The schedule of a config {@link #locate} found, or the DDPM default when it found none
     * (null): for callers that also need to know where the schedule came from.
     */
    public static NoiseSchedule readOrDefault(Path located) throws IOException {
        return located == null ? NoiseSchedule.ddpm() : read(located);
    }

    /** Reads a {@code scheduler_config.json}; a bad or unsupported one is an IOException naming the file. */
    public static NoiseSchedule read(Path file) throws IOException {
        return UNetConfig.readFile(file, SchedulerConfig::parse);
    }

    /** Parses a scheduler config's text. */
    public static NoiseSchedule parse(String json) {
        Map<?, ?> m = UNetConfig.jsonObject(json, FILE);
        String cls = UNetConfig.string(m, "_class_name", "DDPMScheduler");
        if (!BETA_SCHEDULERS.contains(cls)) {
            throw new IllegalArgumentException("_class_name = " + cls + " is not a scheduler over discrete betas");
        }
        // Older diffusers said sample prediction with predict_epsilon = false.
        if (Boolean.FALSE.equals(m.get("predict_epsilon"))) {
            throw new IllegalArgumentException("predict_epsilon = false is not supported (the samplers take epsilon predictions)");
        }
        if (Boolean.TRUE.equals(m.get("rescale_betas_zero_snr"))) {
            throw new IllegalArgumentException("rescale_betas_zero_snr = true is not supported");
        }
        String variance = UNetConfig.string(m, "variance_type", "fixed_small");
        if (variance.startsWith("learned")) {
            throw new IllegalArgumentException("variance_type = " + variance
                    + " is not supported (a model that predicts its variance outputs twice the channels)");
        }
        String prediction = UNetConfig.string(m, "prediction_type", "epsilon");
        if (!prediction.equals("epsilon")) {
            throw new IllegalArgumentException("prediction_type = " + prediction
                    + " is not supported (the samplers take epsilon predictions)");
        }
        Object trained = m.get("trained_betas");
        if (trained != null && trained != Json.NULL) {
            throw new IllegalArgumentException("trained_betas is not supported (only linear and squaredcos_cap_v2 schedules)");
        }
        // The first diffusers releases (GaussianDDPMScheduler) called the step count "timesteps".
        int steps = UNetConfig.integer(m, "num_train_timesteps", UNetConfig.integer(m, "timesteps", 1000));
        if (steps < 2 || steps > MAX_STEPS) {
            // Published DDPMs train on 1,000 steps; a table of a billion would not fit the heap.
            throw new IllegalArgumentException("num_train_timesteps = " + steps + " must be in [2, " + MAX_STEPS + "]");
        }
        String kind = UNetConfig.string(m, "beta_schedule", "linear");
        return switch (kind) {
            case "linear" -> NoiseSchedule.linear(steps, UNetConfig.real(m, "beta_start", 1e-4), UNetConfig.real(m, "beta_end", 0.02));
            case "squaredcos_cap_v2" -> NoiseSchedule.cosine(steps);
            default -> throw new IllegalArgumentException("beta_schedule = " + kind
                    + " is not supported (linear or squaredcos_cap_v2)");
        };
    }

    /** The config diffusers' {@code DDPMScheduler} reads back as {@code schedule}, for epsilon prediction. */
    public static String toJson(NoiseSchedule schedule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_class_name", "DDPMScheduler");
        m.putAll(schedule.diffusersKeys());
        m.put("prediction_type", "epsilon");
        m.put("clip_sample", true);
        m.put("variance_type", "fixed_small");
        return Json.write(m) + "\n";
    }

    /** Writes {@code dir/scheduler_config.json} atomically. */
    public static void write(NoiseSchedule schedule, Path dir) throws IOException {
        AtomicFile.write(dir.resolve(FILE), tmp -> Files.writeString(tmp, toJson(schedule), StandardCharsets.UTF_8));
    }
}
