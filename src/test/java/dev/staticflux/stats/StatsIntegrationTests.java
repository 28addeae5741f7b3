package dev.staticflux.stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The statistics against a real server on a random port serving files from a temporary
 * root: exact counts under concurrency, one access-log line per response, and Actuator on
 * its own port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "staticflux.stats.log-interval=0",
				// Connections left idle by one test must not close during another's
				// connection count.
				"staticflux.timeouts.idle=10m" })
class StatsIntegrationTests {

	private static final String HELLO = "Hello, staticflux!\n";

	private static final Pattern COMBINED = Pattern
		.compile("^\\S+ - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\] "
				+ "\"(?:[^\"\\\\]|\\\\.)*\" \\d{3} (?:\\d+|-) \"(?:[^\"\\\\]|\\\\.)*\" \"(?:[^\"\\\\]|\\\\.)*\" \\d+$");

	private static final Duration SETTLE = Duration.ofSeconds(15);

	@TempDir
	static Path root;

	@TempDir
	static Path logs;

	private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final ExecutorService clients = Executors.newFixedThreadPool(8);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	StatsSource stats;

	@DynamicPropertySource
	static void paths(DynamicPropertyRegistry registry) {
		registry.add("staticflux.root", () -> root.toString());
		registry.add("staticflux.access-log.file", () -> accessLog().toString());
	}

	@BeforeAll
	static void files() throws IOException {
		Files.writeString(root.resolve("hello.txt"), HELLO);
		Files.write(root.resolve("large.bin"), new byte[3 * 1024 * 1024]);
	}

	@AfterAll
	static void stopClients() {
		clients.shutdownNow();
	}

	@Test
	void countsEveryKeepAliveResponseExactlyOnce() throws Exception {
		StatsSnapshot before = stats.snapshot();
		HttpResponse<byte[]> first = client.send(get("/hello.txt").build(), BodyHandlers.ofByteArray());
		String etag = first.headers().firstValue("ETag").orElseThrow();
		List<Callable<Exchange>> requests = new ArrayList<>();
		requests.add(() -> new Exchange(first.statusCode(), first.body().length));
		for (int i = 0; i < 50; i++) {
			requests.add(() -> send(get("/hello.txt")));
			requests.add(() -> send(get("/missing.txt")));
			requests.add(() -> send(get("/hello.txt").method("HEAD", BodyPublishers.noBody())));
			requests.add(() -> send(get("/hello.txt").header("If-None-Match", etag)));
		}
		requests.add(() -> send(get("/large.bin")));

		List<Exchange> exchanges = runConcurrently(requests);

		assertThat(exchanges).extracting(Exchange::status).contains(200, 404, 304);
		awaitExactly(before, exchanges);
	}

	@Test
	void countsEveryResponseOnAClosedConnectionExactlyOnce() throws Exception {
		List<Callable<Exchange>> requests = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			requests.add(() -> raw("GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
			requests.add(() -> raw("GET /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
			requests.add(() -> raw("HEAD /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
			// What ab sends: HTTP/1.0, no keep-alive.
			requests.add(() -> raw("GET /hello.txt HTTP/1.0\r\n\r\n"));
		}
		requests.add(() -> raw("GET /large.bin HTTP/1.0\r\n\r\n"));

		StatsSnapshot before = stats.snapshot();
		List<Exchange> exchanges = runConcurrently(requests);

		assertThat(exchanges).extracting(Exchange::status).contains(200, 404);
		awaitExactly(before, exchanges);
	}

	@Test
	void countsAMalformedRequestThatReactorNettyAnswersItself() throws Exception {
		StatsSnapshot before = stats.snapshot();
		// A space is not allowed in a header name (RFC 9110, section 5.1): Netty's
		// decoder rejects the request.
		Exchange malformed = raw("GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n");

		assertThat(malformed.status()).isEqualTo(400);
		awaitExactly(before, List.of(malformed));
	}

	@Test
	void writesOneCombinedLineForEveryCountedResponse() throws Exception {
		List<Callable<Exchange>> requests = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			requests.add(() -> send(get("/hello.txt").header("Referer", "http://example.com/\"quoted\"")
				.header("User-Agent", "test \\ agent")));
			requests.add(() -> raw("GET /missing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
		}
		runConcurrently(requests);

		await().atMost(SETTLE)
			.untilAsserted(
					() -> assertThat(Files.readAllLines(accessLog())).hasSize((int) stats.snapshot().totalRequests()));
		assertThat(Files.readAllLines(accessLog())).allSatisfy((line) -> assertThat(line).matches(COMBINED))
			.anySatisfy((line) -> assertThat(line).contains("\"GET /hello.txt HTTP/1.1\" 200 " + HELLO.length()
					+ " \"http://example.com/\\\"quoted\\\"\" \"test \\\\ agent\" "));
	}

	@Test
	void countsOpenConnections() throws Exception {
		long before = stats.snapshot().activeConnections();
		List<RawHttp.Connection> connections = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				RawHttp.Connection connection = RawHttp.open(port);
				connections.add(connection);
				connection.send("GET", "/hello.txt");
			}
			await().atMost(SETTLE)
				.untilAsserted(() -> assertThat(stats.snapshot().activeConnections()).isEqualTo(before + 3));
		}
		finally {
			for (RawHttp.Connection connection : connections) {
				connection.close();
			}
		}
		await().atMost(SETTLE).untilAsserted(() -> assertThat(stats.snapshot().activeConnections()).isEqualTo(before));
	}

	@Test
	void requestsToTheManagementPortAreNeitherCountedNorLogged() throws Exception {
		StatsSnapshot before = stats.snapshot();
		Map<String, Integer> answered = new HashMap<>();
		for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/staticflux",
				"/actuator/nope")) {
			answered.put(path, client.send(HttpRequest.newBuilder(management(path)).build(), BodyHandlers.discarding())
				.statusCode());
		}
		assertThat(answered).containsEntry("/actuator/health", 200).containsEntry("/actuator/nope", 404);
		Exchange counted = send(get("/hello.txt"));

		awaitExactly(before, List.of(counted));
		await().atMost(SETTLE)
			.untilAsserted(
					() -> assertThat(Files.readAllLines(accessLog())).hasSize((int) stats.snapshot().totalRequests()));
		assertThat(Files.readString(accessLog())).doesNotContain("/actuator");
	}

	@Test
	void prometheusOnTheManagementPortShowsTheServersMeters() throws Exception {
		send(get("/hello.txt"));
		send(get("/missing.txt"));

		await().atMost(SETTLE).untilAsserted(() -> {
			HttpResponse<String> scrape = client
				.send(HttpRequest.newBuilder(management("/actuator/prometheus")).build(), BodyHandlers.ofString());
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.body()).contains("staticflux_requests_total", "staticflux_bytes_sent_bytes_total",
					"staticflux_connections_active");
			assertThat(scrape.body())
				.containsPattern("(?m)^staticflux_access_log_dropped_total(\\{[^}]*\\})? 0(\\.0)?$");
			assertThat(scrape.body()).containsPattern("staticflux_responses_total\\{[^}]*status=\"200\"")
				.containsPattern("staticflux_responses_total\\{[^}]*status=\"404\"");
		});
	}

	@Test
	void theManagementPortServesHealthProbesAndBuildInfo() throws Exception {
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
			assertThat(client.send(HttpRequest.newBuilder(management(probe)).build(), BodyHandlers.discarding())
				.statusCode()).as(probe).isEqualTo(200);
		}
		HttpResponse<String> info = client.send(HttpRequest.newBuilder(management("/actuator/info")).build(),
				BodyHandlers.ofString());
		JsonNode json = JsonMapper.builder().build().readTree(info.body());

		assertThat(json.propertyNames()).contains("build", "git", "java");
		assertThat(json.get("build").get("artifact").asString()).isEqualTo("staticflux");
	}

	@Test
	void theMainPortDoesNotServeActuator() throws Exception {
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/staticflux")) {
			assertThat(send(get(path)).status()).as(path).isEqualTo(404);
		}
	}

	@Test
	void theStaticfluxEndpointServesTheSnapshotWithItsJsonNames() throws Exception {
		send(get("/hello.txt"));

		HttpResponse<String> response = client.send(HttpRequest.newBuilder(management("/actuator/staticflux")).build(),
				BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = JsonMapper.builder().build().readTree(response.body());
		assertThat(json.propertyNames()).contains("timestamp", "totalRequests", "statusCounts", "bytesSent",
				"activeConnections", "inFlight", "queued", "rejected", "uptimeSeconds", "requestsPerSecond",
				"latencyMillis", "cache");
		assertThat(Instant.parse(json.get("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
		assertThat(json.get("statusCounts").get("200").asLong()).isPositive();
		assertThat(json.get("requestsPerSecond").propertyNames()).containsExactlyInAnyOrder("last1s", "last10s",
				"last60s");
		assertThat(json.get("latencyMillis").propertyNames()).containsExactlyInAnyOrder("mean", "p50", "p90", "p99",
				"max");
		assertThat(json.get("cache").propertyNames()).containsExactlyInAnyOrder("hits", "misses", "hitRatio",
				"evictions", "entries", "bytes");
		assertThat(json.get("cache").get("hits").asLong() + json.get("cache").get("misses").asLong()).isPositive();
	}

	/**
	 * Waits for the server to have counted {@code exchanges}, then checks it counted
	 * exactly those.
	 */
	private void awaitExactly(StatsSnapshot before, List<Exchange> exchanges) {
		Map<String, Long> expectedByStatus = new HashMap<>();
		long expectedBytes = 0;
		for (Exchange exchange : exchanges) {
			expectedByStatus.merge(Integer.toString(exchange.status()), 1L, Long::sum);
			expectedBytes += exchange.bodyBytes();
		}
		long bytes = expectedBytes;
		await().atMost(SETTLE).untilAsserted(() -> {
			StatsSnapshot after = stats.snapshot();
			assertThat(after.totalRequests() - before.totalRequests()).isEqualTo(exchanges.size());
			assertThat(after.bytesSent() - before.bytesSent()).isEqualTo(bytes);
			Map<String, Long> delta = new HashMap<>();
			after.statusCounts().forEach((status, count) -> {
				long moved = count - before.statusCounts().getOrDefault(status, 0L);
				if (moved != 0) {
					delta.put(status, moved);
				}
			});
			assertThat(delta).isEqualTo(expectedByStatus);
		});
	}

	private static List<Exchange> runConcurrently(List<Callable<Exchange>> requests) throws Exception {
		List<Exchange> exchanges = new ArrayList<>();
		for (Future<Exchange> exchange : clients.invokeAll(requests)) {
			exchanges.add(exchange.get());
		}
		return exchanges;
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
	}

	private URI management(String path) {
		return URI.create("http://127.0.0.1:" + managementPort + path);
	}

	private static Exchange send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = client.send(request.build(), BodyHandlers.ofByteArray());
		return new Exchange(response.statusCode(), response.body().length);
	}

	private Exchange raw(String request) throws IOException {
		RawHttp.Exchange exchange = new RawHttp(port).exchange(RawHttp.ascii(request));
		return new Exchange(exchange.responses().get(0).status(), exchange.bytesAfterFirstHead());
	}

	private static Path accessLog() {
		return logs.resolve("access.log");
	}

	/** What the client saw: the status and the body bytes it received. */
	private record Exchange(int status, long bodyBytes) {
	}

}
