package dev.staticflux.compression;

import java.io.IOException;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;

import dev.staticflux.files.ContentCoding;

/** Brotli (RFC 7932) through brotli4j's native encoder. */
final class BrotliCodec implements Codec {

	private final Encoder.Parameters parameters;

	/**
	 * @param quality 0 (fastest) to 11 (smallest)
	 * @throws LinkageError or another throwable when the native library cannot be loaded
	 * on this machine
	 */
	BrotliCodec(int quality) {
		Brotli4jLoader.ensureAvailability();
		this.parameters = new Encoder.Parameters().setQuality(quality);
	}

	@Override
	public ContentCoding coding() {
		return ContentCoding.BR;
	}

	@Override
	public int level() {
		return parameters.quality();
	}

	@Override
	public byte[] encode(byte[] source) throws IOException {
		return Encoder.compress(source, parameters);
	}

}
