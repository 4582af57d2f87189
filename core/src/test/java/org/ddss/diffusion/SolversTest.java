package org.ddss.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ddss.io.Json;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * iPNDM, DPM-Solver++(2M/3M), UniPC and DDIM against NumPy transcriptions of their reference
 * implementations (fixture from {@code solver_reference.py}): on Gaussian data, where the exact
 * noise predictor makes each sampler an affine map {@code out = a x + b} of the initial noise, our
 * samples match that map to 1e-5 for K = 2 to 20 on diffusers' lists ({@code ddim-diffusers}
 * everywhere, {@code ddim} where its rule and diffusers' agree).
 */
class SolversTest {
    @Test
    void eachSolverMatchesItsReferenceTranscription() throws Exception {
        Map<?, ?> fixture = (Map<?, ?>) Json.parse(Files.readString(
                Path.of(SolversTest.class.getResource("/fixtures/solvers/reference.json").toURI())));
        double mu = ((Number) fixture.get("mu")).doubleValue(), s = ((Number) fixture.get("s")).doubleValue();
        List<?> cases = (List<?>) fixture.get("cases");
        assertEquals(254, cases.size());
        double worst = 0;
        String worstCase = "";
        try (TensorArena ar = new TensorArena()) {
            int n = 64;
            Tensor noise = ar.empty(n, 1), out = ar.empty(n, 1);
            new NoiseSource(7, 0, n).fill(noise);
            for (Object c : cases) {
                Map<?, ?> m = (Map<?, ?>) c;
                double[] times = ((List<?>) m.get("times")).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
                String name = (String) m.get("sampler");
                Sampler sampler = Samplers.create(name, SamplersTest.DDPM, Spacing.explicit(times), times.length, 0, false);
                int[] calls = new int[1];
                int reported = sampler.sample(SamplersTest.gaussian(SamplersTest.DDPM, mu, s, calls), new NoiseSource(7, 0, n), out);
                int nfe = times.length + (name.endsWith("-fc") && times.length > 1 ? 1 : 0);
                assertEquals(nfe, calls[0], name);
                assertEquals(nfe, reported, name);
                double a = ((Number) m.get("a")).doubleValue(), b = ((Number) m.get("b")).doubleValue();
                for (int i = 0; i < n; i++) {
                    double err = Math.abs(out.get(i) - (a * noise.get(i) + b));
                    if (err > worst) {
                        worst = err;
                        worstCase = name + " " + m.get("spacing") + " K=" + times.length;
                    }
                }
            }
        }
        assertTrue(worst < 1e-5, "largest difference " + worst + " (" + worstCase + ")");
    }

    @Test
    void namesAndOrdersAreChecked() {
        NoiseSchedule d = SamplersTest.DDPM;
        Spacing trailing = new Spacing.Trailing();
        assertEquals("dpmpp3m(K=10)", Samplers.create("dpmpp3m", d, trailing, 10, 0, false).name());
        assertEquals("ipndm(K=10)", Samplers.create("ipndm", d, trailing, 10, 0, false).name());
        assertEquals("unipc(bh1, order=3, final corrector, K=10)", Samplers.create("unipc3-bh1-fc", d, trailing, 10, 0, false).name());
        String e = assertThrows(IllegalArgumentException.class, () -> Samplers.create("ipndm5", d, trailing, 10, 0, false)).getMessage();
        assertTrue(e.contains("unknown sampler 'ipndm5'") && e.contains("unipc[1-3]"), e);
        // diffusers' order rules: DPM-Solver++(3M) warms up and, below 15 steps, ends at second order.
        DpmSolverPP three = DpmSolverPP.of(d, trailing, 10, 3, false);
        assertEquals(List.of(1, 2, 3, 3, 3, 3, 3, 3, 2), java.util.stream.IntStream.range(0, 9).map(three::stepOrder).boxed().toList());
        DpmSolverPP fifteen = DpmSolverPP.of(d, trailing, 15, 3, false);
        assertEquals(3, fifteen.stepOrder(13));
        UniPc uni = UniPc.of(d, trailing, 6, 3, UniPc.Variant.BH2, false, false);
        assertEquals(List.of(1, 2, 3, 3, 2, 1), java.util.stream.IntStream.range(0, 6).map(uni::stepOrder).boxed().toList());
    }
}
