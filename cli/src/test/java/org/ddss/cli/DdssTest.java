package org.ddss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DdssTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Ddss.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void infoListsBackendsSelectionVectorAndThreads() {
        Run r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("JDK         " + Runtime.version()), r.out());
        assertTrue(r.out().contains("java      Vector API"), r.out());
        assertTrue(r.out().contains("dnnl"), r.out());
        assertTrue(r.out().contains("Selected"), r.out());
        assertTrue(r.out().matches("(?s).*Threads     [1-9][0-9]*.*"), r.out());
    }

    @Test
    void helpAndUsageErrorsUsePicocliExitCodes() {
        Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("info"), help.out());
        assertEquals(2, run("no-such-command").code());
        assertEquals(2, run("info", "--bogus").code());
        assertEquals(2, run().code());
    }
}
