package dev.staticflux.ship;

import java.io.IOException;
import java.nio.file.Files;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Serves {@link TestSite#FILE} until the file engine is on this branch: the transport tests
 * are about TLS and HTTP/2, not about how a file is read.
 */
@TestConfiguration(proxyBeanMethods = false)
class StubFileRoute {

	@Bean
	RouterFunction<ServerResponse> stubFileRoute(StaticFluxProperties properties) throws IOException {
		String content = Files.readString(properties.root().resolve(TestSite.FILE));
		return RouterFunctions.route(RequestPredicates.GET("/" + TestSite.FILE),
				request -> ServerResponse.ok().bodyValue(content));
	}

}
