package org.ddss.bindings.openblas;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ddss.bindings.NativeLibraryCache;

/**
 * Finds and loads OpenBLAS ({@code libopenblas.so.0}, with its CBLAS and LAPACKE interfaces)
 * once per process: from the {@code org.bytedeco:openblas} jar on the classpath, unpacked by
 * {@link NativeLibraryCache} into {@code <cache root>/}{@value #CACHE_KEY} together with the
 * GNU Fortran runtime it needs; system property {@code ddss.openblas.library} or environment
 * variable {@code DDSS_OPENBLAS_LIBRARY} names another {@code libopenblas.so} instead.
 *
 * <p>Loading never throws from here: when it fails, {@link #unavailableReason()} says what failed
 * and where, and {@link #lookup()} throws an {@link UnsatisfiedLinkError} carrying it, so that
 * callers can fall back to Java code. The library stays loaded for the life of the process.
 */
@SuppressWarnings("restricted")
public final class OpenBlasLibrary {
    /** Version of the jar the libraries come from; part of the cache folder name. */
    public static final String JAR_VERSION = "0.3.31-1.5.13";
    /** Cache folder name: changing the jar version changes the folder. */
    public static final String CACHE_KEY = "openblas-" + JAR_VERSION + "-linux-x86_64";
    /** Classpath folder of the native files inside the jar. */
    public static final String RESOURCE_DIR = "org/bytedeco/openblas/linux-x86_64";
    /** The native files unpacked from the jar, in load order (each after what it needs). */
    public static final List<String> FILES = List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0");

    private OpenBlasLibrary() {}

    private record Loaded(SymbolLookup lookup, Path path, String failure) {}

    private static final class Holder {
        static final Loaded LOADED = load();
    }

    private static Loaded load() {
        String override = System.getProperty("ddss.openblas.library");
        String source = "system property ddss.openblas.library";
        if (override == null || override.isBlank()) {
            override = System.getenv("DDSS_OPENBLAS_LIBRARY");
            source = "environment variable DDSS_OPENBLAS_LIBRARY";
        }
        Arena arena = Arena.global();
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override);
            try {
                return new Loaded(SymbolLookup.libraryLookup(path, arena), path, null);
            } catch (RuntimeException e) {
                return new Loaded(null, null, "cannot load " + path + " named by " + source + ": " + e.getMessage());
            }
        }
        Path dir;
        try {
            dir = NativeLibraryCache.unpack(NativeLibraryCache.defaultRoot(), CACHE_KEY, OpenBlasLibrary.class.getClassLoader(),
                    RESOURCE_DIR, FILES);
        } catch (Exception e) {
            return new Loaded(null, null, "cannot unpack " + FILES + " from classpath folder " + RESOURCE_DIR
                    + " (is org.bytedeco:openblas:" + JAR_VERSION + ":linux-x86_64 on the classpath?) into "
                    + NativeLibraryCache.defaultRoot().resolve(CACHE_KEY) + ": " + e);
        }
        Path lib = dir.resolve("libopenblas.so.0");
        try {
            // Dependencies first, from the same folder, so the library's $ORIGIN run path binds to them.
            SymbolLookup last = null;
            for (String f : FILES) {
                last = SymbolLookup.libraryLookup(dir.resolve(f), arena);
            }
            return new Loaded(last, lib, null);
        } catch (RuntimeException e) {
            return new Loaded(null, null, "cannot load " + lib + " and its Fortran runtime from " + dir + ": " + e.getMessage());
        }
    }

    /** Whether OpenBLAS loaded; triggers the load on first call. */
    public static boolean isAvailable() {
        return Holder.LOADED.failure() == null;
    }

    /** Why OpenBLAS did not load (what failed, with the path), or empty when it loaded. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.LOADED.failure());
    }

    /** The file libopenblas was loaded from. */
    public static Path path() {
        return require().path();
    }

    /** The library's symbols; throws carrying the reason when it did not load. */
    public static SymbolLookup lookup() {
        return require().lookup();
    }

    private static Loaded require() {
        Loaded l = Holder.LOADED;
        if (l.failure() != null) {
            throw new UnsatisfiedLinkError("OpenBLAS is unavailable: " + l.failure());
        }
        return l;
    }
}
