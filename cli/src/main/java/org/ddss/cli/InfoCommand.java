package org.ddss.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ddss.backend.EngineInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ddss info}: what the engine runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the JDK, the compute backends (available and selected), the oneDNN version and ISA, "
                + "the Vector API species and the thread count.")
final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EngineInfo info = EngineInfo.collect();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("JDK         %s%n", info.jdk());
        out.printf("Backends%n");
        for (Map.Entry<String, String> e : info.backends().entrySet()) {
            out.printf("  %-9s %s%n", e.getKey(), e.getValue());
        }
        out.printf("Selected    %s  (-Dddss.backend=auto|cuda|dnnl|java)%n", info.selected());
        out.printf("Vector API  %s%n", info.vector());
        out.printf("Threads     %d  (-Dddss.threads=N)%n", info.threads());
        out.flush();
        return 0;
    }
}
