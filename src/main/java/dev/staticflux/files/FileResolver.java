package dev.staticflux.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Finds what a checked {@link RequestPath} names below a root. Blocking: call it off the
 * event loop.
 *
 * <p>
 * Safety is layered: {@link RequestPath} already rejected {@code ..}, encoded separators
 * and control characters, so the joined path is lexically inside the root; then, unless
 * symlinks may be followed, the real path (all links resolved) must still be inside the
 * real root, or the answer is 404. That last rule is decided without resolving the real
 * path when it can be: the names below the root are {@code lstat}ed one by one, and when
 * none of them is a link, the real path is the real root joined with those names, inside
 * the root by construction (the root itself may be a link: it is the operator's). Only a
 * path that goes through a link has its real path and the real root's resolved
 * ({@code realpath(3)}, one {@code readlink} per component) and compared. A file whose
 * permission bits grant read to nobody is {@link Resolution.Kind#FORBIDDEN} even when the
 * server runs as root, so an operator's {@code chmod 000} is honoured whoever runs the
 * server. A name the JVM cannot encode for the file system (see {@link FileNameEncoding})
 * cannot name a file there: {@link Resolution.Kind#NOT_FOUND}.
 */
public final class FileResolver {

	private static final Set<PosixFilePermission> READ_BITS = Set.of(PosixFilePermission.OWNER_READ,
			PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

	private final List<String> indexFiles;

	private final boolean followSymlinks;

	private final boolean directoryListing;

	public FileResolver(List<String> indexFiles, boolean followSymlinks, boolean directoryListing) {
		this.indexFiles = List.copyOf(indexFiles);
		this.followSymlinks = followSymlinks;
		this.directoryListing = directoryListing;
	}

	/**
	 * @param root the served directory
	 * @param path a path that {@link RequestPath#parse} accepted
	 * @return what the path names; a missing root answers
	 * {@link Resolution.Kind#NOT_FOUND}
	 * @throws IOException for an unexpected file-system failure (the caller answers 500)
	 */
	public Resolution resolve(Path root, RequestPath path) throws IOException {
		try {
			return resolveReadable(root, path);
		}
		catch (AccessDeniedException ex) {
			return Resolution.FORBIDDEN;
		}
		catch (InvalidPathException ex) {
			return Resolution.NOT_FOUND;
		}
	}

	private Resolution resolveReadable(Path root, RequestPath path) throws IOException {
		String relative = path.relative();
		Path target = relative.isEmpty() ? root : root.resolve(relative);
		PosixFileAttributes attributes = relative.isEmpty() ? attributes(root) : below(root, relative, target);
		if (attributes == null) {
			return Resolution.NOT_FOUND;
		}
		if (attributes.isDirectory()) {
			if (!path.trailingSlash() && !relative.isEmpty()) {
				return Resolution.REDIRECT;
			}
			return index(root, target, relative);
		}
		if (!attributes.isRegularFile() || path.trailingSlash()) {
			return Resolution.NOT_FOUND;
		}
		return file(target, relative, attributes);
	}

	/**
	 * The attributes of a path below the root, following links, or {@code null} when
	 * nothing servable is there or, unless links may be followed, its real path leaves
	 * the root. Without links, each name from the root down is {@code lstat}ed (one call
	 * per name, the last one's attributes are the answer); the first link met hands the
	 * decision to {@link #throughLink}.
	 * @param relative the {@code /}-separated names below the root, not empty
	 */
	private @Nullable PosixFileAttributes below(Path root, String relative, Path target) throws IOException {
		if (followSymlinks) {
			return attributes(target);
		}
		Path current = root;
		int start = 0;
		while (true) {
			int end = relative.indexOf('/', start);
			current = current.resolve((end < 0) ? relative.substring(start) : relative.substring(start, end));
			PosixFileAttributes own = ownAttributes(current);
			if (own == null) {
				return null;
			}
			if (own.isSymbolicLink()) {
				return throughLink(root, target);
			}
			if (end < 0) {
				return own;
			}
			if (!own.isDirectory()) {
				return null;
			}
			start = end + 1;
		}
	}

	/**
	 * The attributes of a path that goes through a link, when its real path is inside the
	 * real root; otherwise {@code null}.
	 */
	private @Nullable PosixFileAttributes throughLink(Path root, Path target) throws IOException {
		PosixFileAttributes attributes = attributes(target);
		return (attributes != null && inside(root, target)) ? attributes : null;
	}

	/**
	 * Finds a precompressed variant beside a resolved file.
	 * @param root the served directory
	 * @param file a {@link Resolution.Kind#FILE} resolution
	 * @param coding the variant's coding
	 * @return the variant as a file resolution, or a {@link Resolution.Kind#NOT_FOUND}
	 * one
	 */
	public Resolution variant(Path root, Resolution file, ContentCoding coding) throws IOException {
		try {
			return readableVariant(root, file, coding);
		}
		catch (AccessDeniedException | NoSuchFileException ex) {
			return Resolution.NOT_FOUND;
		}
	}

	/**
	 * A variant sits beside a file whose directory's real path is inside the root (that
	 * is how the file was resolved), so unless its own name is a link, it is inside too:
	 * one {@code stat}, and an {@code lstat} only when something is there.
	 */
	private Resolution readableVariant(Path root, Resolution file, ContentCoding coding) throws IOException {
		Path target = file.existingFile().resolveSibling(file.existingFile().getFileName() + coding.suffix());
		if (absent(target)) {
			return Resolution.NOT_FOUND;
		}
		PosixFileAttributes attributes = followSymlinks ? attributes(target) : inDirectory(root, target);
		if (attributes == null || !attributes.isRegularFile()) {
			return Resolution.NOT_FOUND;
		}
		return file(target, file.relative() + coding.suffix(), attributes);
	}

	private Resolution index(Path root, Path directory, String relative) throws IOException {
		for (String name : indexFiles) {
			Path candidate = directory.resolve(name);
			PosixFileAttributes attributes = followSymlinks ? attributes(candidate) : inDirectory(root, candidate);
			if (attributes != null && attributes.isRegularFile()) {
				return file(candidate, relative.isEmpty() ? name : relative + "/" + name, attributes);
			}
		}
		return directoryListing ? new Resolution(Resolution.Kind.LISTING, directory, relative, 0, 0, null)
				: Resolution.NOT_FOUND;
	}

	/**
	 * The attributes of a name in a directory already known to be inside the root (its
	 * real path is): the name's own when it is not a link, else the link's target's when
	 * its real path is inside the root too; {@code null} otherwise.
	 */
	private @Nullable PosixFileAttributes inDirectory(Path root, Path target) throws IOException {
		PosixFileAttributes own = ownAttributes(target);
		if (own == null || !own.isSymbolicLink()) {
			return own;
		}
		return throughLink(root, target);
	}

	private Resolution file(Path target, String relative, PosixFileAttributes attributes) {
		if (attributes.permissions().stream().noneMatch(READ_BITS::contains) || !Files.isReadable(target)) {
			return Resolution.FORBIDDEN;
		}
		return new Resolution(Resolution.Kind.FILE, target, relative, attributes.size(),
				attributes.lastModifiedTime().toMillis(), attributes.fileKey());
	}

	/**
	 * Whether nothing is there, asked without an exception: most files have no variant of
	 * most codings, and {@code Files.readAttributes} reports a missing file with a
	 * {@code NoSuchFileException}, whose stack trace costs more than the {@code stat}
	 * itself. {@code java.io.File} answers a boolean from the same {@code stat}. A file
	 * created right after this answer is found by the next lookup, as one created right
	 * after any {@code stat} would be.
	 */
	private static boolean absent(Path target) {
		return target.getFileSystem() == FileSystems.getDefault() && !target.toFile().exists();
	}

	/**
	 * Attributes, following links unless told not to ({@code lstat}: a link's own), or
	 * {@code null} when there is nothing there to serve.
	 */
	private static @Nullable PosixFileAttributes attributes(Path target, LinkOption... options) throws IOException {
		try {
			return Files.readAttributes(target, PosixFileAttributes.class, options);
		}
		catch (NoSuchFileException | NotDirectoryException ex) {
			return null;
		}
		catch (AccessDeniedException ex) {
			throw ex;
		}
		catch (FileSystemException ex) {
			// ELOOP, ENAMETOOLONG and the like: the name cannot denote a servable file.
			return null;
		}
	}

	private static @Nullable PosixFileAttributes ownAttributes(Path target) throws IOException {
		return attributes(target, LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Whether a path through a link has its real path inside the root's real path, both
	 * resolved now: a root that is itself a link swapped to another directory is judged
	 * by where it points now.
	 */
	private static boolean inside(Path root, Path target) throws IOException {
		try {
			return target.toRealPath().startsWith(root.toRealPath());
		}
		catch (NoSuchFileException | NotDirectoryException ex) {
			return false;
		}
	}

}
