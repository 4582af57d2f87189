package org.ddss.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ddss.tensor.Tensor;

/**
 * Named float32 tensors from a weights file: safetensors or a PyTorch checkpoint
 * (read by {@link TorchCheckpoint}, which runs no code). The tensors stay valid until close.
 */
public interface WeightFile extends AutoCloseable {
    /** The tensors' names, in the file's order. */
    List<String> names();

    /** A tensor's shape; throws naming it when absent. */
    int[] shape(String name) throws IOException;

    /** The tensor as float32, read-only. */
    Tensor tensor(String name) throws IOException;

    @Override
    void close();

    /**
     * Opens a file by its name: safetensors for {@code .safetensors}, else a PyTorch checkpoint
     * ({@code .bin}, {@code .pth}, {@code .ckpt}: zip or legacy, told apart by content).
     */
    static WeightFile open(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors")) {
            return SafeTensors.open(file);
        }
        TorchCheckpoint c = TorchCheckpoint.open(file);
        return new WeightFile() {
            @Override
            public List<String> names() {
                return c.names();
            }

            @Override
            public int[] shape(String n) {
                return c.tensor(n).shape();
            }

            @Override
            public Tensor tensor(String n) {
                return c.tensor(n);
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }
}
