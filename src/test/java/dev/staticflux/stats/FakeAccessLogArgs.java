package dev.staticflux.stats;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.cookie.Cookie;
import reactor.netty.http.server.ConnectionInformation;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/** What Reactor Netty hands the access-log hook, settable field by field. */
final class FakeAccessLogArgs implements AccessLogArgProvider {

	SocketAddress remoteAddress = new InetSocketAddress("192.0.2.7", 51234);

	ZonedDateTime accessDateTime = ZonedDateTime.parse("2026-11-26T13:05:09+01:00[Europe/Paris]");

	CharSequence method = "GET";

	CharSequence uri = "/index.html";

	String protocol = "HTTP/1.1";

	CharSequence status = "200";

	long contentLength = 1234;

	long duration = 3;

	final Map<String, String> requestHeaders = new HashMap<>();

	@Override
	@Deprecated
	public String zonedDateTime() {
		return null;
	}

	@Override
	public ZonedDateTime accessDateTime() {
		return accessDateTime;
	}

	@Override
	public SocketAddress remoteAddress() {
		return remoteAddress;
	}

	@Override
	public ConnectionInformation connectionInformation() {
		return null;
	}

	@Override
	public CharSequence method() {
		return method;
	}

	@Override
	public CharSequence uri() {
		return uri;
	}

	@Override
	public String protocol() {
		return protocol;
	}

	@Override
	public String user() {
		return "-";
	}

	@Override
	public CharSequence status() {
		return status;
	}

	@Override
	public long contentLength() {
		return contentLength;
	}

	@Override
	public long duration() {
		return duration;
	}

	@Override
	public CharSequence requestHeader(CharSequence name) {
		return requestHeaders.get(name.toString());
	}

	@Override
	public CharSequence responseHeader(CharSequence name) {
		return null;
	}

	@Override
	public Map<CharSequence, Set<Cookie>> cookies() {
		return Map.of();
	}

}
