package dev.staticflux.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * Clients that go away mid-response, some with a reset, some after a partial read, on
 * files served from memory and from disk (sendfile). Afterwards the process's open file
 * descriptors must come back to where they were: no socket, file channel or region is
 * left open by an aborted response.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledOnOs(OS.LINUX)
class ConnectionLeakIntegrationTests {

	private static final int ABORTED_REQUESTS = 600;

	/**
	 * Descriptors the JVM may open on its own meanwhile (class loading, a new GC log, a
	 * JIT dump).
	 */
	private static final int SLACK = 5;

	private static final Duration SETTLE_WITHIN = Duration.ofSeconds(30);

	@TempDir
	static Path workDir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRoots.register(registry, () -> workDir);
	}

	@BeforeAll
	static void files() throws IOException {
		Path root = Files.createDirectories(workDir.resolve("root"));
		Files.writeString(root.resolve("index.html"), "home");
		Files.write(root.resolve("small.bin"), new byte[200 * 1024]);
		Files.write(root.resolve("large.bin"), new byte[6 * 1024 * 1024]);
	}

	private static long openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

	@Test
	void returnsToBaselineFileDescriptorsAfterClientsAbortMidResponse() throws Exception {
		RawHttp http = new RawHttp(port);
		for (String path : new String[] { "/", "/small.bin", "/large.bin", "/missing" }) {
			http.exchange(RawHttp.get(path));
		}
		long baseline = openFileDescriptors();
		Random random = new Random(8);

		for (int i = 0; i < ABORTED_REQUESTS; i++) {
			String path = random.nextBoolean() ? "/large.bin" : "/small.bin";
			try (Socket socket = http.connect()) {
				if (random.nextBoolean()) {
					socket.setSoLinger(true, 0);
				}
				socket.getOutputStream()
					.write(RawHttp.request("GET", path, "Host: localhost",
							"Range: bytes=" + random.nextInt(1000) + "-"));
				InputStream in = socket.getInputStream();
				in.readNBytes(random.nextInt(128 * 1024));
			}
		}

		long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
		long now = openFileDescriptors();
		while (now > baseline + SLACK && System.nanoTime() < deadline) {
			Thread.sleep(200);
			now = openFileDescriptors();
		}
		assertThat(now).as("open descriptors, baseline %d", baseline).isLessThanOrEqualTo(baseline + SLACK);
		assertThat(http.exchange(RawHttp.get("/")).only().status()).isEqualTo(200);
	}

}
