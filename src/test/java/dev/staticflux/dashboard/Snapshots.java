package dev.staticflux.dashboard;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.staticflux.stats.StatsSnapshot;
import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.CompressionSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

/** Statistics snapshots for tests. */
final class Snapshots {

	private Snapshots() {
	}

	/**
	 * A snapshot whose counters all derive from {@code total}, so that a test can tell
	 * two apart.
	 */
	static StatsSnapshot withTotal(long total) {
		return withTotal(total, 1_234, new CompressionSummary(3, 270_000, 61_000));
	}

	/**
	 * Like {@link #withTotal(long)}, with the given slow-client and compression figures.
	 */
	static StatsSnapshot withTotal(long total, long abortedSlowClients, CompressionSummary compression) {
		return new StatsSnapshot(Instant.parse("2026-11-26T12:00:00Z").plusSeconds(total), total,
				Map.of("200", total * 9 / 10, "404", total - total * 9 / 10), total * 2_000, 3, 2, 1, 0,
				abortedSlowClients, 3_725, new RequestRates(12.5, 10, 8), new Latency(1.2, 0.8, 2.5, 7.25, 12),
				new CacheSummary(90, 10, 0.9, 0, 4, 48_000), compression,
				new TreeMap<>(Map.of("HTTP/1.1", total - total / 4, "HTTP/2.0", 0L, "HTTP/3.0", total / 4)));
	}

}
