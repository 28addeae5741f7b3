package dev.staticflux.limit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real downloads through the file handler behind the limit filter, with two permits and
 * two queue places. Clients that do not read until told to show that the fifth concurrent
 * request is turned away and that queued ones are served in the order they arrived as
 * permits come back (one from a finished download, one from a client that hung up);
 * thousands of requests with random aborts leave nothing in flight or queued.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "staticflux.limit.max-concurrent=2", "staticflux.limit.max-queued=2",
				// Long enough never to expire during the test: the timeout has its own
				// unit tests.
				"staticflux.limit.queue-timeout=60s", "staticflux.limit.retry-after=1s", "management.server.port=0" })
class LimitIntegrationTests {

	// Far more than the socket buffers on both sides hold, so a client that does not read
	// stalls the write.
	private static final long FILE_SIZE = 32L * 1024 * 1024;

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	static Path root;

	@TempDir
	static Path logs;

	@DynamicPropertySource
	static void directories(DynamicPropertyRegistry registry) {
		registry.add("staticflux.root", () -> root.toString());
		registry.add("staticflux.access-log.file", () -> logs.resolve("access.log").toString());
	}

	@BeforeAll
	static void createFiles() throws IOException {
		createFile("big.bin", FILE_SIZE);
		createFile("medium.bin", 2 * 1024 * 1024);
		createFile("small.bin", 16 * 1024);
	}

	private static void createFile(String name, long size) throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(root.resolve(name).toFile(), "rw")) {
			file.setLength(size);
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	ConcurrencyLimiter limiter;

	@Autowired
	MeterRegistry registry;

	@Test
	void fifthConcurrentDownloadGets503AndQueuedOnesAreServedInArrivalOrder() throws Exception {
		LimiterStatistics before = this.limiter.statistics();
		try (SlowClient a = SlowClient.get(this.port, "/big.bin")) {
			awaitStatistics(s -> s.inFlight() == 1);
			try (SlowClient b = SlowClient.get(this.port, "/big.bin")) {
				awaitStatistics(s -> s.inFlight() == 2);
				try (SlowClient c = SlowClient.get(this.port, "/big.bin")) {
					awaitStatistics(s -> s.queued() == 1);
					try (SlowClient d = SlowClient.get(this.port, "/big.bin")) {
						awaitStatistics(s -> s.queued() == 2);

						Answer fifth = fetch("/big.bin");
						assertThat(fifth.status()).isEqualTo(503);
						assertThat(fifth.retryAfter()).isEqualTo("1");
						assertThat(fifth.body()).contains("503");
						assertThat(this.limiter.statistics().rejectedQueueFull() - before.rejectedQueueFull())
							.isEqualTo(1);

						// A finishes its download: its permit goes to C, the first in the
						// queue, not to D.
						assertThat(a.head()).startsWith("HTTP/1.1 200");
						assertThat(a.bodyLength()).isEqualTo(FILE_SIZE);
						assertThat(c.head()).startsWith("HTTP/1.1 200");
						assertThat(this.limiter.statistics().queued()).isEqualTo(1);
						assertThat(d.received()).isZero();

						// B hangs up mid-download: its permit goes to D.
						b.abort();
						assertThat(d.head()).startsWith("HTTP/1.1 200");
						assertThat(c.bodyLength()).isEqualTo(FILE_SIZE);
						assertThat(d.bodyLength()).isEqualTo(FILE_SIZE);
					}
				}
			}
		}

		awaitStatistics(s -> s.inFlight() == 0 && s.queued() == 0);
		LimiterStatistics after = this.limiter.statistics();
		assertThat(after.admitted() - before.admitted()).isEqualTo(4);
		assertThat(after.rejected() - before.rejected()).isEqualTo(1);
		assertThat(this.registry.get("staticflux.limit.rejected").tag("reason", "queue-full").functionCounter().count())
			.isEqualTo(after.rejectedQueueFull());
		assertThat(this.registry.get("staticflux.limit.in-flight").gauge().value()).isZero();
	}

	@Test
	void thousandsOfRequestsWithRandomClientAbortsLeaveNothingInFlightOrQueued() {
		LimiterStatistics before = this.limiter.statistics();
		HttpClient client = client();
		SplittableRandom random = new SplittableRandom(7);
		List<Mono<Long>> downloads = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			// Small files come from the cache, medium ones from the disk with zero-copy.
			String path = random.nextBoolean() ? "/small.bin" : "/medium.bin";
			Mono<Long> download = client.get()
				.uri(path)
				.responseContent()
				.map(ByteBuf::readableBytes)
				.reduce(0L, Long::sum);
			if (random.nextInt(3) == 0) {
				// The client hangs up at a random moment: before, while waiting, or
				// during the download.
				download = download.timeout(Duration.ofNanos(random.nextLong(5_000_000)), Mono.empty());
			}
			downloads.add(download.onErrorResume(error -> Mono.empty()));
		}

		Flux.fromIterable(downloads).flatMap(download -> download, 32).blockLast(Duration.ofMinutes(2));

		awaitStatistics(s -> s.inFlight() == 0 && s.queued() == 0);
		assertThat(this.limiter.statistics().admitted()).isGreaterThan(before.admitted());
	}

	private void awaitStatistics(Predicate<LimiterStatistics> condition) {
		await().atMost(PATIENCE).until(this.limiter::statistics, condition);
	}

	private HttpClient client() {
		return HttpClient.create(ConnectionProvider.newConnection()).baseUrl("http://127.0.0.1:" + this.port);
	}

	private Answer fetch(String path) {
		return client().get()
			.uri(path)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map(text -> new Answer(response.status().code(), response.responseHeaders().get("Retry-After"), text)))
			.block(PATIENCE);
	}

	private record Answer(int status, String retryAfter, String body) {
	}

	/**
	 * An HTTP/1.1 client on a raw socket with a small receive buffer that reads nothing
	 * until asked, so the server's write of a large body stalls until then.
	 */
	static final class SlowClient implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		private String head;

		private SlowClient(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
		}

		static SlowClient get(int port, String path) throws IOException {
			Socket socket = new Socket();
			// Set before connecting so the TCP window is small from the start.
			socket.setReceiveBufferSize(16 * 1024);
			socket.setSoTimeout((int) PATIENCE.toMillis());
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PATIENCE.toMillis());
			String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return new SlowClient(socket);
		}

		/** Bytes that have arrived and not been read yet, without waiting. */
		int received() throws IOException {
			return this.in.available();
		}

		/** The status line and headers, waiting for them if needed. */
		String head() throws IOException {
			if (this.head == null) {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				int matched = 0;
				while (matched < 4) {
					int next = this.in.read();
					if (next < 0) {
						throw new IOException("Connection closed before the end of the headers: " + bytes);
					}
					bytes.write(next);
					matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : (next == '\r') ? 1 : 0;
				}
				this.head = bytes.toString(StandardCharsets.US_ASCII);
			}
			return this.head;
		}

		/**
		 * Reads the rest of the body, as fast as it comes, until the server closes the
		 * connection.
		 */
		long bodyLength() throws IOException {
			head();
			long length = 0;
			byte[] buffer = new byte[64 * 1024];
			for (int n = this.in.read(buffer); n >= 0; n = this.in.read(buffer)) {
				length += n;
			}
			return length;
		}

		/** Hangs up at once with a reset, as a client that gives up does. */
		void abort() throws IOException {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
