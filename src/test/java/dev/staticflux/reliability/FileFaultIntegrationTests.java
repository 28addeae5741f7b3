package dev.staticflux.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * The file system changing under the server: files deleted mid-download, replaced by
 * atomic rename while being served, made unreadable, and the whole root moved away and
 * back. The server must keep answering, with status codes that describe what is on disk,
 * and never need a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FileFaultIntegrationTests {

	private static final Log logger = LogFactory.getLog(FileFaultIntegrationTests.class);

	/**
	 * Above {@code staticflux.cache.max-file-size} (1MB by default): served from disk
	 * with sendfile.
	 */
	private static final int LARGE = 8 * 1024 * 1024;

	/** Within the cache's per-file limit: served from memory after the first request. */
	private static final int SMALL = 16 * 1024;

	private static final Duration BOUND = Duration.ofSeconds(30);

	private static final Pattern CONTENT_RANGE = Pattern.compile("Content-Range: bytes [0-9]+-[0-9]+/([0-9]+)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern PART_DATA = Pattern.compile("\r\n\r\n([on]*)\r\n--");

	@TempDir
	static Path workDir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestRoots.register(registry, () -> workDir);
		// Revalidate often, so replaced files are picked up many times within a test.
		registry.add("staticflux.cache.revalidate-after", () -> "50ms");
	}

	@BeforeAll
	static void files() throws IOException {
		Path root = Files.createDirectories(workDir.resolve("root"));
		Files.writeString(root.resolve("index.html"), "home");
	}

	private Path root() {
		return workDir.resolve("root");
	}

	private int status(String path) throws IOException {
		return new RawHttp(port).exchange(RawHttp.get(path)).only().status();
	}

	private static byte[] filled(int length, char c) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) c);
		return bytes;
	}

	@Test
	void finishesADownloadWhoseFileIsDeletedMidwayAndStaysHealthy() throws Exception {
		Path file = Files.write(root().resolve("deleted.bin"), filled(LARGE, 'd'));
		try (Socket socket = new RawHttp(port).connect()) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.getOutputStream().write(RawHttp.get("/deleted.bin"));
			InputStream in = socket.getInputStream();
			byte[] start = in.readNBytes(64 * 1024);
			Files.delete(file);
			byte[] rest = RawHttp.readToEnd(in);

			byte[] all = new byte[start.length + rest.length];
			System.arraycopy(start, 0, all, 0, start.length);
			System.arraycopy(rest, 0, all, start.length, rest.length);
			RawHttp.Response response = RawHttp.parse(all).get(0);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.complete()).as("whole body after the delete").isTrue();
			assertThat(response.body()).containsOnly((byte) 'd');
		}
		assertThat(status("/deleted.bin")).isEqualTo(404);
		assertThat(status("/")).isEqualTo(200);
	}

	@Test
	void servesWhollyOldOrWhollyNewSmallFileWhileItIsReplacedByRename() throws Exception {
		Outcomes outcomes = hammerWhileReplacing("small.txt", SMALL, SMALL + 1000);

		logger.info("small file replaced by rename: " + outcomes);
		assertThat(outcomes.counts.keySet()).isNotEmpty().isSubsetOf(Outcome.OLD, Outcome.NEW);
	}

	/**
	 * A large file goes out with sendfile from a descriptor opened and checked against
	 * the headers' version before the headers are sent (see {@code OpenedFile}), so a
	 * rename at any moment gives wholly the old or wholly the new file, never one
	 * version's headers with the other's bytes, nor a body cut short.
	 */
	@Test
	void servesWhollyOldOrWhollyNewLargeFileWhileItIsReplacedByRename() throws Exception {
		Outcomes outcomes = hammerWhileReplacing("large.bin", LARGE, LARGE + 4096);

		logger.info("large file replaced by rename: " + outcomes);
		assertThat(outcomes.counts.keySet()).isNotEmpty().isSubsetOf(Outcome.OLD, Outcome.NEW);
	}

	/**
	 * The same through byte ranges, single and multiple, which read parts of the opened
	 * file.
	 */
	@Test
	void servesRangesOfOneVersionOfALargeFileWhileItIsReplacedByRename() throws Exception {
		Path target = root().resolve("ranges.bin");
		byte[] oldBytes = filled(LARGE, 'o');
		byte[] newBytes = filled(LARGE + 4096, 'n');
		Files.write(target, oldBytes);
		AtomicBoolean stop = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> writer = pool.submit(() -> replaceInTurn(target, oldBytes, newBytes, stop));
			long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			int checked = 0;
			for (int i = 0; i < 300 && System.nanoTime() < deadline; i++) {
				String range = (i % 2 == 0) ? "bytes=-100" : "bytes=0-9,-10";
				RawHttp.Response response = new RawHttp(port)
					.exchange(RawHttp.request("GET", "/ranges.bin", "Host: localhost", "Connection: close",
							"Range: " + range))
					.only();
				assertThat(response.status()).isEqualTo(206);
				assertThat(response.complete()).isTrue();
				String text = response.head() + "\r\n\r\n" + response.bodyText();
				Matcher contentRange = CONTENT_RANGE.matcher(text);
				assertThat(contentRange.find()).as(text).isTrue();
				char version = contentRange.group(1).equals(Integer.toString(LARGE)) ? 'o' : 'n';
				String data = (i % 2 == 0) ? response.bodyText() : partData(response.bodyText());
				assertThat(data).as("bytes of the version whose length Content-Range names")
					.hasSize((i % 2 == 0) ? 100 : 20)
					.matches(version + "+");
				checked++;
			}
			stop.set(true);
			writer.get(BOUND.toSeconds(), TimeUnit.SECONDS);
			assertThat(checked).isPositive();
		}
		finally {
			stop.set(true);
			pool.shutdownNow();
		}
	}

	/** The data of each part of a multipart/byteranges body, concatenated. */
	private static String partData(String multipartBody) {
		StringBuilder data = new StringBuilder();
		Matcher part = PART_DATA.matcher(multipartBody);
		while (part.find()) {
			data.append(part.group(1));
		}
		return data.toString();
	}

	private Void replaceInTurn(Path target, byte[] oldBytes, byte[] newBytes, AtomicBoolean stop) throws Exception {
		for (int i = 0; !stop.get(); i++) {
			Path temp = root().resolve("." + target.getFileName() + ".tmp");
			Files.write(temp, i % 2 == 0 ? newBytes : oldBytes);
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
			Thread.sleep(20);
		}
		return null;
	}

	@Test
	void answersForbiddenForAnUnreadableFile() throws IOException {
		Path file = Files.writeString(root().resolve("locked.txt"), "locked");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

		assertThat(status("/locked.txt")).isEqualTo(403);
		assertThat(status("/")).isEqualTo(200);
	}

	@Test
	void answersNotFoundWhileTheRootIsAwayAndRecoversWithoutRestart() throws Exception {
		Files.writeString(root().resolve("page.html"), "page");
		assertThat(status("/page.html")).isEqualTo(200);
		Path away = workDir.resolve("root-away");

		Files.move(root(), away, StandardCopyOption.ATOMIC_MOVE);
		try {
			assertThat(eventuallyStatus("/page.html", 404)).isTrue();
			assertThat(status("/")).isEqualTo(404);
		}
		finally {
			Files.move(away, root(), StandardCopyOption.ATOMIC_MOVE);
		}
		assertThat(eventuallyStatus("/page.html", 200)).isTrue();
		assertThat(new RawHttp(port).exchange(RawHttp.get("/page.html")).only().bodyText()).isEqualTo("page");
	}

	/**
	 * Polls until the path answers the status (the cache may serve a stale entry for
	 * revalidate-after).
	 */
	private boolean eventuallyStatus(String path, int expected) throws Exception {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (System.nanoTime() < deadline) {
			int status = status(path);
			assertThat(status).isLessThan(500);
			if (status == expected) {
				return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	enum Outcome {

		/** Status 200, the old length, every byte the old version's. */
		OLD,
		/** Status 200, the new length, every byte the new version's. */
		NEW,
		/**
		 * Complete, every byte one version's, but the length announced is the other
		 * version's.
		 */
		HEADERS_OF_ONE_BYTES_OF_OTHER,
		/** The connection closed before the announced length arrived. */
		CUT_SHORT,
		/** Complete, with bytes of both versions. */
		INTERLEAVED,
		/** A 5xx. */
		SERVER_ERROR,
		/** Any other status. */
		OTHER

	}

	record Outcomes(Map<Outcome, LongAdder> counts) {

		long total() {
			return counts.values().stream().mapToLong(LongAdder::sum).sum();
		}

		@Override
		public String toString() {
			return counts.toString();
		}

	}

	/**
	 * Four clients request the file for a bounded time while a fifth thread keeps
	 * replacing it by atomic rename with the other version: old is {@code oldLength}
	 * bytes of {@code o}, new is {@code newLength} of {@code n}.
	 */
	private Outcomes hammerWhileReplacing(String name, int oldLength, int newLength) throws Exception {
		Path target = root().resolve(name);
		byte[] oldBytes = filled(oldLength, 'o');
		byte[] newBytes = filled(newLength, 'n');
		Files.write(target, oldBytes);
		Map<Outcome, LongAdder> counts = new ConcurrentHashMap<>();
		AtomicBoolean stop = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(5);
		try {
			Future<?> writer = pool.submit(() -> replaceInTurn(target, oldBytes, newBytes, stop));
			long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
			Future<?>[] clients = new Future<?>[4];
			for (int c = 0; c < clients.length; c++) {
				clients[c] = pool.submit(() -> {
					for (int i = 0; i < 200 && System.nanoTime() < deadline; i++) {
						RawHttp.Response response = new RawHttp(port).exchange(RawHttp.get("/" + name)).only();
						Outcome outcome = classify(response, oldBytes, newBytes);
						counts.computeIfAbsent(outcome, o -> new LongAdder()).increment();
					}
					return null;
				});
			}
			for (Future<?> client : clients) {
				client.get(BOUND.toSeconds(), TimeUnit.SECONDS);
			}
			stop.set(true);
			writer.get(BOUND.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			stop.set(true);
			pool.shutdownNow();
		}
		assertThat(status("/")).isEqualTo(200);
		return new Outcomes(counts);
	}

	private static Outcome classify(RawHttp.Response response, byte[] oldBytes, byte[] newBytes) {
		if (response.status() >= 500) {
			return Outcome.SERVER_ERROR;
		}
		if (response.status() != 200) {
			return Outcome.OTHER;
		}
		if (!response.complete()) {
			return Outcome.CUT_SHORT;
		}
		byte[] body = response.body();
		String text = new String(body, StandardCharsets.ISO_8859_1);
		boolean allOld = text.chars().allMatch(c -> c == 'o');
		boolean allNew = text.chars().allMatch(c -> c == 'n');
		if (allOld && body.length == oldBytes.length) {
			return Outcome.OLD;
		}
		if (allNew && body.length == newBytes.length) {
			return Outcome.NEW;
		}
		return allOld || allNew ? Outcome.HEADERS_OF_ONE_BYTES_OF_OTHER : Outcome.INTERLEAVED;
	}

}
