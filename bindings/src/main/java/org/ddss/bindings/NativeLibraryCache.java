package org.ddss.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Unpacks native libraries shipped as classpath resources into a versioned per-user cache
 * folder, so that {@code dlopen} can load them from a real file.
 *
 * <p>The cache folder is {@code <root>/<key>/}, where the root is system property
 * {@code ddss.native.cache}, else {@code $XDG_CACHE_HOME/ddss/native}, else
 * {@code ~/.cache/ddss/native}. A folder is only ever published whole: the files are written
 * into a temporary sibling folder with a {@value #MANIFEST} listing each file's size and
 * SHA-256, which is then renamed into place atomically. Two processes unpacking at once both
 * end up using the folder that won the rename. A published folder is verified against its
 * manifest on every use; one that disagrees (truncated, edited) is moved aside and redone.
 */
public final class NativeLibraryCache {
    /** Name of the manifest file inside a cache folder. */
    public static final String MANIFEST = "MANIFEST.sha256";

    private static final int ATTEMPTS = 5;

    private NativeLibraryCache() {}

    /** The cache root folder for this user (see the class comment). */
    public static Path defaultRoot() {
        String configured = System.getProperty("ddss.native.cache");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ddss").resolve("native");
    }

    /**
     * Returns {@code root/key}, holding verified copies of the resources {@code resourceDir/name}
     * for each of {@code names}, unpacking them first when missing or corrupt.
     *
     * @throws IOException when a resource is missing or the folder cannot be written
     */
    public static Path unpack(Path root, String key, ClassLoader loader, String resourceDir, List<String> names)
            throws IOException {
        Path target = root.resolve(key);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (Files.isDirectory(target)) {
                if (verify(target)) {
                    return target;
                }
                discard(root, target);
            }
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, key + ".tmp-");
            try {
                Map<String, Entry> manifest = new LinkedHashMap<>();
                for (String name : names) {
                    manifest.put(name, copyResource(loader, resourceDir + "/" + name, tmp.resolve(name)));
                }
                writeManifest(tmp.resolve(MANIFEST), manifest);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    return target;
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot rename " + tmp + " to " + target + " atomically", e);
                } catch (FileSystemException e) {
                    // rename(2) onto a non-empty folder fails with ENOTEMPTY (reported as a plain
                    // FileSystemException): another process published first, so loop to verify
                    // and use its folder. Any other failure is real.
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                }
            } finally {
                deleteTree(tmp);
            }
        }
        throw new IOException("could not publish a verified native cache folder at " + target + " after "
                + ATTEMPTS + " attempts");
    }

    /** Whether {@code dir} holds a manifest and every file it lists with the listed size and SHA-256. */
    public static boolean verify(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return false;
        }
        try {
            Map<String, Entry> manifest = readManifest(manifestFile);
            if (manifest.isEmpty()) {
                return false;
            }
            for (Map.Entry<String, Entry> e : manifest.entrySet()) {
                Path file = dir.resolve(e.getKey());
                if (!Files.isRegularFile(file) || Files.size(file) != e.getValue().size()
                        || !sha256(file).equals(e.getValue().sha256())) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** One manifest line: a file's size in bytes and its SHA-256 in hex. */
    private record Entry(long size, String sha256) {}

    private static Entry copyResource(ClassLoader loader, String resource, Path dest) throws IOException {
        try (InputStream raw = loader.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException("resource " + resource + " is not on the classpath");
            }
            MessageDigest md = sha256Digest();
            long size;
            try (DigestInputStream in = new DigestInputStream(raw, md)) {
                size = Files.copy(in, dest);
            }
            return new Entry(size, HexFormat.of().formatHex(md.digest()));
        }
    }

    private static void writeManifest(Path file, Map<String, Entry> manifest) throws IOException {
        List<String> lines = new ArrayList<>();
        manifest.forEach((name, e) -> lines.add(e.sha256() + " " + e.size() + " " + name));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static Map<String, Entry> readManifest(Path file) throws IOException {
        Map<String, Entry> manifest = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split(" ", 3);
            if (parts.length != 3 || parts[2].contains("/") || parts[2].startsWith(".")) {
                throw new IOException("malformed manifest line in " + file + ": " + line);
            }
            manifest.put(parts[2], new Entry(Long.parseLong(parts[1]), parts[0]));
        }
        return manifest;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** Moves a bad folder aside atomically (so no process sees it half deleted), then deletes it. */
    private static void discard(Path root, Path bad) throws IOException {
        Path aside = Files.createTempDirectory(root, bad.getFileName() + ".bad-");
        Files.delete(aside);
        try {
            Files.move(bad, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException alreadyGone) {
            return;
        }
        deleteTree(aside);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
