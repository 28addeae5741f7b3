package dev.staticflux.rules;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of decoded text into the parts of a {@code Location} (RFC 3986 §2.1,
 * §3.3, §3.4). The sets are narrower than the RFC allows, so that what a capture
 * contributes can only ever be data: no {@code ;} (matrix parameters), {@code ?} or
 * {@code #} in a path, no {@code &}, {@code =}, {@code +} or {@code #} in a query, never
 * {@code \}, a space or a control character.
 */
enum UriEncoding {

	/**
	 * Path characters ({@code pchar} without {@code ;}) and {@code /}, which separates
	 * the segments of a capture.
	 */
	PATH("!$&'()*+,=:@/"),

	/** One path segment: as {@link #PATH} without {@code /}. */
	SEGMENT("!$&'()*+,=:@"),

	/** A query parameter or fragment value. */
	QUERY("!$'()*,:@/?");

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final boolean[] kept = new boolean[128];

	UriEncoding(String extra) {
		for (char c = 'a'; c <= 'z'; c++) {
			kept[c] = true;
			kept[Character.toUpperCase(c)] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			kept[c] = true;
		}
		for (char c : ("-._~" + extra).toCharArray()) {
			kept[c] = true;
		}
	}

	/**
	 * Appends {@code text}, every character outside this set as UTF-8 percent-escapes.
	 */
	StringBuilder append(StringBuilder target, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 128 && kept[c]) {
				target.append(c);
				continue;
			}
			int end = i + (Character.isHighSurrogate(c) && i + 1 < text.length() ? 2 : 1);
			for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
				target.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
			}
			i = end - 1;
		}
		return target;
	}

	/**
	 * Appends a raw (already encoded) query string as received: existing escapes are
	 * kept, any character a query may not hold as it is (a space, {@code #}, a control or
	 * non-ASCII character, a {@code %} that starts no escape) is escaped.
	 */
	static StringBuilder appendRawQuery(StringBuilder target, String rawQuery) {
		for (int i = 0; i < rawQuery.length(); i++) {
			char c = rawQuery.charAt(i);
			if (c == '%' ? escapeAt(rawQuery, i)
					: c == '&' || c == '=' || c == '+' || c == ';' || c < 128 && QUERY.kept[c]) {
				target.append(c);
			}
			else {
				QUERY.append(target, String.valueOf(c));
			}
		}
		return target;
	}

	private static boolean escapeAt(String text, int percent) {
		return percent + 2 < text.length() && Character.digit(text.charAt(percent + 1), 16) >= 0
				&& Character.digit(text.charAt(percent + 2), 16) >= 0;
	}

}
