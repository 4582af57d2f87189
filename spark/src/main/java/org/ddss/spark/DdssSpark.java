package org.ddss.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.ddss.cli.Ddss;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spark-submit --class org.ddss.spark.DdssSpark ddss-spark.jar eval|search [options]}:
 * {@code ddss eval} and {@code ddss search} with the same options (the same command classes),
 * their samples spread over the cluster's executors ({@link SparkEvaluation}, {@link SparkSearch}),
 * plus {@code --partitions}. Progress and results print on the driver.
 */
@Command(name = "ddss-spark", mixinStandardHelpOptions = true,
        description = "ddss eval and ddss search on an Apache Spark cluster: the same options, plus --partitions.",
        subcommands = {SparkEvalCommand.class, SparkSearchCommand.class})
public final class DdssSpark implements Runnable {
    private static JavaSparkContext context;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: eval or search");
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } finally {
            stop();
        }
        System.exit(code);
    }

    /** The configured command line, for tests and embedding (the context starts at the first command that needs it). */
    static CommandLine commandLine() {
        return Ddss.configure(new CommandLine(new DdssSpark()));
    }

    /** Stops the Spark context, if one was started. */
    static synchronized void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** The application's Spark context, started at the first use (spark-submit gives its master and settings). */
    static synchronized JavaSparkContext context() {
        if (context == null) {
            context = new JavaSparkContext(new SparkConf().setAppName("ddss"));
            // Spark's INFO lines would bury the progress bars and results; warnings still show.
            context.setLogLevel("WARN");
        }
        return context;
    }

    /** A path as the executors are handed it: absolute, or null (the embedded model) for null. */
    static String path(java.nio.file.Path p) {
        return p == null ? null : p.toAbsolutePath().toString();
    }

    /** {@code requested}, or the cluster's default parallelism where it is 0. */
    static int partitions(int requested) {
        return requested > 0 ? requested : context().defaultParallelism();
    }
}
