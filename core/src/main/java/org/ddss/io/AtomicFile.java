package org.ddss.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers (and a process killed half-way) see either the old file or the
 * complete new one: the content goes to a temporary sibling, which is then renamed over the
 * target. The file gets ordinary permissions (rw-r--r--), not a temporary file's rw-------.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Something that writes the whole content to a path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path tmp) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
        try {
            writer.write(tmp);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Non-POSIX file systems keep their defaults.
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes the temporary files a write killed before its rename left in {@code dir} (named
     * {@code <target><digits>.tmp}); returns how many. Call it where a job that owns the folder
     * starts, never while another writes there.
     */
    public static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (var files = Files.newDirectoryStream(dir, p -> p.getFileName().toString().matches(".+\\d+\\.tmp")
                && Files.isRegularFile(p))) {
            for (Path p : files) {
                Files.deleteIfExists(p);
                removed++;
            }
        }
        return removed;
    }
}
