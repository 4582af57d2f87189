package org.ddss.evaluation;

import org.ddss.features.FeatureNetwork;

/**
 * The features of a set of real images through one network: what FID, KID and the search's
 * loss compare samples with.
 *
 * @param set      the images, in words (e.g. {@code 9000 train digits})
 * @param network  the feature network
 * @param features the images' features [m][d]
 */
public record Reference(String set, FeatureNetwork network, double[][] features) {
    public Reference {
        if (features.length < 2 || features[0].length != network.featureDim()) {
            throw new IllegalArgumentException("a reference needs at least 2 feature rows of width " + network.featureDim()
                    + " (" + network.name() + "), got " + features.length);
        }
    }
}
