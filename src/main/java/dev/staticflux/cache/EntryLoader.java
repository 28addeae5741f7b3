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

import dev.staticflux.files.CacheControlRules;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.FileResolver;
import dev.staticflux.files.MediaTypes;
import dev.staticflux.files.Representation;
import dev.staticflux.files.Resolution;

/**
 * Turns a {@link FileKey} into a {@link FileEntry} by asking the disk. Blocking: runs on the file-I/O threads.
 */
final class EntryLoader {

	/** A body read while the file was being replaced is read again, at most this many times. */
	private static final int READ_ATTEMPTS = 3;

	private final FileResolver resolver;

	private final CacheControlRules cacheControl;

	private final MediaTypes mediaTypes;

	private final List<ContentCoding> precompressed;

	private final long maxBodySize;

	private final Ticker ticker;

	EntryLoader(FileResolver resolver, CacheControlRules cacheControl, MediaTypes mediaTypes,
			List<ContentCoding> precompressed, long maxBodySize, Ticker ticker) {
		this.resolver = resolver;
		this.cacheControl = cacheControl;
		this.mediaTypes = mediaTypes;
		this.precompressed = List.copyOf(precompressed);
		this.maxBodySize = maxBodySize;
		this.ticker = ticker;
	}

	/**
	 * @param key what to load
	 * @param withBody whether a file of at most the maximum body size is read into memory
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

	private Set<ContentCoding> variants(FileKey key, Resolution original) throws IOException {
		Set<ContentCoding> found = EnumSet.noneOf(ContentCoding.class);
		for (ContentCoding coding : precompressed) {
			if (resolver.variant(key.root(), original, coding).kind() == Resolution.Kind.FILE) {
				found.add(coding);
			}
		}
		return found.isEmpty() ? Set.of() : Set.copyOf(found);
	}

	/** Whether the path still names the file as resolved: same size, time and identity. */
	private static boolean unchanged(Resolution file) throws IOException {
		return file.describedBy(Files.readAttributes(file.file(), BasicFileAttributes.class));
	}

	/**
	 * Reads a whole file into a direct buffer that Netty can write without copying. Returns {@code null}
	 * when the file no longer matches the resolution (it changed or was replaced while being read), so the
	 * caller resolves again and the cache never pairs old headers with new bytes.
	 */
	private static ByteBuffer read(Resolution file) throws IOException {
		try (FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ)) {
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
