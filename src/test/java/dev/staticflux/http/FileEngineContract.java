package dev.staticflux.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.files.HttpDates;
import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file engine's HTTP behaviour (issue 2), over real HTTP against the server on a
 * random port. Each group is an abstract inner class;
 * {@link CachedFileEngineIntegrationTests} and {@link UncachedFileEngineIntegrationTests}
 * declare a {@code @Nested} subclass of every group, so the same tests run with the cache
 * on and off (a {@code @Nested} class declared here would see only this class's
 * configuration, not the subclass's).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "staticflux.cache-control[0].pattern=*.html", "staticflux.cache-control[0].value=no-cache",
				"staticflux.cache-control[1].pattern=**", "staticflux.cache-control[1].value=public, max-age=3600" })
abstract class FileEngineContract {

	@TempDir
	static Path base;

	static Path root;

	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@BeforeAll
	static void createSite() throws IOException {
		root = TestSite.create(base);
	}

	@DynamicPropertySource
	static void siteProperties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, root);
	}

	HttpResponse<byte[]> get(String path, String... headers) throws Exception {
		return send("GET", path, headers);
	}

	HttpResponse<byte[]> head(String path, String... headers) throws Exception {
		return send("HEAD", path, headers);
	}

	HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Headers that describe the representation, for comparing GET with HEAD (Date may
	 * tick between them).
	 */
	static Map<String, List<String>> entityHeaders(HttpResponse<?> response) {
		Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
		headers.remove("date");
		return headers;
	}

	abstract class GetAndHeadTests {

		@Test
		void getServesTheFileWithItsLength() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(text(response)).isEqualTo(TestSite.TEXT);
			assertThat(header(response, "Content-Length")).isEqualTo("100");
			assertThat(header(response, "Accept-Ranges")).isEqualTo("bytes");
		}

		@Test
		void headHasTheSameHeadersAsGetAndNoBody() throws Exception {
			HttpResponse<byte[]> get = get("/text.txt");
			HttpResponse<byte[]> head = head("/text.txt");

			assertThat(head.statusCode()).isEqualTo(200);
			assertThat(head.body()).isEmpty();
			assertThat(entityHeaders(head)).isEqualTo(entityHeaders(get));
		}

		@Test
		void headOfAMissingFileHasNoBody() throws Exception {
			RawHttp.Response response = RawHttp.exchange(port, "HEAD", "/missing.txt");

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.header("Content-Length")).isNotEqualTo("0");
			assertThat(response.body()).isEmpty();
		}

		@Test
		void rootServesItsIndexFile() throws Exception {
			HttpResponse<byte[]> response = get("/");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(text(response)).contains("home");
		}

		@Test
		void everyResponseHasNosniffDateAndServer() throws Exception {
			for (String path : List.of("/text.txt", "/missing", "/docs")) {
				HttpResponse<byte[]> response = get(path);
				assertThat(header(response, "X-Content-Type-Options")).as(path).isEqualTo("nosniff");
				assertThat(HttpDates.parse(header(response, "Date"))).as(path).isPositive();
				assertThat(header(response, "Server")).as(path).isNotBlank();
			}
		}

		@Test
		void percentEncodedUtf8NameIsServed() throws Exception {
			HttpResponse<byte[]> response = get("/my%20file%20%C3%A9.txt");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(text(response)).isEqualTo("spaced and accented");
		}

		@Test
		void queryStringDoesNotChangeTheFile() throws Exception {
			assertThat(text(get("/text.txt?v=2&x"))).isEqualTo(TestSite.TEXT);
		}

		@Test
		void headHonoursConditionsWithoutABody() throws Exception {
			String etag = header(get("/text.txt"), "ETag");

			RawHttp.Response response = RawHttp.exchange(port, "HEAD", "/text.txt", "If-None-Match: " + etag);

			assertThat(response.status()).isEqualTo(304);
			assertThat(response.header("ETag")).isEqualTo(etag);
		}

		@Test
		void wellKnownIsServed() throws Exception {
			HttpResponse<byte[]> response = get("/.well-known/security.txt");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(text(response)).startsWith("Contact:");
		}

		@Test
		void symlinkInsideTheRootToAFileInsideIsServed() throws Exception {
			assertThat(text(get("/link-in.txt"))).isEqualTo(TestSite.TEXT);
		}

	}

	abstract class MethodTests {

		@Test
		void optionsAnswers204WithAllow() throws Exception {
			HttpResponse<byte[]> response = send("OPTIONS", "/text.txt");

			assertThat(response.statusCode()).isEqualTo(204);
			assertThat(header(response, "Allow")).isEqualTo("GET, HEAD, OPTIONS");
			assertThat(response.body()).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND" })
		void otherMethodsAnswer405WithAllow(String method) throws Exception {
			RawHttp.Response response = RawHttp.exchange(port, method, "/text.txt", "Content-Length: 0");

			assertThat(response.status()).isEqualTo(405);
			assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
			assertThat(response.body()).hasSize(Integer.parseInt(response.header("Content-Length")));
		}

	}

	abstract class ContentTypeTests {

		static List<String[]> types() {
			return Arrays.asList(TestSite.TYPES);
		}

		@ParameterizedTest(name = "{0} -> {1}")
		@MethodSource("dev.staticflux.http.FileEngineContract$ContentTypeTests#types")
		void contentTypeFollowsTheExtension(String extension, String type) throws Exception {
			HttpResponse<byte[]> response = get("/file." + extension);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "Content-Type")).isEqualTo(type);
			assertThat(text(response)).isEqualTo("content of " + extension);
		}

		@Test
		void textTypesCarryUtf8Charset() throws Exception {
			for (String extension : List.of("html", "css", "js", "txt")) {
				assertThat(header(get("/file." + extension), "Content-Type")).endsWith(";charset=utf-8");
			}
		}

	}

	abstract class DirectoryTests {

		@Test
		void directoryWithoutSlashRedirectsKeepingTheQuery() throws Exception {
			HttpResponse<byte[]> response = get("/docs?lang=en&x=%20y");

			assertThat(response.statusCode()).isEqualTo(301);
			assertThat(header(response, "Location")).isEqualTo("/docs/?lang=en&x=%20y");
		}

		@Test
		void directoryWithoutSlashOrQueryRedirects() throws Exception {
			HttpResponse<byte[]> response = get("/docs");

			assertThat(response.statusCode()).isEqualTo(301);
			assertThat(header(response, "Location")).isEqualTo("/docs/");
		}

		/**
		 * Regression: {@code //docs} redirected to {@code //docs/}, which browsers read
		 * as the host {@code docs}.
		 */
		@Test
		void redirectNeverPointsToAnotherHost() throws Exception {
			for (String target : List.of("//docs", "///docs?q=1", "//docs//")) {
				RawHttp.Response response = RawHttp.exchange(port, "GET", target);
				if (response.status() == 301) {
					assertThat(response.header("Location")).as(target).startsWith("/docs/").doesNotStartWith("//");
				}
			}
			assertThat(RawHttp.exchange(port, "GET", "//docs").header("Location")).isEqualTo("/docs/");
		}

		@Test
		void redirectKeepsThePercentEncoding() throws Exception {
			HttpResponse<byte[]> response = get("/my%20dir");

			assertThat(response.statusCode()).isEqualTo(301);
			assertThat(header(response, "Location")).isEqualTo("/my%20dir/");
			assertThat(text(get("/my%20dir/"))).isEqualTo("index in a spaced directory");
		}

		@Test
		void directoryWithSlashServesItsIndexFile() throws Exception {
			HttpResponse<byte[]> response = get("/docs/");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(text(response)).contains("docs index");
			assertThat(header(response, "Content-Type")).isEqualTo("text/html;charset=utf-8");
		}

		@Test
		void directoryWithoutIndexIsNotFoundWhenListingIsOff() throws Exception {
			assertThat(get("/empty/").statusCode()).isEqualTo(404);
		}

		@Test
		void fileWithTrailingSlashIsNotFound() throws Exception {
			assertThat(get("/text.txt/").statusCode()).isEqualTo(404);
		}

	}

	abstract class ValidatorTests {

		@Test
		void everyFileHasAStrongEtagAndLastModified() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt");

			assertThat(header(response, "ETag")).matches("\"[^\"]+\"");
			long lastModified = Files.getLastModifiedTime(root.resolve("text.txt")).toMillis() / 1000;
			assertThat(HttpDates.parse(header(response, "Last-Modified"))).isEqualTo(lastModified);
		}

		@Test
		void matchingIfNoneMatchIsNotModifiedWithValidatorsAndNoBody() throws Exception {
			HttpResponse<byte[]> full = get("/text.txt");
			String etag = header(full, "ETag");

			RawHttp.Response response = RawHttp.exchange(port, "GET", "/text.txt", "If-None-Match: " + etag);

			assertThat(response.status()).isEqualTo(304);
			assertThat(response.header("ETag")).isEqualTo(etag);
			assertThat(response.header("Last-Modified")).isEqualTo(header(full, "Last-Modified"));
			assertThat(response.header("Cache-Control")).isEqualTo(header(full, "Cache-Control"));
			assertThat(response.body()).isEmpty();
			assertThat(response.header("Content-Length")).isIn(null, "0");
		}

		@Test
		void ifNoneMatchListStarAndWeakTagsMatch() throws Exception {
			String etag = header(get("/text.txt"), "ETag");

			for (String value : List.of("\"a\", " + etag + ", \"b\"", "*", "W/" + etag)) {
				assertThat(get("/text.txt", "If-None-Match", value).statusCode()).as(value).isEqualTo(304);
			}
		}

		@Test
		void otherEtagGetsTheFile() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt", "If-None-Match", "\"something-else\"");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(text(response)).isEqualTo(TestSite.TEXT);
		}

		@Test
		void ifModifiedSinceLastModifiedIsNotModified() throws Exception {
			String lastModified = header(get("/text.txt"), "Last-Modified");

			HttpResponse<byte[]> response = get("/text.txt", "If-Modified-Since", lastModified);

			assertThat(response.statusCode()).isEqualTo(304);
			assertThat(response.body()).isEmpty();
			assertThat(header(response, "ETag")).isNotNull();
		}

		@Test
		void ifModifiedSinceAnEarlierDateGetsTheFile() throws Exception {
			long lastModified = HttpDates.parse(header(get("/text.txt"), "Last-Modified"));

			assertThat(get("/text.txt", "If-Modified-Since", HttpDates.format(lastModified - 60)).statusCode())
				.isEqualTo(200);
		}

		@Test
		void ifNoneMatchWinsOverIfModifiedSince() throws Exception {
			String lastModified = header(get("/text.txt"), "Last-Modified");

			HttpResponse<byte[]> response = get("/text.txt", "If-None-Match", "\"stale\"", "If-Modified-Since",
					lastModified);

			assertThat(response.statusCode()).isEqualTo(200);
		}

		@Test
		void failedIfMatchOrIfUnmodifiedSinceIs412() throws Exception {
			long lastModified = HttpDates.parse(header(get("/text.txt"), "Last-Modified"));

			assertThat(get("/text.txt", "If-Match", "\"stale\"").statusCode()).isEqualTo(412);
			assertThat(get("/text.txt", "If-Unmodified-Since", HttpDates.format(lastModified - 60)).statusCode())
				.isEqualTo(412);
		}

	}

	abstract class RangeTests {

		@Test
		void singleRange() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt", "Range", "bytes=10-19");

			assertThat(response.statusCode()).isEqualTo(206);
			assertThat(header(response, "Content-Range")).isEqualTo("bytes 10-19/100");
			assertThat(header(response, "Content-Length")).isEqualTo("10");
			assertThat(header(response, "Content-Type")).isEqualTo("text/plain;charset=utf-8");
			assertThat(text(response)).isEqualTo(TestSite.TEXT.substring(10, 20));
		}

		@Test
		void openEndedRange() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt", "Range", "bytes=95-");

			assertThat(response.statusCode()).isEqualTo(206);
			assertThat(header(response, "Content-Range")).isEqualTo("bytes 95-99/100");
			assertThat(text(response)).isEqualTo(TestSite.TEXT.substring(95));
		}

		@Test
		void suffixRange() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt", "Range", "bytes=-3");

			assertThat(response.statusCode()).isEqualTo(206);
			assertThat(header(response, "Content-Range")).isEqualTo("bytes 97-99/100");
			assertThat(text(response)).isEqualTo("789");
		}

		@Test
		void multipleRangesAreMultipartByteranges() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt", "Range", "bytes=0-4,50-54,-2");

			assertThat(response.statusCode()).isEqualTo(206);
			assertThat(response.body()).hasSize(Integer.parseInt(header(response, "Content-Length")));
			List<Part> parts = Part.parse(response);
			assertThat(parts).extracting(Part::contentRange)
				.containsExactly("bytes 0-4/100", "bytes 50-54/100", "bytes 98-99/100");
			assertThat(parts).extracting(Part::text).containsExactly("01234", "01234", "89");
			assertThat(parts).extracting(Part::contentType).containsOnly("text/plain;charset=utf-8");
		}

		@Test
		void unsatisfiableRangeIs416WithContentRangeAndAMatchingBody() throws Exception {
			RawHttp.Response response = RawHttp.exchange(port, "GET", "/text.txt", "Range: bytes=100-");

			assertThat(response.status()).isEqualTo(416);
			assertThat(response.header("Content-Range")).isEqualTo("bytes */100");
			assertThat(response.body()).hasSize(Integer.parseInt(response.header("Content-Length")));
		}

		@Test
		void malformedRangeIsIgnored() throws Exception {
			HttpResponse<byte[]> response = get("/text.txt", "Range", "bytes=x-y");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(text(response)).isEqualTo(TestSite.TEXT);
		}

		@Test
		void ifRangeWithTheCurrentEtagOrDateGetsTheRange() throws Exception {
			HttpResponse<byte[]> full = get("/text.txt");

			assertThat(get("/text.txt", "Range", "bytes=0-1", "If-Range", header(full, "ETag")).statusCode())
				.isEqualTo(206);
			assertThat(get("/text.txt", "Range", "bytes=0-1", "If-Range", header(full, "Last-Modified")).statusCode())
				.isEqualTo(206);
		}

		@Test
		void ifRangeWithAnotherEtagOrDateGetsTheWholeFile() throws Exception {
			long lastModified = HttpDates.parse(header(get("/text.txt"), "Last-Modified"));

			for (String ifRange : List.of("\"old-etag\"", HttpDates.format(lastModified - 3600))) {
				HttpResponse<byte[]> response = get("/text.txt", "Range", "bytes=0-1", "If-Range", ifRange);
				assertThat(response.statusCode()).as(ifRange).isEqualTo(200);
				assertThat(text(response)).isEqualTo(TestSite.TEXT);
			}
		}

	}

	abstract class PrecompressedTests {

		@Test
		void brotliIsPreferredOverGzipWhateverTheHeaderOrder() throws Exception {
			for (String accept : List.of("gzip, br", "br, gzip", "gzip;q=1, br;q=1")) {
				HttpResponse<byte[]> response = get("/page.html", "Accept-Encoding", accept);
				assertThat(header(response, "Content-Encoding")).as(accept).isEqualTo("br");
				assertThat(text(response)).isEqualTo("brotli bytes of the page");
			}
		}

		@Test
		void variantKeepsTheOriginalsTypeAndVaries() throws Exception {
			HttpResponse<byte[]> response = get("/page.html", "Accept-Encoding", "gzip");

			assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
			assertThat(header(response, "Content-Type")).isEqualTo("text/html;charset=utf-8");
			assertThat(header(response, "Vary")).isEqualTo("Accept-Encoding");
			assertThat(header(response, "Cache-Control")).isEqualTo("no-cache");
			assertThat(text(response)).isEqualTo("gzip bytes of the page, a bit longer");
			assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(response.body().length));
		}

		@Test
		void higherQualityWinsAndZeroExcludes() throws Exception {
			assertThat(header(get("/page.html", "Accept-Encoding", "br;q=0.4, gzip;q=0.9"), "Content-Encoding"))
				.isEqualTo("gzip");
			assertThat(header(get("/page.html", "Accept-Encoding", "br;q=0, gzip"), "Content-Encoding"))
				.isEqualTo("gzip");
		}

		@Test
		void identityWhenNothingAcceptableStillVaries() throws Exception {
			for (String accept : List.of("br;q=0, gzip;q=0", "deflate")) {
				HttpResponse<byte[]> response = get("/page.html", "Accept-Encoding", accept);
				assertThat(header(response, "Content-Encoding")).as(accept).isNull();
				assertThat(text(response)).isEqualTo("identity html page");
				assertThat(header(response, "Vary")).isEqualTo("Accept-Encoding");
			}
			assertThat(header(get("/page.html"), "Vary")).isEqualTo("Accept-Encoding");
		}

		@Test
		void onlyExistingVariantsAreServed() throws Exception {
			HttpResponse<byte[]> response = get("/only-gz.css", "Accept-Encoding", "br, gzip");

			assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
			assertThat(text(response)).isEqualTo("gzipped css");
			assertThat(header(response, "Content-Type")).isEqualTo("text/css;charset=utf-8");
		}

		@Test
		void fileWithoutVariantsDoesNotVary() throws Exception {
			assertThat(header(get("/text.txt", "Accept-Encoding", "br, gzip"), "Vary")).isNull();
		}

		@Test
		void rangesApplyToTheVariant() throws Exception {
			HttpResponse<byte[]> response = get("/page.html", "Accept-Encoding", "br", "Range", "bytes=0-5");

			assertThat(response.statusCode()).isEqualTo(206);
			assertThat(header(response, "Content-Encoding")).isEqualTo("br");
			assertThat(header(response, "Content-Range")).isEqualTo("bytes 0-5/24");
			assertThat(text(response)).isEqualTo("brotli");
		}

		@Test
		void validatorsApplyToTheVariant() throws Exception {
			String identityTag = header(get("/page.html"), "ETag");
			String brTag = header(get("/page.html", "Accept-Encoding", "br"), "ETag");

			assertThat(brTag).isNotEqualTo(identityTag);
			assertThat(get("/page.html", "Accept-Encoding", "br", "If-None-Match", brTag).statusCode()).isEqualTo(304);
			HttpResponse<byte[]> other = get("/page.html", "Accept-Encoding", "br", "If-None-Match", identityTag);
			assertThat(other.statusCode()).isEqualTo(200);
			assertThat(header(other, "Content-Encoding")).isEqualTo("br");
		}

		@Test
		void variantFilesAreStillServedByTheirOwnName() throws Exception {
			HttpResponse<byte[]> response = get("/page.html.gz");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "Content-Encoding")).isNull();
		}

	}

	abstract class CacheControlTests {

		@Test
		void htmlGetsNoCache() throws Exception {
			assertThat(header(get("/index.html"), "Cache-Control")).isEqualTo("no-cache");
			assertThat(header(get("/docs/page.html"), "Cache-Control")).isEqualTo("no-cache");
		}

		@Test
		void indexServedForADirectoryFollowsTheIndexFilesRule() throws Exception {
			assertThat(header(get("/docs/"), "Cache-Control")).isEqualTo("no-cache");
		}

		@Test
		void otherFilesGetTheCatchAllRule() throws Exception {
			assertThat(header(get("/file.css"), "Cache-Control")).isEqualTo("public, max-age=3600");
		}

	}

	abstract class ErrorTests {

		@ParameterizedTest
		@ValueSource(strings = { "/a%2fb", "/a%5cb", "/a%00", "/%c0%ae%c0%ae/x", "/%zz", "/a%0d%0aSet-Cookie:x" })
		void malformedTargetIs400(String target) throws Exception {
			RawHttp.Response response = RawHttp.exchange(port, "GET", target);

			assertThat(response.status()).isEqualTo(400);
			assertNoLeak(response.bodyText());
		}

		@Test
		void unreadableFileIs403WithTheBuiltInPage() throws Exception {
			HttpResponse<byte[]> response = get("/forbidden.txt");

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(text(response)).contains("403").doesNotContain("no one may read this");
			assertThat(header(response, "Content-Type")).isEqualTo("text/html;charset=utf-8");
			assertNoLeak(text(response));
		}

		@Test
		void missingFileIs404WithTheCustomPage() throws Exception {
			HttpResponse<byte[]> response = get("/no/such/file.txt");

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(text(response)).isEqualTo(TestSite.CUSTOM_404);
			assertThat(header(response, "Content-Type")).isEqualTo("text/html;charset=utf-8");
		}

		@Test
		void namesTheFileSystemCannotHoldAreNotFound() throws Exception {
			for (String target : List.of("/" + "n".repeat(300), "/loop", "/loop/x", "/text.txt/x")) {
				assertThat(RawHttp.exchange(port, "GET", target).status()).as(target).isEqualTo(404);
			}
		}

		@Test
		void errorPagesLeakNoPathOrStackTrace() throws Exception {
			for (String target : List.of("/missing", "/forbidden.txt", "/a%2fb", "/.env", "/link-out.txt")) {
				RawHttp.Response response = RawHttp.exchange(port, "GET", target);
				assertThat(response.status()).as(target).isBetween(400, 404);
				assertThat(response.body()).as(target).hasSize(Integer.parseInt(response.header("Content-Length")));
				assertNoLeak(response.bodyText());
			}
		}

		private void assertNoLeak(String body) {
			assertThat(body).doesNotContain(base.toString(), "Exception", "\tat ", TestSite.SECRET_MARKER, "/tmp");
		}

	}

	abstract class LargeFileTests {

		@Test
		void largeFileIsServedWhole() throws Exception {
			HttpResponse<byte[]> response = get("/large.bin");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(TestSite.LARGE_SIZE));
			assertThat(response.body()).isEqualTo(TestSite.largeContent());
		}

		@Test
		void largeFileRangeHasExactBytes() throws Exception {
			int first = 3 * 1024 * 1024 + 7;
			int last = first + 2 * 1024 * 1024;

			HttpResponse<byte[]> response = get("/large.bin", "Range", "bytes=" + first + "-" + last);

			assertThat(response.statusCode()).isEqualTo(206);
			assertThat(header(response, "Content-Range"))
				.isEqualTo("bytes " + first + "-" + last + "/" + TestSite.LARGE_SIZE);
			assertThat(response.body()).isEqualTo(Arrays.copyOfRange(TestSite.largeContent(), first, last + 1));
		}

		@Test
		void largeFileMultipleRangesHaveExactBytes() throws Exception {
			HttpResponse<byte[]> response = get("/large.bin", "Range", "bytes=0-99,5000000-5000099,-100");

			byte[] content = TestSite.largeContent();
			List<Part> parts = Part.parse(response);
			assertThat(parts).hasSize(3);
			assertThat(parts.get(0).body()).isEqualTo(Arrays.copyOfRange(content, 0, 100));
			assertThat(parts.get(1).body()).isEqualTo(Arrays.copyOfRange(content, 5_000_000, 5_000_100));
			assertThat(parts.get(2).body())
				.isEqualTo(Arrays.copyOfRange(content, content.length - 100, content.length));
		}

		/**
		 * Regression: multipart/byteranges read a large file from disk by opening it on
		 * the event loop.
		 */
		@Test
		void multipartRangesOfALargeFileDoNotOpenItOnTheEventLoop() throws Exception {
			HttpResponse<byte[]> response = get("/large.bin", "Range", "bytes=1-2,4-5");

			assertThat(response.statusCode()).isEqualTo(206);
			assertThat(Part.parse(response)).extracting(Part::contentRange)
				.containsExactly("bytes 1-2/" + TestSite.LARGE_SIZE, "bytes 4-5/" + TestSite.LARGE_SIZE);
		}

		@Test
		void rangeFarPastTheEndIs416WithABodyMatchingContentLength() throws Exception {
			RawHttp.Response response = RawHttp.exchange(port, "GET", "/large.bin", "Range: bytes=99999999-");

			assertThat(response.status()).isEqualTo(416);
			assertThat(response.header("Content-Range")).isEqualTo("bytes */" + TestSite.LARGE_SIZE);
			assertThat(Integer.parseInt(response.header("Content-Length"))).isLessThan(TestSite.LARGE_SIZE);
			assertThat(response.body()).hasSize(Integer.parseInt(response.header("Content-Length")));
		}

	}

	/** One part of a multipart/byteranges body. */
	record Part(String contentType, String contentRange, byte[] body) {

		String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

		static List<Part> parse(HttpResponse<byte[]> response) {
			Matcher boundary = Pattern.compile("multipart/byteranges; ?boundary=(\\S+)")
				.matcher(header(response, "Content-Type"));
			assertThat(boundary.matches()).as(header(response, "Content-Type")).isTrue();
			String body = new String(response.body(), StandardCharsets.ISO_8859_1);
			String delimiter = "--" + boundary.group(1);
			List<Part> parts = new ArrayList<>();
			int at = body.indexOf(delimiter);
			while (at >= 0 && !body.startsWith(delimiter + "--", at)) {
				int headersEnd = body.indexOf("\r\n\r\n", at);
				String type = null;
				String range = null;
				for (String line : body.substring(at + delimiter.length(), headersEnd).split("\r\n")) {
					if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
						type = line.substring(13).trim();
					}
					if (line.regionMatches(true, 0, "Content-Range:", 0, 14)) {
						range = line.substring(14).trim();
					}
				}
				long length = rangeLength(range);
				int start = headersEnd + 4;
				byte[] bytes = Arrays.copyOfRange(response.body(), start, start + (int) length);
				parts.add(new Part(type, range, bytes));
				at = body.indexOf(delimiter, start + (int) length);
				assertThat(body.substring(start + (int) length, at)).as("CRLF before each delimiter").isEqualTo("\r\n");
			}
			assertThat(at).as("closing delimiter").isGreaterThanOrEqualTo(0);
			return parts;
		}

		private static long rangeLength(String contentRange) {
			String[] bounds = contentRange.substring("bytes ".length(), contentRange.indexOf('/')).split("-");
			return Long.parseLong(bounds[1]) - Long.parseLong(bounds[0]) + 1;
		}

	}

}
