package org.ddss.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ddss.model.Checkpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ddss convert IN OUT}: PyTorch checkpoints to safetensors, a file or a diffusers folder. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a PyTorch checkpoint (.bin, .pth, .ckpt; read without running any of its code) to float32 "
                + "safetensors, or a diffusers model folder holding diffusion_pytorch_model.bin to a folder holding "
                + "diffusion_pytorch_model.safetensors with its config.json (and scheduler_config.json) beside.",
                "A folder with only the .bin loads as it is too; converting once makes later loads mapped and fast."})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "a checkpoint file or a model folder")
    Path in;
    @Parameters(index = "1", paramLabel = "OUT", description = "a .safetensors file, or a folder for a model folder")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var w = spec.commandLine().getOut();
        if (Files.isDirectory(in)) {
            Path written = Checkpoints.convertFolder(in, out);
            w.printf("converted %s -> %s (loads as a UNet2DModel)%n", in, written);
        } else {
            if (!Files.isRegularFile(in)) {
                throw new BadInput(in + " is neither a file nor a folder");
            }
            int n = Checkpoints.toSafeTensors(in, out).size();
            w.printf("converted %d tensors: %s -> %s%n", n, in, out);
        }
        w.flush();
        return 0;
    }
}
