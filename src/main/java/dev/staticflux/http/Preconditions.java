package dev.staticflux.http;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import dev.staticflux.files.HttpDates;
import dev.staticflux.files.Representation;

/**
 * Evaluates conditional request headers in the order RFC 9110 §13.2.2 prescribes:
 * If-Match, then If-Unmodified-Since only when there is no If-Match; If-None-Match, then
 * If-Modified-Since only when there is no If-None-Match. A date that does not parse is
 * ignored, as the RFC requires.
 */
final class Preconditions {

	/** What the conditions decided. */
	enum Outcome {

		/** Go on and send the representation (or a range of it). */
		PROCEED,
		/** 304 Not Modified. */
		NOT_MODIFIED,
		/** 412 Precondition Failed. */
		FAILED

	}

	private Preconditions() {
	}

	static Outcome evaluate(HttpHeaders headers, Representation representation) {
		String ifMatch = headers.getFirst(HttpHeaders.IF_MATCH);
		if (ifMatch != null) {
			if (!matches(ifMatch, representation.etag(), false)) {
				return Outcome.FAILED;
			}
		}
		else {
			long since = HttpDates.parse(headers.getFirst(HttpHeaders.IF_UNMODIFIED_SINCE));
			if (since >= 0 && representation.lastModified() > since) {
				return Outcome.FAILED;
			}
		}
		String ifNoneMatch = headers.getFirst(HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null) {
			return matches(ifNoneMatch, representation.etag(), true) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
		}
		long since = HttpDates.parse(headers.getFirst(HttpHeaders.IF_MODIFIED_SINCE));
		if (since >= 0 && representation.lastModified() <= since) {
			return Outcome.NOT_MODIFIED;
		}
		return Outcome.PROCEED;
	}

	/**
	 * Whether {@code If-Range} allows a partial response: a strong ETag equal to the
	 * current one, or a date equal to {@code Last-Modified}. Anything else means the
	 * client's copy is stale: send the whole file.
	 */
	static boolean ifRangeHolds(@Nullable String ifRange, Representation representation) {
		if (ifRange == null) {
			return true;
		}
		String value = ifRange.trim();
		if (value.startsWith("\"") || value.startsWith("W/")) {
			return value.equals(representation.etag());
		}
		return HttpDates.parse(value) == representation.lastModified();
	}

	/**
	 * Whether a list of entity tags (or {@code *}) matches. Weak comparison ignores
	 * {@code W/} on either side; strong comparison accepts only identical strong tags.
	 */
	static boolean matches(String list, String etag, boolean weak) {
		String value = list.trim();
		if (value.equals("*")) {
			return true;
		}
		int i = 0;
		int length = value.length();
		while (i < length) {
			while (i < length && (value.charAt(i) == ',' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
				i++;
			}
			boolean weakTag = value.startsWith("W/", i);
			int open = weakTag ? i + 2 : i;
			if (open >= length || value.charAt(open) != '"') {
				return false;
			}
			int close = value.indexOf('"', open + 1);
			if (close < 0) {
				return false;
			}
			if ((weak || !weakTag) && value.regionMatches(open, etag, 0, etag.length())
					&& close - open + 1 == etag.length()) {
				return true;
			}
			i = close + 1;
		}
		return false;
	}

}
