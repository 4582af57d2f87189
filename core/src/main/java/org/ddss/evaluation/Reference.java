package org.ddss.evaluation;

import org.ddss.features.FeatureNetwork;
import org.ddss.metrics.FeatureStats;

/**
 * The features of a set of real images through one network, and their statistics: what FID,
 * KID and the search's loss compare samples with.
 *
 * @param set      the images, in words (e.g. {@code train digits})
 * @param network  the feature network
 * @param features the images' features [m][d]
 * @param stats    their mean and covariance, computed once
 */
public record Reference(String set, FeatureNetwork network, double[][] features, FeatureStats stats) {
    public Reference {
        if (features.length < 2 || features[0].length != network.featureDim()) {
            throw new IllegalArgumentException("a reference needs at least 2 feature rows of width " + network.featureDim()
                    + " (" + network.name() + "), got " + features.length);
        }
    }

    /** The reference of these features, with their statistics. */
    public Reference(String set, FeatureNetwork network, double[][] features) {
        this(set, network, features, FeatureStats.of(features));
    }
}
