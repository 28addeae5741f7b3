package dev.staticflux.http;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.server-header} set empty: no {@code Server} header on any answer of the
 * engine, on either adapter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.server-header=")
class NoServerHeaderIntegrationTests {

	@TempDir
	static Path base;

	@LocalServerPort
	int port;

	@BeforeAll
	static void site() throws IOException {
		TestSite.create(base);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, base.resolve("www"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /text.txt", "GET /text.txt", "GET /missing", "GET /docs", "OPTIONS /", "POST /",
			"GET /%2e%2e/x" })
	void noAnswerNamesTheServer(String request) throws IOException {
		String[] parts = request.split(" ");

		RawHttp.Response response = RawHttp.exchange(port, parts[0], parts[1]);

		assertThat(response.status()).isBetween(200, 499);
		assertThat(response.header("Server")).isNull();
		assertThat(response.header("Date")).isNotNull();
	}

}
