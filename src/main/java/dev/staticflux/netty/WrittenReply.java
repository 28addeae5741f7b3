package dev.staticflux.netty;

import java.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.cookie.Cookie;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.ConnectionInformation;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/**
 * A request answered by {@link DirectResponder}, as the accounting and the access log
 * read it: the same fields Reactor Netty's access-log hook hands them for the responses
 * it writes, taken from the decoded request and the response sent.
 */
final class WrittenReply implements AccessLogArgProvider {

	private static final ZoneId ZONE = ZoneId.systemDefault();

	private final HttpRequest request;

	private final HttpResponse response;

	private final long contentLength;

	private final long startMicros;

	private final @Nullable SocketAddress remote;

	/**
	 * @param request the request
	 * @param response the response written for it
	 * @param contentLength the response's {@code Content-Length}
	 * @param startMicros when the request's head was decoded, in microseconds since the
	 * epoch
	 * @param remote the client's address
	 */
	WrittenReply(HttpRequest request, HttpResponse response, long contentLength, long startMicros,
			@Nullable SocketAddress remote) {
		this.request = request;
		this.response = response;
		this.contentLength = contentLength;
		this.startMicros = startMicros;
		this.remote = remote;
	}

	long startMicros() {
		return startMicros;
	}

	@Override
	@Deprecated
	public @Nullable String zonedDateTime() {
		return accessDateTime().toString();
	}

	@Override
	public ZonedDateTime accessDateTime() {
		return ZonedDateTime
			.ofInstant(Instant.ofEpochSecond(startMicros / 1_000_000, (startMicros % 1_000_000) * 1_000), ZONE);
	}

	@Override
	@Deprecated
	public @Nullable SocketAddress remoteAddress() {
		return remote;
	}

	/**
	 * {@code null}: the connection's own addresses are the request's, since this handler
	 * is not installed when forwarded headers are taken into account.
	 */
	@Override
	public @Nullable ConnectionInformation connectionInformation() {
		return null;
	}

	@Override
	public CharSequence method() {
		return request.method().name();
	}

	@Override
	public CharSequence uri() {
		return request.uri();
	}

	@Override
	public String protocol() {
		return request.protocolVersion().text();
	}

	@Override
	public @Nullable String user() {
		return null;
	}

	@Override
	public CharSequence status() {
		return response.status().codeAsText();
	}

	@Override
	public long contentLength() {
		return contentLength;
	}

	@Override
	public long duration() {
		return -1;
	}

	@Override
	public @Nullable CharSequence requestHeader(CharSequence name) {
		return request.headers().get(name);
	}

	@Override
	public @Nullable CharSequence responseHeader(CharSequence name) {
		HttpHeaders headers = response.headers();
		return headers.get(name);
	}

	@Override
	public @Nullable Map<CharSequence, Set<Cookie>> cookies() {
		return null;
	}

}
