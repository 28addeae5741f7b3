package dev.staticflux.stats;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.ConnectionInformation;
import reactor.netty.http.server.logging.AccessLogArgProvider;

import dev.staticflux.connection.ConnectionGuards;

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
 * Runs on event loops: one {@link StringBuilder} per line, and the timestamp is formatted
 * once per second.
 */
final class CombinedLogFormat {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, ZoneOffset.UTC, "");

	String format(AccessLogArgProvider response, long bodyBytes, long millis) {
		StringBuilder line = new StringBuilder(192);
		line.append(host(response)).append(" - - [").append(timestamp(response.accessDateTime())).append("] \"");
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
		line.append("\" ").append(response.status()).append(' ');
		if (bodyBytes > 0) {
			line.append(bodyBytes);
		}
		else {
			line.append('-');
		}
		line.append(" \"");
		escape(response.requestHeader("Referer"), line).append("\" \"");
		escape(response.requestHeader("User-Agent"), line).append("\" ").append(millis);
		return line.toString();
	}

	/**
	 * The request line the connection guards put on Netty's stand-in for an unparseable
	 * head, and only on it.
	 */
	private static @Nullable CharSequence received(AccessLogArgProvider response) {
		CharSequence hex = response.requestHeader(ConnectionGuards.UNPARSED_HEAD);
		if (hex == null || !"/bad-request".contentEquals(String.valueOf(response.uri()))
				|| !"HTTP/1.0".contentEquals(String.valueOf(response.protocol()))) {
			return null;
		}
		StringBuilder line = new StringBuilder(hex.length() / 2);
		for (int i = 0; i + 1 < hex.length(); i += 2) {
			line.append((char) Integer.parseInt(hex, i, i + 2, 16));
		}
		return line;
	}

	static String host(AccessLogArgProvider response) {
		ConnectionInformation connection = response.connectionInformation();
		SocketAddress address = (connection != null) ? connection.remoteAddress() : response.remoteAddress();
		if (address instanceof InetSocketAddress inet) {
			InetAddress ip = inet.getAddress();
			return (ip != null) ? ip.getHostAddress() : inet.getHostString();
		}
		return (address != null) ? address.toString() : "-";
	}

	private String timestamp(@Nullable ZonedDateTime time) {
		if (time == null) {
			return "-";
		}
		long epochSecond = time.toEpochSecond();
		FormattedSecond last = lastSecond;
		if (last.epochSecond != epochSecond || !last.offset.equals(time.getOffset())) {
			last = new FormattedSecond(epochSecond, time.getOffset(), TIMESTAMP.format(time));
			lastSecond = last;
		}
		return last.text;
	}

	private static StringBuilder escape(@Nullable CharSequence value, StringBuilder line) {
		if (value == null) {
			return line.append('-');
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				line.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7e) {
				appendHex(c, line);
			}
			else {
				line.append(c);
			}
		}
		return line;
	}

	/**
	 * {@code \xhh}; a char above 0xff as {@code \\uhhhh} (none arrives: Netty reads the
	 * request as ISO-8859-1).
	 */
	private static void appendHex(char c, StringBuilder line) {
		int digits = (c <= 0xff) ? 2 : 4;
		line.append((digits == 2) ? "\\x" : "\\u");
		for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
			line.append(HEX[(c >> shift) & 0xf]);
		}
	}

	private record FormattedSecond(long epochSecond, ZoneOffset offset, String text) {
	}

}
