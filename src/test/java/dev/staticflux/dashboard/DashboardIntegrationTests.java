package dev.staticflux.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.staticflux.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestPropertySource(properties = "staticflux.dashboard.max-viewers=100")
class DashboardIntegrationTests extends DashboardServerTestSupport {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	@Autowired
	MeterRegistry meters;

	private WebTestClient client;

	@BeforeAll
	static void site() throws IOException {
		Path www = Files.createDirectories(directory.resolve("www"));
		Files.writeString(www.resolve("hello.txt"), "hello");
		Files.writeString(Files.createDirectories(www.resolve("dashboard")).resolve("index.html"),
				"hidden by the dashboard");
	}

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer().baseUrl(url("")).build();
	}

	@Test
	void rendersThePageWithTheCurrentFiguresOnTheServer() {
		this.client.get()
			.uri("/dashboard")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody(String.class)
			.value(html -> assertThat(html).containsPattern("data-field=\"totalRequests\">[0-9][0-9,]*<")
				.containsPattern("data-field=\"hitRatio\">[0-9.]+%<")
				.containsPattern("data-field=\"compressionSaving\">(none yet|[0-9.]+%)<")
				.containsPattern("data-field=\"compressions\">[0-9,]+ compressions?<")
				.containsPattern("data-field=\"abortedSlowClients\">[0-9,]+<")
				.contains("href=\"/dashboard/assets/dashboard.css\"", "src=\"/dashboard/assets/dashboard.js\"",
						"data-stream=\"/dashboard/stream\"", "data-interval-ms=\"250\"")
				.doesNotContain(" th:", "http://", "https://"));
	}

	@Test
	void winsOverADirectoryOfTheSameNameWhileOtherFilesAreServed() {
		this.client.get()
			.uri("/dashboard")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("<title>staticflux · dashboard</title>"));
		this.client.get()
			.uri("/hello.txt")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("hello");
	}

	@Test
	void servesItsScriptAndStylesheetItself() {
		this.client.get()
			.uri("/dashboard/assets/dashboard.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
		this.client.get()
			.uri("/dashboard/assets/dashboard.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/css");
	}

	/**
	 * Regression: dashboard responses lacked the nosniff the README promises on every
	 * response.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/dashboard", "/dashboard/", "/dashboard/assets/dashboard.js",
			"/dashboard/assets/dashboard.css", "/dashboard/assets/favicon.svg" })
	void everyResponseCarriesTheSecurityHeaders(String path) {
		this.client.get()
			.uri(path)
			.exchange()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("Content-Security-Policy", DashboardGuard.CONTENT_SECURITY_POLICY)
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer");
	}

	@Test
	void theStreamCarriesTheSecurityHeadersToo() throws Exception {
		String head;
		// A socket closed once the head has arrived: the stream never ends, and the
		// viewer must be gone at once.
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			head = connection.send("GET", "/dashboard/stream").head().toLowerCase(Locale.ROOT);
		}

		assertThat(head).startsWith("http/1.1 200")
			.contains("x-content-type-options: nosniff", "referrer-policy: no-referrer",
					"content-security-policy: " + DashboardGuard.CONTENT_SECURITY_POLICY.toLowerCase(Locale.ROOT));
	}

	/** Regression: HEAD /dashboard answered 404 while GET answered 200. */
	@Test
	void answersHeadLikeGetWithoutABody() {
		this.client.head()
			.uri("/dashboard")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody()
			.isEmpty();
		this.client.head()
			.uri("/dashboard/stream")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody()
			.isEmpty();
		this.client.head()
			.uri("/dashboard/assets/dashboard.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.isEmpty();
	}

	@Test
	void thePageHasNoInlineStyleOrScriptThePolicyWouldBlock() {
		this.client.get()
			.uri("/dashboard")
			.exchange()
			.expectBody(String.class)
			.value(html -> assertThat(html).doesNotContain("style=", "<style", "onload=", "onclick=", "javascript:")
				.doesNotContainPattern("<script(?![^>]*\\ssrc=)"));
	}

	@Test
	void redirectsTheTrailingSlashToThePage() {
		this.client.get()
			.uri("/dashboard/")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.PERMANENT_REDIRECT)
			.expectHeader()
			.location("/dashboard");
	}

	@Test
	void streamsStatsEventsAfterAReconnectHint() {
		List<ServerSentEvent<String>> events = WebClient.create(url(""))
			.get()
			.uri("/dashboard/stream")
			.exchangeToFlux(response -> {
				assertThat(response.headers().contentType()).hasValueSatisfying(
						type -> assertThat(type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)).isTrue());
				return response.bodyToFlux(EVENT);
			})
			.take(3)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(events).hasSize(3);
		assertThat(events.get(0).retry()).isEqualTo(StatsStream.RECONNECT_DELAY);
		assertThat(events.subList(1, 3)).allSatisfy(event -> {
			assertThat(event.event()).isEqualTo("stats");
			assertThat(event.data()).startsWith("{\"timestamp\":").contains("\"totalRequests\":", "\"latencyMillis\":");
		});
	}

	@Test
	void writesTheWireFormatShownInTheDocumentation() {
		String text = WebClient.create(url(""))
			.get()
			.uri("/dashboard/stream")
			.retrieve()
			.bodyToFlux(DataBuffer.class)
			.map(buffer -> buffer.toString(StandardCharsets.UTF_8))
			.scan(String::concat)
			.filter(received -> received.contains("\n\n") && received.contains("event:stats\ndata:{"))
			.blockFirst(Duration.ofSeconds(10));

		assertThat(text).startsWith("retry:2000\n:staticflux dashboard\n\nevent:stats\ndata:{\"timestamp\":");
	}

	@Test
	void releasesAHundredViewersAsSoonAsTheyDisconnect() {
		// One connection per viewer: a pool would queue viewers behind its limit.
		WebClient viewer = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
			.baseUrl(url(""))
			.build();
		Set<Integer> receiving = ConcurrentHashMap.newKeySet();
		List<Disposable> viewers = IntStream.range(0, 100)
			.mapToObj(i -> viewer.get()
				.uri("/dashboard/stream")
				.retrieve()
				.bodyToFlux(EVENT)
				.filter(event -> "stats".equals(event.event()))
				.subscribe(event -> receiving.add(i)))
			.toList();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(receiving).hasSize(100);
			assertThat(subscribers()).isEqualTo(100);
		});

		viewers.forEach(Disposable::dispose);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(subscribers()).isZero());
	}

	private double subscribers() {
		return this.meters.get("staticflux.dashboard.subscribers").gauge().value();
	}

}
