package org.ddss.evaluation;

/**
 * The noise seeds of a protocol, declared once so that they never overlap: a search draws its
 * training batches from a search seed in {@code [0, evaluationFirst)} at sample indices below
 * {@code validationFirst}, its fixed validation set from the same seed at indices from
 * {@code validationFirst} on, and evaluations use seeds from {@code evaluationFirst} up.
 *
 * @param evaluationFirst the first evaluation seed; search seeds lie below it
 * @param validationFirst the first sample index of a search's validation set
 */
public record SeedRanges(long evaluationFirst, long validationFirst) {
    /** Search seeds 0..999,999, validation from sample 2^40 of the search seed, evaluation from seed 1,000,000. */
    public static final SeedRanges DEFAULT = new SeedRanges(1_000_000L, 1L << 40);

    public SeedRanges {
        if (evaluationFirst < 1 || validationFirst < 1) {
            throw new IllegalArgumentException("seed ranges start above 0: evaluationFirst=" + evaluationFirst
                    + ", validationFirst=" + validationFirst);
        }
    }

    /** Fails, in one sentence, unless {@code seed} is a search seed. */
    public void requireSearchSeed(long seed) {
        if (seed < 0 || seed >= evaluationFirst) {
            throw new IllegalArgumentException("the search seed must be in [0, " + (evaluationFirst - 1) + "]: evaluation uses "
                    + evaluationFirst + " and up");
        }
    }

    /** Fails unless a search batch of samples {@code first .. first + count - 1} stays below the validation set. */
    public void requireTrainingSamples(long first, long count) {
        if (first < 0 || count < 0 || first + count > validationFirst) {
            throw new IllegalArgumentException("search samples " + first + ".." + (first + count - 1)
                    + " reach the validation set, which starts at sample " + validationFirst);
        }
    }
}
