package dev.staticflux.files;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.staticflux.config.StaticFluxProperties.CacheControlRule;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlRulesTests {

	private final CacheControlRules rules = new CacheControlRules(List.of(new CacheControlRule("*.html", "no-cache"),
			new CacheControlRule("assets/**", "public, max-age=31536000, immutable"),
			new CacheControlRule("**", "public, max-age=3600")));

	@Test
	void patternWithoutSlashMatchesTheFileNameInAnyDirectory() {
		assertThat(rules.valueFor("index.html")).isEqualTo("no-cache");
		assertThat(rules.valueFor("docs/deep/page.html")).isEqualTo("no-cache");
	}

	@Test
	void patternWithSlashMatchesTheWholePath() {
		assertThat(rules.valueFor("assets/css/site.css")).isEqualTo("public, max-age=31536000, immutable");
		assertThat(rules.valueFor("other/assets/site.css")).isEqualTo("public, max-age=3600");
	}

	@Test
	void firstMatchingRuleWins() {
		assertThat(rules.valueFor("assets/page.html")).isEqualTo("no-cache");
	}

	@Test
	void doubleStarMatchesEverything() {
		assertThat(rules.valueFor("image.png")).isEqualTo("public, max-age=3600");
		assertThat(rules.valueFor("a/b/c.bin")).isEqualTo("public, max-age=3600");
	}

	@Test
	void noRulesGiveNoHeader() {
		assertThat(new CacheControlRules(List.of()).valueFor("index.html")).isNull();
	}

	@Test
	void noMatchingRuleGivesNoHeader() {
		CacheControlRules htmlOnly = new CacheControlRules(List.of(new CacheControlRule("*.html", "no-cache")));
		assertThat(htmlOnly.valueFor("app.js")).isNull();
	}

}
