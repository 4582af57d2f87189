package org.ddss.cli;

import java.util.Locale;
import org.ddss.Pipeline;
import org.ddss.model.UNet2DModel;
import picocli.CommandLine;

/** Before the work starts: a job that cannot fit in memory is refused, one whose model calls alone will take long is announced. */
final class LongJob {
    /**
     * The sustained rate assumed for the estimate: the dnnl backend's forward pass of the
     * google/ddpm-cifar10-32 architecture on 2 AVX-512 cores runs at about this (12.4 GFLOP per
     * image at about 0.05 s per image, batch 32). Small models run well below it (the digits
     * model at about 20 GFLOP/s), but their jobs are short.
     */
    static final double FLOPS_PER_SECOND = 200e9;
    /** Jobs estimated at more than this get a note. */
    static final double NOTE_SECONDS = 600;

    private LongJob() {}

    /**
     * Refuses ({@link BadInput}, exit code 2) a job of {@code n} samples whose samples or model
     * calls at {@code batch} would not fit in memory, then {@link #note}s it if it is long.
     */
    static void check(CommandLine cl, Pipeline p, int n, int batch, double imageCalls, String what) {
        try {
            p.requireAffordable(n, batch);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        note(cl, p.model(), imageCalls, what);
    }

    /**
     * Prints one line on stderr when {@code imageCalls} model calls per image (forward passes;
     * an input VJP counts as two more) would take longer than ten minutes at the assumed rate.
     */
    static void note(CommandLine cl, UNet2DModel model, double imageCalls, String what) {
        double flops = model.flopsPerImage() * imageCalls;
        double seconds = flops / FLOPS_PER_SECOND;
        if (seconds > NOTE_SECONDS) {
            cl.getErr().printf(Locale.ROOT, "note: %s is %.3g TFLOP of model work (%.1f GFLOP per image per model call): "
                    + "at least %s on 2 CPU cores (at %.0f GFLOP/s, the most this engine sustains there); progress is shown as it goes%n",
                    what, flops / 1e12, model.flopsPerImage() / 1e9, duration(seconds), FLOPS_PER_SECOND / 1e9);
            cl.getErr().flush();
        }
    }

    static String duration(double seconds) {
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%.0f minutes", seconds / 60);
        }
        if (seconds < 2 * 86400) {
            return String.format(Locale.ROOT, "%.1f hours", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.0f days", seconds / 86400);
    }
}
