package org.ddss.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ddss.features.InceptionWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddss fetch inception}: download pytorch-fid's Inception weights into the cache, the hash checked. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download pytorch-fid's FID Inception weights (" + InceptionWeights.FILE + ") into the user's cache, "
                + "keeping them only when their SHA-256 starts with " + InceptionWeights.SHA256_PREFIX + "."})
final class FetchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WHAT", description = "inception")
    String what;
    @Option(names = "--url", description = "where to download from (default: pytorch-fid's release, ${DEFAULT-VALUE})",
            defaultValue = "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/" + InceptionWeights.FILE)
    URI url;
    @Option(names = "--to", description = "where to save them (default: the cache, where search and eval look)")
    Path to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!what.equals("inception")) {
            throw new BadInput("fetch knows one thing, inception (pytorch-fid's FID weights), not '" + what + "'");
        }
        Path target = to == null ? InceptionWeights.cacheFile() : to;
        String hash = InceptionWeights.download(url, target, InceptionWeights.SHA256_PREFIX,
                new ProgressBar(spec.commandLine().getErr(), "inception", "B", 1));
        spec.commandLine().getOut().printf("saved %s (SHA-256 %s)%n", target, hash);
        return 0;
    }
}
