package dev.staticflux.engine;

import java.time.Clock;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Starts every reply with the headers all of them carry: {@code Date}, {@code Server} and
 * {@code X-Content-Type-Options: nosniff}.
 */
public final class CommonHeaders {

	static final String SERVER = "staticflux";

	private final HttpDateClock clock;

	/** @param clock the clock of the {@code Date} header */
	public CommonHeaders(Clock clock) {
		this.clock = new HttpDateClock(clock);
	}

	Reply.Builder status(HttpStatus status) {
		return Reply.status(status)
			.header(HttpHeaders.DATE, clock.now())
			.header(HttpHeaders.SERVER, SERVER)
			.header("X-Content-Type-Options", "nosniff");
	}

}
