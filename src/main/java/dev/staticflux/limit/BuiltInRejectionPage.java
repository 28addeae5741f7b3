package dev.staticflux.limit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The fallback 503 page: no template, no file, so it works whatever state the site is in.
 */
final class BuiltInRejectionPage implements RejectionResponder {

	static final BuiltInRejectionPage INSTANCE = new BuiltInRejectionPage();

	private static final String PAGE = """
			<!DOCTYPE html>
			<html lang="en">
			<head><meta charset="utf-8"><title>503 Service Unavailable</title></head>
			<body>
			<h1>503 Service Unavailable</h1>
			<p>The server is busy. Please try again in %d second%s.</p>
			</body>
			</html>
			""";

	private BuiltInRejectionPage() {
	}

	@Override
	public Mono<ServerResponse> reject(ServerRequest request, RejectReason reason, Duration retryAfter) {
		long seconds = LimitFilter.retryAfterSeconds(retryAfter);
		return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.bodyValue(PAGE.formatted(seconds, (seconds == 1) ? "" : "s"));
	}

}
