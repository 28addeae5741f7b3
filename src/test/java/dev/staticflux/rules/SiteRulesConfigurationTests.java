package dev.staticflux.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.files.MediaTypes;
import dev.staticflux.files.RequestPath;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding and start-up validation of the site-rule keys, and the {@code siterules}
 * endpoint's report.
 */
class SiteRulesConfigurationTests {

	@TempDir
	Path root;

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner().withUserConfiguration(Properties.class, SiteRulesConfiguration.class)
			.withPropertyValues("staticflux.root=" + root)
			.withPropertyValues(properties);
	}

	private static AbstractThrowableAssert<?, ? extends Throwable> failure(AssertableApplicationContext context) {
		Throwable cause = context.getStartupFailure();
		assertThat(cause).isNotNull();
		while (cause.getCause() != null && !ours(cause)) {
			cause = cause.getCause();
		}
		return assertThat(cause);
	}

	/**
	 * The exception staticflux throws, rather than the binder's wrappers around it or the
	 * cause it carries.
	 */
	private static boolean ours(Throwable ex) {
		return ex instanceof IllegalArgumentException && ex.getMessage() != null
				&& (ex.getMessage().startsWith("staticflux.") || ex.getMessage().startsWith("server."));
	}

	@Test
	void rulesAreOffByDefault() {
		runner().run(context -> {
			SiteRules site = context.getBean(SiteRulesByHost.class).forHost("any.example");
			assertThat(site.fallback()).isNull();
			assertThat(site.redirects().configured()).isEmpty();
			assertThat(site.headers().headersFor("index.html")).isEmpty();
			assertThat(context.getBean(ServerHeader.class).value()).isEqualTo("staticflux");
			assertThat(context.getBean(MediaTypes.class).overrides()).isEmpty();
		});
	}

	@Test
	void bindsRulesOfTheDefaultSite() {
		runner("staticflux.fallback=/index.html", "staticflux.redirects[0].from=/old/{*rest}",
				"staticflux.redirects[0].to=/new{rest}", "staticflux.redirects[1].from=/tmp",
				"staticflux.redirects[1].to=/temp", "staticflux.redirects[1].status=307",
				"staticflux.headers[0].pattern=**", "staticflux.headers[0].name=X-Frame-Options",
				"staticflux.headers[0].value=DENY", "staticflux.mime-types.m3u8=audio/mpegurl",
				"staticflux.mime-types.[.LOG]=text/plain")
			.run(context -> {
				SiteRules site = context.getBean(SiteRulesByHost.class).forHost(null);
				assertThat(site.fallback().configured()).isEqualTo("/index.html");
				assertThat(site.redirects().find(RequestPath.parse("/old/a"), null))
					.isEqualTo(new Redirect(301, "/new/a"));
				assertThat(site.redirects().find(RequestPath.parse("/tmp"), null))
					.isEqualTo(new Redirect(307, "/temp"));
				assertThat(site.headers().headersFor("a.css")).containsExactly("X-Frame-Options", "DENY");
				MediaTypes types = context.getBean(MediaTypes.class);
				assertThat(types.typeOf("x.m3u8")).isEqualTo("audio/mpegurl");
				assertThat(types.typeOf("x.log")).isEqualTo("text/plain");
			});
	}

	@Test
	void virtualHostHasItsOwnRedirectsAndFallbackAndInheritsHeaders() throws IOException {
		Path docs = Files.createDirectories(root.resolve("docs"));
		runner("staticflux.fallback=/index.html", "staticflux.redirects[0].from=/a", "staticflux.redirects[0].to=/b",
				"staticflux.headers[0].pattern=**", "staticflux.headers[0].name=X-Site",
				"staticflux.headers[0].value=all", "staticflux.headers[1].pattern=**",
				"staticflux.headers[1].name=X-Frame-Options", "staticflux.headers[1].value=DENY",
				"staticflux.hosts[0].name=Docs.Example.com", "staticflux.hosts[0].root=" + docs,
				"staticflux.hosts[0].fallback=/app.html", "staticflux.hosts[0].redirects[0].from=/c",
				"staticflux.hosts[0].redirects[0].to=/d", "staticflux.hosts[0].headers[0].pattern=**",
				"staticflux.hosts[0].headers[0].name=X-Site", "staticflux.hosts[0].headers[0].value=docs")
			.run(context -> {
				SiteRules docsSite = context.getBean(SiteRulesByHost.class).forHost("docs.example.com:8080");
				assertThat(docsSite.host()).isEqualTo("docs.example.com");
				assertThat(docsSite.root()).isEqualTo(docs);
				assertThat(docsSite.fallback().configured()).isEqualTo("/app.html");
				assertThat(docsSite.redirects().find(RequestPath.parse("/a"), null)).isNull();
				assertThat(docsSite.redirects().find(RequestPath.parse("/c"), null).location()).isEqualTo("/d");
				assertThat(docsSite.headers().headersFor("x")).containsExactly("X-Frame-Options", "DENY", "X-Site",
						"docs");
				SiteRules other = context.getBean(SiteRulesByHost.class).forHost("other.example");
				assertThat(other.host()).isNull();
				assertThat(other.headers().headersFor("x")).containsExactly("X-Site", "all", "X-Frame-Options", "DENY");
			});
	}

	@Nested
	class Validation {

		@ParameterizedTest
		@CsvSource(delimiter = '|',
				textBlock = """
						/blog/{year            | staticflux.redirects[0].from: '/blog/{year' (expected: a path pattern; Expected close capture
						/a/{*rest}/b           | staticflux.redirects[0].from: '/a/{*rest}/b' (expected: a path pattern;
						old/page               | staticflux.redirects[0].from: 'old/page' (expected: a path pattern starting with /)
						""")
		void badPatternIsRejectedNamingTheKey(String from, String message) {
			runner("staticflux.redirects[0].from=" + from, "staticflux.redirects[0].to=/x")
				.run(context -> failure(context).hasMessageStartingWith(message));
		}

		@Test
		void badStatusIsRejectedNamingTheKey() {
			runner("staticflux.redirects[0].from=/a", "staticflux.redirects[0].to=/b",
					"staticflux.redirects[0].status=200")
				.run(context -> failure(context)
					.hasMessage("staticflux.redirects[0].status: 200 (expected: 301, 302, 303, 307 or 308)"));
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				//evil.example/{rest}        | (expected: a path starting with a single /
				{rest}                       | (expected: a path starting with a single /
				https://{rest}.example.com/  | (expected: a path starting with a single /
				https://example.com{rest}    | (expected: a path starting with a single /
				/a b                         | (expected: a path or URL of printable ASCII
				/\\evil.example              | (expected: a path or URL of printable ASCII
				""")
		void targetThatCouldLeaveTheHostIsRejected(String to, String message) {
			runner("staticflux.redirects[0].from=/old/{*rest}", "staticflux.redirects[0].to=" + to)
				.run(context -> failure(context).hasMessageStartingWith("staticflux.redirects[0].to: '" + to + "'")
					.hasMessageContaining(message));
		}

		@Test
		void targetWithAnUnknownCaptureIsRejectedNamingTheKey() {
			runner("staticflux.hosts[0].name=a.example", "staticflux.hosts[0].root=" + root,
					"staticflux.hosts[0].redirects[0].from=/blog/{slug}",
					"staticflux.hosts[0].redirects[0].to=/posts/{id}")
				.run(context -> failure(context)
					.hasMessage("staticflux.hosts[0].redirects[0].to: '/posts/{id}' uses {id} "
							+ "(expected: one of the captures of from: slug)"));
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				/../etc/passwd
				/.git/config
				index.html
				/app/
				/%2e%2e/x
				""")
		void fallbackThatCouldNameSomethingOutsideTheRootIsRejected(String fallback) {
			runner("staticflux.fallback=" + fallback)
				.run(context -> failure(context).hasMessageStartingWith("staticflux.fallback: '" + fallback + "'"));
		}

		@Test
		void fallbackThatLinksOutOfTheRootIsRejected() throws IOException {
			Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-outside"));
			Files.writeString(outside.resolve("x.html"), "x");
			Path site = Files.createDirectories(root.resolve("site"));
			Files.createSymbolicLink(site.resolve("index.html"), outside.resolve("x.html"));
			runner("staticflux.hosts[0].name=a.example", "staticflux.hosts[0].root=" + site,
					"staticflux.hosts[0].fallback=/index.html")
				.run(context -> failure(context)
					.hasMessageStartingWith("staticflux.hosts[0].fallback: '/index.html' is a link out of the root"));
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				Content-Length  | 0      | (expected: a header the engine does not set itself
				Cache-Control   | no-store | has staticflux.cache-control
				Bad Name        | x      | (expected: a header name)
				X-Ok            | '   '  | (expected: a header value without control characters)
				""")
		void badHeaderRuleIsRejectedNamingTheKey(String name, String value, String message) {
			runner("staticflux.headers[0].pattern=**", "staticflux.headers[0].name=" + name,
					"staticflux.headers[0].value=" + value)
				.run(context -> failure(context).hasMessageStartingWith("staticflux.headers[0].")
					.hasMessageContaining(message));
		}

		@Test
		void badMediaTypeIsRejectedNamingTheKey() {
			runner("staticflux.mime-types.m3u8=not a type").run(context -> failure(context)
				.hasMessage("staticflux.mime-types.m3u8: 'not a type' (expected: a media type such as text/plain)"));
		}

		@Test
		void serverHeaderWithControlCharactersIsRejected() {
			runner("server.server-header=a\u0001b")
				.run(context -> failure(context).hasMessageStartingWith("server.server-header:"));
		}

	}

	@Test
	void emptyServerHeaderMeansNone() {
		runner("server.server-header=")
			.run(context -> assertThat(context.getBean(ServerHeader.class).value()).isNull());
		runner("server.server-header=edge/1")
			.run(context -> assertThat(context.getBean(ServerHeader.class).value()).isEqualTo("edge/1"));
	}

	@Test
	void endpointListsTheActiveRulesPerSite() throws IOException {
		Path docs = Files.createDirectories(root.resolve("docs"));
		runner("staticflux.fallback=/index.html", "staticflux.redirects[0].from=/a", "staticflux.redirects[0].to=/b",
				"staticflux.headers[0].pattern=*.woff2", "staticflux.headers[0].name=Access-Control-Allow-Origin",
				"staticflux.headers[0].value=*", "staticflux.hosts[0].name=docs.example.com",
				"staticflux.hosts[0].root=" + docs, "staticflux.mime-types.m3u8=audio/mpegurl", "server.server-header=")
			.run(context -> {
				SiteRulesEndpoint.SiteRulesReport report = context.getBean(SiteRulesEndpoint.class).report();
				assertThat(report.sites()).hasSize(2);
				SiteRulesEndpoint.Site site = report.sites().get(0);
				assertThat(site.host()).isNull();
				assertThat(site.fallback()).isEqualTo("/index.html");
				assertThat(site.redirects()).singleElement()
					.isEqualTo(new StaticFluxProperties.RedirectRule("/a", "/b", 301));
				assertThat(site.headers()).singleElement()
					.extracting(StaticFluxProperties.HeaderRule::name)
					.isEqualTo("Access-Control-Allow-Origin");
				SiteRulesEndpoint.Site docsSite = report.sites().get(1);
				assertThat(docsSite.host()).isEqualTo("docs.example.com");
				assertThat(docsSite.fallback()).isNull();
				assertThat(docsSite.redirects()).isEmpty();
				assertThat(docsSite.headers()).hasSize(1);
				assertThat(report.mimeTypes()).containsEntry("m3u8", "audio/mpegurl");
				assertThat(report.serverHeader()).isNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StaticFluxProperties.class)
	static class Properties {

	}

}
