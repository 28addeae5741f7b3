package dev.staticflux.stats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.CompressionSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON names are an interface (endpoint, dashboard stream): Jackson 3's defaults must
 * produce exactly these.
 */
class StatsSnapshotJsonTests {

	@Test
	void serialisesWithTheFixedNamesAndAnIsoTimestamp() {
		Map<String, Long> statuses = new LinkedHashMap<>();
		statuses.put("200", 10_000L);
		statuses.put("404", 3L);
		StatsSnapshot snapshot = new StatsSnapshot(Instant.parse("2026-11-26T18:00:00.123Z"), 10_003, statuses, 4096, 2,
				1, 0, 5, 0, 60, new RequestRates(1.5, 2, 3), new Latency(1.25, 1, 2, 3, 4),
				new CacheSummary(9, 1, 0.9, 0, 3, 2048), new CompressionSummary(2, 90_000, 21_000),
				Map.of("HTTP/3.0", 7L));

		assertThat(JsonMapper.builder().build().writeValueAsString(snapshot)).isEqualTo("{"
				+ "\"timestamp\":\"2026-11-26T18:00:00.123Z\",\"totalRequests\":10003,"
				+ "\"statusCounts\":{\"200\":10000,\"404\":3},\"bytesSent\":4096,\"activeConnections\":2,"
				+ "\"inFlight\":1,\"queued\":0,\"rejected\":5,\"abortedSlowClients\":0,\"uptimeSeconds\":60,"
				+ "\"requestsPerSecond\":{\"last1s\":1.5,\"last10s\":2.0,\"last60s\":3.0},"
				+ "\"latencyMillis\":{\"mean\":1.25,\"p50\":1.0,\"p90\":2.0,\"p99\":3.0,\"max\":4.0},"
				+ "\"cache\":{\"hits\":9,\"misses\":1,\"hitRatio\":0.9,\"evictions\":0,\"entries\":3,\"bytes\":2048},"
				+ "\"compression\":{\"compressed\":2,\"bytesIn\":90000,\"bytesOut\":21000},"
				+ "\"protocolCounts\":{\"HTTP/3.0\":7}}");
	}

}
