package dev.staticflux.http;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Starts every engine response with the headers all of them carry: {@code Date}, {@code Server} and
 * {@code X-Content-Type-Options: nosniff}.
 */
final class CommonHeaders {

	static final String SERVER = "staticflux";

	private final HttpDateClock clock;

	CommonHeaders(HttpDateClock clock) {
		this.clock = clock;
	}

	EngineResponse.Builder status(HttpStatus status) {
		return EngineResponse.status(status)
			.header(HttpHeaders.DATE, clock.now())
			.header(HttpHeaders.SERVER, SERVER)
			.header("X-Content-Type-Options", "nosniff");
	}

}
