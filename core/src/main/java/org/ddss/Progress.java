package org.ddss;

/** Receives a long job's progress (the CLI draws a progress bar from it). */
@FunctionalInterface
public interface Progress {
    /**
     * @param step     steps done so far
     * @param total    steps in the whole job
     * @param loss     the latest loss (a running mean where the job keeps one)
     * @param rate     items per second (images for trainers)
     * @param message  anything else worth a line, or null
     */
    void update(long step, long total, double loss, double rate, String message);

    Progress NONE = (step, total, loss, rate, message) -> { };
}
