package org.ddss.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.ddss.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the FID weights, and downloading them (from a server on the loopback address) with the hash checked. */
class InceptionWeightsTest {
    @Test
    void aMissingFileSaysWhereItWasLookedForAndWhereItIsPublished(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> InceptionWeights.load(dir.resolve("none.pth")));
        assertTrue(e.getMessage().contains(dir.resolve("none.pth").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(InceptionWeights.URL.toString()) && e.getMessage().contains("6726825d"), e.getMessage());
        assertTrue(e.getMessage().contains("ddss fetch inception"), e.getMessage());
    }

    @Test
    void aDownloadIsKeptOnlyWhenItsHashMatches(@TempDir Path dir) throws Exception {
        byte[] body = new byte[300_000];
        new java.util.Random(1).nextBytes(body);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/w.pth", x -> {
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/w.pth");
            Path target = dir.resolve("cache").resolve("w.pth");
            long[] seen = {0};
            String got = InceptionWeights.download(url, target, sha.substring(0, 8), (step, total, l, r, m) -> seen[0] = step);
            assertTrue(got.equals(sha));
            assertArrayEquals(body, Files.readAllBytes(target));
            assertTrue(seen[0] == body.length, "progress reached " + seen[0]);

            Path other = dir.resolve("other.pth");
            IOException bad = assertThrows(IOException.class, () -> InceptionWeights.download(url, other, "00000000", Progress.NONE));
            assertTrue(bad.getMessage().contains("does not start with 00000000"), bad.getMessage());
            assertFalse(Files.exists(other), "a file whose hash is wrong is not left behind");

            URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing");
            IOException notFound = assertThrows(IOException.class, () -> InceptionWeights.download(missing, other, "0", Progress.NONE));
            assertTrue(notFound.getMessage().contains("HTTP 404"), notFound.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
