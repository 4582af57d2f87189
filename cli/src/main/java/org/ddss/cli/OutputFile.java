package org.ddss.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks an output file option before any work, so that a long job does not fail at its end. */
final class OutputFile {
    private OutputFile() {}

    /**
     * Refuses, in one sentence, an output path that is a directory, lacks the extension the
     * format needs, or whose folder is a file or cannot be written.
     */
    static void require(Path file, String option, String extension) {
        if (Files.isDirectory(file)) {
            throw new BadInput(option + " " + file + " is a folder; give a file name ending in " + extension);
        }
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension)) {
            throw new BadInput(option + " " + file + ": the file is written as " + extension.substring(1).toUpperCase(Locale.ROOT)
                    + "; give a name ending in " + extension);
        }
        Path parent = file.toAbsolutePath().getParent();
        // The nearest existing ancestor decides: it must be a writable folder (missing folders are created).
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new BadInput(option + " " + file + ": " + existing + " is a file, not a folder");
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw new BadInput(option + " " + file + ": the folder " + existing + " cannot be written");
        }
    }
}
