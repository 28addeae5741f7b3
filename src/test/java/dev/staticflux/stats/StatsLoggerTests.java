package dev.staticflux.stats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

import static org.assertj.core.api.Assertions.assertThat;

class StatsLoggerTests {

	@Test
	void summarisesTheSnapshotOnOneLine() {
		Map<String, Long> statuses = new LinkedHashMap<>();
		statuses.put("200", 1200L);
		statuses.put("404", 4L);
		StatsSnapshot snapshot = new StatsSnapshot(Instant.EPOCH, 1204, statuses, 12_897_485, 5, 2, 0, 1, 3600,
				new RequestRates(12, 10.44, 8.1), new Latency(1.25, 1, 3, 9, 40),
				new CacheSummary(98, 2, 0.98, 0, 120, 4096));

		assertThat(StatsLogger.summary(snapshot)).isEqualTo("requests=1204 [200=1200 404=4] rps=12.0/10.4/8.1"
				+ " latency-ms mean=1.3 p50=1.0 p90=3.0 p99=9.0 max=40.0 sent=12.3MB connections=5 in-flight=2"
				+ " queued=0 rejected=1 cache-hits=98.0% cache-entries=120 uptime=3600s");
	}

	@Test
	void writesSmallByteCountsExactly() {
		StatsSnapshot snapshot = new StatsSnapshot(Instant.EPOCH, 0, Map.of(), 512, 0, 0, 0, 0, 0,
				new RequestRates(0, 0, 0), new Latency(0, 0, 0, 0, 0), new CacheSummary(0, 0, 0, 0, 0, 0));

		assertThat(StatsLogger.summary(snapshot)).startsWith("requests=0 [] rps=0.0/0.0/0.0").contains(" sent=512B ");
	}

}
