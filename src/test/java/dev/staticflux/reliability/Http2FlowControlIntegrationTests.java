package dev.staticflux.reliability;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.stats.StatsSource;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * An HTTP/2 client (cleartext, prior knowledge) that announces an initial window of 0 and
 * opens 100 streams for a file too large for the cache: the server may not buffer the
 * bodies it cannot send, and streams stalled by flow control count against the send
 * timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.http2.enabled=true", "staticflux.timeouts.send=4s",
				"staticflux.timeouts.request-header=1s" })
@EnabledOnOs(OS.LINUX)
class Http2FlowControlIntegrationTests {

	private static final int MB = 1024 * 1024;

	@TempDir
	static Path workDir;

	@LocalServerPort
	int port;

	@Autowired
	StatsSource stats;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRoots.register(registry, () -> workDir);
	}

	@BeforeAll
	static void files() throws IOException {
		Path root = Files.createDirectories(workDir.resolve("root"));
		Files.writeString(root.resolve("index.html"), "home");
		Files.write(root.resolve("large.bin"), new byte[16 * MB]);
	}

	/**
	 * Before the read-ahead bound, each stream's body was read into heap buffers as fast
	 * as the disk gave it (resident memory +440 MB in 6 s from one connection). Stated
	 * bound: the live heap grows by less than 32 MB and the resident set by less than 256
	 * MB; then the send timeout resets every stalled stream.
	 */
	@Test
	void buffersLittleForAZeroWindowClientWithAHundredStreamsAndResetsThemAfterTheSendTimeout() throws Exception {
		new RawHttp(port).exchange(RawHttp.get("/index.html"));
		long abortedBefore = stats.snapshot().abortedSlowClients();
		long heapBefore = SlowClientIntegrationTests.liveHeapBytes();
		long residentBefore = SlowClientIntegrationTests.residentKilobytes();
		try (Socket socket = new RawHttp(port).connect()) {
			Http2Frames h2 = new Http2Frames(socket.getOutputStream(), socket.getInputStream());
			h2.start(Map.of(Http2Frames.SETTINGS_INITIAL_WINDOW_SIZE, 0));
			for (int stream = 1; stream < 200; stream += 2) {
				h2.get(stream, "/large.bin");
			}
			Thread.sleep(2500);
			long heapGrowth = SlowClientIntegrationTests.liveHeapBytes() - heapBefore;
			long residentGrowthKb = SlowClientIntegrationTests.residentKilobytes() - residentBefore;
			System.out.printf("zero-window HTTP/2 client, 100 streams: live heap %+d kB, resident %+d kB%n",
					heapGrowth / 1024, residentGrowthKb);

			assertThat(heapGrowth).as("live heap growth").isLessThan(32L * MB);
			assertThat(residentGrowthKb).as("resident growth (kB)").isLessThan(256L * 1024);

			int resets = 0;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (resets < 100 && System.nanoTime() < deadline) {
				Http2Frames.Frame frame = h2.read();
				if (frame == null) {
					break;
				}
				if (frame.type() == Http2Frames.RST_STREAM) {
					resets++;
				}
			}

			assertThat(resets).isEqualTo(100);
			assertThat(stats.snapshot().abortedSlowClients() - abortedBefore).isEqualTo(100);
		}
	}

	/**
	 * Regression: the HTTP/1.1 header timeout stayed on a cleartext connection that had
	 * switched to HTTP/2 and closed it once the timeout had passed, however busy.
	 */
	@Test
	void keepsAnHttp2CleartextConnectionOpenPastTheHeaderTimeout() throws Exception {
		try (Socket socket = new RawHttp(port).connect()) {
			Http2Frames h2 = new Http2Frames(socket.getOutputStream(), socket.getInputStream());
			h2.start(Map.of());
			h2.get(1, "/index.html");
			assertThat(body(h2, 1)).isEqualTo("home");
			Thread.sleep(2500);
			h2.get(3, "/index.html");

			assertThat(body(h2, 3)).isEqualTo("home");
		}
	}

	private static String body(Http2Frames h2, int stream) throws IOException {
		for (Http2Frames.Frame frame; (frame = h2.read()) != null;) {
			if (frame.type() == Http2Frames.DATA && frame.streamId() == stream) {
				return new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	/**
	 * Regression: with HTTP/2 on in cleartext the HTTP/1.1 guards were never installed.
	 */
	@Test
	void keepsTheHttp11GuardsWhenHttp2IsOnInCleartext() throws Exception {
		RawHttp.Response wrongProtocol = new RawHttp(port)
			.exchange(RawHttp.ascii("GET /index.html HTTP/9.9\r\nHost: localhost\r\n\r\n"))
			.only();
		assertThat(wrongProtocol.status()).isEqualTo(400);

		try (Socket socket = new RawHttp(port).connect()) {
			socket.getOutputStream().write(RawHttp.ascii("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
			long started = System.nanoTime();
			try {
				for (int i = 0; i < 100; i++) {
					socket.getOutputStream().write('a');
					socket.getOutputStream().flush();
					Thread.sleep(100);
				}
			}
			catch (IOException closed) {
				// closed by the server
			}
			assertThat(RawHttp.readToEnd(socket.getInputStream())).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
		}
	}

}
