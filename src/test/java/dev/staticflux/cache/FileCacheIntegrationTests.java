package dev.staticflux.cache;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.staticflux.StaticFluxApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one server with the cache on and one with it off ({@code max-size: 0}) over the
 * same root, and checks that the cache changes nothing a client can see, never serves a
 * stale file, and stays within its budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileCacheIntegrationTests {

	private static final long MAX_SIZE = 512 * 1024;

	@TempDir
	static Path root;

	@TempDir
	static Path logs;

	private ConfigurableApplicationContext cached;

	private ConfigurableApplicationContext uncached;

	private final HttpClient client = HttpClient.newHttpClient();

	@BeforeAll
	void startServers() throws IOException {
		Files.writeString(root.resolve("index.html"), "<!doctype html><p>home</p>\n".repeat(40));
		Files.writeString(root.resolve("app.js"), "console.log('hello');\n".repeat(100));
		Files.write(root.resolve("app.js.gz"), gzip("console.log('hello');\n".repeat(100)));
		Files.createDirectories(root.resolve("many"));
		for (int i = 0; i < 48; i++) {
			Files.writeString(root.resolve("many/f" + i + ".txt"),
					String.valueOf((char) ('a' + i % 26)).repeat(32 * 1024));
		}
		cached = start("64MB");
		uncached = start("0");
	}

	private ConfigurableApplicationContext start(String maxSize) {
		// Command-line arguments, so they win over ./application.yml in the working
		// directory. Compression on the fly
		// off in both: it needs the cache, so with it the two would differ by design
		// (Vary, coded bodies); this test
		// compares the cache alone, CompressionIntegrationTests compression.
		return new SpringApplicationBuilder(StaticFluxApplication.class).run("--server.port=0",
				"--management.server.port=0", "--staticflux.compression.enabled=false", "--staticflux.root=" + root,
				"--staticflux.cache.max-size=" + maxSize, "--staticflux.cache.max-file-size=256KB",
				"--staticflux.cache.revalidate-after=200ms",
				"--staticflux.access-log.file=" + logs.resolve("access-" + maxSize + ".log"));
	}

	@AfterAll
	void stopServers() {
		cached.close();
		uncached.close();
	}

	static List<List<String>> requests() {
		return List.of(List.of("GET", "/index.html"), List.of("HEAD", "/index.html"), List.of("GET", "/"),
				List.of("GET", "/app.js", "Range", "bytes=10-99"),
				List.of("GET", "/app.js", "Range", "bytes=0-9,20-29"),
				List.of("GET", "/app.js", "Accept-Encoding", "gzip"),
				List.of("GET", "/app.js", "Accept-Encoding", "gzip", "Range", "bytes=-5"),
				List.of("GET", "/missing.html"), List.of("GET", "/many"));
	}

	@ParameterizedTest
	@MethodSource("requests")
	void cachedResponseIsIdenticalToUncachedResponse(List<String> request) throws Exception {
		for (int round = 0; round < 2; round++) {
			HttpResponse<byte[]> fromCache = send(cached, request);
			HttpResponse<byte[]> fromDisk = send(uncached, request);

			assertThat(fromCache.statusCode()).isEqualTo(fromDisk.statusCode());
			assertThat(comparable(fromCache)).isEqualTo(comparable(fromDisk));
			if (fromDisk.headers().firstValue("Content-Type").orElse("").startsWith("multipart/")) {
				assertThat(withoutBoundary(fromCache)).isEqualTo(withoutBoundary(fromDisk));
			}
			else {
				assertThat(fromCache.body()).isEqualTo(fromDisk.body());
			}
		}
	}

	@Test
	void notModifiedIsIdenticalCachedAndUncached() throws Exception {
		String etag = send(uncached, List.of("GET", "/index.html")).headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> fromCache = send(cached, List.of("GET", "/index.html", "If-None-Match", etag));
		HttpResponse<byte[]> fromDisk = send(uncached, List.of("GET", "/index.html", "If-None-Match", etag));

		assertThat(fromCache.statusCode()).isEqualTo(304);
		assertThat(comparable(fromCache)).isEqualTo(comparable(fromDisk));
		assertThat(fromCache.body()).isEmpty();
	}

	@Test
	void fileRewrittenOnDiskIsServedNewOnceRevalidateAfterHasPassed() throws Exception {
		Path file = root.resolve("changing.txt");
		Files.writeString(file, "version 1");
		assertThat(body(send(cached, List.of("GET", "/changing.txt")))).isEqualTo("version 1");

		Files.writeString(file, "version 2, longer");
		Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2000));
		Thread.sleep(250);

		assertThat(body(send(cached, List.of("GET", "/changing.txt")))).isEqualTo("version 2, longer");
	}

	@Test
	void bytesHeldStayWithinMaxSizeAfterThreeTimesItsWorthOfFiles() throws Exception {
		try (ConfigurableApplicationContext small = start(String.valueOf(MAX_SIZE))) {
			for (int i = 0; i < 48; i++) {
				assertThat(send(small, List.of("GET", "/many/f" + i + ".txt")).statusCode()).isEqualTo(200);
			}
			FileCache cache = small.getBean(FileCache.class);
			cache.caffeine().cleanUp();

			assertThat(48L * 32 * 1024).isGreaterThanOrEqualTo(3 * MAX_SIZE);
			assertThat(cache.statistics().bytes()).isLessThanOrEqualTo(MAX_SIZE);
			assertThat(cache.statistics().evictions()).isPositive();
		}
	}

	private HttpResponse<byte[]> send(ConfigurableApplicationContext server, List<String> request) throws Exception {
		String port = server.getEnvironment().getProperty("local.server.port");
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.get(1)))
			.method(request.get(0), HttpRequest.BodyPublishers.noBody());
		for (int i = 2; i < request.size(); i += 2) {
			builder.header(request.get(i), request.get(i + 1));
		}
		return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * Headers that must match: all but Date (the clock moves) and the multipart boundary
	 * (random).
	 */
	private static Map<String, List<String>> comparable(HttpResponse<byte[]> response) {
		Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
		headers.remove("date");
		headers.computeIfPresent("content-type",
				(k, v) -> v.stream().map(t -> t.replaceAll("boundary=.*", "boundary=")).toList());
		return headers;
	}

	private static String withoutBoundary(HttpResponse<byte[]> response) {
		String boundary = response.headers().firstValue("Content-Type").orElseThrow().replaceAll(".*boundary=", "");
		return new String(response.body(), StandardCharsets.ISO_8859_1).replace(boundary, "BOUNDARY");
	}

	private static String body(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	private static byte[] gzip(String text) throws IOException {
		var bytes = new java.io.ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toByteArray();
	}

}
