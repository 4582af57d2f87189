package org.ddss.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.NoiseSource;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.diffusion.GaussianData;
import org.ddss.io.Json;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python replay of a sampler card ({@code python/ddss_replay.py}) gives the Java sampler's
 * samples on an analytic model, run by Debian's {@code python3} with NumPy (the build installs
 * {@code python3-numpy} where it can; the test is skipped, saying why, where neither is there).
 */
class ReplayTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Why the replay cannot run here, or null. */
    static String unavailable() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is missing (Debian's python3 and python3-numpy run the replay test)";
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? null
                : PYTHON + " has no NumPy (apt-get install python3-numpy): " + out.strip();
    }

    @Test
    void thePythonReplayMatchesTheJavaSampler(@TempDir Path dir) throws Exception {
        String why = unavailable();
        Assumptions.assumeTrue(why == null, why);
        NoiseSchedule ddpm = NoiseSchedule.ddpm();
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 5, true, Conversion.MARGINALS, ddpm);
        double[] theta = space.initial(Init.DPMPP2M);
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.05 * r.nextGaussian();
        }
        // GGDM's free c adds fresh noise at each transition, which the replay must take in the same order.
        SearchSpace ggdm = new SearchSpace(Family.GGDM, 5, true, Conversion.MARGINALS, ddpm);
        double[] thetaG = ggdm.initial();
        for (int i = 0; i < thetaG.length; i++) {
            thetaG[i] += 0.05 * r.nextGaussian();
        }
        for (LearnedSampler sampler : List.of(new LearnedSampler(space, theta, true, "sha256:test", Map.of()),
                new LearnedSampler(ggdm, thetaG, false, "sha256:test", Map.of()))) {
            Path card = dir.resolve(sampler.space().family().id() + ".json");
            sampler.save(card);
            int n = 32, k = sampler.steps().k();
            double mu = 0.3, s = 0.5;
            try (TensorArena ar = new TensorArena()) {
                NoiseSource stream = new NoiseSource(11, 0, n);
                Tensor x0 = ar.empty(n, 1);
                stream.fill(x0);
                List<Object> z = new ArrayList<>();
                for (int i = 0; i < k - 1; i++) {
                    Tensor zi = ar.empty(n, 1);
                    stream.fill(zi);
                    z.add(list(zi.toArray()));
                }
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("card", card.toString());
                input.put("mu", mu);
                input.put("s", s);
                List<Object> alpha = new ArrayList<>(), sigma = new ArrayList<>();
                for (double t : sampler.times()) {
                    alpha.add(ddpm.alpha(t));
                    sigma.add(ddpm.sigma(t));
                }
                input.put("alpha", alpha);
                input.put("sigma", sigma);
                input.put("x0", list(x0.toArray()));
                input.put("z", z);
                Path in = dir.resolve("input.json"), out = dir.resolve("output.json");
                Files.writeString(in, Json.write(input));
                Path script = Path.of("src/test/python/replay_check.py").toAbsolutePath();
                Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), in.toString(), out.toString())
                        .redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the replay did not finish");
                assertEquals(0, p.exitValue(), log);

                Tensor java = ar.empty(n, 1);
                try (Backend be = Backends.create("java")) {
                    sampler.sample(GaussianData.predictor(ddpm, mu, s, new int[1], be), new NoiseSource(11, 0, n), java);
                }
                Map<?, ?> result = (Map<?, ?>) Json.parse(Files.readString(out));
                List<?> py = (List<?>) result.get("samples");
                double worst = 0;
                for (int i = 0; i < n; i++) {
                    worst = Math.max(worst, Math.abs(java.get(i) - ((Number) py.get(i)).doubleValue()));
                }
                assertTrue(worst < 1e-5, sampler.name() + ": the replay differs by " + worst);
                int[] timesteps = ((List<?>) result.get("timesteps")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
                assertArrayEquals(sampler.integerTimesteps(), timesteps);
                List<?> sigmas = (List<?>) result.get("sigmas");
                assertEquals(k + 1, sigmas.size());
                assertEquals(0.0, ((Number) sigmas.get(k)).doubleValue());
                assertEquals(sampler.sigmas()[0], ((Number) sigmas.get(0)).doubleValue(), 1e-9 * sampler.sigmas()[0]);
            }
        }
    }

    private static List<Object> list(float[] v) {
        List<Object> out = new ArrayList<>();
        for (float f : v) {
            out.add((double) f);
        }
        return out;
    }
}
