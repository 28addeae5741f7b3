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

	private final FileResolver resolver;

	private final CacheControlRules cacheControl;

	private final MediaTypes mediaTypes;

	private final List<ContentCoding> precompressed;

	private final long maxBodySize;

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
		this.maxBodySize = maxBodySize;
		this.ticker = ticker;
		this.compression = compression;
		this.compressor = compressor;
	}

	/**
	 * @param key what to load
	 * @param withBody whether a file of at most the maximum body size is read into memory
	 * (and, for a coding compressed on the fly, compressed); without it the entry only
	 * names the version on disk
	 */
	FileEntry load(FileKey key, boolean withBody) throws IOException {
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
					FileEntry compressed = compressed(key, original, withBody, now);
					if (compressed == null && attempt < READ_ATTEMPTS) {
						continue;
					}
					return (compressed != null) ? compressed : new FileEntry(key, original, null, Set.of(), now);
				}
				return new FileEntry(key, target, null, Set.of(), now);
			}
			Set<ContentCoding> variants = key.coding() == ContentCoding.IDENTITY ? variants(key, original) : Set.of();
			ByteBuffer body = null;
			if (withBody && target.size() <= maxBodySize) {
				body = read(target);
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
		ByteBuffer body = read(original);
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
	 * Reads a whole file into a direct buffer that Netty can write without copying.
	 * Returns {@code null} when the file no longer matches the resolution (it changed or
	 * was replaced while being read), so the caller resolves again and the cache never
	 * pairs old headers with new bytes.
	 */
	private static @Nullable ByteBuffer read(Resolution file) throws IOException {
		try (FileChannel channel = FileChannel.open(file.existingFile(), StandardOpenOption.READ)) {
			if (channel.size() != file.size()) {
				return null;
			}
			ByteBuffer buffer = ByteBuffer.allocateDirect((int) file.size());
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

}
