package org.ddss.bindings.dnnl;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ddss.bindings.NativeLibraryCache;

/**
 * Finds and loads oneDNN ({@code libdnnl.so.3}) once per process.
 *
 * <p>By default the library and its OpenMP runtime ({@code libgomp.so.1}) come from the
 * {@code org.bytedeco:dnnl} jar on the classpath, unpacked by {@link NativeLibraryCache} into
 * {@code <cache root>/}{@value #CACHE_KEY}. System property {@code ddss.dnnl.library} or
 * environment variable {@code DDSS_DNNL_LIBRARY} names another {@code libdnnl.so} instead; that
 * library then finds its own threading runtime.
 *
 * <p>Loading never throws from here: when it fails, {@link #unavailableReason()} says what
 * failed and where, and {@link #lookup()} throws an {@link UnsatisfiedLinkError} carrying it,
 * so that callers can fall back to another backend. The libraries stay loaded for the life of
 * the process (they are held by a global arena), as native libraries do.
 */
@SuppressWarnings("restricted")
public final class DnnlLibrary {
    /** Version of the jar the libraries come from; part of the cache folder name. */
    public static final String JAR_VERSION = "3.13-1.5.14";
    /** Cache folder name: changing the jar version changes the folder. */
    public static final String CACHE_KEY = "dnnl-" + JAR_VERSION + "-linux-x86_64";
    /** Classpath folder of the native files inside the jar. */
    public static final String RESOURCE_DIR = "org/bytedeco/dnnl/linux-x86_64";
    /** The native files unpacked from the jar, in load order. */
    public static final List<String> FILES = List.of("libgomp.so.1", "libdnnl.so.3");

    private DnnlLibrary() {}

    /** The outcome of the one load attempt: lookups and path on success, else the reason. */
    private record Loaded(SymbolLookup dnnl, SymbolLookup openmp, Path path, String ompNote, String failure) {}

    private static final class Holder {
        static final Loaded LOADED = load();
    }

    private static Loaded load() {
        String override = System.getProperty("ddss.dnnl.library");
        String source = "system property ddss.dnnl.library";
        if (override == null || override.isBlank()) {
            override = System.getenv("DDSS_DNNL_LIBRARY");
            source = "environment variable DDSS_DNNL_LIBRARY";
        }
        Arena arena = Arena.global();
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override);
            try {
                SymbolLookup dnnl = SymbolLookup.libraryLookup(path, arena);
                // dlsym on the library's handle also searches its dependencies, so this finds the
                // OpenMP runtime that this libdnnl itself loaded (when it uses OpenMP at all).
                boolean hasOmp = dnnl.find("omp_set_num_threads").isPresent();
                return new Loaded(dnnl, hasOmp ? dnnl : null, path,
                        hasOmp ? "OpenMP from the dependencies of " + path
                                : "no omp_set_num_threads among the dependencies of " + path
                                        + " (not an OpenMP build?): thread count left to the library",
                        null);
            } catch (RuntimeException e) {
                return failed("cannot load " + path + " named by " + source + ": " + e.getMessage());
            }
        }
        Path dir;
        try {
            dir = NativeLibraryCache.unpack(NativeLibraryCache.defaultRoot(), CACHE_KEY,
                    DnnlLibrary.class.getClassLoader(), RESOURCE_DIR, FILES);
        } catch (Exception e) {
            return failed("cannot unpack " + FILES + " from classpath folder " + RESOURCE_DIR
                    + " (is org.bytedeco:dnnl:" + JAR_VERSION + ":linux-x86_64 on the classpath?) into "
                    + NativeLibraryCache.defaultRoot().resolve(CACHE_KEY) + ": " + e);
        }
        Path gompPath = dir.resolve("libgomp.so.1");
        Path dnnlPath = dir.resolve("libdnnl.so.3");
        try {
            // libgomp first, from the same folder: libdnnl's RUNPATH ($ORIGIN) then resolves its
            // libgomp.so.1 to this very instance, so omp_set_num_threads reaches oneDNN's runtime.
            SymbolLookup gomp = SymbolLookup.libraryLookup(gompPath, arena);
            SymbolLookup dnnl = SymbolLookup.libraryLookup(dnnlPath, arena);
            return new Loaded(dnnl, gomp, dnnlPath, "OpenMP from " + gompPath, null);
        } catch (RuntimeException e) {
            return failed("cannot load " + gompPath + " and " + dnnlPath + ": " + e.getMessage());
        }
    }

    private static Loaded failed(String why) {
        return new Loaded(null, null, null, null, why);
    }

    /** Whether oneDNN loaded; triggers the load on first call. */
    public static boolean isAvailable() {
        return Holder.LOADED.failure() == null;
    }

    /** Why oneDNN did not load (what failed, with the path), or empty when it loaded. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.LOADED.failure());
    }

    /** The file libdnnl was loaded from. */
    public static Path path() {
        return require().path();
    }

    /** The symbols of the loaded libdnnl. */
    public static SymbolLookup lookup() {
        require();
        return Holder.LOADED.dnnl();
    }

    /** The symbols of the OpenMP runtime oneDNN uses, or empty (see {@link #openMpNote()}). */
    public static Optional<SymbolLookup> openMpLookup() {
        require();
        return Optional.ofNullable(Holder.LOADED.openmp());
    }

    /** Where the OpenMP runtime comes from, or why it is not used. */
    public static String openMpNote() {
        require();
        return Holder.LOADED.ompNote();
    }

    private static Loaded require() {
        Loaded l = Holder.LOADED;
        if (l.failure() != null) {
            throw new UnsatisfiedLinkError("oneDNN is unavailable: " + l.failure());
        }
        return l;
    }
}
