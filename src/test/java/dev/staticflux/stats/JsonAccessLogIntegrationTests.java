package dev.staticflux.stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

import dev.staticflux.stats.StatsSnapshot.Latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON access log and the microsecond latencies under concurrent keep-alive load:
 * every line parses, and the log, the snapshot and {@code http.server.requests} show the
 * same single measurement of each response.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"staticflux.stats.log-interval=0", "staticflux.access-log.format=json" })
class JsonAccessLogIntegrationTests {

	private static final int CLIENTS = 8;

	private static final int REQUESTS_PER_CLIENT = 150;

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path root;

	@TempDir
	static Path logs;

	private static final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	StatsSource stats;

	@DynamicPropertySource
	static void paths(DynamicPropertyRegistry registry) {
		registry.add("staticflux.root", () -> root.toString());
		registry.add("staticflux.access-log.file", () -> logs.resolve("access.log").toString());
	}

	@BeforeAll
	static void files() throws IOException {
		Files.writeString(root.resolve("hello.txt"), "Hello, staticflux!\n");
	}

	@AfterAll
	static void stopClients() {
		clients.shutdownNow();
	}

	@Test
	void everyResponseUnderLoadIsOneParsableJsonLineTimedInMicroseconds() throws Exception {
		List<Callable<Integer>> load = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			load.add(this::keepAliveClient);
		}
		int sent = 0;
		for (Future<Integer> done : clients.invokeAll(load)) {
			sent += done.get();
		}
		int expected = sent;
		Path file = logs.resolve("access.log");
		await().atMost(Duration.ofSeconds(20)).until(() -> Files.readAllLines(file).size() == expected);

		List<JsonNode> lines = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			lines.add(json.readTree(line));
		}
		assertThat(lines).allSatisfy(line -> {
			assertThat(line.get("method").asString()).isEqualTo("GET");
			assertThat(line.get("status").asInt()).isIn(200, 404);
			assertThat(line.get("protocol").asString()).isEqualTo("HTTP/1.1");
			assertThat(line.get("host").asString()).isEqualTo("localhost:" + port);
			assertThat(line.get("user_agent").asString()).startsWith("Java-http-client");
			assertThat(line.get("time").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
			assertThat(line.get("duration_us").canConvertToLong()).isTrue();
		});
		List<Long> micros = lines.stream().map(line -> line.get("duration_us").asLong()).toList();
		// Regression: whole milliseconds, so that a fast response read 0. Any run has
		// times between the milliseconds.
		assertThat(micros).anyMatch(us -> us % 1000 != 0);

		Latency latency = stats.snapshot().latencyMillis();
		long max = micros.stream().mapToLong(Long::longValue).max().orElseThrow();
		assertThat(latency.max()).as("the snapshot's max is the log's, to the microsecond").isEqualTo(max / 1000.0);
		assertThat(latency.p50()).isGreaterThan(0).isLessThanOrEqualTo(latency.max());

		String scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), BodyHandlers.ofString())
			.body();
		long ok = lines.stream().filter(line -> line.get("status").asInt() == 200).count();
		assertThat(scrape)
			.contains("http_server_requests_seconds_count{exception=\"none\",method=\"GET\","
					+ "outcome=\"SUCCESS\",status=\"200\",uri=\"/**\"} " + ok)
			.contains("http_server_requests_seconds_count{exception=\"none\",method=\"GET\","
					+ "outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/**\"} " + (expected - ok))
			.contains("http_server_requests_seconds_bucket{exception=\"none\",method=\"GET\",outcome=\"SUCCESS\","
					+ "status=\"200\",uri=\"/**\",le=\"+Inf\"} " + ok)
			.contains("staticflux_response_time_seconds_count " + expected);
	}

	/**
	 * One keep-alive connection's worth of requests, every tenth for a file that does not
	 * exist.
	 */
	private int keepAliveClient() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
			String path = (i % 10 == 0) ? "/missing.txt" : "/hello.txt";
			client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					BodyHandlers.discarding());
		}
		return REQUESTS_PER_CLIENT;
	}

}
