package dev.staticflux.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.Representation;
import dev.staticflux.http.HttpRules;

/**
 * The reply for a chosen representation, phases 6 to 8 of the pipeline: preconditions
 * (304/412, RFC 9110 §13), ranges (206/416, RFC 9110 §14), then headers and body. A body
 * in memory is a view of the cached buffer; a body on disk is a {@link Reply.FileRange}
 * of the file the adapter opened.
 */
final class EntityReplies {

	private static final String ACCEPT_RANGES = "Accept-Ranges";

	private static final String BYTES = "bytes";

	/**
	 * Multipart boundaries: unpredictable enough not to occur in a body, and shared, as
	 * they are rare.
	 */
	private static final Random BOUNDARIES = new Random();

	private final CommonHeaders common;

	EntityReplies(CommonHeaders common) {
		this.common = common;
	}

	/**
	 * @param exchange the request
	 * @param representation what to send
	 * @param varies whether other codings of it exist ({@code Vary: Accept-Encoding})
	 */
	Reply reply(Exchange exchange, Representation representation, boolean varies) {
		switch (HttpRules.preconditions(exchange::header, representation)) {
			case NOT_MODIFIED:
				return validators(common.status(HttpStatus.NOT_MODIFIED), representation, varies).build();
			case FAILED:
				return common.status(HttpStatus.PRECONDITION_FAILED).header(HttpHeaders.CONTENT_LENGTH, "0").build();
			default:
				break;
		}
		boolean head = exchange.head();
		String range = head ? null : exchange.header(HttpHeaders.RANGE);
		if (range != null && HttpRules.ifRangeHolds(exchange.header(HttpHeaders.IF_RANGE), representation)) {
			HttpRules.Ranges parsed = HttpRules.ranges(range, representation.length());
			if (parsed.status() == HttpRules.RangeStatus.UNSATISFIABLE) {
				return unsatisfiable(representation);
			}
			if (parsed.status() == HttpRules.RangeStatus.PARTIAL) {
				return partial(representation, varies, parsed.ranges());
			}
		}
		Reply.Builder builder = entity(common.status(HttpStatus.OK), representation, varies)
			.header(HttpHeaders.CONTENT_TYPE, representation.contentType())
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(representation.length()));
		if (head) {
			return builder.build();
		}
		return builder.body(representation.body() != null ? new Reply.Memory(representation.body().duplicate())
				: new Reply.FileRange(0, representation.length()));
	}

	private Reply partial(Representation representation, boolean varies, List<HttpRules.Range> ranges) {
		Reply.Builder builder = entity(common.status(HttpStatus.PARTIAL_CONTENT), representation, varies);
		if (ranges.size() == 1) {
			HttpRules.Range range = ranges.get(0);
			return builder.header(HttpHeaders.CONTENT_TYPE, representation.contentType())
				.header(HttpHeaders.CONTENT_RANGE, contentRange(range, representation.length()))
				.header(HttpHeaders.CONTENT_LENGTH, Long.toString(range.length()))
				.body((Reply.Body) part(representation, range));
		}
		String boundary = Long.toHexString(BOUNDARIES.nextLong() | Long.MIN_VALUE);
		List<Reply.Part> parts = new ArrayList<>(ranges.size() * 2 + 1);
		long length = 0;
		for (HttpRules.Range range : ranges) {
			ByteBuffer partHeader = ascii("\r\n--" + boundary + "\r\nContent-Type: " + representation.contentType()
					+ "\r\nContent-Range: " + contentRange(range, representation.length()) + "\r\n\r\n");
			length += partHeader.remaining() + range.length();
			parts.add(new Reply.Memory(partHeader));
			parts.add(part(representation, range));
		}
		ByteBuffer end = ascii("\r\n--" + boundary + "--\r\n");
		length += end.remaining();
		parts.add(new Reply.Memory(end));
		return builder.header(HttpHeaders.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary)
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(length))
			.body(new Reply.Parts(parts));
	}

	private static Reply.Part part(Representation representation, HttpRules.Range range) {
		return representation.body() != null ? new Reply.Memory(representation.bodySlice(range.first(), range.length()))
				: new Reply.FileRange(range.first(), range.length());
	}

	private Reply unsatisfiable(Representation representation) {
		byte[] page = ErrorPages.builtInPage(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
		return common.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
			.header(HttpHeaders.CONTENT_RANGE, "bytes */" + representation.length())
			.header(ACCEPT_RANGES, BYTES)
			.header(HttpHeaders.CONTENT_TYPE, "text/html;charset=utf-8")
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(page.length))
			.body(new Reply.Memory(ByteBuffer.wrap(page)));
	}

	/** Headers of a 200 or 206: validators plus what describes the entity. */
	private static Reply.Builder entity(Reply.Builder builder, Representation representation, boolean varies) {
		return validators(builder, representation, varies).header(ACCEPT_RANGES, BYTES)
			.header(HttpHeaders.CONTENT_ENCODING,
					representation.coding() == ContentCoding.IDENTITY ? null : representation.coding().token());
	}

	/** Headers a 304 must repeat (RFC 9110 §15.4.5). */
	private static Reply.Builder validators(Reply.Builder builder, Representation representation, boolean varies) {
		return builder.header(HttpHeaders.ETAG, representation.etag())
			.header(HttpHeaders.LAST_MODIFIED, representation.lastModifiedHeader())
			.header(HttpHeaders.CACHE_CONTROL, representation.cacheControl())
			.header(HttpHeaders.VARY, varies ? HttpHeaders.ACCEPT_ENCODING : null);
	}

	private static String contentRange(HttpRules.Range range, long length) {
		return "bytes " + range.first() + "-" + range.last() + "/" + length;
	}

	private static ByteBuffer ascii(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
	}

}
