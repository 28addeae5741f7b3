package dev.staticflux.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A response the core has fully decided: status, header fields in the order they are
 * written, and where the body comes from. An adapter only writes it.
 */
public final class Reply {

	private static final String ACCEPT = "Accept";

	private final HttpStatus status;

	private final List<String> headers;

	private final Body body;

	private Reply(HttpStatus status, List<String> headers, Body body) {
		this.status = status;
		this.headers = headers;
		this.body = body;
	}

	static Builder status(HttpStatus status) {
		return new Builder(status);
	}

	/** The status. */
	public HttpStatus status() {
		return status;
	}

	/** Header names and values, alternating, in the order they were added. */
	public List<String> headerList() {
		return headers;
	}

	/** Where the body comes from. */
	public Body body() {
		return body;
	}

	/**
	 * This reply with more header fields, and {@code Accept} added to its {@code Vary}
	 * (RFC 9110 §12.5.5: a list, so one field names both); this reply itself when there
	 * is nothing to add.
	 * @param extra header names and values, alternating, none of them one the engine sets
	 * @param varyAccept whether the reply varies with {@code Accept}
	 */
	Reply with(List<String> extra, boolean varyAccept) {
		if (extra.isEmpty() && !varyAccept) {
			return this;
		}
		List<String> combined = new ArrayList<>(headers.size() + extra.size() + 2);
		combined.addAll(headers);
		if (varyAccept) {
			int vary = 0;
			while (vary < combined.size() && !HttpHeaders.VARY.equals(combined.get(vary))) {
				vary += 2;
			}
			if (vary < combined.size()) {
				combined.set(vary + 1, ACCEPT + ", " + combined.get(vary + 1));
			}
			else {
				combined.add(HttpHeaders.VARY);
				combined.add(ACCEPT);
			}
		}
		combined.addAll(extra);
		return new Reply(status, combined, body);
	}

	/**
	 * Whether some of the body is read from the file the adapter opened for this request.
	 */
	public boolean readsFile() {
		if (body instanceof FileRange) {
			return true;
		}
		if (body instanceof Parts parts) {
			for (Part part : parts.parts()) {
				if (part instanceof FileRange) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * A body: nothing, bytes in memory, a range of the opened file, or several pieces one
	 * after the other.
	 */
	public sealed interface Body permits Empty, Memory, FileRange, Parts {

	}

	/** One piece of a {@link Parts} body. */
	public sealed interface Part permits Memory, FileRange {

	}

	/** No body: HEAD, 304, redirects. */
	public enum Empty implements Body {

		/** The only instance. */
		INSTANCE

	}

	/**
	 * A view of bytes in memory, often a shared cached buffer: the adapter wraps it,
	 * never copies or changes it.
	 *
	 * @param buffer the bytes, from its position to its limit
	 */
	public record Memory(ByteBuffer buffer) implements Body, Part {
	}

	/**
	 * Bytes of the file opened for this request (see {@link Decision.Open}).
	 *
	 * @param position the first byte's position
	 * @param count how many bytes
	 */
	public record FileRange(long position, long count) implements Body, Part {
	}

	/**
	 * Pieces sent one after the other ({@code multipart/byteranges}).
	 *
	 * @param parts the pieces
	 */
	public record Parts(List<Part> parts) implements Body {
	}

	/** Collects status, headers and body. */
	static final class Builder {

		private final HttpStatus status;

		private final List<String> headers = new ArrayList<>(20);

		private Builder(HttpStatus status) {
			this.status = status;
		}

		/** Adds a header; a {@code null} value is skipped. */
		Builder header(String name, @Nullable String value) {
			if (value != null) {
				headers.add(name);
				headers.add(value);
			}
			return this;
		}

		Reply body(Body body) {
			return new Reply(status, headers, body);
		}

		Reply build() {
			return body(Empty.INSTANCE);
		}

	}

}
