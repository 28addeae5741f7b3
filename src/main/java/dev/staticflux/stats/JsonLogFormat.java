package dev.staticflux.stats;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

import reactor.netty.http.server.logging.AccessLogArgProvider;
import org.jspecify.annotations.Nullable;

/**
 * Formats one access-log line as a JSON object (JSON Lines: one object a line, RFC 8259),
 * for log pipelines that ingest JSON without a parser (Loki, Elasticsearch, Cloud
 * Logging): <pre>
 * {"time":"2026-12-01T09:30:00.123456Z","remote":"203.0.113.9","method":"GET","uri":"/index.html",
 * "protocol":"HTTP/1.1","status":200,"bytes":5120,"duration_us":182,"referer":null,"user_agent":"curl/8.5.0",
 * "host":"example.com"}
 * </pre>
 * <ul>
 * <li>{@code time}: when the request arrived, UTC, microseconds; {@code remote}: the
 * client address as in the Combined format; {@code status}, {@code bytes} (body bytes, 0
 * for none) and {@code duration_us} are numbers.</li>
 * <li>A value the request did not carry is {@code null}: absent headers, the method, uri
 * and protocol of a request the decoder rejected, and {@code duration_us} when the time
 * is unknown.</li>
 * <li>{@code host} is the {@code Host} header, or HTTP/2's {@code :authority}.</li>
 * <li>Strings are escaped as RFC 8259 section 7 requires, and every character outside
 * printable ASCII is written {@code \\u00hh}, so the line is ASCII and a client cannot
 * forge a field or break a line.</li>
 * </ul>
 * Runs on event loops: one {@link StringBuilder} per line, and the date and time are
 * formatted once per second.
 */
final class JsonLogFormat implements AccessLogFormat {

	private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

	@Override
	public String format(AccessLogArgProvider response, long bodyBytes, long micros) {
		StringBuilder line = new StringBuilder(256);
		line.append("{\"time\":");
		time(response.accessDateTime(), line);
		line.append(",\"remote\":");
		string(CombinedLogFormat.host(response), line);
		line.append(",\"method\":");
		string(response.method(), line);
		line.append(",\"uri\":");
		string(response.uri(), line);
		line.append(",\"protocol\":");
		string(response.protocol(), line);
		line.append(",\"status\":");
		// called for a written response (see ResponseAccounting), whose status line has
		// gone out
		status(Objects.requireNonNull(response.status(), "the status of a written response"), line);
		line.append(",\"bytes\":").append(bodyBytes);
		line.append(",\"duration_us\":");
		if (micros >= 0) {
			line.append(micros);
		}
		else {
			line.append("null");
		}
		line.append(",\"referer\":");
		string(response.requestHeader("Referer"), line);
		line.append(",\"user_agent\":");
		string(response.requestHeader("User-Agent"), line);
		line.append(",\"host\":");
		CharSequence host = response.requestHeader("Host");
		string((host != null) ? host : response.requestHeader(":authority"), line);
		return line.append('}').toString();
	}

	private void time(@Nullable ZonedDateTime time, StringBuilder line) {
		if (time == null) {
			line.append("null");
			return;
		}
		long epochSecond = time.toEpochSecond();
		FormattedSecond last = lastSecond;
		if (last.epochSecond != epochSecond) {
			last = new FormattedSecond(epochSecond, SECOND.format(Instant.ofEpochSecond(epochSecond)));
			lastSecond = last;
		}
		int micros = time.getNano() / 1000;
		line.append('"').append(last.text).append('.');
		for (int divisor = 100_000; divisor > 0; divisor /= 10) {
			line.append((char) ('0' + micros / divisor % 10));
		}
		line.append("Z\"");
	}

	/**
	 * A number when it is a status code; any other text (none arrives from Netty) as a
	 * string.
	 */
	private static void status(CharSequence status, StringBuilder line) {
		if (isStatusCode(status)) {
			line.append(status);
		}
		else {
			string(status, line);
		}
	}

	private static boolean isStatusCode(CharSequence status) {
		if (status.length() != 3 || status.charAt(0) < '1' || status.charAt(0) > '9') {
			return false;
		}
		return isDigit(status.charAt(1)) && isDigit(status.charAt(2));
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static void string(@Nullable CharSequence value, StringBuilder line) {
		if (value == null) {
			line.append("null");
			return;
		}
		line.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				line.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7e) {
				line.append("\\u")
					.append(HEX[(c >> 12) & 0xf])
					.append(HEX[(c >> 8) & 0xf])
					.append(HEX[(c >> 4) & 0xf])
					.append(HEX[c & 0xf]);
			}
			else {
				line.append(c);
			}
		}
		line.append('"');
	}

	private record FormattedSecond(long epochSecond, String text) {
	}

}
