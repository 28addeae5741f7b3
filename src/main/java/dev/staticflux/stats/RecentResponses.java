package dev.staticflux.stats;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

/**
 * Responses of the last minute, one slot per wall-clock second in a ring, for request
 * rates and latency percentiles. Recording touches only the current second's slot; a slot
 * is replaced (one small allocation) the first time its second comes round again, so old
 * counts are never reset under a concurrent writer.
 * <p>
 * Rates are over whole seconds that have ended: {@code last1s} is the previous second,
 * {@code last10s} and {@code last60s} the average of the previous 10 and 60. Latency
 * covers the current second and the 59 before it, so that a response shows in it at once.
 */
final class RecentResponses {

	private static final int WINDOW = 60;

	/**
	 * One more than the window, so the current second never overwrites one still being
	 * read.
	 */
	private static final int SLOTS = WINDOW + 1;

	private static final double[] PERCENTILES = { 50, 90, 99 };

	private final AtomicReferenceArray<Second> ring = new AtomicReferenceArray<>(SLOTS);

	/**
	 * Records a response completed at {@code epochSecond} that took {@code micros}; a
	 * negative value stands for a response whose time is unknown, which counts in the
	 * rates but not in the latency.
	 */
	void record(long epochSecond, long micros) {
		Second second = slot(epochSecond);
		if (second != null) {
			second.record(micros);
		}
	}

	RequestRates rates(long nowEpochSecond) {
		return new RequestRates(responses(nowEpochSecond, 1), responses(nowEpochSecond, 10) / 10.0,
				responses(nowEpochSecond, 60) / 60.0);
	}

	Latency latency(long nowEpochSecond) {
		long[] buckets = new long[LatencyHistogram.BUCKETS];
		long count = 0;
		long totalMicros = 0;
		long max = 0;
		for (long s = nowEpochSecond - WINDOW + 1; s <= nowEpochSecond; s++) {
			Second second = existing(s);
			if (second != null) {
				second.histogram.addTo(buckets);
				count += second.timed.sum();
				totalMicros += second.totalMicros.sum();
				max = Math.max(max, second.maxMicros.get());
			}
		}
		if (count == 0) {
			return new Latency(0, 0, 0, 0, 0);
		}
		double[] values = new double[PERCENTILES.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = millis(LatencyHistogram.percentile(buckets, count, PERCENTILES[i], max));
		}
		return new Latency(millis((double) totalMicros / count), values[0], values[1], values[2], millis(max));
	}

	/** Microseconds as milliseconds: {@code 123} as {@code 0.123}. */
	private static double millis(double micros) {
		return micros / 1000;
	}

	/**
	 * Responses completed in the {@code seconds} whole seconds before
	 * {@code nowEpochSecond}.
	 */
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

	private @Nullable Second existing(long epochSecond) {
		Second second = ring.get(index(epochSecond));
		return (second != null && second.epochSecond == epochSecond) ? second : null;
	}

	/**
	 * The slot for {@code epochSecond}, or {@code null} if that second already fell out
	 * of the ring.
	 */
	private @Nullable Second slot(long epochSecond) {
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

		/** Responses whose time is known: the latency's count. */
		final LongAdder timed = new LongAdder();

		final LongAdder totalMicros = new LongAdder();

		final LongAccumulator maxMicros = new LongAccumulator(Math::max, 0);

		final LatencyHistogram histogram = new LatencyHistogram();

		Second(long epochSecond) {
			this.epochSecond = epochSecond;
		}

		void record(long micros) {
			responses.increment();
			if (micros >= 0) {
				timed.increment();
				totalMicros.add(micros);
				maxMicros.accumulate(micros);
				histogram.record(micros);
			}
		}

	}

}
