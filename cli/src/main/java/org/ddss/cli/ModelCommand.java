package org.ddss.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ddss.model.ModelInspection;
import org.ddss.model.UNetConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ddss model ...}: work with diffusers model folders. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect diffusers UNet2DModel folders.",
        subcommands = {ModelCommand.Info.class})
final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand (try 'ddss model info DIR')");
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a diffusers folder's architecture, parameter count and any problem found. Exit code 1 when there is a problem.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "folder with config.json and diffusion_pytorch_model.safetensors (or .bin)")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ModelInspection r = ModelInspection.of(dir);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Model       %s%n", r.dir());
            UNetConfig c = r.config();
            if (c != null) {
                out.printf("Type        UNet2DModel, %s, %d -> %d channels%n",
                        c.sampleSize() == 0 ? "any size" : c.sampleSize() + "x" + c.sampleWidth(), c.inChannels(), c.outChannels());
                out.printf("Channels    %s, %d resnet(s) per block, %d groups, eps %s%n",
                        c.blockOutChannels(), c.layersPerBlock(), c.normNumGroups(), c.normEps());
                out.printf("Down        %s (downsample padding %d)%n", c.downBlockTypes(), c.downsamplePadding());
                out.printf("Up          %s%n", c.upBlockTypes());
                out.printf("Attention   head dim %s%s%n", c.attentionHeadDim() == null ? "= channels (1 head)" : c.attentionHeadDim(),
                        c.addAttention() ? "" : ", none in the mid block");
                out.printf("Time        positional, %d -> %d, flip_sin_to_cos %s, freq_shift %s%n",
                        c.blockOutChannels().getFirst(), c.timeEmbedDim(), c.flipSinToCos(), c.freqShift());
                out.printf("Parameters  %,d in %d tensors%n", r.parameters(), r.tensors());
                int[] shape = org.ddss.model.UNet2DModel.sampleShape(c);
                int h = shape[0], w = shape[1];
                out.printf("Cost        %.2f GFLOP per image per model call at %dx%d (an input VJP about twice that again)%n",
                        org.ddss.model.UNet2DModel.flopsPerImage(c, h, w) / 1e9, h, w);
                for (String note : c.notes()) {
                    out.printf("Note        %s%n", note);
                }
            }
            if (r.schedule() != null) {
                out.printf("Schedule    %s%s%n", r.schedule(),
                        r.scheduleFrom() == null ? " (no scheduler_config.json: the DDPM default)" : " from " + r.scheduleFrom());
            }
            if (r.problems().isEmpty()) {
                out.printf("Problems    none%n");
            } else {
                for (String p : r.problems()) {
                    out.printf("Problem     %s%n", p);
                }
            }
            out.flush();
            return r.problems().isEmpty() ? 0 : 1;
        }
    }
}
