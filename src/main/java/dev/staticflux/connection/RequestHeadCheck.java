package dev.staticflux.connection;

import org.jspecify.annotations.Nullable;
import java.util.List;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Rejects request heads that Netty's HTTP/1.x decoder lets through but RFC 9112 does not,
 * before they reach Reactor Netty:
 * <ul>
 * <li>a protocol other than HTTP/1.0 or HTTP/1.1 ({@code HTTP/9.9} would otherwise be
 * answered with an {@code HTTP/9.9 200} status line, {@code FOO/1.1} too);</li>
 * <li>an HTTP/1.1 request without exactly one {@code Host} field, and any request with
 * more than one (RFC 9112 §3.2);</li>
 * <li>a {@code Host} value that is not {@code uri-host [ ":" port ]} (RFC 9110 §7.2, RFC
 * 9112 §3.2: "a server MUST respond with a 400 ... to any request message that ...
 * contains more than one Host header line or a Host header field with an invalid field
 * value"): see {@link #validHost}.</li>
 * </ul>
 * Such a request is handed on marked as a decoding failure, so Reactor Netty answers it
 * as it answers heads its decoder rejects (an empty {@code 400}, then the connection
 * closed), and the statistics and the access log see it with the request line the client
 * sent. A client's mistake, not a 505 that would count as a server error.
 *
 * <p>
 * The head of a request Netty's decoder could not parse at all reaches the access log as
 * Netty's stand-in, {@code GET /bad-request HTTP/1.0}; for the first request of a
 * connection, this puts what the client actually sent on it instead
 * ({@link RequestLineRecorder}, {@link ConnectionGuards#UNPARSED_HEAD}); for a later one,
 * nothing. The marking field is removed from every request that parsed, so that no client
 * can write its own access-log line. One of the {@link Http11Guards}.
 */
final class RequestHeadCheck {

	private final RequestLineRecorder recorder;

	private int heads;

	RequestHeadCheck(RequestLineRecorder recorder) {
		this.recorder = recorder;
	}

	/**
	 * Checks a decoded head before it is handed on, marking it failed if unacceptable.
	 */
	void check(HttpRequest request) {
		heads++;
		if (request.decoderResult().isSuccess()) {
			request.headers().remove(ConnectionGuards.UNPARSED_HEAD);
			String problem = problem(request);
			if (problem != null) {
				request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
			}
		}
		else {
			request.headers().set(ConnectionGuards.UNPARSED_HEAD, (heads == 1) ? hex(recorder.firstLine()) : "");
		}
	}

	private static String hex(String line) {
		StringBuilder hex = new StringBuilder(line.length() * 2);
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			hex.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
		}
		return hex.toString();
	}

	/** What makes the head unacceptable, or {@code null} when it is acceptable. */
	static @Nullable String problem(HttpRequest request) {
		HttpVersion version = request.protocolVersion();
		boolean http11 = HttpVersion.HTTP_1_1.equals(version);
		if (!http11 && !HttpVersion.HTTP_1_0.equals(version)) {
			return "unsupported protocol " + version.text();
		}
		List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
		if (hosts.size() > 1 || (http11 && hosts.isEmpty())) {
			return hosts.size() + " Host fields";
		}
		if (!hosts.isEmpty() && !validHost(hosts.get(0))) {
			return "invalid Host";
		}
		return null;
	}

	/**
	 * Whether a {@code Host} value is {@code uri-host [ ":" port ]} (RFC 9110 §7.2, RFC
	 * 3986 §3.2.2 and §3.2.3): an IP literal in brackets, or a name of letters, digits,
	 * {@code - . _ ~}, then an optional port of at most five digits. Empty is allowed
	 * (RFC 9112 §3.2: a target without authority). Stricter than RFC 3986's
	 * {@code reg-name} on purpose: its sub-delimiters ({@code , ; = ...}) and
	 * percent-encoding never occur in a DNS name, and a comma is how a list of hosts
	 * would look (nginx rejects them too). No whitespace, path, user information or
	 * second value passes.
	 */
	static boolean validHost(String host) {
		int end = host.length();
		int colon = host.lastIndexOf(':');
		int i = 0;
		if (host.startsWith("[")) {
			int close = host.indexOf(']');
			if (close < 0 || !ipLiteral(host, 1, close)) {
				return false;
			}
			i = close + 1;
			if (i < end && host.charAt(i) != ':') {
				return false;
			}
		}
		else {
			int nameEnd = (colon >= 0) ? colon : end;
			for (; i < nameEnd; i++) {
				if (!nameChar(host.charAt(i))) {
					return false;
				}
			}
		}
		if (i < end) {
			// host.charAt(i) is the ':' before the port
			int digits = end - i - 1;
			if (digits > 5) {
				return false;
			}
			for (int d = i + 1; d < end; d++) {
				char c = host.charAt(d);
				if (c < '0' || c > '9') {
					return false;
				}
			}
		}
		return true;
	}

	private static boolean nameChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	/**
	 * IPv6 (hex digits, {@code :} and {@code .} for an embedded IPv4) between the
	 * brackets, non-empty.
	 */
	private static boolean ipLiteral(String host, int from, int to) {
		if (to <= from) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = host.charAt(i);
			boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
			if (!hex && c != ':' && c != '.') {
				return false;
			}
		}
		return true;
	}

}
