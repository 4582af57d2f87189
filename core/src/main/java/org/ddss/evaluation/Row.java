package org.ddss.evaluation;

import java.util.Map;
import org.ddss.metrics.Kid;

/**
 * One scored row of an evaluation: a sampler's (or an image set's) FID and KID per feature
 * network, in the order the protocol lists its networks.
 *
 * @param label   the sampler's name, or the image set's
 * @param nfe     model calls per sample (0 for an image set)
 * @param samples images scored
 * @param seconds time spent sampling (0 for an image set)
 * @param fid     FID per network name
 * @param kid     KID per network name (cubic kernel, mean and std over subsets)
 * @param labels  what the protocol's classifier says of the images, or null without one
 */
public record Row(String label, int nfe, int samples, double seconds, Map<String, Double> fid, Map<String, Kid> kid,
                  Labels labels) {}
