package org.ddss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A job whose model calls alone take longer than ten minutes is announced, with its size, before it starts. */
class LongJobTest {
    @Test
    void longJobsGetOneLineUpFrontAndShortOnesNone() throws Exception {
        try (UNet2DModel model = Embedded.model()) {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Ddss()).setErr(new PrintWriter(err, true));
            // 100 samples at 20 calls: 0.19 TFLOP, a second's worth at the assumed rate.
            LongJob.note(cl, model, 100 * 20, "short");
            assertEquals("", err.toString());
            LongJob.note(cl, model, 20_000 * 1000.0, "20000 samples at 1000 model calls each");
            String line = err.toString();
            assertTrue(line.startsWith("note: 20000 samples at 1000 model calls each is 1.92e+03 TFLOP of model work"), line);
            assertTrue(line.contains("at least 2.7 hours"), line);
            assertEquals(1, line.lines().count(), line);
        }
    }
}
