package dev.staticflux.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.http.ServedFile;

/**
 * Carries out the I/O that {@link Decision}s ask for until the core has decided the
 * reply, for any adapter: a decision in, a {@link CompletableFuture} of the reply out,
 * with no server API in between, so the WebFlux adapter bridges it to a {@code Mono} and
 * an adapter on plain Netty can complete a callback with it.
 *
 * <p>
 * All the blocking steps of one request run one after the other in one task on the
 * file-I/O threads: a miss that looks the path up on disk, opens the body file and checks
 * it costs one trip off the event loop and back, not one per step. Only a lookup that
 * waits for work other requests share (a cache load or check in progress) ends the task;
 * the steps after it continue in a new one. A decision that is already a reply completes
 * at once; the calling thread never blocks.
 *
 * <p>
 * Each step's failure goes to the decision's own {@code failed} continuation, as an
 * unexpected file-system failure (the core answers 500): the work itself, or the core's
 * continuation for its result.
 */
public final class DecisionPerformer {

	private final FileLookup lookup;

	private final Executor fileIo;

	/**
	 * @param lookup where {@link Decision.Lookup}s are looked up: the engine's own
	 * ({@link FileEngine#lookup()})
	 * @param fileIo the file-I/O threads, which may block
	 */
	public DecisionPerformer(FileLookup lookup, Executor fileIo) {
		this.lookup = lookup;
		this.fileIo = fileIo;
	}

	/**
	 * A decided reply and the body file it reads from: the adapter tells the engine it is
	 * sending it ({@link FileEngine#sending}) and closes the file once the body is
	 * written.
	 *
	 * @param respond the reply
	 * @param file the opened body file its {@link Reply.FileRange}s read, or {@code null}
	 * when it reads none (a file opened for a reply that reads nothing from it is closed
	 * already)
	 */
	public record Performed(Decision.Respond respond, @Nullable ServedFile file) {
	}

	/**
	 * Performs decisions until one is a reply. Never blocks the calling thread.
	 * @param decision the core's decision
	 * @return the reply; failed only when the file-I/O threads refused the work or the
	 * core failed to handle a failure
	 */
	public CompletableFuture<Performed> perform(Decision decision) {
		if (decision instanceof Decision.Respond respond) {
			return CompletableFuture.completedFuture(new Performed(respond, null));
		}
		CompletableFuture<Performed> result = new CompletableFuture<>();
		try {
			fileIo.execute(() -> run(decision, result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
		return result;
	}

	/**
	 * The steps of one request, on a file-I/O thread, until a reply or a wait for shared
	 * work.
	 */
	private void run(Decision first, CompletableFuture<Performed> result) {
		Decision decision = first;
		ServedFile file = null;
		try {
			while (!(decision instanceof Decision.Respond respond)) {
				if (file != null) {
					file.close();
					file = null;
				}
				if (decision instanceof Decision.Lookup find) {
					CompletableFuture<FileEntry> entry = lookup.find(find.key(), find.reload());
					if (!entry.isDone()) {
						entry.whenComplete((found, ex) -> continueWith(() -> found(find, found, ex), result));
						return;
					}
					decision = entry.handle((found, ex) -> found(find, found, ex)).join();
				}
				else if (decision instanceof Decision.Open open) {
					try {
						file = ServedFile.openHere(open.file());
						decision = (file != null) ? open.opened().get() : open.changed().get();
					}
					catch (Exception ex) {
						decision = open.failed().apply(ex);
					}
				}
				else if (decision instanceof Decision.Check check) {
					decision = check(check);
				}
				else {
					decision = read((Decision.Read) decision);
				}
			}
			if (file != null && !respond.reply().readsFile()) {
				file.close();
				file = null;
			}
			result.complete(new Performed(respond, file));
		}
		catch (Throwable ex) {
			if (file != null) {
				file.close();
			}
			result.completeExceptionally(ex);
		}
	}

	/**
	 * Carries on after a wait in a new task; if the file-I/O threads refuse it, the reply
	 * fails rather than never completing.
	 */
	private void continueWith(Supplier<Decision> next, CompletableFuture<Performed> result) {
		try {
			fileIo.execute(() -> run(next.get(), result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
	}

	private static Decision found(Decision.Lookup find, @Nullable FileEntry entry, @Nullable Throwable failure) {
		if (failure == null && entry != null) {
			try {
				return find.then().apply(entry);
			}
			catch (RuntimeException ex) {
				return find.failed().apply(ex);
			}
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return find.failed().apply((cause != null) ? cause : new IllegalStateException("lookup found nothing"));
	}

	private static Decision check(Decision.Check check) {
		try {
			return check.then().apply(check.work().check());
		}
		catch (Exception ex) {
			return check.failed().apply(ex);
		}
	}

	private static Decision read(Decision.Read read) {
		try {
			return read.then().apply(read.work().read());
		}
		catch (Exception ex) {
			return read.failed().apply(ex);
		}
	}

}
