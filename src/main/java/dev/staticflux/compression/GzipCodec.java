package dev.staticflux.compression;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import dev.staticflux.files.ContentCoding;

/**
 * Gzip with the JDK's {@link Deflater}: a raw deflate stream framed by the gzip header
 * and trailer of RFC 1952 §2.3, written here rather than through {@code GZIPOutputStream}
 * so that the level is ours and the output is built in one pass into one array.
 */
final class GzipCodec implements Codec {

	/**
	 * ID1, ID2, CM = 8 (deflate), FLG = 0 (no name, comment or extra field), MTIME = 0
	 * (none).
	 */
	private static final byte[] HEADER_START = { 0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0 };

	/**
	 * OS = 255: unknown, as the representation was not made on behalf of any file system
	 * (RFC 1952 §2.3.1).
	 */
	private static final byte OS_UNKNOWN = (byte) 255;

	private static final int TRAILER = 8;

	private final int level;

	/**
	 * @param level 1 (fastest) to 9 (smallest)
	 */
	GzipCodec(int level) {
		this.level = level;
	}

	@Override
	public ContentCoding coding() {
		return ContentCoding.GZIP;
	}

	@Override
	public int level() {
		return level;
	}

	@Override
	public byte[] encode(byte[] source) {
		Deflater deflater = new Deflater(level, true);
		try {
			deflater.setInput(source);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(source.length / 3 + 64);
			out.write(HEADER_START, 0, HEADER_START.length);
			out.write(extraFlags());
			out.write(OS_UNKNOWN);
			byte[] chunk = new byte[Math.max(512, Math.min(source.length, 64 * 1024))];
			while (!deflater.finished()) {
				int n = deflater.deflate(chunk);
				out.write(chunk, 0, n);
			}
			CRC32 crc = new CRC32();
			crc.update(source);
			byte[] trailer = new byte[TRAILER];
			littleEndian(trailer, 0, (int) crc.getValue());
			// ISIZE: the input's length modulo 2^32
			littleEndian(trailer, 4, source.length);
			out.write(trailer, 0, TRAILER);
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	/**
	 * XFL (RFC 1952 §2.3.1): 2 for the slowest compression, 4 for the fastest, else 0.
	 */
	private int extraFlags() {
		return (level == Deflater.BEST_COMPRESSION) ? 2 : (level == Deflater.BEST_SPEED) ? 4 : 0;
	}

	private static void littleEndian(byte[] target, int offset, int value) {
		target[offset] = (byte) value;
		target[offset + 1] = (byte) (value >>> 8);
		target[offset + 2] = (byte) (value >>> 16);
		target[offset + 3] = (byte) (value >>> 24);
	}

}
