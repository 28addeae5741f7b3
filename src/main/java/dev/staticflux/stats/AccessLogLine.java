package dev.staticflux.stats;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;

import io.netty.util.concurrent.FastThreadLocal;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/**
 * One access-log line being formatted, as the bytes that go to the file: the formats
 * append to it without building {@link String}s, and each event loop reuses its own. Both
 * formats escape every field a client sends into printable ASCII, so only the client
 * address is ever written in UTF-8, as the file's encoding is.
 */
final class AccessLogLine {

	private static final int INITIAL_CAPACITY = 512;

	/**
	 * A line grown past this by a long request line or header is let go after use, so an
	 * event loop does not keep the largest line it ever saw.
	 */
	private static final int RETAINED_CAPACITY = 16 * 1024;

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final FastThreadLocal<AccessLogLine> CURRENT = new FastThreadLocal<>() {
		@Override
		protected AccessLogLine initialValue() {
			return new AccessLogLine();
		}
	};

	private byte[] bytes = new byte[INITIAL_CAPACITY];

	private int length;

	/** This thread's line, empty. */
	static AccessLogLine empty() {
		AccessLogLine line = CURRENT.get();
		line.length = 0;
		if (line.bytes.length > RETAINED_CAPACITY) {
			line.bytes = new byte[INITIAL_CAPACITY];
		}
		return line;
	}

	/**
	 * The line a format writes for a response at its own arrival time and zone, as text:
	 * what the server writes, for tests and diagnostics.
	 */
	static String text(AccessLogArgProvider response, Formatter formatter) {
		ZonedDateTime time = response.accessDateTime();
		AccessLogLine line = new AccessLogLine();
		formatter.format(ResponseAccounting.micros(time), (time != null) ? time.getZone() : ZoneOffset.UTC, line);
		return line.toString();
	}

	AccessLogLine append(char ascii) {
		ensure(1);
		bytes[length++] = (byte) ascii;
		return this;
	}

	/** Appends bytes that are already encoded, such as a cached timestamp. */
	AccessLogLine append(byte[] encoded) {
		ensure(encoded.length);
		System.arraycopy(encoded, 0, bytes, length, encoded.length);
		length += encoded.length;
		return this;
	}

	/**
	 * Appends text known to be printable ASCII: the formats' own punctuation and names.
	 */
	AccessLogLine ascii(String text) {
		ensure(text.length());
		for (int i = 0; i < text.length(); i++) {
			bytes[length++] = (byte) text.charAt(i);
		}
		return this;
	}

	/** Appends text as is, in UTF-8. */
	AccessLogLine utf8(CharSequence text) {
		int start = length;
		ensure(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				length = start;
				return append(text.toString().getBytes(StandardCharsets.UTF_8));
			}
			bytes[length++] = (byte) c;
		}
		return this;
	}

	/** Appends a number in decimal, as {@link Long#toString(long)} writes it. */
	AccessLogLine number(long value) {
		if (value < 0 || value > Integer.MAX_VALUE) {
			return ascii(Long.toString(value));
		}
		// int arithmetic: the JIT turns an int division by ten into a multiplication
		int rest = (int) value;
		int digits = 1;
		for (int power = 10; digits < 10 && rest >= power; power *= 10) {
			digits++;
		}
		return zeroPadded(rest, digits);
	}

	/** Appends a number of at most {@code width} digits, padded with leading zeros. */
	AccessLogLine zeroPadded(int value, int width) {
		ensure(width);
		for (int i = length + width - 1; i >= length; i--) {
			bytes[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
		length += width;
		return this;
	}

	/**
	 * Appends text escaped so that a client cannot forge a field or a line: printable
	 * ASCII as is, {@code "} and {@code \\} behind a backslash, any other character as
	 * {@code escaping} writes it.
	 */
	AccessLogLine escaped(CharSequence text, Escaping escaping) {
		int count = text.length();
		ensure(count * 6);
		byte[] to = bytes;
		int at = length;
		for (int i = 0; i < count; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
				to[at++] = (byte) c;
			}
			else if (c == '"' || c == '\\') {
				to[at++] = '\\';
				to[at++] = (byte) c;
			}
			else {
				int digits = escaping.digits(c);
				to[at++] = '\\';
				to[at++] = (byte) ((digits == 2) ? 'x' : 'u');
				for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
					to[at++] = HEX[(c >> shift) & 0xf];
				}
			}
		}
		length = at;
		return this;
	}

	/** The line, without its line break. */
	byte[] toBytes() {
		return Arrays.copyOf(bytes, length);
	}

	@Override
	public String toString() {
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	private void ensure(int more) {
		if (length + more > bytes.length) {
			bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
		}
	}

	/** How a character outside printable ASCII is written. */
	enum Escaping {

		/**
		 * Apache's {@code \\xhh}, and {@code \\uhhhh} for a character above 0xff (none
		 * arrives: Netty reads the request as ISO-8859-1).
		 */
		APACHE,

		/** JSON's {@code \\u00hh} (RFC 8259, section 7). */
		JSON;

		int digits(char c) {
			return (this == APACHE && c <= 0xff) ? 2 : 4;
		}

	}

	/** A format writing one response's line. */
	@FunctionalInterface
	interface Formatter {

		/**
		 * @param startMicros when the request arrived, in microseconds since the epoch; 0
		 * when unknown
		 * @param zone the server's time zone, for a format that writes local time
		 * @param line the line to append to
		 */
		void format(long startMicros, ZoneId zone, AccessLogLine line);

	}

}
