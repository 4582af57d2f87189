package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A library user whose JVM lacks the Vector API's module is told the exact flag, not a NoClassDefFoundError. */
class NoVectorApiTest {
    /** Run in a JVM started without {@code --add-modules jdk.incubator.vector}. */
    public static void main(String[] args) {
        try {
            Backends.create().close();
            System.out.println("created");
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
        System.out.println(Backends.unavailableReason("dnnl").orElse("dnnl available"));
    }

    @Test
    void backendsNameTheMissingFlag() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), NoVectorApiTest.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(2, out.lines().filter(l -> l.equals(Backends.NO_VECTOR_API)).count(), out);
        assertTrue(out.contains("add the JVM option --add-modules jdk.incubator.vector"), out);
    }
}
