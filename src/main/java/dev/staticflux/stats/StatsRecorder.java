package dev.staticflux.stats;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Timer;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.stats.AdmissionStatistics.Admission;
import dev.staticflux.stats.StatsSnapshot.CacheSummary;

/**
 * The one place that counts what the file server did. {@link ResponseAccounting} calls it on Netty's event loops
 * once per completed response and once per opened and closed connection, so recording is lock-free and does not
 * allocate in the steady state; readers take a {@link StatsSnapshot}, which adds the limiter's and the cache's
 * figures as of the same moment.
 * <p>
 * A snapshot reads its counters one after another, not atomically: under load, {@code totalRequests} and the sum
 * of {@code statusCounts} may differ by the few responses completed in between.
 */
final class StatsRecorder implements StatsSource {

	/** Wall-clock steps and rounding that may make a real duration look a little older than the recorder. */
	private static final long CLOCK_SLACK_MILLIS = 1000;

	private final Clock clock;

	private final long startedMillis;

	private final AdmissionStatistics admission;

	private final Supplier<CacheStatistics> cache;

	private final LongSupplier abortedSlowClients;

	private final LongAdder totalRequests = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder activeConnections = new LongAdder();

	private final StatusCounts statusCounts = new StatusCounts();

	private final RecentResponses recent = new RecentResponses();

	/** Set once metrics are bound; until then responses are only counted here. */
	private volatile Timer responseTime;

	StatsRecorder(Clock clock, AdmissionStatistics admission, Supplier<CacheStatistics> cache,
			LongSupplier abortedSlowClients) {
		this.clock = clock;
		this.startedMillis = clock.millis();
		this.admission = admission;
		this.cache = cache;
		this.abortedSlowClients = abortedSlowClients;
	}

	/**
	 * Records one completed response.
	 * @param status the status code as sent, e.g. {@code "200"}
	 * @param bodyBytes body bytes written (0 for HEAD, 1xx, 204 and 304)
	 * @param millis time from the request's arrival to the response's last byte written; a duration no response
	 * of this server can have (negative, or longer than the recorder has existed: a request whose start time was
	 * never set) is not recorded as a latency, though the response is still counted
	 */
	void recordResponse(CharSequence status, long bodyBytes, long millis) {
		totalRequests.increment();
		statusCounts.increment(status);
		bytesSent.add(bodyBytes);
		if (millis < 0 || millis > clock.millis() - startedMillis + CLOCK_SLACK_MILLIS) {
			return;
		}
		recent.record(Math.floorDiv(clock.millis(), 1000), millis);
		Timer timer = responseTime;
		if (timer != null) {
			timer.record(millis, TimeUnit.MILLISECONDS);
		}
	}

	/** Response times also go to this Micrometer timer (a histogram Prometheus can aggregate across replicas). */
	void publishResponseTimesTo(Timer timer) {
		this.responseTime = timer;
	}

	void connectionOpened() {
		activeConnections.increment();
	}

	void connectionClosed() {
		activeConnections.decrement();
	}

	long totalRequests() {
		return totalRequests.sum();
	}

	long bytesSent() {
		return bytesSent.sum();
	}

	long activeConnections() {
		return activeConnections.sum();
	}

	StatusCounts statusCounts() {
		return statusCounts;
	}

	@Override
	public StatsSnapshot snapshot() {
		long nowMillis = clock.millis();
		long nowSecond = Math.floorDiv(nowMillis, 1000);
		Admission limiter = admission.admission();
		return new StatsSnapshot(Instant.ofEpochMilli(nowMillis), totalRequests(), statusCounts.toMap(), bytesSent(),
				activeConnections(), limiter.inFlight(), limiter.queued(), limiter.rejected(),
				abortedSlowClients.getAsLong(), (nowMillis - startedMillis) / 1000, recent.rates(nowSecond), recent.latency(nowSecond),
				summary(cache.get()));
	}

	private static CacheSummary summary(CacheStatistics cache) {
		return new CacheSummary(cache.hits(), cache.misses(), cache.hitRatio(), cache.evictions(), cache.entries(),
				cache.bytes());
	}

}
