package dev.staticflux.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.stats.StatsSnapshot;
import dev.staticflux.stats.StatsSource;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * Clients that ask for a large body and then read nothing, and a request whose body turns
 * out malformed after its response went out: each holds the server's resources only
 * within a stated bound.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledOnOs(OS.LINUX)
class SlowClientIntegrationTests {

	private static final int MB = 1024 * 1024;

	@TempDir
	static Path workDir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRoots.register(registry, () -> workDir);
	}

	@BeforeAll
	static void files() throws IOException {
		Path root = Files.createDirectories(workDir.resolve("root"));
		Files.writeString(root.resolve("index.html"), "home");
		Files.write(root.resolve("large.bin"), new byte[32 * MB]);
	}

	/**
	 * A socket that asks and then never reads: a tiny receive window, so the server's
	 * writes stall at once.
	 */
	static Socket nonReading(int port, byte[] request) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("127.0.0.1", port), RawHttp.READ_TIMEOUT_MILLIS);
		OutputStream out = socket.getOutputStream();
		out.write(request);
		out.flush();
		return socket;
	}

	static long residentKilobytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		throw new IllegalStateException("no VmRSS in /proc/self/status");
	}

	/**
	 * After a full collection, so that garbage waiting for the next one does not count.
	 */
	static long liveHeapBytes() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static void closeAll(List<Socket> sockets) throws IOException {
		for (Socket socket : sockets) {
			socket.close();
		}
	}

	@Nested
	@TestPropertySource(properties = { "staticflux.timeouts.send=1s", "staticflux.limit.max-concurrent=2",
			"staticflux.limit.queue-timeout=60s" })
	class SendTimeout {

		@LocalServerPort
		int port;

		@Autowired
		StatsSource stats;

		@Test
		void returnsThePermitsOfClientsThatStopReadingAfterTheSendTimeout() throws Exception {
			long abortedBefore = stats.snapshot().abortedSlowClients();
			List<Socket> stalled = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				stalled.add(nonReading(port, RawHttp.get("/large.bin")));
			}
			try {
				Thread.sleep(300);
				RawHttp.Response answer = new RawHttp(port).exchange(RawHttp.get("/index.html")).only();

				assertThat(answer.status()).isEqualTo(200);
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (stats.snapshot().abortedSlowClients() - abortedBefore < 2 && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				assertThat(stats.snapshot().abortedSlowClients() - abortedBefore).isEqualTo(2);
				for (Socket socket : stalled) {
					assertThat(RawHttp.readToEnd(socket.getInputStream()).length).isLessThan(32 * MB);
				}
			}
			finally {
				closeAll(stalled);
			}
		}

		@Test
		void neverCutsAClientThatReadsSlowlyButSteadily() throws Exception {
			long abortedBefore = stats.snapshot().abortedSlowClients();
			try (Socket socket = new RawHttp(port).connect()) {
				socket.getOutputStream().write(RawHttp.get("/large.bin"));
				byte[] buffer = new byte[128 * 1024];
				long received = 0;
				long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
				while (System.nanoTime() < deadline) {
					int n = socket.getInputStream().read(buffer);
					assertThat(n).isPositive();
					received += n;
					Thread.sleep(20);
				}

				assertThat(received).isPositive();
				assertThat(stats.snapshot().abortedSlowClients()).isEqualTo(abortedBefore);
			}
		}

	}

	@Nested
	class Memory {

		@LocalServerPort
		int port;

		/**
		 * 100 clients each ask for eight disjoint 1 MB ranges of a file too large for the
		 * cache and read nothing. Before the read-ahead bound each response read its
		 * parts into heap buffers waiting for the socket (about 8 MB per client). Now
		 * each holds at most 2 × 64 KB of read-ahead plus Netty's outbound buffer. Stated
		 * bound: the live heap and Netty's direct memory each grow by less than 32 MB,
		 * and the resident set, measured after a full collection, by less than 256 MB
		 * (the JVM keeps heap it has committed).
		 */
		@Test
		void holdsLittleMemoryForNonReadingMultiRangeClients() throws Exception {
			String ranges = "bytes=0-1048575,2097152-3145727,4194304-5242879,6291456-7340031,8388608-9437183,"
					+ "10485760-11534335,12582912-13631487,14680064-15728639";
			byte[] request = RawHttp.request("GET", "/large.bin", "Host: localhost", "Range: " + ranges);
			new RawHttp(port).exchange(RawHttp.get("/index.html"));
			long heapBefore = liveHeapBytes();
			long residentBefore = residentKilobytes();
			long directBefore = PlatformDependent.usedDirectMemory();
			List<Socket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 100; i++) {
					clients.add(nonReading(port, request));
				}
				Thread.sleep(3000);
				long heapGrowth = liveHeapBytes() - heapBefore; // collects first
				long residentGrowthKb = residentKilobytes() - residentBefore;
				long directGrowth = PlatformDependent.usedDirectMemory() - directBefore;
				System.out.printf(
						"100 non-reading multi-range clients: live heap %+d kB, Netty direct %+d kB, resident %+d kB%n",
						heapGrowth / 1024, directGrowth / 1024, residentGrowthKb);

				assertThat(heapGrowth).as("live heap growth").isLessThan(32L * MB);
				assertThat(directGrowth).as("Netty direct memory growth").isLessThan(32L * MB);
				assertThat(residentGrowthKb).as("resident growth (kB)").isLessThan(256L * 1024);
				assertThat(new RawHttp(port).exchange(RawHttp.get("/index.html")).only().status()).isEqualTo(200);
			}
			finally {
				closeAll(clients);
			}
		}

	}

	@Nested
	class BrokenBody {

		@LocalServerPort
		int port;

		@Autowired
		StatsSource stats;

		/**
		 * Regression: the client got 200 and then 400, and the 400 was timed from a start
		 * of 0 (56 years).
		 */
		@Test
		void answersAGetWithABrokenChunkedBodyOnceAndLeavesTheLatencyAlone() throws Exception {
			new RawHttp(port).exchange(RawHttp.get("/index.html"));
			StatsSnapshot before = stats.snapshot();
			byte[] request = RawHttp.ascii("GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n\r\n");

			RawHttp.Exchange exchange = new RawHttp(port).exchange(request);

			assertThat(exchange.responses()).extracting(RawHttp.Response::status).containsExactly(200);
			Thread.sleep(200);
			StatsSnapshot after = stats.snapshot();
			assertThat(after.statusCounts().getOrDefault("400", 0L))
				.isEqualTo(before.statusCounts().getOrDefault("400", 0L));
			assertThat(after.latencyMillis().max()).isLessThan(60_000);
		}

	}

}
