package dev.staticflux.compression;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;

import dev.staticflux.files.ContentCoding;

/**
 * Decodes what a client would: for tests that compare coded bytes with the file they came
 * from.
 */
public final class Decoding {

	private Decoding() {
	}

	/**
	 * @param coding the {@code Content-Encoding}
	 * @param coded the coded bytes
	 * @return the decoded bytes
	 */
	public static byte[] decode(ContentCoding coding, byte[] coded) throws IOException {
		if (coding == ContentCoding.IDENTITY) {
			return coded;
		}
		try (InputStream in = decoder(coding, new ByteArrayInputStream(coded))) {
			return in.readAllBytes();
		}
	}

	/** The same, for the bytes of a buffer from position to limit (not changed). */
	public static byte[] decode(ContentCoding coding, ByteBuffer coded) throws IOException {
		byte[] bytes = new byte[coded.remaining()];
		coded.duplicate().get(bytes);
		return decode(coding, bytes);
	}

	private static InputStream decoder(ContentCoding coding, InputStream in) throws IOException {
		return switch (coding) {
			case GZIP -> new GZIPInputStream(in);
			case BR -> new BrotliInputStream(in);
			case ZSTD -> new ZstdInputStream(in);
			case IDENTITY -> in;
		};
	}

}
