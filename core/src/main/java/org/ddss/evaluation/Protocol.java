package org.ddss.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ddss.Progress;
import org.ddss.backend.Backend;
import org.ddss.diffusion.NoisePredictor;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Sampling;
import org.ddss.features.Classifier;
import org.ddss.features.FeatureNetwork;
import org.ddss.metrics.FeatureStats;
import org.ddss.metrics.Fid;
import org.ddss.metrics.Kid;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * An evaluation protocol: how a search and an evaluation measure samples, declared once. It
 * holds the seed ranges, the network the search optimises against with its reference images, the
 * networks an evaluation reports (the search's and held-out ones) with their reference images,
 * an optional classifier that labels samples, and the batch sizes. Reference features are
 * computed on first use and kept.
 *
 * <p>FID takes the features as they are. KID (cubic kernel, 100 subsets of up to 500: not
 * torch-fidelity's 1,000, since against 1,000 reference images every such subset would hold the
 * whole reference set and the spread would say nothing) sees both sets scaled by the one factor
 * that gives the reference features an RMS of 1 per coordinate ({@link Kid#rmsScale}).
 *
 * <p>{@link Digits#protocol} is the protocol of the embedded digits model; {@link #builder}
 * makes others.
 */
public final class Protocol implements AutoCloseable {
    /** The labelling threshold of {@link Labels}: a sample is confidently labelled at this probability. */
    public static final double CONFIDENT = 0.9;

    private final String name;
    private final Backend backend;
    private final SeedRanges seeds;
    private final String searchKey;
    private final ReferenceSet searchSet;
    private final Reference searchGiven;
    private final int kidSubset;
    private final boolean kidScaled;
    private final Map<String, FeatureNetwork> networks;
    private final ReferenceSet evaluationSet;
    private final Classifier labeller;
    private final String labellerName;
    private final int featureBatch, sampleBatch;
    private final List<AutoCloseable> owned;
    private Reference searchReference;
    private Map<String, Reference> evaluationReferences;

    private record ReferenceSet(String name, Tensor images) {}

    private Protocol(Builder b) {
        name = b.name;
        backend = b.backend;
        seeds = b.seeds;
        searchKey = b.searchKey;
        searchSet = b.searchSet;
        searchGiven = b.searchGiven;
        searchReference = b.searchGiven;
        kidSubset = b.kidSubset;
        kidScaled = b.kidScaled;
        networks = new LinkedHashMap<>(b.networks);
        evaluationSet = b.evaluationSet;
        labeller = b.labeller;
        labellerName = b.labellerName;
        featureBatch = b.featureBatch;
        sampleBatch = b.sampleBatch;
        owned = List.copyOf(b.owned);
    }

    /** A builder of a protocol computing features on {@code backend}. */
    public static Builder builder(String name, Backend backend) {
        return new Builder(name, backend);
    }

    public String name() {
        return name;
    }

    public Backend backend() {
        return backend;
    }

    public SeedRanges seeds() {
        return seeds;
    }

    /** Samples per batch when an evaluation samples. */
    public int sampleBatch() {
        return sampleBatch;
    }

    /** The evaluation networks' short names, in table order (the search's first). */
    public List<String> networkNames() {
        return List.copyOf(networks.keySet());
    }

    /** The largest feature dimension among the evaluation networks (FID's covariance size). */
    public int largestFeatureDim() {
        return networks.values().stream().mapToInt(FeatureNetwork::featureDim).max().orElse(0);
    }

    /** The short name of the network the search optimises against. */
    public String searchNetworkName() {
        return searchKey;
    }

    /** The short name of the classifier whose labels every row reports, or null without one. */
    public String labellerName() {
        return labellerName;
    }

    /** The images the search compares its samples with, in words. */
    public String searchSet() {
        return searchGiven != null ? searchGiven.set() : searchSet.name();
    }

    /** Number of images in the search's reference set (0 where a statistics file does not say). */
    public long searchSetSize() {
        return searchGiven != null ? searchGiven.count() : searchSet.images().dim(0);
    }

    /** The reported KID's subset size: 100 subsets of this many (or of all samples where there are fewer). */
    public int kidSubset() {
        return kidSubset;
    }

    /** The search network's reference: given, or its features of the search's reference images (computed once). */
    public synchronized Reference searchReference() {
        if (searchReference == null) {
            FeatureNetwork net = networks.get(searchKey);
            searchReference = new Reference(searchSet.name(), net, net.extract(searchSet.images(), backend, featureBatch));
        }
        return searchReference;
    }

    /**
     * Every evaluation network's reference (computed once): its features of the evaluation
     * images, or, without those, the search's own reference.
     */
    public synchronized Map<String, Reference> evaluationReferences() {
        if (evaluationReferences == null) {
            Map<String, Reference> refs = new LinkedHashMap<>();
            for (var e : networks.entrySet()) {
                refs.put(e.getKey(), evaluationSet == null ? searchReference()
                        : new Reference(evaluationSet.name(), e.getValue(), e.getValue().extract(evaluationSet.images(), backend, featureBatch)));
            }
            evaluationReferences = refs;
        }
        return evaluationReferences;
    }

    /** Whether every network of the protocol reads samples of shape {@code [H, W, C]}. */
    public boolean accepts(int[] sampleShape) {
        return networks.values().stream().allMatch(n -> n.accepts(sampleShape));
    }

    /** Fails, in one sentence saying which images the networks read, unless {@link #accepts} the shape. */
    public void requireShape(int[] sampleShape) {
        if (!accepts(sampleShape)) {
            FeatureNetwork net = networks.values().stream().filter(n -> !n.accepts(sampleShape)).findFirst().orElseThrow();
            throw new IllegalArgumentException("the " + name + " protocol's feature networks (" + String.join(", ",
                    networks.values().stream().map(FeatureNetwork::name).toList()) + ") read " + net.inputDescription()
                    + ", but the model makes " + shape(sampleShape) + " samples; --features inception (pytorch-fid's "
                    + "Inception-v3, the field's FID network) reads RGB images of any size");
        }
    }

    /** {@code HxWxC}. */
    public static String shape(int[] sampleShape) {
        return String.join("x", Arrays.stream(sampleShape).mapToObj(Integer::toString).toList());
    }

    /**
     * Draws n samples with the sampler (evaluation seed {@code seed}, samples 0..n-1,
     * {@code batch} at a time) and scores them; the row's seconds are the sampling time.
     */
    public Row score(Sampler sampler, NoisePredictor model, int[] sampleShape, int n, long seed, int batch, Progress progress) {
        requireShape(sampleShape);
        if (n < 2) {
            throw new IllegalArgumentException("scoring needs at least 2 samples, got " + n);
        }
        if (seed < seeds.evaluationFirst()) {
            throw new IllegalArgumentException("evaluation seeds start at " + seeds.evaluationFirst() + " (below are search seeds), got "
                    + seed);
        }
        try (TensorArena arena = new TensorArena()) {
            long t0 = System.nanoTime();
            Tensor samples = Sampling.generate(sampler, model, seed, 0, n, batch, sampleShape, arena, progress);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return scoreImages(sampler.name(), sampler.times().length, seconds, samples);
        }
    }

    /** {@link #score} from the first evaluation seed, {@link #sampleBatch} at a time. */
    public Row score(Sampler sampler, NoisePredictor model, int[] sampleShape, int n, Progress progress) {
        return score(sampler, model, sampleShape, n, seeds.evaluationFirst(), sampleBatch, progress);
    }

    /** Whether the search's reference images are at hand (not only their statistics), for {@link #scoreSearchSet}. */
    public boolean hasSearchImages() {
        return searchSet != null;
    }

    /** Scores the first n images of the search's reference set (the reference row of a table). */
    public Row scoreSearchSet(int n) {
        if (searchSet == null) {
            throw new IllegalStateException("the reference " + searchSet() + " is statistics, not images");
        }
        Tensor images = searchSet.images();
        return scoreImages(searchSet.name(), 0, 0, images.slice(0, Math.min(n, images.dim(0))));
    }

    /** Scores a set of images [n, H, W, C] in [-1, 1] (at least 2). */
    public Row scoreImages(String label, int nfe, double seconds, Tensor images) {
        if (images.dim(0) < 2) {
            throw new IllegalArgumentException("scoring needs at least 2 images, got " + images.dim(0));
        }
        return combine(label, nfe, seconds, List.of(measure(0, images)));
    }

    /**
     * What a share of an evaluation contributes to its row: the images numbered {@code first} on
     * (by sample index), and per evaluation network the feature sums for FID and, where the
     * reference keeps features for KID, the features in image order; and the labeller's counts.
     * Parts of disjoint index ranges {@link #combine} into the row the whole range gives, so an
     * evaluation may be measured share by share, on one machine or on many.
     */
    public record Part(long first, int count, Map<String, FeatureStats.Accumulator> sums, Map<String, double[][]> features,
                       Labels.Counts labels) implements java.io.Serializable {}

    /** Measures images [n, H, W, C] in [-1, 1], samples {@code first .. first + n - 1} of an evaluation. */
    public Part measure(long first, Tensor images) {
        Map<String, FeatureStats.Accumulator> sums = new LinkedHashMap<>();
        Map<String, double[][]> features = new LinkedHashMap<>();
        for (var e : evaluationReferences().entrySet()) {
            double[][] f = e.getValue().network().extract(images, backend, featureBatch);
            FeatureStats.Accumulator a = new FeatureStats.Accumulator(e.getValue().network().featureDim());
            a.add(f);
            sums.put(e.getKey(), a);
            if (e.getValue().features() != null) {
                features.put(e.getKey(), f);
            }
        }
        Labels.Counts labels = labeller == null ? null : Labels.Counts.of(labeller, images, backend, CONFIDENT, featureBatch);
        return new Part(first, images.dim(0), sums, features, labels);
    }

    /**
     * The row of the parts of one evaluation (any order; their index ranges must not overlap):
     * FID from the merged feature sums, KID from the features in index order, the labels from
     * the summed counts.
     */
    public Row combine(String label, int nfe, double seconds, List<Part> parts) {
        List<Part> ordered = new ArrayList<>(parts);
        ordered.sort(java.util.Comparator.comparingLong(Part::first));
        int n = 0;
        for (int i = 0; i < ordered.size(); i++) {
            if (i > 0 && ordered.get(i).first() < ordered.get(i - 1).first() + ordered.get(i - 1).count()) {
                throw new IllegalArgumentException("parts overlap at sample " + ordered.get(i).first());
            }
            n += ordered.get(i).count();
        }
        if (n < 2) {
            throw new IllegalArgumentException("scoring needs at least 2 images, got " + n);
        }
        Map<String, Double> fid = new LinkedHashMap<>();
        Map<String, Kid> kid = new LinkedHashMap<>();
        for (var e : evaluationReferences().entrySet()) {
            FeatureStats.Accumulator all = new FeatureStats.Accumulator(e.getValue().network().featureDim());
            for (Part p : ordered) {
                all.merge(p.sums().get(e.getKey()));
            }
            fid.put(e.getKey(), Fid.distance(all.stats(), e.getValue().stats()));
            double[][] ref = e.getValue().features();
            if (ref != null) {
                double[][] f = new double[n][];
                int at = 0;
                for (Part p : ordered) {
                    for (double[] row : p.features().get(e.getKey())) {
                        f[at++] = row;
                    }
                }
                double scale = kidScaled ? Kid.rmsScale(ref) : 1;
                kid.put(e.getKey(), Kid.cubic(Kid.scaled(f, scale), Kid.scaled(ref, scale), 100, kidSubset, 0));
            }
        }
        Labels labels = null;
        if (labeller != null) {
            Labels.Counts c = ordered.getFirst().labels();
            for (int i = 1; i < ordered.size(); i++) {
                c = c.plus(ordered.get(i).labels());
            }
            labels = c.labels(CONFIDENT);
        }
        return new Row(label, nfe, n, seconds, fid, kid, labels);
    }

    /** Closes what the builder was given to own (networks, image arenas). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable c : owned.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Builds a {@link Protocol}. */
    public static final class Builder {
        private final String name;
        private final Backend backend;
        private SeedRanges seeds = SeedRanges.DEFAULT;
        private String searchKey;
        private ReferenceSet searchSet, evaluationSet;
        private final Map<String, FeatureNetwork> networks = new LinkedHashMap<>();
        private Classifier labeller;
        private String labellerName;
        private Reference searchGiven;
        private int kidSubset = 500;
        private boolean kidScaled = true;
        private int featureBatch = 250, sampleBatch = 100;
        private final List<AutoCloseable> owned = new ArrayList<>();

        private Builder(String name, Backend backend) {
            this.name = Objects.requireNonNull(name, "name");
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        public Builder seeds(SeedRanges s) {
            seeds = Objects.requireNonNull(s);
            return this;
        }

        /**
         * The network the search optimises against (reported first, as {@code key}) and the
         * images, named {@code set}, its samples are compared with.
         */
        public Builder search(String key, FeatureNetwork network, String set, Tensor images) {
            searchKey = key;
            networks.put(key, Objects.requireNonNull(network));
            searchSet = new ReferenceSet(set, images);
            return this;
        }

        /**
         * The network the search optimises against with its reference already computed (or read
         * from a statistics file); without evaluation images, evaluations use it too.
         */
        public Builder search(String key, Reference reference) {
            searchKey = key;
            networks.put(key, reference.network());
            searchGiven = reference;
            return this;
        }

        /**
         * The reported KID: 100 subsets of {@code subsetSize}, on features scaled to an RMS of 1
         * per coordinate when {@code rmsScaled} (the digit classifiers' large features need it;
         * the field reports Inception's KID unscaled, on subsets of 1,000). Default: 500, scaled.
         */
        public Builder kid(int subsetSize, boolean rmsScaled) {
            if (subsetSize < 2) {
                throw new IllegalArgumentException("KID subsets need at least 2 samples, got " + subsetSize);
            }
            kidSubset = subsetSize;
            kidScaled = rmsScaled;
            return this;
        }

        /** A network an evaluation reports beside the search's (one the search never saw). */
        public Builder heldOut(String key, FeatureNetwork network) {
            networks.put(key, Objects.requireNonNull(network));
            return this;
        }

        /** The images, named {@code set}, evaluations compare samples with. */
        public Builder evaluateAgainst(String set, Tensor images) {
            evaluationSet = new ReferenceSet(set, images);
            return this;
        }

        /** A classifier, named {@code key} in tables, whose confident share and class shares every row reports. */
        public Builder labels(String key, Classifier c) {
            labellerName = Objects.requireNonNull(key);
            labeller = Objects.requireNonNull(c);
            return this;
        }

        public Builder batches(int features, int samples) {
            if (features < 1 || samples < 1) {
                throw new IllegalArgumentException("batches must be >= 1, got " + features + " and " + samples);
            }
            featureBatch = features;
            sampleBatch = samples;
            return this;
        }

        /** Resources the protocol closes with itself, in reverse order. */
        public Builder owning(AutoCloseable... resources) {
            owned.addAll(List.of(resources));
            return this;
        }

        public Protocol build() {
            if (searchSet == null && searchGiven == null) {
                throw new IllegalStateException("a protocol needs a search network with its reference images or statistics");
            }
            if (evaluationSet == null && networks.size() > 1) {
                throw new IllegalStateException("held-out networks need evaluation images");
            }
            return new Protocol(this);
        }
    }
}
