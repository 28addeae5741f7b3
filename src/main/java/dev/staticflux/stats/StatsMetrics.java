package dev.staticflux.stats;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The recorder's counters as Micrometer meters, read at scrape time from the same adders
 * (no second count), and the timers it records response times into:
 * <ul>
 * <li>{@code http.server.requests{method,uri,status,outcome,exception}}: Spring Boot's
 * standard timer, for every response of the file server (see
 * {@link HttpServerRequests});</li>
 * <li>{@code staticflux.requests}: responses completed, any status;</li>
 * <li>{@code staticflux.responses{status}}: the same by status code, one counter per
 * code, registered the first time the code is sent;</li>
 * <li>{@code staticflux.bytes.sent}: response body bytes written;</li>
 * <li>{@code staticflux.connections.active}: TCP connections open on the file server's
 * port;</li>
 * <li>{@code staticflux.response.time}: the count and sum of the same response times,
 * untagged (percentiles come from {@code http.server.requests}'s buckets; WebFlux's own
 * observation of that name stays off, as it would see only the WebFlux routes and cost
 * more per request than all of staticflux's accounting);</li>
 * <li>{@code staticflux.access-log.dropped}: access-log lines dropped because the disk
 * could not keep up (only with the access log on).</li>
 * </ul>
 */
final class StatsMetrics implements MeterBinder {

	private final StatsRecorder recorder;

	@Nullable private final AccessLogWriter accessLog;

	private final UriTemplates uris;

	StatsMetrics(StatsRecorder recorder, @Nullable AccessLogWriter accessLog, UriTemplates uris) {
		this.recorder = recorder;
		this.accessLog = accessLog;
		this.uris = uris;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("staticflux.requests", recorder, StatsRecorder::totalRequests)
			.description("Responses completed by the file server, whatever their status")
			.register(registry);
		FunctionCounter.builder("staticflux.bytes.sent", recorder, StatsRecorder::bytesSent)
			.description("Response body bytes written by the file server")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("staticflux.connections.active", recorder, StatsRecorder::activeConnections)
			.description("TCP connections open on the file server's port")
			.register(registry);
		FunctionTimer
			.builder("staticflux.response.time", recorder, StatsRecorder::timedResponses, StatsRecorder::totalMicros,
					TimeUnit.MICROSECONDS)
			.description("Time from a request's arrival to its response's last byte, any status")
			.register(registry);
		recorder.publishResponseTimesTo(new HttpServerRequests(registry, uris));
		if (accessLog != null) {
			FunctionCounter.builder("staticflux.access-log.dropped", accessLog, AccessLogWriter::dropped)
				.description("Access-log lines dropped because the disk could not keep up with the traffic")
				.register(registry);
		}
		recorder.statusCounts()
			.onFirstSeen((status, count) -> FunctionCounter.builder("staticflux.responses", count, LongAdder::sum)
				.description("Responses completed by the file server, by status code")
				.tag("status", status)
				.register(registry));
	}

}
