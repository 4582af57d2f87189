package org.ddss.spark;

import org.ddss.cli.SearchCommand;
import org.ddss.search.Search;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddss-spark search}: {@code ddss search} with each step's batch spread over the executors
 * (data-parallel); the Adam steps, validation, checkpoints, the closing comparison and the files
 * are the driver's.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"ddss search on the cluster: each step's --batch samples in shares on the executors, which open the "
                + "model and the search network themselves (every executor must read --model, --reference and --inception); "
                + "validation and the closing comparison run on the driver."})
public class SparkSearchCommand extends SearchCommand {
    @Option(names = "--partitions", defaultValue = "0",
            description = "shares of each step's batch (default: the cluster's default parallelism)")
    int partitions;

    @Override
    protected Search.Gradients gradients(Search search) {
        SparkSearch.Job job = SparkSearch.Job.of(DdssSpark.path(model()), protocolChoice(), search);
        return SparkSearch.gradients(DdssSpark.context(), search, job, DdssSpark.partitions(partitions));
    }
}
