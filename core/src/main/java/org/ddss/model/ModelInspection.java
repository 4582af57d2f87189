package org.ddss.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ddss.diffusion.NoiseSchedule;

/**
 * What {@code ddss model info} reports about a diffusers folder: its configuration (when it
 * parses), the parameter count the configuration implies, and every problem found while
 * loading it. Never throws for a bad folder: problems are the result.
 *
 * @param config     the parsed configuration, or null when config.json is missing or invalid
 * @param parameters parameters the configuration implies (0 without a configuration)
 * @param tensors    tensors the configuration implies
 * @param schedule   the noise schedule the folder's scheduler config names ({@link SchedulerConfig#ofModel}),
 *                   null when that config is unreadable or unsupported
 * @param scheduleFrom the scheduler config read, or null when the DDPM default applies
 * @param problems   empty when the folder loads cleanly
 */
public record ModelInspection(Path dir, UNetConfig config, long parameters, int tensors, NoiseSchedule schedule,
                              Path scheduleFrom, List<String> problems) {

    public static ModelInspection of(Path dir) {
        List<String> problems = new ArrayList<>();
        UNetConfig config = null;
        long params = 0;
        int tensors = 0;
        try {
            UNet2DModel.requireFolder(dir);
            config = UNetConfig.parse(Files.readString(dir.resolve(UNet2DModel.CONFIG), StandardCharsets.UTF_8));
            for (UNet2DModel.ParamSpec s : UNet2DModel.specs(config)) {
                long n = 1;
                for (int d : s.torchShape()) {
                    n *= d;
                }
                params += n;
                tensors++;
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.add(e instanceof IOException && Files.isRegularFile(dir.resolve(UNet2DModel.CONFIG))
                    ? "cannot read " + UNet2DModel.CONFIG + ": " + e.getMessage() : e.getMessage());
        }
        if (config != null) {
            int[] shape = UNet2DModel.sampleShape(config);
            int h = shape[0], w = shape[1];
            try {
                org.ddss.tensor.NativeMemory.requireAffordable(UNet2DModel.largestTensorBytes(config, 1, h, w),
                        "one model call at " + h + "x" + w);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            try (UNet2DModel m = UNet2DModel.load(dir)) {
                params = m.parameterCount();
            } catch (IOException | RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        Path from = SchedulerConfig.locate(dir);
        NoiseSchedule schedule = null;
        try {
            schedule = SchedulerConfig.readOrDefault(from);
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        return new ModelInspection(dir, config, params, tensors, schedule, from, List.copyOf(problems));
    }
}
