package org.ddss.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs our JMH benchmarks and prints their scores as GFLOP/s (convolutions), GB/s (group
 * norm + SiLU), images/s (UNet calls) or steps/s (search steps), one table row and one machine-readable {@code RESULT} line per benchmark.
 * Arguments are JMH's own (a benchmark regex, {@code -p backend=java}, {@code -wi 1}, ...);
 * with no regex it runs everything in this package.
 */
public final class BenchMain {
    private BenchMain() {}

    /** What one call of a benchmark is worth in its reporting unit. */
    private record Unit(String name, double perCall) {
        static Unit of(String bench) {
            if (bench.startsWith("ConvBench.")) {
                return new Unit("GFLOP/s", ConvBench.FLOPS / 1e9);
            }
            if (bench.startsWith("SearchStepBench.")) {
                return new Unit("steps/s", 1);
            }
            if (bench.startsWith("UNetBench.")) {
                return new Unit("images/s", UNetBench.BATCH);
            }
            return new Unit("GB/s", GroupNormSiluBench.BYTES / 1e9);
        }
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include(BenchMain.class.getPackageName() + ".*");
        }
        Options opts = builder.build();
        Collection<RunResult> results = new Runner(opts).run();

        List<String> rows = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String bench = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String backend = r.getParams().getParam("backend");
            if (r.getParams().getParam("keep") != null) {
                backend += "," + ("true".equals(r.getParams().getParam("keep")) ? "keep" : "remat");
            }
            double callsPerSecond = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            Unit u = Unit.of(bench);
            double value = callsPerSecond * u.perCall();
            double spread = Double.isNaN(error) ? 0 : error * u.perCall();
            String unit = u.name();
            System.out.printf(Locale.ROOT, "%-30s %-6s %9.1f ± %5.1f %-8s %8.2f ms/call%n",
                    bench, backend, value, spread, unit, 1e3 / callsPerSecond);
            rows.add(String.format(Locale.ROOT, "RESULT bench=%s backend=%s value=%.2f unit=%s ms=%.3f",
                    bench, backend, value, unit, 1e3 / callsPerSecond));
        }
        rows.forEach(System.out::println);
    }
}
