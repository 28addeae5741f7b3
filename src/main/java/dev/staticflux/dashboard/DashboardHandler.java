package dev.staticflux.dashboard;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

import dev.staticflux.stats.StatsSource;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the dashboard page, rendered with the statistics of the moment, and its event stream.
 */
final class DashboardHandler {

	/** The history the page's charts keep. */
	static final Duration CHART_WINDOW = Duration.ofMinutes(5);

	private final StatsSource source;

	private final StatsStream stream;

	private final String path;

	private final Duration interval;

	DashboardHandler(StatsSource source, StatsStream stream, String path, Duration interval) {
		this.source = source;
		this.stream = stream;
		this.path = path;
		this.interval = interval;
	}

	Mono<ServerResponse> page(ServerRequest request) {
		Map<String, Object> model = Map.of("view", DashboardView.of(this.source.snapshot()), "path", this.path,
				"intervalMillis", this.interval.toMillis(), "windowSeconds", CHART_WINDOW.toSeconds());
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noStore())
			.render("dashboard", model);
	}

	/** {@code X-Accel-Buffering: no} keeps an nginx in front from holding events back. */
	Mono<ServerResponse> stream(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no")
			.body(BodyInserters.fromServerSentEvents(this.stream.events()));
	}

}
