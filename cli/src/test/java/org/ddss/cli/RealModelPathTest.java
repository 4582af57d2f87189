package org.ddss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.ddss.model.Presets;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Your own model" path, end to end through the command line, on what can be had
 * here: the google/ddpm-cifar10-32 architecture with random weights, synthetic CIFAR-10 binary
 * batches, and the width/8 Inception fixture standing in for pytorch-fid's weights.
 */
class RealModelPathTest {
    /** Its scheduler_config.json (DDPM's linear betas). */
    static final String SCHEDULER = """
            {"_class_name": "DDPMScheduler", "beta_end": 0.02, "beta_schedule": "linear", "beta_start": 0.0001,
             "num_train_timesteps": 1000, "prediction_type": "epsilon", "clip_sample": true}
            """;

    @Test
    void statsSearchAndEvalOnACifarModelWithInceptionFeatures(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("ddpm-cifar10-32");
        try (UNet2DModel m = UNet2DModel.random(UNetConfig.parse(Presets.DDPM_CIFAR10_32), 1)) {
            m.save(model);
        }
        Files.writeString(model.resolve("scheduler_config.json"), SCHEDULER);
        // CIFAR-10's binary format: a label byte, then 1024 red, 1024 green and 1024 blue bytes per image.
        Path batch = dir.resolve("data_batch_1.bin");
        byte[] bytes = new byte[24 * 3073];
        new Random(3).nextBytes(bytes);
        Files.write(batch, bytes);
        for (int i = 0; i < 24; i++) {
            bytes[i * 3073] = (byte) (i % 10);
        }
        Files.write(batch, bytes);
        String inception = Path.of(getClass().getResource("/fixtures/inception/inception_w8.pth").toURI()).toString();

        Path reference = dir.resolve("cifar-ref.npz");
        CliRun stats = CliRun.run("stats", "--cifar10", batch.toString(), "--inception", inception, "--batch", "8", "--out", reference.toString());
        assertEquals(0, stats.code(), stats.out() + stats.err());
        assertTrue(stats.out().contains("features of 24 images (32x32x3)"), stats.out());

        Path out = dir.resolve("search");
        CliRun search = CliRun.run("search", "--model", model.toString(), "--features", "inception", "--reference", reference.toString(),
                "--inception", inception, "--steps", "2", "--iterations", "1", "--batch", "2", "--validate-every", "0",
                "--eval-samples", "4", "--out", out.toString());
        assertEquals(0, search.code(), search.out() + search.err());
        assertTrue(search.err().contains("real features: 24 cifar-ref.npz"), search.err());
        assertTrue(search.out().contains("| sampler | NFE | n | FID (Inception) | KID (Inception) ×1e3 | seconds |"), search.out());
        assertTrue(search.out().contains("| ddss ggdm+pred+time(K=2) from dpmpp2m | 2 | 4 |"), search.out());
        assertTrue(Files.size(out.resolve("before-after.png")) > 0);

        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--features", "inception", "--reference", reference.toString(),
                "--inception", inception, "--table", "--rows", "ddim:2," + out.resolve("sampler.json"), "-n", "4");
        assertEquals(0, eval.code(), eval.out() + eval.err());
        assertTrue(eval.out().contains("| ddim(eta=0.0, K=2) | 2 | 4 |"), eval.out());
        assertTrue(eval.out().contains("(KID over 100 subsets of 4, all the samples: the protocol's subsets are 1000)"), eval.out());

        CliRun noReference = CliRun.run("eval", "--model", model.toString(), "--features", "inception", "-n", "4");
        assertEquals(2, noReference.code());
        assertTrue(noReference.err().contains("--reference stats.npz") && !noReference.err().contains("Usage:"), noReference.err());
        CliRun digits = CliRun.run("eval", "--model", model.toString(), "-n", "4");
        assertEquals(2, digits.code());
        assertTrue(digits.err().contains("--features inception"), digits.err());
        CliRun noWeights = CliRun.run("eval", "--model", model.toString(), "--features", "inception", "--reference", reference.toString(),
                "--inception", dir.resolve("missing.pth").toString(), "-n", "4");
        assertEquals(1, noWeights.code());
        assertTrue(noWeights.err().contains("ddss fetch inception") && noWeights.err().contains("6726825d"), noWeights.err());
    }

    @Test
    void fetchRefusesAFileWithTheWrongHash(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/w.pth", x -> {
            byte[] body = "not the weights".getBytes();
            x.sendResponseHeaders(200, body.length);
            try (var o = x.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            Path target = dir.resolve("w.pth");
            CliRun r = CliRun.run("fetch", "inception", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/w.pth",
                    "--to", target.toString());
            assertEquals(1, r.code());
            assertTrue(r.err().contains("does not start with 6726825d"), r.err());
            assertFalse(Files.exists(target));
            assertEquals(2, CliRun.run("fetch", "resnet").code());
        } finally {
            server.stop(0);
        }
    }
}
