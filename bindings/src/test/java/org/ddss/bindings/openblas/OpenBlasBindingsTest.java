package org.ddss.bindings.openblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-maintained OpenBLAS bindings against the headers in the jar (every function of
 * {@code openblas-symbols.txt}: a descriptor that matches its C prototype carrier by carrier, a
 * symbol that resolves), and one call of each numeric function against values worked by hand.
 */
class OpenBlasBindingsTest {
    static String header(String name) throws IOException {
        try (InputStream in = OpenBlasBindingsTest.class.getClassLoader()
                .getResourceAsStream(OpenBlasLibrary.RESOURCE_DIR + "/include/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("\\s+", " ");
        }
    }

    /** The carrier of a C type as these headers write it. */
    static MemoryLayout carrier(String type) {
        String t = type.replace("OPENBLAS_CONST", "").replace("const", "").trim();
        if (t.contains("*")) {
            return ValueLayout.ADDRESS;
        }
        return switch (t.replaceAll("^enum \\w+$", "int")) {
            case "int", "blasint", "lapack_int" -> ValueLayout.JAVA_INT;
            case "char" -> ValueLayout.JAVA_BYTE;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            case "void" -> null;
            default -> throw new AssertionError("unknown C type '" + type + "'");
        };
    }

    @Test
    void everyBindingMatchesItsPrototypeAndResolves() throws Exception {
        assertTrue(OpenBlasLibrary.isAvailable(), OpenBlasLibrary.unavailableReason().orElse(""));
        String headers = header("cblas.h") + " " + header("lapacke.h");
        List<String> functions = new ArrayList<>();
        for (String line : Files.readAllLines(java.nio.file.Path.of("openblas-symbols.txt"))) {
            if (line.startsWith("--include-function ")) {
                functions.add(line.substring("--include-function ".length()).trim());
            }
        }
        assertEquals(6, functions.size());
        for (String f : functions) {
            Matcher m = Pattern.compile("([\\w* ]+?)\\s*\\b" + f + "\\s*\\(([^)]*)\\)\\s*;").matcher(headers);
            assertTrue(m.find(), "no prototype of " + f);
            List<MemoryLayout> params = new ArrayList<>();
            for (String p : m.group(2).split(",")) {
                String type = p.trim();
                if (type.equals("void")) {
                    continue;
                }
                // Drop the parameter name (the last word, after any '*').
                type = type.contains("*") ? type.substring(0, type.lastIndexOf('*') + 1) : type.substring(0, type.lastIndexOf(' '));
                params.add(carrier(type));
            }
            MemoryLayout ret = carrier(m.group(1).trim().replaceAll("^.*?\\b(void|int|lapack_int|char\\s*\\*)$", "$1"));
            FunctionDescriptor expected = ret == null ? FunctionDescriptor.ofVoid(params.toArray(MemoryLayout[]::new))
                    : FunctionDescriptor.of(ret, params.toArray(MemoryLayout[]::new));
            FunctionDescriptor bound = (FunctionDescriptor) openblas_h.class.getMethod(f + "$descriptor").invoke(null);
            assertEquals(strip(expected), strip(bound), f);
            assertTrue(OpenBlasLibrary.lookup().find(f).isPresent(), f + " does not resolve");
        }
    }

    /** Descriptors compared by carrier, without the pointers' target layouts. */
    private static String strip(FunctionDescriptor d) {
        List<String> s = new ArrayList<>();
        d.returnLayout().ifPresent(l -> s.add("ret " + carrierName(l)));
        d.argumentLayouts().forEach(l -> s.add(carrierName(l)));
        return s.toString();
    }

    private static String carrierName(MemoryLayout l) {
        return l instanceof java.lang.foreign.AddressLayout ? "ADDRESS" : ((ValueLayout) l).carrier().getSimpleName();
    }

    @Test
    void productFactorAndEigenvaluesGiveTheValuesWorkedByHand() {
        try (Arena a = Arena.ofConfined()) {
            // [1 2 3; 4 5 6] x [1 0; 0 1; 1 1] = [4 5; 10 11]
            MemorySegment x = a.allocateFrom(ValueLayout.JAVA_DOUBLE, 1, 2, 3, 4, 5, 6);
            MemorySegment y = a.allocateFrom(ValueLayout.JAVA_DOUBLE, 1, 0, 0, 1, 1, 1);
            MemorySegment c = a.allocate(ValueLayout.JAVA_DOUBLE, 4);
            openblas_h.cblas_dgemm(openblas_h.CblasRowMajor(), openblas_h.CblasNoTrans(), openblas_h.CblasNoTrans(), 2, 2, 3, 1.0,
                    x, 3, y, 2, 0.0, c, 2);
            assertArrayEquals(new double[] {4, 5, 10, 11}, c.toArray(ValueLayout.JAVA_DOUBLE));
            // [4 2; 2 3] = L L^T with L = [2 0; 1 sqrt 2]
            MemorySegment s = a.allocateFrom(ValueLayout.JAVA_DOUBLE, 4, 2, 2, 3);
            assertEquals(0, openblas_h.LAPACKE_dpotrf(openblas_h.LAPACK_ROW_MAJOR(), (byte) 'L', 2, s, 2));
            assertEquals(2, s.getAtIndex(ValueLayout.JAVA_DOUBLE, 0), 1e-15);
            assertEquals(1, s.getAtIndex(ValueLayout.JAVA_DOUBLE, 2), 1e-15);
            assertEquals(Math.sqrt(2), s.getAtIndex(ValueLayout.JAVA_DOUBLE, 3), 1e-15);
            // [2 1; 1 2] has eigenvalues 1 and 3.
            MemorySegment e = a.allocateFrom(ValueLayout.JAVA_DOUBLE, 2, 1, 1, 2), w = a.allocate(ValueLayout.JAVA_DOUBLE, 2);
            assertEquals(0, openblas_h.LAPACKE_dsyevd(openblas_h.LAPACK_ROW_MAJOR(), (byte) 'N', (byte) 'L', 2, e, 2, w));
            assertArrayEquals(new double[] {1, 3}, w.toArray(ValueLayout.JAVA_DOUBLE), 1e-14);
            // A matrix that is not positive definite reports the failing minor.
            MemorySegment bad = a.allocateFrom(ValueLayout.JAVA_DOUBLE, 1, 2, 2, 1);
            assertEquals(2, openblas_h.LAPACKE_dpotrf(openblas_h.LAPACK_ROW_MAJOR(), (byte) 'L', 2, bad, 2));
            assertTrue(openblas_h.openblas_get_config().reinterpret(256).getString(0).contains("OpenBLAS"));
        }
    }
}
