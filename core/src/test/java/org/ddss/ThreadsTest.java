package org.ddss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ddss.backend.Backend;
import org.ddss.backend.TestBackends;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Samplers;
import org.ddss.diffusion.Sampling;
import org.ddss.diffusion.Spacing;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetPredictor;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.LearnedSampler;
import org.ddss.search.SearchSpace;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The thread-safety contract (docs/architecture.md, "Threads"): one model, one backend and one
 * sampler shared by several threads give every thread exactly the samples it gets alone.
 */
class ThreadsTest {
    static java.util.stream.Stream<String> backends() {
        return TestBackends.names();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void threadsSharingAModelABackendAndASamplerGetTheSequentialSamplesBitForBit(String backendName) throws Exception {
        int threads = 4, n = 8, batch = 4;
        String[] names = {"ddpm", "dpmpp3m", "unipc2", "ipndm4"};
        try (Backend be = TestBackends.open(backendName); UNet2DModel model = Embedded.model()) {
            NoiseSchedule schedule = Embedded.schedule();
            UNetPredictor predictor = new UNetPredictor(model, be);
            int[] shape = model.sampleShape();
            List<Sampler> samplers = new ArrayList<>();
            for (String name : names) {
                samplers.add(Samplers.create(name, schedule, new Spacing.Trailing(), 4, 0, true));
            }
            SearchSpace space = new SearchSpace(Family.parse("ggdm+pred"), 4, true, Conversion.parse("marginals"), schedule);
            samplers.add(new LearnedSampler(space, space.initial(), true, "test", Map.of()));
            for (Sampler sampler : samplers) {
                String name = sampler.name();
                float[][] alone = new float[threads][];
                for (int i = 0; i < threads; i++) {
                    try (TensorArena ar = new TensorArena()) {
                        alone[i] = Sampling.generate(sampler, predictor, 11, i * n, n, batch, shape, ar, Progress.NONE).toArray();
                    }
                }
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    for (int round = 0; round < 2; round++) {
                        List<Future<float[]>> together = new ArrayList<>();
                        for (int i = 0; i < threads; i++) {
                            int first = i * n;
                            together.add(pool.submit(() -> {
                                try (TensorArena ar = new TensorArena()) {
                                    return Sampling.generate(sampler, predictor, 11, first, n, batch, shape, ar, Progress.NONE).toArray();
                                }
                            }));
                        }
                        for (int i = 0; i < threads; i++) {
                            assertArrayEquals(alone[i], together.get(i).get(), name + " on " + backendName + ", thread " + i);
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }
}
