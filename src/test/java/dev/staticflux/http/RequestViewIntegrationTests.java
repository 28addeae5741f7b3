package dev.staticflux.http;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine core reads from a request (issue 14, item 7), over raw sockets. Each
 * request is sent twice, so that the first answer comes from a lookup through WebFlux and
 * the second from memory, through the Reactor Netty adapter for an origin-form target (an
 * absolute-form one always goes through WebFlux): both read it alike.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RequestViewIntegrationTests {

	@TempDir
	static Path base;

	@LocalServerPort
	int port;

	@BeforeAll
	static void site() throws IOException {
		TestSite.write(base.resolve("www/text.txt"), "default text");
		TestSite.write(base.resolve("www/page.html"), "identity page");
		TestSite.write(base.resolve("www/page.html.gz"), "gzip page");
		TestSite.write(base.resolve("a-site/text.txt"), "a's text");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, base.resolve("www"));
		registry.add("staticflux.hosts[0].name", () -> "a.test");
		registry.add("staticflux.hosts[0].root", () -> base.resolve("a-site").toString());
	}

	/**
	 * Regression: the Host field chose the virtual host even when the target named
	 * another (RFC 9112 §3.2.2).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "http://a.test/text.txt", "HTTP://A.TEST:8080/text.txt", "http://user@a.test/text.txt" })
	void absoluteFormTargetChoosesTheVirtualHostOverTheHostField(String target) throws IOException {
		for (int i = 0; i < 2; i++) {
			RawHttp.Response response = RawHttp.exchange(port, "GET", target, "Host: localhost");

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo("a's text");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost/text.txt", "http://b.test/text.txt" })
	void absoluteFormTargetOfAnotherHostGetsTheDefaultRoot(String target) throws IOException {
		for (int i = 0; i < 2; i++) {
			assertThat(RawHttp.exchange(port, "GET", target, "Host: a.test").bodyText()).isEqualTo("default text");
		}
	}

	/**
	 * Regression: a list field sent on two lines was read from its first line only (RFC
	 * 9110 §5.3).
	 */
	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void ifNoneMatchOnTwoLinesIsReadCombined(boolean currentTagFirst) throws IOException {
		String etag = RawHttp.exchange(port, "GET", "/text.txt").header("ETag");
		String[] lines = currentTagFirst ? new String[] { "If-None-Match: " + etag, "If-None-Match: \"other\"" }
				: new String[] { "If-None-Match: \"other\"", "If-None-Match: " + etag };
		for (int i = 0; i < 2; i++) {
			assertThat(RawHttp.exchange(port, "GET", "/text.txt", lines).status()).isEqualTo(304);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/page.html", "/page.html?second" })
	void acceptEncodingOnTwoLinesIsReadCombined(String target) throws IOException {
		for (int i = 0; i < 2; i++) {
			RawHttp.Response response = RawHttp.exchange(port, "GET", target, "Accept-Encoding: br;q=0",
					"Accept-Encoding: gzip");

			assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
			assertThat(response.bodyText()).isEqualTo("gzip page");
		}
	}

}
