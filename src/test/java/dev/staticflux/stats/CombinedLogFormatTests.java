package dev.staticflux.stats;

import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.staticflux.connection.ConnectionGuards;

import static org.assertj.core.api.Assertions.assertThat;

class CombinedLogFormatTests {

	private final CombinedLogFormat format = new CombinedLogFormat();

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

}
