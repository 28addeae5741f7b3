package dev.staticflux.ship;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * HTTP/2 in cleartext (h2c) with {@code server.http2.enabled=true} and no TLS: both the
 * {@code Upgrade: h2c} handshake and prior knowledge, beside plain HTTP/1.1.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.http2.enabled=true")
class Http2CleartextIntegrationTests {

	@TempDir
	static Path directory;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
		// Called again for the nested class's context: each context gets a site of its
		// own.
		Path base = Files.createTempDirectory(directory, "site");
		TestSite.register(registry, base, TestSite.create(base));
	}

	@Test
	void upgradesToHttp2WhenTheClientAsks() throws Exception {
		HttpResponse<String> response = get(Version.HTTP_2, this.port);

		assertThat(response.version()).isEqualTo(Version.HTTP_2);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(TestSite.TEXT);
	}

	/**
	 * Zero-copy sendfile cannot go through an HTTP/2 stream: the bytes must still all
	 * arrive.
	 */
	@Test
	void sendsFileTooLargeForTheCacheOverH2c() throws Exception {
		HttpResponse<byte[]> response = client(Version.HTTP_2).send(request(this.port, "large.bin"),
				BodyHandlers.ofByteArray());

		assertThat(response.version()).isEqualTo(Version.HTTP_2);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(TestSite.largeContent());
	}

	@Test
	void servesHttp11ToClientsThatDoNotAsk() throws Exception {
		HttpResponse<String> response = get(Version.HTTP_1_1, this.port);

		assertThat(response.version()).isEqualTo(Version.HTTP_1_1);
		assertThat(response.body()).isEqualTo(TestSite.TEXT);
	}

	/**
	 * What {@code curl --http2-prior-knowledge} and proxies speaking h2c to a backend do.
	 */
	@Test
	void acceptsHttp2WithPriorKnowledge() throws Exception {
		assumeThat(curlAvailable())
			.as("curl is not installed (.ci/run installs it); skipping the prior-knowledge check")
			.isTrue();

		Process curl = new ProcessBuilder("curl", "--silent", "--show-error", "--max-time", "30",
				"--http2-prior-knowledge", "--write-out", "\n%{http_version} %{http_code}",
				"http://127.0.0.1:" + this.port + "/text.txt")
			.redirectErrorStream(true)
			.start();
		String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(output).isEqualTo(TestSite.TEXT + "\n2 200");
	}

	@Nested
	@TestPropertySource(properties = "server.http2.enabled=false")
	class WhenHttp2IsDisabled {

		@LocalServerPort
		int port;

		@Test
		void declinesTheUpgradeAndAnswersInHttp11() throws Exception {
			HttpResponse<String> response = get(Version.HTTP_2, this.port);

			assertThat(response.version()).isEqualTo(Version.HTTP_1_1);
			assertThat(response.body()).isEqualTo(TestSite.TEXT);
		}

	}

	private static HttpResponse<String> get(Version version, int port) throws IOException, InterruptedException {
		return client(version).send(request(port, "text.txt"), BodyHandlers.ofString());
	}

	private static HttpClient client(Version version) {
		return HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(10)).build();
	}

	private static HttpRequest request(int port, String file) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/" + file))
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	private static boolean curlAvailable() {
		try {
			Process process = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
