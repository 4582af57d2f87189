package org.ddss.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Cifar10;
import org.ddss.evaluation.ImageSource;
import org.ddss.evaluation.Reference;
import org.ddss.evaluation.ReferenceBuilder;
import org.ddss.features.InceptionV3;
import org.ddss.features.InceptionWeights;
import org.ddss.io.Npz;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddss stats}: the Inception reference (statistics and features) of a set of real images. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Compute the FID reference of real images on pytorch-fid's Inception-v3: mu, sigma and the pool3 "
                + "features (for KID) in a .npz that --reference takes. Resumable (--resume) from the partial file it keeps "
                + "beside --out."},
        footer = {"%nExamples:",
            "  ddss stats --cifar10 cifar-10-batches-py --out cifar10-train.npz",
            "  ddss stats --images photos --out photos.npz -n 10000   # a folder of images",
            "  ddss stats --npz samples.npz --out ref.npz   # uint8 [N, H, W, 3] images"})
final class StatsCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--images", description = "a folder of PNG/JPEG images of one size (read as RGB)")
        Path images;
        @Option(names = "--cifar10", split = ",", description = "CIFAR-10 batches, python (data_batch_1,...) or binary (data_batch_1.bin,...), or an unpacked archive's folder (its five training batches)")
        List<Path> cifar10;
        @Option(names = "--npz", description = "a .npz whose first array holds uint8 images [N, H, W, 3]")
        Path npz;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;
    @Option(names = "--out", required = true, description = "the reference file to write (.npz)")
    Path out;
    @Option(names = "-n", description = "use the first N images (default: all)")
    Integer n;
    @Option(names = "--batch", defaultValue = "16", description = "images per Inception batch (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--inception", description = "pytorch-fid's Inception weights (default: as for search and eval)")
    Path inception;
    @Option(names = "--resume", description = "continue from <out>.partial.npz")
    boolean resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new BadInput("--batch must be at least 1, got " + batch);
        }
        OutputFile.require(out, "--out", ".npz");
        try (Backend be = Backends.create(); InceptionV3 net = InceptionWeights.load(inception); TensorArena ar = new TensorArena()) {
            ImageSource images;
            if (source.images != null) {
                images = ImageSource.folder(source.images);
            } else if (source.cifar10 != null) {
                images = ImageSource.of(Cifar10.read(source.cifar10, ar).images());
            } else {
                images = ImageSource.of(uint8Images(source.npz, ar));
            }
            int count = n == null ? images.count() : n;
            if (count < 2 || count > images.count()) {
                throw new BadInput("-n must be in [2, " + images.count() + "] (the images there are), got " + count);
            }
            Reference r;
            try {
                r = ReferenceBuilder.build(net, be, images, count, batch, out, resume, 20,
                        new ProgressBar(spec.commandLine().getErr(), "stats", "img", 1));
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage());
            }
            spec.commandLine().getOut().printf("wrote %s: Inception statistics and features of %d images (%s)%n", out, r.count(),
                    org.ddss.evaluation.Protocol.shape(images.imageShape()));
            return 0;
        }
    }

    /** The first array of a .npz, uint8 [N, H, W, 3], as [-1, 1]. */
    static Tensor uint8Images(Path file, TensorArena ar) throws java.io.IOException {
        var arrays = Npz.read(file);
        if (arrays.isEmpty()) {
            throw new BadInput(file + " holds no arrays");
        }
        Npz.Array a = arrays.values().iterator().next();
        long[] s = a.shape();
        if (s.length != 4 || s[3] != 3) {
            throw new BadInput(file + ": the first array has shape " + java.util.Arrays.toString(s) + ", not [N, H, W, 3] images");
        }
        Tensor t = ar.empty((int) s[0], (int) s[1], (int) s[2], 3);
        double[] v = a.values();
        for (int i = 0; i < v.length; i++) {
            t.set(i, (float) (v[i] * (2 / 255.0) - 1));
        }
        return t;
    }
}
