package dev.staticflux.ship;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS from a Spring Boot SSL bundle ({@code server.ssl.bundle}) with
 * {@code server.http2.enabled}: configuration only, as an operator would set it in
 * {@code application.yml}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.http2.enabled=true")
class TlsIntegrationTests {

	static final Queue<SSLEngine> engines = new ConcurrentLinkedQueue<>();

	@TempDir
	static Path directory;

	static SelfSignedKeyStore keyStore;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws Exception {
		keyStore = SelfSignedKeyStore.generate(directory);
		keyStore.registerAsServerBundle(registry);
		TestSite.register(registry, directory, TestSite.create(directory));
	}

	@Test
	void servesFileOverTlsWithTheBundleCertificate() throws Exception {
		HttpResponse<String> response = send(client(Version.HTTP_1_1), "https://localhost:" + this.port + "/text.txt");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(TestSite.TEXT);
		assertThat(response.sslSession().orElseThrow().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
	}

	@Test
	void negotiatesHttp2ThroughAlpn() throws Exception {
		HttpResponse<String> response = send(client(Version.HTTP_2), "https://localhost:" + this.port + "/text.txt");

		assertThat(response.version()).isEqualTo(Version.HTTP_2);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(TestSite.TEXT);
	}

	/**
	 * Zero-copy sendfile cannot go through TLS or an HTTP/2 stream: the bytes must still
	 * all arrive.
	 */
	@Test
	void sendsFileTooLargeForTheCacheOverHttp2AndTls() throws Exception {
		HttpResponse<byte[]> response = client(Version.HTTP_2)
			.send(request("https://localhost:" + this.port + "/large.bin"), BodyHandlers.ofByteArray());

		assertThat(response.version()).isEqualTo(Version.HTTP_2);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(TestSite.largeContent());
	}

	@Test
	void stillServesHttp11ToClientsThatDoNotOfferHttp2() throws Exception {
		HttpResponse<String> response = send(client(Version.HTTP_1_1), "https://localhost:" + this.port + "/text.txt");

		assertThat(response.version()).isEqualTo(Version.HTTP_1_1);
		assertThat(response.body()).isEqualTo(TestSite.TEXT);
	}

	@Test
	void clientsThatDoNotTrustTheCertificateAreRefused() {
		HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(() -> send(untrusting, "https://localhost:" + this.port + "/text.txt"));
	}

	/**
	 * The container's HEALTHCHECK and the Kubernetes probes speak plain HTTP to the
	 * management port.
	 */
	@Test
	void managementPortStaysCleartextWhenTheServerUsesTls() throws Exception {
		HttpResponse<String> response = send(HttpClient.newHttpClient(),
				"http://127.0.0.1:" + this.managementPort + "/actuator/health/liveness");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"UP\"");
	}

	/**
	 * netty-tcnative's BoringSSL is on the classpath, so Reactor Netty picks OpenSSL for
	 * both protocols (the start-up summary's {@code TLS OpenSSL (BoringSSL)},
	 * {@code TlsImplementationTests}).
	 */
	@Test
	void encryptsHttp11AndH2WithOpenSslWhenItLoads() throws Exception {
		engines.clear();
		for (Version version : new Version[] { Version.HTTP_1_1, Version.HTTP_2 }) {
			HttpResponse<String> response = send(client(version), "https://localhost:" + this.port + "/text.txt");

			assertThat(response.version()).isEqualTo(version);
			assertThat(response.body()).isEqualTo(TestSite.TEXT);
		}

		assertThat(engines).hasSize(2).allSatisfy(engine -> {
			assertThat(engine).isInstanceOf(ReferenceCountedOpenSslEngine.class);
			assertThat(engine.getSession().getProtocol()).isEqualTo("TLSv1.3");
		});
		// Java's client offers no ALPN for HTTP/1.1, so one engine negotiated nothing.
		assertThat(engines).extracting(SSLEngine::getApplicationProtocol).containsExactlyInAnyOrder(null, "h2");
	}

	private HttpClient client(Version version) throws Exception {
		return HttpClient.newBuilder()
			.version(version)
			.sslContext(keyStore.clientContext())
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	private static HttpResponse<String> send(HttpClient client, String uri) throws IOException, InterruptedException {
		return client.send(request(uri), BodyHandlers.ofString());
	}

	private static HttpRequest request(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build();
	}

	/**
	 * Records the engine of each completed handshake, then leaves the pipeline. It sits
	 * just after Reactor Netty's TLS handler, which starts as an SNI handler and replaces
	 * itself with the chosen context's {@link SslHandler} once the ClientHello is read.
	 */
	static class EngineOfHandshake extends ChannelInboundHandlerAdapter {

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
				engines.add(ctx.pipeline().get(SslHandler.class).engine());
				ctx.pipeline().remove(this);
			}
			ctx.fireUserEventTriggered(event);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class EngineRecorder {

		@Bean
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> recordTlsEngines() {
			return factory -> factory
				.addServerCustomizers(server -> server.doOnChannelInit((observer, channel, remote) -> channel.pipeline()
					.addAfter(NettyPipeline.SslHandler, "test.engineOfHandshake", new EngineOfHandshake())));
		}

	}

}
