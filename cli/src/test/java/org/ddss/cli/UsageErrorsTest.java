package org.ddss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed command lines and values out of range end in one short message and exit code 2,
 * before any work, never in the usage page, a stack trace or a huge allocation.
 */
class UsageErrorsTest {
    private static void refused(CliRun r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Usage:"), "not the usage page: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void malformedCommandLinesGetOneMessageAndWhereTheHelpIs() {
        CliRun typo = CliRun.run("search", "--stpes", "5");
        refused(typo, "ddss search: Unknown options: '--stpes', '5'");
        assertTrue(typo.err().contains("Possible solutions: --steps") && typo.err().contains("Try 'ddss search --help'"), typo.err());
        refused(CliRun.run("serch"), "Did you mean: ddss search");
        refused(CliRun.run("sample", "-n", "x"), "'x' is not an int");
    }

    @Test
    void valuesOutOfRangeAreRefusedBeforeAnyWork(@TempDir Path dir) {
        String out = dir.resolve("o.png").toString();
        refused(CliRun.run("sample", "-n", "-1", "--out", out), "-n and --batch must be at least 1, got -1");
        refused(CliRun.run("sample", "--batch", "0", "--out", out), "got 64 and 0");
        refused(CliRun.run("sample", "--steps", "0", "--out", out), "steps must be in [1, 1000], got 0");
        refused(CliRun.run("sample", "--eta", "1e9", "-n", "2", "--out", out), "DDIM eta must be in [0, 1], got 1.0E9");
        refused(CliRun.run("sample", "-n", "2147483647", "--out", out), "2147483647 samples of [28, 28, 1] would need 6.1 TB of memory");
        refused(CliRun.run("eval", "-n", "1"), "-n must be at least 2");
        refused(CliRun.run("search", "--eval-samples", "-1", "--out", dir.resolve("s").toString()),
                "evaluation samples must be 0 (no comparison) or >= 2, got -1");
        refused(CliRun.run("search", "--lr", "Infinity", "--out", dir.resolve("s").toString()), "lr=Infinity (> 0, finite)");
        assertFalse(Files.exists(dir.resolve("o.png")), "nothing written");
    }

    /** Output paths are checked before any sampling; a missing sampler file says so and what --sampler takes. */
    @Test
    void outputsAndSamplerFilesAreCheckedFirst(@TempDir Path dir) throws Exception {
        refused(CliRun.run("sample", "--out", dir.toString()), "is a folder; give a file name ending in .png");
        refused(CliRun.run("sample", "--out", dir.resolve("x.jpg").toString()), "the file is written as PNG; give a name ending in .png");
        Path file = Files.writeString(dir.resolve("f"), "");
        refused(CliRun.run("sample", "--out", file.resolve("x.png").toString()), file + " is a file, not a folder");
        refused(CliRun.run("sample", "--raw", dir.resolve("x.bin").toString(), "--out", dir.resolve("x.png").toString()),
                "give a name ending in .safetensors");
        refused(CliRun.run("stats", "--npz", "x.npz", "--out", dir.resolve("ref.txt").toString()), "give a name ending in .npz");
        CliRun missing = CliRun.run("sample", "--sampler", "nosuch.json", "--out", dir.resolve("x.png").toString());
        refused(missing, "no sampler file nosuch.json (--sampler takes ddpm");
        assertTrue(missing.err().contains("or a sampler.json written by 'ddss search'"), missing.err());
    }

    /** Weights that are NaN are refused at load, naming the tensor; weights that overflow stop the sampling, writing nothing. */
    @Test
    void nonFiniteWeightsAndSamplesStopWithASentence(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        for (float bad : new float[] {Float.NaN, 3e38f}) {
            Path model = dir.resolve("model-" + bad);
            try (org.ddss.model.UNet2DModel m = org.ddss.model.UNet2DModel.load(fixture);
                 org.ddss.model.UNet2DModel w = m.writableCopy()) {
                w.params().get("conv_in.weight").value().set(0, bad);
                w.params().get("conv_out.weight").value().set(0, bad);
                w.save(model);
            }
            Path png = dir.resolve("out-" + bad + ".png");
            CliRun r = CliRun.run("sample", "--model", model.toString(), "-n", "2", "--steps", "3", "--out", png.toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            if (Float.isNaN(bad)) {
                assertTrue(r.err().contains("weight conv_in.weight holds NaN at element 0"), r.err());
            } else {
                assertTrue(r.err().contains("produced") && r.err().contains("in sample 0") && r.err().contains("nothing was written"),
                        r.err());
            }
            assertFalse(Files.exists(png), "nothing written");
        }
    }

    /** A sampler file whose numbers would give NaN or infinite samples is refused at load, naming the value. */
    @Test
    void samplerFilesWithAbsurdNumbersAreRefused(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        try (org.ddss.model.UNet2DModel model = org.ddss.model.Embedded.model()) {
            org.ddss.search.SearchSpace space = new org.ddss.search.SearchSpace(org.ddss.search.Family.GGDM_PRED, 3, true,
                    org.ddss.search.Conversion.MARGINALS, org.ddss.model.Embedded.schedule());
            new org.ddss.search.LearnedSampler(space, space.initial(), true, model.fingerprint(), java.util.Map.of()).save(good);
        }
        String text = Files.readString(good);
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("\"parameters\":\\[([^,\\]]+)").matcher(text);
        assertTrue(first.find(), text);
        for (String bad : new String[] {"1e30", "1e300", "-1e300", "1e400"}) {
            Path file = dir.resolve("bad.json");
            Files.writeString(file, text.substring(0, first.start(1)) + bad + text.substring(first.end(1)));
            CliRun r = CliRun.run("sample", "--sampler", file.toString(), "-n", "2", "--out", dir.resolve("x.png").toString());
            if (bad.equals("1e400")) {
                refused(r, "field 'parameters' item 0 is 1E+400, not a finite number");
            } else {
                refused(r, "parameter 0 (");
                assertTrue(r.err().contains("parameters lie within +-100"), bad + ": " + r.err());
            }
        }
    }

    /** A model too large for one call on this machine is named by model info and refused by sample before any work. */
    @Test
    void absurdSampleSizesAreRefusedInASentence(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        Path model = Files.createDirectories(dir.resolve("m4096"));
        for (String f : new String[] {"config.json", "diffusion_pytorch_model.safetensors"}) {
            Files.copy(fixture.resolve(f), model.resolve(f));
        }
        Files.writeString(model.resolve("config.json"), Files.readString(model.resolve("config.json"))
                .replaceFirst("\"sample_size\": *16", "\"sample_size\": 4096"));
        CliRun info = CliRun.run("model", "info", model.toString());
        assertEquals(1, info.code(), info.out() + info.err());
        assertTrue(info.out().contains("Problem     one model call at 4096x4096 would need 64.0 TB of memory"), info.out());
        CliRun r = CliRun.run("sample", "--model", model.toString(), "-n", "1", "--out", dir.resolve("x.png").toString());
        refused(r, "one model call on [1, 4096, 4096, 1] would need 64.0 TB of memory");
        assertFalse(r.err().contains("note: 1 samples at"), "refused before the long-job note: " + r.err());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }
}
