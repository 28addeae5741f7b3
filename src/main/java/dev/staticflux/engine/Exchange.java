package dev.staticflux.engine;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileKey;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.files.RequestPath;
import dev.staticflux.rules.SiteRules;

/**
 * One request on its way through the core: what was parsed from it once, and the cache
 * hits it has taken from memory so far. Those hits go with the reply (see
 * {@link Decision.Respond#memoryHits}) and are counted only when it is sent, so that a
 * request the Reactor Netty adapter decides and then hands on to WebFlux, which decides
 * it again, counts once.
 */
final class Exchange {

	private final FileRequest request;

	private final RequestTarget target;

	private final Path root;

	private final boolean head;

	private final FileLookup lookup;

	private final SiteRules site;

	private @Nullable RequestPath path;

	private @Nullable RequestPath requested;

	private @Nullable String served;

	private boolean varyAccept;

	private int memoryHits;

	Exchange(FileRequest request, RequestTarget target, Path root, FileLookup lookup, SiteRules site) {
		this.request = request;
		this.target = target;
		this.root = root;
		this.head = "HEAD".equals(request.method());
		this.lookup = lookup;
		this.site = site;
	}

	FileRequest request() {
		return request;
	}

	/** A header field's value, lines combined (see {@link FileRequest#header}). */
	@Nullable String header(String name) {
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
		return Objects.requireNonNull(path, "path() is asked only after the path check has passed");
	}

	void path(RequestPath checked) {
		this.path = checked;
		this.requested = checked;
	}

	/** The rules of the request's site. */
	SiteRules site() {
		return site;
	}

	/** Looks up the site's fallback file from now on, in place of the requested path. */
	void fallBack(RequestPath file) {
		this.path = file;
	}

	/** Whether the path looked up is the fallback file rather than the requested one. */
	boolean fallingBack() {
		return path != requested;
	}

	/**
	 * The answer depends on {@code Accept}, through the fallback: the reply gets
	 * {@code Vary: Accept}.
	 */
	void varyAccept() {
		this.varyAccept = true;
	}

	/**
	 * The file the reply serves, below the root (an index file, the fallback file): what
	 * header rules match.
	 */
	void serving(String relative) {
		this.served = relative;
	}

	/** The entry, when it is fresh in memory; its hit is counted with the reply. */
	@Nullable FileEntry inMemory(FileKey key) {
		FileEntry entry = lookup.peekNow(key);
		if (entry != null) {
			memoryHits++;
		}
		return entry;
	}

	/**
	 * The final decision, with the memory hits taken for it. Every reply passes here, so
	 * this is where the site's header rules are added: for the file served, else the
	 * requested path (the path as checked, even before the method was; empty for a path
	 * the check rejected).
	 */
	Decision respond(Reply reply) {
		return new Decision.Respond(reply.with(site.headers().headersFor(rulePath()), varyAccept), memoryHits);
	}

	private String rulePath() {
		if (served != null) {
			return served;
		}
		RequestPath checked = (requested != null) ? requested : RequestPath.parse(target.rawPath());
		return checked.outcome() == RequestPath.Outcome.BAD_REQUEST ? "" : checked.relative();
	}

}
