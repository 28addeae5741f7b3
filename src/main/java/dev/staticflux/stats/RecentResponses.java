package dev.staticflux.stats;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

/**
 * Responses of the last minute, one slot per wall-clock second in a ring, for request rates and latency
 * percentiles. Recording touches only the current second's slot; a slot is replaced (one small allocation) the
 * first time its second comes round again, so old counts are never reset under a concurrent writer.
 * <p>
 * Rates are over whole seconds that have ended: {@code last1s} is the previous second, {@code last10s} and
 * {@code last60s} the average of the previous 10 and 60. Latency covers the current second and the 59 before it,
 * so that a response shows in it at once.
 */
final class RecentResponses {

	private static final int WINDOW = 60;

	/** One more than the window, so the current second never overwrites one still being read. */
	private static final int SLOTS = WINDOW + 1;

	private static final double[] PERCENTILES = { 50, 90, 99 };

	private final AtomicReferenceArray<Second> ring = new AtomicReferenceArray<>(SLOTS);

	/** Records a response completed at {@code epochSecond} that took {@code millis}. */
	void record(long epochSecond, long millis) {
		Second second = slot(epochSecond);
		if (second != null) {
			second.record(Math.max(0, millis));
		}
	}

	RequestRates rates(long nowEpochSecond) {
		return new RequestRates(responses(nowEpochSecond, 1), responses(nowEpochSecond, 10) / 10.0,
				responses(nowEpochSecond, 60) / 60.0);
	}

	Latency latency(long nowEpochSecond) {
		long[] buckets = new long[LatencyHistogram.BUCKETS];
		long count = 0;
		long totalMillis = 0;
		long max = 0;
		for (long s = nowEpochSecond - WINDOW + 1; s <= nowEpochSecond; s++) {
			Second second = existing(s);
			if (second != null) {
				second.histogram.addTo(buckets);
				count += second.responses.sum();
				totalMillis += second.totalMillis.sum();
				max = Math.max(max, second.maxMillis.get());
			}
		}
		if (count == 0) {
			return new Latency(0, 0, 0, 0, 0);
		}
		double[] values = new double[PERCENTILES.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = LatencyHistogram.percentile(buckets, count, PERCENTILES[i], max);
		}
		return new Latency((double) totalMillis / count, values[0], values[1], values[2], max);
	}

	/** Responses completed in the {@code seconds} whole seconds before {@code nowEpochSecond}. */
	private long responses(long nowEpochSecond, int seconds) {
		long total = 0;
		for (long s = nowEpochSecond - seconds; s < nowEpochSecond; s++) {
			Second second = existing(s);
			if (second != null) {
				total += second.responses.sum();
			}
		}
		return total;
	}

	private Second existing(long epochSecond) {
		Second second = ring.get(index(epochSecond));
		return (second != null && second.epochSecond == epochSecond) ? second : null;
	}

	/** The slot for {@code epochSecond}, or {@code null} if that second already fell out of the ring. */
	private Second slot(long epochSecond) {
		int index = index(epochSecond);
		while (true) {
			Second current = ring.get(index);
			if (current != null && current.epochSecond >= epochSecond) {
				return (current.epochSecond == epochSecond) ? current : null;
			}
			Second fresh = new Second(epochSecond);
			if (ring.compareAndSet(index, current, fresh)) {
				return fresh;
			}
		}
	}

	private static int index(long epochSecond) {
		return (int) Math.floorMod(epochSecond, (long) SLOTS);
	}

	private static final class Second {

		final long epochSecond;

		final LongAdder responses = new LongAdder();

		final LongAdder totalMillis = new LongAdder();

		final LongAccumulator maxMillis = new LongAccumulator(Math::max, 0);

		final LatencyHistogram histogram = new LatencyHistogram();

		Second(long epochSecond) {
			this.epochSecond = epochSecond;
		}

		void record(long millis) {
			responses.increment();
			totalMillis.add(millis);
			maxMillis.accumulate(millis);
			histogram.record(millis);
		}

	}

}
