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
 * A real {@link FileCache} for tests of other packages: loads run on the calling thread;
 * and the {@link DiskLookup} of the cache off.
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
		return new FileCache(loader(maxFileSize, directoryListing, compression, compressor), Runnable::run,
				Ticker.systemTicker(), 64 * 1024 * 1024, Long.MAX_VALUE / 2);
	}

	/**
	 * The lookup of the cache off, as the server wires it.
	 * @param maxFileSize files above it are never read into memory
	 */
	public static DiskLookup disk(long maxFileSize) {
		return new DiskLookup(
				loader(maxFileSize, false, CompressionPolicy.OFF, new Compressor(Codecs.load(List.of(), Map.of()))));
	}

	private static EntryLoader loader(long maxFileSize, boolean directoryListing, CompressionPolicy compression,
			Compressor compressor) {
		return new EntryLoader(new FileResolver(List.of("index.html"), false, directoryListing),
				new CacheControlRules(List.of()), MediaTypes.builtIn(), List.of(ContentCoding.BR, ContentCoding.GZIP),
				maxFileSize, Ticker.systemTicker(), compression, compressor);
	}

}
