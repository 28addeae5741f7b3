package dev.staticflux.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.compression.CompressionStatistics;

import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.CompressionSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class StatsLoggerTests {

	@Test
	void logsTheSummaryEveryInterval(CapturedOutput output) {
		StatsRecorder recorder = new StatsRecorder(new MutableClock(Instant.EPOCH), AdmissionStatistics.NONE,
				() -> CacheStatistics.DISABLED, () -> CompressionStatistics.NONE, () -> 0);
		Responses.recordMillis(recorder, "200", 10, 1);
		try (StatsLogger logger = new StatsLogger(recorder, Duration.ofMillis(50))) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(output.getOut().split("requests=1 \\[200=1\\]", -1)).hasSizeGreaterThan(2));
		}
	}

	@Test
	void aZeroIntervalStartsNoThread() {
		await().atMost(Duration.ofSeconds(10)).until(() -> !loggerThreadAlive());
		try (StatsLogger logger = new StatsLogger(() -> {
			throw new AssertionError("no snapshot expected");
		}, Duration.ZERO)) {
			assertThat(loggerThreadAlive()).isFalse();
		}
	}

	private static boolean loggerThreadAlive() {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().equals("staticflux-stats-log"));
	}

	@Test
	void summarisesTheSnapshotOnOneLine() {
		Map<String, Long> statuses = new LinkedHashMap<>();
		statuses.put("200", 1200L);
		statuses.put("404", 4L);
		StatsSnapshot snapshot = new StatsSnapshot(Instant.EPOCH, 1204, statuses, 12_897_485, 5, 2, 0, 1, 0, 3600,
				new RequestRates(12, 10.44, 8.1), new Latency(0.182, 0.123, 1.25, 9.034, 40.2),
				new CacheSummary(98, 2, 0.98, 0, 120, 4096), CompressionSummary.NONE, Map.of());

		assertThat(StatsLogger.summary(snapshot)).isEqualTo("requests=1204 [200=1200 404=4] rps=12.0/10.4/8.1"
				+ " latency-ms mean=0.182 p50=0.123 p90=1.25 p99=9.03 max=40.2 sent=12.3MB connections=5 in-flight=2"
				+ " queued=0 rejected=1 cache-hits=98.0% cache-entries=120 uptime=3600s");
	}

	@Test
	void writesSmallByteCountsExactly() {
		StatsSnapshot snapshot = new StatsSnapshot(Instant.EPOCH, 0, Map.of(), 512, 0, 0, 0, 0, 0, 0,
				new RequestRates(0, 0, 0), new Latency(0, 0, 0, 0, 0), new CacheSummary(0, 0, 0, 0, 0, 0),
				CompressionSummary.NONE, Map.of());

		assertThat(StatsLogger.summary(snapshot)).startsWith("requests=0 [] rps=0.0/0.0/0.0").contains(" sent=512B ");
	}

}
