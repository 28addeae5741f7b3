package dev.staticflux.config;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Applies {@code staticflux.threads.event-loops} to the Netty servers (the timeouts are
 * the connection guards', {@code dev.staticflux.connection}).
 *
 * <p>
 * The event loops come from the {@link ReactorResourceFactory} because Boot's Netty web
 * server applies the factory's loop resources after all customizers: a {@code runOn} in a
 * customizer would be overridden. Reactor Netty's own default is {@code max(cores, 4)}
 * loops; on a 2-core machine 4 loops only add context switches, so the default here is
 * one per core, like nginx's {@code worker_processes auto}. Connections are accepted on a
 * selector thread of their own: accepting on the busy event loops instead (Reactor
 * Netty's default) left a burst of new connections waiting in the accept queue while the
 * loops served requests, and raised the p99 latency of 5,000 keep-alive connections from
 * under 1 s to 7 to 12 s (docs/PERFORMANCE.md).
 */
@Configuration(proxyBeanMethods = false)
class ServerTuningConfiguration {

	@Bean
	ReactorResourceFactory reactorResourceFactory(StaticFluxProperties properties) {
		int configured = properties.threads().eventLoops();
		int workers = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		// By the time the event loops are disposed, graceful shutdown has already drained
		// the server; Netty's
		// default 2 s quiet period would only delay the exit (per context: test JVMs hold
		// dozens).
		factory.setShutdownQuietPeriod(Duration.ZERO);
		factory.setLoopResourcesSupplier(() -> LoopResources.create("staticflux-http", 1, workers, true));
		return factory;
	}

	/**
	 * One system call less per accepted connection: Reactor Netty sets
	 * {@code TCP_NODELAY} on each accepted socket as a child option, after Netty's socket
	 * configuration has already set it when the channel was created (Netty's default on
	 * every platform but Android), so the acceptor thread made the same
	 * {@code setsockopt} twice.
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> staticfluxSocketOptions() {
		return factory -> factory.addServerCustomizers(server -> server.childOption(ChannelOption.TCP_NODELAY, null));
	}

}
