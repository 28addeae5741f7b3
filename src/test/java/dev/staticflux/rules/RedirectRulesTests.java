package dev.staticflux.rules;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.staticflux.config.StaticFluxProperties.RedirectRule;
import dev.staticflux.files.RequestPath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedirectRulesTests {

	private static RedirectRules rules(RedirectRule... rules) {
		return RedirectRules.of(List.of(rules), "staticflux.redirects");
	}

	private static Redirect find(RedirectRules rules, String rawPath, String query) {
		return rules.find(RequestPath.parse(rawPath), query);
	}

	@Nested
	class Matching {

		private final RedirectRules rules = rules(new RedirectRule("/old/{*rest}", "/new{rest}", 301),
				new RedirectRule("/blog/{year}/{slug}", "/posts/{year}-{slug}", 308),
				new RedirectRule("/exact", "/elsewhere", 302));

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				/old/a/b.html      | /new/a/b.html
				/old/              | /new/
				/old               | /new
				/blog/2024/hello   | /posts/2024-hello
				/exact             | /elsewhere
				""")
		void capturesAreWrittenIntoTheTarget(String path, String location) {
			assertThat(find(rules, path, null).location()).isEqualTo(location);
		}

		@Test
		void statusIsTheRulesOwn() {
			assertThat(find(rules, "/old/x", null).status()).isEqualTo(301);
			assertThat(find(rules, "/blog/2024/x", null).status()).isEqualTo(308);
			assertThat(find(rules, "/exact", null).status()).isEqualTo(302);
		}

		@Test
		void pathMatchingNoRuleIsNotRedirected() {
			assertThat(find(rules, "/older/x", null)).isNull();
			assertThat(find(rules, "/blog/2024", null)).isNull();
			assertThat(find(rules, "/", null)).isNull();
		}

		@Test
		void trailingSlashIsSignificant() {
			assertThat(find(rules, "/exact/", null)).isNull();
		}

		@Test
		void firstMatchingRuleWins() {
			RedirectRules overlapping = rules(new RedirectRule("/a/{*rest}", "/first{rest}", 301),
					new RedirectRule("/a/b", "/second", 301));

			assertThat(find(overlapping, "/a/b", null).location()).isEqualTo("/first/b");
		}

		@Test
		void pathIsMatchedAsCheckedDecodedOnceAndCollapsed() {
			assertThat(find(rules, "/old//a", null).location()).isEqualTo("/new/a");
			assertThat(find(rules, "/%6Fld/a", null).location()).isEqualTo("/new/a");
		}

		@Test
		void noRulesFindNothing() {
			assertThat(find(rules(), "/old/a", null)).isNull();
		}

	}

	@Nested
	class QueryString {

		@Test
		void queryIsKeptWhenTheTargetHasNone() {
			RedirectRules rules = rules(new RedirectRule("/old/{*rest}", "/new{rest}", 301));

			assertThat(find(rules, "/old/a", "x=1&y=%20").location()).isEqualTo("/new/a?x=1&y=%20");
		}

		@Test
		void targetsOwnQueryReplacesTheRequests() {
			RedirectRules rules = rules(new RedirectRule("/search/{term}", "/find?q={term}", 302));

			assertThat(find(rules, "/search/cats", "page=2").location()).isEqualTo("/find?q=cats");
		}

		@Test
		void captureInTheQueryCannotAddParameters() {
			RedirectRules rules = rules(new RedirectRule("/search/{term}", "/find?q={term}", 302));

			assertThat(find(rules, "/search/a&admin=1%23x", null).location()).isEqualTo("/find?q=a%26admin%3D1%23x");
		}

		@Test
		void keptQueryGoesBeforeTheTargetsFragment() {
			RedirectRules rules = rules(new RedirectRule("/doc", "/manual#install", 301));

			assertThat(find(rules, "/doc", "v=2").location()).isEqualTo("/manual?v=2#install");
		}

		@Test
		void keptQueryCannotCarryRawSpacesOrFragments() {
			RedirectRules rules = rules(new RedirectRule("/doc", "/manual", 301));

			assertThat(find(rules, "/doc", "a b#c\r\n").location()).isEqualTo("/manual?a%20b%23c%0D%0A");
		}

	}

	@Nested
	class OpenRedirects {

		@Test
		void captureCannotTurnALocalTargetIntoAnotherHost() {
			RedirectRules rules = rules(new RedirectRule("/go/{*rest}", "/{rest}", 301));

			assertThat(find(rules, "/go//evil.example", null).location()).isEqualTo("/evil.example");
			assertThat(find(rules, "/go/", null).location()).isEqualTo("/");
			assertThat(find(rules, "/go/x", null).location()).isEqualTo("/x");
		}

		@Test
		void capturesAreEncodedSoTheyCannotEndThePath() {
			RedirectRules rules = rules(new RedirectRule("/p/{name}", "/q/{name}/end", 301));

			assertThat(find(rules, "/p/a%3Fb%23c%3Bd%22e%3Cf", null).location())
				.isEqualTo("/q/a%3Fb%23c%3Bd%22e%3Cf/end");
			assertThat(find(rules, "/p/%C3%A9t%C3%A9", null).location()).isEqualTo("/q/%C3%A9t%C3%A9/end");
		}

		@Test
		void captureAfterAnAbsoluteTargetsHostStaysInItsPath() {
			RedirectRules rules = rules(new RedirectRule("/{*rest}", "https://www.example.com{rest}", 301));

			assertThat(find(rules, "/a/b", "q=1").location()).isEqualTo("https://www.example.com/a/b?q=1");
			assertThat(find(rules, "/@evil.example", null).location())
				.isEqualTo("https://www.example.com/@evil.example");
		}

	}

	@Nested
	class Validation {

		@Test
		void targetUsingAnUnknownCaptureIsRejectedNamingTheKey() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> rules(new RedirectRule("/a", "/b", 301),
						new RedirectRule("/old/{*rest}", "/new/{path}", 301)))
				.withMessage(
						"staticflux.redirects[1].to: '/new/{path}' uses {path} (expected: one of the captures of from: rest)");
		}

		@Test
		void targetWithCapturesWhenThePatternHasNoneIsRejected() {
			assertThatIllegalArgumentException().isThrownBy(() -> rules(new RedirectRule("/a", "/b/{x}", 301)))
				.withMessageContaining("uses {x} (expected: one of the captures of from: none)");
		}

		@Test
		void starFormOfACaptureIsAcceptedInTheTarget() {
			RedirectRules rules = rules(new RedirectRule("/old/{*rest}", "/new{*rest}", 301));

			assertThat(find(rules, "/old/a", null).location()).isEqualTo("/new/a");
		}

		@Test
		void closingBraceWithoutCaptureIsRejected() {
			assertThatIllegalArgumentException().isThrownBy(() -> rules(new RedirectRule("/a", "/b}", 301)))
				.withMessageStartingWith("staticflux.redirects[0].to: '/b}'");
		}

	}

	@Test
	void captureNamesIncludeRegexAndRestCaptures() {
		assertThat(RedirectRules.captureNames("/{a}/{b:[0-9]{2,4}}-{c}/{*rest}")).containsExactly("a", "b", "c",
				"rest");
		assertThat(RedirectRules.captureNames("/static/**")).isEmpty();
	}

}
