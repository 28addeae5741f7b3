package dev.staticflux.stats;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.stats.AdmissionStatistics.Admission;
import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StatsRecorderTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00.250Z"));

	private final StatsRecorder recorder = new StatsRecorder(clock, AdmissionStatistics.NONE,
			() -> CacheStatistics.DISABLED, () -> 0);

	@Test
	void countsEveryResponseOnceUnderItsStatus() {
		recorder.recordResponse("200", 10, 1);
		recorder.recordResponse("200", 20, 1);
		recorder.recordResponse("404", 5, 1);
		recorder.recordResponse("304", 0, 1);

		StatsSnapshot snapshot = recorder.snapshot();

		assertThat(snapshot.totalRequests()).isEqualTo(4);
		assertThat(snapshot.statusCounts()).containsExactly(entry("200", 2L), entry("304", 1L), entry("404", 1L));
		assertThat(snapshot.bytesSent()).isEqualTo(35);
	}

	@Test
	void keepsAStatusThatIsNotThreeDigitsByItsText() {
		recorder.recordResponse("1000", 0, 1);
		recorder.recordResponse("099", 0, 1);

		assertThat(recorder.snapshot().statusCounts()).containsOnly(entry("1000", 1L), entry("099", 1L));
		assertThat(recorder.snapshot().totalRequests()).isEqualTo(2);
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
			recorder.recordResponse("200", 0, 1);
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
	void latencyPercentilesAreExactForShortResponses() {
		for (int millis = 1; millis <= 20; millis++) {
			recorder.recordResponse("200", 0, millis);
		}

		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(10.5, 10, 18, 20, 20));
	}

	@Test
	void latencyCoversTheCurrentSecondAndTheFiftyNineBefore() {
		recorder.recordResponse("200", 0, 7);
		assertThat(recorder.snapshot().latencyMillis().max()).isEqualTo(7);

		clock.advance(Duration.ofSeconds(59));
		recorder.recordResponse("200", 0, 3);
		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(5, 3, 7, 7, 7));

		clock.advance(Duration.ofSeconds(1));
		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(3, 3, 3, 3, 3));

		clock.advance(Duration.ofSeconds(59));
		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0, 0, 0, 0, 0));
	}

	@Test
	void aSlotIsReusedOnlyForItsNewSecond() {
		recorder.recordResponse("200", 0, 5);
		clock.advance(Duration.ofSeconds(61)); // the same ring slot, one lap later
		recorder.recordResponse("200", 0, 9);

		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(9, 9, 9, 9, 9));
		clock.advance(Duration.ofSeconds(1));
		assertThat(recorder.snapshot().requestsPerSecond().last1s()).isEqualTo(1);
	}

	@Test
	void aNegativeDurationCountsAsZero() {
		recorder.recordResponse("200", 0, -3);

		assertThat(recorder.snapshot().latencyMillis()).isEqualTo(new Latency(0, 0, 0, 0, 0));
		assertThat(recorder.snapshot().totalRequests()).isEqualTo(1);
	}

	@Test
	void uptimeCountsWholeSecondsSinceStart() {
		clock.advance(Duration.ofMillis(2_999));

		assertThat(recorder.snapshot().uptimeSeconds()).isEqualTo(2);
		assertThat(recorder.snapshot().timestamp()).isEqualTo(Instant.parse("2026-11-26T12:00:03.249Z"));
	}

	@Test
	void takesTheLimiterAndCacheFiguresAsOfTheSnapshot() {
		CacheStatistics cache = new CacheStatistics(3, 1, 1, 10, 2, 200, 5, 4096, 65536);
		StatsRecorder withBoth = new StatsRecorder(clock, () -> new Admission(7, 2, 11), () -> cache, () -> 3);

		StatsSnapshot snapshot = withBoth.snapshot();

		assertThat(snapshot.inFlight()).isEqualTo(7);
		assertThat(snapshot.queued()).isEqualTo(2);
		assertThat(snapshot.rejected()).isEqualTo(11);
		assertThat(snapshot.abortedSlowClients()).isEqualTo(3);
		assertThat(snapshot.cache()).isEqualTo(new CacheSummary(3, 1, 0.75, 2, 5, 4096));
	}

	/** Regression: a 400 sent for a broken chunked body after its GET was answered came with a start time of 0. */
	@Test
	void countsButDoesNotTimeAResponseOlderThanTheRecorder() {
		clock.advance(Duration.ofSeconds(5));
		recorder.recordResponse("200", 10, 3);
		recorder.recordResponse("400", 0, clock.millis());

		StatsSnapshot snapshot = recorder.snapshot();

		assertThat(snapshot.totalRequests()).isEqualTo(2);
		assertThat(snapshot.statusCounts()).containsEntry("400", 1L);
		assertThat(snapshot.latencyMillis().max()).isEqualTo(3);
	}

	@Test
	void doesNotTimeANegativeDuration() {
		recorder.recordResponse("200", 10, 2);
		recorder.recordResponse("200", 10, -1);

		assertThat(recorder.snapshot().latencyMillis().max()).isEqualTo(2);
		assertThat(recorder.snapshot().totalRequests()).isEqualTo(2);
	}

	@Test
	void withoutLimiterOrCacheTheirFiguresAreZero() {
		StatsSnapshot snapshot = recorder.snapshot();

		assertThat(snapshot.inFlight()).isZero();
		assertThat(snapshot.queued()).isZero();
		assertThat(snapshot.rejected()).isZero();
		assertThat(snapshot.cache()).isEqualTo(new CacheSummary(0, 0, 0, 0, 0, 0));
	}

}
