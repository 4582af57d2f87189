package org.ddss.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ddss.Pipeline;
import org.ddss.Progress;
import org.ddss.diffusion.Sampler;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.ProtocolChoice;
import org.ddss.evaluation.Row;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddss eval}: FID and KID of samplers under the digits protocol (against the held-out
 * test digits, with both feature networks, and what the search classifier says of the samples).
 * One sampler, or a table of them.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score samplers: FID and KID of N samples against the embedded test split, with the search "
                + "classifier (A) and the held-out one (B), and the fraction of samples A labels with confidence >= 0.9; "
                + "or, with --features inception --reference stats.npz, the field's FID and KID on Inception-v3 features.",
                "With --table, score a list of samplers (and N train digits as the reference row) in one run "
                        + "and print a Markdown table."},
        footer = {"%nExamples:",
            "  ddss eval --sampler dpmpp2m --steps 10   # FID/KID of 2,000 samples",
            "  ddss eval --table --rows ddim:10,unipc:10,ddss-search/sampler.json",
            "  ddss eval --table --rows ipndm:5@linspace,ipndm:5   # two step placements",
            "  ddss eval --model ddpm-cifar10-32 --features inception \\",
            "        --reference cifar10-train.npz -n 10000   # the field's FID"})
public class EvalCommand implements Callable<Integer>, OptionGroups.Grouped {
    @Override
    public java.util.Map<String, java.util.List<String>> optionGroups() {
        java.util.Map<String, java.util.List<String>> g = new java.util.LinkedHashMap<>();
        g.put("What to score", java.util.List.of("--sampler", "--steps", "--table", "--rows", "-n", "--seed"));
        g.put("Sampler details", java.util.List.of("--spacing", "--eta", "--no-clip"));
        g.put("Model and features", java.util.List.of("--model", "--force", "--features", "--reference", "--inception", "--batch"));
        return g;
    }

    /** The rows of the standard comparison: the training-free samplers at K = 5, 10, 20, and DDPM with 1000 steps. */
    static final String STANDARD_ROWS = "ddpm:5,ddim:5,dpmpp2m:5,ddpm:10,ddim:10,dpmpp2m:10,ddpm:20,ddim:20,dpmpp2m:20,ddpm:1000";

    @CommandLine.Mixin
    SampleCommand.SamplerOptions opts;
    @Option(names = "-n", defaultValue = "2000", description = "samples per row, at least 2 (default: ${DEFAULT-VALUE})")
    int n;
    @Option(names = "--seed", defaultValue = "1000000",
            description = "noise seed, 1000000 or more (below are search seeds) (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--table", description = "score the rows of --rows instead of the one sampler of --sampler/--steps")
    boolean table;
    @Option(names = "--rows", defaultValue = STANDARD_ROWS, split = ",",
            description = "table rows: sampler:K, sampler:K@placement (a --spacing value for that row), or a learned sampler "
                    + "file (.json) (default: ${DEFAULT-VALUE})")
    List<String> rows;

    @CommandLine.Mixin
    FeatureOptions featureOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (n < 2) {
            throw new CommandLine.ParameterException(cl, "-n must be at least 2 (FID needs a covariance), got " + n);
        }
        if (opts.batch < 1) {
            throw new CommandLine.ParameterException(cl, "--batch must be at least 1, got " + opts.batch);
        }
        try (Pipeline p = opts.open(cl); Protocol protocol = featureOptions.open(p)) {
            if (seed < protocol.seeds().evaluationFirst()) {
                throw new CommandLine.ParameterException(cl, "--seed must be " + protocol.seeds().evaluationFirst()
                        + " or more: seeds below are search seeds");
            }
            List<Sampler> samplers = new ArrayList<>();
            if (table) {
                for (String r : rows) {
                    String row = r.trim();
                    if (row.endsWith(".json")) {
                        samplers.add(opts.sampler(cl, p, row, 0));
                        continue;
                    }
                    // sampler:K, or sampler:K@placement for a row placed otherwise than --spacing
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^:@]+):([0-9]+)(?:@(.+))?").matcher(row);
                    if (!m.matches()) {
                        throw new CommandLine.ParameterException(cl, "--rows: '" + r + "' is neither sampler:K[@placement] nor a .json file");
                    }
                    Sampler s = opts.sampler(cl, p, m.group(1).trim(), Integer.parseInt(m.group(2)),
                            m.group(3) == null ? opts.spacing : m.group(3));
                    samplers.add(m.group(3) == null ? s : placed(s, m.group(3)));
                }
            } else {
                samplers.add(opts.sampler(cl, p));
            }
            double calls = 0;
            for (Sampler s : samplers) {
                calls += (double) n * s.times().length;
            }
            int dim = protocol.largestFeatureDim();
            if (n < 1000 || n < dim) {
                cl.getErr().printf("note: FID at n = %d is biased upwards (it falls as n grows%s): compare rows only at "
                        + "the same n, and quote the field's FID at n = 50,000%n", n,
                        n < dim ? "; below the " + dim + " feature dimensions the covariance is singular" : "");
            }
            LongJob.check(cl, p, n, opts.batch, calls, "sampling " + samplers.size() + " row(s) of " + n + " samples");
            List<Row> out = new ArrayList<>();
            if (table && protocol.hasSearchImages()) {
                out.add(protocol.scoreSearchSet(n));
            }
            for (Sampler s : samplers) {
                out.add(evaluate(p, protocol, s, n, seed, new ProgressBar(cl.getErr(), s.name(), "img", 1)));
            }
            Table.print(cl.getOut(), protocol, out);
            if (n < protocol.kidSubset()) {
                cl.getOut().printf("(KID over 100 subsets of %d, all the samples: the protocol's subsets are %d)%n", n, protocol.kidSubset());
            }
            return 0;
        }
    }

    /**
     * Scores one row: n samples of the sampler from evaluation seed {@code seed}, on this machine.
     * A cluster's entry point overrides this to spread the samples over its executors, which open
     * {@link #model()} and {@link #protocolChoice()} themselves.
     */
    protected Row evaluate(Pipeline p, Protocol protocol, Sampler sampler, int n, long seed, Progress progress) {
        return p.evaluate(protocol, sampler, n, seed, opts.batch, progress);
    }

    /** The model folder of {@code --model}, or null for the embedded model. */
    protected Path model() {
        return opts.model;
    }

    /** The protocol the feature options name. */
    protected ProtocolChoice protocolChoice() {
        return featureOptions.choice();
    }

    /** Samples per batch ({@code --batch}). */
    protected int batch() {
        return opts.batch;
    }

    /** The sampler, named with its placement so that the table tells its row from the same sampler's other rows. */
    private static Sampler placed(Sampler s, String placement) {
        return new Placed(s, placement);
    }

    private record Placed(Sampler s, String placement) implements Sampler {
        @Override
        public String name() {
            return s.name() + " @" + placement;
        }

        @Override
        public double[] times() {
            return s.times();
        }

        @Override
        public int sample(org.ddss.diffusion.NoisePredictor model, org.ddss.diffusion.NoiseSource noise, org.ddss.tensor.Tensor out) {
            return s.sample(model, noise, out);
        }
    }
}
