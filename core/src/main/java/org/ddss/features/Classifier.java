package org.ddss.features;

import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;

/** A feature network that is a classifier too: its class scores are a linear map of its features. */
public interface Classifier extends FeatureNetwork {
    /** Number of classes. */
    int classes();

    /** Class scores [N, classes] from features [N, d]. */
    Var logits(Tape tape, Var features);
}
