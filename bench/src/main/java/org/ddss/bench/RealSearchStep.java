package org.ddss.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.evaluation.Reference;
import org.ddss.features.InceptionV3;
import org.ddss.metrics.FeatureStats;
import org.ddss.model.Presets;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.model.UNetPredictor;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.Init;
import org.ddss.search.KidLoss;
import org.ddss.search.Objective;
import org.ddss.search.Search;
import org.ddss.search.SearchSpace;
import org.ddss.tensor.NativeMemory;
import org.ejml.data.DMatrixRMaj;

/**
 * One DDSS search step on a real model's scale: GGDM+PRED+TIME at K = {@code -Dbench.k}
 * (default 10), {@code -Dbench.batch} samples (default 8), the google/ddpm-cifar10-32
 * architecture ({@code -Dbench.model=cifar}, the default) or the 256-pixel DDPMs'
 * ({@code -Dbench.model=256}) with random weights, the linear KID on pytorch-fid's Inception-v3 features (the
 * weights file given, which {@code bench/pytorch_search.py} saves) against random 2048-d
 * statistics, rematerialised: steps/s over {@code -Dbench.seconds} (at least two steps) after
 * one warm-up step, as its PyTorch peer, and the peak native memory of those steps. Run with its peer by {@code bench/side-by-side.sh
 * search-inception}. Prints RESULT lines as {@link BenchMain}.
 */
public final class RealSearchStep {
    private RealSearchStep() {}

    public static void main(String[] args) throws IOException {
        int k = Integer.getInteger("bench.k", 10), batch = Integer.getInteger("bench.batch", 8);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "60"));
        String preset = switch (System.getProperty("bench.model", "cifar")) {
            case "cifar" -> Presets.DDPM_CIFAR10_32;
            case "256" -> Presets.DDPM_256;
            default -> throw new IllegalArgumentException("-Dbench.model is cifar or 256");
        };
        try (Backend be = Backends.create(); UNet2DModel model = UNet2DModel.random(UNetConfig.parse(preset), 0);
             InceptionV3 net = InceptionV3.load(Path.of(args[0]))) {
            int d = net.featureDim();
            Random r = new Random(2);
            double[] mu = new double[d];
            DMatrixRMaj sigma = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                mu[i] = r.nextDouble();
                sigma.set(i, i, 0.1);
            }
            Reference reference = new Reference("random statistics", net, null, new FeatureStats(mu, sigma, 50_000));
            SearchSpace space = new SearchSpace(Family.GGDM_PRED, k, true, Conversion.MARGINALS, NoiseSchedule.ddpm());
            Objective objective = Objective.of(new UNetPredictor(model, be), model.sampleShape(), reference, KidLoss.Kernel.LINEAR, be);
            Search search = new Search(space, objective, Search.Settings.defaults(Init.DDIM).withBatch(batch));
            double[] theta = space.initial();
            search.gradient(theta, 0);
            long base = NativeMemory.liveBytes();
            NativeMemory.resetPeak();
            int steps = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < seconds * 1e9 || steps < 2) {
                long t0 = System.nanoTime();
                search.gradient(theta, ++steps);
                System.out.printf("# step %d: %.2f s%n", steps, (System.nanoTime() - t0) / 1e9);
            }
            double rate = steps / ((System.nanoTime() - start) / 1e9);
            double peakMb = (NativeMemory.peakBytes() - base) / 1e6;
            GpuTimings.report("search_step_inception", rate, "steps/s", be);
            GpuTimings.report("search_step_inception_peak_native", peakMb, "MB", be);
        }
    }
}
