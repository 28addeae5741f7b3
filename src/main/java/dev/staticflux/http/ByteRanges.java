package dev.staticflux.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code Range} header (RFC 9110 §14) against a representation's length.
 *
 * <p>A header in another unit, or with any malformed range, is ignored (the whole file is sent), as is one
 * with more than {@value #MAX_RANGES} ranges, which no legitimate client needs and which could be used to
 * amplify a small request. Ranges past the end are clipped; a range starting at or after the end is dropped;
 * if none is left the answer is 416.
 */
final class ByteRanges {

	static final int MAX_RANGES = 16;

	private ByteRanges() {
	}

	/** One satisfiable range, inclusive bounds. */
	record Range(long first, long last) {

		long length() {
			return last - first + 1;
		}

	}

	/** The outcome of parsing. */
	record Parsed(Status status, List<Range> ranges) {

		static final Parsed IGNORE = new Parsed(Status.IGNORE, List.of());

		static final Parsed UNSATISFIABLE = new Parsed(Status.UNSATISFIABLE, List.of());

	}

	/** What to do with the request. */
	enum Status {
		/** No usable Range header: send the whole representation. */
		IGNORE,
		/** Send these ranges: 206. */
		PARTIAL,
		/** No range overlaps the representation: 416. */
		UNSATISFIABLE
	}

	/**
	 * @param header the {@code Range} value, or {@code null}
	 * @param length the representation's length
	 */
	static Parsed parse(String header, long length) {
		if (header == null) {
			return Parsed.IGNORE;
		}
		String value = header.trim();
		if (value.length() < 6 || !value.regionMatches(true, 0, "bytes=", 0, 6)) {
			return Parsed.IGNORE;
		}
		String[] specs = value.substring(6).split(",", -1);
		if (specs.length > MAX_RANGES) {
			return Parsed.IGNORE;
		}
		List<Range> ranges = new ArrayList<>(specs.length);
		for (String rawSpec : specs) {
			String spec = rawSpec.trim();
			int dash = spec.indexOf('-');
			if (dash < 0) {
				return Parsed.IGNORE;
			}
			long first = number(spec.substring(0, dash));
			long last = number(spec.substring(dash + 1));
			if (dash == 0) {
				// suffix range: the last N bytes
				if (last < 0) {
					return Parsed.IGNORE;
				}
				if (last > 0 && length > 0) {
					ranges.add(new Range(Math.max(0, length - last), length - 1));
				}
				continue;
			}
			if (first < 0 || (dash < spec.length() - 1 && (last < 0 || last < first))) {
				return Parsed.IGNORE;
			}
			if (first < length) {
				long end = (dash == spec.length() - 1 || last >= length) ? length - 1 : last;
				ranges.add(new Range(first, end));
			}
		}
		return ranges.isEmpty() ? Parsed.UNSATISFIABLE : new Parsed(Status.PARTIAL, List.copyOf(ranges));
	}

	/** A non-negative decimal, or -1 for an empty or malformed one (signs and spaces are malformed). */
	private static long number(String text) {
		if (text.isEmpty() || text.length() > 18) {
			return -1;
		}
		long value = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
