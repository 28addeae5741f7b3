package dev.staticflux.stats;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogFormatTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JsonLogFormat format = new JsonLogFormat();

	private final FakeAccessLogArgs response = new FakeAccessLogArgs();

	@Test
	void writesEveryFieldAsOneObjectOnOneLine() {
		response.accessDateTime = ZonedDateTime.parse("2026-11-26T13:05:09.012345+01:00[Europe/Paris]");
		response.requestHeaders.put("Referer", "https://example.com/");
		response.requestHeaders.put("User-Agent", "curl/8.5.0");
		response.requestHeaders.put("Host", "example.com");

		String line = format.format(response, 1234, 182);

		assertThat(line).doesNotContain("\n")
			.isEqualTo("{\"time\":\"2026-11-26T12:05:09.012345Z\","
					+ "\"remote\":\"192.0.2.7\",\"method\":\"GET\",\"uri\":\"/index.html\",\"protocol\":\"HTTP/1.1\","
					+ "\"status\":200,\"bytes\":1234,\"duration_us\":182,\"referer\":\"https://example.com/\","
					+ "\"user_agent\":\"curl/8.5.0\",\"host\":\"example.com\"}");
		JsonNode node = json.readTree(line);
		assertThat(node.get("status").asInt()).isEqualTo(200);
		assertThat(node.get("duration_us").asLong()).isEqualTo(182);
	}

	@Test
	void writesNullForWhatTheRequestDidNotCarry() {
		response.method = null;
		response.uri = null;
		response.protocol = null;
		response.status = "400";

		JsonNode node = json.readTree(format.format(response, 0, -1));

		assertThat(node.get("method").isNull()).isTrue();
		assertThat(node.get("uri").isNull()).isTrue();
		assertThat(node.get("protocol").isNull()).isTrue();
		assertThat(node.get("referer").isNull()).isTrue();
		assertThat(node.get("host").isNull()).isTrue();
		assertThat(node.get("duration_us").isNull()).isTrue();
		assertThat(node.get("bytes").asLong()).isZero();
	}

	@Test
	void takesTheHostOfAnHttp2RequestFromItsAuthority() {
		response.protocol = "HTTP/2.0";
		response.requestHeaders.put(":authority", "example.org:8443");

		assertThat(json.readTree(format.format(response, 1, 1)).get("host").asString()).isEqualTo("example.org:8443");
	}

	@Test
	void escapesEveryCharacterThatCouldForgeAFieldOrBreakTheLine() {
		String hostile = "evil\",\"status\":500}\n\u0000\u001b[31m\u00e9\\";
		response.uri = "/a\"b";
		response.requestHeaders.put("User-Agent", hostile);

		String line = format.format(response, 5, 1);

		assertThat(line).isEqualTo(line.replaceAll("[^\\x20-\\x7e]", "")).doesNotContain("\n");
		JsonNode node = json.readTree(line);
		assertThat(node.get("user_agent").asString()).isEqualTo(hostile);
		assertThat(node.get("uri").asString()).isEqualTo("/a\"b");
		assertThat(node.get("status").asInt()).isEqualTo(200);
		assertThat(node.properties()).hasSize(11);
	}

	@Test
	void writesAStatusThatIsNoCodeAsAString() {
		response.status = "099";

		assertThat(json.readTree(format.format(response, 0, 0)).get("status").asString()).isEqualTo("099");
	}

	@Test
	void writesTheArrivalInUtcToTheMicrosecondAcrossASecondBoundary() {
		long lastMicroOfASecond = Instant.parse("2026-11-26T12:05:09.999999Z").toEpochMilli() * 1_000 + 999;

		assertThat(time(lastMicroOfASecond)).isEqualTo("2026-11-26T12:05:09.999999Z");
		assertThat(time(lastMicroOfASecond + 1)).isEqualTo("2026-11-26T12:05:10.000000Z");
		assertThat(time(lastMicroOfASecond + 12_346)).isEqualTo("2026-11-26T12:05:10.012345Z");
		assertThat(time(lastMicroOfASecond)).isEqualTo("2026-11-26T12:05:09.999999Z");
	}

	@Test
	void writesNullForAnUnknownArrivalTime() {
		response.accessDateTime = null;

		assertThat(json.readTree(format.format(response, 1, 1)).get("time").isNull()).isTrue();
	}

	@Test
	void escapesDeleteLatin1AndWiderCharactersAsUnicodeEscapes() {
		response.uri = "/\u007f\u00ff\u0100\t";

		assertThat(format.format(response, 1, 1)).contains("\"uri\":\"/\\u007f\\u00ff\\u0100\\u0009\"");
	}

	@Test
	void writesALongUriWhole() {
		response.uri = "/" + "a".repeat(20_000) + "\u00e9";

		assertThat(json.readTree(format.format(response, 1, 1)).get("uri").asString()).isEqualTo(response.uri);
	}

	private String time(long startMicros) {
		AccessLogLine line = new AccessLogLine();
		format.format(response, startMicros, ZoneId.of("Europe/Paris"), 1, 1, line);
		return json.readTree(line.toString()).get("time").asString();
	}

}
