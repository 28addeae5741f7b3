package dev.staticflux.cache;

/**
 * One cache entry as the {@code filecache} endpoint lists it.
 *
 * @param path the request path below the root
 * @param coding the content coding
 * @param kind what the path resolved to (FILE, NOT_FOUND, ...)
 * @param bytes what the entry weighs in the cache
 * @param bodyInMemory whether the body is held in memory (small files) or read from disk
 */
public record CachedFileInfo(String path, String coding, String kind, int bytes, boolean bodyInMemory) {

	static CachedFileInfo of(FileKey key, FileEntry entry) {
		String path = "/" + key.path().relative()
				+ (key.path().trailingSlash() && !key.path().relative().isEmpty() ? "/" : "");
		boolean inMemory = entry.representation() != null && entry.representation().body() != null;
		return new CachedFileInfo(path, key.coding().token(), entry.resolution().kind().name(), entry.weight(),
				inMemory);
	}

}
