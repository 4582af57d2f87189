package org.ddss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.ddss.model.Presets;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ddss-spark eval} and {@code search}: ddss's options and output, on {@code local[2]}. */
class DdssSparkTest {
    @BeforeAll
    static void master() {
        // What spark-submit --master would set.
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
    }

    @AfterAll
    static void stop() {
        DdssSpark.stop();
        System.clearProperty("spark.master");
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = DdssSpark.commandLine();
        cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void evalAndSearchTakeDdssOptionsAndPartitions() {
        for (String command : new String[] {"eval", "search"}) {
            Run help = run(command, "--help");
            assertEquals(0, help.code(), help.err());
            for (String option : new String[] {"--partitions", "--model", "--features", "--reference", "--batch"}) {
                assertTrue(help.out().contains(option), command + " --help lacks " + option + ":\n" + help.out());
            }
        }
        assertTrue(run("search", "--help").out().contains("--iterations"));
        Run bad = run("search", "--batch", "1");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("ddss-spark search: "), bad.err());
    }

    @Test
    void evalPrintsTheRowOfTheSamplesSpreadOverTheExecutors() {
        Run r = run("eval", "--sampler", "ddim", "--steps", "3", "-n", "200", "--batch", "50", "--partitions", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ddim") && r.out().contains("FID"), r.out());
    }

    @Test
    void searchWritesTheSamplerFileOfASearchSpreadOverTheExecutors(@TempDir Path dir) {
        Run r = run("search", "--steps", "3", "--iterations", "2", "--batch", "8", "--validate-every", "0", "--eval-samples", "0",
                "--partitions", "2", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("sampler.json")), r.out());
        assertTrue(r.out().contains("search took"), r.out());
    }

    /**
     * The Inception protocol on the executors: the google/ddpm-cifar10-32 architecture (random
     * weights), a reference from synthetic CIFAR-10 images and the width/8 Inception fixture; the
     * cluster's eval row is ddss eval's, and a search step runs.
     */
    @Test
    void theInceptionProtocolRunsOnTheExecutors(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("ddpm-cifar10-32");
        try (UNet2DModel m = UNet2DModel.random(UNetConfig.parse(Presets.DDPM_CIFAR10_32), 1)) {
            m.save(model);
        }
        Files.writeString(model.resolve("scheduler_config.json"), """
                {"_class_name": "DDPMScheduler", "beta_end": 0.02, "beta_schedule": "linear", "beta_start": 0.0001,
                 "num_train_timesteps": 1000, "prediction_type": "epsilon", "clip_sample": true}
                """);
        byte[] bytes = new byte[16 * 3073]; // CIFAR-10's binary batches: a label byte, then 3 x 1024 bytes per image
        new Random(3).nextBytes(bytes);
        for (int i = 0; i < 16; i++) {
            bytes[i * 3073] = (byte) (i % 10);
        }
        Path batch = Files.write(dir.resolve("data_batch_1.bin"), bytes);
        String inception = Path.of("../core/src/test/resources/fixtures/inception/inception_w8.pth").toAbsolutePath().toString();
        Path reference = dir.resolve("ref.npz");
        assertEquals(0, org.ddss.cli.Ddss.commandLine().execute("stats", "--cifar10", batch.toString(), "--inception", inception,
                "--batch", "8", "--out", reference.toString()));
        String[] eval = {"eval", "--model", model.toString(), "--features", "inception", "--reference", reference.toString(),
            "--inception", inception, "--sampler", "ddim", "--steps", "2", "-n", "6", "--batch", "2"};
        StringWriter alone = new StringWriter();
        CommandLine one = org.ddss.cli.Ddss.commandLine();
        one.setOut(new PrintWriter(alone, true)).setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, one.execute(eval));
        String[] spread = java.util.Arrays.copyOf(eval, eval.length + 2);
        spread[eval.length] = "--partitions";
        spread[eval.length + 1] = "3";
        Run r = run(spread);
        assertEquals(0, r.code(), r.err());
        assertEquals(rowValues(alone.toString()), rowValues(r.out()));
        Run search = run("search", "--model", model.toString(), "--features", "inception", "--reference", reference.toString(),
                "--inception", inception, "--steps", "2", "--iterations", "1", "--batch", "4", "--validate-every", "0",
                "--eval-samples", "0", "--partitions", "2", "--out", dir.resolve("search").toString());
        assertEquals(0, search.code(), search.err());
        assertTrue(Files.isRegularFile(dir.resolve("search/sampler.json")), search.out());
    }

    /** The row of a one-row table without its seconds column: sampler, NFE, n, FID, KID. */
    static String rowValues(String table) {
        String row = table.lines().filter(l -> l.startsWith("| ddim")).findFirst().orElseThrow(() -> new AssertionError(table));
        return row.substring(0, row.lastIndexOf('|', row.length() - 2));
    }
}
