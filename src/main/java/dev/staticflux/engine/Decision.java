package dev.staticflux.engine;

import java.util.function.Function;
import java.util.function.Supplier;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileKey;
import dev.staticflux.files.Resolution;

/**
 * What the core decided for a request: either the reply, or the I/O it needs before it
 * can go on. An adapter performs the I/O on the file-I/O threads, never on an event loop,
 * and hands the result to the continuation, which returns the next decision; so every
 * rule stays in the core, and the adapters only translate, perform and write.
 */
public sealed interface Decision {

	/**
	 * Send this reply; the adapter that sends it tells the engine so
	 * ({@link FileEngine#sending}).
	 *
	 * @param reply the reply
	 * @param memoryHits the cache entries taken from memory for it, counted in the
	 * cache's statistics when it is sent (entries found through a {@link Lookup} are
	 * counted by the lookup itself)
	 */
	record Respond(Reply reply, int memoryHits) implements Decision {
	}

	/**
	 * Look a key up through the {@link dev.staticflux.cache.FileLookup}: in memory or
	 * from the disk.
	 *
	 * @param key the path and coding
	 * @param reload whether to ask the disk again ({@code FileLookup.reload}: after the
	 * file was found changed)
	 * @param then the decision for the entry found
	 * @param failed the decision for an unexpected file-system failure
	 */
	record Lookup(FileKey key, boolean reload, Function<FileEntry, Decision> then,
			Function<Throwable, Decision> failed) implements Decision {
	}

	/**
	 * Open the file a resolution names and check it is still that version. The adapter
	 * holds the opened file for the reply's {@link Reply.FileRange} pieces, and closes it
	 * once the reply is written, or at once when the reply reads nothing from it.
	 *
	 * @param file what the reply's headers were computed from
	 * @param opened the decision once the file is open and checked
	 * @param changed the decision when the path no longer names that version
	 * @param failed the decision for an unexpected file-system failure
	 */
	record Open(Resolution file, Supplier<Decision> opened, Supplier<Decision> changed,
			Function<Throwable, Decision> failed) implements Decision {
	}

	/**
	 * Run blocking work that produces bytes (a directory listing).
	 *
	 * @param work the work
	 * @param then the decision for its bytes
	 * @param failed the decision for its failure
	 */
	record Read(BlockingRead work, Function<byte[], Decision> then,
			Function<Throwable, Decision> failed) implements Decision {
	}

	/**
	 * Run a blocking check of the file system (the fallback's check for links out of the
	 * root).
	 *
	 * @param work the check
	 * @param then the decision for its outcome
	 * @param failed the decision for its failure
	 */
	record Check(BlockingCheck work, Function<Boolean, Decision> then,
			Function<Throwable, Decision> failed) implements Decision {
	}

	/** Blocking work of a {@link Check}. */
	@FunctionalInterface
	interface BlockingCheck {

		boolean check() throws Exception;

	}

	/** Blocking work of a {@link Read}. */
	@FunctionalInterface
	interface BlockingRead {

		byte[] read() throws Exception;

	}

}
