package org.ddss.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ddss.bindings.dnnl.DnnlLibrary;

/**
 * Chooses and creates backends. The choice is made once per call site from the system
 * property {@code ddss.backend} ({@code auto}, {@code cuda}, {@code dnnl} or {@code java};
 * default {@code auto}: the fastest that loads, so {@code cuda} where there is an NVIDIA GPU with
 * its libraries). When {@code auto} falls back from {@code dnnl}, the reason is logged once, with
 * its fix; falling back from {@code cuda} (no GPU) is silent.
 */
public final class Backends {
    /** System property naming the backend: {@code auto}, {@code cuda}, {@code dnnl} or {@code java}. */
    public static final String PROPERTY = "ddss.backend";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static volatile boolean fallbackLogged;

    private Backends() {}

    /** The names of the backends this library knows, fastest first. */
    /** What a JVM started without the Vector API's incubator module is told. */
    static final String NO_VECTOR_API = "this JVM was started without the Vector API; add the JVM option "
            + "--add-modules jdk.incubator.vector (with --enable-native-access=ALL-UNNAMED for the native backends)";

    /** Whether this JVM was started with the Vector API's incubator module, which every backend needs. */
    private static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    public static List<String> names() {
        return List.of("cuda", "dnnl", "java");
    }

    /** Why the named backend cannot be created here, or empty when it can. */
    public static Optional<String> unavailableReason(String name) {
        if (names().contains(name) && !vectorApiPresent()) {
            // Every backend runs some of its kernels on the Vector API.
            return Optional.of(NO_VECTOR_API);
        }
        return switch (name) {
            case "java" -> Optional.empty();
            case "dnnl" -> DnnlLibrary.unavailableReason();
            case "cuda" -> CudaBackend.unavailableReason();
            default -> Optional.of("unknown backend '" + name + "' (known: " + String.join(", ", names()) + ")");
        };
    }

    /** A one-line description of an available backend (library version, ISA). */
    public static String describe(String name) {
        return switch (name) {
            case "java" -> "Vector API " + JavaBackend.vectorSpecies() + ", always available";
            case "dnnl" -> "oneDNN " + DnnlBackend.version() + ", ISA " + DnnlBackend.isa()
                    + (DnnlLibrary.openMpLookup().isPresent()
                            ? ", OpenMP with " + DnnlLibrary.openMpWaitPolicy()
                            : ", " + DnnlLibrary.openMpNote());
            case "cuda" -> CudaBackend.version() + ", managed memory";
            default -> name;
        };
    }

    /** The backends that can be created here, fastest first. */
    public static List<String> available() {
        List<String> out = new ArrayList<>();
        for (String n : names()) {
            if (unavailableReason(n).isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** The backend {@link #create()} would choose now. */
    public static String selectedName() {
        String wanted = System.getProperty(PROPERTY, "auto");
        if (!wanted.equals("auto")) {
            return wanted;
        }
        return available().getFirst();
    }

    /** Creates the backend chosen by {@code ddss.backend}. */
    public static Backend create() {
        if (!vectorApiPresent()) {
            throw new IllegalStateException(NO_VECTOR_API);
        }
        String wanted = System.getProperty(PROPERTY, "auto");
        if (wanted.equals("auto")) {
            for (String n : names()) {
                Optional<String> why = unavailableReason(n);
                if (why.isEmpty()) {
                    return create(n);
                }
                // No GPU is the usual case on a CPU machine: only a missing oneDNN is worth a warning.
                if (!fallbackLogged && !n.equals("cuda")) {
                    fallbackLogged = true;
                    LOG.log(System.Logger.Level.WARNING, "backend " + n + " unavailable (" + why.get()
                            + "); using the next one. Set -D" + PROPERTY + "=java to silence this.");
                }
            }
        }
        return create(wanted);
    }

    /** Creates the named backend; throws {@link IllegalStateException} saying why when it cannot. */
    public static Backend create(String name) {
        Optional<String> why = unavailableReason(name);
        if (why.isPresent()) {
            throw new IllegalStateException("backend " + name + " is unavailable: " + why.get());
        }
        return switch (name) {
            case "java" -> new JavaBackend();
            case "dnnl" -> DnnlBackend.open();
            case "cuda" -> CudaBackend.open();
            default -> throw new IllegalStateException("backend " + name + " is unavailable");
        };
    }
}
