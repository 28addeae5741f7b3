package dev.staticflux.stats;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.compression.CompressionStatistics;

import static org.assertj.core.api.Assertions.assertThat;

class StatsMetricsTests {

	private final StatsRecorder recorder = new StatsRecorder(new MutableClock(Instant.EPOCH), AdmissionStatistics.NONE,
			() -> CacheStatistics.DISABLED, () -> CompressionStatistics.NONE, () -> 0);

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void metersReadTheRecordersCounters() {
		bind();
		Responses.recordMillis(recorder, "200", 100, 1);
		Responses.recordMillis(recorder, "200", 50, 1);
		recorder.connectionOpened();

		assertThat(registry.get("staticflux.requests").functionCounter().count()).isEqualTo(2);
		assertThat(registry.get("staticflux.bytes.sent").functionCounter().count()).isEqualTo(150);
		assertThat(registry.get("staticflux.connections.active").gauge().value()).isEqualTo(1);
	}

	@Test
	void responseTimesAreSummedInMicroseconds() {
		bind();
		Responses.record(recorder, "200", 10, 7_250);
		Responses.record(recorder, "404", 0, 3_125);

		FunctionTimer time = registry.get("staticflux.response.time").functionTimer();
		assertThat(time.count()).isEqualTo(2);
		assertThat(time.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(10_375);
	}

	@Test
	void responseTimesGoToHttpServerRequestsWithBootsTags() {
		bind();
		Responses.record(recorder, "200", 10, 120);
		Responses.record(recorder, "200", 10, 80);
		recorder.recordResponse("HEAD", "/dashboard/stream?x=1", "304", 0, Responses.START_MICROS,
				Responses.START_MICROS + 50);
		recorder.recordResponse("BREW", "http://example.com/actuator/health", "503", 0, Responses.START_MICROS,
				Responses.START_MICROS + 1_500);
		recorder.recordResponse(null, null, "400", 0, Responses.START_MICROS, Responses.START_MICROS + 10);

		Timer files = registry.get("http.server.requests")
			.tags("method", "GET", "uri", "/**", "status", "200", "outcome", "SUCCESS", "exception", "none")
			.timer();
		assertThat(files.count()).isEqualTo(2);
		assertThat(files.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(200);
		assertThat(registry.get("http.server.requests")
			.tags("method", "HEAD", "uri", "/dashboard/stream", "status", "304", "outcome", "REDIRECTION")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.get("http.server.requests")
			.tags("method", "UNKNOWN", "uri", "/actuator/**", "status", "503", "outcome", "SERVER_ERROR")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.get("http.server.requests")
			.tags("method", "UNKNOWN", "uri", "UNKNOWN", "status", "400", "outcome", "CLIENT_ERROR")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.get("http.server.requests").timers()).hasSize(4);
	}

	@Test
	void aStatusOutsideTheCodesIsTaggedUnknown() {
		bind();
		Responses.record(recorder, "1000", 0, 10);

		assertThat(registry.get("http.server.requests").tags("status", "UNKNOWN", "outcome", "UNKNOWN").timer().count())
			.isEqualTo(1);
	}

	@Test
	void httpServerRequestsCanBeTurnedOffByAMeterFilter() {
		registry.config().meterFilter(MeterFilter.denyNameStartsWith("http.server.requests"));
		bind();
		Responses.record(recorder, "200", 10, 120);

		assertThat(registry.find("http.server.requests").timers()).isEmpty();
		assertThat(registry.get("staticflux.requests").functionCounter().count()).isEqualTo(1);
	}

	private void bind() {
		new StatsMetrics(recorder, null, new UriTemplates("/dashboard", "/actuator")).bindTo(registry);
	}

	@Test
	void eachStatusGetsACounterWhetherSeenBeforeOrAfterBinding() {
		Responses.recordMillis(recorder, "404", 0, 1);
		bind();
		Responses.recordMillis(recorder, "200", 10, 1);
		Responses.recordMillis(recorder, "200", 10, 1);

		assertThat(registry.get("staticflux.responses").tag("status", "404").functionCounter().count()).isEqualTo(1);
		assertThat(registry.get("staticflux.responses").tag("status", "200").functionCounter().count()).isEqualTo(2);
		assertThat(registry.get("staticflux.responses").functionCounters()).hasSize(2);
	}

}
