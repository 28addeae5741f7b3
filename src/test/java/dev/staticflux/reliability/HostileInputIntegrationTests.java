package dev.staticflux.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.staticflux.testsupport.RawHttp.ascii;
import static dev.staticflux.testsupport.RawHttp.get;
import static dev.staticflux.testsupport.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * Raw requests no well-behaved client sends, each on its own connection. Every one must
 * get a 4xx (or a correct 2xx), never a 5xx, never silence, never a byte of the file that
 * sits beside the root; and after each the server must still serve a normal request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputIntegrationTests {

	private static final String SECRET = "SECRET-7f3a9c-outside-the-root";

	private static final String HOME = "<h1>home</h1>\n";

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
		Files.writeString(workDir.resolve("secret.txt"), SECRET);
		Files.writeString(root.resolve("index.html"), HOME);
		Files.writeString(root.resolve("data.txt"), "0123456789".repeat(10));
		Files.writeString(root.resolve(".env"), SECRET);
		Files.createDirectories(root.resolve("sub"));
		Files.writeString(root.resolve("sub/page.html"), "<p>sub</p>");
		Files.writeString(root.resolve("cold-1.txt"), "first cold file");
		Files.writeString(root.resolve("cold-2.txt"), "second cold file");
		Files.createSymbolicLink(root.resolve("link-out"), workDir.resolve("secret.txt"));
		Files.createSymbolicLink(root.resolve("dir-out"), workDir);
	}

	/** A hostile request and the statuses that are correct for it. */
	record Case(String name, byte[] raw, boolean head, Set<Integer> allowed) {

		@Override
		public String toString() {
			return name;
		}

	}

	static Stream<Case> hostileRequests() {
		List<Case> cases = new ArrayList<>();
		for (String method : List.of("GET", "HEAD")) {
			for (String target : traversalTargets()) {
				cases.add(
						new Case(method + " " + target, request(method, target, "Host: localhost", "Connection: close"),
								method.equals("HEAD"), Set.of(400, 404)));
			}
		}
		cases.addAll(limits());
		cases.addAll(methods());
		cases.addAll(protocol());
		cases.addAll(targets());
		cases.addAll(conditionalAndRange());
		cases.addAll(bodies());
		return cases.stream();
	}

	private static List<String> traversalTargets() {
		return List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
				"/%2e./secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt",
				"/..\\secret.txt", "/%252e%252e/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%uff0e%uff0e/secret.txt",
				"/sub/../../secret.txt", "/./../secret.txt", "//../secret.txt", "/..;/secret.txt", "/....//secret.txt",
				"/%2e%2e%2f%2e%2e%2fsecret.txt", "/.%00./secret.txt", "/link-out", "/dir-out/secret.txt", "/.env",
				"/sub/%2e%2e/%2e%2e/secret.txt", "http://localhost/../secret.txt");
	}

	private static List<Case> limits() {
		return List
			.of(new Case("target of 5000 bytes", get("/" + "a".repeat(5000)), false, Set.of(414)),
					new Case("target of 64 KiB", get("/"
							+ "a".repeat(64 * 1024)), false, Set.of(
									414)),
					new Case("one header of 9000 bytes",
							request("GET", "/", "Host: localhost", "X-Big: "
									+ "b".repeat(9000), "Connection: close"),
							false, Set.of(431)),
					new Case("200 headers",
							request("GET", "/",
									Stream
										.concat(Stream.of("Host: localhost"),
												IntStream.range(0, 200)
													.mapToObj(i -> "X-H" + i + ": " + "v".repeat(60)))
										.toArray(String[]::new)),
							false, Set.of(431)),
					new Case("cookie of 16 KiB", request("GET", "/", "Host: localhost",
							"Cookie: c=" + "c".repeat(16 * 1024), "Connection: close"), false, Set.of(431)));
	}

	private static List<Case> methods() {
		List<Case> cases = new ArrayList<>();
		for (String method : List.of("get", "Get", "FOO", "POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND",
				"M".repeat(100))) {
			cases.add(new Case("method " + (method.length() > 10 ? "of 100 letters" : method),
					request(method, "/", "Host: localhost", "Content-Length: 0", "Connection: close"), false,
					Set.of(400, 405, 501)));
		}
		cases.add(new Case("CONNECT", request("CONNECT", "localhost:80", "Host: localhost", "Connection: close"), false,
				Set.of(400, 405, 501)));
		cases.add(new Case("method with a separator", request("G(T", "/", "Host: localhost", "Connection: close"),
				false, Set.of(400)));
		cases.add(new Case("OPTIONS /", request("OPTIONS", "/", "Host: localhost", "Connection: close"), false,
				Set.of(204)));
		cases.add(new Case("OPTIONS *", request("OPTIONS", "*", "Host: localhost", "Connection: close"), false,
				Set.of(204, 400)));
		return cases;
	}

	private static List<Case> protocol() {
		return List.of(new Case("HTTP/0.9 request", ascii("GET /\r\n"), false, Set.of(400)),
				new Case("HTTP/2 connection preface", ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), false, Set.of(400)),
				new Case("HTTP/2.0 request line", ascii("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n"), false,
						Set.of(400)),
				new Case("HTTP/9.9", ascii("GET / HTTP/9.9\r\nHost: localhost\r\n\r\n"), false, Set.of(400)),
				new Case("HTTP/1.2", ascii("GET / HTTP/1.2\r\nHost: localhost\r\n\r\n"), false, Set.of(400)),
				new Case("no version", ascii("GET / \r\nHost: localhost\r\n\r\n"), false, Set.of(400)),
				new Case("FOO/1.1", ascii("GET / FOO/1.1\r\nHost: localhost\r\n\r\n"), false, Set.of(400)),
				new Case("missing Host", request("GET", "/", "Connection: close"), false, Set.of(400)),
				new Case("duplicate Host", request("GET", "/", "Host: a", "Host: b", "Connection: close"), false,
						Set.of(400)),
				new Case("HTTP/1.0 without Host", ascii("GET / HTTP/1.0\r\n\r\n"), false, Set.of(200)),
				new Case("TLS ClientHello on the plain port",
						new byte[] { 0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03 },
						false, Set.of(400)),
				new Case("bare LF line ends", ascii("GET / HTTP/1.1\nHost: localhost\nConnection: close\n\n"), false,
						Set.of(200, 400)),
				new Case("space in a header name",
						request("GET", "/", "Host: localhost", "Bad Header: v", "Connection: close"), false,
						Set.of(400)),
				new Case("header line without colon",
						request("GET", "/", "Host: localhost", "NoColon", "Connection: close"), false, Set.of(400)),
				new Case("obsolete line folding",
						request("GET", "/", "Host: localhost", "X-Folded: a", " b", "Connection: close"), false,
						Set.of(200, 400)),
				new Case("Host full of dots", request("GET", "/", "Host: ../../..", "Connection: close"), false,
						Set.of(200, 400)),
				new Case("NUL in a header value",
						request("GET", "/", "Host: localhost", "X-Nul: a\0b", "Connection: close"), false,
						Set.of(200, 400)));
	}

	private static List<Case> targets() {
		return List.of(new Case("encoded NUL", get("/index.html%00.txt"), false, Set.of(400)),
				new Case("raw NUL", get("/index\0.html"), false, Set.of(400)),
				new Case("invalid UTF-8, encoded", get("/%ff%fe"), false, Set.of(400)),
				new Case("invalid UTF-8, raw", request("GET", "/\u00ff\u00fe", "Host: localhost", "Connection: close"),
						false, Set.of(400, 404)),
				new Case("overlong UTF-8 slash", get("/sub%c0%afpage.html"), false, Set.of(400)),
				new Case("encoded control character", get("/index%01.html"), false, Set.of(400)),
				new Case("truncated escape", get("/index.html%2"), false, Set.of(400)),
				new Case("fragment in the target", get("/index.html#x"), false, Set.of(200, 400, 404)),
				new Case("asterisk target on GET", get("*"), false, Set.of(400, 404)),
				new Case("traversal in the query", get("/?../../secret.txt"), false, Set.of(200)),
				new Case("authority-form target", get("localhost:80"), false, Set.of(400, 404)));
	}

	private static List<Case> conditionalAndRange() {
		return List.of(rangeCase("bytes=abc", Set.of(200)), rangeCase("bytes=5-1", Set.of(200, 416)),
				rangeCase("bytes=999999-", Set.of(416)), rangeCase("bytes=-0", Set.of(200, 416)),
				rangeCase("chars=0-1", Set.of(200)), rangeCase("bytes=0-0,-1", Set.of(206)),
				rangeCase("bytes=" + "0-0,".repeat(1000) + "0-0", Set.of(200, 206, 416)),
				rangeCase("bytes=99999999999999999999-", Set.of(200, 416)),
				new Case("If-Modified-Since garbage",
						request("GET", "/data.txt", "Host: localhost", "If-Modified-Since: garbage",
								"Connection: close"),
						false, Set.of(200)),
				new Case("If-Modified-Since far future",
						request("GET", "/data.txt", "Host: localhost",
								"If-Modified-Since: Fri, 31 Dec 9999 23:59:59 GMT", "Connection: close"),
						false, Set.of(200, 304)),
				new Case("If-None-Match garbage",
						request("GET", "/data.txt", "Host: localhost", "If-None-Match: \"unterminated, W/",
								"Connection: close"),
						false, Set.of(200)),
				new Case("If-Unmodified-Since garbage",
						request("GET", "/data.txt", "Host: localhost", "If-Unmodified-Since: yesterday",
								"Connection: close"),
						false, Set.of(200)),
				new Case("If-Range garbage",
						request("GET", "/data.txt", "Host: localhost", "Range: bytes=0-1", "If-Range: ???",
								"Connection: close"),
						false, Set.of(200)),
				new Case("Accept-Encoding garbage", request("GET", "/data.txt", "Host: localhost",
						"Accept-Encoding: ;;;q=x,br;q=9", "Connection: close"), false, Set.of(200)));
	}

	private static Case rangeCase(String range, Set<Integer> allowed) {
		String name = range.length() > 30 ? "Range with 1001 parts" : "Range " + range;
		return new Case(name, request("GET", "/data.txt", "Host: localhost", "Range: " + range, "Connection: close"),
				false, allowed);
	}

	private static List<Case> bodies() {
		return List.of(
				new Case("GET with a body",
						ascii("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
								+ "Connection: close\r\n\r\nhello"),
						false, Set.of(200)),
				new Case("GET with a chunked body",
						ascii("GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: "
								+ "chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
						false, Set.of(200)),
				new Case("Content-Length and Transfer-Encoding", ascii("GET / HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"),
						false, Set.of(400)),
				new Case("Content-Length not a number",
						request("GET", "/", "Host: localhost", "Content-Length: abc", "Connection: close"), false,
						Set.of(400)),
				new Case("two different Content-Lengths",
						request("GET", "/", "Host: localhost", "Content-Length: 1", "Content-Length: 2",
								"Connection: close"),
						false, Set.of(400)),
				new Case("Expect: 100-continue on GET",
						request("GET", "/", "Host: localhost", "Expect: 100-continue", "Connection: close"), false,
						Set.of(200, 417)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void answersHostileRequestWithoutServerErrorLeakOrHang(Case hostile) throws IOException {
		RawHttp http = new RawHttp(port);
		RawHttp.Exchange exchange = http.exchange(hostile.raw(), hostile.head());

		assertThat(RawHttp.contains(exchange.received(), SECRET.getBytes(StandardCharsets.UTF_8)))
			.as("bytes from outside the root")
			.isFalse();
		RawHttp.Response response = exchange.only();
		assertThat(response.status()).as(response.head()).isIn(hostile.allowed());
		assertThat(response.complete()).as("whole body received").isTrue();

		RawHttp.Response normal = http.exchange(get("/")).only();
		assertThat(normal.status()).isEqualTo(200);
		assertThat(normal.bodyText()).isEqualTo(HOME);
	}

	@Test
	void hasAtLeastSixtyHostileRequests() {
		assertThat(hostileRequests().count()).isGreaterThanOrEqualTo(60);
	}

	/**
	 * Regression: Reactor Netty decided keep-alive when it decoded a request, so a
	 * pipelined last request with {@code Connection: close} closed the connection after
	 * the first response whenever the first was a cache miss, and the rest went
	 * unanswered. Each test asks first for a file nothing else requests.
	 */
	@Test
	void answersPipelinedRequestsInOrderWhenTheLastAsksToClose() throws IOException {
		byte[] four = ascii("GET /cold-1.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
				+ "HEAD /sub/page.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
				+ "GET /missing HTTP/1.1\r\nHost: localhost\r\n\r\n"
				+ "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		RawHttp.Exchange exchange = new RawHttp(port).exchange(four, false, true, false, false);

		assertThat(exchange.responses()).as(exchange.text())
			.extracting(RawHttp.Response::status)
			.containsExactly(200, 200, 404, 200);
		assertThat(exchange.responses().get(0).bodyText()).isEqualTo("first cold file");
		assertThat(exchange.responses().get(1).body()).isEmpty();
		assertThat(exchange.responses().get(3).bodyText()).isEqualTo(HOME);
		assertThat(exchange.responses().get(3).head()).containsIgnoringCase("connection: close");
	}

	@Test
	void answersTwoRequestsSentInOneWriteBothInOrder() throws IOException {
		byte[] two = ascii("GET /cold-2.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
				+ "GET /data.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		RawHttp.Exchange exchange = new RawHttp(port).exchange(two);

		assertThat(exchange.responses()).as(exchange.text())
			.extracting(RawHttp.Response::bodyText)
			.containsExactly("second cold file", "0123456789".repeat(10));
	}

	@Test
	void dropsWhatIsPipelinedAfterARequestThatAsksToClose() throws IOException {
		byte[] three = ascii("GET /sub/page.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
				+ "GET /data.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				+ "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");

		RawHttp.Exchange exchange = new RawHttp(port).exchange(three);

		assertThat(exchange.responses()).as(exchange.text())
			.extracting(RawHttp.Response::status)
			.containsExactly(200, 200);
	}

}
