package dev.staticflux.stats;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;
import dev.staticflux.units.Units;

/**
 * Logs a one-line summary of the {@link StatsSnapshot} every
 * {@code staticflux.stats.log-interval} ({@code 0}: never), as the seed's master process
 * printed its statistics every 30 seconds. It runs on its own daemon thread, so a slow
 * console never holds up an event loop, and stops when the application context closes.
 */
final class StatsLogger implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(StatsLogger.class);

	@Nullable private final ScheduledExecutorService scheduler;

	StatsLogger(StatsSource source, Duration interval) {
		if (interval.isZero()) {
			this.scheduler = null;
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "staticflux-stats-log");
			thread.setDaemon(true);
			return thread;
		});
		long millis = interval.toMillis();
		this.scheduler.scheduleAtFixedRate(() -> logger.info(summary(source.snapshot())), millis, millis,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	/**
	 * E.g.
	 * {@code requests=1204 [200=1200 404=4] rps=12.0/10.4/8.1 latency-ms mean=0.182 p50=0.123 p90=1.25
	 * p99=9.03 max=40.2 sent=12.3MB connections=5 in-flight=2 queued=0 rejected=0 cache-hits=98.0% cache-entries=120
	 * uptime=3600s} (rates over the last 1, 10 and 60 seconds; latencies to three
	 * significant digits, so microseconds show below 1 ms; bytes in {@link Units}'
	 * convention).
	 */
	static String summary(StatsSnapshot snapshot) {
		StringBuilder line = new StringBuilder(256);
		line.append("requests=").append(snapshot.totalRequests()).append(" [");
		String separator = "";
		for (Map.Entry<String, Long> status : snapshot.statusCounts().entrySet()) {
			line.append(separator).append(status.getKey()).append('=').append(status.getValue());
			separator = " ";
		}
		RequestRates rates = snapshot.requestsPerSecond();
		Latency latency = snapshot.latencyMillis();
		CacheSummary cache = snapshot.cache();
		line.append("] rps=")
			.append(decimal(rates.last1s()))
			.append('/')
			.append(decimal(rates.last10s()))
			.append('/')
			.append(decimal(rates.last60s()));
		line.append(" latency-ms mean=")
			.append(Units.millis(latency.mean()))
			.append(" p50=")
			.append(Units.millis(latency.p50()))
			.append(" p90=")
			.append(Units.millis(latency.p90()))
			.append(" p99=")
			.append(Units.millis(latency.p99()))
			.append(" max=")
			.append(Units.millis(latency.max()));
		line.append(" sent=").append(Units.bytes(snapshot.bytesSent()));
		line.append(" connections=").append(snapshot.activeConnections());
		line.append(" in-flight=").append(snapshot.inFlight());
		line.append(" queued=").append(snapshot.queued());
		line.append(" rejected=").append(snapshot.rejected());
		line.append(" cache-hits=").append(decimal(cache.hitRatio() * 100)).append('%');
		line.append(" cache-entries=").append(cache.entries());
		line.append(" uptime=").append(snapshot.uptimeSeconds()).append('s');
		return line.toString();
	}

	private static String decimal(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
