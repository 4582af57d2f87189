package org.ddss.bindings.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ddss.bindings.NativeLibraryCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader seen from fresh JVMs (it loads once per process): two processes unpacking into the
 * same empty cache at once, the override property, and a bad override's reason.
 */
class DnnlLibraryProcessTest {

    static Process start(String... props) throws IOException {
        return start(Map.of(), props);
    }

    /** A probe JVM with {@code env} added to (or, for an empty value, removed from) this one's environment. */
    static Process start(Map<String, String> env, String... props) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DnnlLoadProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb.start();
    }

    static String output(Process p) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void twoProcessesUnpackingAtOnceBothLoad(@TempDir Path root) throws Exception {
        Process a = start("-Dddss.native.cache=" + root);
        Process b = start("-Dddss.native.cache=" + root);
        String outA = output(a);
        String outB = output(b);
        Path dir = root.resolve(DnnlLibrary.CACHE_KEY);
        assertTrue(outA.startsWith("OK 3.13 " + dir.resolve("libdnnl.so.3")), outA);
        assertTrue(outB.startsWith("OK 3.13 " + dir.resolve("libdnnl.so.3")), outB);
        assertTrue(NativeLibraryCache.verify(dir));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(dir), entries.toList(), "no temporary folders left behind");
        }
    }

    /**
     * OpenMP's idle threads sleep unless the user chose otherwise: libgomp itself reports the
     * policy it read at load ({@code OMP_DISPLAY_ENV} prints its settings when it starts). Its
     * default also displays as PASSIVE but spins 300,000 times before sleeping; passive proper
     * spins 0 times.
     */
    @Test
    void openMpThreadsSleepUnlessTheEnvironmentSaysOtherwise() throws Exception {
        // GOMP_SPINCOUNT would override either policy.
        String out = output(start(Map.of("OMP_WAIT_POLICY", "", "GOMP_SPINCOUNT", "", "OMP_DISPLAY_ENV", "verbose")));
        assertTrue(out.contains("GOMP_SPINCOUNT = '0'"), out);
        assertTrue(out.contains("| OpenMP from ") && out.contains(" | OMP_WAIT_POLICY=PASSIVE (idle threads sleep) |"), out);

        out = output(start(Map.of("OMP_WAIT_POLICY", "ACTIVE", "GOMP_SPINCOUNT", "", "OMP_DISPLAY_ENV", "verbose")));
        assertTrue(out.contains("OMP_WAIT_POLICY = 'ACTIVE'"), out);
        assertTrue(out.contains(" | OMP_WAIT_POLICY=ACTIVE from the environment |"), out);
    }

    @Test
    void overridePropertyLoadsThatLibrary(@TempDir Path root) throws Exception {
        assertTrue(DnnlLibrary.isAvailable());
        Path copy = root.resolve("libdnnl.so.3");
        Files.copy(DnnlLibrary.path(), copy);
        Files.copy(DnnlLibrary.path().resolveSibling("libgomp.so.1"), root.resolve("libgomp.so.1"));
        String out = output(start("-Dddss.dnnl.library=" + copy, "-Dddss.native.cache=" + root.resolve("unused")));
        assertTrue(out.startsWith("OK 3.13 " + copy + " | OpenMP from the dependencies of " + copy), out);
        assertTrue(Files.notExists(root.resolve("unused")), "the jar's copy is not unpacked");
    }

    @Test
    void badOverrideSaysWhatFailedAndWhere(@TempDir Path root) throws Exception {
        Path missing = root.resolve("no-such-libdnnl.so");
        String out = output(start("-Dddss.dnnl.library=" + missing));
        assertTrue(out.startsWith("UNAVAILABLE cannot load " + missing + " named by system property ddss.dnnl.library"),
                out);
    }
}
