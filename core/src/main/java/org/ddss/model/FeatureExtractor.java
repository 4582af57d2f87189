package org.ddss.model;

import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;

/**
 * A network whose penultimate activations serve as image features for FID/KID and for the
 * DDSS loss, which back-propagates through them (so they are computed on a {@link Tape}).
 */
public interface FeatureExtractor {
    /** Feature dimension d. */
    int featureDim();

    /** Features [N, d] of images [N, H, W, C] in [-1, 1]. */
    Var features(Tape tape, Var images);
}
