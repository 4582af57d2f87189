package org.ddss.data;

import org.ddss.tensor.Tensor;

/**
 * Images in [-1, 1] as NHWC {@code [N, H, W, C]} with their labels (-1 where a source has none).
 * The tensor belongs to the arena the reader was given.
 */
public record Dataset(Tensor images, int[] labels) {
    public Dataset {
        if (images.rank() != 4 || labels.length != images.dim(0)) {
            throw new IllegalArgumentException("dataset of " + images + " with " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }
}
