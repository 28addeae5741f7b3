package dev.staticflux.http;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.cache.FileCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file engine's behaviour with the cache off ({@code staticflux.cache.max-size=0}):
 * every request resolves and reads from disk, on the file-I/O threads.
 */
@TestPropertySource(properties = "staticflux.cache.max-size=0")
class UncachedFileEngineIntegrationTests extends FileEngineContract {

	@Autowired
	FileCache fileCache;

	@Test
	void neverFillsTheFileCache() throws Exception {
		get("/text.txt");
		get("/text.txt");

		assertThat(fileCache.statistics().entries()).isZero();
		assertThat(fileCache.statistics().hits() + fileCache.statistics().misses()).isZero();
	}

	@Nested
	class GetAndHead extends GetAndHeadTests {

	}

	@Nested
	class Methods extends MethodTests {

	}

	@Nested
	class ContentTypes extends ContentTypeTests {

	}

	@Nested
	class Directories extends DirectoryTests {

	}

	@Nested
	class Validators extends ValidatorTests {

	}

	@Nested
	class Ranges extends RangeTests {

	}

	@Nested
	class Precompressed extends PrecompressedTests {

	}

	@Nested
	class CacheControl extends CacheControlTests {

	}

	@Nested
	class Errors extends ErrorTests {

	}

	@Nested
	class LargeFiles extends LargeFileTests {

	}

}
