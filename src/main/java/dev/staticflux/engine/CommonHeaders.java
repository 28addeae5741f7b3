package dev.staticflux.engine;

import org.jspecify.annotations.Nullable;
import java.time.Clock;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.staticflux.rules.ServerHeader;

/**
 * Starts every reply with the headers all of them carry: {@code Date}, {@code Server}
 * (unless {@code server.server-header} is empty) and
 * {@code X-Content-Type-Options: nosniff}.
 */
public final class CommonHeaders {

	private final HttpDateClock clock;

	private final @Nullable String server;

	/**
	 * @param clock the clock of the {@code Date} header
	 * @param server the {@code Server} header
	 */
	public CommonHeaders(Clock clock, ServerHeader server) {
		this.clock = new HttpDateClock(clock);
		this.server = server.value();
	}

	Reply.Builder status(HttpStatus status) {
		return Reply.status(status)
			.header(HttpHeaders.DATE, clock.now())
			.header(HttpHeaders.SERVER, server)
			.header("X-Content-Type-Options", "nosniff");
	}

}
