package dev.staticflux.files;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 IMF-fixdate), to and from epoch seconds. Parsing also accepts the two obsolete
 * forms a recipient must accept (RFC 850 and asctime); anything else is "no date".
 */
public final class HttpDates {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter RFC_850 = DateTimeFormatter
		.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
		.withZone(ZoneOffset.UTC);

	private HttpDates() {
	}

	/** Formats epoch seconds as an IMF-fixdate. */
	public static String format(long epochSeconds) {
		return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds));
	}

	/**
	 * @param value a header value
	 * @return epoch seconds, or {@code -1} when the value is not a valid HTTP date
	 */
	public static long parse(String value) {
		if (value == null || value.length() > 64) {
			return -1;
		}
		for (DateTimeFormatter formatter : new DateTimeFormatter[] { IMF_FIXDATE, RFC_850, ASCTIME }) {
			try {
				return ZonedDateTime.parse(value.trim(), formatter).toEpochSecond();
			}
			catch (DateTimeParseException ex) {
				// try the next form
			}
		}
		return -1;
	}

}
