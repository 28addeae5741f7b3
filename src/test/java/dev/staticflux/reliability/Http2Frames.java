package dev.staticflux.reliability;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately dumb HTTP/2 client side (RFC 9113): writes exactly the frames a test
 * asks for, so it can do what no real client does (a zero window, a header block never
 * finished, streams reset at once), and reads frames back. Header blocks use HPACK
 * literals without indexing or Huffman coding (RFC 7541 §6.2.2), which every decoder must
 * accept.
 */
final class Http2Frames {

	static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

	static final int DATA = 0x0;

	static final int HEADERS = 0x1;

	static final int RST_STREAM = 0x3;

	static final int SETTINGS = 0x4;

	static final int GOAWAY = 0x7;

	static final int END_STREAM = 0x1;

	static final int END_HEADERS = 0x4;

	static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;

	static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;

	static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

	private final OutputStream out;

	private final DataInputStream in;

	Http2Frames(OutputStream out, InputStream in) {
		this.out = out;
		this.in = new DataInputStream(in);
	}

	/** The client preface followed by a SETTINGS frame with these values. */
	void start(Map<Integer, Integer> settings) throws IOException {
		out.write(PREFACE);
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		settings.forEach((id, value) -> {
			payload.write(id >> 8);
			payload.write(id);
			for (int shift = 24; shift >= 0; shift -= 8) {
				payload.write(value >> shift);
			}
		});
		frame(SETTINGS, 0, 0, payload.toByteArray());
	}

	void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
		byte[] header = { (byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length,
				(byte) type, (byte) flags, (byte) (streamId >> 24), (byte) (streamId >> 16), (byte) (streamId >> 8),
				(byte) streamId };
		out.write(header);
		out.write(payload);
		out.flush();
	}

	/** A complete GET: HEADERS with END_HEADERS and END_STREAM. */
	void get(int streamId, String path) throws IOException {
		frame(HEADERS, END_HEADERS | END_STREAM, streamId, headerBlock(path));
	}

	void reset(int streamId) throws IOException {
		frame(RST_STREAM, 0, streamId, new byte[] { 0, 0, 0, 0x8 });
	}

	static byte[] headerBlock(String path) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(":method", "GET");
		fields.put(":scheme", "http");
		fields.put(":authority", "localhost");
		fields.put(":path", path);
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		fields.forEach((name, value) -> {
			block.write(0);
			string(block, name);
			string(block, value);
		});
		return block.toByteArray();
	}

	private static void string(ByteArrayOutputStream block, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		int length = bytes.length;
		if (length < 127) {
			block.write(length);
		}
		else {
			block.write(127);
			length -= 127;
			while (length >= 128) {
				block.write((length & 0x7f) | 0x80);
				length >>= 7;
			}
			block.write(length);
		}
		block.writeBytes(bytes);
	}

	/** The next frame, or {@code null} at the end of the stream. */
	Frame read() throws IOException {
		byte[] header = new byte[9];
		try {
			in.readFully(header);
		}
		catch (java.io.EOFException ex) {
			return null;
		}
		int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
		byte[] payload = new byte[length];
		in.readFully(payload);
		int streamId = ((header[5] & 0x7f) << 24) | ((header[6] & 0xff) << 16) | ((header[7] & 0xff) << 8)
				| (header[8] & 0xff);
		return new Frame(header[3] & 0xff, header[4] & 0xff, streamId, payload);
	}

	/** One frame received. */
	record Frame(int type, int flags, int streamId, byte[] payload) {

		/** The parameters of a SETTINGS frame, by identifier. */
		Map<Integer, Long> settings() {
			Map<Integer, Long> settings = new LinkedHashMap<>();
			for (int i = 0; i + 6 <= payload.length; i += 6) {
				int id = ((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff);
				long value = ((payload[i + 2] & 0xffL) << 24) | ((payload[i + 3] & 0xff) << 16)
						| ((payload[i + 4] & 0xff) << 8) | (payload[i + 5] & 0xff);
				settings.put(id, value);
			}
			return settings;
		}

	}

}
