package dev.staticflux.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import dev.staticflux.compression.Codecs;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.compression.Compressor;
import dev.staticflux.config.StaticFluxProperties.CacheControlRule;
import dev.staticflux.files.CacheControlRules;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.FileResolver;
import dev.staticflux.files.MediaTypes;
import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;

import static org.assertj.core.api.Assertions.assertThat;

class FileCacheTests {

	private static final long REVALIDATE_AFTER = TimeUnit.SECONDS.toNanos(1);

	@TempDir
	Path root;

	private final FakeTicker ticker = new FakeTicker();

	/** Runs tasks only when told to, so a test controls when loads complete. */
	private final ManualExecutor executor = new ManualExecutor();

	private FileCache cache;

	@BeforeEach
	void createCache() {
		cache = cache(64 * 1024 * 1024, 1024 * 1024);
	}

	private FileCache cache(long maxBytes, long maxFileSize) {
		FileResolver resolver = new FileResolver(List.of("index.html"), false, false);
		EntryLoader loader = new EntryLoader(resolver,
				new CacheControlRules(List.of(new CacheControlRule("*.html", "no-cache"))), MediaTypes.builtIn(),
				List.of(ContentCoding.BR, ContentCoding.GZIP), maxFileSize, ticker, CompressionPolicy.OFF,
				new Compressor(Codecs.load(List.of(), Map.of())));
		return new FileCache(loader, executor, ticker, maxBytes, REVALIDATE_AFTER);
	}

	@Test
	void hundredConcurrentMissesOnOneFileCauseOneDiskRead() throws IOException {
		write("hot.html", "hello");
		List<FileEntry> results = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			cache.lookup(key("/hot.html")).subscribe(results::add);
		}
		executor.runAll();

		assertThat(results).hasSize(100).allSatisfy(entry -> assertThat(entry).isSameAs(results.get(0)));
		assertThat(cache.statistics().loadCount()).isEqualTo(1);
		assertThat(cache.statistics().misses()).isEqualTo(1);
		assertThat(cache.statistics().hits()).isEqualTo(99);
	}

	@Test
	void lookupNowAnswersOnlyFreshEntriesInMemoryAndCountsThemAsHits() throws IOException {
		write("now.html", "now");
		assertThat(cache.lookupNow(key("/now.html"))).as("not loaded yet").isNull();
		FileEntry loaded = lookup("/now.html");

		assertThat(cache.lookupNow(key("/now.html"))).isSameAs(loaded);
		assertThat(cache.statistics().hits()).isEqualTo(1);
		assertThat(cache.statistics().misses()).isEqualTo(1);
		ticker.advance(Duration.ofMillis(1001));
		assertThat(cache.lookupNow(key("/now.html"))).as("stale: the caller must revalidate").isNull();
	}

	@Test
	void aCancelledLookupDoesNotCancelTheLoadOthersWaitOn() throws IOException {
		write("shared.html", "shared");
		Disposable cancelled = cache.lookup(key("/shared.html")).subscribe();
		List<FileEntry> results = new ArrayList<>();
		cache.lookup(key("/shared.html")).subscribe(results::add);
		cancelled.dispose();
		executor.runAll();

		assertThat(results).singleElement().satisfies(entry -> assertThat(body(entry)).isEqualTo("shared"));
	}

	@Test
	void smallFileBodyIsHeldInMemoryWithPrecomputedHeaders() throws IOException {
		write("page.html", "<p>hi</p>");
		FileEntry entry = lookup("/page.html");

		assertThat(entry.representation().body()).isNotNull();
		assertThat(entry.representation().body().isDirect()).isTrue();
		assertThat(entry.representation().contentType()).isEqualTo("text/html;charset=utf-8");
		assertThat(entry.representation().cacheControl()).isEqualTo("no-cache");
		assertThat(entry.representation().etag()).startsWith("\"").endsWith("\"");
	}

	@Test
	void fileAboveMaxFileSizeIsCachedWithoutItsBody() throws IOException {
		cache = cache(64 * 1024 * 1024, 1024);
		write("big.bin", "x".repeat(4096));
		FileEntry entry = lookup("/big.bin");

		assertThat(entry.resolution().kind()).isEqualTo(Resolution.Kind.FILE);
		assertThat(entry.representation().body()).isNull();
		assertThat(entry.weight()).isEqualTo(FileEntry.OVERHEAD);
	}

	@Test
	void fileServedFromDiskIsCheckedOnEveryLookupSoItsHeadersMatchTheBytesSent() throws IOException {
		cache = cache(64 * 1024 * 1024, 16);
		Path file = write("big.bin", "x".repeat(64));
		assertThat(lookup("/big.bin").representation().length()).isEqualTo(64);
		assertThat(cache.lookupNow(key("/big.bin"))).as("never answered from memory alone").isNull();
		Files.writeString(file, "y".repeat(128));
		Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));

		assertThat(lookup("/big.bin").representation().length()).as("no clock advance needed").isEqualTo(128);
	}

	@Test
	void rewrittenFileIsServedFromMemoryUntilTheWindowThenNew() throws IOException {
		Path file = write("page.html", "old");
		assertThat(body(lookup("/page.html"))).isEqualTo("old");
		Files.writeString(file, "new content");
		Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));

		assertThat(body(lookup("/page.html"))).as("within revalidate-after").isEqualTo("old");
		ticker.advance(Duration.ofMillis(1001));
		assertThat(body(lookup("/page.html"))).as("after revalidate-after").isEqualTo("new content");
	}

	@Test
	void fileReplacedByRenameWithSameSizeAndTimeIsDetectedByItsIdentity() throws IOException {
		Path file = write("page.html", "AAAA");
		FileTime time = Files.getLastModifiedTime(file);
		assertThat(body(lookup("/page.html"))).isEqualTo("AAAA");
		Path replacement = write("page.html.tmp", "BBBB");
		Files.setLastModifiedTime(replacement, time);
		Files.move(replacement, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

		ticker.advance(Duration.ofMillis(1001));
		assertThat(body(lookup("/page.html"))).isEqualTo("BBBB");
	}

	@Test
	void unchangedFileIsRevalidatedWithoutReloading() throws IOException {
		write("page.html", "same");
		FileEntry first = lookup("/page.html");
		ticker.advance(Duration.ofSeconds(5));
		FileEntry second = lookup("/page.html");

		assertThat(second).isSameAs(first);
		assertThat(cache.statistics().loadCount()).isEqualTo(1);
	}

	@Test
	void deletedFileIsNotFoundOnceTheWindowHasPassed() throws IOException {
		Path file = write("gone.html", "here");
		assertThat(lookup("/gone.html").resolution().kind()).isEqualTo(Resolution.Kind.FILE);
		Files.delete(file);
		ticker.advance(Duration.ofMillis(1001));

		assertThat(lookup("/gone.html").resolution().kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
	}

	@Test
	void fileCreatedWhereThereWasNoneIsFoundOnceTheWindowHasPassed() throws IOException {
		assertThat(lookup("/later.html").resolution().kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		write("later.html", "now here");
		ticker.advance(Duration.ofMillis(1001));

		assertThat(body(lookup("/later.html"))).isEqualTo("now here");
	}

	@Test
	void precompressedVariantsAreSeparateEntries() throws IOException {
		write("app.js", "console.log(1)");
		write("app.js.br", "BR");
		FileEntry identity = lookup("/app.js");
		FileEntry br = lookup("/app.js", ContentCoding.BR);
		FileEntry gzip = lookup("/app.js", ContentCoding.GZIP);

		assertThat(identity.variants()).isEqualTo(Set.of(ContentCoding.BR));
		assertThat(body(br)).isEqualTo("BR");
		assertThat(br.representation().contentType()).isEqualTo("text/javascript;charset=utf-8");
		assertThat(br.representation().etag()).isNotEqualTo(identity.representation().etag());
		assertThat(gzip.resolution().kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		assertThat(cache.statistics().entries()).isEqualTo(3);
	}

	@Test
	void bytesHeldStayWithinTheBudgetAfterThreeTimesItsWorthOfFiles() throws IOException {
		long budget = 256 * 1024;
		cache = cache(budget, 16 * 1024);
		for (int i = 0; i < 48; i++) {
			write("f" + i + ".bin", "x".repeat(16 * 1024));
			lookup("/f" + i + ".bin");
		}
		cache.caffeine().cleanUp();
		executor.runAll();

		CacheStatistics statistics = cache.statistics();
		assertThat(statistics.bytes()).isLessThanOrEqualTo(budget);
		assertThat(statistics.evictions()).isPositive();
		assertThat(statistics.evictedBytes()).isGreaterThanOrEqualTo(statistics.evictions() * 16 * 1024);
	}

	@Test
	void everyCounterIsReadFromCaffeinesOwnStatistics() throws IOException {
		cache = cache(64 * 1024, 16 * 1024);
		for (int i = 0; i < 12; i++) {
			write("f" + i + ".bin", "x".repeat(16 * 1024));
			lookup("/f" + i + ".bin");
			lookup("/f" + i + ".bin");
		}
		FileEntry peeked = cache.peekNow(key("/f11.bin"));
		cache.countHits(peeked == null ? 0 : 1);
		cache.caffeine().cleanUp();
		executor.runAll();

		CacheStatistics statistics = cache.statistics();
		CacheStats caffeine = cache.caffeine().stats();
		assertThat(statistics.hits()).isEqualTo(caffeine.hitCount()).isPositive();
		assertThat(statistics.misses()).isEqualTo(caffeine.missCount()).isGreaterThanOrEqualTo(12);
		assertThat(statistics.loadCount()).isEqualTo(caffeine.loadCount());
		assertThat(statistics.evictions()).isEqualTo(caffeine.evictionCount()).isPositive();
		assertThat(statistics.evictedBytes()).isEqualTo(caffeine.evictionWeight());
	}

	@Test
	void evictByPathDropsEveryCodingOfThatPath() throws IOException {
		write("a.css", "a");
		write("a.css.gz", "gz");
		lookup("/a.css");
		lookup("/a.css", ContentCoding.GZIP);
		write("b.css", "b");
		lookup("/b.css");

		assertThat(cache.evict("/a.css")).isEqualTo(2);
		assertThat(cache.largest(20)).extracting(CachedFileInfo::path).containsExactly("/b.css");
	}

	private FileEntry lookup(String path) {
		return lookup(path, ContentCoding.IDENTITY);
	}

	private FileEntry lookup(String path, ContentCoding coding) {
		Mono<FileEntry> mono = cache.lookup(new FileKey(root, RequestPath.parse(path), coding));
		List<FileEntry> result = new ArrayList<>();
		mono.subscribe(result::add);
		executor.runAll();
		assertThat(result).as("lookup of %s completed", path).hasSize(1);
		return result.get(0);
	}

	private FileKey key(String path) {
		return new FileKey(root, RequestPath.parse(path), ContentCoding.IDENTITY);
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(root.resolve(name), content);
	}

	private static String body(FileEntry entry) {
		return StandardCharsets.UTF_8.decode(entry.representation().body().duplicate()).toString();
	}

	static final class FakeTicker implements Ticker {

		private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

		@Override
		public long read() {
			return nanos.get();
		}

		void advance(Duration duration) {
			nanos.addAndGet(duration.toNanos());
		}

	}

	static final class ManualExecutor implements Executor {

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		@Override
		public void execute(Runnable command) {
			tasks.add(command);
		}

		void runAll() {
			Runnable task;
			while ((task = tasks.poll()) != null) {
				task.run();
			}
		}

	}

}
