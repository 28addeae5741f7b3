package dev.staticflux.files;

import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

import io.netty.handler.codec.DateFormatter;

/**
 * HTTP dates (RFC 9110 §5.6.7), to and from epoch seconds. Formatting writes the
 * IMF-fixdate.
 *
 * <p>
 * Parsing accepts the three formats a recipient must accept, exactly as the grammar
 * spells them (case-sensitive names, {@code GMT}, fixed widths): IMF-fixdate
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}, the obsolete RFC 850 form
 * {@code Sunday, 06-Nov-94 08:49:37 GMT} and asctime {@code Sun Nov  6 08:49:37 1994}.
 * Anything else, and an impossible date such as 31 February, is "no date", which makes a
 * conditional header ignored as the RFC requires. The day name must be a day name but is
 * not checked against the date, as most servers do. An RFC 850 two-digit year is the year
 * with those last two digits that is not more than 50 years in the future, the rule of
 * §5.6.7. The fields are read by Netty's {@link DateFormatter}, a library parser that is
 * faster than {@code java.time}'s formatters on the IMF-fixdate form and needs no
 * exception to try the other forms; the shape checks here make its lenient parser strict.
 */
public final class HttpDates {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	/**
	 * Shapes: {@code 9} a digit, {@code _} a space or a digit, {@code a} a name's letter,
	 * anything else itself.
	 */
	private static final String IMF_SHAPE = "aaa, 99 aaa 9999 99:99:99 GMT";

	private static final String RFC_850_SHAPE = " 99-aaa-99 99:99:99 GMT";

	private static final String ASCTIME_SHAPE = "aaa aaa _9 99:99:99 9999";

	private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

	private static final List<String> LONG_DAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
			"Saturday", "Sunday");

	private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
			"Oct", "Nov", "Dec");

	private HttpDates() {
	}

	/** Formats epoch seconds as an IMF-fixdate. */
	public static String format(long epochSeconds) {
		return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds));
	}

	/**
	 * @param value a header value, or {@code null} when the field is absent
	 * @return epoch seconds, or {@code -1} when the value is not a valid HTTP date
	 */
	public static long parse(@Nullable String value) {
		return parse(value, () -> Year.now(ZoneOffset.UTC).getValue());
	}

	/**
	 * @param value a header value
	 * @param currentYear the year now, asked only for a two-digit year
	 * @return epoch seconds, or {@code -1} when the value is not a valid HTTP date
	 */
	static long parse(@Nullable String value, IntSupplier currentYear) {
		if (value == null || value.length() > 64) {
			return -1;
		}
		String date = value.trim();
		int day;
		int month;
		int year = -1;
		if (shaped(date, 0, IMF_SHAPE) && DAYS.contains(date.substring(0, 3))) {
			day = number(date, 5, 7);
			month = MONTHS.indexOf(date.substring(8, 11));
		}
		else if (shaped(date, 0, ASCTIME_SHAPE) && DAYS.contains(date.substring(0, 3))) {
			day = number(date, date.charAt(8) == ' ' ? 9 : 8, 10);
			month = MONTHS.indexOf(date.substring(4, 7));
		}
		else {
			int comma = date.indexOf(',');
			if (comma < 0 || !LONG_DAYS.contains(date.substring(0, comma)) || !shaped(date, comma + 1, RFC_850_SHAPE)) {
				return -1;
			}
			day = number(date, comma + 2, comma + 4);
			month = MONTHS.indexOf(date.substring(comma + 5, comma + 8));
			year = twoDigitYear(number(date, comma + 9, comma + 11), currentYear.getAsInt());
		}
		Date parsed = (month < 0) ? null : DateFormatter.parseHttpDate(date);
		if (parsed == null) {
			return -1;
		}
		long seconds = Math.floorDiv(parsed.getTime(), 1000L);
		if (year >= 0) {
			seconds = Instant.ofEpochSecond(seconds).atZone(ZoneOffset.UTC).withYear(year).toEpochSecond();
		}
		// Netty's parser rolls 31 February over into March: a different day or month
		// means no such date.
		LocalDate read = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
		if (read.getDayOfMonth() != day || read.getMonthValue() != month + 1) {
			return -1;
		}
		return seconds;
	}

	/**
	 * RFC 9110 §5.6.7: a year that appears more than 50 years in the future is the most
	 * recent past one with those digits; so the year is the one with those digits from 49
	 * years back to 50 years ahead.
	 */
	static int twoDigitYear(int lastTwoDigits, int currentYear) {
		int year = currentYear - currentYear % 100 + lastTwoDigits;
		if (year > currentYear + 50) {
			return year - 100;
		}
		return (year <= currentYear - 50) ? year + 100 : year;
	}

	private static boolean shaped(String text, int offset, String shape) {
		if (text.length() - offset != shape.length()) {
			return false;
		}
		for (int i = 0; i < shape.length(); i++) {
			char c = text.charAt(offset + i);
			boolean fits = switch (shape.charAt(i)) {
				case '9' -> c >= '0' && c <= '9';
				case '_' -> c == ' ' || (c >= '0' && c <= '9');
				case 'a' -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
				default -> c == shape.charAt(i);
			};
			if (!fits) {
				return false;
			}
		}
		return true;
	}

	private static int number(String text, int from, int to) {
		return Integer.parseInt(text, from, to, 10);
	}

}
