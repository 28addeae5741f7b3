package dev.staticflux.stats;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.logging.AccessLogArgProvider;

import dev.staticflux.stats.AccessLogLine.Escaping;

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
 * Runs on event loops: appends bytes to the event loop's own line, without building
 * strings; the date and time are formatted once per second, the client address once per
 * client in a row.
 */
final class JsonLogFormat implements AccessLogFormat {

	private static final AsciiString REFERER = AsciiString.cached("Referer");

	private static final AsciiString USER_AGENT = AsciiString.cached("User-Agent");

	private static final AsciiString HOST = AsciiString.cached("Host");

	private static final AsciiString AUTHORITY = AsciiString.cached(":authority");

	private final CachedSecond second = new CachedSecond(
			DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC));

	private final ClientAddress client = new ClientAddress();

	/** The line as text, at the response's own arrival time. */
	String format(AccessLogArgProvider response, long bodyBytes, long micros) {
		return AccessLogLine.text(response,
				(startMicros, zone, line) -> format(response, startMicros, zone, bodyBytes, micros, line));
	}

	@Override
	public void format(AccessLogArgProvider response, long startMicros, ZoneId zone, long bodyBytes, long micros,
			AccessLogLine line) {
		line.ascii("{\"time\":");
		time(startMicros, line);
		line.ascii(",\"remote\":");
		string(client.of(response), line);
		line.ascii(",\"method\":");
		string(response.method(), line);
		line.ascii(",\"uri\":");
		string(response.uri(), line);
		line.ascii(",\"protocol\":");
		string(response.protocol(), line);
		line.ascii(",\"status\":");
		// called for a written response (see ResponseAccounting), whose status line has
		// gone out
		status(Objects.requireNonNull(response.status(), "the status of a written response"), line);
		line.ascii(",\"bytes\":").number(bodyBytes);
		line.ascii(",\"duration_us\":");
		if (micros >= 0) {
			line.number(micros);
		}
		else {
			line.ascii("null");
		}
		line.ascii(",\"referer\":");
		string(response.requestHeader(REFERER), line);
		line.ascii(",\"user_agent\":");
		string(response.requestHeader(USER_AGENT), line);
		line.ascii(",\"host\":");
		CharSequence host = response.requestHeader(HOST);
		string((host != null) ? host : response.requestHeader(AUTHORITY), line);
		line.append('}');
	}

	/** UTC whatever the server's zone, to the microsecond. */
	private void time(long startMicros, AccessLogLine line) {
		if (startMicros == 0) {
			line.ascii("null");
			return;
		}
		int micros = (int) Math.floorMod(startMicros, 1_000_000L);
		line.append('"')
			.append(second.format(Math.floorDiv(startMicros, 1_000_000), ZoneOffset.UTC))
			.append('.')
			.zeroPadded(micros, 6)
			.ascii("Z\"");
	}

	/**
	 * A number when it is a status code; any other text (none arrives from Netty) as a
	 * string.
	 */
	private static void status(CharSequence status, AccessLogLine line) {
		if (isStatusCode(status)) {
			line.utf8(status);
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

	private static void string(@Nullable CharSequence value, AccessLogLine line) {
		if (value != null) {
			line.append('"').escaped(value, Escaping.JSON).append('"');
		}
		else {
			line.ascii("null");
		}
	}

}
