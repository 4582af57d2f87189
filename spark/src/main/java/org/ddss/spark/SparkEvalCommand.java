package org.ddss.spark;

import org.ddss.Pipeline;
import org.ddss.Progress;
import org.ddss.cli.EvalCommand;
import org.ddss.diffusion.Sampler;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddss-spark eval}: {@code ddss eval} with each row's samples spread over the executors. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"ddss eval on the cluster: each row's samples in partitions on the executors, which open the model "
                + "and the feature networks themselves (every executor must read --model, --reference and --inception)."})
public class SparkEvalCommand extends EvalCommand {
    @Option(names = "--partitions", defaultValue = "0",
            description = "partitions per row, at most one per --batch samples (default: the cluster's default parallelism)")
    int partitions;

    @Override
    protected Row evaluate(Pipeline p, Protocol protocol, Sampler sampler, int n, long seed, Progress progress) {
        SparkEvaluation.Job job = new SparkEvaluation.Job(DdssSpark.path(model()), protocolChoice(), sampler, seed, n, batch());
        return SparkEvaluation.run(DdssSpark.context(), job, DdssSpark.partitions(partitions), protocol, progress);
    }
}
