package dev.staticflux.http;

import java.nio.file.Path;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.staticflux.StaticFluxApplication;

/**
 * A second server on a test's root with {@code staticflux.cache.fast-path=false}, so that
 * every request goes through the WebFlux adapter: for tests that compare its answers with
 * the Reactor Netty adapter's.
 */
final class WebFluxOnlyServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	/**
	 * @param root the root to serve
	 * @param accessLog where its access log goes
	 */
	WebFluxOnlyServer(Path root, Path accessLog) {
		// Arguments, not builder properties: those are defaults, below the working
		// directory's application.yml.
		this.context = new SpringApplicationBuilder(StaticFluxApplication.class).run("--server.port=0",
				"--management.server.port=0", "--staticflux.cache.fast-path=false", "--staticflux.root=" + root,
				"--staticflux.access-log.file=" + accessLog);
		this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	int port() {
		return port;
	}

	@Override
	public void close() {
		context.close();
	}

}
