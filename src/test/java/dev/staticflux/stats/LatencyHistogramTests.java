package dev.staticflux.stats;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTests {

	@Test
	void timesBelowThirtyTwoMicrosecondsHaveABucketEach() {
		for (long micros = 0; micros < 32; micros++) {
			assertThat(LatencyHistogram.highestValue(LatencyHistogram.bucket(micros))).isEqualTo(micros);
		}
	}

	@Test
	void aBucketOverstatesATimeByAtMostOneSixteenth() {
		LongStream.concat(LongStream.rangeClosed(32, 100_000), LongStream.of(1L << 20, (1L << 37) - 1))
			.forEach((micros) -> {
				long reported = LatencyHistogram.highestValue(LatencyHistogram.bucket(micros));
				assertThat(reported).as("%d µs", micros).isBetween(micros, micros + micros / 16);
			});
	}

	@Test
	void bucketsFollowEachOtherWithoutGaps() {
		for (int bucket = 1; bucket < LatencyHistogram.BUCKETS; bucket++) {
			long firstValue = LatencyHistogram.highestValue(bucket - 1) + 1;
			assertThat(LatencyHistogram.bucket(firstValue)).isEqualTo(bucket);
		}
	}

	@Test
	void timesBeyondTheLastBucketShareIt() {
		assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
		assertThat(LatencyHistogram.bucket(1L << 37)).isEqualTo(LatencyHistogram.BUCKETS - 1);
	}

	@Test
	void aPercentileIsNeverAboveTheMaximumRecorded() {
		LatencyHistogram histogram = new LatencyHistogram();
		histogram.record(1000);
		long[] totals = new long[LatencyHistogram.BUCKETS];
		histogram.addTo(totals);

		assertThat(LatencyHistogram.percentile(totals, 1, 99, 1000)).isEqualTo(1000);
		assertThat(LatencyHistogram.highestValue(LatencyHistogram.bucket(1000))).isGreaterThan(1000);
	}

	@Test
	void percentilesUseTheNearestRank() {
		LatencyHistogram histogram = new LatencyHistogram();
		for (int i = 0; i < 99; i++) {
			histogram.record(1);
		}
		histogram.record(30);
		long[] totals = new long[LatencyHistogram.BUCKETS];
		histogram.addTo(totals);

		assertThat(LatencyHistogram.percentile(totals, 100, 99, 30)).isEqualTo(1);
		assertThat(LatencyHistogram.percentile(totals, 100, 100, 30)).isEqualTo(30);
		assertThat(LatencyHistogram.percentile(totals, 0, 50, 0)).isZero();
	}

}
