package org.ddss.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The jar's entry point, so that a plain {@code java -jar ddss.jar} works. The Vector API is an
 * incubator module, and no manifest attribute can add a module: when the JVM was started without
 * {@code --add-modules jdk.incubator.vector}, this starts the same java again with the flags the
 * engine needs and the same arguments, and exits with its exit code. It touches no class that
 * needs the module.
 */
public final class Main {
    /** The JVM options every ddss process needs. */
    static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            Ddss.main(args);
            return;
        }
        String java = ProcessHandle.current().info().command().orElse(null);
        if (java == null) {
            System.err.println("ddss: this JVM lacks the Vector API module; run it as java "
                    + String.join(" ", JVM_FLAGS) + " -jar ddss.jar ...");
            System.exit(2);
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_FLAGS);
        // The caller's own options (-Xmx, -D...) carry over.
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.ddss.cli.Ddss");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        System.exit(p.waitFor());
    }
}
