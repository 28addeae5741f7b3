package dev.staticflux.stats;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.staticflux.connection.ConnectionGuards;

import static org.assertj.core.api.Assertions.assertThat;

class CombinedLogFormatTests {

	private final CombinedLogFormat format = new CombinedLogFormat();

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final FakeAccessLogArgs response = new FakeAccessLogArgs();

	@Test
	void writesTheCombinedFieldsThenTheMilliseconds() {
		response.requestHeaders.put("Referer", "https://example.com/");
		response.requestHeaders.put("User-Agent", "curl/8.5.0");

		assertThat(format.format(response, 1234, 3)).isEqualTo(
				"192.0.2.7 - - [26/Nov/2026:13:05:09 +0100] \"GET /index.html HTTP/1.1\" 200 1234 \"https://example.com/\" \"curl/8.5.0\" 3");
	}

	@Test
	void writesADashForNoBodyAndForAbsentHeaders() {
		response.method = "HEAD";

		assertThat(format.format(response, 0, 0))
			.isEqualTo("192.0.2.7 - - [26/Nov/2026:13:05:09 +0100] \"HEAD /index.html HTTP/1.1\" 200 - \"-\" \"-\" 0");
	}

	@Test
	void escapesQuotesBackslashesAndControlCharactersSoNoFieldCanBeForged() {
		response.uri = "/a\"b\\c\u0001";
		response.requestHeaders.put("User-Agent", "evil\" 200 1 \"x\u00e9\u001b[31m");

		assertThat(format.format(response, 5, 1)).isEqualTo(
				"192.0.2.7 - - [26/Nov/2026:13:05:09 +0100] \"GET /a\\\"b\\\\c\\x01 HTTP/1.1\" 200 5 \"-\" \"evil\\\" 200 1 \\\"x\\xe9\\x1b[31m\" 1");
	}

	@Test
	void writesMonthNamesInEnglishWhateverTheDefaultLocale() {
		response.accessDateTime = ZonedDateTime.parse("2027-05-01T00:00:00Z");
		Locale defaultLocale = Locale.getDefault();
		Locale.setDefault(Locale.FRANCE);
		try {
			assertThat(new CombinedLogFormat().format(response, 1, 1)).contains("[01/May/2027:00:00:00 +0000]");
		}
		finally {
			Locale.setDefault(defaultLocale);
		}
	}

	@Test
	void formatsEachResponsesOwnTimeEvenWhenTheSecondChanges() {
		String first = format.format(response, 1, 1);
		response.accessDateTime = response.accessDateTime.plusSeconds(1);
		String second = format.format(response, 1, 1);

		assertThat(first).contains("13:05:09");
		assertThat(second).contains("13:05:10");
	}

	@Test
	void writesAnIpv6ClientWithoutPort() {
		response.remoteAddress = new InetSocketAddress("::1", 40000);

		assertThat(format.format(response, 1, 1)).startsWith("0:0:0:0:0:0:0:1 - - [");
	}

	@Test
	void aRequestWithoutMethodGetsADashAsRequestLine() {
		response.method = null;

		assertThat(format.format(response, 1, 1)).contains("] \"-\" 200 ");
	}

	@Test
	void writesTheReceivedLineOfAnUnparseableHeadEscaped() {
		response.protocol = "HTTP/1.0";
		response.uri = "/bad-request";
		response.requestHeaders.put(ConnectionGuards.UNPARSED_HEAD, "470154202f7820227922");

		assertThat(format.format(response, 0, 1)).contains("] \"G\\x01T /x \\\"y\\\"\" 200 ");
	}

	@Test
	void writesADashWhenNothingLineLikeArrived() {
		response.protocol = "HTTP/1.0";
		response.uri = "/bad-request";
		response.requestHeaders.put(ConnectionGuards.UNPARSED_HEAD, "");

		assertThat(format.format(response, 0, 1)).contains("] \"-\" 200 ");
	}

	/**
	 * The marking field counts only on Netty's HTTP/1.0 stand-in: an HTTP/2 request may
	 * send any field.
	 */
	@Test
	void ignoresTheMarkingFieldOnAnyOtherRequest() {
		response.protocol = "HTTP/2.0";
		response.requestHeaders.put(ConnectionGuards.UNPARSED_HEAD, "41");

		assertThat(format.format(response, 0, 1)).contains("] \"GET /index.html HTTP/2.0\" 200 ");
	}

	@Test
	void writesEachLinesArrivalSecondInTheGivenZoneAcrossASecondBoundary() {
		long lastMicroOfASecond = micros("2026-11-26T12:05:09.999999Z");

		assertThat(line(lastMicroOfASecond, PARIS)).contains("[26/Nov/2026:13:05:09 +0100]");
		assertThat(line(lastMicroOfASecond + 1, PARIS)).contains("[26/Nov/2026:13:05:10 +0100]");
		assertThat(line(lastMicroOfASecond, PARIS)).contains("[26/Nov/2026:13:05:09 +0100]");
		assertThat(line(lastMicroOfASecond + 1, ZoneId.of("America/New_York")))
			.contains("[26/Nov/2026:07:05:10 -0500]");
	}

	@Test
	void writesADashForAnUnknownArrivalTime() {
		response.accessDateTime = null;

		assertThat(format.format(response, 1, 1)).contains(" - - [-] \"GET ");
	}

	@Test
	void escapesDeleteLatin1AndWiderCharactersAsApacheDoes() {
		response.uri = "/\u007f\u00ff\u0100\t ";

		assertThat(format.format(response, 1, 1)).contains("\"GET /\\x7f\\xff\\u0100\\x09  HTTP/1.1\"");
	}

	@Test
	void writesALongRequestLineWhole() {
		String path = "/" + "a".repeat(20_000) + "\"";
		response.uri = path;

		assertThat(line(micros("2026-11-26T12:05:09Z"), PARIS))
			.contains("\"GET " + path.replace("\"", "\\\"") + " HTTP/1.1\"")
			.endsWith(" 3");
	}

	@Test
	void writesAClientKnownOnlyByNameAsIsInUtf8() {
		response.remoteAddress = InetSocketAddress.createUnresolved("cl\u00e9ent.example", 1);
		AccessLogLine line = new AccessLogLine();

		format.format(response, micros("2026-11-26T12:05:09Z"), PARIS, 1, 1, line);

		assertThat(new String(line.toBytes(), StandardCharsets.UTF_8)).startsWith("cl\u00e9ent.example - - [");
	}

	private String line(long startMicros, ZoneId zone) {
		AccessLogLine line = new AccessLogLine();
		format.format(response, startMicros, zone, 1234, 3, line);
		return line.toString();
	}

	private static long micros(String instant) {
		Instant time = Instant.parse(instant);
		return time.getEpochSecond() * 1_000_000 + time.getNano() / 1_000;
	}

}
