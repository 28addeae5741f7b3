package dev.staticflux.files;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.staticflux.config.StaticFluxProperties.CacheControlRule;

/**
 * Picks the {@code Cache-Control} value for a file from the configured rules; the first
 * match wins.
 *
 * <p>
 * A pattern without {@code /} is matched against the file name alone, so {@code *.html}
 * covers HTML files in every directory (as in {@code .gitignore}); a pattern with
 * {@code /} is a glob on the whole path below the root ({@code assets/**}). {@code **}
 * matches everything.
 */
public final class CacheControlRules {

	private final List<Rule> rules;

	public CacheControlRules(List<CacheControlRule> rules) {
		this.rules = rules.stream().map(Rule::new).toList();
	}

	/**
	 * @param relative the path below the root, {@code /}-separated
	 * @return the header value, or {@code null} when no rule matches
	 */
	public @Nullable String valueFor(String relative) {
		if (rules.isEmpty() || relative.isEmpty()) {
			return null;
		}
		Path path = Path.of(relative);
		Path name = path.getFileName();
		for (Rule rule : rules) {
			if (rule.matcher.matches(rule.wholePath ? path : name)) {
				return rule.value;
			}
		}
		return null;
	}

	private static final class Rule {

		final PathMatcher matcher;

		final boolean wholePath;

		final String value;

		Rule(CacheControlRule rule) {
			this.wholePath = rule.pattern().contains("/") || rule.pattern().contains("**");
			this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + rule.pattern());
			this.value = rule.value();
		}

	}

}
