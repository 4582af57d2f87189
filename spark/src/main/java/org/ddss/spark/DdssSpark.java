package org.ddss.spark;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.ddss.evaluation.Row;
import org.ddss.metrics.Kid;

/**
 * {@code spark-submit --class org.ddss.spark.DdssSpark ddss-spark.jar eval [options]}: an
 * evaluation row spread over the cluster's executors (see {@link SparkEvaluation}). Options, as
 * {@code ddss eval}'s: {@code --model DIR} (every executor reads it; default the embedded digits
 * model), {@code --sampler NAME}, {@code --steps K}, {@code -n N}, {@code --seed S},
 * {@code --batch B}, and {@code --partitions P} (default: the cluster's default parallelism).
 */
public final class DdssSpark {
    private DdssSpark() {}

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("eval")) {
            System.err.println("usage: DdssSpark eval [--model DIR] [--sampler NAME] [--steps K] [-n N] [--seed S] [--batch B] "
                    + "[--partitions P]");
            System.exit(2);
        }
        String model = null, sampler = "ddim";
        int steps = 10, n = 2000, batch = 100, partitions = 0;
        long seed = 1_000_000;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                System.err.println("ddss-spark: " + args[i] + " needs a value");
                System.exit(2);
            }
            String v = args[i + 1];
            try {
                switch (args[i]) {
                    case "--model" -> model = v;
                    case "--sampler" -> sampler = v;
                    case "--steps" -> steps = Integer.parseInt(v);
                    case "-n" -> n = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--partitions" -> partitions = Integer.parseInt(v);
                    default -> {
                        System.err.println("ddss-spark: unknown option " + args[i]);
                        System.exit(2);
                    }
                }
            } catch (NumberFormatException e) {
                System.err.println("ddss-spark: " + args[i] + " takes a whole number, got " + v);
                System.exit(2);
            }
        }
        SparkEvaluation.Job job = new SparkEvaluation.Job(model, sampler, steps, seed, n, batch);
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("ddss eval"))) {
            int p = partitions > 0 ? partitions : sc.defaultParallelism();
            System.err.printf("ddss-spark: %d samples of %s at K = %d in %d partitions%n", n, sampler, steps, p);
            Row row = SparkEvaluation.run(sc, job, p);
            System.out.println(format(row));
        }
    }

    /** One line: the row's label, samples, seconds, and FID and KID per network. */
    static String format(Row row) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %d samples in %.1f s", row.label(), row.samples(),
                row.seconds()));
        for (Map.Entry<String, Double> e : row.fid().entrySet()) {
            s.append(String.format(Locale.ROOT, ", FID (%s) %.2f", e.getKey(), e.getValue()));
            Kid k = row.kid().get(e.getKey());
            if (k != null) {
                s.append(String.format(Locale.ROOT, ", KID (%s) %.5f ± %.5f", e.getKey(), k.mean(), k.std()));
            }
        }
        return s.toString();
    }
}
