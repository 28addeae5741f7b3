package dev.staticflux.stats;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A timestamp to the second, formatted once per second and zone and reused by every line
 * of that second: safe from any thread, since each formatted second is published whole.
 * Lines of two seconds interleaved (a slow response finishing after a quicker, later one)
 * format anew, and stay correct.
 */
final class CachedSecond {

	private final DateTimeFormatter formatter;

	private volatile Formatted last = new Formatted(Long.MIN_VALUE, ZoneId.of("Z"), new byte[0]);

	/**
	 * @param formatter the pattern, to the second, with its locale
	 */
	CachedSecond(DateTimeFormatter formatter) {
		this.formatter = formatter;
	}

	/**
	 * The second, formatted in the zone, in ASCII.
	 * @param epochSecond seconds since the epoch
	 * @param zone the zone whose local time and offset are written
	 */
	byte[] format(long epochSecond, ZoneId zone) {
		Formatted formatted = last;
		if (formatted.epochSecond != epochSecond || !formatted.zone.equals(zone)) {
			String text = formatter.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
			formatted = new Formatted(epochSecond, zone, text.getBytes(StandardCharsets.US_ASCII));
			last = formatted;
		}
		return formatted.text;
	}

	private record Formatted(long epochSecond, ZoneId zone, byte[] text) {
	}

}
