package dev.staticflux.http;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keep-alive: one connection serves several requests, and is closed after
 * {@code staticflux.timeouts.idle}.
 */
@TestPropertySource(properties = "staticflux.timeouts.idle=1s")
class KeepAliveIntegrationTests extends FileEngineContract {

	@Test
	void severalRequestsOnOneConnectionAreAnswered() throws Exception {
		try (RawHttp.Connection connection = RawHttp.open(port)) {
			assertThat(connection.send("GET", "/text.txt").bodyText()).isEqualTo(TestSite.TEXT);
			assertThat(connection.send("HEAD", "/text.txt").status()).isEqualTo(200);
			assertThat(connection.send("GET", "/missing").status()).isEqualTo(404);
			assertThat(connection.send("GET", "/text.txt", "Range: bytes=0-1").bodyText()).isEqualTo("01");
			assertThat(connection.send("GET", "/docs").status()).isEqualTo(301);
			assertThat(connection.send("GET", "/index.html").bodyText()).contains("home");
		}
	}

	@Test
	void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
		try (RawHttp.Connection connection = RawHttp.open(port)) {
			assertThat(connection.send("GET", "/text.txt").status()).isEqualTo(200);
			// generous bound: the idle timeout is 1 s, the default (60 s) would not close
			// it in time
			connection.timeout(15_000);

			assertThat(connection.closedByServer()).isTrue();
		}
	}

}
