package dev.staticflux.stats;

import java.time.Instant;
import java.util.Map;

/**
 * What the server has done, at one instant: the single shape that the Actuator endpoint,
 * the periodic log line and the dashboard stream all serialize. JSON names are part of
 * the interface.
 *
 * @param timestamp when the snapshot was taken
 * @param totalRequests responses completed since start, whatever their status, HEAD
 * included
 * @param statusCounts completed responses by status code, e.g. {@code {"200": 10000,
 * "404": 3}}
 * @param bytesSent response body bytes written (no headers; 0 for HEAD, 304 and 204)
 * @param activeConnections connections open now on the file server's port: TCP, and QUIC
 * when HTTP/3 is on
 * @param inFlight requests holding a limiter permit now
 * @param queued requests waiting for a permit now
 * @param rejected requests answered 503 by the limiter since start (queue full or timed
 * out)
 * @param abortedSlowClients responses aborted since start because their client accepted
 * no byte for {@code staticflux.timeouts.send} (HTTP/1.1 connections closed, HTTP/2
 * streams reset), on either port
 * @param uptimeSeconds seconds since the server started
 * @param requestsPerSecond completed responses per second over recent windows
 * @param latencyMillis response times over the last 60 seconds
 * @param cache the file cache's counters
 * @param compression compression on the fly: runs, bytes before and after
 * @param protocolCounts completed responses by request protocol, e.g. {@code {"HTTP/1.1":
 * 9000, "HTTP/2.0": 0, "HTTP/3.0": 1003}}; every version is present, {@code "other"} only
 * when a malformed request had none
 */
public record StatsSnapshot(Instant timestamp, long totalRequests, Map<String, Long> statusCounts, long bytesSent,
		long activeConnections, int inFlight, int queued, long rejected, long abortedSlowClients, long uptimeSeconds,
		RequestRates requestsPerSecond, Latency latencyMillis, CacheSummary cache, CompressionSummary compression,
		Map<String, Long> protocolCounts) {

	/**
	 * Completed responses per second.
	 *
	 * @param last1s over the last second
	 * @param last10s over the last 10 seconds
	 * @param last60s over the last 60 seconds
	 */
	public record RequestRates(double last1s, double last10s, double last60s) {
	}

	/**
	 * Response time (request received to last byte written), in milliseconds, over the
	 * last 60 seconds. All zero when no response completed in that window.
	 */
	public record Latency(double mean, double p50, double p90, double p99, double max) {
	}

	/**
	 * The file cache, as the dashboard and the endpoint show it.
	 *
	 * @param hits lookups answered from memory
	 * @param misses lookups that read the disk
	 * @param hitRatio hits over lookups
	 * @param evictions entries evicted for size
	 * @param entries entries held
	 * @param bytes bytes held
	 */
	public record CacheSummary(long hits, long misses, double hitRatio, long evictions, long entries, long bytes) {
	}

	/**
	 * Compression on the fly since start (see
	 * {@code dev.staticflux.compression.CompressionStatistics}).
	 *
	 * @param compressed compressions run, one per file version and coding
	 * @param bytesIn bytes they read
	 * @param bytesOut bytes they produced
	 */
	public record CompressionSummary(long compressed, long bytesIn, long bytesOut) {

		/** Nothing compressed. */
		public static final CompressionSummary NONE = new CompressionSummary(0, 0, 0);

	}

}
