package dev.staticflux.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.compression.Compressor;
import dev.staticflux.files.CacheControlRules;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.FileResolver;
import dev.staticflux.files.MediaTypes;
import dev.staticflux.files.Representation;
import dev.staticflux.files.Resolution;

/**
 * Turns a {@link FileKey} into a {@link FileEntry} by asking the disk. Blocking: runs on
 * the file-I/O threads.
 *
 * <p>
 * A key in a coding other than identity names the precompressed variant beside the file
 * when there is one; otherwise, for a file the compression policy covers, the file
 * compressed on the fly: the original is read and compressed once, and the entry holds
 * the coded bytes with the original's resolution, so that revalidation compares it with
 * the original on disk and a changed file is compressed again.
 */
final class EntryLoader {

	/**
	 * A body read while the file was being replaced is read again, at most this many
	 * times.
	 */
	private static final int READ_ATTEMPTS = 3;

	/**
	 * The largest body read for one response with the cache off (see
	 * {@link #loadForOneResponse}); a larger file is sent with {@code sendfile}.
	 */
	static final int ONE_RESPONSE_BODY_SIZE = 64 * 1024;

	private final FileResolver resolver;

	private final CacheControlRules cacheControl;

	private final MediaTypes mediaTypes;

	private final List<ContentCoding> precompressed;

	private final Bodies cached;

	private final Bodies oneResponse;

	private final Ticker ticker;

	private final CompressionPolicy compression;

	private final Compressor compressor;

	EntryLoader(FileResolver resolver, CacheControlRules cacheControl, MediaTypes mediaTypes,
			List<ContentCoding> precompressed, long maxBodySize, Ticker ticker, CompressionPolicy compression,
			Compressor compressor) {
		this.resolver = resolver;
		this.cacheControl = cacheControl;
		this.mediaTypes = mediaTypes;
		this.precompressed = List.copyOf(precompressed);
		this.cached = new Bodies(maxBodySize, true, true);
		this.oneResponse = new Bodies(Math.min(maxBodySize, ONE_RESPONSE_BODY_SIZE), false, false);
		this.ticker = ticker;
		this.compression = compression;
		this.compressor = compressor;
	}

	/**
	 * Loads an entry for the cache.
	 * @param key what to load
	 * @param withBody whether a file of at most the maximum body size is read into memory
	 * (and, for a coding compressed on the fly, compressed); without it the entry only
	 * names the version on disk
	 */
	FileEntry load(FileKey key, boolean withBody) throws IOException {
		return load(key, withBody ? cached : Bodies.NONE);
	}

	/**
	 * Loads an entry for one response, with the cache off: a file of at most
	 * {@value #ONE_RESPONSE_BODY_SIZE} bytes (and at most the maximum body size) is read
	 * in the same call, so the response goes out from memory without opening the file
	 * again; a larger one only names the version on disk, for {@code sendfile}. Nothing
	 * is compressed on the fly: without a cache that would cost the CPU on every request.
	 * @param key what to load
	 */
	FileEntry loadForOneResponse(FileKey key) throws IOException {
		return load(key, oneResponse);
	}

	private FileEntry load(FileKey key, Bodies bodies) throws IOException {
		for (int attempt = 1;; attempt++) {
			long now = ticker.read();
			Resolution original = resolver.resolve(key.root(), key.path());
			if (original.kind() != Resolution.Kind.FILE) {
				return new FileEntry(key, original, null, Set.of(), now);
			}
			Resolution target = key.coding() == ContentCoding.IDENTITY ? original
					: resolver.variant(key.root(), original, key.coding());
			if (target.kind() != Resolution.Kind.FILE) {
				if (compressedOnTheFly(key.coding(), original)) {
					FileEntry compressed = compressed(key, original, bodies.compress(), now);
					if (compressed == null && attempt < READ_ATTEMPTS) {
						continue;
					}
					return (compressed != null) ? compressed : new FileEntry(key, original, null, Set.of(), now);
				}
				return new FileEntry(key, target, null, Set.of(), now);
			}
			Set<ContentCoding> variants = key.coding() == ContentCoding.IDENTITY ? variants(key, original) : Set.of();
			ByteBuffer body = null;
			if (target.size() <= bodies.maxSize()) {
				body = read(target, bodies.direct());
				if (body == null && attempt < READ_ATTEMPTS) {
					continue;
				}
			}
			String cacheControlValue = cacheControl.valueFor(original.relative());
			Representation representation = Representation.of(target, original, key.coding(), cacheControlValue,
					mediaTypes, body);
			return new FileEntry(key, target, representation, variants, now);
		}
	}

	private boolean compressedOnTheFly(ContentCoding coding, Resolution original) {
		return compression
			.codingsFor(mediaTypes.typeOf(original.existingFile().getFileName().toString()), original.size())
			.contains(coding);
	}

	/**
	 * The entry of a file compressed on the fly: the original's resolution with the coded
	 * bytes, or, when the coding does not make the file smaller, without a representation
	 * (the engine then sends the original). Without body, only the resolution, which is
	 * what revalidation compares. {@code null} when the file changed while it was read.
	 */
	private @Nullable FileEntry compressed(FileKey key, Resolution original, boolean withBody, long now)
			throws IOException {
		if (!withBody) {
			return new FileEntry(key, original, null, Set.of(), now);
		}
		ByteBuffer body = read(original, true);
		if (body == null) {
			return null;
		}
		ByteBuffer coded = compressor.compress(original, key.coding(), body);
		Representation representation = (coded == null) ? null : Representation.compressed(original, key.coding(),
				compressor.level(key.coding()), cacheControl.valueFor(original.relative()), mediaTypes, coded);
		return new FileEntry(key, original, representation, Set.of(), now);
	}

	private Set<ContentCoding> variants(FileKey key, Resolution original) throws IOException {
		Set<ContentCoding> found = EnumSet.noneOf(ContentCoding.class);
		for (ContentCoding coding : precompressed) {
			if (resolver.variant(key.root(), original, coding).kind() == Resolution.Kind.FILE) {
				found.add(coding);
			}
		}
		return found.isEmpty() ? Set.of() : Set.copyOf(found);
	}

	/**
	 * Whether the path still names the file as resolved: same size, time and identity.
	 */
	private static boolean unchanged(Resolution file) throws IOException {
		return file.describedBy(Files.readAttributes(file.existingFile(), BasicFileAttributes.class));
	}

	/**
	 * Reads a whole file into a buffer: a direct one, which Netty writes without copying,
	 * for a body the cache keeps; a heap one, cheaper to allocate and collect, for a body
	 * read for one response. Returns {@code null} when the file no longer matches the
	 * resolution (it changed or was replaced while being read), so the caller resolves
	 * again and never pairs old headers with new bytes.
	 */
	private static @Nullable ByteBuffer read(Resolution file, boolean direct) throws IOException {
		// No fstat for the size: a file that grew shows in the probe read after the
		// body, one that shrank as an early end, and the stat after both proves the rest.
		try (FileChannel channel = FileChannel.open(file.existingFile(), StandardOpenOption.READ)) {
			int size = (int) file.size();
			ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
			while (buffer.hasRemaining()) {
				if (channel.read(buffer) < 0) {
					return null;
				}
			}
			if (channel.read(ByteBuffer.allocate(1)) > 0 || !unchanged(file)) {
				return null;
			}
			return buffer.flip();
		}
	}

	/**
	 * Which bodies a load reads into memory.
	 *
	 * @param maxSize the largest file read, or {@code -1} for none
	 * @param direct whether into a direct buffer (for the cache) or a heap one
	 * @param compress whether a coding compressed on the fly is compressed
	 */
	private record Bodies(long maxSize, boolean direct, boolean compress) {

		static final Bodies NONE = new Bodies(-1, false, false);

	}

}
