package dev.staticflux.files;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDatesTests {

	private static final long NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z").getEpochSecond();

	@ParameterizedTest
	@ValueSource(strings = { "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
			"Sun Nov  6 08:49:37 1994", "Sun Nov 06 08:49:37 1994", "  Sun, 06 Nov 1994 08:49:37 GMT  " })
	void readsTheThreeFormatsOfRfc9110(String value) {
		assertThat(HttpDates.parse(value, () -> 2026)).isEqualTo(NOV_6_1994);
	}

	/**
	 * Regression: a two-digit year was read as 20xx, so this date failed its weekday
	 * check and was ignored.
	 */
	@Test
	void readsAnRfc850DateOfTheLastCenturyAsThatCentury() {
		assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(NOV_6_1994);
	}

	@ParameterizedTest
	@CsvSource({ "94, 2026, 1994", "76, 2026, 2076", "77, 2026, 1977", "26, 2026, 2026", "00, 2026, 2000",
			"49, 2099, 2149", "50, 2099, 2050", "98, 2099, 2098" })
	void aTwoDigitYearIsNeverMoreThanFiftyYearsAhead(int lastTwoDigits, int currentYear, int year) {
		assertThat(HttpDates.twoDigitYear(lastTwoDigits, currentYear)).isEqualTo(year);
	}

	@Test
	void readsAnRfc850YearAheadWhenWithinFiftyYears() {
		assertThat(HttpDates.parse("Thursday, 01-Jan-70 00:00:00 GMT", () -> 2026))
			.isEqualTo(Instant.parse("2070-01-01T00:00:00Z").getEpochSecond());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage", "06 Nov 1994", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST",
			"Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:61:37 GMT",
			"sun, 06 nov 1994 08:49:37 gmt", "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
			"Sun, 6 Nov 1994 08:49:37 GMT", "Sun,  06 Nov 1994 08:49:37 GMT", "Sonntag, 06-Nov-94 08:49:37 GMT",
			"Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994", "1994-11-06T08:49:37Z", "784111777",
			"Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT" })
	void anythingElseIsNoDate(String value) {
		assertThat(HttpDates.parse(value, () -> 2026)).isEqualTo(-1);
	}

	@Test
	void nullIsNoDate() {
		assertThat(HttpDates.parse(null)).isEqualTo(-1);
	}

	@Test
	void theDayNameIsNotCheckedAgainstTheDate() {
		assertThat(HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT", () -> 2026)).isEqualTo(NOV_6_1994);
	}

	@Test
	void formatsEverySecondOfFourDigitYearsAsJavaTimeDoes() {
		DateTimeFormatter reference = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
			.withZone(ZoneOffset.UTC);
		SplittableRandom random = new SplittableRandom(16);
		long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
		long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		List<Long> seconds = new ArrayList<>(List.of(first, last, 0L, -1L, 951_782_400L, 951_868_799L, 4_107_542_400L,
				1_709_164_800L, -2_203_891_200L));
		for (int i = 0; i < 200_000; i++) {
			seconds.add(random.nextLong(first, last + 1));
		}

		for (long second : seconds) {
			assertThat(HttpDates.format(second)).as("second %d", second)
				.isEqualTo(reference.format(Instant.ofEpochSecond(second)));
		}
	}

	@Test
	void formatsYearsBeyondFourDigitsThroughJavaTime() {
		assertThat(HttpDates.format(Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond())).contains("10000")
			.endsWith(" 00:00:00 GMT");
	}

	@Test
	void formatsAnImfFixdateThatParsesBack() {
		assertThat(HttpDates.format(NOV_6_1994)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
		assertThat(HttpDates.parse(HttpDates.format(1_800_000_000L), () -> 2026)).isEqualTo(1_800_000_000L);
	}

	@Test
	void readsTheFarFuture() {
		assertThat(HttpDates.parse("Fri, 31 Dec 9999 23:59:59 GMT", () -> 2026))
			.isEqualTo(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
	}

}
