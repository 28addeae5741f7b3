package dev.staticflux.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A redirect rule's {@code to}, split into literal text and {@code {name}} captures, and
 * the one place that builds a {@code Location} from them.
 *
 * <p>
 * What a capture can do is bounded by where it stands, so that a request path can never
 * choose the host (the open-redirect rule): a capture is percent-encoded
 * ({@link UriEncoding#PATH} before the first {@code ?} or {@code #} of the template,
 * {@link UriEncoding#QUERY} after it), so it cannot add a {@code \}, {@code ?}, {@code #}
 * or a control character; a local template starts with one {@code /} (checked with the
 * configuration) and a built location that would start with {@code //} (a network-path
 * reference to another host, RFC 3986 §4.2, as {@code /{*rest}} with the capture
 * {@code /evil.example} gives) keeps a single one; in an absolute template the captures
 * come after the host.
 */
final class LocationTemplate {

	private final List<Part> parts;

	private final boolean local;

	private final boolean hasQuery;

	private LocationTemplate(List<Part> parts, boolean local, boolean hasQuery) {
		this.parts = parts;
		this.local = local;
		this.hasQuery = hasQuery;
	}

	/**
	 * @param to the template as configured (its character set and shape already
	 * validated)
	 * @param captures the names the rule's {@code from} captures
	 * @param key the configuration key of {@code to}, for messages
	 */
	static LocationTemplate parse(String to, Set<String> captures, String key) {
		List<Part> parts = new ArrayList<>();
		boolean inQuery = false;
		int literalStart = 0;
		for (int i = 0; i < to.length(); i++) {
			char c = to.charAt(i);
			if (c == '?' || c == '#') {
				inQuery = true;
			}
			else if (c == '}') {
				throw new IllegalArgumentException(
						"%s: '%s' (expected: } only to close a {capture})".formatted(key, to));
			}
			else if (c == '{') {
				int close = to.indexOf('}', i);
				// {*rest} as in the pattern is accepted for {rest}
				String name = (close < 0) ? "" : to.substring(to.startsWith("*", i + 1) ? i + 2 : i + 1, close);
				if (!captures.contains(name)) {
					throw new IllegalArgumentException("%s: '%s' uses {%s} (expected: one of the captures of from: %s)"
						.formatted(key, to, name, captures.isEmpty() ? "none" : String.join(", ", captures)));
				}
				if (i > literalStart) {
					parts.add(new Part(to.substring(literalStart, i), null, false));
				}
				parts.add(new Part(null, name, inQuery));
				i = close;
				literalStart = close + 1;
			}
		}
		if (literalStart < to.length()) {
			parts.add(new Part(to.substring(literalStart), null, false));
		}
		return new LocationTemplate(List.copyOf(parts), to.startsWith("/"), to.indexOf('?') >= 0);
	}

	/**
	 * @param values the decoded captures of the matched request path
	 * @param rawQuery the request's query string as received, or {@code null}
	 * @return the {@code Location}
	 */
	String expand(Map<String, String> values, @Nullable String rawQuery) {
		StringBuilder location = new StringBuilder(64);
		for (Part part : parts) {
			String literal = part.literal();
			if (literal != null) {
				location.append(literal);
			}
			else {
				// parse checked that from captures every name to uses, and a match binds
				// all of from's captures
				String value = Objects.requireNonNull(values.get(part.capture()), "a capture of the matched from");
				(part.inQuery() ? UriEncoding.QUERY : UriEncoding.PATH).append(location, value);
			}
		}
		if (local) {
			int slashes = 0;
			while (slashes < location.length() && location.charAt(slashes) == '/') {
				slashes++;
			}
			location.delete(0, slashes - 1);
		}
		if (rawQuery != null && !rawQuery.isEmpty() && !hasQuery) {
			// before the template's fragment, if it has one: no capture can add a '#'
			int fragment = location.indexOf("#");
			StringBuilder query = UriEncoding.appendRawQuery(new StringBuilder(rawQuery.length() + 1).append('?'),
					rawQuery);
			location.insert(fragment < 0 ? location.length() : fragment, query);
		}
		return location.toString();
	}

	/**
	 * Literal text or a capture.
	 *
	 * @param literal the text as configured, or {@code null} for a capture
	 * @param capture the capture's name, or {@code null} for literal text
	 * @param inQuery whether the capture stands after the template's {@code ?} or
	 * {@code #}
	 */
	private record Part(@Nullable String literal, @Nullable String capture, boolean inQuery) {
	}

}
