package dev.staticflux.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.staticflux.files.FileResolver;
import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;

import static org.assertj.core.api.Assertions.assertThat;

class OpenedFileTests {

	@TempDir
	Path root;

	private final FileResolver resolver = new FileResolver(List.of("index.html"), false, false);

	private Resolution resolve(String name) throws IOException {
		return resolver.resolve(root, RequestPath.parse("/" + name));
	}

	@Test
	void opensTheVersionThatWasResolved() throws IOException {
		Files.writeString(root.resolve("a.txt"), "version one");
		Resolution resolved = resolve("a.txt");

		try (OpenedFile file = OpenedFile.openNow(resolved)) {
			assertThat(file).isNotNull();
			assertThat(text(file, 0, 11)).isEqualTo("version one");
		}
	}

	@Test
	void refusesAFileReplacedByRenameSinceItWasResolved() throws IOException {
		Path path = Files.writeString(root.resolve("a.txt"), "version one");
		Resolution resolved = resolve("a.txt");
		Path next = Files.writeString(root.resolve(".a.txt.tmp"), "version two");
		Files.move(next, path, StandardCopyOption.ATOMIC_MOVE);

		assertThat(OpenedFile.openNow(resolved)).isNull();
	}

	@Test
	void refusesAFileRewrittenInPlaceSinceItWasResolved() throws IOException {
		Path path = Files.writeString(root.resolve("a.txt"), "version one");
		Resolution resolved = resolve("a.txt");
		Files.writeString(path, "version 2!!");
		Files.setLastModifiedTime(path, FileTime.fromMillis(resolved.lastModified() + 1000));

		assertThat(OpenedFile.openNow(resolved)).isNull();
	}

	@Test
	void refusesAFileDeletedSinceItWasResolved() throws IOException {
		Path path = Files.writeString(root.resolve("a.txt"), "version one");
		Resolution resolved = resolve("a.txt");
		Files.delete(path);

		assertThat(OpenedFile.openNow(resolved)).isNull();
	}

	@Test
	void keepsServingTheOpenedVersionAfterTheFileIsReplaced() throws IOException {
		Path path = Files.writeString(root.resolve("a.txt"), "version one");
		try (OpenedFile file = OpenedFile.openNow(resolve("a.txt"))) {
			Files.move(Files.writeString(root.resolve(".tmp"), "version two"), path, StandardCopyOption.ATOMIC_MOVE);

			assertThat(text(file, 8, 3)).isEqualTo("one");
		}
	}

	@Test
	void readsSeveralPartsOfOneFileInLargeFiles() throws IOException {
		byte[] bytes = new byte[200_000];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) ('a' + i % 26);
		}
		Files.write(root.resolve("big.bin"), bytes);
		try (OpenedFile file = OpenedFile.openNow(resolve("big.bin"))) {
			assertThat(text(file, 199_990, 10)).isEqualTo(new String(bytes, 199_990, 10, StandardCharsets.ISO_8859_1));
			assertThat(text(file, 1, 150_000)).isEqualTo(new String(bytes, 1, 150_000, StandardCharsets.ISO_8859_1));
		}
	}

	@Test
	void failsAReadOfAFileThatShrank() throws IOException {
		Path path = Files.writeString(root.resolve("a.txt"), "version one");
		try (OpenedFile file = OpenedFile.openNow(resolve("a.txt"))) {
			Files.writeString(path, "v1");

			StepVerifier.create(file.read(0, 11, DefaultDataBufferFactory.sharedInstance, Schedulers.immediate()))
				.expectError(EOFException.class)
				.verify(Duration.ofSeconds(5));
		}
	}

	@Test
	void failsAReadWhoseNextStepTheFileIoThreadsRefuse() throws IOException {
		Files.write(root.resolve("large.bin"), new byte[3 * OpenedFile.READ_BUFFER_SIZE]);
		Scheduler fileIo = Schedulers.newSingle("test-file-io");
		AtomicInteger scheduled = new AtomicInteger();
		Scheduler refusingAfterTheFirst = new Scheduler() {

			@Override
			public Disposable schedule(Runnable task) {
				if (scheduled.getAndIncrement() > 0) {
					throw new RejectedExecutionException("queue full");
				}
				return fileIo.schedule(task);
			}

			@Override
			public Worker createWorker() {
				throw new UnsupportedOperationException();
			}

		};
		try (OpenedFile file = OpenedFile.openNow(resolve("large.bin"))) {
			StepVerifier
				.create(file.read(0, 3 * OpenedFile.READ_BUFFER_SIZE, DefaultDataBufferFactory.sharedInstance,
						refusingAfterTheFirst), 1)
				.assertNext(DataBufferUtils::release)
				.thenAwait(Duration.ofMillis(100))
				.thenRequest(1)
				.expectError(RejectedExecutionException.class)
				.verify(Duration.ofSeconds(5));
			assertThat(scheduled).hasValue(2);
		}
		finally {
			fileIo.dispose();
		}
	}

	private static String text(OpenedFile file, long position, long count) {
		DataBuffer joined = DataBufferUtils
			.join(file.read(position, count, DefaultDataBufferFactory.sharedInstance, Schedulers.immediate()))
			.block(Duration.ofSeconds(5));
		return joined.toString(StandardCharsets.ISO_8859_1);
	}

}
