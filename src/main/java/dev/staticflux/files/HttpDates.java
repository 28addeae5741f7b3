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

	/** 0001-01-01T00:00:00Z: the first second whose year has four digits. */
	private static final long FIRST_FOUR_DIGIT_YEAR = -62_135_596_800L;

	/** 9999-12-31T23:59:59Z: the last second whose year has four digits. */
	private static final long LAST_FOUR_DIGIT_YEAR = 253_402_300_799L;

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

	/**
	 * Formats epoch seconds as an IMF-fixdate. Written out by hand from the civil date
	 * (days to year, month and day by the proleptic Gregorian calendar, as
	 * {@code java.time} counts them), since {@code java.time}'s formatter costs more than
	 * a {@code stat} and every response of a file read from disk formats its
	 * {@code Last-Modified}; a year outside the four digits the format has goes through
	 * {@code java.time}.
	 */
	public static String format(long epochSeconds) {
		if (epochSeconds < FIRST_FOUR_DIGIT_YEAR || epochSeconds > LAST_FOUR_DIGIT_YEAR) {
			return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds));
		}
		long days = Math.floorDiv(epochSeconds, 86_400L);
		int secondOfDay = (int) Math.floorMod(epochSeconds, 86_400L);
		// days since 0000-03-01, in eras of 400 years that begin in March (leap day last)
		long shifted = days + 719_468L;
		long era = Math.floorDiv(shifted, 146_097L);
		long dayOfEra = shifted - era * 146_097L;
		long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
		long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
		long marchMonth = (5 * dayOfYear + 2) / 153;
		int day = (int) (dayOfYear - (153 * marchMonth + 2) / 5 + 1);
		int month = (int) (marchMonth < 10 ? marchMonth + 3 : marchMonth - 9);
		int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
		// 1970-01-01 was a Thursday, index 3 of DAYS
		String dayName = DAYS.get((int) Math.floorMod(days + 3, 7L));
		char[] out = new char[29];
		dayName.getChars(0, 3, out, 0);
		out[3] = ',';
		out[4] = ' ';
		twoDigits(out, 5, day);
		out[7] = ' ';
		MONTHS.get(month - 1).getChars(0, 3, out, 8);
		out[11] = ' ';
		twoDigits(out, 12, year / 100);
		twoDigits(out, 14, year % 100);
		out[16] = ' ';
		twoDigits(out, 17, secondOfDay / 3600);
		out[19] = ':';
		twoDigits(out, 20, secondOfDay / 60 % 60);
		out[22] = ':';
		twoDigits(out, 23, secondOfDay % 60);
		" GMT".getChars(0, 4, out, 25);
		return new String(out);
	}

	private static void twoDigits(char[] out, int at, int value) {
		out[at] = (char) ('0' + value / 10);
		out[at + 1] = (char) ('0' + value % 10);
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
