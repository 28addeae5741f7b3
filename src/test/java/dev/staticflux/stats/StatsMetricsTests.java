package dev.staticflux.stats;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.staticflux.cache.CacheStatistics;

import static org.assertj.core.api.Assertions.assertThat;

class StatsMetricsTests {

	private final StatsRecorder recorder = new StatsRecorder(new MutableClock(Instant.EPOCH), AdmissionStatistics.NONE,
			() -> CacheStatistics.DISABLED, () -> 0);

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void metersReadTheRecordersCounters() {
		new StatsMetrics(recorder, null).bindTo(registry);
		recorder.recordResponse("200", 100, 1);
		recorder.recordResponse("200", 50, 1);
		recorder.connectionOpened();

		assertThat(registry.get("staticflux.requests").functionCounter().count()).isEqualTo(2);
		assertThat(registry.get("staticflux.bytes.sent").functionCounter().count()).isEqualTo(150);
		assertThat(registry.get("staticflux.connections.active").gauge().value()).isEqualTo(1);
	}

	@Test
	void responseTimesGoToAHistogramTimer() {
		new StatsMetrics(recorder, null).bindTo(registry);
		recorder.recordResponse("200", 10, 7);
		recorder.recordResponse("404", 0, 3);

		assertThat(registry.get("staticflux.response.time").timer().count()).isEqualTo(2);
		assertThat(registry.get("staticflux.response.time").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(10);
	}

	@Test
	void eachStatusGetsACounterWhetherSeenBeforeOrAfterBinding() {
		recorder.recordResponse("404", 0, 1);
		new StatsMetrics(recorder, null).bindTo(registry);
		recorder.recordResponse("200", 10, 1);
		recorder.recordResponse("200", 10, 1);

		assertThat(registry.get("staticflux.responses").tag("status", "404").functionCounter().count()).isEqualTo(1);
		assertThat(registry.get("staticflux.responses").tag("status", "200").functionCounter().count()).isEqualTo(2);
		assertThat(registry.get("staticflux.responses").functionCounters()).hasSize(2);
	}

}
