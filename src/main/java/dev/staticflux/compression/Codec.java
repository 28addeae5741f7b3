package dev.staticflux.compression;

import java.io.IOException;

import dev.staticflux.files.ContentCoding;

/**
 * The encoder of one content coding at one level. Thread-safe; CPU-bound and blocking, so
 * called only on the file-I/O threads.
 */
interface Codec {

	/** The coding this codec produces. */
	ContentCoding coding();

	/**
	 * The level it compresses at: with the coding, what decides the bytes it produces for
	 * an input.
	 */
	int level();

	/**
	 * @param source the whole representation to encode
	 * @return the encoded bytes, a complete stream that a client decodes on its own
	 * @throws IOException when the encoder fails
	 */
	byte[] encode(byte[] source) throws IOException;

}
