package dev.staticflux.ship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A small site (a text file and a file too large for the cache) in a directory the test owns,
 * with the access log beside it, so a test never reads {@code ./www} or writes into the repository.
 */
final class TestSite {

	static final String FILE = "hello.txt";

	static final String CONTENT = "hello from staticflux\n";

	/** Larger than the default {@code staticflux.cache.max-file-size}: sent from disk, not from the cache. */
	static final String LARGE_FILE = "large.bin";

	static final byte[] LARGE_CONTENT = largeContent();

	private TestSite() {
	}

	static void register(Path directory, DynamicPropertyRegistry registry) throws IOException {
		Path root = Files.createDirectories(directory.resolve("www"));
		Files.writeString(root.resolve(FILE), CONTENT);
		Files.write(root.resolve(LARGE_FILE), LARGE_CONTENT);
		registry.add("staticflux.root", root::toString);
		registry.add("staticflux.access-log.file", () -> directory.resolve("logs/access.log").toString());
		registry.add("management.server.port", () -> "0");
	}

	private static byte[] largeContent() {
		byte[] content = new byte[3 * 1024 * 1024 + 17];
		new Random(9).nextBytes(content);
		return content;
	}

}
