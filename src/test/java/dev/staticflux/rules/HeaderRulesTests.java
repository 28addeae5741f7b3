package dev.staticflux.rules;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.staticflux.config.StaticFluxProperties.HeaderRule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HeaderRulesTests {

	private static HeaderRules rules(HeaderRule... rules) {
		return HeaderRules.of(List.of(rules),
				IntStream.range(0, rules.length).mapToObj(i -> "staticflux.headers[" + i + "]").toList());
	}

	private final HeaderRules rules = rules(new HeaderRule("**", "Strict-Transport-Security", "max-age=63072000"),
			new HeaderRule("*.woff2", "Access-Control-Allow-Origin", "*"),
			new HeaderRule("/js/**", "X-Frame-Options", "DENY"),
			new HeaderRule("admin/**", "strict-transport-security", "max-age=0"));

	@Test
	void everyMatchingRuleSetsItsHeader() {
		assertThat(rules.headersFor("fonts/a.woff2")).containsExactly("Strict-Transport-Security", "max-age=63072000",
				"Access-Control-Allow-Origin", "*");
	}

	@Test
	void patternWithoutSlashMatchesTheFileNameInAnyDirectory() {
		assertThat(rules.headersFor("a.woff2")).contains("Access-Control-Allow-Origin");
		assertThat(rules.headersFor("deep/er/a.woff2")).contains("Access-Control-Allow-Origin");
		assertThat(rules.headersFor("a.woff")).doesNotContain("Access-Control-Allow-Origin");
	}

	@Test
	void leadingSlashOfAPatternIsOptional() {
		assertThat(rules.headersFor("js/app.js")).contains("X-Frame-Options", "DENY");
		assertThat(rules.headersFor("css/js/app.js")).doesNotContain("X-Frame-Options");
	}

	@Test
	void laterRuleForTheSameNameWinsWhateverItsCase() {
		assertThat(rules.headersFor("admin/index.html")).containsExactly("strict-transport-security", "max-age=0");
	}

	@Test
	void doubleStarCoversTheRootAndRejectedPaths() {
		assertThat(rules.headersFor("")).containsExactly("Strict-Transport-Security", "max-age=63072000");
	}

	@Test
	void noRulesGiveNoHeaders() {
		assertThat(rules().headersFor("index.html")).isEmpty();
	}

	@Test
	void answerForAPathIsComputedOnce() {
		assertThat(rules.headersFor("fonts/a.woff2")).isSameAs(rules.headersFor("fonts/a.woff2"));
	}

	@Test
	void malformedGlobIsRejectedNamingTheKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> rules(new HeaderRule("**", "X-A", "1"), new HeaderRule("{a,b", "X-B", "2")))
			.withMessageStartingWith("staticflux.headers[1].pattern: '{a,b' (expected: a glob");
	}

}
