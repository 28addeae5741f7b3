package dev.staticflux.http3;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.staticflux.StaticFluxApplication;
import dev.staticflux.ship.SelfSignedKeyStore;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP/3 listener's limits and shutdown against real clients: every connection made
 * to prove its address with a Retry first, connections beyond the limit refused, and a
 * graceful stop that lets a response in flight finish while it refuses new connections.
 * Each test starts its own application, so that it can stop it.
 */
class Http3LimitsIntegrationTests {

	@TempDir
	Path directory;

	private final List<ConnectionProvider> pools = new ArrayList<>();

	private ConfigurableApplicationContext app;

	private X509Certificate certificate;

	private int port;

	@AfterEach
	void stop() {
		pools.forEach(ConnectionProvider::dispose);
		if (app != null) {
			app.close();
		}
	}

	@Test
	void servesClientsThatMustFirstProveTheirAddress() throws Exception {
		start("--staticflux.http3.retry-above-handshakes=0");

		Http3Clients.Exchange response = Http3Clients.get(client(), "/text.txt");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.version()).isEqualTo("HTTP/3.0");
	}

	@Test
	void refusesAConnectionBeyondTheLimit() throws Exception {
		start("--staticflux.http3.max-connections=1");
		assertThat(Http3Clients.get(client(), "/text.txt").status()).isEqualTo(200);
		assertThat(app.getBean(QuicConnections.class).open()).isEqualTo(1);

		assertThatException().isThrownBy(() -> served(client()));
	}

	@Test
	void finishesAResponseInFlightWhenStoppedAndRefusesNewConnections() throws Exception {
		start("--spring.lifecycle.timeout-per-shutdown-phase=20s");
		Http3Listener listener = app.getBean(Http3Listener.class);
		CountDownLatch started = new CountDownLatch(1);
		Sinks.Empty<Void> resume = Sinks.empty();
		CompletableFuture<byte[]> body = client().get().uri("/large.bin").responseContent().map(buffer -> {
			byte[] bytes = new byte[buffer.readableBytes()];
			buffer.readBytes(bytes);
			return bytes;
		}).concatMap(bytes -> {
			started.countDown();
			return resume.asMono().thenReturn(bytes);
		}, 1)
			.collect(ByteArrayOutputStream::new, ByteArrayOutputStream::writeBytes)
			.map(ByteArrayOutputStream::toByteArray)
			.toFuture();
		assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

		Thread stopping = new Thread(app::close, "stopping");
		stopping.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.altSvc() == null);
		HttpClient latecomer = client();

		assertThatException().isThrownBy(() -> served(latecomer));
		resume.tryEmitEmpty();
		assertThat(body.get(30, TimeUnit.SECONDS)).isEqualTo(TestSite.largeContent());
		stopping.join(Duration.ofSeconds(30).toMillis());
		assertThat(stopping.isAlive()).isFalse();
		assertThat(listener.isRunning()).isFalse();
		app = null;
	}

	/** Fails unless the client is answered within a few seconds. */
	private static int served(HttpClient client) {
		return client.get().uri("/text.txt").response().map(r -> r.status().code()).block(Duration.ofSeconds(10));
	}

	/**
	 * A client with a connection pool of its own, so that it opens its own QUIC
	 * connection.
	 */
	private HttpClient client() {
		ConnectionProvider pool = ConnectionProvider.create("http3-test-" + pools.size(), 1);
		pools.add(pool);
		return Http3Clients.http3(pool, certificate, port);
	}

	private void start(String... settings) throws Exception {
		SelfSignedKeyStore keyStore = SelfSignedKeyStore.generate(directory);
		certificate = keyStore.certificate();
		Path root = TestSite.create(directory);
		List<String> args = new ArrayList<>(List.of("--server.port=" + Http3Clients.freeTcpAndUdpPort(),
				"--staticflux.http3.enabled=true", "--server.http2.enabled=true"));
		keyStore.registerAsServerBundle((name, value) -> args.add("--" + name + "=" + value.get()));
		TestSite.register((name, value) -> args.add("--" + name + "=" + value.get()), directory, root);
		args.addAll(List.of(settings));
		app = new SpringApplicationBuilder(StaticFluxApplication.class).run(args.toArray(String[]::new));
		port = ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
