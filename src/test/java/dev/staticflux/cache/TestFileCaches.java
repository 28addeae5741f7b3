package dev.staticflux.cache;

import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;

import dev.staticflux.compression.Codecs;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.compression.Compressor;
import dev.staticflux.files.CacheControlRules;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.FileResolver;
import dev.staticflux.files.MediaTypes;

/**
 * A real {@link FileCache} for tests of other packages: loads run on the calling thread.
 */
public final class TestFileCaches {

	private TestFileCaches() {
	}

	/**
	 * @param maxFileSize files above it keep their body on disk
	 * @param directoryListing whether directories without an index are listed
	 */
	public static FileCache synchronous(long maxFileSize, boolean directoryListing) {
		return synchronous(maxFileSize, directoryListing, CompressionPolicy.OFF,
				new Compressor(Codecs.load(List.of(), Map.of())));
	}

	/**
	 * The same, with compression on the fly.
	 * @param compression which files are compressed
	 * @param compressor what compresses them
	 */
	public static FileCache synchronous(long maxFileSize, boolean directoryListing, CompressionPolicy compression,
			Compressor compressor) {
		EntryLoader loader = new EntryLoader(new FileResolver(List.of("index.html"), false, directoryListing),
				new CacheControlRules(List.of()), MediaTypes.builtIn(), List.of(ContentCoding.BR, ContentCoding.GZIP),
				maxFileSize, Ticker.systemTicker(), compression, compressor);
		return new FileCache(loader, Runnable::run, Ticker.systemTicker(), 64 * 1024 * 1024, Long.MAX_VALUE / 2);
	}

}
