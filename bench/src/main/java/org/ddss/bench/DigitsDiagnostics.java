package org.ddss.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Dataset;
import org.ddss.data.Mnist;
import org.ddss.diffusion.Ddpm;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Spacing;
import org.ddss.evaluation.Labels;
import org.ddss.features.DigitClassifier;
import org.ddss.io.SafeTensors;
import org.ddss.model.Embedded;
import org.ddss.model.SchedulerConfig;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetPredictor;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * Measurements behind the embedded digits model's known limit (classifier A is confident on
 * 85% of DDPM-1000 samples), each printing one line per figure:
 * <ul>
 *   <li>{@code confidence CLASSIFIERS [SAMPLES.safetensors ...]}: the share of 2,000 training
 *       digits, the 1,000 test digits and each samples file (from {@code ddss sample --raw}) that
 *       each classifier ({@code A}, {@code B} or a weights file; comma-separated) labels with
 *       confidence >= 0.9: is the instrument or the model short?</li>
 *   <li>{@code fit [MODEL_DIR]}: the epsilon-MSE on 1,000 training and 1,000 test digits at
 *       several t, same noise for both: does the model over- or under-fit?</li>
 *   <li>{@code renoise N T0 ... [--model DIR]}: N test digits noised to each t0 and run down by
 *       DDPM through every integer time (SDEdit), scored by classifier A: at which noise levels
 *       does the model lose the digits' legibility?</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp
 * bench/target/benchmarks.jar org.ddss.bench.DigitsDiagnostics renoise 300 100 250 400}.
 */
public final class DigitsDiagnostics {
    static final double CONFIDENT = 0.9;
    static final int BATCH = 100;
    /** The noise of every renoise run (the same for each t0). */
    static final long RENOISE_SEED = 7;

    private DigitsDiagnostics() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: confidence CLASSIFIERS [SAMPLES ...] | fit [MODEL_DIR] | renoise N T0 ... [--model DIR]");
        }
        try (Backend be = Backends.create(); TensorArena ar = new TensorArena()) {
            Dataset train = Mnist.embeddedTrain(ar), test = Mnist.embeddedTest(ar);
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            switch (args[0]) {
                case "confidence" -> confidence(rest, train, test, be);
                case "fit" -> fit(rest, train, test, be);
                case "renoise" -> renoise(rest, test, be);
                default -> throw new IllegalArgumentException("unknown diagnostic '" + args[0] + "'");
            }
        }
    }

    static void confidence(String[] args, Dataset train, Dataset test, Backend be) throws IOException {
        for (String name : args[0].split(",")) {
            try (DigitClassifier c = switch (name) {
                case "A" -> Embedded.searchClassifier();
                case "B" -> Embedded.heldOutClassifier();
                default -> DigitClassifier.load(Path.of(name));
            }) {
                StringBuilder line = new StringBuilder(name + ": train digits " + share(c, train.images().slice(0, 2000), be)
                        + ", test digits " + share(c, test.images(), be));
                for (int i = 1; i < args.length; i++) {
                    try (SafeTensors st = SafeTensors.open(Path.of(args[i]))) {
                        line.append(", ").append(args[i]).append(' ').append(share(c, st.tensor(st.names().get(0)), be));
                    }
                }
                System.out.println(line);
            }
        }
    }

    static String share(DigitClassifier c, Tensor images, Backend be) {
        return "%.1f%% of %d".formatted(100 * Labels.of(c, images, be, CONFIDENT, BATCH).confident(), images.dim(0));
    }

    static void fit(String[] args, Dataset train, Dataset test, Backend be) throws IOException {
        NoiseSchedule schedule = args.length > 0 ? SchedulerConfig.ofModel(Path.of(args[0])) : Embedded.schedule();
        try (UNet2DModel model = args.length > 0 ? UNet2DModel.load(Path.of(args[0])) : Embedded.model()) {
            for (int t : java.util.stream.IntStream.of(20, 100, 250, 400, 550, 700, 850).filter(t -> t < schedule.steps()).toArray()) {
                System.out.printf("t=%d: eps-MSE train %.5f, test %.5f%n", t,
                        mse(model, train.images().slice(0, 1000), t, schedule, be),
                        mse(model, test.images().slice(0, 1000), t, schedule, be));
            }
        }
    }

    /** The epsilon-MSE at time t, with noise from a generator seeded by t alone (the same for any data). */
    static double mse(UNet2DModel model, Tensor x, int t, NoiseSchedule schedule, Backend be) {
        SplittableRandom rng = new SplittableRandom(t);
        double sum = 0;
        try (TensorArena ar = new TensorArena()) {
            Tensor xt = ar.empty(x.shape()), eps = ar.empty(x.shape()), pred = ar.empty(x.shape());
            for (long j = 0; j < x.size(); j++) {
                float z = (float) rng.nextGaussian();
                eps.set(j, z);
                xt.set(j, (float) (schedule.alpha(t) * x.get(j) + schedule.sigma(t) * z));
            }
            UNetPredictor p = new UNetPredictor(model, be);
            for (int s = 0; s < x.dim(0); s += BATCH) {
                int e = Math.min(x.dim(0), s + BATCH);
                p.predict(xt.slice(s, e), t, pred.slice(s, e));
            }
            for (long j = 0; j < x.size(); j++) {
                double d = pred.get(j) - eps.get(j);
                sum += d * d;
            }
        }
        return sum / x.size();
    }

    static void renoise(String[] args, Dataset test, Backend be) throws IOException {
        int modelAt = Arrays.asList(args).indexOf("--model");
        int end = modelAt < 0 ? args.length : modelAt;
        int n = Integer.parseInt(args[0]);
        NoiseSchedule schedule = modelAt < 0 ? Embedded.schedule() : SchedulerConfig.ofModel(Path.of(args[modelAt + 1]));
        try (UNet2DModel model = modelAt < 0 ? Embedded.model() : UNet2DModel.load(Path.of(args[modelAt + 1]));
             DigitClassifier a = Embedded.searchClassifier(); TensorArena ar = new TensorArena()) {
            Tensor digits = test.images().slice(0, n), noised = ar.empty(digits.shape()), out = ar.empty(digits.shape());
            System.out.println("test digits: " + share(a, digits, be));
            UNetPredictor p = new UNetPredictor(model, be);
            for (int i = 1; i < end; i++) {
                int t0 = Integer.parseInt(args[i]);
                double[] times = new double[t0 + 1];
                for (int k = 0; k <= t0; k++) {
                    times[k] = t0 - k;
                }
                Ddpm ddpm = Ddpm.of(schedule, Spacing.explicit(times), times.length, false, true);
                long start = System.nanoTime();
                for (int s = 0; s < n; s += BATCH) {
                    int e = Math.min(n, s + BATCH);
                    NoiseSource noise = new NoiseSource(RENOISE_SEED, s, e - s);
                    Tensor x = noised.slice(s, e), d = digits.slice(s, e);
                    noise.fill(x);
                    for (long j = 0; j < x.size(); j++) {
                        x.set(j, (float) (schedule.alpha(t0) * d.get(j) + schedule.sigma(t0) * x.get(j)));
                    }
                    ddpm.denoise(p, x, noise, out.slice(s, e));
                }
                System.out.printf("noised to t0=%d and denoised by DDPM: %s (%.0f s)%n", t0, share(a, out, be),
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
