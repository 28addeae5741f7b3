package dev.staticflux.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import dev.staticflux.cache.FileCache;
import dev.staticflux.cache.TestFileCaches;
import dev.staticflux.cache.FileKey;
import dev.staticflux.compression.Codecs;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.compression.Compressor;
import dev.staticflux.compression.Decoding;
import dev.staticflux.config.StaticFluxProperties.VirtualHost;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.HostRoots;
import dev.staticflux.rules.ServerHeader;
import dev.staticflux.rules.SiteRulesByHost;
import dev.staticflux.files.RequestPath;

import static dev.staticflux.engine.TestRequests.get;
import static dev.staticflux.engine.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The decision core on its own: which decisions it takes, without any server. */
class FileEngineTests {

	@TempDir
	Path root;

	@TempDir
	Path otherRoot;

	private FileCache cache;

	private FileEngine engine;

	@BeforeEach
	void engine() throws IOException {
		Files.writeString(root.resolve("small.txt"), "small");
		Files.writeString(root.resolve("big.txt"), "b".repeat(4096));
		Files.writeString(otherRoot.resolve("small.txt"), "other host's");
		cache = TestFileCaches.synchronous(1024, false);
		engine = new FileEngine(
				new FileEngine.EngineSettings(false, false, List.of(ContentCoding.BR, ContentCoding.GZIP),
						CompressionPolicy.OFF),
				new HostRoots(root, List.of(new VirtualHost("other.test", otherRoot))), cache,
				new CommonHeaders(Clock.systemUTC(), ServerHeader.of(null)), SiteRulesByHost.none(root));
	}

	@Test
	void aFreshHitIsDecidedAtOnceAndItsHitCountsOnlyWhenTheReplyIsSent() {
		Decision first = engine.decide(get("/small.txt"));
		assertThat(first).isInstanceOf(Decision.Lookup.class);
		Decision.Respond loaded = (Decision.Respond) performLookups(first);
		assertThat(body(engine.sending(loaded))).isEqualTo("small");
		long hits = cache.statistics().hits();

		Decision again = engine.decide(get("/small.txt"));

		assertThat(again).isInstanceOf(Decision.Respond.class);
		assertThat(cache.statistics().hits()).as("not sent yet").isEqualTo(hits);
		Reply reply = engine.sending((Decision.Respond) again);
		assertThat(cache.statistics().hits()).isEqualTo(hits + 1);
		assertThat(reply.status()).isEqualTo(HttpStatus.OK);
		assertThat(headers(reply)).containsEntry("Content-Length", "5").containsKeys("Date", "ETag", "Last-Modified");
	}

	@Test
	void aBodyOnDiskIsSentFromTheFileTheAdapterOpened() {
		Decision open = performLookups(engine.decide(get("/big.txt")));

		assertThat(open).isInstanceOf(Decision.Open.class);
		Reply reply = ((Decision.Respond) ((Decision.Open) open).opened().get()).reply();
		assertThat(reply.body()).isEqualTo(new Reply.FileRange(0, 4096));
		assertThat(reply.readsFile()).isTrue();
	}

	@Test
	void aFileFoundChangedFourTimesInARowAnswers503WithRetryAfter() {
		Decision decision = performLookups(engine.decide(get("/big.txt")));
		int opens = 0;
		while (decision instanceof Decision.Open open) {
			opens++;
			decision = performLookups(open.changed().get());
		}

		assertThat(opens).isEqualTo(4);
		Reply reply = ((Decision.Respond) decision).reply();
		assertThat(reply.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(headers(reply)).containsEntry("Retry-After", "1");
	}

	@Test
	void optionsAndHeadOfAHitNeedNoIo() {
		Decision options = engine.decide(request("OPTIONS", "/small.txt", null));
		performLookups(engine.decide(get("/small.txt")));
		Decision head = engine.decide(request("HEAD", "/small.txt", null));

		assertThat(options).isInstanceOf(Decision.Respond.class);
		assertThat(headers(((Decision.Respond) options).reply())).containsEntry("Allow", "GET, HEAD, OPTIONS");
		assertThat(head).isInstanceOf(Decision.Respond.class);
		assertThat(((Decision.Respond) head).reply().body()).isEqualTo(Reply.Empty.INSTANCE);
	}

	@Test
	void theAuthorityOfAnAbsoluteFormTargetChoosesTheHostOverTheHostField() {
		Decision decision = engine.decide(request("GET", "http://other.test/small.txt", "localhost"));

		assertThat(((Decision.Lookup) decision).key().root()).isEqualTo(otherRoot.toAbsolutePath().normalize());
		assertThat(body(((Decision.Respond) performLookups(decision)).reply())).isEqualTo("other host's");
	}

	@Test
	void aBadPathIsAnErrorPageBeforeAnyFileLookup() {
		Decision decision = engine.decide(get("/%2e%2e/etc/passwd"));

		assertThat(((Decision.Lookup) decision).key().path().relative()).isEqualTo("errors/400.html");
		assertThat(((Decision.Respond) performLookups(decision)).reply().status()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	/**
	 * Compression on the fly, as the core decides it: the coding, its entry, and the
	 * rules around it.
	 */
	@Nested
	class CompressionOnTheFly {

		private final String script = "export const greet = (name) => `Hello, ${name}!`;\n".repeat(200);

		private final Compressor compressor = new Compressor(Codecs.load(
				List.of(ContentCoding.ZSTD, ContentCoding.GZIP), Map.of(ContentCoding.ZSTD, 3, ContentCoding.GZIP, 6)));

		@BeforeEach
		void compressingEngine() throws IOException {
			Files.writeString(root.resolve("app.js"), script);
			cache = TestFileCaches.synchronous(64 * 1024, false, new CompressionPolicy(
					List.of(ContentCoding.ZSTD, ContentCoding.GZIP), List.of("text/*"), 1024, 64 * 1024), compressor);
			engine = new FileEngine(
					new FileEngine.EngineSettings(false, false, List.of(ContentCoding.BR, ContentCoding.GZIP),
							new CompressionPolicy(List.of(ContentCoding.ZSTD, ContentCoding.GZIP), List.of("text/*"),
									1024, 64 * 1024)),
					new HostRoots(root, List.of()), cache, new CommonHeaders(Clock.systemUTC(), ServerHeader.of(null)),
					SiteRulesByHost.none(root));
		}

		@Test
		void aCodingNotInMemoryYetIsLookedUpAndThenAnsweredAtOnce() throws IOException {
			Decision first = performLookups(engine.decide(get("/app.js")));
			Decision coded = engine.decide(get("/app.js", "Accept-Encoding", "gzip, zstd"));

			assertThat(coded).as("the identity entry is in memory, the zstd one is not")
				.isInstanceOf(Decision.Lookup.class);
			assertThat(((Decision.Lookup) coded).key().coding()).isEqualTo(ContentCoding.ZSTD);
			Reply reply = ((Decision.Respond) performLookups(coded)).reply();
			assertThat(headers(reply)).containsEntry("Content-Encoding", "zstd")
				.containsEntry("Vary", "Accept-Encoding");
			assertThat(Decoding.decode(ContentCoding.ZSTD, ((Reply.Memory) reply.body()).buffer()))
				.isEqualTo(script.getBytes(StandardCharsets.UTF_8));
			assertThat(engine.decide(get("/app.js", "Accept-Encoding", "zstd"))).isInstanceOf(Decision.Respond.class);
			assertThat(headers(((Decision.Respond) first).reply())).containsEntry("Vary", "Accept-Encoding");
		}

		@Test
		void aCodedEntryOfAnotherVersionThanTheOriginalsIsLookedUpAgainFromTheDisk() throws IOException {
			performLookups(engine.decide(get("/app.js")));
			performLookups(engine.decide(get("/app.js", "Accept-Encoding", "zstd")));
			String changed = script.replace("Hello", "Hi");
			Files.writeString(root.resolve("app.js"), changed);
			Files.setLastModifiedTime(root.resolve("app.js"), FileTime.fromMillis(System.currentTimeMillis() + 10_000));
			cache
				.reload(new FileKey(root.toAbsolutePath().normalize(), RequestPath.parse("/app.js"),
						ContentCoding.IDENTITY))
				.block();

			Decision decision = engine.decide(get("/app.js", "Accept-Encoding", "zstd"));

			assertThat(decision).isInstanceOf(Decision.Lookup.class);
			assertThat(((Decision.Lookup) decision).reload()).isTrue();
			Reply reply = ((Decision.Respond) performLookups(decision)).reply();
			assertThat(Decoding.decode(ContentCoding.ZSTD, ((Reply.Memory) reply.body()).buffer()))
				.isEqualTo(changed.getBytes(StandardCharsets.UTF_8));
			assertThat(compressor.statistics().compressed()).isEqualTo(2);
		}

		@Test
		void aClientThatRefusesEveryCodingGetsTheOriginalWithVary() {
			performLookups(engine.decide(get("/app.js")));

			Decision decision = engine.decide(get("/app.js", "Accept-Encoding", "zstd;q=0, gzip;q=0"));

			Reply reply = ((Decision.Respond) decision).reply();
			assertThat(headers(reply)).doesNotContainKey("Content-Encoding").containsEntry("Vary", "Accept-Encoding");
			assertThat(body(reply)).isEqualTo(script);
			assertThat(compressor.statistics().compressed()).isZero();
		}

	}

	/**
	 * Performs lookups, the way an adapter would, until the decision is something else.
	 */
	private Decision performLookups(Decision decision) {
		while (decision instanceof Decision.Lookup lookup) {
			decision = lookup.then()
				.apply(lookup.reload() ? cache.reload(lookup.key()).block() : cache.lookup(lookup.key()).block());
		}
		return decision;
	}

	private static String body(Reply reply) {
		return StandardCharsets.UTF_8.decode(((Reply.Memory) reply.body()).buffer().duplicate()).toString();
	}

	private static Map<String, String> headers(Reply reply) {
		Map<String, String> headers = new TreeMap<>();
		for (int i = 0; i < reply.headerList().size(); i += 2) {
			headers.put(reply.headerList().get(i), reply.headerList().get(i + 1));
		}
		return headers;
	}

}
