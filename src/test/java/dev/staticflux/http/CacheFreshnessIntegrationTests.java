package dev.staticflux.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file changed on disk is never served stale once {@code revalidate-after} has passed
 * (0 here, so at once): new content, a replaced file with the same size and time, a
 * deleted file, a new precompressed variant.
 */
@TestPropertySource(properties = "staticflux.cache.revalidate-after=0")
class CacheFreshnessIntegrationTests extends FileEngineContract {

	@Test
	void changedContentIsServed() throws Exception {
		Path file = TestSite.write(root.resolve("changing.txt"), "version one");
		assertThat(text(get("/changing.txt"))).isEqualTo("version one");

		TestSite.write(file, "version two, longer");

		assertThat(text(get("/changing.txt"))).isEqualTo("version two, longer");
	}

	@Test
	void fileReplacedWithSameSizeAndTimeIsServedAnew() throws Exception {
		Path file = TestSite.write(root.resolve("replaced.txt"), "AAAA");
		FileTime time = Files.getLastModifiedTime(file);
		assertThat(text(get("/replaced.txt"))).isEqualTo("AAAA");

		Path next = TestSite.write(base.resolve("replaced.tmp"), "BBBB");
		Files.setLastModifiedTime(next, time);
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

		assertThat(text(get("/replaced.txt"))).isEqualTo("BBBB");
	}

	@Test
	void deletedFileIsNotFound() throws Exception {
		Path file = TestSite.write(root.resolve("deleted.txt"), "here");
		assertThat(get("/deleted.txt").statusCode()).isEqualTo(200);

		Files.delete(file);

		assertThat(get("/deleted.txt").statusCode()).isEqualTo(404);
	}

	@Test
	void newPrecompressedVariantIsNegotiated() throws Exception {
		TestSite.write(root.resolve("late.js"), "plain");
		assertThat(header(get("/late.js", "Accept-Encoding", "gzip"), "Content-Encoding")).isNull();

		TestSite.write(root.resolve("late.js.gz"), "zipped");

		assertThat(text(get("/late.js", "Accept-Encoding", "gzip"))).isEqualTo("zipped");
	}

}
