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
 * Applies {@code staticflux.threads.event-loops} and
 * {@code staticflux.threads.accept-on-event-loops} to the Netty servers (the timeouts are
 * the connection guards', {@code dev.staticflux.connection}).
 *
 * <p>
 * The event loops come from the {@link ReactorResourceFactory} because Boot's Netty web
 * server applies the factory's loop resources after all customizers: a {@code runOn} in a
 * customizer would be overridden. Reactor Netty's own default is {@code max(cores, 4)}
 * loops; on a 2-core machine 4 loops only add context switches, so the default here is
 * one per core, like nginx's {@code worker_processes auto}. Connections are accepted as
 * {@link #loopResources} says.
 */
@Configuration(proxyBeanMethods = false)
class ServerTuningConfiguration {

	/** The prefix of the event loops' thread names. */
	static final String EVENT_LOOPS = "staticflux-http";

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
		boolean acceptOnEventLoops = properties.threads().acceptOnEventLoops();
		factory.setLoopResourcesSupplier(() -> loopResources(workers, acceptOnEventLoops));
		return factory;
	}

	/**
	 * The event loops, and where connections are accepted. By default on a selector
	 * thread of its own: accepting on the busy event loops instead (Reactor Netty's
	 * default) leaves a burst of new connections waiting in the accept queue while the
	 * loops serve requests, which raised the p99 latency of thousands of keep-alive
	 * connections opened at once by seconds. With
	 * {@code staticflux.threads.accept-on-event-loops} the listening socket is registered
	 * on one of the event loops, which accepts every connection and hands them to the
	 * loops in turn: no acceptor thread is woken per connection, and the connections the
	 * accepting loop keeps for itself wake no other thread either, so a connection that
	 * carries one request costs less CPU (docs/PERFORMANCE.md, "A fresh connection's
	 * cost").
	 */
	static LoopResources loopResources(int workers, boolean acceptOnEventLoops) {
		return acceptOnEventLoops ? LoopResources.create(EVENT_LOOPS, workers, true)
				: LoopResources.create(EVENT_LOOPS, 1, workers, true);
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
