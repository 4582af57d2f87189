package org.ddss.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Dataset;
import org.ddss.data.Mnist;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.features.DigitClassifier;
import org.ddss.model.Presets;
import org.ddss.model.SchedulerConfig;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.tensor.TensorArena;
import org.ddss.train.ClassifierTrainer;
import org.ddss.train.DdpmTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddss train model}: DDPM training of a UNet2DModel on the embedded digits. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train models.",
        subcommands = {TrainCommand.Model.class, TrainCommand.Classifier.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand (try 'ddss train model --help')");
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
            description = "DDPM epsilon-prediction training (uniform t, MSE) with Adam, warm-up, gradient clipping and EMA, "
                    + "on the embedded MNIST training split. Checkpoints atomically into --out; --resume continues "
                    + "a stopped run exactly. Writes the EMA weights as a diffusers folder to OUT/ema.",
            footer = {"%nExamples:",
                "  ddss train model --out run1   # the digits recipe, about 2 h",
                "  ddss train model --out run1 --resume   # continue it",
                "  ddss train model --out ft --init run1/ema --steps 2000   # fine-tune"})
    static final class Model implements Callable<Integer>, OptionGroups.Grouped {
        @Override
        public java.util.Map<String, java.util.List<String>> optionGroups() {
            java.util.Map<String, java.util.List<String>> g = new java.util.LinkedHashMap<>();
            g.put("What to train", java.util.List.of("--out", "--preset", "--init", "--schedule", "--resume"));
            g.put("Optimisation", java.util.List.of("--steps", "--batch", "--lr", "--warmup", "--lr-floor", "--p2-gamma", "--clip",
                    "--ema", "--seed", "--flips", "--checkpoint-every"));
            return g;
        }

        @Option(names = "--preset", defaultValue = "digits",
                description = "architecture: a preset (" + org.ddss.model.Presets.NAMES + ") or a diffusers config.json file "
                        + "(default: ${DEFAULT-VALUE})")
        String preset;
        @Option(names = "--out", required = true, description = "training folder (checkpoint, and the result in OUT/ema)")
        Path out;
        @Option(names = "--steps", defaultValue = "20000", description = "optimiser steps (default: ${DEFAULT-VALUE})")
        long steps;
        @Option(names = "--batch", defaultValue = "64", description = "images per step (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--lr", defaultValue = "5e-4", description = "peak learning rate (default: ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--warmup", defaultValue = "500", description = "linear warm-up steps (default: ${DEFAULT-VALUE})")
        long warmup;
        @Option(names = "--lr-floor", defaultValue = "1.0",
                description = "after the warm-up, a cosine decay to this fraction of --lr at the last step; 1 keeps it constant "
                        + "(default: ${DEFAULT-VALUE})")
        double lrFloor;
        @Option(names = "--p2-gamma", defaultValue = "0",
                description = "weight each image's error by 1/(1 + SNR(t))^G (P2 weighting, Choi et al. 2022); 0 is DDPM's "
                        + "unweighted loss (default: ${DEFAULT-VALUE})")
        double p2Gamma;
        @Option(names = "--clip", defaultValue = "1.0", description = "gradient-norm clip (default: ${DEFAULT-VALUE})")
        double clip;
        @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay (default: ${DEFAULT-VALUE})")
        double ema;
        @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--flips", description = "mirror training images at random (off by default: digits are not symmetric)")
        boolean flips;
        @Option(names = "--checkpoint-every", defaultValue = "250", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
        long every;
        @Option(names = "--resume", description = "continue from the checkpoint in --out")
        boolean resume;
        @Option(names = "--schedule",
                description = "noise schedule: linear (DDPM's, 1e-4 to 0.02 over 1000 steps), cosine, linear(T, start, end) "
                        + "or cosine(T); written to OUT/ema/scheduler_config.json (default: --init's schedule, else linear)")
        String schedule;
        @Option(names = "--init", paramLabel = "DIR",
                description = "start from the weights of this diffusers folder (fine-tuning; its architecture replaces --preset)")
        Path init;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DdpmTrainer.Settings settings;
            UNetConfig config;
            NoiseSchedule noise;
            try {
                noise = schedule != null ? NoiseSchedule.parse(schedule)
                        : init != null ? SchedulerConfig.ofModel(init) : NoiseSchedule.ddpm();
                settings = new DdpmTrainer.Settings(steps, batch, lr, warmup, lrFloor, clip, ema, seed, flips, every, p2Gamma);
                config = Presets.byName(preset);
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (Backend be = Backends.create(); TensorArena ar = new TensorArena();
                 UNet2DModel model = init != null ? loadWritable(init) : UNet2DModel.random(config, seed)) {
                Dataset data = Mnist.embeddedTrain(ar);
                var err = spec.commandLine().getErr();
                err.printf("training %s (%,d parameters) on %d digits, schedule %s, backend %s, %s%n",
                        init != null ? init : preset, model.parameterCount(), data.size(), noise, be.name(), settings);
                Path result = DdpmTrainer.train(model, data, noise, be, settings, out, resume,
                        new ProgressBar(err, "img", batch));
                spec.commandLine().getOut().printf("EMA weights: %s%n", result);
                return 0;
            }
        }
    }

    private static UNet2DModel loadWritable(Path dir) throws java.io.IOException {
        try (UNet2DModel loaded = UNet2DModel.load(dir)) {
            return loaded.writableCopy();
        }
    }

    @Command(name = "classifier", mixinStandardHelpOptions = true,
            description = "Train a digit classifier (feature network for FID/KID and the DDSS loss) on the embedded "
                    + "MNIST training split and report its accuracy on the held-out test split.")
    static final class Classifier implements Callable<Integer> {
        @Option(names = "--arch", defaultValue = "CNN_A", description = "CNN_A or CNN_B (default: ${DEFAULT-VALUE})")
        DigitClassifier.Arch arch;
        @Option(names = "--out", required = true, description = "weights file (.safetensors)")
        Path out;
        @Option(names = "--epochs", defaultValue = "12", description = "passes over the data (default: ${DEFAULT-VALUE})")
        int epochs;
        @Option(names = "--batch", defaultValue = "128", description = "images per step (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--lr", defaultValue = "2e-3", description = "initial learning rate, decaying linearly (default: ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var settings = new ClassifierTrainer.Settings(epochs, batch, lr, seed, 2);
            try (Backend be = Backends.create(); TensorArena ar = new TensorArena();
                 DigitClassifier c = DigitClassifier.random(arch, seed)) {
                Dataset train = Mnist.embeddedTrain(ar), test = Mnist.embeddedTest(ar);
                var err = spec.commandLine().getErr();
                err.printf("training classifier %s on %d digits, backend %s, %s%n", arch, train.size(), be.name(), settings);
                ClassifierTrainer.train(c, train, be, settings, new ProgressBar(err, "img", batch));
                double acc = ClassifierTrainer.accuracy(c, test, be);
                c.save(out);
                spec.commandLine().getOut().printf("test accuracy %.2f%% (%d digits); weights: %s%n", 100 * acc, test.size(), out);
                return 0;
            }
        }
    }
}
