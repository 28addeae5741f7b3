package dev.staticflux.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.staticflux.cache.FileCacheTests.FakeTicker;
import dev.staticflux.cache.FileCacheTests.ManualExecutor;
import dev.staticflux.compression.Codecs;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.compression.Compressor;
import dev.staticflux.compression.Decoding;
import dev.staticflux.files.CacheControlRules;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.FileResolver;
import dev.staticflux.files.MediaTypes;
import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;

import static dev.staticflux.files.ContentCoding.BR;
import static dev.staticflux.files.ContentCoding.GZIP;
import static dev.staticflux.files.ContentCoding.IDENTITY;
import static dev.staticflux.files.ContentCoding.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files compressed on the fly as cache entries of their own: once per version and coding,
 * weighed, revalidated.
 */
class CompressedEntriesTests {

	private static final List<ContentCoding> CODINGS = List.of(ZSTD, BR, GZIP);

	private static final int MAX_FILE_SIZE = 64 * 1024;

	private static final String SCRIPT = "export const answer = (question) => question.length * 42;\n".repeat(300);

	@TempDir
	Path root;

	private final FakeTicker ticker = new FakeTicker();

	private final ManualExecutor executor = new ManualExecutor();

	private final Compressor compressor = new Compressor(Codecs.load(CODINGS, Map.of(ZSTD, 9, BR, 6, GZIP, 6)));

	private final FileCache cache = cache(ticker);

	private FileCache cache(Ticker ticker) {
		EntryLoader loader = new EntryLoader(new FileResolver(List.of("index.html"), false, false),
				new CacheControlRules(List.of()), MediaTypes.builtIn(), List.of(BR, ZSTD, GZIP), MAX_FILE_SIZE, ticker,
				new CompressionPolicy(CODINGS, List.of("text/*", "application/json"), 1024, MAX_FILE_SIZE), compressor);
		return new FileCache(loader, executor, ticker, 64 * 1024 * 1024, TimeUnit.SECONDS.toNanos(1));
	}

	@Test
	void oneHundredSimultaneousFirstLookupsCompressOncePerCoding() throws IOException {
		write("app.js", SCRIPT);
		List<FileEntry> results = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			for (ContentCoding coding : CODINGS) {
				cache.lookup(key("/app.js", coding)).subscribe(results::add);
			}
		}
		executor.runAll();

		assertThat(compressor.statistics().compressed()).isEqualTo(3);
		assertThat(results).hasSize(300);
		for (FileEntry entry : results) {
			ContentCoding coding = entry.key().coding();
			assertThat(entry.representation().coding()).isEqualTo(coding);
			assertThat(Decoding.decode(coding, entry.representation().body()))
				.isEqualTo(SCRIPT.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void holdsTheCodedBytesAsAnEntryWeighedInTheBudget() throws IOException {
		write("app.js", SCRIPT);
		FileEntry identity = lookup("/app.js", IDENTITY);
		FileEntry zstd = lookup("/app.js", ZSTD);

		assertThat(zstd.representation().body().isDirect()).isTrue();
		assertThat(zstd.representation().length()).isEqualTo(zstd.representation().body().remaining())
			.isLessThan(SCRIPT.length() / 10);
		assertThat(zstd.weight()).isEqualTo(FileEntry.OVERHEAD + zstd.representation().length());
		assertThat(cache.statistics().bytes()).isEqualTo(identity.weight() + zstd.weight());
		assertThat(cache.largest(20)).extracting(CachedFileInfo::coding).containsExactlyInAnyOrder("identity", "zstd");
	}

	@Test
	void givesEachCodingItsOwnEntityTagWithTheOriginalsTypeAndTime() throws IOException {
		write("app.js", SCRIPT);
		FileEntry identity = lookup("/app.js", IDENTITY);
		FileEntry br = lookup("/app.js", BR);
		FileEntry gzip = lookup("/app.js", GZIP);

		assertThat(br.representation().etag()).endsWith("-br-6\"").isNotEqualTo(identity.representation().etag());
		assertThat(gzip.representation().etag()).endsWith("-gzip-6\"");
		assertThat(br.representation().contentType()).isEqualTo(identity.representation().contentType());
		assertThat(br.representation().lastModifiedHeader()).isEqualTo(identity.representation().lastModifiedHeader());
	}

	@Test
	void servesFromMemoryWithoutCompressingAgain() throws IOException {
		write("app.js", SCRIPT);
		FileEntry first = lookup("/app.js", ZSTD);
		ticker.advance(Duration.ofSeconds(5));

		assertThat(lookup("/app.js", ZSTD)).as("revalidated, unchanged").isSameAs(first);
		assertThat(compressor.statistics().compressed()).isEqualTo(1);
	}

	@Test
	void compressesAChangedFileAgainOnceTheWindowHasPassed() throws IOException {
		Path file = write("app.js", SCRIPT);
		lookup("/app.js", GZIP);
		String changed = SCRIPT.replace("42", "43");
		Files.writeString(file, changed);
		Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
		ticker.advance(Duration.ofMillis(1001));

		FileEntry gzip = lookup("/app.js", GZIP);

		assertThat(Decoding.decode(GZIP, gzip.representation().body()))
			.isEqualTo(changed.getBytes(StandardCharsets.UTF_8));
		assertThat(compressor.statistics().compressed()).isEqualTo(2);
	}

	@Test
	void servesThePrecompressedVariantRatherThanCompressing() throws IOException {
		write("app.js", SCRIPT);
		write("app.js.br", "precompressed");

		FileEntry br = lookup("/app.js", BR);

		assertThat(StandardCharsets.UTF_8.decode(br.representation().body().duplicate()).toString())
			.isEqualTo("precompressed");
		assertThat(compressor.statistics().compressed()).isZero();
	}

	@Test
	void remembersThatACodingDoesNotMakeAFileSmaller() throws IOException {
		byte[] noise = new byte[8 * 1024];
		new Random(17).nextBytes(noise);
		Files.write(root.resolve("noise.txt"), noise);

		FileEntry zstd = lookup("/noise.txt", ZSTD);
		lookup("/noise.txt", ZSTD);

		assertThat(zstd.resolution().kind()).isEqualTo(Resolution.Kind.FILE);
		assertThat(zstd.representation()).as("the engine sends the original").isNull();
		assertThat(compressor.statistics().compressed()).isEqualTo(1);
	}

	@Test
	void leavesSmallLargeAndOtherFilesUncompressed() throws IOException {
		write("tiny.js", "let x = 1;");
		write("large.js", SCRIPT.repeat(10));
		Files.write(root.resolve("photo.png"), SCRIPT.getBytes(StandardCharsets.UTF_8));

		assertThat(lookup("/tiny.js", ZSTD).resolution().kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		assertThat(lookup("/large.js", ZSTD).resolution().kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		assertThat(lookup("/photo.png", ZSTD).resolution().kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		assertThat(compressor.statistics().compressed()).isZero();
	}

	@Test
	void evictingAPathDropsItsCodedEntries() throws IOException {
		write("app.js", SCRIPT);
		lookup("/app.js", IDENTITY);
		lookup("/app.js", ZSTD);
		lookup("/app.js", BR);

		assertThat(cache.evict("/app.js")).isEqualTo(3);
	}

	private FileEntry lookup(String path, ContentCoding coding) {
		List<FileEntry> result = new ArrayList<>();
		cache.lookup(key(path, coding)).subscribe(result::add);
		executor.runAll();
		assertThat(result).as("lookup of %s completed", path).hasSize(1);
		return result.get(0);
	}

	private FileKey key(String path, ContentCoding coding) {
		return new FileKey(root, RequestPath.parse(path), coding);
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(root.resolve(name), content);
	}

}
