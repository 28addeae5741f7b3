package dev.staticflux.compression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.Resolution;

/**
 * Compresses one version of a file in one coding, once: concurrent calls for the same
 * version and coding share a single compression, which runs on the thread of the first
 * caller while the others wait for its result. The engine keeps the result as a cache
 * entry of its own, so later requests do not call here again until the file changes (a
 * new version) or the entry is evicted.
 *
 * <p>
 * Blocking: compression is CPU work of milliseconds per hundred kilobytes, and callers
 * are the file-I/O threads (the cache's loads), never an event loop. A waiting caller
 * holds its thread, never a second one, so the file-I/O pool cannot deadlock on itself.
 */
public final class Compressor {

	private final Codecs codecs;

	private final Map<Run, CompletableFuture<@Nullable ByteBuffer>> running = new ConcurrentHashMap<>();

	private final LongAdder compressed = new LongAdder();

	private final LongAdder bytesIn = new LongAdder();

	private final LongAdder bytesOut = new LongAdder();

	/**
	 * @param codecs the codecs that work here
	 */
	public Compressor(Codecs codecs) {
		this.codecs = codecs;
	}

	/**
	 * The coded bytes of a file version.
	 * @param version the resolved file the bytes belong to; calls for equal versions and
	 * the same coding share one compression
	 * @param coding the coding wanted, one whose codec is {@linkplain Codecs#available
	 * available}
	 * @param identity the file's bytes, from position to limit; not changed
	 * @return the coded bytes in a new direct buffer (what the cache holds and Netty
	 * writes without copying), or {@code null} when the coding would not make the file
	 * smaller, so the file is better sent as it is
	 * @throws UncheckedIOException when the codec fails
	 */
	public @Nullable ByteBuffer compress(Resolution version, ContentCoding coding, ByteBuffer identity) {
		Run run = new Run(version, coding);
		CompletableFuture<@Nullable ByteBuffer> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable ByteBuffer> theirs = running.putIfAbsent(run, mine);
		if (theirs != null) {
			return join(theirs);
		}
		try {
			ByteBuffer coded = encode(coding, identity);
			mine.complete(coded);
			return coded;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			running.remove(run, mine);
		}
	}

	private @Nullable ByteBuffer encode(ContentCoding coding, ByteBuffer identity) {
		Codec codec = codecs.codec(coding);
		if (codec == null) {
			throw new IllegalArgumentException("No codec for '" + coding.token() + "' on this machine");
		}
		byte[] source = new byte[identity.remaining()];
		identity.duplicate().get(source);
		byte[] coded;
		try {
			coded = codec.encode(source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			compressed.increment();
			bytesIn.add(source.length);
		}
		bytesOut.add(coded.length);
		if (coded.length >= source.length) {
			return null;
		}
		return ByteBuffer.allocateDirect(coded.length).put(coded).flip();
	}

	private static @Nullable ByteBuffer join(CompletableFuture<@Nullable ByteBuffer> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * The level a coding compresses at, which the engine puts in the coded
	 * representation's entity tag: the same file at another level is other bytes, and a
	 * strong tag must change with them (RFC 9110 §8.8.3).
	 * @param coding an available coding
	 */
	public int level(ContentCoding coding) {
		return Objects.requireNonNull(codecs.codec(coding), "level is asked only for an available coding").level();
	}

	/** Counters as of now. */
	public CompressionStatistics statistics() {
		return new CompressionStatistics(compressed.sum(), bytesIn.sum(), bytesOut.sum());
	}

	/** One compression: a file version in a coding. */
	private record Run(Resolution version, ContentCoding coding) {
	}

}
