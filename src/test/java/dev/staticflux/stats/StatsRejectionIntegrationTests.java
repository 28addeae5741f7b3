package dev.staticflux.stats;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limiter's 503s are counted like any other response, and its figures reach the
 * snapshot: one permit, no queue, held by a client that does not read a large download.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"staticflux.stats.log-interval=0", "staticflux.limit.max-concurrent=1", "staticflux.limit.max-queued=0" })
class StatsRejectionIntegrationTests {

	// Far more than the socket buffers on both sides hold, so a client that does not read
	// stalls the write.
	private static final long LARGE = 32L * 1024 * 1024;

	private static final Duration SETTLE = Duration.ofSeconds(15);

	@TempDir
	static Path root;

	@TempDir
	static Path logs;

	@LocalServerPort
	int port;

	@Autowired
	StatsSource stats;

	@DynamicPropertySource
	static void paths(DynamicPropertyRegistry registry) {
		registry.add("staticflux.root", () -> root.toString());
		registry.add("staticflux.access-log.file", () -> logs.resolve("access.log").toString());
	}

	@BeforeAll
	static void files() throws IOException {
		try (RandomAccessFile large = new RandomAccessFile(root.resolve("large.bin").toFile(), "rw")) {
			large.setLength(LARGE);
		}
		Files.writeString(root.resolve("small.txt"), "small");
	}

	@Test
	void everyRejectionIsCountedOnceAsA503AndAsRejected() throws Exception {
		StatsSnapshot before = stats.snapshot();
		int rejections = 20;
		long rejectionBytes = 0;
		try (Socket stalled = stalledDownload("/large.bin")) {
			await().atMost(SETTLE).until(() -> stats.snapshot().inFlight() == 1);
			for (int i = 0; i < rejections; i++) {
				RawHttp.Exchange rejection = new RawHttp(port).exchange(RawHttp.get("/small.txt"));
				assertThat(rejection.responses().get(0).status()).isEqualTo(503);
				rejectionBytes += rejection.bytesAfterFirstHead();
			}
			long bytes = rejectionBytes;
			await().atMost(SETTLE).untilAsserted(() -> {
				StatsSnapshot after = stats.snapshot();
				assertThat(after.totalRequests() - before.totalRequests()).isEqualTo(rejections);
				assertThat(after.statusCounts().get("503") - before.statusCounts().getOrDefault("503", 0L))
					.isEqualTo(rejections);
				assertThat(after.rejected() - before.rejected()).isEqualTo(rejections);
				assertThat(after.bytesSent() - before.bytesSent()).isEqualTo(bytes);
				assertThat(after.inFlight()).isEqualTo(1);
			});
		}
		// The abandoned download never completed: it is neither counted nor logged, and
		// its permit comes back.
		await().atMost(SETTLE).until(() -> stats.snapshot().inFlight() == 0);
		assertThat(stats.snapshot().totalRequests() - before.totalRequests()).isEqualTo(rejections);
		await().atMost(SETTLE)
			.untilAsserted(() -> assertThat(Files.readAllLines(logs.resolve("access.log")))
				.hasSize((int) stats.snapshot().totalRequests())
				.filteredOn((line) -> line.contains("\"GET /small.txt HTTP/1.1\" 503 "))
				.hasSize(rejections));
	}

	private Socket stalledDownload(String path) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(16 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", port));
		socket.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

}
