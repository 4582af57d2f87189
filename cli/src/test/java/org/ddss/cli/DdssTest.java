package org.ddss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DdssTest {

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /**
     * {@code java -jar ddss.jar} with no JVM options: the entry point starts java again with the
     * Vector API's module. Run here from the test class path, which is what the jar's manifest
     * Class-Path amounts to.
     */
    @Test
    void aPlainJavaLaunchWithoutTheFlagsWorks() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.matches("(?s).*ddss \\d+\\.\\d+\\.\\d+\\S* \\((commit [0-9a-f]{7}|not built from a git checkout).*"), out);
        assertTrue(out.contains("Backends ") && out.contains("java"), out);
        assertFalse(out.contains("without the Vector API"), out);
    }

    @Test
    void infoListsBackendsSelectionVectorAndThreads() {
        CliRun r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("JDK         " + Runtime.version()), r.out());
        assertTrue(r.out().contains("java      Vector API"), r.out());
        assertTrue(r.out().contains("dnnl"), r.out());
        assertTrue(r.out().contains("Selected"), r.out());
        assertTrue(r.out().matches("(?s).*Threads     [1-9][0-9]*.*"), r.out());
    }

    @Test
    void modelInfoDescribesAFolderAndReportsProblems(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = java.nio.file.Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        CliRun ok = run("model", "info", model.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("Parameters  176,849 in"), ok.out());
        assertTrue(ok.out().contains("[DownBlock2D, AttnDownBlock2D] (downsample padding 0)"), ok.out());
        assertTrue(ok.out().contains("Problems    none"), ok.out());
        assertTrue(ok.out().contains("Schedule    linear(1000, 1.0E-4, 0.02) (no scheduler_config.json: the DDPM default)"), ok.out());
        java.nio.file.Files.copy(model.resolve("config.json"), dir.resolve("config.json"));
        java.nio.file.Files.writeString(dir.resolve("scheduler_config.json"), "{\"prediction_type\": \"v_prediction\"}");
        CliRun bad = run("model", "info", dir.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.out().contains("Problem     ") && bad.out().contains("diffusion_pytorch_model.safetensors"), bad.out());
        assertTrue(bad.out().contains("Problem     " + dir.resolve("scheduler_config.json") + ": prediction_type = v_prediction"),
                bad.out());
    }

    @Test
    void sampleWritesAPngGridAndRawSamples(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = java.nio.file.Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        java.nio.file.Path png = dir.resolve("grid.png"), raw = dir.resolve("raw.safetensors");
        CliRun r = run("sample", "--model", model.toString(), "--sampler", "dpmpp2m", "--steps", "3", "-n", "5",
                "--out", png.toString(), "--raw", raw.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("dpmpp2m(K=3): 5 samples"), r.out());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(3 * (16 + 2) + 2, img.getWidth());
        assertEquals(2 * (16 + 2) + 2, img.getHeight());
        try (org.ddss.io.SafeTensors st = org.ddss.io.SafeTensors.open(raw)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {5, 16, 16, 1}, st.tensor("samples").shape());
            for (float v : st.tensor("samples").toArray()) {
                assertTrue(v >= -1 && v <= 1, "clipped sample " + v);
            }
        }
        assertTrue(r.err().contains("has no scheduler_config.json (nor has a pipeline around it one in scheduler/); assuming "
                + "the DDPM default schedule linear(1000, 1.0E-4, 0.02)"), r.err());
        CliRun bad = run("sample", "--model", model.toString(), "--sampler", "euler");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown sampler 'euler'"), bad.err());
        assertEquals(2, run("sample", "--model", model.toString(), "--steps", "0").code());
    }

    @Test
    void aModelIsSampledOnTheScheduleItsFolderNames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path fixture = java.nio.file.Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        java.nio.file.Path model = java.nio.file.Files.createDirectories(dir.resolve("model"));
        for (String f : new String[] {"config.json", "diffusion_pytorch_model.safetensors"}) {
            java.nio.file.Files.copy(fixture.resolve(f), model.resolve(f));
        }
        float[][] samples = new float[2][];
        String[] schedules = {"linear", "cosine"};
        for (int i = 0; i < 2; i++) {
            org.ddss.model.SchedulerConfig.write(org.ddss.diffusion.NoiseSchedule.parse(schedules[i]), model);
            java.nio.file.Path raw = dir.resolve(schedules[i] + ".safetensors");
            CliRun r = run("sample", "--model", model.toString(), "--sampler", "ddim", "--steps", "3", "-n", "2",
                    "--out", dir.resolve("g.png").toString(), "--raw", raw.toString());
            assertEquals(0, r.code(), r.out() + r.err());
            assertFalse(r.err().contains("assuming"), r.err());
            try (org.ddss.io.SafeTensors st = org.ddss.io.SafeTensors.open(raw)) {
                samples[i] = st.tensor("samples").toArray();
            }
        }
        assertFalse(java.util.Arrays.equals(samples[0], samples[1]), "the cosine schedule changes the samples");

        java.nio.file.Files.writeString(model.resolve("scheduler_config.json"), "{\"prediction_type\": \"v_prediction\"}");
        CliRun bad = run("sample", "--model", model.toString(), "--steps", "2", "-n", "1", "--out", dir.resolve("g.png").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("ddss sample: " + model.resolve("scheduler_config.json") + ": prediction_type = v_prediction"),
                bad.err());
    }

    @Test
    void searchWritesItsFilesAndTheLearnedSamplerDrivesSampleAndEval(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path out = dir.resolve("search");
        CliRun r = run("search", "--steps", "3", "--iterations", "3", "--batch", "4", "--checkpoint-every", "1",
                "--eval-samples", "20", "--validation-samples", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        for (String f : new String[] {"sampler.json", "loss.png", "before-after.png", "search.safetensors"}) {
            assertTrue(java.nio.file.Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(r.out().contains("| ddim(eta=0.0, K=3) | 3 | 20 |"), r.out());
        assertTrue(r.out().contains("| dpmpp2m(K=3) | 3 | 20 |"), r.out());
        // By default GGDM+PRED starts from DPM-Solver++(2M), at its own learning rate.
        assertTrue(r.out().contains("| ddss ggdm+pred+time(K=3) from dpmpp2m | 3 | 20 |"), r.out());
        String json = java.nio.file.Files.readString(out.resolve("sampler.json"));
        assertTrue(json.contains("\"init\":\"dpmpp2m\"") && json.contains("\"lr\":0.001,"), json);
        assertTrue(r.err().contains("search [") && r.err().contains("KID(linear)"), r.err());
        String sampler = out.resolve("sampler.json").toString();

        java.nio.file.Path png = dir.resolve("learned.png");
        CliRun s = run("sample", "--sampler", sampler, "--steps", "7", "-n", "4", "--out", png.toString());
        assertEquals(0, s.code(), s.out() + s.err());
        assertTrue(s.err().contains("note: --steps does nothing with a learned sampler"), s.err());
        assertTrue(s.out().contains("ddss ggdm+pred+time(K=3) from dpmpp2m: 4 samples"), s.out());
        assertTrue(java.nio.file.Files.size(png) > 0);

        CliRun show = run("sampler", "show", sampler);
        assertEquals(0, show.code(), show.out() + show.err());
        assertTrue(show.out().contains("Sampler     ddss ggdm+pred+time(K=3) from dpmpp2m (format ddss-sampler, version 1)")
                && show.out().contains("Started at  dpmpp2m, diffusers' trailing times") && show.out().contains("Diffusers   set_timesteps(timesteps=[999, ")
                && show.out().contains("ComfyUI     SIGMAS 157.4, ") && show.out().contains("kept step"), show.out());
        CliRun missing = run("sampler", "show", dir.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no sampler file") && !missing.err().contains("Usage:"), missing.err());

        CliRun e = run("eval", "--table", "--rows", "ddim:3," + sampler + ",ipndm:3@linspace,unipc:3,dpmpp3m:3", "-n", "20");
        assertEquals(0, e.code(), e.out() + e.err());
        assertTrue(e.out().contains("| train digits | – | 20 |"), e.out());
        assertTrue(e.err().contains("note: FID at n = 20 is biased upwards (it falls as n grows; below the ")
                && e.err().contains(" feature dimensions the covariance is singular"),
                e.err());
        assertTrue(e.out().contains("| ddss ggdm+pred+time(K=3) from dpmpp2m | 3 | 20 |"), e.out());
        assertTrue(e.out().contains("| ipndm(K=3) @linspace | 3 | 20 |") && e.out().contains("| unipc(bh2, K=3) | 3 | 20 |")
                && e.out().contains("| dpmpp3m(K=3) | 3 | 20 |"), e.out());

        java.nio.file.Path other = java.nio.file.Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        CliRun wrongModel = run("sample", "--model", other.toString(), "--sampler", sampler, "-n", "2", "--out", png.toString());
        assertEquals(2, wrongModel.code());
        assertTrue(wrongModel.err().contains("was searched for model")
                && wrongModel.err().contains("; add --force to use it with this model anyway"), wrongModel.err());
        assertEquals(0, run("sample", "--model", other.toString(), "--sampler", sampler, "--force", "-n", "2",
                "--out", png.toString()).code());
        CliRun notDigits = run("eval", "--model", other.toString(), "-n", "4");
        assertEquals(2, notDigits.code());
        assertTrue(notDigits.err().contains("read 28x28 grey images (1 channel), but the model makes 16x16x"), notDigits.err());
        assertFalse(notDigits.err().contains("Usage:"), "one sentence, not the usage page: " + notDigits.err());
        CliRun searchNotDigits = run("search", "--model", other.toString(), "--out", dir.resolve("w").toString());
        assertEquals(2, searchNotDigits.code());
        assertTrue(searchNotDigits.err().contains("the model makes 16x16x1 samples") && !searchNotDigits.err().contains("Usage:"),
                searchNotDigits.err());
        java.nio.file.Path quiet = dir.resolve("no-validation");
        CliRun noValidation = run("search", "--steps", "2", "--iterations", "1", "--batch", "2", "--validate-every", "0",
                "--eval-samples", "0", "--out", quiet.toString());
        assertEquals(0, noValidation.code(), noValidation.out() + noValidation.err());
        String quietJson = java.nio.file.Files.readString(quiet.resolve("sampler.json"));
        assertFalse(quietJson.contains("validation_kid"));
        // Nothing validated, so the best parameters are the last ones.
        assertTrue(quietJson.contains("\"selected\":\"best\",\"selected_step\":1"), quietJson);
        assertTrue(r.out().contains("kept the parameters after step"), r.out());
        CliRun badSelect = run("search", "--select", "first", "--out", dir.resolve("z").toString());
        assertEquals(2, badSelect.code());
        assertTrue(badSelect.err().contains("unknown selection 'first' (best, last)"), badSelect.err());

        java.nio.file.Path fromDdim = dir.resolve("from-ddim");
        CliRun d = run("search", "--init", "ddim", "--steps", "3", "--iterations", "1", "--batch", "2", "--validate-every", "0",
                "--eval-samples", "0", "--out", fromDdim.toString());
        assertEquals(0, d.code(), d.out() + d.err());
        assertTrue(d.err().contains("ggdm+pred+time(K=3) from ddim, ") && d.err().contains("samples at lr 0.005;"), d.err());
        assertTrue(java.nio.file.Files.readString(fromDdim.resolve("sampler.json")).contains("\"lr\":0.005,"));
        CliRun ds = run("sample", "--sampler", fromDdim.resolve("sampler.json").toString(), "-n", "2", "--out", png.toString());
        assertTrue(ds.out().contains("ddss ggdm+pred+time(K=3): 2 samples"), ds.out());
        // A family without DPM-Solver++ starts from DDIM by default.
        java.nio.file.Path ggdm = dir.resolve("ggdm");
        CliRun g = run("search", "--family", "ggdm", "--steps", "3", "--iterations", "1", "--batch", "2", "--validate-every", "0",
                "--eval-samples", "0", "--lr", "0.002", "--out", ggdm.toString());
        assertEquals(0, g.code(), g.out() + g.err());
        String ggdmJson = java.nio.file.Files.readString(ggdm.resolve("sampler.json"));
        assertTrue(ggdmJson.contains("\"init\":\"ddim\"") && ggdmJson.contains("\"lr\":0.002,"), ggdmJson);
        CliRun wrongFamily = run("search", "--init", "dpmpp2m", "--family", "ggdm", "--out", dir.resolve("y").toString());
        assertEquals(2, wrongFamily.code());
        assertTrue(wrongFamily.err().contains("needs the ggdm+pred family"), wrongFamily.err());

        CliRun badSeed = run("search", "--seed", "1000000", "--out", dir.resolve("x").toString());
        assertEquals(2, badSeed.code());
        assertTrue(badSeed.err().contains("evaluation uses 1000000"), badSeed.err());
        assertEquals(2, run("search", "--family", "ggdm+magic").code());
    }

    @Test
    void convertTurnsPyTorchCheckpointsIntoSafetensors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path bin = java.nio.file.Path.of(getClass().getResource("/fixtures/torch/attn16-bin/config.json").toURI()).getParent();
        CliRun info = run("model", "info", bin.toString());
        assertEquals(0, info.code(), info.out() + info.err());
        java.nio.file.Path out = dir.resolve("converted");
        CliRun folder = run("convert", bin.toString(), out.toString());
        assertEquals(0, folder.code(), folder.out() + folder.err());
        assertTrue(java.nio.file.Files.isRegularFile(out.resolve("diffusion_pytorch_model.safetensors")), folder.out());
        CliRun sample = run("sample", "--model", out.toString(), "--steps", "2", "-n", "2", "--out", dir.resolve("g.png").toString());
        assertEquals(0, sample.code(), sample.out() + sample.err());
        java.nio.file.Path pth = java.nio.file.Path.of(getClass().getResource("/fixtures/torch/state_zip.pth").toURI());
        CliRun file = run("convert", pth.toString(), dir.resolve("state.safetensors").toString());
        assertEquals(0, file.code(), file.out() + file.err());
        assertTrue(file.out().contains("converted 9 tensors"), file.out());
        CliRun missing = run("convert", dir.resolve("nothing").toString(), dir.resolve("x.safetensors").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("is neither a file nor a folder"), missing.err());
    }

    @Test
    void helpAndUsageErrorsUsePicocliExitCodes() {
        CliRun help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("info"), help.out());
        assertEquals(2, run("no-such-command").code());
        assertEquals(2, run("info", "--bogus").code());
        assertEquals(2, run().code());
    }

    @Test
    void trainModelFineTunesFromAFolderWithACosineDecay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path init = dir.resolve("init"), out = dir.resolve("run");
        String tiny = """
                {"sample_size": 28, "in_channels": 1, "out_channels": 1, "block_out_channels": [8, 8],
                 "layers_per_block": 1, "attention_head_dim": null, "norm_num_groups": 4,
                 "down_block_types": ["DownBlock2D", "AttnDownBlock2D"], "up_block_types": ["AttnUpBlock2D", "UpBlock2D"]}
                """;
        String before;
        try (var m = org.ddss.model.UNet2DModel.random(org.ddss.model.UNetConfig.parse(tiny), 3)) {
            m.save(init);
            before = m.fingerprint();
        }
        CliRun r = run("train", "model", "--init", init.toString(), "--out", out.toString(), "--steps", "3", "--batch", "4",
                "--warmup", "1", "--lr-floor", "0", "--ema", "0", "--checkpoint-every", "2", "--schedule", "cosine");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(org.ddss.diffusion.NoiseSchedule.cosine(1000), org.ddss.model.SchedulerConfig.ofModel(out.resolve("ema")));
        java.nio.file.Path again = dir.resolve("again");
        CliRun more = run("train", "model", "--init", out.resolve("ema").toString(), "--out", again.toString(), "--steps", "1",
                "--batch", "2", "--warmup", "0");
        assertEquals(0, more.code(), more.out() + more.err());
        assertEquals(org.ddss.diffusion.NoiseSchedule.cosine(1000), org.ddss.model.SchedulerConfig.ofModel(again.resolve("ema")),
                "fine-tuning keeps the schedule of the folder it starts from");
        assertTrue(r.err().contains("training " + init + " (") && r.err().contains("lrFloor=0.0"), r.err());
        try (var trained = org.ddss.model.UNet2DModel.load(out.resolve("ema"))) {
            assertEquals(org.ddss.model.UNetConfig.parse(tiny), trained.config());
            assertFalse(before.equals(trained.fingerprint()), "fine-tuning changed the weights");
        }
        CliRun bad = run("train", "model", "--out", out.toString(), "--lr-floor", "2");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("lrFloor=2.0 (0..1)"), bad.err());
        CliRun badSchedule = run("train", "model", "--out", out.toString(), "--schedule", "sigmoid");
        assertEquals(2, badSchedule.code());
        assertTrue(badSchedule.err().contains("unknown noise schedule 'sigmoid'"), badSchedule.err());
    }

    /** Help pages: options grouped by importance with every option present, examples, and help for nested commands. */
    @Test
    void helpPagesGroupOptionsShowExamplesAndReachSubcommands() {
        CliRun search = run("help", "search");
        assertEquals(0, search.code(), search.err());
        String page = search.out();
        int sampler = page.indexOf("The sampler to learn:"), model = page.indexOf("Model and features:"),
                output = page.indexOf("Output and resuming:"), optimisation = page.indexOf("Optimisation:"),
                help = page.indexOf("Help:"), examples = page.indexOf("Examples:");
        assertTrue(0 < sampler && sampler < model && model < output && output < optimisation && optimisation < help
                && help < examples, page);
        assertTrue(page.indexOf("--steps", sampler) < page.indexOf("--batch=", sampler), "the steps before the batch: " + page);
        for (CommandLine sub : Ddss.commandLine().getSubcommands().values()) {
            CliRun h = run(sub.getCommandName(), "--help");
            for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
                assertTrue(h.out().contains(o.longestName()), sub.getCommandName() + " lists " + o.longestName() + ": " + h.out());
            }
        }
        for (String command : new String[] {"search", "sample", "eval", "stats"}) {
            assertTrue(run(command, "--help").out().contains("Examples:"), command);
        }
        CliRun nested = run("help", "train", "model");
        assertTrue(nested.out().startsWith("Usage: ddss train model"), nested.out());
        assertTrue(nested.out().replaceAll("\\s+", " ").contains("a preset (" + org.ddss.model.Presets.NAMES + ")"), nested.out());
        CliRun unknown = run("help", "train", "nosuch");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown command 'nosuch' under 'ddss train' (its commands: model, classifier)"), unknown.err());
        CliRun completion = run("generate-completion");
        assertTrue(completion.out().contains("complete -F") && completion.out().contains("--validate-every"), completion.out());
    }

    /** A pipeline's root given where a model folder belongs gets its unet/ subfolder suggested. */
    @Test
    void aPipelineRootSuggestsItsUnetFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = java.nio.file.Path.of(getClass().getResource("/fixtures/unet/attn16/config.json").toURI()).getParent();
        java.nio.file.Files.createDirectories(dir.resolve("unet"));
        java.nio.file.Files.copy(model.resolve("config.json"), dir.resolve("unet/config.json"));
        CliRun r = run("sample", "--model", dir.toString(), "-n", "1", "--out", dir.resolve("x.png").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(dir + " is a diffusers pipeline, not a model folder: give its unet/ subfolder, " + dir.resolve("unet")),
                r.err());
    }
}
