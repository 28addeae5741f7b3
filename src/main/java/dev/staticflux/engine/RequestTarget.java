package dev.staticflux.engine;

import org.jspecify.annotations.Nullable;

/**
 * A request target split into the parts the core uses (RFC 9112 §3.2).
 *
 * <p>
 * In absolute-form ({@code http://example.com/a}, as sent to proxies and allowed to
 * servers), the target's authority, not the {@code Host} field, names the host the
 * request is for: RFC 9112 §3.2.2 says a server must ignore {@code Host} then.
 * Origin-form targets ({@code /a?b}) carry no authority; anything else (asterisk-form, a
 * target without a leading {@code /}) is kept whole as the path, which the path check
 * rejects.
 *
 * @param rawPath the path, still percent-encoded
 * @param rawQuery the query without its {@code ?}, or {@code null} when there is none
 * @param authority the authority of an absolute-form target, or {@code null}
 */
record RequestTarget(String rawPath, @Nullable String rawQuery, @Nullable String authority) {

	static RequestTarget parse(String target) {
		@Nullable String authority = null;
		String rest = target;
		int scheme = schemeEnd(target);
		if (scheme > 0) {
			int start = scheme + 3;
			int end = start;
			while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
				end++;
			}
			authority = withoutUserInfo(target.substring(start, end));
			rest = (end < target.length() && target.charAt(end) == '/') ? target.substring(end)
					: "/" + target.substring(end);
		}
		int query = rest.indexOf('?');
		return (query < 0) ? new RequestTarget(rest, null, authority)
				: new RequestTarget(rest.substring(0, query), rest.substring(query + 1), authority);
	}

	/**
	 * The index of {@code ://} after an {@code http} or {@code https} scheme, else
	 * {@code -1}.
	 */
	private static int schemeEnd(String target) {
		if (target.isEmpty() || target.charAt(0) == '/') {
			return -1;
		}
		for (String scheme : new String[] { "http", "https" }) {
			if (target.regionMatches(true, 0, scheme, 0, scheme.length())
					&& target.startsWith("://", scheme.length())) {
				return scheme.length();
			}
		}
		return -1;
	}

	private static String withoutUserInfo(String authority) {
		int at = authority.lastIndexOf('@');
		return (at < 0) ? authority : authority.substring(at + 1);
	}

}
