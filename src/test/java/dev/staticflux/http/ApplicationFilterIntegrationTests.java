package dev.staticflux.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.server.WebFilter;

import dev.staticflux.cache.FileCache;
import dev.staticflux.netty.NettyFileRoute;
import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters are never bypassed silently: with an application {@code WebFilter} in the
 * context, every file request goes through WebFlux, cache hits included, so that the
 * filter (a security or CORS filter, say) sees each one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApplicationFilterIntegrationTests {

	@TempDir
	static Path base;

	@LocalServerPort
	int port;

	@Autowired
	SeenPaths seen;

	@Autowired
	NettyFileRoute nettyRoute;

	@Autowired
	FileCache cache;

	@BeforeAll
	static void site() throws IOException {
		TestSite.write(base.resolve("www/page.html"), "a page");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, base.resolve("www"));
	}

	@Test
	void anApplicationFilterSeesEveryFileRequestCachedOrNot() throws IOException {
		long hitsBefore = cache.statistics().hits();
		for (int i = 0; i < 5; i++) {
			RawHttp.Response response = RawHttp.exchange(port, i % 2 == 0 ? "GET" : "HEAD", "/page.html");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("X-Seen-By")).isEqualTo("test filter");
		}
		assertThat(RawHttp.exchange(port, "GET", "/missing.txt").status()).isEqualTo(404);

		assertThat(seen.paths).containsExactly("/page.html", "/page.html", "/page.html", "/page.html", "/page.html",
				"/missing.txt");
		assertThat(cache.statistics().hits() - hitsBefore).as("cache hits among them").isGreaterThanOrEqualTo(4);
		assertThat(nettyRoute.answered()).isZero();
	}

	static final class SeenPaths {

		final List<String> paths = new CopyOnWriteArrayList<>();

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FilterConfiguration {

		@Bean
		SeenPaths seenPaths() {
			return new SeenPaths();
		}

		@Bean
		WebFilter recordingFilter(SeenPaths seen) {
			return (exchange, chain) -> {
				seen.paths.add(exchange.getRequest().getPath().value());
				exchange.getResponse().getHeaders().set("X-Seen-By", "test filter");
				return chain.filter(exchange);
			};
		}

	}

}
