package dev.staticflux.dashboard;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

import dev.staticflux.web.ErrorResponses;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the dashboard page, rendered with the sampler's latest statistics, and its event
 * stream. Both answer HEAD as they answer GET, without a body (and a HEAD of the stream
 * opens no stream).
 */
final class DashboardHandler {

	/** The history the page's charts keep. */
	static final Duration CHART_WINDOW = Duration.ofMinutes(5);

	/** When a refused viewer may try again: soon, as viewers come and go. */
	static final String RETRY_AFTER_SECONDS = "5";

	private final LatestSnapshot latest;

	private final StatsStream stream;

	private final ErrorResponses errorPages;

	private final String path;

	private final Duration interval;

	DashboardHandler(LatestSnapshot latest, StatsStream stream, ErrorResponses errorPages, String path,
			Duration interval) {
		this.latest = latest;
		this.stream = stream;
		this.errorPages = errorPages;
		this.path = path;
		this.interval = interval;
	}

	Mono<ServerResponse> page(ServerRequest request) {
		Map<String, Object> model = Map.of("view", DashboardView.of(this.latest.get()), "path", this.path,
				"intervalMillis", this.interval.toMillis(), "windowSeconds", CHART_WINDOW.toSeconds());
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noStore())
			.render("dashboard", model);
	}

	/**
	 * {@code X-Accel-Buffering: no} keeps an nginx in front from holding events back.
	 * Beyond {@code staticflux.dashboard.max-viewers} open streams, 503 with
	 * {@code Retry-After}.
	 */
	Mono<ServerResponse> stream(ServerRequest request) {
		if (this.stream.full()) {
			request.exchange().getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return this.errorPages.render(request, HttpStatus.SERVICE_UNAVAILABLE);
		}
		ServerResponse.BodyBuilder response = ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no");
		if (HttpMethod.HEAD.equals(request.method())) {
			return response.build();
		}
		return response.body(BodyInserters.fromServerSentEvents(this.stream.events()));
	}

}
