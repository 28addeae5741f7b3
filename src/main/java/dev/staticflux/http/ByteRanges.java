package dev.staticflux.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code Range} header (RFC 9110 §14) against a representation's length, and
 * plans the answer so that a response to a Range request is never much larger than the
 * representation itself.
 *
 * <p>
 * Parsing: a header in another unit, or with any malformed range, is ignored (the whole
 * file is sent), as is one with more than {@value #MAX_RANGES} ranges, which no
 * legitimate client needs. Empty list elements ({@code bytes=0-1,,5-6}) are skipped (RFC
 * 9110 §5.6.1.2). Ranges past the end are clipped, also a last position too large for a
 * {@code long}; a range starting at or after the end is dropped; if none is left the
 * answer is 416.
 *
 * <p>
 * Planning, against range amplification (RFC 9110 §14.2 and §15.3.7.2 allow a server to
 * coalesce or ignore ranges for exactly that reason; the attack is Apache's
 * CVE-2011-3192): overlapping or adjacent ranges are coalesced, in ascending order,
 * whatever order the header gave them in, so {@code bytes=0-,0-,0-} is one range of the
 * whole file. Disjoint ranges keep the order the client asked for. When what is left is
 * several parts whose data and {@code multipart/byteranges} framing would exceed the
 * representation by more than {@value #FRAMING_ALLOWANCE} bytes (many tiny ranges of a
 * small file), the header is ignored and the whole representation is sent with 200, which
 * is then the smaller answer.
 */
final class ByteRanges {

	static final int MAX_RANGES = 16;

	/**
	 * How many bytes a multi-part answer may exceed the whole representation by: the
	 * framing of a few parts, so that a small file keeps its 206 for a request such as
	 * {@code bytes=0-0,-1}.
	 */
	static final int FRAMING_ALLOWANCE = 1024;

	/**
	 * An upper estimate of one part's framing without its {@code Content-Range} numbers:
	 * the boundary line and the {@code Content-Type} and {@code Content-Range} lines with
	 * a content type of up to 45 characters.
	 */
	static final int PART_FRAMING = 110;

	/** An upper estimate of the closing boundary line. */
	static final int CLOSING_FRAMING = 30;

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

		/**
		 * No usable Range header, or one not worth honouring: send the whole
		 * representation.
		 */
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
	static Parsed parse(@Nullable String header, long length) {
		if (header == null) {
			return Parsed.IGNORE;
		}
		String value = header.trim();
		if (value.length() < 6 || !value.regionMatches(true, 0, "bytes=", 0, 6)) {
			return Parsed.IGNORE;
		}
		List<Range> ranges = new ArrayList<>();
		int specs = 0;
		for (String rawSpec : value.substring(6).split(",", -1)) {
			String spec = rawSpec.trim();
			if (spec.isEmpty()) {
				continue;
			}
			if (++specs > MAX_RANGES) {
				return Parsed.IGNORE;
			}
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
			boolean open = dash == spec.length() - 1;
			if (first < 0 || (!open && (last < 0 || last < first))) {
				return Parsed.IGNORE;
			}
			if (first < length) {
				ranges.add(new Range(first, (open || last >= length) ? length - 1 : last));
			}
		}
		if (specs == 0) {
			return Parsed.IGNORE;
		}
		return plan(ranges, length);
	}

	/**
	 * Coalesces the satisfiable ranges, and gives up on multi-part answers that would
	 * outgrow the file.
	 */
	private static Parsed plan(List<Range> ranges, long length) {
		if (ranges.isEmpty()) {
			return Parsed.UNSATISFIABLE;
		}
		List<Range> parts = overlapping(ranges) ? coalesced(ranges) : ranges;
		if (parts.size() > 1 && multipartEstimate(parts, length) > length + FRAMING_ALLOWANCE) {
			return Parsed.IGNORE;
		}
		return new Parsed(Status.PARTIAL, List.copyOf(parts));
	}

	/** Whether any two ranges overlap or touch. */
	private static boolean overlapping(List<Range> ranges) {
		List<Range> sorted = ranges.stream().sorted(Comparator.comparingLong(Range::first)).toList();
		for (int i = 1; i < sorted.size(); i++) {
			if (sorted.get(i).first() <= sorted.get(i - 1).last() + 1) {
				return true;
			}
		}
		return false;
	}

	/** The union of the ranges as disjoint, non-adjacent ranges in ascending order. */
	private static List<Range> coalesced(List<Range> ranges) {
		List<Range> sorted = ranges.stream().sorted(Comparator.comparingLong(Range::first)).toList();
		List<Range> merged = new ArrayList<>(sorted.size());
		Range current = sorted.get(0);
		for (Range next : sorted.subList(1, sorted.size())) {
			if (next.first() <= current.last() + 1) {
				current = new Range(current.first(), Math.max(current.last(), next.last()));
			}
			else {
				merged.add(current);
				current = next;
			}
		}
		merged.add(current);
		return merged;
	}

	/**
	 * An upper estimate of a {@code multipart/byteranges} body's length for the parts.
	 */
	static long multipartEstimate(List<Range> parts, long length) {
		int lengthDigits = digits(length);
		long total = CLOSING_FRAMING;
		for (Range part : parts) {
			total += part.length() + PART_FRAMING + digits(part.first()) + digits(part.last()) + lengthDigits;
		}
		return total;
	}

	private static int digits(long value) {
		return Long.toString(value).length();
	}

	/**
	 * A non-negative decimal; {@link Long#MAX_VALUE} for one too large for a {@code long}
	 * (a position that large is past the end of any file, so clipping or dropping it
	 * gives the right answer); -1 for an empty or malformed one (signs and spaces are
	 * malformed).
	 */
	private static long number(String text) {
		if (text.isEmpty()) {
			return -1;
		}
		long value = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			int digit = c - '0';
			value = (value > (Long.MAX_VALUE - digit) / 10) ? Long.MAX_VALUE : value * 10 + digit;
		}
		return value;
	}

}
