package org.ddss.features;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.ddss.Progress;
import org.ddss.io.AtomicFile;

/**
 * Where pytorch-fid's Inception weights are, and how to get them: the file
 * {@value #FILE} (published at {@link #URL}; its name carries the first hex digits of its
 * SHA-256, {@value #SHA256_PREFIX}, by torch.hub's convention), looked for at system property
 * {@code ddss.inception}, else environment variable {@code DDSS_INCEPTION}, else in the user's
 * cache ({@code ${XDG_CACHE_HOME:-~/.cache}/ddss/weights/}).
 */
public final class InceptionWeights {
    public static final String FILE = "pt_inception-2015-12-05-6726825d.pth";
    public static final URI URL = URI.create("https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/" + FILE);
    public static final String SHA256_PREFIX = "6726825d";

    private InceptionWeights() {}

    /** The file the weights are read from (which may not exist yet). */
    public static Path location() {
        String set = System.getProperty("ddss.inception");
        if (set == null || set.isBlank()) {
            set = System.getenv("DDSS_INCEPTION");
        }
        return set != null && !set.isBlank() ? Path.of(set) : cacheFile();
    }

    /** The default place in the user's cache. */
    public static Path cacheFile() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("ddss").resolve("weights").resolve(FILE);
    }

    /** Loads the network from {@code file}, or from {@link #location()} when null; a missing file is an error that says how to get it. */
    public static InceptionV3 load(Path file) throws IOException {
        Path f = file == null ? location() : file;
        if (!Files.isRegularFile(f)) {
            throw new IOException("the FID Inception weights are not at " + f + (file == null
                    ? " (where --inception, system property ddss.inception, environment variable DDSS_INCEPTION or the cache put them)"
                    : "") + ": they are pytorch-fid's " + FILE + ", published at " + URL + " (SHA-256 " + SHA256_PREFIX
                    + "...); 'ddss fetch inception' downloads them to " + cacheFile());
        }
        return InceptionV3.load(f);
    }

    /**
     * Downloads {@code url} to {@code target}, keeping it only when its SHA-256 starts with
     * {@code sha256Prefix}; returns the full hash. The file appears at once or not at all.
     */
    public static String download(URI url, Path target, String sha256Prefix, Progress progress) throws IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(url + " answered HTTP " + response.statusCode() + "; nothing was saved");
        }
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        Files.createDirectories(target.toAbsolutePath().getParent());
        String[] hash = new String[1];
        AtomicFile.write(target, tmp -> {
            MessageDigest md = sha256();
            try (InputStream in = response.body(); var out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long done = 0, t0 = System.nanoTime();
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    done += n;
                    progress.update(done, Math.max(total, done), Double.NaN, done / ((System.nanoTime() - t0) / 1e9), null);
                }
            }
            hash[0] = HexFormat.of().formatHex(md.digest());
            if (!hash[0].startsWith(sha256Prefix)) {
                throw new IOException(url + ": SHA-256 " + hash[0] + " does not start with " + sha256Prefix
                        + "; the download is not the expected file and was not saved");
            }
        });
        return hash[0];
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
