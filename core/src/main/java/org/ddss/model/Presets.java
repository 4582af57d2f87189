package org.ddss.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configurations the project trains and ships. {@link #DIGITS} is the embedded MNIST model:
 * small enough that a K=10 sampler search runs in minutes on two cores.
 */
public final class Presets {
    private Presets() {}

    /** 28x28 digits, 1 channel, (16, 32, 32) channels, one resnet per block, attention at 7x7. */
    public static final String DIGITS = """
            {"_class_name": "UNet2DModel", "sample_size": 28, "in_channels": 1, "out_channels": 1,
             "block_out_channels": [16, 32, 32], "layers_per_block": 1, "attention_head_dim": null,
             "down_block_types": ["DownBlock2D", "DownBlock2D", "AttnDownBlock2D"],
             "up_block_types": ["AttnUpBlock2D", "UpBlock2D", "UpBlock2D"],
             "norm_num_groups": 8, "norm_eps": 1e-5, "flip_sin_to_cos": true, "freq_shift": 0,
             "downsample_padding": 1, "act_fn": "silu", "time_embedding_type": "positional",
             "mid_block_scale_factor": 1, "center_input_sample": false}
            """;

    /** A preset by name ({@code digits}), or the architecture in a diffusers config.json file at that path. */
    public static UNetConfig byName(String name) throws IOException {
        if (name.equals("digits")) {
            return UNetConfig.parse(DIGITS);
        }
        Path file = Path.of(name);
        if (name.endsWith(".json") && Files.isRegularFile(file)) {
            return UNetConfig.read(file);
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (known: digits, or a config.json file)");
    }
}
