package org.ddss.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.io.SafeTensors;
import org.ddss.io.WeightFile;
import org.ddss.tensor.Tensor;

/** Converting published weights (PyTorch checkpoints) into the safetensors files this project maps. */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * Writes the float tensors of a weights file ({@code .bin}, {@code .pth}, {@code .ckpt} or
     * safetensors) as float32 safetensors; returns the tensors' names.
     */
    public static List<String> toSafeTensors(Path in, Path out) throws IOException {
        try (WeightFile w = WeightFile.open(in)) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String n : w.names()) {
                tensors.put(n, w.tensor(n));
            }
            SafeTensors.write(out, tensors, Map.of("format", "pt", "converted_from", in.getFileName().toString()));
            return w.names();
        }
    }

    /**
     * Converts a diffusers model folder: its weights ({@link UNet2DModel#WEIGHTS} or
     * {@link UNet2DModel#TORCH_WEIGHTS}) to {@code out/}{@link UNet2DModel#WEIGHTS}, with its
     * {@code config.json} and, where it has one, {@code scheduler_config.json} copied beside; the
     * result is checked by loading it. Returns the weights file written.
     */
    public static Path convertFolder(Path in, Path out) throws IOException {
        UNet2DModel.requireFolder(in);
        Path config = in.resolve(UNet2DModel.CONFIG);
        Path weights = in.resolve(UNet2DModel.WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            weights = in.resolve(UNet2DModel.TORCH_WEIGHTS);
        }
        if (!Files.isRegularFile(weights)) {
            throw new IOException(in + " has neither " + UNet2DModel.WEIGHTS + " nor " + UNet2DModel.TORCH_WEIGHTS);
        }
        Files.createDirectories(out);
        Path written = out.resolve(UNet2DModel.WEIGHTS);
        toSafeTensors(weights, written);
        Files.copy(config, out.resolve(UNet2DModel.CONFIG), StandardCopyOption.REPLACE_EXISTING);
        Path scheduler = in.resolve(SchedulerConfig.FILE);
        if (Files.isRegularFile(scheduler)) {
            Files.copy(scheduler, out.resolve(SchedulerConfig.FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        try (UNet2DModel check = UNet2DModel.load(out)) {
            return written;
        }
    }
}
