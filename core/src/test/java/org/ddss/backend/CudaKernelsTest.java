package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cuda backend's kernels compile, without a GPU: where the CUDA toolkit's {@code nvcc} is
 * installed, {@code cuda-kernels.cu} is compiled to PTX (the same source NVRTC compiles at run
 * time), and every kernel {@code CudaBackend} launches is an entry of it taking as many
 * parameters as the launch passes.
 */
class CudaKernelsTest {
    @Test
    void kernelsCompileAndMatchTheLaunches(@TempDir Path dir) throws Exception {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        assumeTrue(Files.isExecutable(nvcc), "no nvcc at " + nvcc);
        // A trivial kernel first: if even that fails, this machine's nvcc cannot run (no host
        // compiler, say), which says nothing about our kernels.
        Path trivial = dir.resolve("t.cu");
        Files.writeString(trivial, "extern \"C\" __global__ void k(float* x) { x[0] = 1.0f; }\n");
        String trivialLog = nvcc(nvcc, trivial, dir.resolve("t.ptx"));
        assumeTrue(trivialLog == null, () -> "nvcc cannot compile here: " + trivialLog);
        Path src = Path.of("src/main/resources/org/ddss/backend/cuda-kernels.cu");
        Path ptx = dir.resolve("k.ptx");
        String log = nvcc(nvcc, src, ptx);
        assertTrue(log == null, "nvcc failed on cuda-kernels.cu:\n" + log);

        // Entries and their parameter counts.
        Map<String, Integer> entries = new LinkedHashMap<>();
        Matcher e = Pattern.compile("\\.entry (\\w+)\\(([^)]*)\\)").matcher(Files.readString(ptx));
        while (e.find()) {
            entries.put(e.group(1), e.group(2).isBlank() ? 0 : e.group(2).split(",").length);
        }
        // Launches in CudaBackend: launch("k", blocks, threads, detail, args...) and
        // elementwise("k", work, detail, args...); arguments counted at the top nesting level.
        String java = Files.readString(Path.of("src/main/java/org/ddss/backend/CudaBackend.java"));
        Matcher l = Pattern.compile("\\b(launch|elementwise)\\(\"(\\w+)\",").matcher(java);
        TreeSet<String> launched = new TreeSet<>();
        while (l.find()) {
            List<String> args = topLevelArgs(java, l.end() - 1);
            int fixed = l.group(1).equals("launch") ? 4 : 3;
            String name = l.group(2);
            launched.add(name);
            assertTrue(entries.containsKey(name), "kernel " + name + " in the PTX: " + entries.keySet());
            assertEquals(entries.get(name), args.size() - fixed, "arguments passed to " + name + ": " + args);
        }
        assertTrue(launched.size() >= 14, "launches found: " + launched);
    }

    /** Compiles to PTX; null on success, else nvcc's output. */
    private static String nvcc(Path nvcc, Path src, Path ptx) throws Exception {
        Process p = new ProcessBuilder(nvcc.toString(), "-ptx", "-arch=compute_80", "-std=c++17", src.toString(), "-o",
                ptx.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "nvcc timed out";
        }
        return p.exitValue() == 0 ? null : log;
    }

    /** The comma-separated arguments of the call whose '(' is just before {@code from}. */
    private static List<String> topLevelArgs(String s, int from) {
        int start = s.lastIndexOf('(', from);
        List<String> out = new ArrayList<>();
        int depth = 0, last = start + 1;
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    out.add(s.substring(last, i).strip());
                    return out;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(last, i).strip());
                last = i + 1;
            }
        }
        throw new IllegalStateException("unterminated call at " + from);
    }
}
