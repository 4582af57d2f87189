package org.ddss.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the {@code ddss} command in this JVM: its exit code and what it printed. */
record CliRun(int code, String out, String err) {
    static CliRun run(String... args) {
        CommandLine cl = Ddss.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
