package dev.staticflux.stats;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.compression.CompressionStatistics;
import dev.staticflux.stats.AdmissionStatistics.Admission;
import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.CompressionSummary;

/**
 * The one place that counts what the file server did. {@link ResponseAccounting} calls it
 * on Netty's event loops once per completed response and once per opened and closed
 * connection, so recording is lock-free and does not allocate in the steady state;
 * readers take a {@link StatsSnapshot}, which adds the limiter's and the cache's figures
 * as of the same moment.
 * <p>
 * A snapshot reads its counters one after another, not atomically: under load,
 * {@code totalRequests} and the sum of {@code statusCounts} may differ by the few
 * responses completed in between.
 * <p>
 * A response's time is measured once, in microseconds, and recorded once, here: into the
 * last minute's ring (the snapshot's view), the all-time sum behind
 * {@code staticflux.response.time}, and {@code http.server.requests} (the Prometheus
 * view, with histogram buckets).
 */
final class StatsRecorder implements StatsSource {

	private final Clock clock;

	private final long startedMillis;

	private final AdmissionStatistics admission;

	private final Supplier<CacheStatistics> cache;

	private final Supplier<CompressionStatistics> compression;

	private final LongSupplier abortedSlowClients;

	private final LongAdder totalRequests = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder activeConnections = new LongAdder();

	private final LongAdder timedResponses = new LongAdder();

	private final LongAdder totalMicros = new LongAdder();

	private final StatusCounts statusCounts = new StatusCounts();

	private final ProtocolCounts protocolCounts = new ProtocolCounts();

	private final RecentResponses recent = new RecentResponses();

	/** Set once metrics are bound; until then responses are only counted here. */
	@Nullable private volatile HttpServerRequests serverRequests;

	StatsRecorder(Clock clock, AdmissionStatistics admission, Supplier<CacheStatistics> cache,
			Supplier<CompressionStatistics> compression, LongSupplier abortedSlowClients) {
		this.clock = clock;
		this.startedMillis = clock.millis();
		this.admission = admission;
		this.cache = cache;
		this.compression = compression;
		this.abortedSlowClients = abortedSlowClients;
	}

	/**
	 * Records one completed response. Its time counts only if it is possible: a start of
	 * zero (never set) or an end before the start (the wall clock stepped back) leaves
	 * the latency alone, while the response is still counted.
	 * @param method the request method, {@code null} for a request rejected before its
	 * request line was read
	 * @param uri the request target as received, {@code null} likewise
	 * @param status the status code as sent, e.g. {@code "200"}
	 * @param bodyBytes body bytes written (0 for HEAD, 1xx, 204 and 304)
	 * @param startMicros when the request arrived, in microseconds since the epoch
	 * @param endMicros when the response's last byte was written, likewise
	 */
	void recordResponse(@Nullable CharSequence method, @Nullable CharSequence uri, CharSequence status, long bodyBytes,
			long startMicros, long endMicros) {
		totalRequests.increment();
		statusCounts.increment(status);
		bytesSent.add(bodyBytes);
		long micros = duration(startMicros, endMicros);
		recent.record(Math.floorDiv(clock.millis(), 1000), micros);
		if (micros < 0) {
			return;
		}
		timedResponses.increment();
		totalMicros.add(micros);
		HttpServerRequests timers = serverRequests;
		if (timers != null) {
			timers.record(method, uri, status, micros);
		}
	}

	/**
	 * Records the protocol of a completed response's request, beside
	 * {@link #recordResponse}.
	 * @param protocol as the access log writes it, e.g. {@code "HTTP/3.0"}; {@code null}
	 * if unknown
	 */
	void recordProtocol(@Nullable CharSequence protocol) {
		protocolCounts.increment(protocol);
	}

	/** The time between the two instants, or -1 when it cannot be a response's time. */
	static long duration(long startMicros, long endMicros) {
		return (startMicros <= 0 || endMicros < startMicros) ? -1 : endMicros - startMicros;
	}

	/** Response times also go to these Micrometer timers. */
	void publishResponseTimesTo(HttpServerRequests timers) {
		this.serverRequests = timers;
	}

	/**
	 * Responses whose time is known, since start: {@code staticflux.response.time}'s
	 * count.
	 */
	long timedResponses() {
		return timedResponses.sum();
	}

	/** The sum of their times, in microseconds. */
	long totalMicros() {
		return totalMicros.sum();
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
				abortedSlowClients.getAsLong(), (nowMillis - startedMillis) / 1000, recent.rates(nowSecond),
				recent.latency(nowSecond), summary(cache.get()), summary(compression.get()), protocolCounts.toMap());
	}

	private static CompressionSummary summary(CompressionStatistics compression) {
		return new CompressionSummary(compression.compressed(), compression.bytesIn(), compression.bytesOut());
	}

	private static CacheSummary summary(CacheStatistics cache) {
		return new CacheSummary(cache.hits(), cache.misses(), cache.hitRatio(), cache.evictions(), cache.entries(),
				cache.bytes());
	}

}
