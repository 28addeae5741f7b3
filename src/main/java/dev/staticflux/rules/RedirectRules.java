package dev.staticflux.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.staticflux.config.StaticFluxProperties.RedirectRule;
import dev.staticflux.files.RequestPath;

/**
 * A site's redirect rules ({@code staticflux.redirects}), decided before the file lookup;
 * the first rule whose {@code from} matches wins.
 *
 * <p>
 * {@code from} is matched against the request path as {@link RequestPath} checked it:
 * decoded once, empty segments collapsed, so {@code /old//a} and {@code /old/%61} match
 * like {@code /old/a}. Matching is Spring's {@link PathPattern} with its defaults:
 * case-sensitive, a trailing slash significant ({@code /a} does not match {@code /a/};
 * {@code /a/{*rest}} matches both, and {@code /a} itself). How a capture is written into
 * the {@code Location}, and why it can never lead to another host, is in
 * {@link LocationTemplate}.
 *
 * <p>
 * Most requests are for files no rule matches; which paths those are is remembered (a
 * bounded cache), so that a file request pays for the patterns once, not on every
 * request.
 */
public final class RedirectRules {

	/** Distinct unmatched paths remembered. */
	static final int REMEMBERED_PATHS = 10_000;

	private static final RedirectRules NONE = new RedirectRules(List.of());

	private final List<Rule> rules;

	private final @Nullable Cache<RequestPath, Boolean> unmatched;

	private RedirectRules(List<Rule> rules) {
		this.rules = rules;
		this.unmatched = rules.isEmpty() ? null : Caffeine.newBuilder().maximumSize(REMEMBERED_PATHS).build();
	}

	/**
	 * @param configured the rules, validated one by one in the configuration
	 * @param key the list's configuration key, e.g. {@code staticflux.redirects}, for
	 * messages
	 * @throws IllegalArgumentException when a {@code to} uses a capture its {@code from}
	 * does not have
	 */
	static RedirectRules of(List<RedirectRule> configured, String key) {
		if (configured.isEmpty()) {
			return NONE;
		}
		List<Rule> rules = new ArrayList<>(configured.size());
		for (int i = 0; i < configured.size(); i++) {
			RedirectRule rule = configured.get(i);
			PathPattern from = PathPatternParser.defaultInstance.parse(rule.from());
			LocationTemplate to = LocationTemplate.parse(rule.to(), captureNames(rule.from()), key + "[" + i + "].to");
			rules.add(new Rule(rule, from, to));
		}
		return new RedirectRules(List.copyOf(rules));
	}

	/**
	 * The redirect for a request, if a rule matches.
	 * @param path the checked request path ({@link RequestPath.Outcome#BAD_REQUEST} paths
	 * never get here)
	 * @param rawQuery the query string as received, without {@code ?}, or {@code null}
	 * @return the redirect, or {@code null} when no rule matches
	 */
	public @Nullable Redirect find(RequestPath path, @Nullable String rawQuery) {
		if (unmatched == null || unmatched.getIfPresent(path) != null) {
			return null;
		}
		PathContainer container = PathContainer.parsePath(canonical(path));
		for (Rule rule : rules) {
			PathPattern.PathMatchInfo match = rule.from().matchAndExtract(container);
			if (match != null) {
				return new Redirect(rule.configured().status(), rule.to().expand(match.getUriVariables(), rawQuery));
			}
		}
		unmatched.put(path, Boolean.TRUE);
		return null;
	}

	/** The rules as configured, in order. */
	public List<RedirectRule> configured() {
		return rules.stream().map(Rule::configured).toList();
	}

	/**
	 * The checked path re-encoded with one escape per character outside
	 * {@link UriEncoding#SEGMENT}, so that {@link PathContainer} decodes each segment
	 * back to exactly the checked one (a decoded {@code ;} or {@code %} stays data, never
	 * a matrix parameter or an escape).
	 */
	private static String canonical(RequestPath path) {
		StringBuilder canonical = new StringBuilder(path.relative().length() + 8).append('/');
		String relative = path.relative();
		int start = 0;
		while (start < relative.length()) {
			int end = relative.indexOf('/', start);
			end = (end < 0) ? relative.length() : end;
			UriEncoding.SEGMENT.append(canonical, relative.substring(start, end));
			if (end < relative.length()) {
				canonical.append('/');
			}
			start = end + 1;
		}
		if (path.trailingSlash() && !relative.isEmpty()) {
			canonical.append('/');
		}
		return canonical.toString();
	}

	/**
	 * The names a pattern that {@link PathPatternParser} accepted captures:
	 * {@code {name}}, {@code {name:regex}} (braces in the regex nest) and
	 * {@code {*name}}.
	 */
	static Set<String> captureNames(String pattern) {
		Set<String> names = new LinkedHashSet<>();
		int i = 0;
		while ((i = pattern.indexOf('{', i)) >= 0) {
			int start = i + (pattern.startsWith("*", i + 1) ? 2 : 1);
			int end = start;
			while (pattern.charAt(end) != '}' && pattern.charAt(end) != ':') {
				end++;
			}
			names.add(pattern.substring(start, end));
			int depth = 1;
			for (i = end; depth > 0; i++) {
				char c = pattern.charAt(i);
				if (c == '\\') {
					i++;
				}
				else if (c == '{') {
					depth++;
				}
				else if (c == '}') {
					depth--;
				}
			}
		}
		return names;
	}

	/**
	 * One compiled rule.
	 *
	 * @param configured the rule as configured
	 * @param from its compiled pattern
	 * @param to its compiled target
	 */
	private record Rule(RedirectRule configured, PathPattern from, LocationTemplate to) {
	}

}
