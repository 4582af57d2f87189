package org.ddss.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.ddss.Progress;

/**
 * A one-line progress bar on the error stream: redrawn in place on a terminal, a plain line
 * every ten seconds otherwise (logs); messages get lines of their own.
 */
final class ProgressBar implements Progress {
    private final PrintWriter err;
    private final String label;
    private final String unit;
    private String lossName = "loss";
    private final double itemsPerStep;
    private final boolean terminal = System.console() != null;
    private long lastDraw;

    /** {@code unit} names the items counted by the rate; {@code itemsPerStep} converts it for the ETA. */
    ProgressBar(PrintWriter err, String unit, double itemsPerStep) {
        this(err, null, unit, itemsPerStep);
    }

    /** As above, with {@code label} (or null) at the start of the line, naming the job. */
    ProgressBar(PrintWriter err, String label, String unit, double itemsPerStep) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.itemsPerStep = itemsPerStep;
    }

    /** Names the loss column (e.g. {@code KID} where the loss is one); returns this bar. */
    ProgressBar lossName(String name) {
        this.lossName = name;
        return this;
    }

    @Override
    public void update(long step, long total, double loss, double rate, String message) {
        if (message != null) {
            err.print(terminal ? "\r\033[K" + message + "\n" : message + "\n");
        }
        long now = System.nanoTime();
        boolean done = step >= total;
        if (!done && now - lastDraw < (terminal ? 200_000_000L : 10_000_000_000L)) {
            err.flush();
            return;
        }
        lastDraw = now;
        int width = 24, filled = (int) (width * step / Math.max(1, total));
        String eta = "--:--:--";
        if (rate > 0) {
            long s = (long) ((total - step) * itemsPerStep / rate);
            eta = String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        String line = String.format(Locale.ROOT, "%s[%s%s] %d/%d %5.1f%%%s  %.1f %s/s  ETA %s",
                label == null ? "" : label + " ", "=".repeat(filled), " ".repeat(width - filled), step, total,
                100.0 * step / Math.max(1, total), Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "  %s %.5f", lossName, loss),
                rate, unit, eta);
        err.print(terminal ? "\r\033[K" + line : line + "\n");
        if (done && terminal) {
            err.println();
        }
        err.flush();
    }
}
