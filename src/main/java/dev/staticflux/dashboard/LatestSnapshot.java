package dev.staticflux.dashboard;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.staticflux.stats.StatsSnapshot;
import dev.staticflux.stats.StatsSource;

/**
 * The statistics the dashboard shows, taken at most once per interval however many pages
 * are loaded: the stream's sampler refreshes it on every tick, and a page load reads the
 * latest sample, taking a new one only when the latest is older than the interval (nobody
 * watching the stream). So reloading the page in a loop costs no more snapshots than one
 * viewer does.
 */
final class LatestSnapshot {

	private record Sample(StatsSnapshot snapshot, long takenAtNanos) {
	}

	private final StatsSource source;

	private final long maxAgeNanos;

	private final LongSupplier nanoTime;

	private volatile @Nullable Sample latest;

	/**
	 * @param source where snapshots are taken
	 * @param maxAge how old a sample a page may show: the stream's interval
	 * @param nanoTime the clock, {@code System::nanoTime} outside tests
	 */
	LatestSnapshot(StatsSource source, Duration maxAge, LongSupplier nanoTime) {
		this.source = source;
		this.maxAgeNanos = maxAge.toNanos();
		this.nanoTime = nanoTime;
	}

	/** The latest sample when it is younger than the interval, else a new one. */
	StatsSnapshot get() {
		Sample sample = latest;
		long now = nanoTime.getAsLong();
		if (sample == null || now - sample.takenAtNanos() >= maxAgeNanos) {
			return take(now);
		}
		return sample.snapshot();
	}

	/** A new sample, which later page loads read. */
	StatsSnapshot refresh() {
		return take(nanoTime.getAsLong());
	}

	private StatsSnapshot take(long now) {
		StatsSnapshot snapshot = source.snapshot();
		latest = new Sample(snapshot, now);
		return snapshot;
	}

}
