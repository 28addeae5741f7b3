package dev.staticflux.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: the dashboard, which shows how close a flood is to the limits, was open to
 * anyone and its event streams unbounded in number. Tests connect from 127.0.0.1; each
 * nested class is a server configured so that this address is or is not allowed.
 */
class DashboardAccessIntegrationTests {

	static final String FORBIDDEN_PAGE = "<html><body>site's own 403</body></html>";

	static void site(Path directory) throws IOException {
		Path www = Files.createDirectories(directory.resolve("www"));
		Files.writeString(www.resolve("hello.txt"), "hello");
		Files.writeString(Files.createDirectories(www.resolve("errors")).resolve("403.html"), FORBIDDEN_PAGE);
	}

	static HttpResponse<String> get(int port, String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static int head(int port, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@Nested
	@TestPropertySource(properties = "staticflux.dashboard.allow=10.0.0.0/8, fc00::/7")
	class ClientOutsideTheAllowedBlocks extends DashboardServerTestSupport {

		@BeforeAll
		static void files() throws IOException {
			site(directory);
		}

		@Test
		void getsTheErrorPageWithTheSecurityHeaders() throws Exception {
			for (String path : List.of("/dashboard", "/dashboard/stream", "/dashboard/assets/dashboard.js",
					"/dashboard/")) {
				HttpResponse<String> response = get(this.port, path);

				assertThat(response.statusCode()).as(path).isEqualTo(403);
				assertThat(response.body()).as(path).isEqualTo(FORBIDDEN_PAGE);
				assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
				assertThat(response.headers().firstValue("Content-Security-Policy"))
					.hasValue(DashboardGuard.CONTENT_SECURITY_POLICY);
			}
		}

		@Test
		void cannotGetInByClaimingAForwardedAddress() throws Exception {
			assertThat(get(this.port, "/dashboard", "X-Forwarded-For", "10.1.2.3", "Forwarded", "for=10.1.2.3")
				.statusCode()).isEqualTo(403);
		}

		@Test
		void isStillServedTheFiles() throws Exception {
			HttpResponse<String> response = get(this.port, "/hello.txt");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("hello");
		}

	}

	@Nested
	@TestPropertySource(
			properties = { "staticflux.dashboard.allow=203.0.113.0/24", "server.forward-headers-strategy=native" })
	class BehindATrustedProxy extends DashboardServerTestSupport {

		@BeforeAll
		static void files() throws IOException {
			site(directory);
		}

		@Test
		void theForwardedClientIsChecked() throws Exception {
			assertThat(get(this.port, "/dashboard", "X-Forwarded-For", "203.0.113.7").statusCode()).isEqualTo(200);
			assertThat(get(this.port, "/dashboard", "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(403);
			assertThat(get(this.port, "/dashboard").statusCode()).isEqualTo(403);
		}

	}

	@Nested
	@TestPropertySource(properties = "staticflux.dashboard.max-viewers=2")
	class BeyondTheMaximumViewers extends DashboardServerTestSupport {

		private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
		};

		private List<Disposable> viewers = List.of();

		@BeforeAll
		static void files() throws IOException {
			site(directory);
		}

		@AfterEach
		void disconnect() {
			this.viewers.forEach(Disposable::dispose);
		}

		@Test
		void aThirdViewerGets503WithRetryAfterWhileThePageAndFilesAreServed() throws Exception {
			WebClient viewer = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(
						reactor.netty.http.client.HttpClient.create(ConnectionProvider.newConnection())))
				.baseUrl(url(""))
				.build();
			List<String> received = new CopyOnWriteArrayList<>();
			this.viewers = IntStream.range(0, 2)
				.mapToObj(i -> viewer.get()
					.uri("/dashboard/stream")
					.retrieve()
					.bodyToFlux(EVENT)
					.subscribe(event -> received.add(i + "")))
				.toList();
			await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("0") && received.contains("1"));

			HttpResponse<String> third = get(this.port, "/dashboard/stream");

			assertThat(third.statusCode()).isEqualTo(503);
			assertThat(third.headers().firstValue("Retry-After")).hasValue(DashboardHandler.RETRY_AFTER_SECONDS);
			assertThat(third.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(get(this.port, "/dashboard").statusCode()).isEqualTo(200);
			assertThat(get(this.port, "/hello.txt").statusCode()).isEqualTo(200);

			this.viewers.get(0).dispose();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(head(this.port, "/dashboard/stream")).isEqualTo(200));
		}

	}

}
