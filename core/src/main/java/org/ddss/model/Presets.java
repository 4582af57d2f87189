package org.ddss.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configurations the project trains, ships or measures. {@link #DIGITS} is the embedded MNIST
 * model: small enough that a K=10 sampler search runs in minutes on two cores.
 * {@link #DDPM_CIFAR10_32} is google/ddpm-cifar10-32's architecture, the field's reference model,
 * which tests and benchmarks build with random weights.
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

    /** google/ddpm-cifar10-32's {@code config.json} (35.7M parameters). */
    public static final String DDPM_CIFAR10_32 = """
            {"_class_name": "UNet2DModel", "act_fn": "silu", "attention_head_dim": null,
             "block_out_channels": [128, 256, 256, 256], "center_input_sample": false,
             "down_block_types": ["DownBlock2D", "AttnDownBlock2D", "DownBlock2D", "DownBlock2D"],
             "downsample_padding": 0, "flip_sin_to_cos": false, "freq_shift": 1, "in_channels": 3,
             "layers_per_block": 2, "mid_block_scale_factor": 1, "norm_eps": 1e-06, "norm_num_groups": 32,
             "out_channels": 3, "sample_size": 32, "time_embedding_type": "positional",
             "up_block_types": ["UpBlock2D", "UpBlock2D", "AttnUpBlock2D", "UpBlock2D"]}
            """;

    /**
     * The 256-pixel DDPMs' architecture (google/ddpm-church-256, -bedroom-256, -cat-256,
     * -celebahq-256 and their -ema variants; 113.7M parameters), as their {@code config.json}.
     */
    public static final String DDPM_256 = """
            {"_class_name": "UNet2DModel", "act_fn": "silu", "attention_head_dim": null,
             "block_out_channels": [128, 128, 256, 256, 512, 512], "center_input_sample": false,
             "down_block_types": ["DownBlock2D", "DownBlock2D", "DownBlock2D", "DownBlock2D", "AttnDownBlock2D", "DownBlock2D"],
             "downsample_padding": 0, "flip_sin_to_cos": false, "freq_shift": 1, "in_channels": 3,
             "layers_per_block": 2, "mid_block_scale_factor": 1, "norm_eps": 1e-06, "norm_num_groups": 32,
             "out_channels": 3, "sample_size": 256, "time_embedding_type": "positional",
             "up_block_types": ["UpBlock2D", "AttnUpBlock2D", "UpBlock2D", "UpBlock2D", "UpBlock2D", "UpBlock2D"]}
            """;

    /** The preset names {@link #byName} knows. */
    public static final String NAMES = "digits, ddpm-cifar10-32, ddpm-256";

    /** A preset by name ({@code digits}, {@code ddpm-cifar10-32}), or the architecture in a diffusers config.json file at that path. */
    public static UNetConfig byName(String name) throws IOException {
        if (name.equals("digits")) {
            return UNetConfig.parse(DIGITS);
        }
        if (name.equals("ddpm-cifar10-32")) {
            return UNetConfig.parse(DDPM_CIFAR10_32);
        }
        if (name.equals("ddpm-256")) {
            return UNetConfig.parse(DDPM_256);
        }
        Path file = Path.of(name);
        if (name.endsWith(".json") && Files.isRegularFile(file)) {
            return UNetConfig.read(file);
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + NAMES + ", or a config.json file)");
    }
}
