package org.ddss.bindings.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds and loads the NVIDIA libraries the CUDA backend binds, each once per process: the CUDA
 * runtime, the driver (for kernels compiled at run time), NVRTC, cuBLAS and cuDNN 9.
 *
 * <p>Each library is looked for, by its sonames (newest CUDA first), in this order:
 * <ol>
 *   <li>the folders of system property {@code ddss.cuda.path} or environment variable
 *       {@code DDSS_CUDA_PATH} (a {@code :}-separated list);</li>
 *   <li>{@code $CUDA_HOME/lib64}, {@code $CUDA_PATH/lib64}, {@code /usr/local/cuda/lib64} and
 *       {@code /usr/local/cuda/targets/x86_64-linux/lib};</li>
 *   <li>the {@code nvidia/<package>/lib} folders of NVIDIA's Python wheels ({@code nvidia-cudnn-cu12},
 *       {@code nvidia-cublas-cu12}, ... and the CUDA 13 {@code nvidia/cu13/lib}) under the usual
 *       site-packages folders, {@code $VIRTUAL_ENV} and {@code $CONDA_PREFIX};</li>
 *   <li>the dynamic linker's own search ({@code LD_LIBRARY_PATH}, the ldconfig cache), where the
 *       driver's {@code libcuda.so.1} normally is.</li>
 * </ol>
 *
 * <p>Loading never throws from here: {@link #unavailableReason(Library)} says which library is
 * missing and where it was looked for; a downcall into a library that did not load throws an
 * {@link UnsatisfiedLinkError} carrying that reason. Libraries stay loaded for the life of the
 * process.
 */
@SuppressWarnings("restricted")
public final class CudaLibraries {
    /** The libraries, with their sonames (newest first) and wheel folders. */
    public enum Library {
        /** The CUDA runtime ({@code cudart}). */
        CUDART("CUDA runtime", List.of("libcudart.so.13", "libcudart.so.12"), List.of("cu13", "cuda_runtime")),
        /** The CUDA driver API, from the NVIDIA driver, used to load NVRTC's PTX. */
        DRIVER("CUDA driver", List.of("libcuda.so.1"), List.of()),
        /** The run-time compiler of our few CUDA C kernels. */
        NVRTC("NVRTC", List.of("libnvrtc.so.13", "libnvrtc.so.12"), List.of("cu13", "cuda_nvrtc")),
        /** cuBLAS (matrix products); its {@code libcublasLt} is loaded first from the same folder. */
        CUBLAS("cuBLAS", List.of("libcublas.so.13", "libcublas.so.12"), List.of("cu13", "cublas")),
        /** cuDNN 9's shim library, which loads its sub-libraries from its own folder. */
        CUDNN("cuDNN 9", List.of("libcudnn.so.9"), List.of("cudnn"));

        final String title;
        final List<String> sonames;
        final List<String> wheelPackages;

        Library(String title, List<String> sonames, List<String> wheelPackages) {
            this.title = title;
            this.sonames = sonames;
            this.wheelPackages = wheelPackages;
        }

        /** The library's name for messages, e.g. {@code cuDNN 9}. */
        public String title() {
            return title;
        }
    }

    private CudaLibraries() {}

    /** The outcome of one library's load: its lookup and file, or why it failed. */
    private record Loaded(SymbolLookup lookup, Path path, String failure) {}

    private static final Map<Library, Loaded> LOADED = new EnumMap<>(Library.class);

    private static synchronized Loaded loaded(Library lib) {
        return LOADED.computeIfAbsent(lib, CudaLibraries::load);
    }

    private static Loaded load(Library lib) {
        List<Path> dirs = searchFolders(lib);
        List<String> errors = new ArrayList<>();
        for (Path dir : dirs) {
            for (String so : lib.sonames) {
                Path file = dir.resolve(so);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    if (lib == Library.CUBLAS) {
                        // libcublas needs libcublasLt of the same version; loaded from here first, the
                        // dynamic linker reuses it instead of searching its own path.
                        Path lt = dir.resolve(so.replace("libcublas", "libcublasLt"));
                        if (Files.isRegularFile(lt)) {
                            SymbolLookup.libraryLookup(lt, Arena.global());
                        }
                    }
                    return new Loaded(SymbolLookup.libraryLookup(file, Arena.global()), file, null);
                } catch (RuntimeException e) {
                    errors.add(file + ": " + e.getMessage());
                }
            }
        }
        for (String so : lib.sonames) {
            try {
                return new Loaded(SymbolLookup.libraryLookup(so, Arena.global()), Path.of(so), null);
            } catch (RuntimeException e) {
                // Not on the linker's path either; reported below with the folders searched.
            }
        }
        StringBuilder why = new StringBuilder(lib.title + " not found: none of " + lib.sonames + " in "
                + (dirs.isEmpty() ? "any searched folder" : dirs.toString())
                + " nor on the dynamic linker's path; set DDSS_CUDA_PATH (or -Dddss.cuda.path) to the folder that holds it");
        if (!errors.isEmpty()) {
            why.append("; found but failed to load: ").append(String.join("; ", errors));
        }
        return new Loaded(null, null, why.toString());
    }

    /** The existing folders searched for a library, in order, without duplicates. */
    static List<Path> searchFolders(Library lib) {
        Set<Path> out = new LinkedHashSet<>();
        String user = System.getProperty("ddss.cuda.path");
        if (user == null || user.isBlank()) {
            user = System.getenv("DDSS_CUDA_PATH");
        }
        if (user != null) {
            for (String p : user.split(":")) {
                if (!p.isBlank()) {
                    out.add(Path.of(p));
                }
            }
        }
        for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                out.add(Path.of(v, "lib64"));
            }
        }
        out.add(Path.of("/usr/local/cuda/lib64"));
        out.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        for (Path site : sitePackages()) {
            for (String pkg : lib.wheelPackages) {
                out.add(site.resolve("nvidia").resolve(pkg).resolve("lib"));
            }
        }
        List<Path> existing = new ArrayList<>();
        for (Path p : out) {
            if (Files.isDirectory(p)) {
                existing.add(p);
            }
        }
        return existing;
    }

    /** Python site-packages folders where NVIDIA's wheels may be installed. */
    private static List<Path> sitePackages() {
        List<Path> roots = new ArrayList<>(List.of(Path.of("/usr/local/lib"), Path.of("/usr/lib"), Path.of("/opt/conda/lib")));
        for (String env : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                roots.add(Path.of(v, "lib"));
            }
        }
        String home = System.getProperty("user.home");
        if (home != null) {
            roots.add(Path.of(home, ".local", "lib"));
        }
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "python3*")) {
                for (Path py : ds) {
                    out.add(py.resolve("site-packages"));
                    out.add(py.resolve("dist-packages"));
                }
            } catch (IOException e) {
                // An unreadable folder holds no wheels we could load anyway.
            }
        }
        return out;
    }

    /** Why the library did not load (what is missing, where it was looked for), or empty. */
    public static Optional<String> unavailableReason(Library lib) {
        return Optional.ofNullable(loaded(lib).failure());
    }

    /** Why the libraries did not all load (which are missing, where they were looked for), or empty. */
    public static Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        for (Library lib : Library.values()) {
            if (unavailableReason(lib).isPresent()) {
                missing.add(lib.title + " (" + String.join(" or ", lib.sonames) + ")");
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        Set<Path> searched = new LinkedHashSet<>();
        for (Library lib : Library.values()) {
            searched.addAll(searchFolders(lib));
        }
        return Optional.of("not found: " + String.join(", ", missing) + "; searched " + searched
                + " and the dynamic linker's path; set DDSS_CUDA_PATH (or -Dddss.cuda.path) to the folders that hold them");
    }

    /** The file a library was loaded from (a bare soname when the dynamic linker found it). */
    public static Path path(Library lib) {
        return require(lib).path();
    }

    /**
     * The symbols of a library. The load happens at the first {@code find}, so binding classes
     * can be initialised on machines without the library; a find then throws
     * {@link UnsatisfiedLinkError} with the reason.
     */
    public static SymbolLookup lookup(Library lib) {
        return name -> require(lib).lookup().find(name);
    }

    private static Loaded require(Library lib) {
        Loaded l = loaded(lib);
        if (l.failure() != null) {
            throw new UnsatisfiedLinkError(l.failure());
        }
        return l;
    }
}
