package dev.staticflux.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.compression.Compressor;
import dev.staticflux.compression.Decoding;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.netty.NettyFileRoute;
import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static dev.staticflux.files.ContentCoding.BR;
import static dev.staticflux.files.ContentCoding.GZIP;
import static dev.staticflux.files.ContentCoding.IDENTITY;
import static dev.staticflux.files.ContentCoding.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compression on the fly through real HTTP, on both adapters: this test's server answers
 * cache hits on Reactor Netty (the fast path), a second server on the same root has
 * {@code staticflux.cache.fast-path=false} and answers everything through WebFlux. Every
 * coded body is decoded and compared with the file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompressionIntegrationTests {

	private static final byte[] SCRIPT = scriptOf(30_000);

	private static final List<ContentCoding> CODINGS = List.of(ZSTD, BR, GZIP);

	@TempDir
	static Path base;

	static WebFluxOnlyServer webFluxOnly;

	static int webFluxOnlyPort;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Compressor compressor;

	@Autowired
	NettyFileRoute fastPath;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, base.resolve("root"));
		// entries stay fresh for the whole test, so that a repeated request is a hit
		// whatever the machine's speed
		registry.add("staticflux.cache.revalidate-after", () -> "1h");
	}

	@BeforeAll
	static void site() throws IOException {
		Path root = Files.createDirectories(base.resolve("root"));
		Files.write(root.resolve("app.js"), SCRIPT);
		Files.write(root.resolve("styles.css"), scriptOf(8_000));
		Files.write(root.resolve("vendor.js"), SCRIPT);
		Files.writeString(root.resolve("vendor.js.br"), "precompressed brotli");
		Files.write(root.resolve("photo.png"), SCRIPT);
		Files.writeString(root.resolve("tiny.js"), "let tiny = 1;");
		webFluxOnly = new WebFluxOnlyServer(root, base.resolve("access-webflux.log"));
		webFluxOnlyPort = webFluxOnly.port();
	}

	@AfterAll
	static void stop() {
		if (webFluxOnly != null) {
			webFluxOnly.close();
		}
	}

	/** Each coding on each adapter. */
	static Stream<Arguments> codingsAndAdapters() {
		return CODINGS.stream()
			.flatMap(coding -> Stream.of(Arguments.of(coding, Adapter.REACTOR_NETTY),
					Arguments.of(coding, Adapter.WEBFLUX)));
	}

	enum Adapter {

		REACTOR_NETTY, WEBFLUX

	}

	private int port(Adapter adapter) {
		return (adapter == Adapter.REACTOR_NETTY) ? port : webFluxOnlyPort;
	}

	/**
	 * A GET, sent twice so that the second is a cache hit (which the Reactor Netty
	 * adapter answers).
	 */
	private RawHttp.Response get(Adapter adapter, String target, String... headers) throws IOException {
		RawHttp.exchange(port(adapter), "GET", target, headers);
		return RawHttp.exchange(port(adapter), "GET", target, headers);
	}

	@Nested
	class GetAndHead {

		@ParameterizedTest(name = "{0} on {1}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#codingsAndAdapters")
		void sendsTheFileCompressedWithTheCodingTheClientAccepts(ContentCoding coding, Adapter adapter)
				throws IOException {
			RawHttp.Response response = get(adapter, "/app.js", "Accept-Encoding: " + coding.token());

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Content-Encoding")).isEqualTo(coding.token());
			assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
			assertThat(response.header("Content-Type")).isEqualTo("text/javascript;charset=utf-8");
			assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
			assertThat(response.body().length).isLessThan(SCRIPT.length / 5);
			assertThat(response.header("ETag")).endsWith("-" + coding.token() + "-" + level(coding) + "\"");
			assertThat(Decoding.decode(coding, response.body())).isEqualTo(SCRIPT);
		}

		@ParameterizedTest(name = "{0} on {1}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#codingsAndAdapters")
		void answersHeadWithTheHeadersOfTheCodedGet(ContentCoding coding, Adapter adapter) throws IOException {
			RawHttp.Response get = get(adapter, "/app.js", "Accept-Encoding: " + coding.token());
			RawHttp.exchange(port(adapter), "HEAD", "/app.js", "Accept-Encoding: " + coding.token());

			RawHttp.Response head = RawHttp.exchange(port(adapter), "HEAD", "/app.js",
					"Accept-Encoding: " + coding.token());

			assertThat(head.status()).isEqualTo(200);
			assertThat(head.body()).isEmpty();
			assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
			assertThat(head.header("Content-Encoding")).isEqualTo(coding.token());
			assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
			assertThat(head.header("Vary")).isEqualTo("Accept-Encoding");
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#adapters")
		void sendsTheFileAsItIsWithVaryToAClientThatAcceptsNoCoding(Adapter adapter) throws IOException {
			RawHttp.Response plain = get(adapter, "/app.js");
			RawHttp.Response refused = get(adapter, "/app.js", "Accept-Encoding: zstd;q=0, br;q=0, gzip;q=0, deflate");

			for (RawHttp.Response response : List.of(plain, refused)) {
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.header("Content-Encoding")).isNull();
				assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
				assertThat(response.body()).isEqualTo(SCRIPT);
			}
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#adapters")
		void choosesByTheClientsQualityThenTheServersOrder(Adapter adapter) throws IOException {
			assertThat(get(adapter, "/app.js", "Accept-Encoding: gzip, deflate, br, zstd").header("Content-Encoding"))
				.isEqualTo("zstd");
			assertThat(get(adapter, "/app.js", "Accept-Encoding: gzip;q=1, br;q=0.9, zstd;q=0.5")
				.header("Content-Encoding")).isEqualTo("gzip");
			assertThat(get(adapter, "/app.js", "Accept-Encoding: *").header("Content-Encoding")).isEqualTo("zstd");
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#adapters")
		void prefersThePrecompressedVariantAmongEqualQualities(Adapter adapter) throws IOException {
			RawHttp.Response response = get(adapter, "/vendor.js", "Accept-Encoding: gzip, br, zstd");

			assertThat(response.header("Content-Encoding")).isEqualTo("br");
			assertThat(response.bodyText()).isEqualTo("precompressed brotli");
			assertThat(get(adapter, "/vendor.js", "Accept-Encoding: gzip, br;q=0.5, zstd").header("Content-Encoding"))
				.as("a higher q for a coding compressed on the fly")
				.isEqualTo("zstd");
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#adapters")
		void leavesAlreadyCompressedAndTinyFilesAloneWithoutVary(Adapter adapter) throws IOException {
			for (String target : List.of("/photo.png", "/tiny.js")) {
				RawHttp.Response response = get(adapter, target, "Accept-Encoding: gzip, br, zstd");

				assertThat(response.header("Content-Encoding")).as(target).isNull();
				assertThat(response.header("Vary")).as(target).isNull();
			}
		}

		@Test
		void answersTheSameOnBothAdapters() throws IOException {
			for (ContentCoding coding : List.of(ZSTD, BR, GZIP, IDENTITY)) {
				String accept = "Accept-Encoding: " + coding.token();
				RawHttp.Response netty = get(Adapter.REACTOR_NETTY, "/styles.css", accept);
				long before = fastPath.answered();
				netty = RawHttp.exchange(port, "GET", "/styles.css", accept);
				RawHttp.Response webFlux = get(Adapter.WEBFLUX, "/styles.css", accept);

				assertThat(fastPath.answered()).as("answered by the Reactor Netty adapter").isEqualTo(before + 1);
				assertThat(netty.status()).isEqualTo(webFlux.status());
				assertThat(withoutDate(netty)).isEqualTo(withoutDate(webFlux));
				assertThat(netty.body()).isEqualTo(webFlux.body());
			}
		}

	}

	@Nested
	class RangesAndConditionals {

		@ParameterizedTest(name = "{0} on {1}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#codingsAndAdapters")
		void servesRangesOfTheCodedBytes(ContentCoding coding, Adapter adapter) throws IOException {
			String accept = "Accept-Encoding: " + coding.token();
			byte[] coded = get(adapter, "/app.js", accept).body();

			RawHttp.Response range = get(adapter, "/app.js", accept, "Range: bytes=10-99");

			assertThat(range.status()).isEqualTo(206);
			assertThat(range.header("Content-Encoding")).isEqualTo(coding.token());
			assertThat(range.header("Content-Range")).isEqualTo("bytes 10-99/" + coded.length);
			assertThat(range.body()).isEqualTo(Arrays.copyOfRange(coded, 10, 100));
		}

		@ParameterizedTest(name = "{0} on {1}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#codingsAndAdapters")
		void resumesTheCodedBytesWithIfRangeOnTheirOwnTag(ContentCoding coding, Adapter adapter) throws IOException {
			String accept = "Accept-Encoding: " + coding.token();
			RawHttp.Response whole = get(adapter, "/app.js", accept);
			String identityTag = get(adapter, "/app.js").header("ETag");

			RawHttp.Response resumed = get(adapter, "/app.js", accept, "Range: bytes=100-",
					"If-Range: " + whole.header("ETag"));
			RawHttp.Response otherTag = get(adapter, "/app.js", accept, "Range: bytes=100-",
					"If-Range: " + identityTag);

			assertThat(resumed.status()).isEqualTo(206);
			assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 100, whole.body().length));
			assertThat(otherTag.status()).as("another representation's tag: the whole coded body").isEqualTo(200);
			assertThat(otherTag.body()).isEqualTo(whole.body());
		}

		@ParameterizedTest(name = "{0} on {1}")
		@MethodSource("dev.staticflux.http.CompressionIntegrationTests#codingsAndAdapters")
		void answersNotModifiedToTheCodedRepresentationsTag(ContentCoding coding, Adapter adapter) throws IOException {
			String accept = "Accept-Encoding: " + coding.token();
			String etag = get(adapter, "/app.js", accept).header("ETag");
			String identityTag = get(adapter, "/app.js").header("ETag");

			RawHttp.Response notModified = get(adapter, "/app.js", accept, "If-None-Match: " + etag);
			RawHttp.Response otherTag = get(adapter, "/app.js", accept, "If-None-Match: " + identityTag);

			assertThat(etag).isNotEqualTo(identityTag);
			assertThat(notModified.status()).isEqualTo(304);
			assertThat(notModified.header("ETag")).isEqualTo(etag);
			assertThat(notModified.header("Vary")).isEqualTo("Accept-Encoding");
			assertThat(otherTag.status()).isEqualTo(200);
			assertThat(Decoding.decode(coding, otherTag.body())).isEqualTo(SCRIPT);
		}

	}

	/** The second server keeps the default {@code revalidate-after} of 1 s. */
	@Test
	void compressesAChangedFileAgainOnceTheRevalidationWindowHasPassed() throws Exception {
		Path file = base.resolve("root/changing.js");
		Files.write(file, scriptOf(5_000));
		String accept = "Accept-Encoding: br";
		RawHttp.Response before = RawHttp.exchange(webFluxOnlyPort, "GET", "/changing.js", accept);
		byte[] changed = scriptOf(6_000);
		Files.write(file, changed);
		Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
		Thread.sleep(1_100);

		RawHttp.Response after = RawHttp.exchange(webFluxOnlyPort, "GET", "/changing.js", accept);

		assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
		assertThat(Decoding.decode(BR, after.body())).isEqualTo(changed);
	}

	@Test
	void compressesOncePerCodingUnderOneHundredSimultaneousFirstRequests() throws Exception {
		byte[] file = scriptOf(20_000);
		Files.write(base.resolve("root/fresh.js"), file);
		long before = compressor.statistics().compressed();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService clients = Executors.newFixedThreadPool(100);
		try {
			List<Future<RawHttp.Response>> responses = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				String accept = "Accept-Encoding: " + CODINGS.get(i % 3).token();
				responses.add(clients.submit(() -> {
					start.await();
					return RawHttp.exchange(port, "GET", "/fresh.js", accept);
				}));
			}
			start.countDown();
			for (int i = 0; i < 100; i++) {
				RawHttp.Response response = responses.get(i).get(60, TimeUnit.SECONDS);
				ContentCoding coding = CODINGS.get(i % 3);
				assertThat(response.header("Content-Encoding")).isEqualTo(coding.token());
				assertThat(Decoding.decode(coding, response.body())).isEqualTo(file);
			}
		}
		finally {
			clients.shutdownNow();
		}

		assertThat(compressor.statistics().compressed() - before).isEqualTo(3);
	}

	@Test
	void reportsCompressionInTheSnapshotAndCodedEntriesInTheFileCacheEndpoint() throws Exception {
		get(Adapter.REACTOR_NETTY, "/app.js", "Accept-Encoding: br");

		String snapshot = actuator("staticflux");
		String fileCache = actuator("filecache");

		assertThat(snapshot).containsPattern("\"compression\":\\{\"compressed\":[1-9][0-9]*,\"bytesIn\":[1-9][0-9]*,"
				+ "\"bytesOut\":[1-9][0-9]*\\}");
		assertThat(fileCache).contains("{\"path\":\"/app.js\",\"coding\":\"br\",\"kind\":\"FILE\"");
	}

	private String actuator(String endpoint) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/" + endpoint))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	static Stream<Adapter> adapters() {
		return Stream.of(Adapter.values());
	}

	/** The default levels (application.yml). */
	private static int level(ContentCoding coding) {
		return switch (coding) {
			case GZIP, BR -> 6;
			case ZSTD -> 9;
			case IDENTITY -> 0;
		};
	}

	private static Map<String, String> withoutDate(RawHttp.Response response) {
		Map<String, String> headers = new LinkedHashMap<>(response.headers());
		headers.remove("date");
		return headers;
	}

	/**
	 * JavaScript-like text of about this size, different lines so that it compresses as
	 * real code does.
	 */
	private static byte[] scriptOf(int size) {
		StringBuilder script = new StringBuilder(size + 100);
		for (int i = 0; script.length() < size; i++) {
			script.append("export function handler")
				.append(i)
				.append("(event) { return event.value * ")
				.append(i % 97)
				.append(" + '")
				.append(Integer.toHexString(i * 7919))
				.append("'; }\n");
		}
		return script.toString().getBytes(StandardCharsets.UTF_8);
	}

}
