package dev.staticflux.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Response times in microseconds, counted in log-linear buckets: exact below 32 µs, then
 * 16 buckets per power of two, so a percentile is at most 1/16 (6.25 %) above the true
 * value. Times above about 38 hours (2<sup>37</sup> µs) share the last bucket. Lock-free;
 * safe to record from several threads at once.
 */
final class LatencyHistogram {

	private static final int EXACT = 32;

	private static final int SUB_BUCKET_BITS = 4;

	private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

	private static final int LOWEST_LOG_EXPONENT = Integer.numberOfTrailingZeros(EXACT);

	private static final int HIGHEST_EXPONENT = 36;

	static final int BUCKETS = EXACT + (HIGHEST_EXPONENT - LOWEST_LOG_EXPONENT + 1) * SUB_BUCKETS;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	void record(long micros) {
		counts.incrementAndGet(bucket(micros));
	}

	/**
	 * Adds this histogram's counts to {@code totals}, which must have {@link #BUCKETS}
	 * entries.
	 */
	void addTo(long[] totals) {
		for (int i = 0; i < BUCKETS; i++) {
			totals[i] += counts.get(i);
		}
	}

	/**
	 * The value at {@code percentile} (0 to 100, nearest rank) of the merged counts: the
	 * highest time its bucket holds, but never more than {@code max}. Zero when the
	 * counts are empty.
	 */
	static double percentile(long[] totals, long count, double percentile, long max) {
		if (count == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(percentile / 100 * count));
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += totals[i];
			if (seen >= rank) {
				return Math.min(highestValue(i), max);
			}
		}
		return max;
	}

	static int bucket(long micros) {
		if (micros < EXACT) {
			return (int) Math.max(0, micros);
		}
		int exponent = 63 - Long.numberOfLeadingZeros(micros);
		if (exponent > HIGHEST_EXPONENT) {
			return BUCKETS - 1;
		}
		int subBucket = (int) (micros >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
		return EXACT + (exponent - LOWEST_LOG_EXPONENT) * SUB_BUCKETS + subBucket;
	}

	static long highestValue(int bucket) {
		if (bucket < EXACT) {
			return bucket;
		}
		int exponent = (bucket - EXACT) / SUB_BUCKETS + LOWEST_LOG_EXPONENT;
		int subBucket = (bucket - EXACT) % SUB_BUCKETS;
		long width = 1L << (exponent - SUB_BUCKET_BITS);
		return (1L << exponent) + (subBucket + 1) * width - 1;
	}

}
