package dev.staticflux.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.staticflux.compression.Codecs;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.compression.Compressor;
import dev.staticflux.files.CacheControlRules;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.FileResolver;
import dev.staticflux.files.MediaTypes;
import dev.staticflux.files.RequestPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a load reads into memory: the cache's bodies, and with the cache off the small
 * bodies read for one response.
 */
class EntryLoaderTests {

	@TempDir
	Path root;

	private EntryLoader loader(long maxFileSize) {
		return new EntryLoader(new FileResolver(List.of("index.html"), false, false), new CacheControlRules(List.of()),
				MediaTypes.builtIn(), List.of(ContentCoding.GZIP), maxFileSize, Ticker.systemTicker(),
				CompressionPolicy.OFF, new Compressor(Codecs.load(List.of(), Map.of())));
	}

	private FileKey key(String path) {
		return new FileKey(root, RequestPath.parse(path), ContentCoding.IDENTITY);
	}

	@Test
	void oneResponseLoadReadsASmallFileIntoAHeapBufferWithItsHeaders() throws IOException {
		Files.writeString(root.resolve("small.html"), "<p>hello</p>");

		FileEntry entry = loader(1024 * 1024).loadForOneResponse(key("/small.html"));

		ByteBuffer body = entry.existingRepresentation().body();
		assertThat(body).isNotNull();
		assertThat(body.isDirect()).as("a body for one response is not kept: heap, not native memory").isFalse();
		assertThat(StandardCharsets.UTF_8.decode(body.duplicate()).toString()).isEqualTo("<p>hello</p>");
		assertThat(entry.existingRepresentation().length()).isEqualTo(12);
	}

	@Test
	void oneResponseLoadLeavesAFileAboveTheOneResponseLimitOnDisk() throws IOException {
		Files.write(root.resolve("big.bin"), new byte[EntryLoader.ONE_RESPONSE_BODY_SIZE + 1]);
		Files.write(root.resolve("limit.bin"), new byte[EntryLoader.ONE_RESPONSE_BODY_SIZE]);

		assertThat(loader(1024 * 1024).loadForOneResponse(key("/big.bin")).existingRepresentation().body()).isNull();
		assertThat(loader(1024 * 1024).loadForOneResponse(key("/limit.bin")).existingRepresentation().body())
			.isNotNull();
	}

	@Test
	void oneResponseLoadLeavesAFileAboveMaxFileSizeOnDisk() throws IOException {
		Files.write(root.resolve("file.bin"), new byte[200]);

		assertThat(loader(100).loadForOneResponse(key("/file.bin")).existingRepresentation().body()).isNull();
	}

	@Test
	void cacheLoadReadsIntoADirectBufferAndMetadataLoadReadsNothing() throws IOException {
		Files.writeString(root.resolve("page.html"), "page");

		ByteBuffer cached = loader(1024 * 1024).load(key("/page.html"), true).existingRepresentation().body();
		assertThat(cached).isNotNull();
		assertThat(cached.isDirect()).isTrue();
		assertThat(loader(1024 * 1024).load(key("/page.html"), false).existingRepresentation().body()).isNull();
	}

}
