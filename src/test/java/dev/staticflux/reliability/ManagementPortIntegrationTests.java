package dev.staticflux.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * The management port serves Actuator and nothing else, with the file port's connection
 * guards; invalid {@code Host} values get {@code 400} on both ports; Actuator writes
 * refuse a {@code Host} that does not name the management server (DNS rebinding); the
 * access log shows what a client sent when its head could not be used.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "staticflux.timeouts.request-header=1s")
class ManagementPortIntegrationTests {

	@TempDir
	static Path workDir;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRoots.register(registry, () -> workDir);
	}

	@BeforeAll
	static void files() throws IOException {
		Path root = Files.createDirectories(workDir.resolve("root"));
		Files.writeString(root.resolve("index.html"), "home");
	}

	private RawHttp.Response management(byte[] request) throws IOException {
		return new RawHttp(managementPort).exchange(request).only();
	}

	@Test
	void answersNotFoundForFilesAndTheDashboardOnTheManagementPort() throws IOException {
		assertThat(management(RawHttp.get("/index.html")).status()).isEqualTo(404);
		assertThat(management(RawHttp.get("/")).status()).isEqualTo(404);
		assertThat(management(RawHttp.get("/dashboard")).status()).isEqualTo(404);
		assertThat(management(RawHttp.get("/dashboard/stream")).status()).isEqualTo(404);
		assertThat(new RawHttp(port).exchange(RawHttp.get("/index.html")).only().bodyText()).isEqualTo("home");
	}

	@Test
	void stillServesActuatorOnTheManagementPort() throws IOException {
		RawHttp.Response health = management(RawHttp.get("/actuator/health/liveness"));

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.bodyText()).contains("UP");
		assertThat(management(RawHttp.get("/actuator/staticflux")).status()).isEqualTo(200);
	}

	@Test
	void rejectsAnUnknownProtocolOnTheManagementPort() throws IOException {
		assertThat(management(RawHttp.ascii("GET /actuator/health HTTP/9.9\r\nHost: localhost\r\n\r\n")).status())
			.isEqualTo(400);
	}

	@Test
	void closesATricklingHeadOnTheManagementPortAfterTheHeaderTimeout() throws Exception {
		try (Socket socket = new RawHttp(managementPort).connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(RawHttp.ascii("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
			long started = System.nanoTime();
			try {
				for (int i = 0; i < 100; i++) {
					out.write('a');
					out.flush();
					Thread.sleep(100);
				}
			}
			catch (IOException closed) {
				// the server closed the connection: what the test wants
			}
			byte[] received = RawHttp.readToEnd(socket.getInputStream());

			assertThat(received).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
		}
	}

	@Test
	void answersBadRequestForInvalidHostValuesOnBothPorts() throws IOException {
		String[] invalid = { "Host: localhost/index.html", "Host: a.example, b.example", "Host: a.example,b.example",
				"Host: local host", "Host: user@localhost", "Host: localhost:99999999", "Host: [::1", "Host: a\tb" };
		for (int target : new int[] { port, managementPort }) {
			for (String host : invalid) {
				RawHttp.Response response = new RawHttp(target)
					.exchange(RawHttp.request("GET", "/index.html", host, "Connection: close"))
					.only();
				assertThat(response.status()).as("%s on port %d", host, target).isEqualTo(400);
			}
			RawHttp.Response twoHosts = new RawHttp(target)
				.exchange(RawHttp.request("GET", "/index.html", "Host: localhost", "Host: localhost",
						"Connection: close"))
				.only();
			assertThat(twoHosts.status()).isEqualTo(400);
		}
	}

	@Test
	void acceptsValidHostValues() throws IOException {
		for (String host : new String[] { "Host: localhost", "Host: localhost:8080", "Host: 127.0.0.1:1",
				"Host: [::1]:8080", "Host: www.example.com", "Host: xn--bcher-kva.example" }) {
			RawHttp.Response response = new RawHttp(port)
				.exchange(RawHttp.request("GET", "/index.html", host, "Connection: close"))
				.only();
			assertThat(response.status()).as(host).isEqualTo(200);
		}
	}

	@Test
	void refusesAnActuatorWriteWhoseHostIsNotTheManagementServer() throws IOException {
		RawHttp.Response rebound = management(
				RawHttp.request("DELETE", "/actuator/filecache", "Host: attacker.example:8081", "Connection: close"));
		RawHttp.Response direct = management(RawHttp.request("DELETE", "/actuator/filecache",
				"Host: 127.0.0.1:" + managementPort, "Connection: close"));
		RawHttp.Response read = management(
				RawHttp.request("GET", "/actuator/health", "Host: attacker.example:8081", "Connection: close"));

		assertThat(rebound.status()).isEqualTo(403);
		assertThat(direct.status()).isBetween(200, 299);
		assertThat(read.status()).isEqualTo(200);
	}

	@Test
	void logsTheRequestLineTheClientSentInsteadOfAMadeUpOne() throws Exception {
		new RawHttp(port).exchange(RawHttp.ascii("GET /nine HTTP/9.9\r\nHost: localhost\r\n\r\n"));
		new RawHttp(port).exchange(RawHttp.ascii("G\u0001T /ctl HTTP/1.1\r\nHost: localhost\r\n\r\n"));
		new RawHttp(port).exchange(RawHttp.ascii("GET /" + "x".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));

		Path log = workDir.resolve("access.log");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		String text = "";
		while (System.nanoTime() < deadline && !(text.contains("/ctl") && text.contains(" 414 "))) {
			Thread.sleep(100);
			text = Files.exists(log) ? Files.readString(log) : "";
		}

		assertThat(text).contains("\"GET /nine HTTP/9.9\" 400 ");
		assertThat(text).contains("\"G\\x01T /ctl HTTP/1.1\" 400 ");
		assertThat(text).contains("\"GET /xxxx");
		assertThat(text).doesNotContain("/bad-request");
	}

}
