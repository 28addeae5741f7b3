package dev.staticflux.dashboard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatestSnapshotTests {

	private final AtomicInteger taken = new AtomicInteger();

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final LatestSnapshot latest = new LatestSnapshot(() -> Snapshots.withTotal(this.taken.incrementAndGet()),
			Duration.ofSeconds(1), this.nanos::get);

	/** Regression: every page load built a fresh snapshot. */
	@Test
	void pageLoadsWithinAnIntervalShareOneSnapshot() {
		for (int i = 0; i < 1000; i++) {
			this.latest.get();
			this.nanos.addAndGet(100_000);
		}

		assertThat(this.taken).hasValue(1);
	}

	@Test
	void aSampleOlderThanTheIntervalIsTakenAgain() {
		this.latest.get();
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());

		assertThat(this.latest.get().totalRequests()).isEqualTo(2);
	}

	@Test
	void pageLoadsReadWhatTheSamplerTookLast() {
		this.latest.get();
		this.latest.refresh();
		this.latest.refresh();

		assertThat(this.latest.get().totalRequests()).isEqualTo(3);
		assertThat(this.taken).hasValue(3);
	}

}
