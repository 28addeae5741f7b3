package dev.staticflux.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code staticflux.threads.accept-on-event-loops}: the server's event loops accept the
 * connections themselves, and connections that each carry one request are all answered
 * and closed, whichever loop they were handed to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "staticflux.threads.accept-on-event-loops=true")
class AcceptOnEventLoopsIntegrationTests {

	@TempDir
	static Path base;

	@LocalServerPort
	int port;

	@Autowired
	ReactorResourceFactory resources;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, base.resolve("www"));
	}

	@BeforeAll
	static void site() throws IOException {
		TestSite.create(base);
	}

	@Test
	void acceptsOnTheEventLoopsThatServeTheConnections() {
		LoopResources loops = resources.getLoopResources();
		assertThat(loops.onServerSelect(true)).isSameAs(loops.onServer(true));
	}

	@Test
	void answersAndClosesEveryConnectionOfOneRequest() throws IOException {
		for (int i = 0; i < 50; i++) {
			try (RawHttp.Connection connection = RawHttp.open(port)) {
				RawHttp.Response response = connection.send("GET", "/text.txt", "Connection: close");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.complete()).isTrue();
				assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(TestSite.TEXT);
				assertThat(connection.closedByServer()).isTrue();
			}
		}
	}

}
