package org.ddss.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.spark.TaskContext;
import org.ddss.Pipeline;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.ProtocolChoice;

/**
 * What the tasks of one JVM share: each model and protocol opened once (the driver's, in local
 * mode, too), and the tests' fault-injection hook.
 */
final class Workers {
    private Workers() {}

    /** A model's pipeline and a protocol on its backend, opened once per JVM. */
    record Opened(Pipeline pipeline, Protocol protocol) {}

    private record Key(String model, ProtocolChoice protocol) {}

    private static final Map<Key, Opened> OPENED = new ConcurrentHashMap<>();

    /**
     * Called with the partition index at the start of every task attempt, on the executor: a
     * test's fault injection (throwing makes Spark retry the task). Does nothing by default.
     */
    static volatile IntConsumer taskHook = partition -> { };

    /** Marks the start of a task attempt (runs {@link #taskHook}). */
    static void taskStarted() {
        TaskContext task = TaskContext.get();
        taskHook.accept(task == null ? -1 : task.partitionId());
    }

    /** The model folder (null: the embedded model) and protocol, opened at the first call in this JVM. */
    static Opened open(String model, ProtocolChoice protocol) {
        return OPENED.computeIfAbsent(new Key(model, protocol), key -> {
            try {
                Pipeline p = Pipeline.open(model == null ? null : Path.of(model));
                try {
                    return new Opened(p, protocol.open(p));
                } catch (IOException | RuntimeException e) {
                    p.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
