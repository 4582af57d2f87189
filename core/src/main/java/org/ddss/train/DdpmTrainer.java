package org.ddss.train;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ddss.Progress;
import org.ddss.autodiff.Param;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.data.Dataset;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.io.SafeTensors;
import org.ddss.model.SchedulerConfig;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * DDPM training (Ho et al. 2020, Algorithm 1): for data x, uniform integer t and noise eps,
 * minimise {@code |eps - eps_theta(alpha_t x + sigma_t eps, t)|^2} (mean over elements) with
 * Adam, a linear learning-rate warm-up (then constant, or a cosine decay), global gradient-norm
 * clipping and an EMA of the weights.
 *
 * <p>Every random choice of step k (the batch, flips, times, noise) comes from a generator
 * seeded by (seed, k), so a run resumed from a checkpoint continues exactly as if it had not
 * stopped. Checkpoints hold the weights, the EMA, Adam's moments and the step in one
 * safetensors file, written atomically (a kill -9 leaves the previous one intact).
 */
public final class DdpmTrainer {

    /**
     * Training settings. After the warm-up the learning rate follows a cosine from {@code lr} to
     * {@code lrFloor * lr} at the last step ({@link LearningRate#warmupCosine}); {@code lrFloor = 1}
     * keeps it constant. {@code flips} mirrors images left-right at random (off by default).
     * {@code p2Gamma} weights each sample's squared error by {@code 1 / (1 + SNR(t))^p2Gamma}, the
     * perception-prioritised weighting of Choi et al. 2022 (eq. 8, k = 1); 0, the default, is
     * DDPM's unweighted L_simple.
     */
    public record Settings(long steps, int batch, double lr, long warmup, double lrFloor, double clip, double emaDecay,
                           long seed, boolean flips, long checkpointEvery, double p2Gamma) {
        public Settings {
            if (steps < 1 || batch < 1 || !(lr > 0) || warmup < 0 || !(lrFloor >= 0 && lrFloor <= 1) || !(clip > 0)
                    || !(emaDecay >= 0 && emaDecay < 1) || checkpointEvery < 1
                    || !(p2Gamma >= 0 && p2Gamma < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(("bad training settings: steps=%d (>= 1), batch=%d (>= 1), lr=%s (> 0), "
                        + "warmup=%d (>= 0), lrFloor=%s (0..1), clip=%s (> 0), emaDecay=%s ([0, 1)), checkpointEvery=%d (>= 1), "
                        + "p2Gamma=%s (finite, >= 0)")
                        .formatted(steps, batch, lr, warmup, lrFloor, clip, emaDecay, checkpointEvery, p2Gamma));
            }
        }

        public static Settings defaults() {
            return new Settings(20_000, 64, 2e-4, 500, 1.0, 1.0, 0.999, 0, false, 500, 0);
        }
    }

    private DdpmTrainer() {}

    /** The checkpoint file inside a training folder. */
    public static Path checkpointFile(Path dir) {
        return dir.resolve("checkpoint.safetensors");
    }

    /**
     * Trains {@code model} on {@code data} until {@code settings.steps()}, checkpointing into
     * {@code dir}; resumes from the checkpoint there when {@code resume} is set. Returns the
     * final EMA weights' folder ({@code dir/ema}, a diffusers folder).
     */
    public static Path train(UNet2DModel model, Dataset data, NoiseSchedule schedule, Backend be, Settings s,
                             Path dir, boolean resume, Progress progress) throws IOException {
        Files.createDirectories(dir);
        List<Param> params = new ArrayList<>(model.params().values());
        try (Adam adam = new Adam(params, 0.9, 0.999, 1e-8); Ema ema = new Ema(params, s.emaDecay());
             TensorArena ar = new TensorArena()) {
            long start = 0;
            Path ckpt = checkpointFile(dir);
            org.ddss.io.AtomicFile.removeLeftovers(dir);
            if (resume && Files.exists(ckpt)) {
                start = restore(ckpt, model, schedule, s.p2Gamma(), params, adam, ema);
                progress.update(start, s.steps(), Double.NaN, 0, "resumed from " + ckpt + " at step " + start);
            } else if (resume) {
                progress.update(0, s.steps(), Double.NaN, 0, "no checkpoint " + ckpt + " to resume: starting at step 0");
            }
            int[] shape = data.images().shape();
            int h = shape[1], w = shape[2], c = shape[3];
            long per = (long) h * w * c;
            Tensor x0 = ar.empty(s.batch(), h, w, c), noise = ar.empty(s.batch(), h, w, c), xt = ar.empty(s.batch(), h, w, c);
            Tensor times = ar.empty(s.batch()), seed = ar.empty(s.batch(), h, w, c);
            double[] weight = new double[s.batch()];
            double running = Double.NaN;
            long t0 = System.nanoTime();
            for (long k = start; k < s.steps(); k++) {
                SplittableRandom rng = StepRandom.of(s.seed(), k);
                for (int i = 0; i < s.batch(); i++) {
                    int idx = rng.nextInt(data.size());
                    boolean flip = s.flips() && rng.nextBoolean();
                    copyImage(data.images(), idx, x0, i, h, w, c, flip);
                    int t = rng.nextInt(schedule.steps());
                    times.set(i, t);
                    double a = schedule.alpha(t), sg = schedule.sigma(t);
                    weight[i] = p2Weight(a, sg, s.p2Gamma());
                    for (long j = 0; j < per; j++) {
                        float e = (float) rng.nextGaussian();
                        noise.set(i * per + j, e);
                        xt.set(i * per + j, (float) (a * x0.get(i * per + j) + sg * e));
                    }
                }
                double loss;
                try (Tape tape = Tape.recording(be)) {
                    Var out = model.forward(tape, tape.constant(xt), tape.constant(times));
                    loss = weightedMse(out.value(), noise, weight, seed);
                    if (!Double.isFinite(loss)) {
                        progress.update(k + 1, s.steps(), loss, 0, "step " + (k + 1) + ": non-finite loss, update skipped");
                        continue;
                    }
                    tape.backward(out, seed);
                }
                double norm = adam.gradNorm();
                double scale = norm > s.clip() ? s.clip() / norm : 1;
                double lr = LearningRate.warmupCosine(s.lr(), s.warmup(), s.steps(), s.lrFloor(), k);
                if (Double.isFinite(norm)) {
                    adam.step(lr, scale);
                    ema.update(k);
                } else {
                    progress.update(k + 1, s.steps(), loss, 0, "step " + (k + 1) + ": non-finite gradient, update skipped");
                }
                adam.zeroGrad();
                running = Double.isNaN(running) ? loss : 0.98 * running + 0.02 * loss;
                double rate = (k + 1 - start) * s.batch() / ((System.nanoTime() - t0) / 1e9);
                progress.update(k + 1, s.steps(), running, rate, null);
                if ((k + 1) % s.checkpointEvery() == 0 || k + 1 == s.steps()) {
                    save(ckpt, model, schedule, params, adam, ema, k + 1, s);
                }
            }
            Path out = dir.resolve("ema");
            // The schedule first: a run killed between the two leaves weights of this folder's earlier
            // result, which resume checks guarantee were trained on the same schedule.
            Files.createDirectories(out);
            SchedulerConfig.write(schedule, out);
            exportEma(model, params, ema, out);
            return out;
        }
    }

    /**
     * P2's weight {@code 1 / (1 + SNR)^gamma} at a time with signal and noise scales {@code alpha},
     * {@code sigma}; exactly 1 for gamma = 0 ({@code Math.pow} of anything to the power -0 is 1).
     */
    static double p2Weight(double alpha, double sigma, double gamma) {
        return Math.pow(1 + alpha * alpha / (sigma * sigma), -gamma);
    }

    /**
     * The loss {@code sum_i weight[i] |out_i - target_i|^2 / size}, over the images i of a batch;
     * writes its gradient with respect to {@code out} into {@code grad}.
     */
    static double weightedMse(Tensor out, Tensor target, double[] weight, Tensor grad) {
        long n = out.size(), per = n / weight.length;
        double sum = 0;
        for (long j = 0; j < n; j++) {
            double d = out.get(j) - target.get(j), w = weight[(int) (j / per)];
            sum += w * d * d;
            grad.set(j, (float) (2 * w * d / n));
        }
        return sum / n;
    }

    private static void copyImage(Tensor src, int from, Tensor dst, int to, int h, int w, int c, boolean flip) {
        long per = (long) h * w * c * Float.BYTES;
        if (!flip) {
            MemorySegment.copy(src.data(), from * per, dst.data(), to * per, per);
            return;
        }
        long row = (long) w * c;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    dst.set(to * (long) h * row + y * row + (long) x * c + ch,
                            src.get(from * (long) h * row + y * row + (long) (w - 1 - x) * c + ch));
                }
            }
        }
    }

    private static void save(Path file, UNet2DModel model, NoiseSchedule schedule, List<Param> params, Adam adam, Ema ema,
                             long step, Settings s) throws IOException {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (Param p : params) {
            all.put("w." + p.name(), p.value());
        }
        ema.weights().forEach((k, t) -> all.put("ema." + k, t));
        all.putAll(adam.state());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", Long.toString(step));
        meta.put("config", model.config().toJson());
        meta.put("settings", s.toString());
        meta.put("schedule", schedule.toString());
        meta.put("p2Gamma", Double.toString(s.p2Gamma()));
        SafeTensors.write(file, all, meta);
    }

    private static long restore(Path file, UNet2DModel model, NoiseSchedule schedule, double p2Gamma, List<Param> params,
                                Adam adam, Ema ema) throws IOException {
        try (SafeTensors st = SafeTensors.open(file)) {
            String cfg = st.metadata().get("config");
            if (cfg == null || !UNetConfig.parse(cfg).equals(model.config())) {
                throw new IOException(file + " was written for another model configuration; start a new training folder");
            }
            // Checkpoints from before schedules were recorded were all trained on the DDPM default.
            String was = st.metadata().getOrDefault("schedule", NoiseSchedule.ddpm().toString());
            if (!NoiseSchedule.parse(was).equals(schedule)) {
                throw new IOException(file + " was trained with the " + was + " schedule, not " + schedule
                        + "; resume with that schedule or start a new training folder");
            }
            // A different weighting would change the objective mid-run; checkpoints from before it was
            // recorded all used L_simple.
            double weighting = Double.parseDouble(st.metadata().getOrDefault("p2Gamma", "0"));
            if (weighting != p2Gamma) {
                throw new IOException(file + " was trained with --p2-gamma " + weighting + ", not " + p2Gamma
                        + "; resume with that weighting or start a new training folder");
            }
            long step = Long.parseLong(st.metadata().getOrDefault("step", "0"));
            Map<String, Tensor> saved = new LinkedHashMap<>();
            for (String n : st.names()) {
                saved.put(n, st.tensor(n));
            }
            for (Param p : params) {
                p.value().copyFrom(need(saved, "w." + p.name(), file));
                ema.weights().get(p.name()).copyFrom(need(saved, "ema." + p.name(), file));
            }
            adam.restore(saved, step);
            return step;
        }
    }

    private static Tensor need(Map<String, Tensor> saved, String name, Path file) throws IOException {
        Tensor t = saved.get(name);
        if (t == null) {
            throw new IOException(file + " lacks " + name + ": not a checkpoint of this model");
        }
        return t;
    }

    /** Writes the EMA weights as a diffusers folder, leaving the model's own weights as they were. */
    private static void exportEma(UNet2DModel model, List<Param> params, Ema ema, Path out) throws IOException {
        try (TensorArena tmp = new TensorArena()) {
            Map<String, Tensor> current = new LinkedHashMap<>();
            for (Param p : params) {
                Tensor keep = tmp.empty(p.value().shape());
                keep.copyFrom(p.value());
                current.put(p.name(), keep);
                p.value().copyFrom(ema.weights().get(p.name()));
            }
            try {
                model.save(out);
            } finally {
                for (Param p : params) {
                    p.value().copyFrom(current.get(p.name()));
                }
            }
        }
    }
}
