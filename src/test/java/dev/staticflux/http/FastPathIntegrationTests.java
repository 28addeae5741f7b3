package dev.staticflux.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.netty.NettyFileRoute;
import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two adapters of the one engine core answer alike: what the Reactor Netty adapter
 * ({@link NettyFileRoute}) answers is what the WebFlux route answers. Two servers share
 * one root: this test's (fast path on, the default) and a second one with
 * {@code staticflux.cache.fast-path=false}; every request goes to both, and the answers
 * must match byte for byte except for {@code Date} and a multipart boundary. Each request
 * is sent twice to the first server, so that the second time it is a cache hit; the fast
 * path's counter shows which requests it took.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FastPathIntegrationTests {

	private static final Pattern BOUNDARY = Pattern.compile("boundary=([0-9a-f]+)");

	@TempDir
	static Path base;

	static WebFluxOnlyServer webFluxOnly;

	static int webFluxOnlyPort;

	@LocalServerPort
	int port;

	@Autowired
	NettyFileRoute fastPath;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, base.resolve("root"));
		// hits stay fresh however slowly a busy machine runs the test
		registry.add("staticflux.cache.revalidate-after", () -> "1h");
	}

	@BeforeAll
	static void site() throws IOException {
		Path root = Files.createDirectories(base.resolve("root"));
		Files.writeString(root.resolve("page.html"), "<h1>page</h1>");
		Files.writeString(root.resolve("text.txt"), "0123456789abcdefghij".repeat(50));
		Files.write(root.resolve("text.txt.gz"),
				new byte[] { 31, -117, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
		Files.createDirectories(root.resolve("with space"));
		Files.writeString(root.resolve("with space/é.txt"), "encoded");
		Files.writeString(root.resolve("dashboard"), "a file named like the dashboard");
		Files.createDirectories(root.resolve("dir"));
		Files.writeString(root.resolve("dir/index.html"), "index");
		webFluxOnly = new WebFluxOnlyServer(root, base.resolve("access-webflux.log"));
		webFluxOnlyPort = webFluxOnly.port();
	}

	@AfterAll
	static void stop() {
		if (webFluxOnly != null) {
			webFluxOnly.close();
		}
	}

	static Stream<Arguments> cacheHits() {
		return Stream.of(Arguments.of("GET", "/page.html", new String[0]),
				Arguments.of("HEAD", "/page.html", new String[0]),
				Arguments.of("GET", "/page.html?version=3&x=%20", new String[0]),
				Arguments.of("GET", "/text.txt", new String[] { "Accept-Encoding: gzip, br" }),
				Arguments.of("GET", "/text.txt", new String[] { "Accept-Encoding: identity" }),
				Arguments.of("GET", "/text.txt", new String[] { "Range: bytes=2-5" }),
				Arguments.of("GET", "/text.txt", new String[] { "Range: bytes=0-1,10-12" }),
				Arguments.of("GET", "/text.txt", new String[] { "Range: bytes=5000-" }),
				Arguments.of("GET", "/text.txt", new String[] { "Range: bytes=2-5", "If-Range: \"stale\"" }),
				Arguments.of("GET", "/text.txt", new String[] { "If-Match: \"nope\"" }),
				Arguments.of("GET", "/text.txt", new String[] { "If-Modified-Since: Sun, 01 Jan 2090 00:00:00 GMT" }),
				Arguments.of("HEAD", "/text.txt", new String[] { "If-None-Match: \"another\"" }),
				Arguments.of("GET", "/with%20space/%C3%A9.txt", new String[0]),
				Arguments.of("GET", "/text.txt", new String[] { "Host: other.example:8080" }),
				Arguments.of("GET", "/text.txt", new String[] { "If-None-Match: \"a\"", "If-None-Match: \"b\"" }),
				Arguments.of("GET", "/dir", new String[0]), Arguments.of("GET", "/dir?x=1", new String[0]),
				Arguments.of("GET", "/missing.txt", new String[0]), Arguments.of("HEAD", "/missing.txt", new String[0]),
				Arguments.of("GET", "/.hidden", new String[0]),
				Arguments.of("GET", "/%2e%2e/etc/passwd", new String[0]));
	}

	/**
	 * Cache hits, and the redirects and error pages decided from memory: everything that
	 * needs no I/O.
	 */
	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("cacheHits")
	void answersWhatNeedsNoIoExactlyAsTheWebFluxRouteDoes(String method, String target, String[] headers)
			throws IOException {
		RawHttp.exchange(port, method, target, headers);
		long before = fastPath.answered();

		RawHttp.Response fast = RawHttp.exchange(port, method, target, headers);
		RawHttp.Response webFlux = RawHttp.exchange(webFluxOnlyPort, method, target, headers);

		assertThat(fastPath.answered()).as("answered by the fast path").isEqualTo(before + 1);
		assertThat(comparable(fast)).isEqualTo(comparable(webFlux));
	}

	@Test
	void answersNotModifiedForTheCurrentTag() throws IOException {
		String etag = RawHttp.exchange(port, "GET", "/text.txt").header("ETag");
		long before = fastPath.answered();

		RawHttp.Response fast = RawHttp.exchange(port, "GET", "/text.txt", "If-None-Match: " + etag);

		assertThat(fast.status()).isEqualTo(304);
		assertThat(fastPath.answered()).isEqualTo(before + 1);
		assertThat(comparable(fast))
			.isEqualTo(comparable(RawHttp.exchange(webFluxOnlyPort, "GET", "/text.txt", "If-None-Match: " + etag)));
	}

	static Stream<Arguments> leftToWebFlux() {
		return Stream.of(Arguments.of("POST", "/page.html", new String[0]),
				Arguments.of("OPTIONS", "/page.html", new String[0]),
				Arguments.of("GET", "/page.html", new String[] { "Content-Length: 0" }),
				Arguments.of("GET", "http://localhost/page.html", new String[0]),
				Arguments.of("GET", "/dashboard", new String[0]), Arguments.of("GET", "/dashboard/", new String[0]),
				Arguments.of("GET", "/actuator/health", new String[0]),
				Arguments.of("GET", "/page.html\"", new String[0]));
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("leftToWebFlux")
	void leavesEverythingElseToTheWebFluxRoute(String method, String target, String[] headers) throws IOException {
		RawHttp.exchange(port, method, target, headers);
		long before = fastPath.answered();

		RawHttp.Response response = RawHttp.exchange(port, method, target, headers);

		assertThat(fastPath.answered()).isEqualTo(before);
		assertThat(response.status()).isEqualTo(RawHttp.exchange(webFluxOnlyPort, method, target, headers).status());
	}

	@Test
	void leavesTheDashboardToItsRouteEvenWhenAFileHasItsName() throws IOException {
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/dashboard");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).doesNotContain("a file named like the dashboard");
	}

	/**
	 * Status, headers without {@code Date}, and body, with any multipart boundary
	 * replaced by a fixed one.
	 */
	static Map<String, Object> comparable(RawHttp.Response response) {
		Map<String, String> headers = new LinkedHashMap<>(response.headers());
		headers.remove("date");
		String body = new String(response.body(), StandardCharsets.ISO_8859_1);
		Matcher boundary = BOUNDARY.matcher(String.valueOf(headers.get("content-type")));
		if (boundary.find()) {
			headers.put("content-type", boundary.replaceFirst("boundary=B"));
			body = body.replace(boundary.group(1), "B");
		}
		Map<String, Object> comparable = new LinkedHashMap<>();
		comparable.put("status", response.status());
		comparable.put("headers", headers);
		comparable.put("body", body);
		return comparable;
	}

}
