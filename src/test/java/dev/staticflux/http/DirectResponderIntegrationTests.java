package dev.staticflux.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.netty.NettyFileRoute;
import dev.staticflux.stats.StatsSource;
import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * File requests answered straight from the HTTP/1.1 codec ({@code DirectResponder}), hits
 * and misses, on keep-alive and closing connections: the same bytes as the WebFlux route,
 * in request order when a request that needs I/O is pipelined between hits, the
 * connection kept or closed as the request asks, and every answer counted and logged like
 * any other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DirectResponderIntegrationTests {

	@TempDir
	static Path base;

	static Path root;

	static WebFluxOnlyServer webFluxOnly;

	@LocalServerPort
	int port;

	@Autowired
	NettyFileRoute route;

	@Autowired
	StatsSource stats;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, root());
		// hits stay fresh however slowly a busy machine runs the test
		registry.add("staticflux.cache.revalidate-after", () -> "1h");
	}

	private static Path root() {
		return base.resolve("root");
	}

	@BeforeAll
	static void site() throws IOException {
		root = Files.createDirectories(root());
		Files.writeString(root.resolve("a.html"), "<p>a</p>");
		Files.writeString(root.resolve("b.txt"), "bbbbbbbbbb".repeat(30));
		webFluxOnly = new WebFluxOnlyServer(root, base.resolve("access-webflux.log"));
	}

	@AfterAll
	static void stop() {
		if (webFluxOnly != null) {
			webFluxOnly.close();
		}
	}

	@Test
	void answersASequenceOnOneKeepAliveConnectionAsTheWebFluxRouteDoes() throws IOException {
		String[][] requests = { { "GET", "/a.html" }, { "HEAD", "/b.txt" }, { "GET", "/b.txt", "Range: bytes=3-9" },
				{ "GET", "/missing" }, { "GET", "/a.html", "If-None-Match: *" }, { "GET", "/b.txt" } };
		warm("/a.html", "/b.txt", "/missing");
		long before = route.answeredFromCodec();

		List<Map<String, Object>> direct = sendAll(port, requests);
		List<Map<String, Object>> webFlux = sendAll(webFluxOnly.port(), requests);

		assertThat(direct).isEqualTo(webFlux);
		assertThat(route.answeredFromCodec() - before).as("answered from the codec").isEqualTo(requests.length);
	}

	@Test
	void keepsPipelinedResponsesInRequestOrderAroundARequestThatNeedsIo() throws IOException {
		warm("/a.html");
		Path fresh = TestSite.write(root.resolve("fresh-" + System.nanoTime() + ".txt"), "not cached yet");
		String miss = "/" + fresh.getFileName();
		byte[] pipelined = concat(RawHttp.request("GET", "/a.html", "Host: localhost"),
				RawHttp.request("GET", miss, "Host: localhost"), RawHttp.request("GET", "/a.html", "Host: localhost"),
				RawHttp.request("GET", miss, "Host: localhost", "Connection: close"));

		RawHttp.Exchange exchange = new RawHttp(port).exchange(pipelined);

		assertThat(exchange.responses()).extracting(RawHttp.Response::bodyText)
			.containsExactly("<p>a</p>", "not cached yet", "<p>a</p>", "not cached yet");
	}

	@Test
	void answersMissesAndFilesSentFromDiskWithoutWebFlux() throws IOException {
		Path fresh = TestSite.write(root.resolve("miss-" + System.nanoTime() + ".txt"), "read from disk");
		Path large = root.resolve("large-" + System.nanoTime() + ".bin");
		Files.write(large, TestSite.largeContent());
		long before = route.answeredFromCodec();

		RawHttp.Response miss = RawHttp.exchange(port, "GET", "/" + fresh.getFileName());
		RawHttp.Response fromDisk = RawHttp.exchange(port, "GET", "/" + large.getFileName());

		assertThat(miss.bodyText()).isEqualTo("read from disk");
		assertThat(fromDisk.body()).isEqualTo(TestSite.largeContent());
		assertThat(route.answeredFromCodec() - before).isEqualTo(2);
		assertThat(comparable(RawHttp.exchange(port, "GET", "/" + large.getFileName())))
			.isEqualTo(comparable(RawHttp.exchange(webFluxOnly.port(), "GET", "/" + large.getFileName())));
	}

	@Test
	void leavesARangeOfAFileOnDiskToTheWebFluxRoute() throws IOException {
		Path large = root.resolve("ranged-" + System.nanoTime() + ".bin");
		Files.write(large, TestSite.largeContent());
		RawHttp.exchange(port, "GET", "/" + large.getFileName());
		long before = route.answeredFromCodec();

		RawHttp.Response ranged = RawHttp.exchange(port, "GET", "/" + large.getFileName(), "Range: bytes=0-9,20-29");

		assertThat(ranged.status()).isEqualTo(206);
		assertThat(route.answeredFromCodec()).isEqualTo(before);
		assertThat(comparable(ranged)).isEqualTo(comparable(
				RawHttp.exchange(webFluxOnly.port(), "GET", "/" + large.getFileName(), "Range: bytes=0-9,20-29")));
	}

	@Test
	void closesTheConnectionAfterAnsweringARequestThatAsksForIt() throws IOException {
		warm("/a.html");
		try (RawHttp.Connection connection = RawHttp.open(port)) {
			long before = route.answeredFromCodec();

			RawHttp.Response response = connection.send("GET", "/a.html", "Connection: close");

			assertThat(response.bodyText()).isEqualTo("<p>a</p>");
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(connection.closedByServer()).isTrue();
			assertThat(route.answeredFromCodec()).isEqualTo(before + 1);
		}
	}

	@Test
	void closesAnHttp10ConnectionWithoutKeepAliveAndDropsWhatFollows() throws IOException {
		warm("/a.html");
		byte[] requests = RawHttp.ascii("GET /a.html HTTP/1.0\r\n\r\nGET /b.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");

		RawHttp.Exchange direct = new RawHttp(port).exchange(requests);
		RawHttp.Exchange webFlux = new RawHttp(webFluxOnly.port()).exchange(requests);

		assertThat(direct.responses()).hasSize(1);
		assertThat(comparable(direct.only())).isEqualTo(comparable(webFlux.only()));
	}

	@Test
	void countsAndLogsEveryAnswerLikeTheOtherAdapters() throws IOException {
		warm("/b.txt");
		long requestsBefore = stats.snapshot().totalRequests();
		long answeredBefore = route.answeredFromCodec();
		try (RawHttp.Connection connection = RawHttp.open(port)) {
			for (int i = 0; i < 5; i++) {
				connection.send("GET", "/b.txt?direct-log=" + i, "User-Agent: direct-test",
						"Referer: http://r.example/");
			}
		}

		assertThat(route.answeredFromCodec() - answeredBefore).isEqualTo(5);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(stats.snapshot().totalRequests() - requestsBefore).isGreaterThanOrEqualTo(5));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(logLines("direct-log=4")).singleElement()
				.satisfies(
						line -> assertThat(line).matches("127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /b\\.txt\\?direct-log=4"
								+ " HTTP/1\\.1\" 200 300 \"http://r\\.example/\" \"direct-test\" \\d+(\\.\\d+)?")));
	}

	private static List<String> logLines(String marker) throws IOException {
		Path log = base.resolve("logs/access.log");
		if (!Files.exists(log)) {
			return List.of();
		}
		return Files.readAllLines(log).stream().filter(line -> line.contains(marker)).toList();
	}

	private void warm(String... paths) throws IOException {
		for (String path : paths) {
			RawHttp.exchange(port, "GET", path);
		}
	}

	private static List<Map<String, Object>> sendAll(int port, String[][] requests) throws IOException {
		List<Map<String, Object>> responses = new ArrayList<>();
		try (RawHttp.Connection connection = RawHttp.open(port)) {
			for (String[] request : requests) {
				String[] headers = java.util.Arrays.copyOfRange(request, 2, request.length);
				responses.add(comparable(connection.send(request[0], request[1], headers)));
			}
		}
		return responses;
	}

	/** {@link FastPathIntegrationTests#comparable}, with the whole status line. */
	private static Map<String, Object> comparable(RawHttp.Response response) {
		Map<String, Object> comparable = new LinkedHashMap<>(FastPathIntegrationTests.comparable(response));
		comparable.put("status", response.statusLine());
		return comparable;
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			bytes.writeBytes(part);
		}
		return bytes.toByteArray();
	}

}
