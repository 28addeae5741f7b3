package dev.staticflux.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.ship.SelfSignedKeyStore;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * TLS with HTTP/2 on, the set-up HELP.md recommends, where the protocol is chosen by ALPN
 * after the handshake: HTTP/1.1 keeps the header timeout and the head checks whatever the
 * client offered, and HTTP/2 gets its limits, Netty's rapid-reset protection and a header
 * block that must be finished within the header timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.http2.enabled=true", "staticflux.timeouts.request-header=1s" })
class TlsConnectionGuardsIntegrationTests {

	@TempDir
	static Path workDir;

	static SelfSignedKeyStore keyStore;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestRoots.register(registry, () -> workDir);
		keyStore = SelfSignedKeyStore.generate(Files.createDirectories(workDir.resolve("tls")));
		keyStore.registerAsServerBundle(registry);
	}

	@BeforeAll
	static void files() throws IOException {
		Path root = Files.createDirectories(workDir.resolve("root"));
		Files.writeString(root.resolve("index.html"), "home");
		Files.write(root.resolve("large.bin"), new byte[16 * 1024 * 1024]);
	}

	/**
	 * A TLS connection offering these ALPN protocols (none: no ALPN extension at all).
	 */
	private SSLSocket connect(String... protocols) throws Exception {
		SSLSocket socket = (SSLSocket) keyStore.clientContext().getSocketFactory().createSocket("127.0.0.1", port);
		socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setApplicationProtocols(protocols);
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	private RawHttp.Exchange exchange(SSLSocket socket, byte[] request) throws IOException {
		socket.getOutputStream().write(request);
		socket.getOutputStream().flush();
		byte[] received = RawHttp.readToEnd(socket.getInputStream());
		return new RawHttp.Exchange(received, RawHttp.parse(received));
	}

	/**
	 * Trickles a header byte every 100 ms; returns how long until the server closed the
	 * connection.
	 */
	private static Duration trickle(SSLSocket socket, String head) throws Exception {
		OutputStream out = socket.getOutputStream();
		long started = System.nanoTime();
		try {
			out.write(RawHttp.ascii(head));
			for (int i = 0; i < 150; i++) {
				out.write('a');
				out.flush();
				Thread.sleep(100);
			}
		}
		catch (IOException closed) {
			// closed by the server
		}
		assertThat(RawHttp.readToEnd(socket.getInputStream())).isEmpty();
		return Duration.ofNanos(System.nanoTime() - started);
	}

	@Test
	void closesATricklingHttp11HeadOverTlsWhateverAlpnOffered() throws Exception {
		for (String[] offer : new String[][] { {}, { "http/1.1" } }) {
			try (SSLSocket socket = connect(offer)) {
				assertThat(socket.getApplicationProtocol()).isIn("", "http/1.1");
				assertThat(trickle(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "))
					.isLessThan(Duration.ofSeconds(10));
			}
		}
	}

	@Test
	void checksTheHeadOfHttp11OverTlsWhenAlpnChoseIt() throws Exception {
		try (SSLSocket socket = connect("http/1.1")) {
			assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
			RawHttp.Exchange exchange = exchange(socket,
					RawHttp.ascii("GET /index.html HTTP/9.9\r\nHost: localhost\r\n\r\n"));

			assertThat(exchange.only().status()).isEqualTo(400);
		}
		try (SSLSocket socket = connect("http/1.1")) {
			RawHttp.Exchange exchange = exchange(socket,
					RawHttp.request("GET", "/index.html", "Host: a, b", "Connection: close"));

			assertThat(exchange.only().status()).isEqualTo(400);
		}
		try (SSLSocket socket = connect("http/1.1")) {
			assertThat(exchange(socket, RawHttp.get("/index.html")).only().bodyText()).isEqualTo("home");
		}
	}

	/**
	 * Over TLS a file too large for the cache is read into buffers and encrypted: 50
	 * clients that ask for one and read nothing. Before the read-ahead bound each
	 * response read its body as fast as the disk gave it. Stated bound: the live heap and
	 * Netty's direct memory each grow by less than 32 MB.
	 */
	@Test
	@EnabledOnOs(OS.LINUX)
	void holdsLittleMemoryForNonReadingClientsOverTls() throws Exception {
		long heapBefore = SlowClientIntegrationTests.liveHeapBytes();
		long directBefore = PlatformDependent.usedDirectMemory();
		List<SSLSocket> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 50; i++) {
				SSLSocket socket = (SSLSocket) keyStore.clientContext().getSocketFactory().createSocket();
				socket.setReceiveBufferSize(4096);
				socket.connect(new InetSocketAddress("127.0.0.1", port), RawHttp.READ_TIMEOUT_MILLIS);
				clients.add(socket);
				socket.getOutputStream().write(RawHttp.request("GET", "/large.bin", "Host: localhost"));
				socket.getOutputStream().flush();
			}
			Thread.sleep(3000);
			long heapGrowth = SlowClientIntegrationTests.liveHeapBytes() - heapBefore;
			long directGrowth = PlatformDependent.usedDirectMemory() - directBefore;
			System.out.printf("50 non-reading TLS clients: live heap %+d kB, Netty direct %+d kB%n", heapGrowth / 1024,
					directGrowth / 1024);

			assertThat(heapGrowth).as("live heap growth").isLessThan(32L * 1024 * 1024);
			assertThat(directGrowth).as("Netty direct memory growth").isLessThan(32L * 1024 * 1024);
		}
		finally {
			for (SSLSocket socket : clients) {
				socket.close();
			}
		}
	}

	@Test
	void announcesTheHttp2StreamAndHeaderLimits() throws Exception {
		try (SSLSocket socket = connect("h2")) {
			assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
			Http2Frames h2 = new Http2Frames(socket.getOutputStream(), socket.getInputStream());
			h2.start(Map.of());
			Http2Frames.Frame settings = h2.read();

			assertThat(settings.type()).isEqualTo(Http2Frames.SETTINGS);
			assertThat(settings.settings()).containsEntry(Http2Frames.SETTINGS_MAX_CONCURRENT_STREAMS, 100L)
				.containsEntry(Http2Frames.SETTINGS_MAX_HEADER_LIST_SIZE, 8192L);
		}
	}

	@Test
	void closesAnHttp2ConnectionWhoseHeaderBlockIsNeverFinished() throws Exception {
		try (SSLSocket socket = connect("h2")) {
			Http2Frames h2 = new Http2Frames(socket.getOutputStream(), socket.getInputStream());
			h2.start(Map.of());
			byte[] block = Http2Frames.headerBlock("/index.html");
			long started = System.nanoTime();
			h2.frame(Http2Frames.HEADERS, Http2Frames.END_STREAM, 1, java.util.Arrays.copyOf(block, block.length / 2));
			while (h2.read() != null) {
				// SETTINGS, SETTINGS ACK: the connection stays open until the timeout
			}

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
					Duration.ofSeconds(10));
		}
	}

	/**
	 * CVE-2023-44487: streams opened and reset at once cost the server work but count
	 * against no stream limit.
	 */
	@Test
	void sendsGoAwayToAClientThatResetsStreamsRapidly() throws Exception {
		try (SSLSocket socket = connect("h2")) {
			Http2Frames h2 = new Http2Frames(socket.getOutputStream(), socket.getInputStream());
			h2.start(Map.of());
			boolean goAway = false;
			try {
				for (int stream = 1; stream < 2 * 400; stream += 2) {
					h2.get(stream, "/index.html");
					h2.reset(stream);
				}
			}
			catch (IOException closed) {
				// the server may close while we still write
			}
			for (Http2Frames.Frame frame; !goAway && (frame = readOrNull(h2)) != null;) {
				goAway = frame.type() == Http2Frames.GOAWAY;
			}

			assertThat(goAway).isTrue();
		}
	}

	private static Http2Frames.Frame readOrNull(Http2Frames h2) {
		try {
			return h2.read();
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Test
	void stillServesHttp2() throws Exception {
		try (SSLSocket socket = connect("h2")) {
			Http2Frames h2 = new Http2Frames(socket.getOutputStream(), socket.getInputStream());
			h2.start(Map.of());
			h2.get(1, "/index.html");
			String body = null;
			for (Http2Frames.Frame frame; body == null && (frame = h2.read()) != null;) {
				if (frame.type() == Http2Frames.DATA && frame.streamId() == 1) {
					body = new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8);
				}
			}

			assertThat(body).isEqualTo("home");
		}
	}

}
