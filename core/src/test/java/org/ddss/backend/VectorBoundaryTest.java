package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link VectorKernels}: no method of the backends takes or returns a vector, since
 * C2 boxes a vector on the heap at every call it declines to inline (a cliff of 2-3x that
 * depends on which caller the JIT compiled first, so no timing test could pin it down).
 * Lambdas count: a captured vector becomes a parameter of the lambda's synthetic method.
 */
class VectorBoundaryTest {

    @Test
    void noBackendMethodPassesAVector() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(JavaBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/ddss/backend");
        List<String> offenders = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = f.getFileName().toString();
                // Not initialised: reflection needs no native library loaded.
                Class<?> c = Class.forName("org.ddss.backend." + name.substring(0, name.length() - ".class".length()),
                        false, VectorBoundaryTest.class.getClassLoader());
                classes++;
                List<Executable> all = new ArrayList<>(Arrays.asList(c.getDeclaredMethods()));
                all.addAll(Arrays.asList(c.getDeclaredConstructors()));
                for (Executable m : all) {
                    boolean returns = m instanceof java.lang.reflect.Method mm && vectorish(mm.getReturnType());
                    boolean takes = Arrays.stream(m.getParameterTypes()).anyMatch(VectorBoundaryTest::vectorish);
                    if (returns || takes) {
                        offenders.add(c.getSimpleName() + "." + m.getName());
                    }
                }
                // A vector kept in an instance field is a heap object too (static constants are fine).
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && vectorish(field.getType())) {
                        offenders.add(c.getSimpleName() + "." + field.getName() + " (field)");
                    }
                }
            }
        }
        assertTrue(classes > 10, "found only " + classes + " classes under " + dir);
        assertEquals(List.of(), offenders, "methods that pass vectors across a call");
    }

    /** Vectors, masks and shuffles: each is boxed when it crosses a call C2 did not inline. */
    private static boolean vectorish(Class<?> type) {
        return Vector.class.isAssignableFrom(type) || VectorMask.class.isAssignableFrom(type)
                || VectorShuffle.class.isAssignableFrom(type);
    }
}
