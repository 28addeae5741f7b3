package dev.staticflux.files;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One servable form of a file (the file itself, a precompressed variant or the file
 * compressed on the fly) with every header value it needs computed once, when the file is
 * loaded, rather than on each request.
 *
 * @param file the bytes on disk
 * @param coding the content coding of those bytes
 * @param length the body length
 * @param contentType the {@code Content-Type} of the original file (a variant keeps its
 * original's type)
 * @param etag a strong entity tag: size, modification time and coding, so each variant
 * has its own
 * @param lastModified modification time, epoch seconds (HTTP dates have second precision)
 * @param lastModifiedHeader {@code Last-Modified} formatted as an HTTP date
 * @param cacheControl the {@code Cache-Control} value, or {@code null}
 * @param body the whole body in memory, shared by all responses and never written to, or
 * {@code null} to read from disk
 */
public record Representation(Path file, ContentCoding coding, long length, String contentType, String etag,
		long lastModified, String lastModifiedHeader, @Nullable String cacheControl, @Nullable ByteBuffer body) {

	/**
	 * Builds the representation of a resolved file.
	 * @param resolution a {@link Resolution.Kind#FILE} resolution of the bytes to send
	 * @param original the resolution of the original file (the same as {@code resolution}
	 * for identity)
	 * @param coding the coding of {@code resolution}'s bytes
	 * @param cacheControl the {@code Cache-Control} value or {@code null}
	 * @param mediaTypes the types by extension, for the original's name
	 * @param body the bytes in memory, or {@code null}
	 */
	public static Representation of(Resolution resolution, Resolution original, ContentCoding coding,
			@Nullable String cacheControl, MediaTypes mediaTypes, @Nullable ByteBuffer body) {
		String etag = "\"" + Long.toHexString(resolution.size()) + "-" + Long.toHexString(resolution.lastModified())
				+ (coding == ContentCoding.IDENTITY ? "" : "-" + coding.token()) + "\"";
		long seconds = Math.floorDiv(resolution.lastModified(), 1000);
		String contentType = mediaTypes.typeOf(original.existingFile().getFileName().toString());
		return new Representation(resolution.existingFile(), coding, resolution.size(), contentType, etag, seconds,
				HttpDates.format(seconds), cacheControl, body);
	}

	/**
	 * Builds the representation of a file compressed on the fly: the original's type,
	 * time and {@code Cache-Control}, the coded bytes' length, and an entity tag of its
	 * own that names the original's version, the coding and its level (the same file at
	 * another level is other bytes, and a strong tag must change with them, RFC 9110
	 * §8.8.3).
	 * @param original the resolution of the file that was compressed
	 * @param coding the coding of {@code body}
	 * @param level the level it was compressed at
	 * @param cacheControl the {@code Cache-Control} value or {@code null}
	 * @param mediaTypes the media-type table the original's type came from
	 * @param body the coded bytes
	 */
	public static Representation compressed(Resolution original, ContentCoding coding, int level,
			@Nullable String cacheControl, MediaTypes mediaTypes, ByteBuffer body) {
		String etag = "\"" + Long.toHexString(original.size()) + "-" + Long.toHexString(original.lastModified()) + "-"
				+ coding.token() + "-" + level + "\"";
		long seconds = Math.floorDiv(original.lastModified(), 1000);
		String contentType = mediaTypes.typeOf(original.existingFile().getFileName().toString());
		return new Representation(original.existingFile(), coding, body.remaining(), contentType, etag, seconds,
				HttpDates.format(seconds), cacheControl, body);
	}

	/**
	 * A view of the in-memory body for one response: shares the bytes, has its own
	 * position.
	 */
	public ByteBuffer bodySlice(long offset, long count) {
		return Objects.requireNonNull(body, "bodySlice is asked only of a body in memory")
			.duplicate()
			.position((int) offset)
			.limit((int) (offset + count))
			.slice();
	}

}
