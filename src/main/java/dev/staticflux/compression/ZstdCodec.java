package dev.staticflux.compression;

import java.io.IOException;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.util.Native;

import dev.staticflux.files.ContentCoding;

/**
 * Zstandard (RFC 8878) through zstd-jni's native encoder. Each frame records the content
 * size, so a client knows the decoded length up front. Levels stop at 19: the "ultra"
 * levels above it use windows larger than the 8 MB that HTTP clients are required to
 * support (RFC 9659 §3), and browsers refuse such frames.
 */
final class ZstdCodec implements Codec {

	private final int level;

	/**
	 * @param level 1 (fastest) to 19 (smallest)
	 * @throws LinkageError or another throwable when the native library cannot be loaded
	 * on this machine
	 */
	ZstdCodec(int level) {
		Native.load();
		this.level = level;
	}

	@Override
	public ContentCoding coding() {
		return ContentCoding.ZSTD;
	}

	@Override
	public int level() {
		return level;
	}

	@Override
	public byte[] encode(byte[] source) throws IOException {
		try {
			return Zstd.compress(source, level);
		}
		catch (RuntimeException ex) {
			throw new IOException("zstd failed to compress " + source.length + " bytes", ex);
		}
	}

}
