package dev.staticflux.connection;

import io.netty.buffer.ByteBuf;

/**
 * Keeps the first line a connection sends, as received, for the access log of a head the
 * decoder cannot parse (see {@link RequestHeadCheck}): Netty replaces such a head by a
 * made-up {@code GET /bad-request HTTP/1.0}. Reads the raw bytes before the HTTP codec
 * without consuming them; empty lines before the request line are skipped, as the decoder
 * skips them (RFC 9112 §2.2). At most {@value #MAX_LENGTH} bytes are kept; once the line
 * is complete or that long, nothing more is read. One of the {@link Http11Guards}.
 */
final class RequestLineRecorder {

	static final int MAX_LENGTH = 512;

	private final StringBuilder line = new StringBuilder();

	private boolean done;

	/**
	 * The first line received so far, each byte as one ISO-8859-1 character; empty when
	 * none.
	 */
	String firstLine() {
		return line.toString();
	}

	/**
	 * Reads on in bytes the codec is about to decode, until the first line is complete.
	 */
	void record(ByteBuf bytes) {
		for (int i = bytes.readerIndex(); i < bytes.writerIndex() && !done; i++) {
			char c = (char) (bytes.getByte(i) & 0xff);
			if (c == '\r' || c == '\n') {
				done = line.length() > 0;
			}
			else {
				line.append(c);
				done = line.length() == MAX_LENGTH;
			}
		}
	}

}
