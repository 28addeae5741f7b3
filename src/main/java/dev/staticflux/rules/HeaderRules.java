package dev.staticflux.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import dev.staticflux.config.StaticFluxProperties.HeaderRule;

/**
 * A site's response header rules ({@code staticflux.headers}): every rule whose pattern
 * matches the path sets its header; of several rules for the same name
 * (case-insensitive), the later one wins. They apply to every response of the path: 200,
 * 206, 304 (RFC 9111 §4.3.4: a cache updates its stored headers from a 304, so the 304
 * must carry them too), 412, 416, redirects, {@code OPTIONS} and error pages.
 *
 * <p>
 * The engine asks once per response; the answer for a path is computed once and
 * remembered (a bounded cache: a path is any string a client sends, so the memory must
 * not grow with them).
 */
public final class HeaderRules {

	/** Distinct paths whose headers are remembered. */
	static final int REMEMBERED_PATHS = 10_000;

	private static final HeaderRules NONE = new HeaderRules(List.of(), List.of());

	private final List<HeaderRule> configured;

	private final List<PathGlob> globs;

	private final @Nullable Cache<String, List<String>> byPath;

	private final Function<String, List<String>> compute = this::compute;

	private HeaderRules(List<HeaderRule> configured, List<PathGlob> globs) {
		this.configured = configured;
		this.globs = globs;
		this.byPath = configured.isEmpty() ? null : Caffeine.newBuilder().maximumSize(REMEMBERED_PATHS).build();
	}

	/**
	 * @param configured the rules in order, validated one by one in the configuration
	 * @param keys each rule's configuration key, e.g. {@code staticflux.headers[0]}, for
	 * messages
	 */
	static HeaderRules of(List<HeaderRule> configured, List<String> keys) {
		if (configured.isEmpty()) {
			return NONE;
		}
		List<PathGlob> globs = new ArrayList<>(configured.size());
		for (int i = 0; i < configured.size(); i++) {
			globs.add(new PathGlob(configured.get(i).pattern(), keys.get(i) + ".pattern"));
		}
		return new HeaderRules(List.copyOf(configured), List.copyOf(globs));
	}

	/**
	 * The headers for a response.
	 * @param relative the path below the root the response is for: the file served when
	 * there is one (the index file of a directory, the fallback file), else the request
	 * path; empty for the root or a rejected path
	 * @return header names and values, alternating; empty when no rule matches
	 */
	public List<String> headersFor(String relative) {
		if (byPath == null) {
			return List.of();
		}
		return byPath.get(relative, compute);
	}

	/** The rules as configured, in order. */
	public List<HeaderRule> configured() {
		return configured;
	}

	private List<String> compute(String relative) {
		Map<String, HeaderRule> byName = new LinkedHashMap<>();
		for (int i = 0; i < globs.size(); i++) {
			if (globs.get(i).matches(relative)) {
				HeaderRule rule = configured.get(i);
				String name = rule.name().toLowerCase(Locale.ROOT);
				byName.remove(name);
				byName.put(name, rule);
			}
		}
		List<String> headers = new ArrayList<>(byName.size() * 2);
		for (HeaderRule rule : byName.values()) {
			headers.add(rule.name());
			headers.add(rule.value());
		}
		return List.copyOf(headers);
	}

}
