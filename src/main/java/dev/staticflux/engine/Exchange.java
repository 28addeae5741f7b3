package dev.staticflux.engine;

import java.nio.file.Path;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileKey;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.files.RequestPath;

/**
 * One request on its way through the core: what was parsed from it once, and the cache hits it has taken from
 * memory so far. Those hits go with the reply (see {@link Decision.Respond#memoryHits}) and are counted only when
 * it is sent, so that a request the Reactor Netty adapter decides and then hands on to WebFlux, which decides it
 * again, counts once.
 */
final class Exchange {

	private final FileRequest request;

	private final RequestTarget target;

	private final Path root;

	private final boolean head;

	private final FileLookup lookup;

	private RequestPath path;

	private int memoryHits;

	Exchange(FileRequest request, RequestTarget target, Path root, FileLookup lookup) {
		this.request = request;
		this.target = target;
		this.root = root;
		this.head = "HEAD".equals(request.method());
		this.lookup = lookup;
	}

	FileRequest request() {
		return request;
	}

	/** A header field's value, lines combined (see {@link FileRequest#header}). */
	String header(String name) {
		return request.header(name);
	}

	RequestTarget target() {
		return target;
	}

	/** The root of the request's host. */
	Path root() {
		return root;
	}

	boolean head() {
		return head;
	}

	/** The checked path, once the path check has passed. */
	RequestPath path() {
		return path;
	}

	void path(RequestPath checked) {
		this.path = checked;
	}

	/** The entry, when it is fresh in memory; its hit is counted with the reply. */
	FileEntry inMemory(FileKey key) {
		FileEntry entry = lookup.peekNow(key);
		if (entry != null) {
			memoryHits++;
		}
		return entry;
	}

	/** The final decision, with the memory hits taken for it. */
	Decision respond(Reply reply) {
		return new Decision.Respond(reply, memoryHits);
	}

}
