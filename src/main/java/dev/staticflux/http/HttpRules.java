package dev.staticflux.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.Representation;

/**
 * The HTTP rules of this package (conditional requests, byte ranges,
 * {@code Accept-Encoding}, directory listings) as the engine core in
 * {@code dev.staticflux.engine} calls them: each rule is implemented once, in its own
 * package-private class here; this is only their public entry point, in the core's own
 * terms (a header lookup instead of a header map).
 */
public final class HttpRules {

	private static final String[] CONDITIONAL = { HttpHeaders.IF_MATCH, HttpHeaders.IF_UNMODIFIED_SINCE,
			HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE };

	private HttpRules() {
	}

	/** What the conditional headers decided (RFC 9110 §13.2.2). */
	public enum Condition {

		/** Send the representation (or a range of it). */
		PROCEED,
		/** 304 Not Modified. */
		NOT_MODIFIED,
		/** 412 Precondition Failed. */
		FAILED

	}

	/** What to do with a {@code Range} header (RFC 9110 §14). */
	public enum RangeStatus {

		/** No usable Range header: send the whole representation. */
		IGNORE,
		/** Send these ranges: 206. */
		PARTIAL,
		/** No range overlaps the representation: 416. */
		UNSATISFIABLE

	}

	/**
	 * One satisfiable range, inclusive bounds.
	 *
	 * @param first the first byte's position
	 * @param last the last byte's position
	 */
	public record Range(long first, long last) {

		/** How many bytes the range holds. */
		public long length() {
			return last - first + 1;
		}

	}

	/**
	 * @param status what to answer
	 * @param ranges the ranges to send, for {@link RangeStatus#PARTIAL}
	 */
	public record Ranges(RangeStatus status, List<Range> ranges) {
	}

	/**
	 * Evaluates {@code If-Match}, {@code If-Unmodified-Since}, {@code If-None-Match} and
	 * {@code If-Modified-Since}.
	 * @param header the request's header lookup (a field sent on several lines is read
	 * combined)
	 * @param representation what would be sent
	 */
	public static Condition preconditions(UnaryOperator<String> header, Representation representation) {
		HttpHeaders conditional = null;
		for (String name : CONDITIONAL) {
			String value = header.apply(name);
			if (value != null) {
				if (conditional == null) {
					conditional = new HttpHeaders();
				}
				conditional.set(name, value);
			}
		}
		if (conditional == null) {
			return Condition.PROCEED;
		}
		return switch (Preconditions.evaluate(conditional, representation)) {
			case NOT_MODIFIED -> Condition.NOT_MODIFIED;
			case FAILED -> Condition.FAILED;
			case PROCEED -> Condition.PROCEED;
		};
	}

	/** Whether {@code If-Range} (or its absence) allows a partial response. */
	public static boolean ifRangeHolds(@Nullable String ifRange, Representation representation) {
		return Preconditions.ifRangeHolds(ifRange, representation);
	}

	/**
	 * @param header the {@code Range} value, or {@code null}
	 * @param length the representation's length
	 */
	public static Ranges ranges(@Nullable String header, long length) {
		ByteRanges.Parsed parsed = ByteRanges.parse(header, length);
		List<Range> ranges = new ArrayList<>(parsed.ranges().size());
		for (ByteRanges.Range range : parsed.ranges()) {
			ranges.add(new Range(range.first(), range.last()));
		}
		RangeStatus status = switch (parsed.status()) {
			case PARTIAL -> RangeStatus.PARTIAL;
			case UNSATISFIABLE -> RangeStatus.UNSATISFIABLE;
			case IGNORE -> RangeStatus.IGNORE;
		};
		return new Ranges(status, ranges);
	}

	/**
	 * Chooses codings by {@code Accept-Encoding}.
	 * @param preference the codings of precompressed variants, most preferred first
	 */
	public static Negotiation negotiation(List<ContentCoding> preference) {
		return new Negotiation(new AcceptEncoding(preference));
	}

	/**
	 * Renders directory listings.
	 * @param showHidden whether entries whose name starts with {@code .} are listed
	 * @param followSymlinks whether links may lead out of the root
	 * ({@code staticflux.follow-symlinks})
	 */
	public static Listing listing(boolean showHidden, boolean followSymlinks) {
		return new Listing(new DirectoryListing(showHidden, followSymlinks));
	}

	/** Content negotiation: precompressed variants and compression on the fly. */
	public static final class Negotiation {

		private final AcceptEncoding acceptEncoding;

		private Negotiation(AcceptEncoding acceptEncoding) {
			this.acceptEncoding = acceptEncoding;
		}

		/**
		 * @param header the {@code Accept-Encoding} value, or {@code null}
		 * @param variants codings whose precompressed variant exists for this file
		 * @param onTheFly codings the file may be compressed with, most preferred first
		 * @return the coding to send
		 */
		public ContentCoding choose(@Nullable String header, Set<ContentCoding> variants,
				List<ContentCoding> onTheFly) {
			return acceptEncoding.choose(header, variants, onTheFly);
		}

	}

	/** Directory listings as HTML pages. */
	public static final class Listing {

		private final DirectoryListing listing;

		private Listing(DirectoryListing listing) {
			this.listing = listing;
		}

		/**
		 * Blocking: call it off the event loop.
		 * @param directory the directory to list
		 * @param root the root it is served from
		 * @param title the decoded request path, shown as the title
		 */
		public byte[] render(Path directory, Path root, String title) throws IOException {
			return listing.render(directory, root, title);
		}

	}

}
