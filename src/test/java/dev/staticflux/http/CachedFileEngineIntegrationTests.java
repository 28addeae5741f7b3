package dev.staticflux.http;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.staticflux.cache.FileCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file engine's behaviour with the in-memory cache on (the default): small files are
 * answered from memory on the event loop, large ones from disk.
 */
class CachedFileEngineIntegrationTests extends FileEngineContract {

	@Autowired
	FileCache fileCache;

	@Test
	void answersFromTheFileCache() throws Exception {
		get("/text.txt");
		get("/text.txt");

		assertThat(fileCache.statistics().hits()).isPositive();
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
