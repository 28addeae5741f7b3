package dev.staticflux.config;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.jspecify.annotations.Nullable;

/**
 * Which TLS implementation encrypts the file server's TCP connections, named for the
 * start-up summary.
 *
 * <p>
 * Spring Boot's Reactor Netty SSL customizer builds the server's context from Reactor
 * Netty's {@code Http2SslContextSpec} (with {@code server.http2.enabled}) or
 * {@code Http11SslContextSpec} and does not choose a provider, so Reactor Netty's
 * defaults decide: with HTTP/2, OpenSSL when it supports ALPN (h2 is negotiated through
 * ALPN, RFC 9113 §3.2), otherwise the JDK's {@code SSLEngine}; without HTTP/2, OpenSSL
 * whenever it loads. OpenSSL here is netty-tcnative's statically linked BoringSSL; when
 * its native library cannot load (another platform, a read-only or {@code noexec} temp
 * directory, {@code -Dio.netty.handler.ssl.noOpenSsl=true}) the JDK's engine serves, and
 * this says why. The rule is repeated here because the chosen context is not reachable
 * from the application; {@code TlsIntegrationTests} checks it against the engine a real
 * connection gets.
 */
final class TlsImplementation {

	private TlsImplementation() {
	}

	/**
	 * The implementation this JVM's file server uses, e.g.
	 * {@code TLS OpenSSL (BoringSSL)}.
	 */
	static String describe(boolean http2) {
		boolean available = OpenSsl.isAvailable();
		return describe(http2, available, available && SslProvider.isAlpnSupported(SslProvider.OPENSSL),
				available ? OpenSsl.versionString() : null, OpenSsl.unavailabilityCause());
	}

	static String describe(boolean http2, boolean openSslAvailable, boolean openSslAlpn, @Nullable String version,
			@Nullable Throwable unavailabilityCause) {
		if (openSslAvailable && (openSslAlpn || !http2)) {
			return "TLS OpenSSL (" + ((version != null) ? version : "unknown version") + ")";
		}
		if (openSslAvailable) {
			return "TLS JDK (OpenSSL without ALPN, needed for h2)";
		}
		String cause = (unavailabilityCause != null) ? unavailabilityCause.getMessage() : null;
		return "TLS JDK (OpenSSL not loaded" + ((cause != null) ? ": " + firstLine(cause) : "") + ")";
	}

	private static String firstLine(String message) {
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

}
