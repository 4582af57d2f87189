package org.ddss.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ddss.search.LearnedSampler;
import org.ddss.search.SearchSpace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ddss sampler ...}: work with learned sampler cards. */
@Command(name = "sampler", mixinStandardHelpOptions = true, description = "Inspect learned sampler cards (sampler.json).",
        subcommands = {SamplerCommand.Show.class})
final class SamplerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand (try 'ddss sampler show FILE')");
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a sampler card in words: family, K, where the search started, the model it was searched for, "
                    + "the step placement (with diffusers' timesteps and ComfyUI's sigmas) and how the search went.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "a sampler.json written by 'ddss search'")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LearnedSampler s;
            try {
                s = LearnedSampler.load(file);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new BadInput("no sampler file " + file);
            } catch (java.io.IOException e) {
                throw new BadInput(e.getMessage());
            }
            SearchSpace space = s.space();
            Map<String, Object> search = s.search();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Sampler     %s (format %s, version %d)%n", s.name(), LearnedSampler.FORMAT, LearnedSampler.VERSION);
            out.printf("Family      %s, K = %d model calls, times %s%n", space.family().id(), space.k(),
                    space.learnTimes() ? "learned" : "fixed");
            out.printf("Started at  %s, %s%n", search.getOrDefault("init", "ddim"),
                    space.startsTrailing() ? "diffusers' trailing times" : "times " + join(space.startTimes(), "%.2f"));
            out.printf("Model       %s (the model it was searched for)%n", s.model());
            out.printf("Schedule    %s, data predictions by %s%s%n", space.schedule(), space.conversion().id(),
                    s.clip() ? ", clipped to [-1, 1]" : "");
            out.printf("Times       %s%n", join(s.times(), "%.2f"));
            out.printf("Diffusers   set_timesteps(timesteps=%s)%n", Arrays.toString(s.integerTimesteps()));
            out.printf("ComfyUI     SIGMAS %s, 0%n", join(s.sigmas(), "%.4g"));
            out.printf("Note        the last two give the step placement only: replaying the coefficients needs "
                    + "python/ddss_replay.py or ddss itself%n");
            if (search.containsKey("iterations")) {
                out.printf("Search      %s steps at batch %s, lr %s, %s KID; kept step %s (%s%s); validation KID %s at the "
                        + "start, %s at the end%n", search.get("iterations"), search.get("batch"), search.get("lr"), search.get("kernel"),
                        search.get("selected_step"), search.get("selected"), search.containsKey("validation_kid_selected")
                                ? ", validation KID " + format(search.get("validation_kid_selected")) : "",
                        format(search.get("validation_kid_first")), format(search.get("validation_kid_last")));
            }
            return 0;
        }

        private static String join(double[] v, String fmt) {
            return Arrays.stream(v).mapToObj(d -> String.format(Locale.ROOT, fmt, d)).collect(Collectors.joining(", "));
        }

        private static String format(Object v) {
            return v instanceof Number n ? String.format(Locale.ROOT, "%.5f", n.doubleValue()) : String.valueOf(v);
        }
    }
}
