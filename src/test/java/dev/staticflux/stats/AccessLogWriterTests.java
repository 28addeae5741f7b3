package dev.staticflux.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import ch.qos.logback.core.util.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import dev.staticflux.config.StaticFluxProperties.AccessLog;
import dev.staticflux.config.StaticFluxProperties.AccessLog.Format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class AccessLogWriterTests {

	@TempDir
	Path directory;

	@Test
	void writesEveryLineInOrderByTheTimeItIsClosed() throws Exception {
		Path file = directory.resolve("logs/access.log");
		AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofMegabytes(10), 7, Format.COMBINED));
		IntStream.range(0, 10_000).forEach((i) -> writer.write("line " + i));
		writer.close();

		assertThat(Files.readAllLines(file)).hasSize(10_000).startsWith("line 0", "line 1").endsWith("line 9999");
	}

	@Test
	void linesWrittenConcurrentlyStayWhole() throws Exception {
		Path file = directory.resolve("access.log");
		AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofMegabytes(10), 7, Format.COMBINED));
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			String text = ("thread" + t + " ").repeat(50);
			Thread thread = new Thread(() -> IntStream.range(0, 2_000).forEach((i) -> writer.write(text)));
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		writer.close();

		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(8_000).allMatch((line) -> line.matches("(thread(\\d) )\\1{49}"));
	}

	@Test
	void rollsAtTheMaximumSizeKeepingMaxHistoryFiles() throws Exception {
		Path file = directory.resolve("access.log");
		AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofKilobytes(1), 3, Format.COMBINED), Duration.buildByMilliseconds(0),
				AccessLogWriter.QUEUE_LIMIT);
		String line = "x".repeat(99);
		IntStream.range(0, 2_000).forEach((i) -> writer.write(line));
		writer.close();

		assertThat(directory.resolve("access.1.log")).exists();
		assertThat(directory.resolve("access.3.log")).exists();
		assertThat(directory.resolve("access.4.log")).doesNotExist();
		try (var files = Files.list(directory)) {
			assertThat(files).hasSize(4);
		}
	}

	@Test
	void aLineIsVisibleInTheFileAsSoonAsTheWriterIsIdle() throws Exception {
		Path file = directory.resolve("access.log");
		try (AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofMegabytes(1), 1, Format.COMBINED))) {
			writer.write("first");

			await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(file).hasContent("first"));
		}
	}

	@Test
	void everyLineIsEitherWrittenOrCountedAsDroppedWhenTheQueueIsFull() throws Exception {
		Path file = directory.resolve("access.log");
		AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofMegabytes(10), 1, Format.COMBINED), Duration.buildBySeconds(1), 8);
		IntStream.range(0, 20_000).forEach((i) -> writer.write("line " + i));
		writer.close();

		assertThat(Files.readAllLines(file).size() + writer.dropped()).isEqualTo(20_000);
	}

	@Test
	void failsAtStartWhenTheFileCannotBeOpened() throws IOException {
		Path notADirectory = Files.writeString(directory.resolve("plain-file"), "x");

		assertThatIllegalStateException()
			.isThrownBy(() -> new AccessLogWriter(new AccessLog(true, notADirectory.resolve("access.log"),
					DataSize.ofMegabytes(1), 1, Format.COMBINED)))
			.withMessageStartingWith("staticflux.access-log.file: cannot open ");
	}

	@Test
	void rolledFilesKeepTheNameWithAnIndexBeforeTheExtension() {
		assertThat(AccessLogWriter.rolledName(Path.of("/var/log/sf/access.log")))
			.isEqualTo("/var/log/sf/access.%i.log");
		assertThat(AccessLogWriter.rolledName(Path.of("/var/log/sf/access"))).isEqualTo("/var/log/sf/access.%i");
		assertThat(AccessLogWriter.rolledName(Path.of("/var/log/sf/.access"))).isEqualTo("/var/log/sf/.access.%i");
	}

	@Test
	void linesLongerThanABatchAreWrittenWholeBetweenTheirNeighbours() throws Exception {
		Path file = directory.resolve("access.log");
		AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofMegabytes(10), 1, Format.COMBINED));
		String longLine = "y".repeat(AccessLogWriter.BATCH_BYTES * 3);
		for (int i = 0; i < 300; i++) {
			writer.write("line " + i);
			if (i % 100 == 99) {
				writer.write(longLine);
			}
		}
		writer.close();

		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(303);
		assertThat(lines.get(100)).isEqualTo(longLine);
		assertThat(lines.get(101)).isEqualTo("line 100");
		assertThat(lines.get(302)).isEqualTo(longLine);
	}

	@Test
	void writesTheBytesItIsGivenAsOneLine() throws Exception {
		Path file = directory.resolve("access.log");
		AccessLogWriter writer = new AccessLogWriter(
				new AccessLog(true, file, DataSize.ofMegabytes(10), 1, Format.COMBINED));
		writer.write("cl\u00e9ent - - [-]".getBytes(StandardCharsets.UTF_8));
		writer.write("second");
		writer.close();

		assertThat(Files.readAllBytes(file))
			.isEqualTo("cl\u00e9ent - - [-]\nsecond\n".getBytes(StandardCharsets.UTF_8));
	}

}
