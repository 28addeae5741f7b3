package dev.staticflux.http3;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.Http3SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.stats.ResponseAccounting;

/**
 * HTTP/3 when {@code staticflux.http3.enabled=true}: the QUIC listener serving the same
 * WebFlux {@link HttpHandler} as the TCP server (so every rule, the limiter, the
 * statistics and the access log apply), on the TCP server's event loops, with the
 * certificate of {@code server.ssl.bundle}; and the {@code Alt-Svc} advertisement on the
 * TCP server's responses.
 *
 * <p>
 * The request head limit is the TCP server's
 * ({@code server.max-http-request-header-size}), as the HTTP/3
 * {@code SETTINGS_MAX_FIELD_SECTION_SIZE} (RFC 9114 §7.2.4.1). Bodies go out from memory
 * or from positional reads on the file-I/O threads: {@code sendfile} cannot feed QUIC,
 * which encrypts each packet itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("staticflux.http3.enabled")
class Http3Configuration {

	@Bean
	QuicConnections quicConnections(StaticFluxProperties properties) {
		return new QuicConnections(properties.http3().maxConnections());
	}

	@Bean
	Http3Listener http3Listener(StaticFluxProperties properties, ServerProperties serverProperties,
			SslBundles sslBundles, ObjectProvider<HttpHandler> httpHandler, ReactorResourceFactory resources,
			ResponseAccounting accounting, QuicConnections connections, WebServerApplicationContext context,
			ObjectProvider<LifecycleProperties> lifecycle) {
		StaticFluxProperties.Http3 http3 = properties.http3();
		String bundleName = bundleName(serverProperties.getSsl());
		BundleKeyManager keyManager = new BundleKeyManager(bundleName, sslBundles.getBundle(bundleName));
		sslBundles.addBundleUpdateHandler(bundleName, bundle -> keyManager.update(bundleName, bundle));
		RetryTokens retryTokens = new RetryTokens(Clock.systemUTC(), connections::handshakesInProgress,
				http3.retryAboveHandshakes());
		HttpServer server = HttpServer.create()
			.protocol(HttpProtocol.HTTP3)
			.secure(spec -> spec.sslContext(Http3SslContextSpec.forServer(keyManager, null)))
			.http3Settings(spec -> spec.idleTimeout(http3.idleTimeout())
				.maxData(http3.connectionWindow().toBytes())
				.maxStreamDataBidirectionalLocal(http3.streamWindow().toBytes())
				.maxStreamDataBidirectionalRemote(http3.streamWindow().toBytes())
				.maxStreamsBidirectional(http3.maxStreams())
				.maxFieldSectionSize(serverProperties.getMaxHttpRequestHeaderSize().toBytes())
				.tokenHandler(retryTokens))
			.runOn(resources.getLoopResources())
			.doOnChannelInit(connections::initialized);
		Duration drain = (serverProperties.getShutdown() == Shutdown.GRACEFUL)
				? lifecycle.getIfAvailable(LifecycleProperties::new).getTimeoutPerShutdownPhase() : Duration.ZERO;
		return new Http3Listener(accounting.apply(server), httpHandler, context, serverProperties.getAddress(),
				connections, http3.altSvcMaxAge(), drain);
	}

	/**
	 * A {@link WebServerFactoryCustomizer}, so that it applies to this context's server
	 * only, never to the Actuator management server's.
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> altSvcAdvertisement(Http3Listener listener) {
		return factory -> factory.addServerCustomizers(new AltSvcAdvertisement(listener::altSvc));
	}

	private static String bundleName(@Nullable Ssl ssl) {
		String bundle = (ssl != null && Ssl.isEnabled(ssl)) ? ssl.getBundle() : null;
		if (bundle == null || bundle.isBlank()) {
			throw new IllegalStateException("staticflux.http3.enabled: true (expected: server.ssl.bundle set, "
					+ "because HTTP/3 is always TLS; see HELP.md, \"HTTP/3\")");
		}
		return bundle;
	}

}
