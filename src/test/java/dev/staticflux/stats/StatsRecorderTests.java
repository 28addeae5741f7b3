package dev.staticflux.stats;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.compression.CompressionStatistics;
import dev.staticflux.stats.AdmissionStatistics.Admission;
import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.CompressionSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.offset;

class StatsRecorderTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00.250Z"));

	private final StatsRecorder recorder = new StatsRecorder(clock, AdmissionStatistics.NONE,
			() -> CacheStatistics.DISABLED, () -> CompressionStatistics.NONE, () -> 0);

	@Test
	void countsEveryResponseOnceUnderItsStatus() {
		Responses.recordMillis(recorder, "200", 10, 1);
		Responses.recordMillis(recorder, "200", 20, 1);
		Responses.recordMillis(recorder, "404", 5, 1);
		Responses.recordMillis(recorder, "304", 0, 1);

		StatsSnapshot snapshot = recorder.snapshot();

		assertThat(snapshot.totalRequests()).isEqualTo(4);
		assertThat(snapshot.statusCounts()).containsExactly(entry("200", 2L), entry("304", 1L), entry("404", 1L));
		assertThat(snapshot.bytesSent()).isEqualTo(35);
	}

	@Test
	void keepsAStatusThatIsNotThreeDigitsByItsText() {
		Responses.recordMillis(recorder, "1000", 0, 1);
		Responses.recordMillis(recorder, "099", 0, 1);

		assertThat(recorder.snapshot().statusCounts()).containsOnly(entry("1000", 1L), entry("099", 1L));
		assertThat(recorder.snapshot().totalRequests()).isEqualTo(2);
	}

	@Test
	void countsResponsesByTheProtocolOfTheirRequest() {
		recorder.recordProtocol("HTTP/1.1");
		recorder.recordProtocol("HTTP/3.0");
		recorder.recordProtocol("HTTP/3.0");
		recorder.recordProtocol("HTTP/2.0");

		assertThat(recorder.snapshot().protocolCounts()).containsExactly(entry("HTTP/1.0", 0L), entry("HTTP/1.1", 1L),
				entry("HTTP/2.0", 1L), entry("HTTP/3.0", 2L));
	}

	/**
	 * A request the decoder rejected before its version has no protocol: it still counts,
	 * so the sum is the total.
	 */
	@Test
	void countsAResponseWithoutAKnownProtocolAsOther() {
		recorder.recordProtocol(null);
		recorder.recordProtocol("HTTP/9.9");

		assertThat(recorder.snapshot().protocolCounts()).containsEntry("other", 2L).containsEntry("HTTP/1.1", 0L);
	}

	@Test
	void countsConnectionsOpenNow() {
		recorder.connectionOpened();
		recorder.connectionOpened();
		recorder.connectionOpened();
		recorder.connectionClosed();

		assertThat(recorder.snapshot().activeConnections()).isEqualTo(2);
	}

	@Test
	void ratesAreOverWholeSecondsThatHaveEnded() {
		for (int i = 0; i < 30; i++) {
			Responses.recordMillis(recorder, "200", 0, 1);
		}
		assertThat(recorder.snapshot().requestsPerSecond()).isEqualTo(new RequestRates(0, 0, 0));

		clock.advance(Duration.ofSeconds(1));
		assertThat(recorder.snapshot().requestsPerSecond()).isEqualTo(new RequestRates(30, 3, 0.5));

		clock.advance(Duration.ofSeconds(9));
		assertThat(recorder.snapshot().requestsPerSecond()).isEqualTo(new RequestRates(0, 3, 0.5));

		clock.advance(Duration.ofSeconds(1));
		assertThat(recorder.snapshot().requestsPerSecond()).isEqualTo(new RequestRates(0, 0, 0.5));

		clock.advance(Duration.ofSeconds(50));
		assertThat(recorder.snapshot().requestsPerSecond()).isEqualTo(new RequestRates(0, 0, 0));
	}

	@Test
	void latencyPercentilesAreExactForResponsesOfAFewMicroseconds() {
		for (int micros = 1; micros <= 20; micros++) {
			Responses.record(recorder, "200", 0, micros);
		}

		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0.0105, 0.010, 0.018, 0.020, 0.020));
	}

	/** Regression: latencies were whole milliseconds, so a 120 µs cache hit read 0 ms. */
	@Test
	void subMillisecondLatenciesKeepTheirMicroseconds() {
		Responses.record(recorder, "200", 0, 120);
		Responses.record(recorder, "200", 0, 180);
		Responses.record(recorder, "200", 0, 950);

		Latency latency = recorder.snapshot().latencyMillis();
		assertThat(latency.mean()).isCloseTo(0.41666, offset(0.00001));
		assertThat(latency.p50()).isBetween(0.180, 0.180 * 17 / 16);
		assertThat(latency.max()).isEqualTo(0.950);
	}

	@Test
	void latencyCoversTheCurrentSecondAndTheFiftyNineBefore() {
		Responses.record(recorder, "200", 0, 7);
		assertThat(recorder.snapshot().latencyMillis().max()).isEqualTo(0.007);

		clock.advance(Duration.ofSeconds(59));
		Responses.record(recorder, "200", 0, 3);
		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0.005, 0.003, 0.007, 0.007, 0.007));

		clock.advance(Duration.ofSeconds(1));
		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0.003, 0.003, 0.003, 0.003, 0.003));

		clock.advance(Duration.ofSeconds(59));
		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0, 0, 0, 0, 0));
	}

	@Test
	void aSlotIsReusedOnlyForItsNewSecond() {
		Responses.record(recorder, "200", 0, 5);
		clock.advance(Duration.ofSeconds(61)); // the same ring slot, one lap later
		Responses.record(recorder, "200", 0, 9);

		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0.009, 0.009, 0.009, 0.009, 0.009));
		clock.advance(Duration.ofSeconds(1));
		assertThat(recorder.snapshot().requestsPerSecond().last1s()).isEqualTo(1);
	}

	@Test
	void aResponseEndingBeforeItStartedCountsButIsLeftOutOfTheLatency() {
		Responses.record(recorder, "200", 0, 100);
		Responses.record(recorder, "200", 0, -3_000);

		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0.1, 0.1, 0.1, 0.1, 0.1));
		assertThat(recorder.snapshot().totalRequests()).isEqualTo(2);
		assertThat(recorder.timedResponses()).isEqualTo(1);
	}

	@Test
	void aResponseWithoutAStartTimeCountsButIsLeftOutOfTheLatency() {
		long now = Responses.START_MICROS;
		recorder.recordResponse(null, null, "400", 0, 0, now);

		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0, 0, 0, 0, 0));
		assertThat(recorder.snapshot().statusCounts()).containsOnly(entry("400", 1L));
		assertThat(recorder.totalMicros()).isZero();
		clock.advance(Duration.ofSeconds(1));
		assertThat(recorder.snapshot().requestsPerSecond().last1s()).isEqualTo(1);
	}

	@Test
	void uptimeCountsWholeSecondsSinceStart() {
		clock.advance(Duration.ofMillis(2_999));

		assertThat(recorder.snapshot().uptimeSeconds()).isEqualTo(2);
		assertThat(recorder.snapshot().timestamp()).isEqualTo(Instant.parse("2026-11-26T12:00:03.249Z"));
	}

	@Test
	void takesTheLimiterCacheAndCompressionFiguresAsOfTheSnapshot() {
		CacheStatistics cache = new CacheStatistics(3, 1, 1, 10, 2, 200, 5, 4096, 65536);
		StatsRecorder withBoth = new StatsRecorder(clock, () -> new Admission(7, 2, 11), () -> cache,
				() -> new CompressionStatistics(2, 200_000, 41_000), () -> 3);

		StatsSnapshot snapshot = withBoth.snapshot();

		assertThat(snapshot.inFlight()).isEqualTo(7);
		assertThat(snapshot.queued()).isEqualTo(2);
		assertThat(snapshot.rejected()).isEqualTo(11);
		assertThat(snapshot.abortedSlowClients()).isEqualTo(3);
		assertThat(snapshot.cache()).isEqualTo(new CacheSummary(3, 1, 0.75, 2, 5, 4096));
		assertThat(snapshot.compression()).isEqualTo(new CompressionSummary(2, 200_000, 41_000));
	}

	@Test
	void withoutLimiterOrCacheTheirFiguresAreZero() {
		StatsSnapshot snapshot = recorder.snapshot();

		assertThat(snapshot.inFlight()).isZero();
		assertThat(snapshot.queued()).isZero();
		assertThat(snapshot.rejected()).isZero();
		assertThat(snapshot.cache()).isEqualTo(new CacheSummary(0, 0, 0, 0, 0, 0));
		assertThat(snapshot.compression()).isEqualTo(CompressionSummary.NONE);
	}

}
