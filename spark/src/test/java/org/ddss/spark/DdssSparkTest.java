package org.ddss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
