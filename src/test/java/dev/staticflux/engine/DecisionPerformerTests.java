package dev.staticflux.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import dev.staticflux.cache.DiskLookup;
import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileKey;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.cache.TestFileCaches;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.HostRoots;
import dev.staticflux.files.RequestPath;
import dev.staticflux.rules.ServerHeader;
import dev.staticflux.rules.SiteRulesByHost;

import static dev.staticflux.engine.TestRequests.get;
import static dev.staticflux.engine.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The performer of the core's I/O, with the cache off: how many trips to the file-I/O
 * threads a request costs, and what it hands the adapter.
 */
class DecisionPerformerTests {

	@TempDir
	Path root;

	/** Counts the tasks it is given and runs them at once. */
	private final CountingExecutor fileIo = new CountingExecutor();

	private FileEngine engine;

	private DecisionPerformer performer;

	@BeforeEach
	void engine() throws IOException {
		Files.writeString(root.resolve("small.txt"), "small");
		Files.writeString(root.resolve("big.txt"), "b".repeat(4096));
		DiskLookup disk = TestFileCaches.disk(1024);
		engine = engine(disk);
		performer = new DecisionPerformer(disk, fileIo);
	}

	private FileEngine engine(FileLookup lookup) {
		return new FileEngine(
				new FileEngine.EngineSettings(false, false, List.of(ContentCoding.GZIP), CompressionPolicy.OFF),
				new HostRoots(root, List.of()), lookup, new CommonHeaders(Clock.systemUTC(), ServerHeader.of(null)),
				SiteRulesByHost.none(root));
	}

	@Test
	void aSmallFileIsLookedUpAndReadInOneTaskAndSentFromMemory() {
		DecisionPerformer.Performed performed = performer.perform(engine.decide(get("/small.txt"))).join();

		assertThat(fileIo.tasks).hasValue(1);
		assertThat(performed.file()).as("nothing left to open").isNull();
		Reply reply = engine.sending(performed.respond());
		assertThat(reply.status()).isEqualTo(HttpStatus.OK);
		assertThat(StandardCharsets.UTF_8.decode(((Reply.Memory) reply.body()).buffer()).toString()).isEqualTo("small");
	}

	@Test
	void aFileOnDiskIsLookedUpOpenedAndCheckedInOneTask() throws IOException {
		DecisionPerformer.Performed performed = performer.perform(engine.decide(get("/big.txt"))).join();

		assertThat(fileIo.tasks).hasValue(1);
		assertThat(performed.respond().reply().body()).isEqualTo(new Reply.FileRange(0, 4096));
		assertThat(performed.file()).isNotNull();
		performed.file().close();
	}

	@Test
	void aFileOpenedForAReplyThatReadsNothingIsClosedAndNotHandedOn() {
		String etag = performer.perform(engine.decide(get("/big.txt"))).thenApply(performed -> {
			performed.file().close();
			return header(performed.respond().reply(), "ETag");
		}).join();

		DecisionPerformer.Performed performed = performer.perform(engine.decide(get("/big.txt", "If-None-Match", etag)))
			.join();

		assertThat(performed.respond().reply().status()).isEqualTo(HttpStatus.NOT_MODIFIED);
		assertThat(performed.file()).isNull();
	}

	@Test
	void aReplyDecidedWithoutIoCompletesWithoutAFileIoTask() {
		CompletableFuture<DecisionPerformer.Performed> performed = performer
			.perform(engine.decide(request("OPTIONS", "/small.txt", "localhost")));

		assertThat(performed).isCompleted();
		assertThat(fileIo.tasks).hasValue(0);
	}

	@Test
	void aLookupFailureIsTheCoresErrorPage() {
		FileLookup failing = (key, reload) -> CompletableFuture
			.failedFuture(new UncheckedIOException(new IOException("EIO")));
		FileEngine failingEngine = engine(failing);

		DecisionPerformer.Performed performed = new DecisionPerformer(failing, fileIo)
			.perform(failingEngine.decide(get("/small.txt")))
			.join();

		assertThat(performed.respond().reply().status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
	}

	@Test
	void aLookupThatWaitsForSharedWorkContinuesOnTheFileIoThreadsWhenItCompletes() {
		CompletableFuture<FileEntry> shared = new CompletableFuture<>();
		DiskLookup disk = TestFileCaches.disk(1024);
		FileLookup waiting = (key, reload) -> shared;

		CompletableFuture<DecisionPerformer.Performed> performed = new DecisionPerformer(waiting, fileIo)
			.perform(engine(waiting).decide(get("/small.txt")));
		assertThat(performed).isNotDone();
		shared.complete(disk.find(
				new FileKey(root.toAbsolutePath().normalize(), RequestPath.parse("/small.txt"), ContentCoding.IDENTITY),
				false)
			.join());

		assertThat(performed.join().respond().reply().status()).isEqualTo(HttpStatus.OK);
		assertThat(fileIo.tasks).as("the first step, then the rest after the wait").hasValue(2);
	}

	@Test
	void workTheFileIoThreadsRefuseFailsTheFuture() {
		Executor refusing = task -> {
			throw new RejectedExecutionException("queue full");
		};

		CompletableFuture<DecisionPerformer.Performed> performed = new DecisionPerformer(TestFileCaches.disk(1024),
				refusing)
			.perform(engine.decide(get("/small.txt")));

		assertThat(performed).isCompletedExceptionally();
	}

	@Test
	void aContinuationTheFileIoThreadsRefuseAfterAWaitFailsTheFuture() {
		CompletableFuture<FileEntry> shared = new CompletableFuture<>();
		FileLookup waiting = (key, reload) -> shared;
		AtomicInteger accepted = new AtomicInteger();
		Executor refusingAfterTheFirst = task -> {
			if (accepted.getAndIncrement() > 0) {
				throw new RejectedExecutionException("queue full");
			}
			task.run();
		};

		CompletableFuture<DecisionPerformer.Performed> performed = new DecisionPerformer(waiting, refusingAfterTheFirst)
			.perform(engine(waiting).decide(get("/small.txt")));
		assertThat(performed).isNotDone();
		shared.complete(TestFileCaches.disk(1024)
			.find(new FileKey(root.toAbsolutePath().normalize(), RequestPath.parse("/small.txt"),
					ContentCoding.IDENTITY), false)
			.join());

		assertThat(performed).isCompletedExceptionally();
	}

	private static @Nullable String header(Reply reply, String name) {
		List<String> headers = reply.headerList();
		for (int i = 0; i < headers.size(); i += 2) {
			if (headers.get(i).equalsIgnoreCase(name)) {
				return headers.get(i + 1);
			}
		}
		return null;
	}

	private static final class CountingExecutor implements Executor {

		final AtomicInteger tasks = new AtomicInteger();

		@Override
		public void execute(Runnable task) {
			tasks.incrementAndGet();
			task.run();
		}

	}

}
