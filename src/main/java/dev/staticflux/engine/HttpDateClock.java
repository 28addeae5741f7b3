package dev.staticflux.engine;

import java.time.Clock;

import dev.staticflux.files.HttpDates;

/**
 * The {@code Date} header value, formatted at most once per second rather than once per
 * response.
 */
final class HttpDateClock {

	private final Clock clock;

	private volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

	HttpDateClock(Clock clock) {
		this.clock = clock;
	}

	/** Now, as an HTTP date. */
	String now() {
		long second = Math.floorDiv(clock.millis(), 1000);
		Formatted formatted = current;
		if (formatted.second != second) {
			formatted = new Formatted(second, HttpDates.format(second));
			current = formatted;
		}
		return formatted.value;
	}

	private record Formatted(long second, String value) {
	}

}
