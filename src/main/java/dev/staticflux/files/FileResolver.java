package dev.staticflux.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
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
 * real root, or the answer is 404. A file whose permission bits grant read to nobody is
 * {@link Resolution.Kind#FORBIDDEN} even when the server runs as root, so an operator's
 * {@code chmod 000} is honoured whoever runs the server. A name the JVM cannot encode for
 * the file system (see {@link FileNameEncoding}) cannot name a file there:
 * {@link Resolution.Kind#NOT_FOUND}.
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
		Path realRoot;
		try {
			realRoot = root.toRealPath();
		}
		catch (NoSuchFileException | NotDirectoryException ex) {
			return Resolution.NOT_FOUND;
		}
		Path target = path.relative().isEmpty() ? realRoot : realRoot.resolve(path.relative());
		PosixFileAttributes attributes = attributes(target);
		if (attributes == null || !inside(realRoot, target)) {
			return Resolution.NOT_FOUND;
		}
		if (attributes.isDirectory()) {
			if (!path.trailingSlash() && !path.relative().isEmpty()) {
				return Resolution.REDIRECT;
			}
			return index(realRoot, target, path.relative());
		}
		if (!attributes.isRegularFile() || path.trailingSlash()) {
			return Resolution.NOT_FOUND;
		}
		return file(target, path.relative(), attributes);
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

	private Resolution readableVariant(Path root, Resolution file, ContentCoding coding) throws IOException {
		Path target = file.existingFile().resolveSibling(file.existingFile().getFileName() + coding.suffix());
		if (absent(target)) {
			return Resolution.NOT_FOUND;
		}
		PosixFileAttributes attributes = attributes(target);
		if (attributes == null || !attributes.isRegularFile() || !inside(root.toRealPath(), target)) {
			return Resolution.NOT_FOUND;
		}
		return file(target, file.relative() + coding.suffix(), attributes);
	}

	private Resolution index(Path realRoot, Path directory, String relative) throws IOException {
		for (String name : indexFiles) {
			Path candidate = directory.resolve(name);
			PosixFileAttributes attributes = attributes(candidate);
			if (attributes != null && attributes.isRegularFile() && inside(realRoot, candidate)) {
				return file(candidate, relative.isEmpty() ? name : relative + "/" + name, attributes);
			}
		}
		return directoryListing ? new Resolution(Resolution.Kind.LISTING, directory, relative, 0, 0, null)
				: Resolution.NOT_FOUND;
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
	 * Attributes following links, or {@code null} when there is nothing there to serve.
	 */
	private static @Nullable PosixFileAttributes attributes(Path target) throws IOException {
		try {
			return Files.readAttributes(target, PosixFileAttributes.class);
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

	private boolean inside(Path realRoot, Path target) throws IOException {
		if (followSymlinks) {
			return true;
		}
		try {
			return target.toRealPath().startsWith(realRoot);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
	}

}
