package dev.staticflux.stats;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.logging.AccessLogArgProvider;

import dev.staticflux.connection.ConnectionGuards;
import dev.staticflux.stats.AccessLogLine.Escaping;

/**
 * Formats one access-log line in Apache's Combined Log Format followed by the response
 * time in milliseconds: {@code %h %l %u [%t] "%r" %>s %b "%{Referer}i" "%{User-agent}i"
 * %D}, as log analysers (GoAccess, AWStats, Logstash's COMBINEDAPACHELOG) read it.
 * <ul>
 * <li>{@code %h} is the client address as Reactor Netty resolves it (the TCP peer, or the
 * forwarded client when {@code server.forward-headers-strategy} is set); {@code %l} and
 * {@code %u} are always {@code -}.</li>
 * <li>{@code %t} is the time the request arrived, in the server's time zone, with English
 * month names.</li>
 * <li>{@code %b} is the body bytes sent, {@code -} for none.</li>
 * <li>As Apache does, {@code "} and {@code \} in the request line and headers are escaped
 * with a backslash and any other byte outside printable ASCII is written {@code \xhh}, so
 * a client cannot forge a field or a line.</li>
 * <li>{@code %r} of a request head the decoder could not parse is the line the client
 * sent, escaped the same way, or {@code -} when nothing line-like arrived, instead of
 * Netty's stand-in {@code GET /bad-request HTTP/1.0} (see
 * {@link ConnectionGuards#UNPARSED_HEAD}).</li>
 * </ul>
 * Runs on event loops: appends bytes to the event loop's own line, without building
 * strings; the timestamp is formatted once per second, the client address once per client
 * in a row.
 */
final class CombinedLogFormat {

	private static final AsciiString REFERER = AsciiString.cached("Referer");

	private static final AsciiString USER_AGENT = AsciiString.cached("User-Agent");

	private static final AsciiString UNPARSED_HEAD = AsciiString.cached(ConnectionGuards.UNPARSED_HEAD);

	private final CachedSecond timestamp = new CachedSecond(
			DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US));

	private final ClientAddress client = new ClientAddress();

	/** The line as text, at the response's own arrival time and zone. */
	String format(AccessLogArgProvider response, long bodyBytes, long millis) {
		return AccessLogLine.text(response,
				(startMicros, zone, line) -> format(response, startMicros, zone, bodyBytes, millis, line));
	}

	/**
	 * Appends the line.
	 * @param response what Reactor Netty knows of the request and response
	 * @param startMicros when the request arrived, in microseconds since the epoch; 0
	 * when unknown
	 * @param zone the server's time zone
	 * @param bodyBytes body bytes sent
	 * @param millis the response time in milliseconds
	 * @param line the line to append to
	 */
	void format(AccessLogArgProvider response, long startMicros, ZoneId zone, long bodyBytes, long millis,
			AccessLogLine line) {
		line.utf8(client.of(response)).ascii(" - - [");
		if (startMicros != 0) {
			line.append(timestamp.format(Math.floorDiv(startMicros, 1_000_000), zone));
		}
		else {
			line.append('-');
		}
		line.ascii("] \"");
		CharSequence received = received(response);
		if (response.method() == null || (received != null && received.isEmpty())) {
			line.append('-');
		}
		else if (received != null) {
			escape(received, line);
		}
		else {
			escape(response.method(), line).append(' ');
			escape(response.uri(), line).append(' ');
			escape(response.protocol(), line);
		}
		line.ascii("\" ");
		CharSequence status = response.status();
		line.utf8((status != null) ? status : "null").append(' ');
		if (bodyBytes > 0) {
			line.number(bodyBytes);
		}
		else {
			line.append('-');
		}
		line.ascii(" \"");
		escape(response.requestHeader(REFERER), line).ascii("\" \"");
		escape(response.requestHeader(USER_AGENT), line).ascii("\" ").number(millis);
	}

	/**
	 * The request line the connection guards put on Netty's stand-in for an unparseable
	 * head, and only on it.
	 */
	private static @Nullable CharSequence received(AccessLogArgProvider response) {
		CharSequence uri = response.uri();
		String protocol = response.protocol();
		if (uri == null || protocol == null || !"/bad-request".contentEquals(uri) || !"HTTP/1.0".equals(protocol)) {
			return null;
		}
		CharSequence hex = response.requestHeader(UNPARSED_HEAD);
		if (hex == null) {
			return null;
		}
		StringBuilder line = new StringBuilder(hex.length() / 2);
		for (int i = 0; i + 1 < hex.length(); i += 2) {
			line.append((char) Integer.parseInt(hex, i, i + 2, 16));
		}
		return line;
	}

	private static AccessLogLine escape(@Nullable CharSequence value, AccessLogLine line) {
		return (value != null) ? line.escaped(value, Escaping.APACHE) : line.append('-');
	}

}
