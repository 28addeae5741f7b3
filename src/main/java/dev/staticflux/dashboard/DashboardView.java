package dev.staticflux.dashboard;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.staticflux.stats.StatsSnapshot;
import dev.staticflux.stats.StatsSnapshot.CompressionSummary;

/**
 * What the page template shows, already formatted, for the first paint before any event
 * arrives (and for a browser without JavaScript). Public, with public accessors, for the
 * template engine.
 *
 * @param snapshot the statistics shown
 * @param throughput bytes sent per second, averaged since start (the browser shows the
 * live rate)
 * @param statusClasses responses by status class ({@code 2xx} ... {@code 5xx}), in that
 * order
 * @param statusCodes responses by status code, most frequent first
 */
public record DashboardView(StatsSnapshot snapshot, String throughput, List<StatusShare> statusClasses,
		List<StatusShare> statusCodes) {

	private static final DateTimeFormatter UPDATED_AT = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final List<String> CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

	private static final List<String> ALWAYS_SHOWN = List.of("HTTP/1.1", "HTTP/2.0", "HTTP/3.0");

	static DashboardView of(StatsSnapshot snapshot) {
		double perSecond = snapshot.uptimeSeconds() > 0 ? (double) snapshot.bytesSent() / snapshot.uptimeSeconds() : 0;
		Map<String, Long> counts = snapshot.statusCounts();
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		Map<String, Long> byClass = new TreeMap<>();
		counts.forEach((code, count) -> byClass.merge(code.charAt(0) + "xx", count, Long::sum));
		List<StatusShare> classes = CLASSES.stream()
			.filter(name -> byClass.containsKey(name) || !name.equals("1xx"))
			.map(name -> StatusShare.of(name, byClass.getOrDefault(name, 0L), total))
			.toList();
		List<StatusShare> codes = counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.map(entry -> StatusShare.of(entry.getKey(), entry.getValue(), total))
			.toList();
		return new DashboardView(snapshot, DisplayFormat.bytes(perSecond) + "/s", classes, codes);
	}

	public String totalRequests() {
		return DisplayFormat.count(this.snapshot.totalRequests());
	}

	/**
	 * Responses by request protocol, e.g. {@code HTTP/1.1 1,200 · HTTP/2 0 · HTTP/3 30}:
	 * HTTP/1.1, HTTP/2 and HTTP/3 always, HTTP/1.0 and requests without a protocol only
	 * once seen.
	 */
	public String protocols() {
		return this.snapshot.protocolCounts()
			.entrySet()
			.stream()
			.filter(entry -> entry.getValue() > 0 || ALWAYS_SHOWN.contains(entry.getKey()))
			.map(entry -> entry.getKey().replaceFirst("\\.0$", "") + " " + DisplayFormat.count(entry.getValue()))
			.collect(Collectors.joining(" · "));
	}

	public String requestsPerSecond() {
		return DisplayFormat.decimal(this.snapshot.requestsPerSecond().last1s());
	}

	public String averageRequestsPerSecond() {
		return DisplayFormat.decimal(this.snapshot.requestsPerSecond().last60s());
	}

	public String bytesSent() {
		return DisplayFormat.bytes(this.snapshot.bytesSent());
	}

	public String activeConnections() {
		return DisplayFormat.count(this.snapshot.activeConnections());
	}

	public String inFlight() {
		return DisplayFormat.count(this.snapshot.inFlight());
	}

	public String queued() {
		return DisplayFormat.count(this.snapshot.queued());
	}

	public String rejected() {
		return DisplayFormat.count(this.snapshot.rejected());
	}

	/**
	 * Responses aborted because the client took no byte for
	 * {@code staticflux.timeouts.send}.
	 */
	public String abortedSlowClients() {
		return DisplayFormat.count(this.snapshot.abortedSlowClients());
	}

	/**
	 * The share of bytes compression saved, {@code 77.4%}, or {@code none yet} before the
	 * first compression (nothing to divide by).
	 */
	public String compressionSaving() {
		CompressionSummary compression = this.snapshot.compression();
		if (compression.bytesIn() == 0) {
			return "none yet";
		}
		return DisplayFormat.percent((double) bytesSaved(compression) / compression.bytesIn());
	}

	public String compressionBytesSaved() {
		return DisplayFormat.bytes(bytesSaved(this.snapshot.compression()));
	}

	/** {@code 1 compression}, {@code 1,200 compressions}. */
	public String compressions() {
		long compressed = this.snapshot.compression().compressed();
		return DisplayFormat.count(compressed) + ((compressed == 1) ? " compression" : " compressions");
	}

	public String hitRatio() {
		return DisplayFormat.percent(this.snapshot.cache().hitRatio());
	}

	public String cacheBytes() {
		return DisplayFormat.bytes(this.snapshot.cache().bytes());
	}

	public String cacheEntries() {
		return DisplayFormat.count(this.snapshot.cache().entries());
	}

	public String latencyP50() {
		return DisplayFormat.latency(this.snapshot.latencyMillis().p50());
	}

	public String latencyP99() {
		return DisplayFormat.latency(this.snapshot.latencyMillis().p99());
	}

	/**
	 * The snapshot's time of day, in UTC: the server cannot know the viewer's zone (the
	 * browser shows its own).
	 */
	public String updatedAt() {
		return UPDATED_AT.format(this.snapshot.timestamp());
	}

	public String uptime() {
		return DisplayFormat.duration(this.snapshot.uptimeSeconds());
	}

	/**
	 * Never below zero: {@code bytesOut} counts codings that did not make a file smaller,
	 * but those are dropped and the file is sent as it is, so they cost no byte sent.
	 */
	private static long bytesSaved(CompressionSummary compression) {
		return Math.max(0, compression.bytesIn() - compression.bytesOut());
	}

	/**
	 * One slice of the status-code mix.
	 *
	 * @param name a code ({@code 404}) or a class ({@code 4xx})
	 * @param count responses in the slice
	 * @param percent share of all responses, 0 to 100
	 */
	public record StatusShare(String name, long count, double percent) {

		static StatusShare of(String name, long count, long total) {
			return new StatusShare(name, count, total == 0 ? 0 : 100.0 * count / total);
		}

		public String formattedCount() {
			return DisplayFormat.count(this.count);
		}

		public String formattedPercent() {
			return DisplayFormat.percent(this.percent / 100);
		}

	}

}
