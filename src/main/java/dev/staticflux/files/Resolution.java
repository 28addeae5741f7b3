package dev.staticflux.files;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a request path names on disk, as found by {@link FileResolver}.
 *
 * @param kind what was found
 * @param file the file to serve ({@link Kind#FILE}) or the directory to list
 * ({@link Kind#LISTING}), else {@code null}
 * @param relative the served file's path below the root, {@code /}-separated (e.g.
 * {@code docs/index.html})
 * @param size the file's size in bytes
 * @param lastModified the file's modification time, epoch milliseconds
 * @param fileKey the file system's identity of the file (device and inode on Linux), may
 * be {@code null}
 */
public record Resolution(Kind kind, @Nullable Path file, String relative, long size, long lastModified,
		@Nullable Object fileKey) {

	/** What a path resolved to. */
	public enum Kind {

		/** A regular, readable file. */
		FILE,
		/** A directory requested without its trailing slash: redirect to add it. */
		REDIRECT,
		/** A directory without an index file, and listings are on. */
		LISTING,
		/**
		 * Nothing servable: missing, hidden, outside the root, a directory without index,
		 * a device.
		 */
		NOT_FOUND,
		/** A file the server may not read. */
		FORBIDDEN

	}

	static final Resolution NOT_FOUND = new Resolution(Kind.NOT_FOUND, null, "", 0, 0, null);

	static final Resolution FORBIDDEN = new Resolution(Kind.FORBIDDEN, null, "", 0, 0, null);

	static final Resolution REDIRECT = new Resolution(Kind.REDIRECT, null, "", 0, 0, null);

	/**
	 * The {@link #file()} of a resolution that has one: a {@link Kind#FILE} or
	 * {@link Kind#LISTING}.
	 * @throws NullPointerException for the other kinds, which name no file
	 */
	public Path existingFile() {
		return Objects.requireNonNull(file, () -> "a " + kind + " resolution names no file");
	}

	/**
	 * Whether this and another resolution name the same bytes: same kind, same file, same
	 * size, time and identity. A file replaced by an atomic rename changes identity even
	 * if size and time match.
	 */
	public boolean sameVersionAs(Resolution other) {
		return kind == other.kind && Objects.equals(file, other.file) && size == other.size
				&& lastModified == other.lastModified && Objects.equals(fileKey, other.fileKey);
	}

	/**
	 * Whether attributes read from the path now still describe the file as resolved: same
	 * size, time and identity. Used after reading or opening the file, to be sure the
	 * bytes belong to the headers.
	 */
	public boolean describedBy(BasicFileAttributes now) {
		return now.size() == size && now.lastModifiedTime().toMillis() == lastModified
				&& Objects.equals(now.fileKey(), fileKey);
	}

}
