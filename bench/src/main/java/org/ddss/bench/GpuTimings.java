package org.ddss.bench;

import java.io.IOException;
import java.util.Random;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.evaluation.Digits;
import org.ddss.evaluation.Protocol;
import org.ddss.model.Embedded;
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
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * The device check's timings, on the backend {@code ddss.backend} selects (cuda on the GPU
 * machine), each a fixed-time loop after two warm-up calls, as the PyTorch peers measure:
 * the google/ddpm-cifar10-32 UNet architecture with random weights at batch 64 (forward and
 * input-VJP, images/s) and one DDSS search step (GGDM+PRED+TIME, K=10, batch 64, the embedded
 * digits model, rematerialised and with kept activations, steps/s). Every timed call ends with a
 * host read of its result, which waits for the device. Prints RESULT lines as {@link BenchMain}.
 */
public final class GpuTimings {
    /** Batch of every timing; {@code -Dbench.batch} makes it smaller for a dry run on a CPU. */
    static final int BATCH = Integer.getInteger("bench.batch", 64);

    private GpuTimings() {}

    interface Call {
        float run();
    }

    static double rate(Call c, double seconds) {
        c.run();
        c.run();
        int n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1e9 || n < 3) {
            c.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    public static void main(String[] args) throws IOException {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
        try (Backend be = Backends.create()) {
            System.out.println("# backend " + be.name());
            try (UNet2DModel model = UNet2DModel.random(UNetConfig.parse(Presets.DDPM_CIFAR10_32), 0); TensorArena ar = new TensorArena()) {
                Random r = new Random(1);
                Tensor x = ar.zeros(BATCH, 32, 32, 3), g = ar.zeros(BATCH, 32, 32, 3), t = ar.zeros(BATCH);
                for (int i = 0; i < x.size(); i++) {
                    x.set(i, r.nextFloat() * 2 - 1);
                    g.set(i, r.nextFloat());
                }
                for (int i = 0; i < BATCH; i++) {
                    t.set(i, 1 + 998f * i / (BATCH - 1));
                }
                double fwd = rate(() -> {
                    try (Tape tape = Tape.inference(be)) {
                        return model.forward(tape, tape.constant(x), tape.constant(t)).value().get(0);
                    }
                }, seconds);
                report("unet_cifar_forward", fwd * BATCH, "images/s", be);
                double vjp = rate(() -> {
                    try (Tape tape = Tape.recording(be)) {
                        Var xv = tape.input(x, true);
                        tape.backward(model.forward(tape, xv, tape.constant(t)), g);
                        return xv.grad().get(0);
                    }
                }, seconds);
                report("unet_cifar_inputVjp", vjp * BATCH, "images/s", be);
            }
            try (UNet2DModel model = Embedded.model(); Protocol protocol = Digits.protocol(be)) {
                SearchSpace space = new SearchSpace(Family.GGDM_PRED, 10, true, Conversion.MARGINALS, Embedded.schedule());
                double[] theta = space.initial();
                Objective objective = Objective.of(new UNetPredictor(model, be), model.sampleShape(), protocol, KidLoss.Kernel.LINEAR);
                for (boolean keep : new boolean[] {false, true}) {
                    Search search = new Search(space, objective, Search.Settings.defaults(Init.DDIM).withBatch(BATCH)
                            .withKeptActivations(keep));
                    int[] step = {0};
                    double s = rate(() -> (float) search.gradient(theta, step[0]++).loss(), seconds);
                    report("search_step_" + (keep ? "keep" : "remat"), s, "steps/s", be);
                }
            }
        }
    }

    static void report(String name, double value, String unit, Backend be) {
        System.out.printf("%-24s %10.2f %s%n", name, value, unit);
        System.out.printf("RESULT bench=%s backend=%s value=%.4f unit=%s%n", name, be.name(), value, unit);
    }
}
