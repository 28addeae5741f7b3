package dev.staticflux.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.staticflux.testsupport.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * Range, conditional and negotiation headers as raw requests send them: range
 * amplification, numbers too large for a {@code long}, empty list elements, the obsolete
 * date forms (RFC 9110 §14.2, §5.6.1.2, §5.6.7).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RangeAndHeaderParsingIntegrationTests {

	private static final int BIG = 3 * 1024 * 1024;

	private static final String TEXT = "0123456789".repeat(10);

	/** The date of RFC 9110's examples, as the small file's modification time. */
	private static final Instant NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z");

	private static final Pattern CONTENT_RANGE = Pattern.compile("(?im)^content-range: (.*)$");

	@TempDir
	static Path workDir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRoots.register(registry, () -> workDir);
	}

	@BeforeAll
	static void files() throws IOException {
		Path root = Files.createDirectories(workDir.resolve("root"));
		byte[] big = new byte[BIG];
		new Random(7).nextBytes(big);
		Files.write(root.resolve("big.bin"), big);
		Path text = Files.writeString(root.resolve("text.txt"), TEXT);
		Files.setLastModifiedTime(text, FileTime.from(NOV_6_1994));
		Files.writeString(root.resolve("page.html"), "identity");
		Files.writeString(root.resolve("page.html.gz"), "gzip bytes");
	}

	private RawHttp.Response get(String path, String... headers) throws IOException {
		String[] lines = new String[headers.length + 2];
		lines[0] = "Host: localhost";
		System.arraycopy(headers, 0, lines, 1, headers.length);
		lines[lines.length - 1] = "Connection: close";
		return new RawHttp(port).exchange(request("GET", path, lines)).only();
	}

	/**
	 * Regression: {@code bytes=0-,0-,...} sent the file once per range in one multipart
	 * response.
	 */
	@Test
	void overlappingRangesOfTheWholeFileSendItOnce() throws IOException {
		String header = "Range: bytes=" + String.join(",", Collections.nCopies(16, "0-"));

		RawHttp.Exchange exchange = new RawHttp(port)
			.exchange(request("GET", "/big.bin", "Host: localhost", header, "Connection: close"));

		assertThat(exchange.received().length).isLessThan(BIG + 1024);
		RawHttp.Response response = exchange.only();
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.complete()).isTrue();
		assertThat(response.body()).hasSize(BIG);
		assertThat(contentRanges(response.head())).isEqualTo("bytes 0-" + (BIG - 1) + "/" + BIG);
	}

	@Test
	void overlappingRangesAreCoalescedIntoOnePart() throws IOException {
		RawHttp.Response response = get("/big.bin", "Range: bytes=1000-1999,0-99,100-1500");

		assertThat(response.status()).isEqualTo(206);
		assertThat(response.head()).doesNotContain("multipart/byteranges");
		assertThat(contentRanges(response.head())).isEqualTo("bytes 0-1999/" + BIG);
		assertThat(response.body()).hasSize(2000);
	}

	@Test
	void disjointAscendingRangesKeepTheirMultipartResponse() throws IOException {
		RawHttp.Response response = get("/big.bin", "Range: bytes=0-99,500000-500099,-100");

		assertThat(response.status()).isEqualTo(206);
		assertThat(response.head()).contains("multipart/byteranges");
		assertThat(contentRanges(response.bodyText())).isEqualTo("bytes 0-99/" + BIG + ", bytes 500000-500099/" + BIG
				+ ", bytes " + (BIG - 100) + "-" + (BIG - 1) + "/" + BIG);
	}

	@Test
	void manyTinyRangesOfASmallFileGetTheWholeFile() throws IOException {
		RawHttp.Response response = get("/text.txt",
				"Range: bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18,20-20,22-22,24-24,26-26,28-28,30-30");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo(TEXT);
	}

	/**
	 * Regression: a last position too large for a long voided the header (200) instead of
	 * being clipped.
	 */
	@Test
	void lastPositionTooLargeForALongIsClipped() throws IOException {
		RawHttp.Response response = get("/text.txt", "Range: bytes=90-99999999999999999999999");

		assertThat(response.status()).isEqualTo(206);
		assertThat(contentRanges(response.head())).isEqualTo("bytes 90-99/100");
		assertThat(response.bodyText()).isEqualTo("0123456789");
	}

	/** Regression: an empty list element ({@code bytes=0-1,}) voided the header. */
	@Test
	void emptyRangeListElementsAreSkipped() throws IOException {
		RawHttp.Response response = get("/text.txt", "Range: bytes=,10-14,,");

		assertThat(response.status()).isEqualTo(206);
		assertThat(contentRanges(response.head())).isEqualTo("bytes 10-14/100");
	}

	/**
	 * Regression: the two-digit year was read as 2094, failing the weekday check, so the
	 * header was ignored.
	 */
	@Test
	void rfc850DateOfTheLastCenturyIsHonoured() throws IOException {
		assertThat(get("/text.txt", "If-Modified-Since: Sunday, 06-Nov-94 08:49:37 GMT").status()).isEqualTo(304);
		assertThat(get("/text.txt", "If-Modified-Since: Sun Nov  6 08:49:37 1994").status()).isEqualTo(304);
		assertThat(get("/text.txt", "If-Modified-Since: Saturday, 05-Nov-94 08:49:37 GMT").status()).isEqualTo(200);
	}

	@Test
	void emptyListElementsInConditionalsAndNegotiationAreSkipped() throws IOException {
		String etag = header(get("/text.txt").head(), "etag");

		assertThat(get("/text.txt", "If-None-Match: , \"other\",," + etag + ",").status()).isEqualTo(304);
		assertThat(get("/text.txt", "If-Match: ,," + etag).status()).isEqualTo(200);
		assertThat(get("/page.html", "Accept-Encoding: ,, gzip ,").bodyText()).isEqualTo("gzip bytes");
	}

	private static String contentRanges(String text) {
		Matcher matcher = CONTENT_RANGE.matcher(text);
		StringBuilder ranges = new StringBuilder();
		while (matcher.find()) {
			ranges.append(ranges.isEmpty() ? "" : ", ").append(matcher.group(1).trim());
		}
		return ranges.toString();
	}

	private static String header(String head, String name) {
		Matcher matcher = Pattern.compile("(?im)^" + name + ": (.*)$").matcher(head);
		assertThat(matcher.find()).as(head).isTrue();
		return matcher.group(1).trim();
	}

}
