package dev.staticflux.config;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.resources.LoopResources;

/**
 * Applies {@code staticflux.timeouts.*} and {@code staticflux.threads.event-loops} to the Netty server.
 */
@Configuration(proxyBeanMethods = false)
class ServerTuningConfiguration {

	@Bean(destroyMethod = "dispose")
	LoopResources staticfluxLoopResources(StaticFluxProperties properties) {
		int eventLoops = properties.threads().eventLoops();
		int workers = eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
		return LoopResources.create("staticflux-http", 1, workers, true);
	}

	@Bean
	NettyServerCustomizer staticfluxServerTuning(StaticFluxProperties properties, LoopResources staticfluxLoopResources) {
		return server -> server.runOn(staticfluxLoopResources, true).idleTimeout(properties.timeouts().idle());
	}

}
