package org.ddss.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ddss.io.Json;
import org.junit.jupiter.api.Test;

/**
 * The named spacings give diffusers' integer timesteps exactly, for DDIM's scheduler and for the
 * multistep ones, K = 3..25 (lists from {@code spacing_reference.py}, computed by NumPy with
 * diffusers' expressions), and each sampler takes its own scheduler family's lists.
 */
class SpacingTest {
    @Test
    void namedSpacingsGiveDiffusersLists() throws Exception {
        Map<?, ?> fixture = (Map<?, ?>) Json.parse(Files.readString(
                Path.of(SpacingTest.class.getResource("/fixtures/solvers/spacings.json").toURI())));
        NoiseSchedule ddpm = NoiseSchedule.ddpm();
        assertEquals(ddpm.steps(), ((Number) fixture.get("T")).intValue());
        Map<?, ?> lists = (Map<?, ?>) fixture.get("lists");
        int compared = 0;
        for (var family : List.of(Spacing.Scheduler.DDIM, Spacing.Scheduler.MULTISTEP)) {
            for (String name : List.of("linspace", "leading", "trailing")) {
                Map<?, ?> byK = (Map<?, ?>) lists.get((family == Spacing.Scheduler.DDIM ? "ddim/" : "multistep/") + name);
                for (int k = 3; k <= 25; k++) {
                    double[] expected = ((List<?>) byK.get(Integer.toString(k))).stream()
                            .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
                    assertArrayEquals(expected, Spacing.parse(name).times(ddpm, k, family), family + " " + name + " K=" + k);
                    compared++;
                }
            }
        }
        assertEquals(138, compared);
        // NumPy rounds .5 ties to even: trailing K = 16 has 811, 561, 311, 61 (not 812, 562, 312, 62).
        assertArrayEquals(new double[] {999, 937, 874, 811}, java.util.Arrays.copyOf(new Spacing.Trailing().times(ddpm, 16), 4));
    }

    @Test
    void eachSamplerUsesItsSchedulersLists() {
        NoiseSchedule ddpm = NoiseSchedule.ddpm();
        Spacing linspace = new Spacing.Uniform();
        assertArrayEquals(new double[] {999, 749, 500, 250, 0}, Samplers.create("ddim", ddpm, linspace, 5, 0, false).times());
        for (String multistep : List.of("dpmpp2m", "dpmpp3m", "unipc", "ipndm")) {
            assertArrayEquals(new double[] {999, 799, 599, 400, 200}, Samplers.create(multistep, ddpm, linspace, 5, 0, false).times(),
                    multistep);
        }
        assertArrayEquals(new double[] {830, 664, 498, 332, 166},
                Samplers.create("dpmpp2m", ddpm, new Spacing.Leading(), 5, 0, false).times());
    }

    @Test
    void edmAndGivenNoiseLevelsPlaceRealTimes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        NoiseSchedule ddpm = NoiseSchedule.ddpm();
        double[] t = Spacing.parse("edm").times(ddpm, 8);
        assertEquals(999, t[0]);
        assertEquals(0, t[7]);
        // sigma^(1/rho) is evenly spaced from the schedule's largest noise level to its smallest.
        double first = Math.pow(ddpm.veSigma(999), 1 / 7.0), last = Math.pow(ddpm.veSigma(0), 1 / 7.0);
        for (int i = 0; i < 8; i++) {
            assertEquals(first + i / 7.0 * (last - first), Math.pow(ddpm.veSigma(t[i]), 1 / 7.0), 1e-9, "i=" + i);
        }
        double[] t3 = Spacing.parse("edm:3").times(ddpm, 8);
        assertTrue(t3[1] > t[1], "a smaller rho spends fewer steps at low noise");

        // ComfyUI's SIGMAS of the trailing times (with its final 0) give those times back.
        double[] trailing = new Spacing.Trailing().times(ddpm, 6);
        StringBuilder sigmas = new StringBuilder();
        for (double v : trailing) {
            sigmas.append(ddpm.veSigma(v)).append(',');
        }
        sigmas.append('0');
        assertArrayEquals(trailing, Spacing.parse("sigmas:" + sigmas).times(ddpm, 6), 1e-6);
        Path file = dir.resolve("ays.txt");
        Files.writeString(file, "# noise levels\n" + sigmas.toString().replace(",", "\n") + "\n");
        assertArrayEquals(trailing, Spacing.parse("sigmas:" + file).times(ddpm, 6), 1e-6);
        Files.writeString(file, "999 500.5 20");
        assertArrayEquals(new double[] {999, 500.5, 20}, Spacing.parse("times:" + file).times(ddpm, 3));

        String e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Spacing.parse("sigmas:14.6,6.47,0.001").times(ddpm, 3)).getMessage();
        assertTrue(e.contains("within [0.0100") && e.contains("157.4"), e);
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Spacing.parse("sigmas:14.6,6.47,0").times(ddpm, 3)).getMessage();
        assertTrue(e.contains("2 noise levels (sigmas) for 3 steps"), e);
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Spacing.parse("times:" + dir.resolve("missing.txt"))).getMessage();
        assertTrue(e.contains("neither a list of numbers nor a readable file"), e);
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Spacing.parse("edm:x")).getMessage();
        assertTrue(e.contains("EDM's rho 'x' is not a number"), e);
    }
}
