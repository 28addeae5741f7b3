package dev.staticflux.connection;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Puts the {@link ConnectionGuards} on the file server. A
 * {@link WebServerFactoryCustomizer}, which applies to its own context's server only; the
 * management server, built in a child context, gets its own
 * ({@code dev.staticflux.management}).
 */
@Configuration(proxyBeanMethods = false)
class ConnectionHardeningConfiguration {

	@Bean
	SlowClients slowClients() {
		return new SlowClients();
	}

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> staticfluxConnectionGuards(
			StaticFluxProperties properties, SlowClients slowClients) {
		ConnectionGuards guards = new ConnectionGuards(properties.timeouts(), properties.http2(), slowClients);
		return factory -> factory.addServerCustomizers(guards);
	}

}
