package dev.staticflux.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.StaticFluxApplication;
import dev.staticflux.netty.NettyFileRoute;
import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The site rules (issue 18) over real HTTP: the single-page-app fallback, redirects,
 * header rules, the media-type table and the {@code Server} header, with their safety
 * interplay. Two servers share the configuration and the root: this test's, with the
 * Reactor Netty adapter in front (the default), and a second one with
 * {@code staticflux.cache.fast-path=false}, so WebFlux answers everything. Every request
 * goes to both (to the first twice, so that the second answer comes from memory) and the
 * answers must be the same except for {@code Date}: the rules are decided once, in the
 * engine, for every adapter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SiteRulesIntegrationTests {

	private static final String BROWSER = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final String SCRIPT = "Accept: */*";

	private static final String SHELL = "<html><body>home</body></html>";

	private static final String[] RULES = { "staticflux.fallback=/index.html",
			"staticflux.redirects[0].from=/old/{*rest}", "staticflux.redirects[0].to=/new{rest}",
			"staticflux.redirects[1].from=/go/{*rest}", "staticflux.redirects[1].to=/{rest}",
			"staticflux.redirects[2].from=/blog/{year}/{slug}", "staticflux.redirects[2].to=/posts/{year}-{slug}",
			"staticflux.redirects[2].status=308", "staticflux.redirects[3].from=/moved",
			"staticflux.redirects[3].to=https://www.example.com/moved", "staticflux.redirects[3].status=302",
			"staticflux.headers[0].pattern=**", "staticflux.headers[0].name=Strict-Transport-Security",
			"staticflux.headers[0].value=max-age=63072000", "staticflux.headers[1].pattern=*.html",
			"staticflux.headers[1].name=Content-Security-Policy", "staticflux.headers[1].value=default-src 'self'",
			"staticflux.headers[2].pattern=*.woff2", "staticflux.headers[2].name=Access-Control-Allow-Origin",
			"staticflux.headers[2].value=*", "staticflux.headers[3].pattern=fonts/**",
			"staticflux.headers[3].name=Access-Control-Allow-Origin",
			"staticflux.headers[3].value=https://app.example.com", "staticflux.mime-types.m3u8=audio/mpegurl",
			"server.server-header=edge/1", "staticflux.hosts[0].name=spa.test",
			"staticflux.hosts[0].fallback=/app.html", "staticflux.hosts[0].headers[0].pattern=**",
			"staticflux.hosts[0].headers[0].name=X-Site", "staticflux.hosts[0].headers[0].value=spa" };

	@TempDir
	static Path base;

	static Path root;

	static ConfigurableApplicationContext webFluxOnly;

	static int webFluxOnlyPort;

	@LocalServerPort
	int port;

	@Autowired
	NettyFileRoute nettyRoute;

	@BeforeAll
	static void site() throws IOException {
		root = TestSite.create(base);
		TestSite.write(root.resolve("fonts/a.woff2"), "font");
		TestSite.write(root.resolve("assets/app.js"), "console.log(1)");
		TestSite.write(root.resolve("live.m3u8"), "#EXTM3U");
		TestSite.write(root.resolve("clip.mov"), "mov");
		TestSite.write(root.resolve("sheet.ods"), "ods");
		TestSite.write(base.resolve("spa/app.html"), "<html>spa shell</html>");
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--management.server.port=0", "--staticflux.cache.fast-path=false",
						"--staticflux.root=" + root, "--staticflux.hosts[0].root=" + base.resolve("spa"),
						"--staticflux.access-log.file=" + base.resolve("access-webflux.log")));
		for (String rule : RULES) {
			args.add("--" + rule);
		}
		webFluxOnly = new SpringApplicationBuilder(StaticFluxApplication.class).run(args.toArray(String[]::new));
		webFluxOnlyPort = Integer.parseInt(webFluxOnly.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	static void stop() {
		if (webFluxOnly != null) {
			webFluxOnly.close();
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestSite.register(registry, base, base.resolve("www"));
		registry.add("staticflux.hosts[0].root", () -> base.resolve("spa").toString());
		for (String rule : RULES) {
			int equals = rule.indexOf('=');
			registry.add(rule.substring(0, equals), () -> rule.substring(equals + 1));
		}
	}

	/**
	 * Sends a request to both servers and checks they answer alike; the answer of this
	 * test's server.
	 */
	private RawHttp.Response both(String method, String target, String... headers) throws IOException {
		RawHttp.exchange(port, method, target, headers);
		RawHttp.Response first = RawHttp.exchange(port, method, target, headers);
		RawHttp.Response webFlux = RawHttp.exchange(webFluxOnlyPort, method, target, headers);
		assertThat(comparable(first)).as("%s %s on both adapters", method, target).isEqualTo(comparable(webFlux));
		return first;
	}

	private static Map<String, Object> comparable(RawHttp.Response response) {
		Map<String, String> headers = new LinkedHashMap<>(response.headers());
		headers.remove("date");
		Map<String, Object> comparable = new LinkedHashMap<>();
		comparable.put("status", response.status());
		comparable.put("headers", headers);
		comparable.put("body", new String(response.body(), StandardCharsets.ISO_8859_1));
		return comparable;
	}

	@ParameterizedTest
	@ValueSource(strings = { "/old/a", "/fonts/a.woff2", "/assets/missing.js" })
	void repliesDecidedWithoutIoCarryTheRulesOnTheNettyAdapterToo(String target) throws IOException {
		RawHttp.exchange(port, "GET", target, SCRIPT);
		long before = nettyRoute.answered();

		RawHttp.Response response = both("GET", target, SCRIPT);

		assertThat(nettyRoute.answered()).as("answered on Reactor Netty").isGreaterThan(before);
		assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=63072000");
	}

	@Nested
	class Fallback {

		@Test
		void navigationToAPathThatIsNoFileGetsTheShell() throws IOException {
			RawHttp.Response response = both("GET", "/settings/profile?tab=2", BROWSER);

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo(SHELL);
			assertThat(response.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
			assertThat(response.header("Vary")).isEqualTo("Accept");
			assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'self'");
		}

		@Test
		void directoryWithoutIndexIsNoFileEither() throws IOException {
			assertThat(both("GET", "/empty/", BROWSER).bodyText()).isEqualTo(SHELL);
		}

		@Test
		void assetRequestKeepsIts404() throws IOException {
			RawHttp.Response response = both("GET", "/assets/missing.js", SCRIPT);

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.bodyText()).isEqualTo(TestSite.CUSTOM_404);
			assertThat(response.header("Vary")).isEqualTo("Accept");
		}

		@Test
		void headGetsTheShellsHeadersWithoutBody() throws IOException {
			RawHttp.Response response = both("HEAD", "/settings", BROWSER);

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(SHELL.length()));
			assertThat(response.body()).isEmpty();
		}

		@Test
		void shellIsRevalidatedLikeTheFileItIs() throws IOException {
			String etag = both("GET", "/index.html").header("ETag");

			RawHttp.Response response = both("GET", "/deep/route", BROWSER, "If-None-Match: " + etag);

			assertThat(response.status()).isEqualTo(304);
			assertThat(response.header("Vary")).isEqualTo("Accept");
			assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=63072000");
		}

		@ParameterizedTest
		@ValueSource(strings = { "/.env", "/.git/config", "/sub/.hidden", "/.git/missing", "/.missing" })
		void neverServesForADotFile(String target) throws IOException {
			RawHttp.Response response = both("GET", target, BROWSER);

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.bodyText()).isEqualTo(TestSite.CUSTOM_404).doesNotContain(TestSite.SECRET_MARKER);
		}

		@ParameterizedTest
		@ValueSource(strings = { "/link-dir/missing", "/link-dir/secret.txt", "/link-out.txt" })
		void neverServesForAPathThroughALinkOutOfTheRoot(String target) throws IOException {
			RawHttp.Response response = both("GET", target, BROWSER);

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.bodyText()).isEqualTo(TestSite.CUSTOM_404);
		}

		@ParameterizedTest
		@ValueSource(strings = { "/%2e%2e/outside/secret.txt", "/a/../../etc/passwd", "/a%2fb", "/a%00" })
		void neverServesForAMalformedPath(String target) throws IOException {
			assertThat(both("GET", target, BROWSER).status()).isEqualTo(400);
		}

		@Test
		void keepsTheOtherAnswersOfExistingPaths() throws IOException {
			assertThat(both("GET", "/forbidden.txt", BROWSER).status()).isEqualTo(403);
			assertThat(both("GET", "/docs", BROWSER).status()).isEqualTo(301);
			assertThat(both("GET", "/text.txt", BROWSER).bodyText()).isEqualTo(TestSite.TEXT);
			assertThat(both("POST", "/settings", BROWSER).status()).isEqualTo(405);
		}

		@Test
		void virtualHostHasItsOwnShell() throws IOException {
			RawHttp.Response response = both("GET", "/route", BROWSER, "Host: spa.test");

			assertThat(response.bodyText()).isEqualTo("<html>spa shell</html>");
			assertThat(response.header("X-Site")).isEqualTo("spa");
			assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=63072000");
		}

	}

	@Nested
	class Redirects {

		@Test
		void captureIsWrittenIntoTheTargetAndTheQueryKept() throws IOException {
			RawHttp.Response response = both("GET", "/old/a/b.html?x=1&y=%20", BROWSER);

			assertThat(response.status()).isEqualTo(301);
			assertThat(response.header("Location")).isEqualTo("/new/a/b.html?x=1&y=%20");
			assertThat(response.header("Content-Length")).isEqualTo("0");
			assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=63072000");
		}

		@Test
		void ruleStatusIsSent() throws IOException {
			RawHttp.Response response = both("HEAD", "/blog/2024/hello");

			assertThat(response.status()).isEqualTo(308);
			assertThat(response.header("Location")).isEqualTo("/posts/2024-hello");
		}

		@Test
		void ruleNamingAHostRedirectsThere() throws IOException {
			RawHttp.Response response = both("GET", "/moved");

			assertThat(response.status()).isEqualTo(302);
			assertThat(response.header("Location")).isEqualTo("https://www.example.com/moved");
		}

		@ParameterizedTest
		@ValueSource(strings = { "/go//evil.example", "/go/%2Fevil.example", "//go//evil.example/x",
				"/go/%5Cevil.example", "/go/%09/evil.example", "/go/\\evil.example", "/go/%252F%252Fevil.example" })
		void captureNeverLeadsToAnotherHost(String target) throws IOException {
			RawHttp.Response response = both("GET", target);

			if (response.status() == 301) {
				assertThat(response.header("Location")).startsWith("/").doesNotStartWith("//").doesNotContain("\\");
			}
			else {
				assertThat(response.status()).isEqualTo(400);
				assertThat(response.header("Location")).isNull();
			}
		}

		@Test
		void redirectComesBeforeTheFileLookupAndTheFallback() throws IOException {
			assertThat(both("GET", "/old/", BROWSER).header("Location")).isEqualTo("/new/");
		}

	}

	@Nested
	class Headers {

		@Test
		void onAFile() throws IOException {
			RawHttp.Response response = both("GET", "/fonts/a.woff2");

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
			assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=63072000");
			assertThat(response.header("Content-Security-Policy")).isNull();
		}

		@Test
		void onAPartialAndANotModifiedAnswer() throws IOException {
			RawHttp.Response partial = both("GET", "/page.html", "Range: bytes=0-3");
			RawHttp.Response notModified = both("GET", "/page.html", "If-None-Match: " + partial.header("ETag"));

			assertThat(partial.status()).isEqualTo(206);
			assertThat(partial.header("Content-Security-Policy")).isEqualTo("default-src 'self'");
			assertThat(notModified.status()).isEqualTo(304);
			assertThat(notModified.header("Content-Security-Policy")).isEqualTo("default-src 'self'");
		}

		@Test
		void onAnIndexFileAsTheFileItServes() throws IOException {
			assertThat(both("GET", "/docs/").header("Content-Security-Policy")).isEqualTo("default-src 'self'");
		}

		@Test
		void onAnErrorPage() throws IOException {
			RawHttp.Response response = both("GET", "/fonts/missing.woff2");

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
			assertThat(both("GET", "/%2e%2e/x").header("Strict-Transport-Security")).isEqualTo("max-age=63072000");
			assertThat(both("DELETE", "/a.woff2").header("Access-Control-Allow-Origin")).isEqualTo("*");
		}

		@Test
		void onOptionsAndACorsPreflight() throws IOException {
			RawHttp.Response options = both("OPTIONS", "/a.woff2");
			RawHttp.Response preflight = both("OPTIONS", "/fonts/a.woff2", "Origin: https://app.example.com",
					"Access-Control-Request-Method: GET");

			assertThat(options.status()).isEqualTo(204);
			assertThat(options.header("Access-Control-Allow-Origin")).isEqualTo("*");
			assertThat(preflight.status()).isEqualTo(204);
			assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
			assertThat(preflight.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
		}

	}

	@Nested
	class MediaTypesAndServer {

		@Test
		void operatorTypeWinsOverTheTable() throws IOException {
			assertThat(both("GET", "/live.m3u8").header("Content-Type")).isEqualTo("audio/mpegurl");
		}

		@Test
		void typesBeyondTheOldTableAreNamed() throws IOException {
			assertThat(both("GET", "/clip.mov").header("Content-Type")).isEqualTo("video/quicktime");
			assertThat(both("GET", "/sheet.ods").header("Content-Type"))
				.isEqualTo("application/vnd.oasis.opendocument.spreadsheet");
		}

		@Test
		void serverHeaderIsTheConfiguredOneOnEveryAnswer() throws IOException {
			assertThat(both("GET", "/text.txt").header("Server")).isEqualTo("edge/1");
			assertThat(both("GET", "/missing.txt").header("Server")).isEqualTo("edge/1");
			assertThat(both("GET", "/old/x").header("Server")).isEqualTo("edge/1");
		}

	}

}
