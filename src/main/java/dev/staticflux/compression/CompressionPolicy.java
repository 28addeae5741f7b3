package dev.staticflux.compression;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.staticflux.files.ContentCoding;

/**
 * Which files are compressed on the fly, and with which codings. A file is compressed
 * when compression is on, its media type matches one of the configured ranges and is not
 * {@linkplain #alreadyCompressed already compressed}, and its size is at least the
 * minimum (below it the coding's framing eats the saving) and at most the largest body
 * the cache holds in memory (a larger file goes out as it is, with zero-copy
 * {@code sendfile}; docs/CACHE.md says why).
 */
public final class CompressionPolicy {

	/** Compression off: nothing is compressed on the fly. */
	public static final CompressionPolicy OFF = new CompressionPolicy(List.of(), List.of(), 0, -1);

	/**
	 * Media types whose bytes are compressed already, so that compressing them again
	 * costs CPU for nothing, or makes them larger: raster images, audio, video, archives,
	 * WOFF fonts. SVG, ICO and BMP are images that do compress and are not listed.
	 */
	private static final List<String> ALREADY_COMPRESSED_RANGES = List.of("video/*", "audio/*");

	private static final Set<String> ALREADY_COMPRESSED = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
			"image/avif", "image/heic", "image/heif", "image/jxl", "image/apng", "font/woff", "font/woff2",
			"application/zip", "application/gzip", "application/x-gzip", "application/x-bzip2", "application/x-xz",
			"application/zstd", "application/x-7z-compressed", "application/x-rar-compressed", "application/vnd.rar",
			"application/java-archive", "application/epub+zip", "application/x-brotli");

	/**
	 * More distinct types than the engine's extension table has; a bound all the same.
	 */
	private static final int REMEMBERED_TYPES = 256;

	private final List<ContentCoding> codings;

	private final List<String> types;

	private final long minSize;

	private final long maxSize;

	private final Map<String, Boolean> compressibleTypes = new ConcurrentHashMap<>();

	/**
	 * @param codings the codings to offer, most preferred first (those whose codec works
	 * here)
	 * @param types media ranges: {@code type/subtype}, {@code type/*} or
	 * {@code type/*+suffix}
	 * @param minSize the smallest file compressed, in bytes
	 * @param maxSize the largest file compressed, in bytes
	 * @throws IllegalArgumentException naming {@code staticflux.compression.types} for a
	 * value that is not a media range or names a type compressed already (an operator's
	 * mistake, so it stops start-up)
	 */
	public CompressionPolicy(List<ContentCoding> codings, List<String> types, long minSize, long maxSize) {
		for (String type : types) {
			if (!validRange(type)) {
				throw new IllegalArgumentException("staticflux.compression.types: '" + type
						+ "' (expected: type/subtype, type/* or type/*+suffix)");
			}
			if (alreadyCompressed(type)) {
				throw new IllegalArgumentException("staticflux.compression.types: '" + type
						+ "' (expected: a type that is not compressed already)");
			}
		}
		this.codings = List.copyOf(codings);
		this.types = types.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
		this.minSize = minSize;
		this.maxSize = maxSize;
	}

	/**
	 * The codings a file may be compressed with on the fly, most preferred first.
	 * @param contentType the file's {@code Content-Type}, parameters allowed
	 * ({@code text/css;charset=utf-8})
	 * @param size the file's size in bytes
	 * @return the codings, empty when the file goes out as it is
	 */
	public List<ContentCoding> codingsFor(String contentType, long size) {
		return compressible(contentType, size) ? codings : List.of();
	}

	/**
	 * Whether a file of this type and size is compressed on the fly. Asked on every
	 * request: the answer for a {@code Content-Type} is worked out once and remembered
	 * (the engine's types are the few of its extension table).
	 */
	public boolean compressible(String contentType, long size) {
		if (codings.isEmpty() || size < minSize || size > maxSize) {
			return false;
		}
		Boolean known = compressibleTypes.get(contentType);
		if (known == null) {
			known = !alreadyCompressed(contentType) && matchesAny(types, essence(contentType));
			if (compressibleTypes.size() < REMEMBERED_TYPES) {
				compressibleTypes.put(contentType, known);
			}
		}
		return known;
	}

	/**
	 * Whether a media type names bytes that are compressed already, which are never
	 * compressed again whatever {@code staticflux.compression.types} says.
	 * @param mediaType a type such as {@code image/png}, parameters allowed
	 */
	public static boolean alreadyCompressed(String mediaType) {
		String type = essence(mediaType);
		return ALREADY_COMPRESSED.contains(type) || matchesAny(ALREADY_COMPRESSED_RANGES, type);
	}

	/**
	 * Whether a configured value is a media range this policy understands:
	 * {@code type/subtype}, {@code type/*} or {@code type/*+suffix}, each part a token
	 * (RFC 9110 §8.3.1).
	 */
	static boolean validRange(String range) {
		int slash = range.indexOf('/');
		if (slash <= 0 || slash == range.length() - 1) {
			return false;
		}
		String type = range.substring(0, slash);
		String subtype = range.substring(slash + 1);
		if (!token(type) || type.equals("*")) {
			return false;
		}
		if (subtype.equals("*")) {
			return true;
		}
		if (subtype.startsWith("*+")) {
			return token(subtype.substring(2));
		}
		return token(subtype) && !subtype.contains("*");
	}

	/** The type and subtype without parameters, lower case. */
	private static String essence(String mediaType) {
		int semicolon = mediaType.indexOf(';');
		String type = (semicolon < 0) ? mediaType : mediaType.substring(0, semicolon);
		return type.trim().toLowerCase(Locale.ROOT);
	}

	private static boolean matchesAny(List<String> ranges, String type) {
		for (String range : ranges) {
			if (matches(range, type)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(String range, String type) {
		if (range.endsWith("/*")) {
			return type.startsWith(range.substring(0, range.length() - 1));
		}
		int wildcard = range.indexOf("/*+");
		if (wildcard > 0) {
			return type.startsWith(range.substring(0, wildcard + 1)) && type.endsWith(range.substring(wildcard + 2));
		}
		return range.equals(type);
	}

	private static boolean token(String value) {
		if (value.isEmpty()) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!tchar) {
				return false;
			}
		}
		return true;
	}

}
