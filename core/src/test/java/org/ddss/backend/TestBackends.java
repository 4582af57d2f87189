package org.ddss.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.stream.Stream;

/** The backends the suites run on; one that cannot load here is skipped (with its reason), not failed. */
public final class TestBackends {
    private TestBackends() {}

    public static Stream<String> names() {
        return Backends.names().stream();
    }

    public static Backend open(String name) {
        Optional<String> why = Backends.unavailableReason(name);
        assumeTrue(why.isEmpty(), () -> "backend " + name + " unavailable: " + why.orElse(""));
        return Backends.create(name);
    }
}
