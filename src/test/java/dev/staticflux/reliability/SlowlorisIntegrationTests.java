package dev.staticflux.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * Slowloris: many connections that trickle a request head one byte at a time, never
 * finishing it. With {@code staticflux.timeouts.request-header: 1s} each is closed,
 * unanswered, once its head has been arriving for a second, even though it never falls
 * silent long enough for the idle timeout; meanwhile normal requests on other connections
 * are answered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowlorisIntegrationTests {

	private static final int SLOW_CONNECTIONS = 200;

	private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * Bounds the test on a busy machine; the assertion is only that every slow connection
	 * is closed.
	 */
	private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

	private static final byte[] ENDLESS_HEAD = ("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(4000))
		.getBytes(StandardCharsets.ISO_8859_1);

	@TempDir
	static Path workDir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRoots.register(registry, () -> workDir);
		registry.add("staticflux.timeouts.request-header", HEADER_TIMEOUT::toString);
	}

	@BeforeAll
	static void files() throws IOException {
		Files.createDirectories(workDir.resolve("root"));
		Files.writeString(workDir.resolve("root/index.html"), "home");
	}

	/** One trickling connection and when it was opened and seen closed. */
	private static final class SlowClient {

		final SocketChannel channel;

		final long openedAt = System.nanoTime();

		long closedAt;

		int sent;

		int received;

		SlowClient(int port) throws IOException {
			channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			channel.configureBlocking(false);
		}

		boolean closed() {
			return closedAt != 0;
		}

		/**
		 * Sends the next byte of the head, then checks whether the server has closed the
		 * connection.
		 */
		void tick() {
			try {
				channel.write(ByteBuffer.wrap(ENDLESS_HEAD, sent, 1));
				sent++;
				ByteBuffer in = ByteBuffer.allocate(1024);
				int n = channel.read(in);
				if (n > 0) {
					received += n;
				}
				if (n < 0) {
					closedAt = System.nanoTime();
				}
			}
			catch (IOException ex) {
				closedAt = System.nanoTime();
			}
		}

	}

	@Test
	void closesTricklingConnectionsAfterTheHeaderTimeoutWhileServingOthers() throws Exception {
		RawHttp http = new RawHttp(port);
		List<SlowClient> slow = new ArrayList<>();
		for (int i = 0; i < SLOW_CONNECTIONS; i++) {
			slow.add(new SlowClient(port));
		}
		int normalRequests = 0;
		long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
		try {
			while (slow.stream().anyMatch(c -> !c.closed()) && System.nanoTime() < deadline) {
				for (SlowClient client : slow) {
					if (!client.closed()) {
						client.tick();
					}
				}
				RawHttp.Response normal = http.exchange(RawHttp.get("/")).only();
				assertThat(normal.status()).isEqualTo(200);
				assertThat(normal.bodyText()).isEqualTo("home");
				normalRequests++;
				Thread.sleep(50);
			}
		}
		finally {
			for (SlowClient client : slow) {
				client.channel.close();
			}
		}

		assertThat(slow).allSatisfy(client -> {
			assertThat(client.closed()).as("closed by the server").isTrue();
			assertThat(client.received).as("bytes answered").isZero();
			assertThat(Duration.ofNanos(client.closedAt - client.openedAt)).isGreaterThanOrEqualTo(HEADER_TIMEOUT);
			assertThat(client.sent).as("bytes trickled").isLessThan(ENDLESS_HEAD.length);
		});
		assertThat(normalRequests).isPositive();
	}

	@Test
	void keepsASilentKeepAliveConnectionOpenBeyondTheHeaderTimeout() throws Exception {
		try (Socket socket = new RawHttp(port).connect()) {
			byte[] request = RawHttp.request("GET", "/", "Host: localhost");
			socket.getOutputStream().write(request);
			assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");

			Thread.sleep(HEADER_TIMEOUT.multipliedBy(2).toMillis());

			socket.getOutputStream().write(request);
			assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void closesAKeepAliveConnectionWhoseNextHeadStallsHalfWay() throws Exception {
		try (Socket socket = new RawHttp(port).connect()) {
			socket.getOutputStream().write(RawHttp.request("GET", "/", "Host: localhost"));
			assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");

			socket.getOutputStream().write(RawHttp.ascii("GET / HTTP/1.1\r\nHost: loc"));
			long start = System.nanoTime();

			assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(HEADER_TIMEOUT);
		}
	}

	/** Reads one response to {@code GET /}, whose body is {@code home}. */
	private static String readResponse(Socket socket) throws IOException {
		StringBuilder text = new StringBuilder();
		byte[] buffer = new byte[4096];
		while (!text.toString().endsWith("\r\n\r\nhome")) {
			int n = socket.getInputStream().read(buffer);
			if (n < 0) {
				break;
			}
			text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
		}
		return text.toString();
	}

}
