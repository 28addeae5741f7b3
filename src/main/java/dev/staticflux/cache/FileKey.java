package dev.staticflux.cache;

import java.nio.file.Path;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.RequestPath;

/**
 * What the engine looks up: a checked request path below a root, in one content coding.
 * Variants of one file are separate keys, so each is loaded, weighed and evicted on its
 * own.
 *
 * @param root the served directory (differs between virtual hosts)
 * @param path the checked request path
 * @param coding the coding asked for
 */
public record FileKey(Path root, RequestPath path, ContentCoding coding) {

	/** The same path in another coding. */
	public FileKey withCoding(ContentCoding other) {
		return new FileKey(root, path, other);
	}

}
