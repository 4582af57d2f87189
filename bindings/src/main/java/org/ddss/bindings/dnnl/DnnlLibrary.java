package org.ddss.bindings.dnnl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
 * <p>Before loading, it sets {@code OMP_WAIT_POLICY=PASSIVE} in the process environment unless
 * the environment already names a policy, so that OpenMP's idle threads sleep instead of
 * spinning ({@link #openMpWaitPolicy()} says which policy holds).
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
    private record Loaded(SymbolLookup dnnl, SymbolLookup openmp, Path path, String ompNote, String waitPolicy,
                          String failure) {}

    private static final class Holder {
        static final Loaded LOADED = load();
    }

    private static Loaded load() {
        String waitPolicy = passiveThreads();
        Loaded loaded = loadLibraries();
        return loaded.failure() != null ? loaded
                : new Loaded(loaded.dnnl(), loaded.openmp(), loaded.path(), loaded.ompNote(), waitPolicy, null);
    }

    /**
     * Asks OpenMP to put idle threads to sleep at once, unless the environment already sets
     * {@code OMP_WAIT_POLICY}; says which policy holds. libgomp reads the variable once, when it
     * is loaded, so this runs first. Its default spins idle threads for a while after every
     * parallel region: those spinning threads took the two cores from the Java kernels that run
     * between oneDNN calls (a group norm after a convolution ran at half speed), and from any
     * other process: two search benchmarks side by side ran 16x slower each, against 1.4x with
     * passive threads (bench/README.md).
     */
    private static String passiveThreads() {
        String set = System.getenv("OMP_WAIT_POLICY");
        String spin = System.getenv("GOMP_SPINCOUNT");
        // libgomp lets an explicit spin count override the policy.
        String spinNote = spin == null || spin.isBlank() ? "" : ", but GOMP_SPINCOUNT=" + spin + " from the environment";
        if (set != null && !set.isBlank()) {
            return "OMP_WAIT_POLICY=" + set + " from the environment" + spinNote;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.defaultLookup().find("setenv")
                .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
                .orElse(null);
        if (setenv == null) {
            return "no setenv in the C library: OpenMP's default wait policy (idle threads spin)";
        }
        try (Arena tmp = Arena.ofConfined()) {
            int status = (int) setenv.invokeExact(tmp.allocateFrom("OMP_WAIT_POLICY"), tmp.allocateFrom("PASSIVE"), 1);
            return status == 0 ? "OMP_WAIT_POLICY=PASSIVE (idle threads sleep)" + spinNote
                    : "setenv(OMP_WAIT_POLICY, PASSIVE) returned " + status
                            + ": OpenMP's default wait policy (idle threads spin)";
        } catch (Throwable t) {
            return "setenv(OMP_WAIT_POLICY, PASSIVE) failed (" + t
                    + "): OpenMP's default wait policy (idle threads spin)";
        }
    }

    private static Loaded loadLibraries() {
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
                        null, null);
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
            return new Loaded(dnnl, gomp, dnnlPath, "OpenMP from " + gompPath, null, null);
        } catch (RuntimeException e) {
            return failed("cannot load " + gompPath + " and " + dnnlPath + ": " + e.getMessage());
        }
    }

    private static Loaded failed(String why) {
        return new Loaded(null, null, null, null, null, why);
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

    /**
     * OpenMP's wait policy for idle threads and where it comes from: {@code PASSIVE} set by this
     * loader, or the environment's {@code OMP_WAIT_POLICY} (and {@code GOMP_SPINCOUNT}, which
     * overrides it).
     */
    public static String openMpWaitPolicy() {
        return require().waitPolicy();
    }

    private static Loaded require() {
        Loaded l = Holder.LOADED;
        if (l.failure() != null) {
            throw new UnsatisfiedLinkError("oneDNN is unavailable: " + l.failure());
        }
        return l;
    }
}
